"""Field operations of one site in one replication: its teams and every source of their work.

``SiteField`` builds the site's geometry and teams, schedules their rosters, and wires one
object per operation, each in its own module: ``work_orders`` (工单: from calls, failures,
planned work, patrol faults; parts waits, rework, return visits), ``equipment`` (failures and
repairs; planned maintenance and vacant-unit checks), ``patrols`` (rounds on schedules,
checkpoints), ``incidents`` (guards' emergencies) and ``butlers`` (管家: inspections, household
visits, walk-ins, follow-ups). It keeps the site's books (tasks, time budgets, patrol counts,
equipment downtime, visit quota) and closes them into a :class:`FieldLog` at the horizon.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from sim.engine.rng import stream_rng
from sim.scenario.shift_instances import shift_instances
from sim.field.butlers import Butlers
from sim.field.equipment import Equipment, PlannedWork
from sim.field.geometry import SiteGeometry, Travel, square_site
from sim.field.incidents import Incidents
from sim.field.patrols import Patrols
from sim.field.team import OnCallWindow, Task, Team
from sim.field.work_orders import WorkOrders
from sim.scenario import Scenario, Site
from sim.scenario.distributions import Deterministic
from sim.scenario.field import FieldOps
from sim.units import DAY_S, MINUTE_S


@dataclass
class FieldLog:
    """What one site's field operations leave behind in a replication."""

    site: str
    tasks: list[Task]
    team_time_s: dict[str, dict[str, float]]
    team_roles: dict[str, str]
    team_overtime_s: dict[str, float]
    #: Call-outs of on-call people from home, by team (sim.field.team: on call).
    call_outs: dict[str, int]
    patrol_required: dict[str, int]
    patrol_missed: dict[str, int]
    checkpoint_visits: dict[str, list[list[float]]]
    equipment_units: dict[str, float]
    equipment_down_s: dict[str, float]
    visit_quota: float
    inspections_required: int
    backlog_end_of_day: list[int] = field(default_factory=list)
    #: Streaming mode (sim.results.streaming.FieldStream): the tally of every task of the replication
    #: (all sites; every site's log shares it: sim.results.field_kpis.FieldTally), standing in for
    #: ``tasks``, and a fine histogram of every checkpoint gap (minutes, shared too), standing in
    #: for ``checkpoint_visits``. None in the default (exact) mode.
    tally: object = None
    checkpoint_gaps: object = None


def schedule_roster(env, team: Team, name: str, cfg, calendar, draw) -> None:
    """Put the people of team ``name``'s roster (``cfg``: a field team's schema) on ``team`` at
    their shifts' starts; an on-call shift becomes the team's on-call windows, its call-out delay
    drawn by ``draw(dist, purpose, scale)``."""
    on_call = cfg.on_call.shift if cfg.on_call is not None else None
    for inst in shift_instances(name, cfg, calendar):
        if inst.shift == on_call:  # at home on standby (sim.field.team: on call)
            team.on_call.append(OnCallWindow(max(inst.start_s, 0.0), inst.end_s, inst.agents))
            team.call_out_delay = lambda d=cfg.on_call.call_out_delay_min: draw(d, "call_out", MINUTE_S)
            team.call_out_law = (cfg.on_call.call_out_delay_min, MINUTE_S)
            continue
        for index, person_breaks in enumerate(inst.breaks):
            start, place = max(inst.start_s, 0.0), team.start_place(index)
            team.shift_starts.append((start, inst.end_s, person_breaks, place))
            env.timeout(start).callbacks.append(
                lambda _e, t=team, s=start, end=inst.end_s, b=person_breaks, p=place: t.start_shift(s, end, b, p))


