"""Security patrols of one site: rounds of each route fall due on its schedule (every ``every_h``
inside each window); a round still waiting when the next one is due is missed. A round is a
task of one leg per checkpoint, preemptible: an incident takes the nearest guard off the round,
who resumes it afterwards from the checkpoint where they stopped. Each checkpoint visit is
recorded (for the gap between visits), and a visit may find a fault that opens a work order."""

from __future__ import annotations

import math

from sim.field.geometry import Zone
from sim.field.team import ROUTINE, Leg, Task, Team
from sim.scenario.field import PatrolRoute
from sim.scenario.roster import _clock_minutes
from sim.units import DAY_S, HOUR_S, MINUTE_S


class Patrols:
    """The patrol routes of one site (a part of ``SiteField``)."""

    def __init__(self, site):
        self.site = site

    def route_points(self, route: PatrolRoute, zone: Zone | None) -> list[tuple[float, float]]:
        """Checkpoints evenly spaced on a loop inset a fifth of the way into the area."""
        area = zone or self.site.geometry.whole_site()
        w, h = area.x1 - area.x0, area.y1 - area.y0
        x0, y0, x1, y1 = area.x0 + 0.2 * w, area.y0 + 0.2 * h, area.x1 - 0.2 * w, area.y1 - 0.2 * h
        perimeter = 2 * ((x1 - x0) + (y1 - y0))
        points = []
        for k in range(route.checkpoints):
            d = perimeter * k / route.checkpoints
            for (ax, ay), (bx, by) in (((x0, y0), (x1, y0)), ((x1, y0), (x1, y1)), ((x1, y1), (x0, y1)), ((x0, y1), (x0, y0))):
                length = abs(bx - ax) + abs(by - ay)
                if d <= length:
                    f = d / length if length else 0
                    points.append((ax + (bx - ax) * f, ay + (by - ay) * f))
                    break
                d -= length
        return points

    def start(self) -> None:
        site = self.site
        for route_name, route in site.ops.patrols.items():
            team_cfg = site.ops.teams.get(route.team)
            if team_cfg is None or team_cfg.role == "post":  # rejected at load; skipped if built by hand
                continue
            if team_cfg.role == "butler":
                targets = [(f"{route_name}:{zone.name}", team, zone)
                           for team, zone in zip(site.zone_teams[route.team], site.geometry.zones)]
            else:
                targets = [(route_name, site.teams[route.team], None)]
            for label, team, zone in targets:
                points = self.route_points(route, zone)
                site.checkpoint_visits[label] = [[] for _ in points]
                site.patrol_required[label] = 0
                site.patrol_missed[label] = 0
                pending: list[Task | None] = [None]
                for due in self.round_times(route):
                    if due >= site.warmup_s:
                        site.patrol_required[label] += 1
                    site.at(due, lambda label=label, team=team, points=points, route=route, pending=pending, due=due:
                            self._round_due(label, team, points, route, pending, due))

    def round_times(self, route: PatrolRoute) -> list[float]:
        """The times (s) at which the route's rounds fall due inside the horizon."""
        horizon_s = self.site.horizon_s
        times = set()
        for day in range(-1, math.ceil(horizon_s / DAY_S)):
            for window in route.schedule:
                start = _clock_minutes(window.start) * MINUTE_S
                end = _clock_minutes(window.end) * MINUTE_S if window.end != "24:00" else DAY_S
                if end <= start:
                    end += DAY_S
                t = day * DAY_S + start
                while t < day * DAY_S + end - 1e-9:
                    if 0 <= t < horizon_s:
                        times.add(round(t, 6))
                    t += window.every_h * HOUR_S
        return sorted(times)

    def _round_due(self, label, team: Team, points, route, pending, due) -> None:
        site = self.site
        previous = pending[0]
        if previous is not None and previous in team.queue:
            team.queue.remove(previous)                     # never started: missed
            previous.meta["missed"] = True
            if previous.created_s >= site.warmup_s:
                site.patrol_missed[label] += 1
            if site.stream is not None:
                site.final(previous)
        legs = [Leg(p, site.draw(route.check_s, f"check:{label}"), f"checkpoint {k}") for k, p in enumerate(points)]
        task = site.record(Task(kind="patrol_round", label=label, priority=ROUTINE, legs=legs, created_s=due,
                                duty="patrol", preemptible=True))
        visits = site.checkpoint_visits[label]
        find_faults = site.work_orders.fault_finder("patrol_fault")

        def on_leg(t: Task, k: int) -> None:
            visits[k].append(site.env.now)
            find_faults(t, k)
        task.on_leg = on_leg
        pending[0] = task
        team.submit(task)
