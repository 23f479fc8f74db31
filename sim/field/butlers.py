"""Butlers (管家) of one site: one team per zone (片区) does the daily zone inspection (faults found
open work orders), household visits (走访) against the monthly quota in visit hours (a share
finds nobody home, as does a visit reached outside the visit hours: a revisit the next day, up
to ``visit_attempts``; only visits that found someone count; visits not begun when the visit
hours end wait for the next day's), walk-ins at the zone's service point, complaint follow-ups after a handled complaint call and, when the
scenario gives them, return visits (回访) after closed work orders."""

from __future__ import annotations

import math

import numpy as np

from sim.field.team import PLANNED, ROUTINE, URGENT, Leg, Task
from sim.scenario.roster import _clock_minutes
from sim.units import DAY_S, HOUR_S, MINUTE_S, MONTH_S


class Butlers:
    """The butlers' duties of one site (a part of ``SiteField``)."""

    def __init__(self, site):
        self.site = site

    def task(self, team_name: str, zone: int, duty: str, priority: int, work_s: float, where,
             deadline_s: float = math.inf, legs=None, on_done=None) -> Task | None:
        """Give the butler team of ``zone`` a task now (None: the scenario has no such team)."""
        site = self.site
        teams = site.zone_teams.get(team_name)
        if not teams:
            return None
        task = site.record(Task(kind=f"butler.{duty}", label=duty, priority=priority,
                                legs=legs or [Leg(where, work_s, duty)], created_s=site.env.now, duty=duty,
                                preemptible=priority >= ROUTINE, on_done=on_done))
        task.meta["deadline_s"] = deadline_s
        task.meta["zone"] = zone
        teams[zone].submit(task)
        return task

    def hook_follow_ups(self) -> None:
        """A follow-up visit by the zone's butler after each handled call of the complaint type."""
        site = self.site
        butlers = site.ops.butlers
        if butlers is None or not butlers.complaint_follow_up or butlers.complaint_follow_up not in site.scenario.demand.calls:
            return

        def follow_up(contact):
            if contact.site != site.site_index:
                return
            where = site.random_point("follow_up_location")
            self.task(butlers.team, site.zone_of(where), "follow_up", URGENT,
                      site.draw(butlers.follow_up_min, "follow_up", MINUTE_S), where,
                      deadline_s=site.env.now + butlers.follow_up_deadline_h * HOUR_S)
        site.centre.on_handled(f"calls.{butlers.complaint_follow_up}", follow_up)

    def _visit(self, b, zone: int, where, attempt: int = 1) -> None:
        """A household visit (走访): nobody home with chance ``not_home_share`` (drawn now, from its
        own stream), or when the butler arrives outside the visit hours; then a revisit the next
        day at the start of the visit hours, up to ``visit_attempts``."""
        site = self.site
        home = site.rng("visit_home").random() >= b.not_home_share
        work_s = site.draw(b.visit_min, "visit", MINUTE_S) if home else site.draw(b.not_home_min, "not_home", MINUTE_S)

        def done(task: Task) -> None:
            hour_s = task.on_site_s % DAY_S
            a, z = self._visit_from_s, self._visit_to_s
            in_hours = a <= hour_s < z if a < z else (hour_s >= a or hour_s < z)  # hours may wrap midnight
            task.meta["not_home"] = not (home and in_hours)
            if task.meta["not_home"] and attempt < b.visit_attempts:
                day = math.floor(site.env.now / DAY_S) + 1
                if day * DAY_S + self._visit_from_s >= site.horizon_s:
                    task.meta["revisit_after_horizon"] = True  # censored: its household may yet be reached
                site.at(day * DAY_S + self._visit_from_s, lambda: self._visit(b, zone, where, attempt + 1))
            if site.stream is not None:
                site.final(task)
        task = self.task(b.team, zone, "visit", PLANNED, work_s, where, on_done=done)
        if task is not None:
            task.meta["attempt"] = attempt

    def _hold_visits(self, b, zone: int, end_s: float) -> None:
        """The visit hours are over: visits not yet begun wait for the next day's (residents are
        out); they are not attempts."""
        team = self.site.zone_teams[b.team][zone]
        held = [t for t in team.queue if t.kind == "butler.visit"]
        if not held:
            return
        team.queue = [t for t in team.queue if t.kind != "butler.visit"]
        again = end_s - self._visit_to_s + DAY_S + self._visit_from_s if self._visit_to_s > self._visit_from_s \
            else end_s - self._visit_to_s + self._visit_from_s
        self.site.at(again, lambda: [team.submit(t) for t in held])

    def _inspection(self, b, zone: int, stops) -> None:
        """The daily zone inspection: a round of the zone's stops; faults found open work orders."""
        site = self.site
        legs = [Leg(p, site.draw(b.inspection_check_min, "inspection_check", MINUTE_S), "inspection") for p in stops]
        task = self.task(b.team, zone, "inspection", ROUTINE, 0.0, None, legs=legs)
        if task is not None:
            task.on_leg = site.work_orders.fault_finder("inspection_fault")

    def start(self) -> None:
        site = self.site
        b = site.ops.butlers
        if b is None or b.team not in site.zone_teams:
            return
        days = math.ceil(site.horizon_s / DAY_S)
        inspect_at = _clock_minutes(b.inspection_start) * MINUTE_S
        visit_at = _clock_minutes(b.visit_hours[0]) * MINUTE_S
        self._visit_from_s = visit_at
        self._visit_to_s = (1440 if b.visit_hours[1] == "24:00" else _clock_minutes(b.visit_hours[1])) * MINUTE_S
        for zone_index, zone in enumerate(site.geometry.zones):
            stops = zone.random_points(site.rng(f"inspection_points:{zone.name}"), b.inspection_checkpoints)
            angle = np.arctan2(stops[:, 1] - zone.centre[1], stops[:, 0] - zone.centre[0])
            stops = [tuple(map(float, p)) for p in stops[np.argsort(angle)]]
            households = site.zone_households[zone_index]
            visits_per_day = households * b.visits_per_household_per_month / (MONTH_S / DAY_S)
            carry = 0.0
            for day in range(days):
                if day * DAY_S + inspect_at >= site.warmup_s and day * DAY_S + inspect_at < site.horizon_s:
                    site.inspections_required += 1
                site.at(day * DAY_S + inspect_at, lambda z=zone_index, stops=stops: self._inspection(b, z, stops))
                # Whole visits fall due each day, the fractions carried to the next: the quota is
                # the visits that fell due (a fraction of a visit not yet due is owed to no one).
                carry += visits_per_day
                n = int(carry)
                carry -= n

                def visits(z=zone_index, n=n):
                    for _ in range(n):
                        self._visit(b, z, site.random_point("visit_location", z))
                if site.warmup_s <= day * DAY_S + visit_at < site.horizon_s:
                    site.visit_quota += n
                site.at(day * DAY_S + visit_at, visits)
                end = day * DAY_S + self._visit_to_s + (DAY_S if self._visit_to_s <= visit_at else 0.0)
                site.at(end, lambda z=zone_index, end=end: self._hold_visits(b, z, end))
            rate = households * b.walk_ins_per_household_per_month / MONTH_S
            if rate * site.horizon_s > 1e-9:  # a rate that rounds to nothing would overflow 1/rate
                rng = site.rng(f"walk_ins:{zone.name}")
                t = float(rng.exponential(1 / rate))
                while t < site.horizon_s:
                    site.at(t, lambda z=zone_index, zone=zone: self.task(
                        b.team, z, "walk_in", URGENT, site.draw(b.walk_in_min, "walk_in", MINUTE_S), zone.centre))
                    t += float(rng.exponential(1 / rate))
