"""Planning a portfolio by decomposition: the group centre on the pooled demand of the sites it
serves, each site's field and own desk for that site, all of them in parallel.

Searches (each one ``planner.search.optimise.optimise``) on one executor of
``sim.running.executors`` (a process pool, a Dask cluster when given, or serial): each site's a
task of its own (one process), the centre's, the largest, searched in this process with its
simulations on the executor beside the sites' tasks (sites take one worker fewer than there are,
so the centre always has one, and all of them once the sites are done; its plan is the same on
any executor):

* **the centre**: ``planner.portfolio.split.centre_scenario`` of the centralised sites, started
  from the analytic rosters (``planner.search.analytic_start``), searched over its pools: it
  answers for the centre's commitments (calls, tickets, return visits, escalations, remote
  operations, occupancy) on the pooled demand;
* **each site**: ``split.site_scenario`` (the site alone under the traditional model, its own
  desk from the analytic rosters), searched over its field teams, posts and desk. Its field
  teams are the site's under either model (the models differ in the desk and the posts, not in
  the work of technicians, guards and butlers), so one plan gives the traditional site whole and
  the centralised site's field. Sites equal in every quantity share one plan (planned once).

Every commitment of every plan is judged on fresh random numbers (the search's verification);
a commitment missed is named in ``PortfolioPlan.missed`` with the plan that misses it, never
dropped. For a centralised site the commitments are its field's (the site plan's field streams)
and the centre's; for a traditional site all of its own plan's.

``should_stop()`` is polled about every half second while tasks run (the app's Stop): the tasks
not started are cancelled, the workers' processes terminated (a task under way computes on for
no one) and :class:`Stopped` is raised; an exception raised from it or from ``progress`` stops
the same way. ``progress(done, total, task, seconds)`` reports each
finished task ("centre" or "site:NAME").
"""

from __future__ import annotations

import json
import time
from concurrent.futures import FIRST_COMPLETED, wait
from dataclasses import dataclass, field, replace

from planner.costs.team import RosterLine, roster_lines, site_norms, site_team
from planner.portfolio.split import centre_scenario, site_models, site_scenario
from planner.rostering.compliance import kept_per_shift
from planner.search.analytic_start import with_analytic_rosters
from planner.search.design import group_paths
from planner.search.optimise import optimise
from planner.search.settings import PORTFOLIO_PLAN, SearchSettings
from planner.search.work import Work
from sim.results.centre_kpis import KpiKey
from sim.results.report import to_json_dict
from sim.results.verdicts import Verdict
from sim.running.executors import make_executor, stop_pool
from sim.running.runner import HEARTBEAT_S
from sim.scenario import Scenario

#: Streams of the field (the rest are the contact centre's).
FIELD_STREAMS = ("work_orders", "equipment", "patrols", "incidents", "butlers", "field_staff")


class Stopped(Exception):
    """The planning was stopped (``should_stop()`` returned true)."""


