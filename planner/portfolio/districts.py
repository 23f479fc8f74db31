"""Planning a district's technicians two ways (issue 38, point 3), on equal commitments:

* **shared**: the district's shared teams (``portfolio.districts.<d>.teams.<t>.roster``, people
  by shift) and each site's residual crew (驻场: ``residual.<site>.<team>.<shift>``), the district
  simulated whole (sim.field.district), every site's response commitments judged on its own
  orders (the per-site KPI rows of sim.results.district_targets);
* **own**: every site alone (``planner.portfolio.split.site_scenario``) with a technician team of
  its own shaped as the district's shared team (its shifts, skills and on-call shift), people by
  shift searched, judged on the same commitments.

The commitments are the technicians' response commitments (emergency, urgent and routine orders,
an incident's specialist: ``district_targets.STREAMS``) of every site; guards, butlers, posts and
the desk are the same under both designs and are neither searched nor costed here.

The search (:func:`search`) is a descent on head counts with common random numbers (every
candidate on the same seed, ``site_search_days`` × ``replications``): while a commitment's mean is
short of its target, add the person who closes most of the shortfall per yuan (among the shared
teams' shifts and the residual crew of the site furthest short); then take away, most expensive
first, every person whose going keeps every mean on target (or, when some target was not reached,
does not make the shortfall larger: people added on noise go again). The design found is checked on fresh
random numbers (``horizon_days`` × ``verify_replications``, doubled up to 4× while a verdict is
inconclusive): each site's verdicts (met, missed, not yet shown) are reported, never dropped.
Costs: planner.portfolio.district_costs.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, field

from planner.portfolio.district_costs import CrewCost, VehicleCost, crew_cost, vehicle_cost
from planner.portfolio.split import site_scenario
from sim import simulate
from sim.results.district_targets import METRIC, STREAMS
from sim.results.kpi_key import KpiKey
from sim.results.run_result import extend
from sim.scenario import Scenario
from sim.scenario.loader import ScenarioError, replace_sites, validate

#: The most people the search adds to one design before it stops and names what is still short.
MAX_ADDS = 40
#: Verification's seed is the scenario's plus this (fresh random numbers, as the plan's checks).
VERIFY_SEED_OFFSET = 7919
#: Verification's replications may double up to this multiple while a verdict is inconclusive.
VERIFY_GROWTH = 4


def sharing_districts(scenario: Scenario) -> list[str]:
    """The districts of ``scenario`` that have shared teams to plan."""
    portfolio = scenario.portfolio
    if portfolio is None or scenario.field is None:
        return []
    return [name for name, d in portfolio.districts.items() if d.teams]


def technician_teams(scenario: Scenario) -> list[str]:
    return [name for name, team in scenario.field.teams.items() if team.role == "technician"]


# --------------------------------------------------------------------- designs as data


def district_data(scenario: Scenario, district: str) -> dict:
    """The district's sites alone (the scenario's data), with that district only."""
    data = scenario.model_dump(mode="json")
    sites = scenario.portfolio.districts[district].sites
    replace_sites(data, {s: data["sites"][s] for s in sites})
    data["portfolio"]["districts"] = {district: data["portfolio"]["districts"][district]}
    data["name"] = f"{scenario.name}:{district}"
    return data


def shared_counts(data: dict, district: str) -> dict[str, int]:
    """The head counts of the shared design in ``data``: ``teams.<t>.<shift>`` of every shared
    team, ``residual.<site>.<team>.<shift>`` of every site's residual crew."""
    d = data["portfolio"]["districts"][district]
    out = {f"teams.{t}.{s}": int(shift["agents"]) for t, team in d["teams"].items()
           for s, shift in team["roster"]["shifts"].items()}
    for site in d["sites"]:
        for tname, team in data["field"]["teams"].items():
            if team["role"] != "technician" or team["roster"].get("rotation"):
                continue
            given = (d.get("residual") or {}).get(site, {}).get(tname, {})
            for s, shift in team["roster"]["shifts"].items():
                out[f"residual.{site}.{tname}.{s}"] = int(given.get(s, shift["agents"]))
    return out


