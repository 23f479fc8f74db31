"""Field operations of one site: its teams and every source of their work.

* **Work orders** (工单) open when the contact centre handles a call of a type listed in
  ``field.work_orders.from_calls``, when equipment fails, on the planned-maintenance calendar,
  for weekly vacant-unit checks, and when a patrol finds a fault. After ``dispatch_delay_min``
  they go to the first technician team with the needed trade. A share waits for parts (the
  technician leaves and comes back for a second visit); a share is not fixed and comes back as
  a rework order days later. When a work order opened by a call closes, the resident is owed a
  return visit (回访): the contact centre's, or the zone butler's (``return_visits_by``).
* **Equipment** units alternate between working (exponential time to failure) and down (from
  the failure until its work order closes); a contractor repairs what has no trade (lifts).
* **Patrols**: rounds of a route fall due on its schedule; a round still waiting when the next
  one is due is missed. Rounds are preemptible: an incident takes the nearest guard off the
  round, which the guard resumes afterwards from the checkpoint where it stopped.
* **Incidents** (disputes, lift entrapments, alarms verified from the remote operations) are
  emergencies for the guards; the response time runs to the guard's arrival.
* **Butlers** (管家): one team per zone does the daily zone inspection, household visits against
  the monthly quota, walk-ins at the zone's service point, complaint follow-ups and, when the
  scenario gives them, return visits.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from sim.field.geometry import SiteGeometry, Travel, Zone, square_site
from sim.field.schema import FieldOps, PatrolRoute
from sim.field.team import PLANNED, PRIORITY_INDEX, ROUTINE, URGENT, Leg, Task, Team
from sim.rng import stream_rng
from sim.roster import shift_instances
from sim.schema import Scenario, Site
from sim.schema_roster import _clock_minutes
from sim.units import DAY_S, HOUR_S, MINUTE_S, MONTH_S

YEAR_S = 365.2425 * DAY_S


@dataclass
class FieldLog:
    """What one site's field operations leave behind in a replication."""

    site: str
    tasks: list[Task]
    team_time_s: dict[str, dict[str, float]]
    team_roles: dict[str, str]
    team_overtime_s: dict[str, float]
    patrol_required: dict[str, int]
    patrol_missed: dict[str, int]
    checkpoint_visits: dict[str, list[list[float]]]
    equipment_units: dict[str, float]
    equipment_down_s: dict[str, float]
    visit_quota: float
    inspections_required: int
    backlog_end_of_day: list[int] = field(default_factory=list)
    #: Streaming mode (sim.streaming.FieldStream): the tally of every task of the replication
    #: (all sites; every site's log shares it: sim.field.metrics.FieldTally), standing in for
    #: ``tasks``, and a fine histogram of every checkpoint gap (minutes, shared too), standing in
    #: for ``checkpoint_visits``. None in the default (exact) mode.
    tally: object = None
    checkpoint_gaps: object = None