@dataclass(frozen=True)
class Settings:
    """Run sizes of the portfolio's searches (short by default: a portfolio in minutes; the
    defaults are planner.search.settings.PORTFOLIO_PLAN's, and :meth:`search` is that with these)."""

    replications: int = PORTFOLIO_PLAN.replications
    #: the centre's candidates (thousands of calls a day: three days tell)
    search_days: float = PORTFOLIO_PLAN.search_days
    #: a site's candidates: a week, so a small site's rare streams (a few emergencies, urgent
    #: orders and specialist incidents) have cases enough that no design option passes on a
    #: handful (3-day candidates at the 600-household jinxiu chose an on-call night that every
    #: 28-day check then missed, and spent twice as long verifying and repairing)
    site_search_days: float = 7.0
    verify_replications: int = PORTFOLIO_PLAN.verify_replications
    #: the final checks' horizon: four weeks, as a site plan's, so rare streams (a small site's
    #: emergencies, urgent orders, incidents) have cases enough to be shown met
    horizon_days: float = 28.0
    site_design_moves: bool = False
    centre_design_moves: bool = True
    #: the design options of a site's own plan (the desk taking the experts' calls, the fire
    #: control room the night hotline, technicians on call at night), so the traditional side is
    #: planned as a site manager would run it, not as a dearer straw man
    use_options: bool = True
    #: the certificate over the options (planner.search.certificate) on each plan: off, as the
    #: group's figures were measured without it and it costs each plan about as much search again
    #: (the default site: 3,738 replication-days against 2,590); a site's own plan has it
    certify_options: bool = PORTFOLIO_PLAN.certify_options
    #: verification's replications may rise to this multiple while a target is inconclusive (a
    #: small site's rare streams, urgent orders and incidents, need it: replications of a site's
    #: week are cheap), and the rounds of repair and fresh verification (planner.search.optimise)
    verify_cap: int = PORTFOLIO_PLAN.verify_cap
    verify_rounds: int = PORTFOLIO_PLAN.verify_rounds

    def __post_init__(self) -> None:
        for name in ("replications", "verify_replications", "verify_cap", "verify_rounds"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be at least 1, got {getattr(self, name)}")
        for name in ("search_days", "site_search_days", "horizon_days"):
            value = getattr(self, name)
            if not 0 < value <= 3660:
                raise ValueError(f"{name} must be > 0 and ≤ 3660 days, got {value}")


    def search(self, design_moves: bool, groups: list[str] | None, search_days: float | None = None) -> SearchSettings:
        """The settings of one of the portfolio's searches: over ``groups`` (None: every group),
        on candidates of ``search_days`` (default ``search_days``: the centre's)."""
        return PORTFOLIO_PLAN.but(replications=self.replications, search_days=search_days or self.search_days,
                                  verify_replications=self.verify_replications, design_moves=design_moves,
                                  use_options=self.use_options, groups=frozenset(groups) if groups is not None else None,
                                  verify_cap=self.verify_cap, verify_rounds=self.verify_rounds,
                                  certify_options=self.certify_options)


def is_field(kpi: dict) -> bool:
    return kpi["stream"].split(".")[0] in FIELD_STREAMS


def kpi_label(kpi: dict) -> str:
    """A KPI row as the ``missed`` lists name it: its key's string form (``stream[group].metric``)."""
    return str(KpiKey.of_row(kpi))


def unmet(kpis: list[dict], which=lambda kpi: True) -> list[str]:
    """Targeted KPIs (``which`` of them) not shown met at 95% confidence: missed, not yet shown,
    or not measured (sim.results.verdicts: a commitment measured in no replication or in one only
    is never met)."""
    return [kpi_label(k) for k in kpis if k.get("direction") and which(k) and Verdict(k["status"]) is not Verdict.MET]


def _plan_task(scenario: Scenario, groups: list[str] | None, settings: Settings, design_moves: bool,
               search_days: float | None = None, *, executor=None, heartbeat=None) -> dict:
    """One search: the analytic start, then ``optimise`` over ``groups`` on candidates of
    ``search_days`` (default ``settings.search_days``); in a worker, or here with its
    simulations on ``executor`` (the centre's: :func:`plan_portfolio`)."""
    started, cpu = time.perf_counter(), time.process_time()
    start, analytic = with_analytic_rosters(scenario)
    result = optimise(start, settings.search(design_moves, groups, search_days), workers=1, executor=executor,
                      heartbeat=heartbeat)
    planned = result.planned
    evidence = to_json_dict(result.evidence)
    return {"lines": roster_lines(planned, scenario), "kpis": evidence["kpis"],
            "evidence": {k: evidence[k] for k in ("seed", "replications", "horizon_days")},
            "set_aside": result.set_aside, "evaluations": result.evaluations, "work": result.work,
            "options": sorted(result.design.options) if result.design is not None else [],
            "seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - cpu, "planned": planned}


@dataclass
class SitePlan:
    """One site's plan: its rosters (field teams, posts, desk), the people they need and its evidence."""

    name: str
    model: str
    lines: list[RosterLine]
    kpis: list[dict]
    evidence: dict
    set_aside: list[str]
    evaluations: int
    seconds: float
    #: Full-time people by role: the traditional site whole, and the centralised site's own staff.
    team_traditional: dict[str, float]
    team_centralised: dict[str, float]
    shared_with: str | None = None
    #: The site's scenario as planned (``split.site_scenario``; a shared plan's origin's).
    scenario: Scenario | None = None
    #: The same with the plan's rosters (what its own proposal starts from: ``split.own_scenario``).
    planned: Scenario | None = None
    #: The design options the plan switched on (``planner.search.design.DesignOption.name``).
    options: list[str] = field(default_factory=list)

    @property
    def missed(self) -> list[str]:
        """Commitments this site's plan misses under its model (the centre's are the centre's)."""
        return unmet(self.kpis) if self.model == "traditional" else unmet(self.kpis, is_field)

    def lines_under(self, model: str) -> list[RosterLine]:
        """The plan's roster lines the site staffs under ``model`` (:func:`lines_under`)."""
        return lines_under(self.lines, self.scenario, model)

    def missed_under(self, model: str) -> list[str]:
        return unmet(self.kpis) if model == "traditional" else unmet(self.kpis, is_field)


@dataclass
class CentrePlan:
    """The group centre's plan on the pooled demand of the sites it serves."""

    sites: list[str]
    lines: list[RosterLine]
    kpis: list[dict]
    evidence: dict
    set_aside: list[str]
    evaluations: int
    seconds: float
    scenario: Scenario | None = None

    @property
    def missed(self) -> list[str]:
        return unmet(self.kpis)


@dataclass
class PortfolioPlan:
    """Everything the portfolio planner found (``planner.portfolio.report`` turns it into data)."""

    scenario: Scenario
    models: dict[str, str]
    sites: dict[str, SitePlan]
    centre: CentrePlan | None
    settings: Settings
    seconds: float
    executor: str
    notes: list[str] = field(default_factory=list)
    #: What every task simulated together (planner.search.work; seconds: the wall time).
    work: Work = field(default_factory=Work)
    #: Each district sharing teams, planned shared and with the sites' own teams
    #: (planner.portfolio.districts.DistrictPlan), and its spread sweep when asked for.
    districts: dict = field(default_factory=dict)
    district_sweeps: dict = field(default_factory=dict)

    @property
    def missed(self) -> dict[str, list[str]]:
        """Every commitment missed, by plan ('centre' or a site's name); empty when all are met."""
        out = {name: plan.missed for name, plan in self.sites.items() if plan.missed}
        if self.centre is not None and self.centre.missed:
            out["centre"] = self.centre.missed
        return out


def _site_key(scenario: Scenario, name: str) -> str:
    return json.dumps(scenario.sites[name].model_dump(mode="json"), sort_keys=True)


def lines_under(lines: list[RosterLine], one_site: Scenario, model: str) -> list[RosterLine]:
    """The roster lines of a site's (traditional) plan that the site staffs under ``model``: all of
    them traditionally; under centralised control its field teams and the posts it keeps, a fire
    control room at the fewest people a shift its rules allow
    (``planner.rostering.compliance.kept_per_shift``)."""
    if model == "traditional":
        return list(lines)
    kept = one_site.staffed_posts(model)
    out = [ln for ln in lines if ln.kind == "team"]
    for ln in lines:
        if ln.kind == "post" and ln.group in kept:
            need = kept_per_shift(kept[ln.group])
            out.append(replace(ln, people=ln.people if need is None else need,
                               copies=len(one_site.post_sites(ln.group, model))))
    return out


def _teams(lines: list[RosterLine], one_site: Scenario) -> tuple[dict, dict]:
    """The site's whole people under each model, as its own plan counts them
    (``planner.costs.team.site_team``: rosters, the norms' roles rounded up, team leaders by span
    of control): the traditional site whole, and the centralised site's field teams and the posts
    it keeps (:func:`lines_under`)."""
    norms = site_norms(one_site)
    return (site_team(one_site, lines, norms),
            site_team(one_site, lines_under(lines, one_site, "centralised"), norms))


def plan_portfolio(scenario: Scenario, settings: Settings | None = None, *, executor: str = "process",
                   workers: int | None = None, address: str | None = None, progress=None,
                   should_stop=None, district_sweep: tuple[float, ...] = ()) -> PortfolioPlan:
    """Plan the centre and every site (module doc), and every district sharing teams both ways
    (planner.portfolio.districts), swept over ``district_sweep``'s spreads when given."""
    settings = settings or Settings()
    started = time.perf_counter()
    models = site_models(scenario)
    central = [name for name, model in models.items() if model == "centralised"]
    jobs: dict[str, tuple] = {}
    if central:
        cs = centre_scenario(scenario, central, horizon_days=settings.horizon_days)
        jobs["centre"] = (cs, None, settings, settings.centre_design_moves)
    first_of: dict[str, str] = {}
    shared: dict[str, str] = {}
    singles: dict[str, Scenario] = {}
    if scenario.field is not None:
        for name in scenario.sites:
            key = _site_key(scenario, name)
            if key in first_of:
                shared[name] = first_of[key]
                continue
            first_of[key] = name
            one = site_scenario(scenario, name, horizon_days=settings.horizon_days)
            singles[name] = one
            jobs[f"site:{name}"] = (one, list(group_paths(one)), settings, settings.site_design_moves,
                                    settings.site_search_days)
    results: dict[str, dict] = {}
    kind = executor if len(jobs) > 1 else "serial"
    pool = make_executor(kind, workers, address)
    # The centre (the largest search) is searched here with its simulations on the pool, beside
    # the sites' tasks: one worker fewer than the pool's are given to sites at a time, so the
    # centre always has one, and every worker once the sites are done.
    centre_job = jobs.pop("centre", None)
    queued = list(jobs.items())
    in_flight = max(1, getattr(pool, "_max_workers", 1) - (centre_job is not None))
    futures: dict = {}
    total = len(jobs) + (centre_job is not None)

    def collect(block: bool) -> None:
        """Start site tasks up to ``in_flight``, take those finished (waiting for one when
        ``block``) and poll ``should_stop``."""
        while queued and sum(not f.done() for f in futures) < in_flight:
            name, args = queued.pop(0)
            futures[pool.submit(_plan_task, *args)] = name
        running = [f for f in futures if futures[f] not in results]
        finished, _ = wait(running, timeout=HEARTBEAT_S if block else 0, return_when=FIRST_COMPLETED)
        for future in finished:
            name = futures[future]
            results[name] = future.result()
            if progress is not None:
                progress(len(results), total, name, results[name]["seconds"])
        if should_stop is not None and should_stop():
            raise Stopped()

    try:
        if centre_job is not None:
            collect(False)
            results["centre"] = _plan_task(*centre_job, executor=None if kind == "serial" else pool,
                                           heartbeat=lambda: collect(False))
            if progress is not None:
                progress(len(results), total, "centre", results["centre"]["seconds"])
        while len(results) < total:
            collect(True)
    except BaseException:
        # Stopped, interrupted or failed: drop the tasks not started, end the ones under way.
        stop_pool(pool)
        raise
    pool.shutdown()
    centre = None
    if "centre" in results:
        r = results["centre"]
        centre = CentrePlan(central, r["lines"], r["kpis"], r["evidence"], r["set_aside"], r["evaluations"],
                            r["seconds"], r["planned"])
    sites: dict[str, SitePlan] = {}
    for name in scenario.sites:
        origin = shared.get(name, name)
        r = results.get(f"site:{origin}")
        if r is None:
            continue
        trad, cent = _teams(r["lines"], singles[origin])
        sites[name] = SitePlan(name, models[name], r["lines"], r["kpis"], r["evidence"], r["set_aside"],
                               r["evaluations"] if origin == name else 0, r["seconds"] if origin == name else 0.0,
                               trad, cent, shared_with=shared.get(name), scenario=singles[origin], planned=r["planned"],
                               options=r["options"])
    work = Work()
    for r in results.values():
        work = work.merged(r["work"])
    work.seconds = time.perf_counter() - started  # wall time (the tasks' own seconds overlap)
    # (the centre's CPU is spent in the workers, beside the sites': its own seconds are wall time)
    site_cpu = [r["cpu_seconds"] for name, r in results.items() if name != "centre"]
    timing = ([f"site tasks used {sum(site_cpu):.0f} CPU-seconds in all (the longest {max(site_cpu):.0f})"]
              if site_cpu else []) + ([f"the centre's search {results['centre']['seconds']:.0f} s on every worker"]
                                      if "centre" in results else [])
    notes = ["; ".join(timing + [f"{time.perf_counter() - started:.0f} s of wall time"])] if results else []
    if shared:
        notes.append(f"{len(shared)} sites equal in every quantity to an earlier site share its plan")
    if singles and not settings.use_options:
        notes.append("the sites' plans here change head counts only (no design options): a site's own plan "
                     "(planner plan --site) searches those too and may cost less, the traditional side most (the "
                     "desk taking the experts' calls, the night hotline in the fire control room)")
    elif singles and not settings.site_design_moves:
        notes.append("the sites' plans here choose head counts and design options but keep the shift times; a "
                     "site's own plan (planner plan --site) also moves shifts" +
                     ("" if settings.certify_options else ", tries each option switched on and off on its design")
                     + " and may cost a little less")
    if scenario.field is None:
        notes.append("the scenario has no field operations: sites are not planned, only the centre")
    districts, sweeps = _districts(scenario, settings, district_sweep, should_stop)
    notes.append(work.text())
    return PortfolioPlan(scenario, models, sites, centre, settings, time.perf_counter() - started, kind, notes, work,
                         districts, sweeps)


def _districts(scenario: Scenario, settings: Settings, factors: tuple[float, ...], should_stop=None) -> tuple[dict, dict]:
    """Every district sharing teams planned both ways, and swept over ``factors`` (none: no sweep);
    ``should_stop`` polled before each candidate (:class:`Stopped`)."""
    from planner.portfolio.district_sweep import sweep
    from planner.portfolio.districts import plan_districts

    def poll() -> None:
        if should_stop is not None and should_stop():
            raise Stopped()

    plans = plan_districts(scenario, settings, poll)
    return plans, {name: sweep(scenario, name, settings, plan, factors, poll)
                   for name, plan in plans.items() if factors}