def with_shared(data: dict, district: str, counts: dict[str, int]) -> dict:
    out = copy.deepcopy(data)
    d = out["portfolio"]["districts"][district]
    for slot, n in counts.items():
        kind, rest = slot.split(".", 1)
        if kind == "teams":
            team, shift = rest.split(".")
            d["teams"][team]["roster"]["shifts"][shift]["agents"] = n
        else:
            site, team, shift = rest.split(".")
            d.setdefault("residual", {}).setdefault(site, {}).setdefault(team, {})[shift] = n
    return out


def own_data(scenario: Scenario, district: str, site: str) -> dict:
    """``site`` alone with a technician team of its own shaped as the district's first shared
    team: its shifts (people as the shared team's, the search's start), skills (the site's
    technicians' and the shared team's), on-call shift and in-site travel; any other technician
    team of the site keeps its roster."""
    data = site_scenario(scenario, site).model_dump(mode="json")
    shared = next(iter(scenario.portfolio.districts[district].teams.values())).model_dump(mode="json")
    name = technician_teams(scenario)[0]
    team = data["field"]["teams"][name]
    team["roster"] = shared["roster"]
    team["skills"] = list(dict.fromkeys(team["skills"] + shared["skills"]))
    team["on_call"] = shared["on_call"]
    team["opening_hours"] = shared["opening_hours"]
    team["travel_mode"] = shared["travel_mode"]
    return data


def own_counts(data: dict, team: str) -> dict[str, int]:
    return {s: int(shift["agents"]) for s, shift in data["field"]["teams"][team]["roster"]["shifts"].items()}


def with_own(data: dict, team: str, counts: dict[str, int]) -> dict:
    out = copy.deepcopy(data)
    for shift, n in counts.items():
        out["field"]["teams"][team]["roster"]["shifts"][shift]["agents"] = n
    return out


# --------------------------------------------------------------------- judging


@dataclass(frozen=True)
class Verdict:
    """One site's response commitment under a design: its share on time, interval and status."""

    site: str
    stream: str
    mean: float
    low: float
    high: float
    target: float
    status: str

    def to_dict(self) -> dict:
        def num(x):
            return None if x is None or not math.isfinite(x) else round(float(x), 4)
        return {"site": self.site, "stream": self.stream, "mean": num(self.mean), "ci_low": num(self.low),
                "ci_high": num(self.high), "target": self.target, "status": self.status}


def verdicts(run, sites: dict[str, str | None]) -> list[Verdict]:
    """The response commitments of ``sites`` (site -> its KPI group: the site's name in a
    district run, None in a site-alone run) in ``run``'s KPI table."""
    rows = run.kpi_rows()
    out = []
    for site, group in sites.items():
        for stream in STREAMS:
            row = rows.get(KpiKey(stream, METRIC, group))
            if row is None or row.direction is None:
                continue
            out.append(Verdict(site, stream, row.mean, row.ci_low, row.ci_high, float(row.target), str(row.status)))
    return out


def shortfall(found: list[Verdict]) -> dict[str, float]:
    """Each site's summed shortfall of its commitments' means below their targets (a commitment
    with no orders in the run is not short)."""
    out: dict[str, float] = {}
    for v in found:
        if math.isfinite(v.mean) and v.mean < v.target:
            out[v.site] = out.get(v.site, 0.0) + v.target - v.mean
    return out


# --------------------------------------------------------------------- the search


@dataclass
class Searched:
    """A design found: its head counts, cost, what is still short on the search's runs and how
    many candidates were simulated."""

    counts: dict[str, int]
    yuan_per_year: float
    short: dict[str, float]
    evaluations: int