class SiteField:
    """The field operations of one site in one replication."""

    def __init__(self, centre, site_name: str, site: Site, ops: FieldOps, scenario: Scenario, stream=None):
        self.centre = centre
        #: Streaming mode (sim.streaming.FieldStream): final tasks go there, and ``live`` holds
        #: the others (by creation number) instead of ``tasks`` holding every task.
        self.stream = stream
        self.live: dict[int, Task] = {}
        self._created = 0
        if stream is not None:
            stream.bind(self)
        self.env = centre.env
        self.site_name = site_name
        self.site_index = centre.site_names.index(site_name)
        self.site = site
        self.ops = ops
        self.scenario = scenario
        self.horizon_s = scenario.calendar.horizon_days * DAY_S
        self.warmup_s = scenario.calendar.warmup_days * DAY_S
        self._rngs: dict[str, np.random.Generator] = {}
        zone_names = [f"z{i + 1}" for i in range(site.zones)]
        self.geometry: SiteGeometry = square_site(site.land_area_m2, zone_names)
        self.zone_households = np.full(site.zones, site.households / site.zones)
        self.tasks: list[Task] = []
        self.teams: dict[str, Team] = {}
        self.team_roles: dict[str, str] = {}
        self.zone_teams: dict[str, list[Team]] = {}
        self._build_teams()
        self.patrol_required: dict[str, int] = {}
        self.patrol_missed: dict[str, int] = {}
        self.checkpoint_visits: dict[str, list[list[float]]] = {}
        self.equipment_units: dict[str, float] = {}
        self.equipment_down_s: dict[str, float] = {}
        self.visit_quota = 0.0
        self.inspections_required = 0
        self.backlog: list[int] = []
        self.open_orders = 0
        self._zone_cdf = np.cumsum(self.zone_households) / max(self.zone_households.sum(), 1e-300)

    # ------------------------------------------------------------------ helpers

    def rng(self, purpose: str) -> np.random.Generator:
        """The named random stream of this site for ``purpose``."""
        if purpose not in self._rngs:
            self._rngs[purpose] = stream_rng(self.centre.seed, self.centre.replication, f"{self.site_name}/field:{purpose}")
        return self._rngs[purpose]

    def draw(self, dist, purpose: str, scale: float = 1.0) -> float:
        return float(dist.sample(self.rng(purpose), 1)[0]) * scale

    def random_point(self, purpose: str, zone: int | None = None) -> tuple[float, float]:
        rng = self.rng(purpose)
        if zone is None:
            zone = min(int(np.searchsorted(self._zone_cdf, rng.random(), side="right")), len(self._zone_cdf) - 1)
        z = self.geometry.zones[zone]
        return (float(rng.uniform(z.x0, z.x1)), float(rng.uniform(z.y0, z.y1)))

    def zone_of(self, point: tuple[float, float]) -> int:
        for i, z in enumerate(self.geometry.zones):
            if z.x0 <= point[0] <= z.x1 and z.y0 <= point[1] <= z.y1:
                return i
        return 0

    def _travel(self, mode: str) -> Travel:
        t = self.ops.travel
        speed = t.walking_speed_m_per_s if mode == "walking" else t.cart_speed_m_per_s
        return Travel(speed, t.metric, t.circuity, t.access_s)

    def _build_teams(self) -> None:
        for name, cfg in self.ops.teams.items():
            travel = self._travel(cfg.travel_mode)
            if cfg.role == "post":
                continue
            if cfg.role == "butler":
                teams = []
                for i, zone in enumerate(self.geometry.zones):
                    team = Team(self.env, f"{name}:{zone.name}", set(cfg.skills), travel, zone.centre)
                    self.teams[team.name] = team
                    self.team_roles[team.name] = cfg.role
                    teams.append(team)
                self.zone_teams[name] = teams
            else:
                team = Team(self.env, name, set(cfg.skills), travel, self.geometry.office)
                self.teams[name] = team
                self.team_roles[name] = cfg.role

    def _schedule_rosters(self) -> None:
        for name, cfg in self.ops.teams.items():
            if cfg.role == "post":
                continue
            teams = self.zone_teams.get(name) or [self.teams[name]]
            for team in teams:
                for inst in shift_instances(name, cfg, self.scenario.calendar):
                    for person_breaks in inst.breaks:
                        start = max(inst.start_s, 0.0)
                        self.env.timeout(start).callbacks.append(
                            lambda _e, t=team, s=start, end=inst.end_s, b=person_breaks: t.start_shift(s, end, b))

    def at(self, t_s: float, action) -> None:
        """Call ``action()`` at time ``t_s`` if it lies inside the horizon."""
        if 0 <= t_s < self.horizon_s:
            self.env.timeout(t_s - self.env.now).callbacks.append(lambda _e: action())

    def record(self, task: Task) -> Task:
        task.meta.setdefault("site", self.site_name)
        if self.stream is None:
            self.tasks.append(task)
            return task
        task.meta["order"] = self._created
        self.live[self._created] = task
        self._created += 1
        if task.on_done is None:  # done is final (a work order's own on_done replaces this)
            task.on_done = self._final
        return task

    def _final(self, task: Task) -> None:
        """Streaming mode: nothing about ``task`` changes any more; hand it to the stream."""
        if self.live.pop(task.meta["order"], None) is not None:
            self.stream.final(task)

    # ------------------------------------------------------------------ start

    def start(self) -> None:
        """Schedule everything: rosters, sources of work, hooks into the contact centre."""
        self._schedule_rosters()
        self._hook_calls()
        self._start_equipment()
        self._start_planned()
        self._start_patrols()
        self._start_incidents()
        self._start_butlers()
        for day in range(1, math.ceil(self.horizon_s / DAY_S) + 1):
            self.at(day * DAY_S - 1e-6, self._count_backlog)

    def _count_backlog(self) -> None:
        self.backlog.append(self.open_orders)

    # ------------------------------------------------------------------ work orders

    def team_for_trade(self, trade: str) -> Team | None:
        for name, cfg in self.ops.teams.items():
            if cfg.role == "technician" and trade in cfg.skills:
                return self.teams[name]
        return None

    def open_work_order(self, source: str, priority: int, trade: str, work_s: float, location, *,
                        call_type: str | None = None, rework: bool = False, equipment: str | None = None,
                        on_closed=None) -> Task:
        """Create a work order now; it reaches the technicians after the dispatch delay."""
        wo = self.record(Task(kind="work_order", label=f"{source}", priority=priority,
                              legs=[Leg(location, work_s, "repair")], created_s=self.env.now,
                              duty="work_order", skill=trade, preemptible=priority == PLANNED))
        wo.meta.update(source=source, trade=trade, call_type=call_type, rework=rework, equipment=equipment,
                       visits=0, on_closed=on_closed)
        wo.on_done = self._visit_done
        self.open_orders += 1
        team = self.team_for_trade(trade)
        wo.meta["team"] = team.name if team else None
        if team is None:
            return wo
        delay = self.draw(self.ops.work_orders.dispatch_delay_min, "dispatch", MINUTE_S)
        self.env.timeout(delay).callbacks.append(lambda _e: team.submit(wo))
        return wo

    def _visit_done(self, wo: Task) -> None:
        cfg = self.ops.work_orders
        wo.meta["visits"] += 1
        if wo.meta["visits"] == 1 and wo.meta["source"] != "contractor" and self.rng("parts").random() < cfg.parts_wait.share:
            # Parts needed: the order stays open; a second visit after the wait.
            wo.meta["parts_wait"] = True
            wo.done_s = math.nan
            wo.legs.append(Leg(wo.legs[0].location, self.draw(cfg.parts_wait.second_visit_min, "parts_visit", MINUTE_S), "second visit"))
            team = self.teams[wo.meta["team"]]
            delay = self.draw(cfg.parts_wait.delay_h, "parts_delay", HOUR_S)
            self.env.timeout(delay).callbacks.append(lambda _e: team.submit(wo))
            return
        self._close(wo)

    def _close(self, wo: Task) -> None:
        cfg = self.ops.work_orders
        self.open_orders -= 1
        if wo.meta.get("on_closed"):
            wo.meta["on_closed"](wo)
        if wo.meta["call_type"] is not None:
            self._owe_return_visit(wo)
        if not wo.meta["rework"] and self.rng("rework").random() < cfg.rework.share:
            wo.meta["reworked"] = True
            delay = self.draw(cfg.rework.delay_days, "rework_delay", DAY_S)
            self.env.timeout(delay).callbacks.append(lambda _e: self.open_work_order(
                wo.meta["source"], wo.priority, wo.meta["trade"], self.draw(self._work_time(wo), "rework_work", MINUTE_S),
                wo.legs[0].location, call_type=None, rework=True))
        if self.stream is not None:
            self._final(wo)

    def _work_time(self, wo: Task):
        call_type = wo.meta.get("call_type")
        if call_type and call_type in self.ops.work_orders.from_calls:
            return self.ops.work_orders.from_calls[call_type].work_time_min
        return self.ops.work_orders.patrol_fault_work_min

    def _owe_return_visit(self, wo: Task) -> None:
        butlers = self.ops.butlers
        call_type = wo.meta["call_type"]
        spec = self.scenario.demand.calls[call_type].return_visit
        if spec is None or self.rng("return_share").random() >= spec.share:
            return
        if butlers is not None and butlers.return_visits_by == "butlers":
            zone = self.zone_of(wo.legs[0].location)
            self._butler_task(butlers.team, zone, "return_visit", URGENT, self.draw(spec.handle_time_s, "rv_handle"),
                              wo.legs[0].location, deadline_s=self.env.now + spec.deadline_h * HOUR_S)
        else:
            self.centre.add_return_visit(self.site_index, call_type, self.draw(spec.handle_time_s, "rv_handle"),
                                         spec.deadline_h * HOUR_S)

    def _hook_calls(self) -> None:
        wo_cfg = self.ops.work_orders
        for call_type, spec in wo_cfg.from_calls.items():
            def opened(contact, call_type=call_type, spec=spec):
                if contact.site != self.site_index or self.rng("call_wo").random() >= spec.share:
                    return
                trades = spec.trades
                u = self.rng("call_trade").random()
                trade = "electrical" if u < trades.electrical else "plumbing" if u < trades.electrical + trades.plumbing else "general"
                self.open_work_order(f"call.{call_type}", PRIORITY_INDEX[spec.priority], trade,
                                     self.draw(spec.work_time_min, "call_work", MINUTE_S), self.random_point("call_location"),
                                     call_type=call_type)
            self.centre.on_handled(f"calls.{call_type}", opened)
        butlers = self.ops.butlers
        if butlers is not None and butlers.complaint_follow_up and butlers.complaint_follow_up in self.scenario.demand.calls:
            def follow_up(contact):
                if contact.site != self.site_index:
                    return
                where = self.random_point("follow_up_location")
                self._butler_task(butlers.team, self.zone_of(where), "follow_up", URGENT,
                                  self.draw(butlers.follow_up_min, "follow_up", MINUTE_S), where,
                                  deadline_s=self.env.now + butlers.follow_up_deadline_h * HOUR_S)
            self.centre.on_handled(f"calls.{butlers.complaint_follow_up}", follow_up)
        for name, inc in self.ops.incidents.items():
            if inc.from_remote_op:
                def verified(contact, name=name, inc=inc):
                    if contact.site == self.site_index and self.rng(f"incident_verified:{name}").random() < inc.verified_share:
                        self._incident(name, inc)
                self.centre.on_handled(f"remote_ops.{inc.from_remote_op}", verified)

    # ------------------------------------------------------------------ equipment

    def _units(self, count, per) -> float:
        return float(count) if per is None else float(getattr(self.site, per))

    def _start_equipment(self) -> None:
        for name, eq in self.ops.equipment.items():
            units = int(round(self._units(eq.count, eq.per)))
            self.equipment_units[name] = units
            self.equipment_down_s[name] = 0.0
            if eq.failures_per_unit_per_year <= 0:
                continue
            mean_up_s = YEAR_S / eq.failures_per_unit_per_year
            for unit in range(units):
                self._schedule_failure(name, eq, unit, mean_up_s)

    def _schedule_failure(self, name, eq, unit, mean_up_s) -> None:
        up = float(self.rng(f"equipment_up:{name}").exponential(mean_up_s))
        self.at(self.env.now + up, lambda: self._fail(name, eq, unit, mean_up_s))

    def _fail(self, name, eq, unit, mean_up_s) -> None:
        failed_at = self.env.now
        where = self.random_point(f"equipment_location:{name}")

        def repaired(_wo=None):
            self.equipment_down_s[name] += self._window_overlap(failed_at, self.env.now)
            self._schedule_failure(name, eq, unit, mean_up_s)

        work_s = self.draw(eq.work_time_min, f"equipment_work:{name}", MINUTE_S)
        if eq.trade is None:
            wo = self.record(Task(kind="work_order", label=f"equipment.{name}", priority=PRIORITY_INDEX[eq.priority],
                                  legs=[Leg(where, work_s, "contractor")], created_s=failed_at, duty="contractor"))
            wo.meta.update(source="contractor", trade="contractor", call_type=None, rework=False, equipment=name,
                           visits=1, team=None)
            self.open_orders += 1
            arrive = self.draw(eq.contractor_arrival_min, f"contractor_arrival:{name}", MINUTE_S)

            def arrived(_e):
                wo.on_site_s = self.env.now
                def fixed(_e2):
                    wo.done_s = self.env.now
                    self.open_orders -= 1
                    repaired()
                    if self.stream is not None:
                        self._final(wo)
                self.env.timeout(work_s).callbacks.append(fixed)
            self.env.timeout(arrive).callbacks.append(arrived)
        else:
            self.open_work_order(f"equipment.{name}", PRIORITY_INDEX[eq.priority], eq.trade, work_s, where,
                                 equipment=name, on_closed=repaired)

    def _window_overlap(self, start: float, end: float) -> float:
        return max(0.0, min(end, self.horizon_s) - max(start, self.warmup_s))

    # ------------------------------------------------------------------ planned work

    def _start_planned(self) -> None:
        cfg = self.ops.work_orders
        for name, job in cfg.planned.items():
            count = job.jobs * (1.0 if job.per is None else float(getattr(self.site, job.per)))
            first = _clock_minutes(job.start) * MINUTE_S
            t = first
            while t < self.horizon_s:
                self.at(t, lambda name=name, job=job, count=count: self._planned_batch(name, job, count))
                t += job.every_days * DAY_S
        vacant_units = self.site.households * self.site.vacant_share
        per_day = vacant_units * cfg.vacant_checks_per_week / 7
        if per_day > 0:
            carry = [0.0]

            def vacant_day():
                carry[0] += per_day
                n = int(carry[0])
                carry[0] -= n
                for _ in range(n):
                    self.open_work_order("vacant_check", PLANNED, "general",
                                         self.draw(cfg.vacant_check_min, "vacant_work", MINUTE_S), self.random_point("vacant_location"))
            for day in range(math.ceil(self.horizon_s / DAY_S)):
                self.at(day * DAY_S + 9 * HOUR_S, vacant_day)

    def _planned_batch(self, name, job, count) -> None:
        whole = int(count) + (1 if self.rng(f"planned_count:{name}").random() < count - int(count) else 0)
        for _ in range(whole):
            self.open_work_order(f"planned.{name}", PLANNED, job.trade, self.draw(job.work_time_min, f"planned_work:{name}", MINUTE_S),
                                 self.random_point(f"planned_location:{name}"))

    # ------------------------------------------------------------------ patrols

    def _route_points(self, route_name: str, route: PatrolRoute, zone: Zone | None) -> list[tuple[float, float]]:
        """Checkpoints evenly spaced on a loop inset a fifth of the way into the area."""
        area = zone or self.geometry.whole_site()
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

    def _start_patrols(self) -> None:
        for route_name, route in self.ops.patrols.items():
            team_cfg = self.ops.teams.get(route.team)
            if team_cfg is None or team_cfg.role == "post":  # rejected at load; skipped if built by hand
                continue
            if team_cfg.role == "butler":
                targets = [(f"{route_name}:{zone.name}", team, zone)
                           for team, zone in zip(self.zone_teams[route.team], self.geometry.zones)]
            else:
                targets = [(route_name, self.teams[route.team], None)]
            for label, team, zone in targets:
                points = self._route_points(route_name, route, zone)
                self.checkpoint_visits[label] = [[] for _ in points]
                self.patrol_required[label] = 0
                self.patrol_missed[label] = 0
                pending: list[Task | None] = [None]
                for due in self._round_times(route):
                    if due >= self.warmup_s:
                        self.patrol_required[label] += 1
                    self.at(due, lambda label=label, team=team, points=points, route=route, pending=pending, due=due:
                            self._round_due(label, team, points, route, pending, due))

    def _round_times(self, route: PatrolRoute) -> list[float]:
        times = set()
        for day in range(-1, math.ceil(self.horizon_s / DAY_S)):
            for window in route.schedule:
                start = _clock_minutes(window.start) * MINUTE_S
                end = _clock_minutes(window.end) * MINUTE_S if window.end != "24:00" else DAY_S
                if end <= start:
                    end += DAY_S
                t = day * DAY_S + start
                while t < day * DAY_S + end - 1e-9:
                    if 0 <= t < self.horizon_s:
                        times.add(round(t, 6))
                    t += window.every_h * HOUR_S
        return sorted(times)

    def _round_due(self, label, team: Team, points, route, pending, due) -> None:
        previous = pending[0]
        if previous is not None and previous in team.queue:
            team.queue.remove(previous)                     # never started: missed
            previous.meta["missed"] = True
            if previous.created_s >= self.warmup_s:
                self.patrol_missed[label] += 1
            if self.stream is not None:
                self._final(previous)
        legs = [Leg(p, self.draw(route.check_s, f"check:{label}"), f"checkpoint {k}") for k, p in enumerate(points)]
        task = self.record(Task(kind="patrol_round", label=label, priority=ROUTINE, legs=legs, created_s=due,
                                duty="patrol", preemptible=True))
        visits = self.checkpoint_visits[label]
        find_faults = self._fault_finder("patrol_fault")

        def on_leg(t: Task, k: int) -> None:
            visits[k].append(self.env.now)
            find_faults(t, k)
        task.on_leg = on_leg
        pending[0] = task
        team.submit(task)

    # ------------------------------------------------------------------ incidents

    def _start_incidents(self) -> None:
        for name, inc in self.ops.incidents.items():
            if inc.from_remote_op:
                continue
            if inc.rate_per_day is not None:
                rate_per_s = inc.rate_per_day / DAY_S
            else:
                rate_per_s = inc.rate_per_unit_per_year * float(getattr(self.site, inc.per)) / YEAR_S
            if rate_per_s <= 0:
                continue
            rng = self.rng(f"incident_arrivals:{name}")
            t = float(rng.exponential(1 / rate_per_s))
            times = []
            while t < self.horizon_s:
                times.append(t)
                t += float(rng.exponential(1 / rate_per_s))
            for t in times:
                self.at(t, lambda name=name, inc=inc: self._incident(name, inc))

    def _incident(self, name: str, inc) -> None:
        team = self.teams.get(inc.team)
        if team is None:
            return
        where = self.random_point(f"incident_location:{name}")
        task = self.record(Task(kind="incident", label=name, priority=PRIORITY_INDEX[inc.priority],
                                legs=[Leg(where, self.draw(inc.handle_time_min, f"incident_handle:{name}", MINUTE_S), "incident")],
                                created_s=self.env.now, duty="incident"))
        team.submit(task)

    # ------------------------------------------------------------------ butlers

    def _butler_task(self, team_name: str, zone: int, duty: str, priority: int, work_s: float, where,
                     deadline_s: float = math.inf, legs=None) -> Task | None:
        teams = self.zone_teams.get(team_name)
        if not teams:
            return None
        task = self.record(Task(kind=f"butler.{duty}", label=duty, priority=priority,
                                legs=legs or [Leg(where, work_s, duty)], created_s=self.env.now, duty=duty,
                                preemptible=priority >= ROUTINE))
        task.meta["deadline_s"] = deadline_s
        task.meta["zone"] = zone
        teams[zone].submit(task)
        return task

    def _inspection(self, b, zone: int, stops) -> None:
        """The daily zone inspection: a round of the zone's stops; faults found open work orders."""
        legs = [Leg(p, self.draw(b.inspection_check_min, "inspection_check", MINUTE_S), "inspection") for p in stops]
        task = self._butler_task(b.team, zone, "inspection", ROUTINE, 0.0, None, legs=legs)
        if task is not None:
            task.on_leg = self._fault_finder("inspection_fault")

    def _fault_finder(self, source: str):
        """A checkpoint callback that opens a routine work order with probability patrol_fault_share."""
        share = self.ops.work_orders.patrol_fault_share

        def on_leg(t: Task, k: int) -> None:
            if share > 0 and self.rng(source).random() < share:
                self.open_work_order(source, ROUTINE, "general",
                                     self.draw(self.ops.work_orders.patrol_fault_work_min, f"{source}_work", MINUTE_S),
                                     t.legs[k].location)
        return on_leg

    def _start_butlers(self) -> None:
        b = self.ops.butlers
        if b is None or b.team not in self.zone_teams:
            return
        days = math.ceil(self.horizon_s / DAY_S)
        inspect_at = _clock_minutes(b.inspection_start) * MINUTE_S
        visit_at = _clock_minutes(b.visit_hours[0]) * MINUTE_S
        for zone_index, zone in enumerate(self.geometry.zones):
            stops = zone.random_points(self.rng(f"inspection_points:{zone.name}"), b.inspection_checkpoints)
            angle = np.arctan2(stops[:, 1] - zone.centre[1], stops[:, 0] - zone.centre[0])
            stops = [tuple(map(float, p)) for p in stops[np.argsort(angle)]]
            households = self.zone_households[zone_index]
            visits_per_day = households * b.visits_per_household_per_month / (MONTH_S / DAY_S)
            carry = [0.0]
            for day in range(days):
                if day * DAY_S + inspect_at >= self.warmup_s and day * DAY_S + inspect_at < self.horizon_s:
                    self.inspections_required += 1
                self.at(day * DAY_S + inspect_at, lambda z=zone_index, stops=stops: self._inspection(b, z, stops))

                def visits(z=zone_index, carry=carry):
                    carry[0] += visits_per_day
                    n = int(carry[0])
                    carry[0] -= n
                    for _ in range(n):
                        self._butler_task(b.team, z, "visit", PLANNED, self.draw(b.visit_min, "visit", MINUTE_S),
                                          self.random_point("visit_location", z))
                if day * DAY_S + visit_at >= self.warmup_s:
                    self.visit_quota += visits_per_day if day * DAY_S + visit_at < self.horizon_s else 0.0
                self.at(day * DAY_S + visit_at, visits)
            rate = households * b.walk_ins_per_household_per_month / MONTH_S
            if rate * self.horizon_s > 1e-9:  # a rate that rounds to nothing would overflow 1/rate
                rng = self.rng(f"walk_ins:{zone.name}")
                t = float(rng.exponential(1 / rate))
                while t < self.horizon_s:
                    self.at(t, lambda z=zone_index, zone=zone: self._butler_task(
                        b.team, z, "walk_in", URGENT, self.draw(b.walk_in_min, "walk_in", MINUTE_S), zone.centre))
                    t += float(rng.exponential(1 / rate))

    # ------------------------------------------------------------------ the end

    @staticmethod
    def add_people_time(totals: dict[str, float], team: str, people, overtime: dict[str, float]) -> None:
        """Add the time budgets and overtime of ``people`` (their books closed) to a team's."""
        ot = overtime.get(team, 0.0)
        for person in people:
            for state, seconds in person.time_s.items():
                totals[state] = totals.get(state, 0.0) + seconds
            ot += person.overtime_s
        overtime[team] = ot

    def finish(self) -> FieldLog:
        now = self.env.now
        stream = self.stream
        tasks = self.tasks if stream is None else list(self.live.values())
        if stream is not None:  # every open task is final now
            stream.finish(tasks)
        team_time: dict[str, dict[str, float]] = {}
        overtime: dict[str, float] = {}
        for name, team in self.teams.items():
            for person in team.people:
                if person.state != "off":
                    person._enter(person.state)  # close the books at the horizon
            # Streaming mode: start from the shifts already folded (FieldStream).
            team_time[name] = {} if stream is None else dict(stream.team_time_s.get(name, {}))
            if stream is not None and name in stream.team_overtime_s:
                overtime[name] = stream.team_overtime_s[name]
            self.add_people_time(team_time[name], name, team.people, overtime)
        # Equipment still down at the end: count its downtime to the horizon.
        for task in tasks:
            if task.kind == "work_order" and task.meta.get("equipment") and math.isnan(task.done_s):
                self.equipment_down_s[task.meta["equipment"]] += self._window_overlap(task.created_s, now)
        return FieldLog(self.site_name, self.tasks, team_time, dict(self.team_roles), overtime, self.patrol_required,
                        self.patrol_missed, self.checkpoint_visits, self.equipment_units, self.equipment_down_s,
                        self.visit_quota, self.inspections_required, self.backlog,
                        tally=None if stream is None else stream.tally,
                        checkpoint_gaps=None if stream is None else stream.gaps)