class SiteField:
    """The field operations of one site in one replication. ``district``: the district whose
    shared teams serve the site too (sim.field.district), else None."""

    def __init__(self, centre, site_name: str, site: Site, ops: FieldOps, scenario: Scenario, stream=None):
        self.centre = centre
        #: Streaming mode (sim.results.streaming.FieldStream): final tasks go there, and ``live`` holds
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
        self.district = None
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
        self.work_orders = WorkOrders(self)
        self.equipment = Equipment(self)
        self.planned = PlannedWork(self)
        self.patrols = Patrols(self)
        self.incidents = Incidents(self)
        self.butlers = Butlers(self)

    # ------------------------------------------------------------------ helpers

    def rng(self, purpose: str) -> np.random.Generator:
        """The named random stream of this site for ``purpose``."""
        if purpose not in self._rngs:
            self._rngs[purpose] = stream_rng(self.centre.seed, self.centre.replication, f"{self.site_name}/field:{purpose}")
        return self._rngs[purpose]

    def draw(self, dist, purpose: str, scale: float = 1.0) -> float:
        if isinstance(dist, Deterministic):  # the same value, no draw (and no array of one)
            return float(dist.value) * scale
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
                    team.stations = [zone.centre] if cfg.stations else []  # a zone's butlers: its service point
                    self.teams[team.name] = team
                    self.team_roles[team.name] = cfg.role
                    teams.append(team)
                self.zone_teams[name] = teams
            else:
                team = Team(self.env, name, set(cfg.skills), travel, self.geometry.office)
                team.stations = self._stations(cfg.stations)
                self.teams[name] = team
                self.team_roles[name] = cfg.role

    def _stations(self, stations: str | None) -> list:
        """A site-wide team's idle stations (scenario ``stations``): the office, every zone's centre,
        or none (null: wait where the last job ended)."""
        if stations == "zones":
            return [zone.centre for zone in self.geometry.zones]
        return [self.geometry.office] if stations == "office" else []

    def _schedule_rosters(self) -> None:
        for name, cfg in self.ops.teams.items():
            if cfg.role == "post":
                continue
            teams = self.zone_teams.get(name) or [self.teams[name]]
            cfg = self._residual(name, cfg)
            for team in teams:
                schedule_roster(self.env, team, name, cfg, self.scenario.calendar, self.draw)

    def _residual(self, name: str, cfg):
        """Team ``name``'s schema at this site: with a district's residual crew for the site
        (``portfolio.districts.<d>.residual``, sim.scenario.district) where one is given."""
        portfolio = self.scenario.portfolio
        if portfolio is None or cfg.role != "technician":
            return cfg
        for district in portfolio.districts.values():
            if name in district.residual.get(self.site_name, {}):
                return cfg.model_copy(update={"roster": district.residual_roster(self.site_name, name, cfg.roster)})
        return cfg

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
            task.on_done = self.final
        return task

    def final(self, task: Task) -> None:
        """Streaming mode: nothing about ``task`` changes any more; hand it to the stream."""
        if self.live.pop(task.meta["order"], None) is not None:
            self.stream.final(task)

    # ------------------------------------------------------------------ start

    def start(self) -> None:
        """Schedule everything: rosters, sources of work, hooks into the contact centre."""
        self._schedule_rosters()
        self.work_orders.hook_calls()
        self.butlers.hook_follow_ups()
        self.incidents.hook_verified_alarms()
        self.equipment.start()
        self.planned.start()
        self.patrols.start()
        self.incidents.start()
        self.butlers.start()
        for day in range(1, math.ceil(self.horizon_s / DAY_S) + 1):
            self.at(day * DAY_S - 1e-6, self._count_backlog)

    def _count_backlog(self) -> None:
        self.backlog.append(self.open_orders)

    def window_overlap(self, start: float, end: float) -> float:
        """Seconds of [start, end] inside the measured window (after warm-up, before the horizon)."""
        return max(0.0, min(end, self.horizon_s) - max(start, self.warmup_s))

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
            team.close_books()
            # Streaming mode: start from the shifts already folded (FieldStream).
            team_time[name] = {} if stream is None else dict(stream.team_time_s.get(name, {}))
            if stream is not None and name in stream.team_overtime_s:
                overtime[name] = stream.team_overtime_s[name]
            self.add_people_time(team_time[name], name, team.people, overtime)
        # Equipment still down at the end: count its downtime to the horizon.
        for task in tasks:
            if task.kind == "work_order" and task.meta.get("equipment") and math.isnan(task.done_s):
                self.equipment_down_s[task.meta["equipment"]] += self.window_overlap(task.created_s, now)
        call_outs = {name: team.call_outs for name, team in self.teams.items() if team.on_call}
        return FieldLog(self.site_name, self.tasks, team_time, dict(self.team_roles), overtime, call_outs, self.patrol_required,
                        self.patrol_missed, self.checkpoint_visits, self.equipment_units, self.equipment_down_s,
                        self.visit_quota, self.inspections_required, self.backlog,
                        tally=None if stream is None else stream.tally,
                        checkpoint_gaps=None if stream is None else stream.gaps)