def search(start: dict[str, int], judge, cost, candidates) -> Searched:
    """The descent of the module doc: ``judge(counts)`` -> shortfall by site (empty: every mean on
    target; None: not a valid design), ``cost(counts)`` -> yuan a year, ``candidates(counts,
    short)`` -> the slots where one more person may help."""
    seen: dict[tuple, dict | None] = {}

    def short_of(counts):
        key = tuple(sorted(counts.items()))
        if key not in seen:
            seen[key] = judge(counts)
        return seen[key]

    counts = dict(start)
    short = short_of(counts)
    if short is None:
        raise ValueError(f"the starting design is not valid: {start}")
    for _ in range(MAX_ADDS):
        if not short:
            break
        here, base = sum(short.values()), cost(counts)
        best = None
        for slot in candidates(counts, short):
            trial = {**counts, slot: counts[slot] + 1}
            s = short_of(trial)
            if s is None:
                continue
            gain = (here - sum(s.values())) / max(cost(trial) - base, 1.0)
            if gain > 0 and (best is None or gain > best[0]):
                best = (gain, trial, s)
        if best is None:
            break
        counts, short = best[1], best[2]
    removed = True
    while removed:  # passes over the slots, the dearest person first, until none can go
        removed = False
        for slot in sorted(counts, key=lambda s: cost({**counts, s: max(counts[s] - 1, 0)}) - cost(counts)):
            trial = {**counts, slot: counts[slot] - 1}
            after = short_of(trial) if counts[slot] > 0 else None
            # a person goes when every mean stays on target, or (a target no head count reached
            # on these runs) when the shortfall does not grow: no one kept for noise
            if after is not None and sum(after.values()) <= sum(short.values()) + 1e-12:
                counts, short, removed = trial, after, True
    return Searched(counts, cost(counts), short, sum(v is not None for v in seen.values()))


def _run(data: dict, replications: int, days: float, seed: int, keep_logs: bool = False):
    data = copy.deepcopy(data)
    data["calendar"]["horizon_days"] = days
    data["calendar"]["warmup_days"] = min(data["calendar"].get("warmup_days") or 0.0, days / 2)
    return simulate(validate(data), replications=replications, seed=seed, keep_logs=keep_logs)


def checked(data: dict, settings, seed: int, groups: dict[str, str | None], keep_logs: bool = False):
    """``data`` run on fresh random numbers: ``verify_replications`` of ``horizon_days``, doubled
    (up to VERIFY_GROWTH ×) while a commitment is inconclusive; the run and its verdicts."""
    reps = settings.verify_replications
    run = _run(data, reps, settings.horizon_days, seed, keep_logs)
    found = verdicts(run, groups)
    while any(v.status == "inconclusive" for v in found) and reps * 2 <= settings.verify_replications * VERIFY_GROWTH:
        run = extend(run, simulate(run.scenario, replications=reps, seed=seed, first=reps, keep_logs=keep_logs))
        reps *= 2
        found = verdicts(run, groups)
    return run, found


# --------------------------------------------------------------------- the two designs


@dataclass
class SharedDesign:
    """The shared design of a district: its teams' and the residual crews' people by shift, their
    cost, the vehicles, and each site's verdicts on fresh random numbers."""

    counts: dict[str, int]
    teams: dict[str, CrewCost]
    residual: dict[str, CrewCost]
    vehicles: list[VehicleCost]
    verdicts: list[Verdict]
    evaluations: int
    evidence: dict
    #: Orders served by the shared teams, by site (a site other than the team's base: someone came
    #: from another site); road km a year between sites and hours a day travelling between them.
    shared_orders: dict[str, int] = field(default_factory=dict)
    between_h_per_day: float = 0.0

    @property
    def district_yuan_per_year(self) -> float:
        """The district's own cost: its shared teams' wages and standby and their vehicles."""
        return (math.fsum(c.total_yuan_per_year for c in self.teams.values())
                + math.fsum(v.total_yuan_per_year for v in self.vehicles))

    @property
    def total_yuan_per_year(self) -> float:
        return self.district_yuan_per_year + math.fsum(c.total_yuan_per_year for c in self.residual.values())


@dataclass
class OwnDesign:
    """The same sites each with a technician team of its own."""

    counts: dict[str, dict[str, int]]
    crews: dict[str, CrewCost]
    verdicts: list[Verdict]
    evaluations: int
    evidence: dict

    @property
    def total_yuan_per_year(self) -> float:
        return math.fsum(c.total_yuan_per_year for c in self.crews.values())


