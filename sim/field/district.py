"""A district's shared field teams (片区/蝶城, issue 38): people who serve the work orders of every
site of the district, on the same SimPy clock as the sites (sim.running.replication).

* A place of a district person is ``(site, (x, y))``: a site's key and a point in that site's own
  plane (sim.field.geometry). Travel between two places of one site is the site's in-site
  travel; between sites it is in-site travel to the site's office (its gate), the district's
  travel between the two sites (road factor × straight-line distance ÷ the speed of the team's
  ``mode`` + access: sim.scenario.district.BetweenSites) and in-site travel from the other
  site's office to the job.
* Dispatch of an order of a trade a shared team has (sim.field.work_orders): the site's residual
  crew (its own technicians, 驻场) first when one of them is free; else the nearest free person of
  the shared team (travel time from where each is); else, for an emergency, a residual person on
  preemptible work, else the shared team's (sim.field.team: the nearest on preemptible work, else
  the queue, which may call an on-call district technician out). A free residual person takes
  the best of its own queue and its site's orders in the shared queues; a free district person
  the best waiting order of any site (priority, then the oldest). An incident's specialist
  (a technician at a verified alarm) of a site's residual crew is dispatched the same way.
* Every second of a district person's shift is idle, on a break, ``travel:<duty>`` (inside a
  site), ``between:<duty>`` (between sites) or ``work:<duty>``. Orders stay in their site's books
  (``SiteField.record``), so each site's commitments are measured on its own orders.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.engine.rng import stream_rng
from sim.field.geometry import Travel
from sim.field.site import SiteField, schedule_roster
from sim.field.team import EMERGENCY, Leg, Person, Point, Task, Team
from sim.scenario import Scenario
from sim.scenario.distributions import Deterministic
from sim.scenario.district import District, distance_km, positions_km

#: A district person's place: a site's key and a point in that site's plane (m).
Place = tuple[str, Point]


class DistrictTravel:
    """Travel times between places of a district (seconds): in-site travel by each site's travel
    model, and between sites through both sites' offices; ``between_km``: the road distance of
    each trip between sites (what a vehicle's running cost is per)."""

    def __init__(self, inside: dict[str, Travel], gates: dict[str, Point], between_s: dict[tuple[str, str], float],
                 between_km: dict[tuple[str, str], float]):
        self.inside = inside
        self.gates = gates
        self.between_s = between_s
        self.between_km = between_km

    def stages(self, a: Place, b: Place) -> list[tuple[Place, Place, float, str]]:
        """The trip from ``a`` to ``b`` as (from, to, seconds, kind) stages: one ``travel`` stage
        inside one site; else out to the gate, ``between`` the sites, in from the other gate."""
        (sa, pa), (sb, pb) = a, b
        if sa == sb:
            return [(a, b, self.inside[sa].time_s(pa, pb), "travel")]
        gate_a, gate_b = (sa, self.gates[sa]), (sb, self.gates[sb])
        return [(a, gate_a, self.inside[sa].time_s(pa, gate_a[1]), "travel"),
                (gate_a, gate_b, self.between_s[sa, sb], "between"),
                (gate_b, b, self.inside[sb].time_s(gate_b[1], pb), "travel")]

    def time_s(self, a: Place, b: Place) -> float:
        (sa, pa), (sb, pb) = a, b
        if sa == sb:
            return self.inside[sa].time_s(pa, pb)
        return (self.inside[sa].time_s(pa, self.gates[sa]) + self.between_s[sa, sb]
                + self.inside[sb].time_s(self.gates[sb], pb))


class DistrictPerson(Person):
    """A person of a district team: travels in stages (inside a site, between sites), counting
    the road km between sites (``km``; a trip cut short by an emergency counts in full)."""

    km = 0.0

    def _travel(self, task: Task, place: Place, travel_s: float):
        for frm, to, seconds, kind in self.team.travel.stages(self.location, place):
            if seconds <= 0:
                continue
            self._enter(f"{kind}:{task.duty}")
            self.activity_start, self.activity_from, self.activity_to = self.env.now, frm, to
            if kind == "between":
                self.km += self.team.travel.between_km[frm[0], to[0]]
            yield self.env.timeout(seconds)
            self.location = to

    def _interrupted(self, task: Task, leg: Leg) -> None:
        """How far the interrupted activity got: inside a site, the point reached on the way;
        between sites, the nearer of the two gates; at work, the work left."""
        now = self.env.now
        if self.state.startswith(("travel", "between")):
            (sa, pa), (sb, pb) = self.activity_from, self.activity_to
            total = self.team.travel.time_s(self.activity_from, self.activity_to)
            frac = min((now - self.activity_start) / total, 1.0) if total > 0 else 1.0
            if sa == sb:
                self.location = (sa, (pa[0] + (pb[0] - pa[0]) * frac, pa[1] + (pb[1] - pa[1]) * frac))
            else:
                self.location = self.activity_to if frac >= 0.5 else self.activity_from
        else:
            leg.work_s = max(leg.work_s - (now - self.activity_start), 0.0)
        self.team.preemptions += 1


class DistrictTeam(Team):
    """A team shared by a district's sites: its tasks are at the place (site, point) of their site."""

    person_type = DistrictPerson

    def place_of(self, task: Task, leg: Leg) -> Place:
        return (task.meta["site"], leg.location)


@dataclass
class DistrictLog:
    """What a district's shared teams leave behind in a replication: each team's time budget
    (seconds by state, every person's shift included), overtime, call-outs from home and road km
    travelled between sites."""

    district: str
    sites: list[str]
    team_time_s: dict[str, dict[str, float]]
    team_overtime_s: dict[str, float]
    call_outs: dict[str, int]
    team_km: dict[str, float]


class DistrictField:
    """The shared teams of one district in one replication, wired into its sites' dispatch."""

    def __init__(self, centre, name: str, spec: District, locations, sites: list[SiteField], scenario: Scenario):
        self.centre = centre
        self.env = centre.env
        self.name = name
        self.spec = spec
        self.scenario = scenario
        self.sites = sites
        self._rngs: dict[str, np.random.Generator] = {}
        by_name = {site.site_name: site for site in sites}
        pos = positions_km(locations, spec.sites)
        gates = {s.site_name: s.geometry.office for s in sites}
        self.teams: dict[str, DistrictTeam] = {}
        for tname, cfg in spec.teams.items():
            pairs = [(a, b) for a in spec.sites for b in spec.sites if a != b]
            between = {(a, b): spec.travel.minutes(distance_km(pos[a], pos[b]), cfg.mode) * 60.0 for a, b in pairs}
            road_km = {(a, b): spec.travel.road_factor * distance_km(pos[a], pos[b]) for a, b in pairs}
            inside = {s.site_name: s._travel(cfg.travel_mode) for s in sites}
            base = cfg.base or spec.base
            team = DistrictTeam(self.env, tname, set(cfg.skills), DistrictTravel(inside, gates, between, road_km),
                                (base, by_name[base].geometry.office))
            self.teams[tname] = team
        for site in sites:  # the site's technicians: the residual crew, sharing the queues of its trades
            site.district = self
            for sname, cfg in site.ops.teams.items():
                if cfg.role == "technician":
                    crew = site.teams[sname]
                    crew.site = site.site_name
                    crew.shared = [t for t in self.teams.values() if t.skills & crew.skills]

    # ------------------------------------------------------------------ helpers

    def rng(self, purpose: str) -> np.random.Generator:
        """The named random stream of this district for ``purpose``."""
        if purpose not in self._rngs:
            self._rngs[purpose] = stream_rng(self.centre.seed, self.centre.replication, f"{self.name}/district:{purpose}")
        return self._rngs[purpose]

    def draw(self, dist, purpose: str, scale: float = 1.0) -> float:
        if isinstance(dist, Deterministic):
            return float(dist.value) * scale
        return float(dist.sample(self.rng(purpose), 1)[0]) * scale

    def team_for_trade(self, trade: str) -> DistrictTeam | None:
        """The first shared team with ``trade`` among its skills (None: the district shares none)."""
        return next((t for t in self.teams.values() if trade in t.skills), None)

    def scored(self, team: Team) -> bool:
        """Whether an emergency waiting in ``team``'s queue can be scored exactly by
        sim.field.response_chance: only when nobody but that team's people may take it (a shared
        team in a district of one site without a residual crew sharing its queue; a site team that
        is no residual crew); otherwise its KPI counts 0/1."""
        if team.shared:  # a residual crew: its people take the shared queues' orders too
            return False
        if not isinstance(team, DistrictTeam):
            return True
        return len(self.sites) == 1 and not any(team in crew.shared for s in self.sites for crew in s.teams.values())

    # ------------------------------------------------------------------ dispatch

    def dispatch(self, site: SiteField, wo: Task, residual: Team | None, shared: DistrictTeam | None = None) -> Team:
        """Hand ``wo`` (an order at ``site`` of a trade a shared team has, or an incident's
        specialist task for ``shared``) to the site's residual crew ``residual`` when one of them
        is free, else to the shared team (module docstring). Returns the team that has it."""
        shared = shared or self.team_for_trade(wo.meta["trade"])
        if residual is not None and residual.idle:
            residual.submit(wo)
            return residual
        if shared.idle:
            shared.submit(wo)
            return shared
        if residual is not None and wo.priority == EMERGENCY and any(
                p.task is not None and p.task.preemptible and p.state != "break" for p in residual.on_duty):
            residual.submit(wo)
            return residual
        shared.submit(wo)
        return shared

    # ------------------------------------------------------------------ start and end

    def start(self) -> None:
        for tname, cfg in self.spec.teams.items():
            schedule_roster(self.env, self.teams[tname], tname, cfg, self.scenario.calendar, self.draw)

    def finish(self) -> DistrictLog:
        team_time: dict[str, dict[str, float]] = {}
        overtime: dict[str, float] = {}
        for tname, team in self.teams.items():
            team.close_books()
            team_time[tname] = {}
            SiteField.add_people_time(team_time[tname], tname, team.people, overtime)
        call_outs = {tname: team.call_outs for tname, team in self.teams.items() if team.on_call}
        km = {tname: sum(p.km for p in team.people) for tname, team in self.teams.items()}
        return DistrictLog(self.name, list(self.spec.sites), team_time, overtime, call_outs, km)


def district_fields(centre, scenario: Scenario, fields: list[SiteField]) -> list[DistrictField]:
    """The districts of ``scenario`` that have shared teams, wired into their sites' ``fields``."""
    portfolio = scenario.portfolio
    if portfolio is None or scenario.field is None:
        return []
    by_name = {f.site_name: f for f in fields}
    return [DistrictField(centre, name, spec, portfolio.locations, [by_name[s] for s in spec.sites], scenario)
            for name, spec in portfolio.districts.items() if spec.teams]