@dataclass
class DistrictPlan:
    """One district planned both ways (module doc)."""

    name: str
    sites: list[str]
    base: dict[str, str]
    shared: SharedDesign
    own: OwnDesign
    scale: float = 1.0

    @property
    def saving_yuan_per_year(self) -> float:
        """Own teams minus shared: what sharing saves a year (negative: it costs more)."""
        return self.own.total_yuan_per_year - self.shared.total_yuan_per_year


def _shared_costs(data: dict, district: str, scenario: Scenario) -> tuple[dict, dict]:
    d = data["portfolio"]["districts"][district]
    costs = scenario.costs
    teams = {t: crew_cost(t, team["roster"], costs, (team.get("on_call") or {}).get("shift"),
                          (team.get("on_call") or {}).get("standby_allowance_yuan_per_shift", 0.0))
             for t, team in d["teams"].items()}
    residual = {}
    for site in d["sites"]:
        crews = [crew_cost(f"{site}.{t}", team["roster"] | {"shifts": {
            s: {**shift, "agents": (d.get("residual") or {}).get(site, {}).get(t, {}).get(s, shift["agents"])}
            for s, shift in team["roster"]["shifts"].items()}}, costs,
            (team.get("on_call") or {}).get("shift"), (team.get("on_call") or {}).get("standby_allowance_yuan_per_shift", 0.0))
            for t, team in data["field"]["teams"].items() if team["role"] == "technician"]
        residual[site] = CrewCost(sum(c.people for c in crews), math.fsum(c.wages_yuan_per_year for c in crews),
                                  math.fsum(c.standby_yuan_per_year for c in crews))
    return teams, residual


def _vehicles(data: dict, district: str, scenario: Scenario, km_per_year: dict[str, float]) -> list[VehicleCost]:
    d = scenario.portfolio.districts[district]
    spec = data["portfolio"]["districts"][district]["teams"]
    return [v for t, team in spec.items()
            if (v := vehicle_cost(t, team["mode"], team["roster"], d.vehicles, km_per_year.get(t, 0.0))) is not None]


def _own_cost(data: dict, team: str, scenario: Scenario) -> CrewCost:
    spec = data["field"]["teams"][team]
    on_call = spec.get("on_call") or {}
    return crew_cost(team, spec["roster"], scenario.costs, on_call.get("shift"),
                     on_call.get("standby_allowance_yuan_per_shift", 0.0))


def plan_shared(scenario: Scenario, district: str, settings, start: dict[str, int] | None = None,
                data: dict | None = None, should_stop=None) -> SharedDesign:
    """The shared design of ``district`` (module doc), from ``start`` (default: the scenario's
    head counts) on the district's data (default :func:`district_data`)."""
    data = data if data is not None else district_data(scenario, district)
    sites = data["portfolio"]["districts"][district]["sites"]
    groups = {s: s for s in sites}
    seed = scenario.seed

    def judge(counts):
        _poll(should_stop)
        try:
            run = _run(with_shared(data, district, counts), settings.replications, settings.site_search_days, seed)
        except ScenarioError:
            return None
        return shortfall(verdicts(run, groups))

    def cost(counts):
        c = with_shared(data, district, counts)
        teams, residual = _shared_costs(c, district, scenario)
        return (math.fsum(x.total_yuan_per_year for x in (*teams.values(), *residual.values()))
                + math.fsum(v.depreciation_yuan_per_year for v in _vehicles(c, district, scenario, {})))

    def candidates(counts, short):
        worst = max(short, key=short.get)
        return [s for s in counts if s.startswith("teams.") or s.startswith(f"residual.{worst}.")]

    found = search(start or shared_counts(data, district), judge, cost, candidates)
    final = with_shared(data, district, found.counts)
    run, judged = checked(final, settings, seed + VERIFY_SEED_OFFSET, groups, keep_logs=True)
    logs = [r.log for r in run.results]
    days = run.scenario.calendar.horizon_days
    team_names = list(data["portfolio"]["districts"][district]["teams"])
    km = {t: sum(dl.team_km.get(t, 0.0) for log in logs for dl in log.districts) / len(logs) / days * 365
          for t in team_names}
    between_s = sum(v for log in logs for dl in log.districts for times in dl.team_time_s.values()
                    for k, v in times.items() if k.startswith("between:"))
    served: dict[str, int] = {}
    for log in logs:
        for f in log.field:
            served[f.site] = served.get(f.site, 0) + sum(1 for t in f.tasks if t.meta.get("team") in team_names)
    teams, residual = _shared_costs(final, district, scenario)
    return SharedDesign(found.counts, teams, residual, _vehicles(final, district, scenario, km), judged,
                        found.evaluations, _evidence(run, found.evaluations * _candidate_days(settings)), served,
                        between_s / 3600 / len(logs) / days)


def _evidence(run, search_days: float) -> dict:
    """The check's seed, replications and horizon, and the replication-days simulated (the
    search's candidates and the check)."""
    horizon = run.scenario.calendar.horizon_days
    return {"seed": run.seed, "replications": run.replications, "horizon_days": horizon,
            "replication_days": {"search": round(search_days, 2), "verification": round(run.replications * horizon, 2)}}


def _candidate_days(settings) -> float:
    """Replication-days one candidate of the search simulates."""
    return settings.replications * settings.site_search_days


def plan_own(scenario: Scenario, district: str, settings, should_stop=None) -> OwnDesign:
    """Every site of ``district`` alone with a technician team of its own (module doc)."""
    team = technician_teams(scenario)[0]
    counts, crews, judged, evaluations, evidence, checks = {}, {}, [], 0, {}, 0.0
    for site in scenario.portfolio.districts[district].sites:
        data = own_data(scenario, district, site)
        seed = scenario.seed

        def judge(c, data=data, site=site):
            _poll(should_stop)
            try:
                run = _run(with_own(data, team, c), settings.replications, settings.site_search_days, seed)
            except ScenarioError:
                return None
            return shortfall(verdicts(run, {site: None}))

        def cost(c, data=data):
            return _own_cost(with_own(data, team, c), team, scenario).total_yuan_per_year

        start = {s: min(n, 1) for s, n in own_counts(data, team).items()}
        found = search(start, judge, cost, lambda c, short: list(c))
        final = with_own(data, team, found.counts)
        run, found_verdicts = checked(final, settings, seed + VERIFY_SEED_OFFSET, {site: None})
        counts[site], crews[site] = found.counts, _own_cost(final, team, scenario)
        judged += found_verdicts
        evaluations += found.evaluations
        checks += run.replications * run.scenario.calendar.horizon_days
        evidence = _evidence(run, evaluations * _candidate_days(settings))
    evidence["replication_days"]["verification"] = round(checks, 2)  # every site's check
    return OwnDesign(counts, crews, judged, evaluations, evidence)


def plan_district(scenario: Scenario, district: str, settings, own: OwnDesign | None = None,
                  data: dict | None = None, start: dict[str, int] | None = None, scale: float = 1.0,
                  should_stop=None) -> DistrictPlan:
    """``district`` planned both ways (``own``: the own-teams design already planned, which does
    not depend on where the sites are)."""
    spec = scenario.portfolio.districts[district]
    shared = plan_shared(scenario, district, settings, start, data, should_stop)
    own = own if own is not None else plan_own(scenario, district, settings, should_stop)
    base = {t: team.base or spec.base for t, team in spec.teams.items()}
    return DistrictPlan(district, list(spec.sites), base, shared, own, scale)


def plan_districts(scenario: Scenario, settings, should_stop=None) -> dict[str, DistrictPlan]:
    """Every district of ``scenario`` that shares teams, planned both ways."""
    return {name: plan_district(scenario, name, settings, should_stop=should_stop) for name in sharing_districts(scenario)}


def _poll(should_stop) -> None:
    """Call ``should_stop()`` before each candidate is simulated: it raises to stop the planning
    (planner.portfolio.planning passes one raising its Stopped on the app's Stop)."""
    if should_stop is not None:
        should_stop()
