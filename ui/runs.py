"""Runs behind the app: simulations cached by scenario, plans kept per scenario and settings.

* A simulation runs its replications one at a time (``sim.running.runner.simulate`` with one replication
  and ``first=n``), reporting progress after each, so a Stop click (a Streamlit rerun) ends it at
  the next update. Each replication's result (KPIs, hour-of-day profiles and histograms; never
  the raw event log, ``keep_logs=False``) is kept in one store shared by the app's sessions
  (:func:`replication_store`), keyed on the scenario's canonical JSON, the seed and its number;
  the tables of a whole run (KPI, by hour, histograms, per type) are made from the stored
  replications on each call (tens of milliseconds), not cached a second time. Re-running an
  unchanged scenario simulates nothing, and a stopped run resumes where it stopped.
* A plan (``planner.plan.make_plan(...).to_dict()``) is kept in a small store shared by the
  app's sessions, keyed on the scenario's canonical JSON and the plan settings.

Quick mode answers in about a second on the default site; full mode uses the scenario's own
horizon and replications and the planner's defaults.
"""

from __future__ import annotations

import hashlib
import json
import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Callable

import pandas as pd
import streamlit as st

from planner.search.events import SearchEvent
from planner.search.optimise import VERIFY_ROUNDS, settle_rep_days  # noqa: F401 (VERIFY_ROUNDS: the tests')
from planner.search.sequential import looks
from planner.search.settings import FULL_PLAN, QUICK_PLAN, SearchSettings
from sim.running.executors import cap_workers
from sim.running.runner import ReplicationResult, RunResult, simulate
from sim.scenario import Scenario
from ui.state import canonical_json, scenario_from_json, with_overrides

#: Quick mode: one simulated week, four replications (about 0.5 s on the default site).
QUICK_DAYS = 7.0
QUICK_REPLICATIONS = 4
#: Quick planning (planner.search.settings.QUICK_PLAN) on a week: a preview, its time estimated
#: from the run's own pace (:func:`plan_remaining_s`); full planning is the full plan (FULL_PLAN)
#: on the scenario's horizon.
QUICK_PLAN_DAYS = 7.0

Progress = Callable[[int, int], None]
#: The longest a simulation of the app may run (checked between replications).
from sim.scenario.workload import APP_MAX_RUN_SECONDS  # noqa: E402


@dataclass(frozen=True)
class RunSettings:
    """How a scenario is simulated: mode, horizon, replications, seed."""

    mode: str
    horizon_days: float
    replications: int
    seed: int


def run_settings(scenario: Scenario, mode: str) -> RunSettings:
    if mode == "quick":
        days = min(scenario.calendar.horizon_days, QUICK_DAYS)
        if scenario.calendar.warmup_days >= days:
            days = scenario.calendar.warmup_days + QUICK_DAYS
        return RunSettings("quick", days, min(QUICK_REPLICATIONS, scenario.replications) or 1, scenario.seed)
    return RunSettings("full", scenario.calendar.horizon_days, scenario.replications, scenario.seed)


def scenario_for(scenario: Scenario, settings: RunSettings) -> Scenario:
    """The scenario with the settings' horizon."""
    if settings.horizon_days == scenario.calendar.horizon_days:
        return scenario
    return with_overrides(scenario, {"calendar.horizon_days": settings.horizon_days})


def key_of(scenario: Scenario, *extra: Any) -> str:
    """A short key of a scenario and settings (for session state and file names)."""
    text = canonical_json(scenario) + json.dumps(extra, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# --------------------------------------------------------------------------- simulation


@dataclass
class RunTables:
    """What the app shows of a run: small tables only."""

    scenario: str
    operating_model: str
    seed: int
    replications: int
    horizon_days: float
    kpi: pd.DataFrame
    by_hour: pd.DataFrame
    histogram: pd.DataFrame
    types: pd.DataFrame
    seconds: float = 0.0
    #: The target time of each histogram stream, seconds (answer within, on site within).
    within_s: dict[str, float] = field(default_factory=dict)

    @classmethod
    def from_run(cls, run: RunResult, seconds: float = 0.0) -> "RunTables":
        return cls(run.scenario.name, run.scenario.operating_model, run.seed, run.replications,
                   run.horizon_days, run.kpi_table(), run.by_hour_table(), run.histogram_table(),
                   run.type_table(), seconds, target_times(run.scenario))


def target_times(scenario: Scenario) -> dict[str, float]:
    """Seconds within which each stream of the response-time histograms is promised."""
    from sim.results.centre_kpis import service_level_threshold_s

    out = {kind: float(service_level_threshold_s(scenario, kind)) for kind in ("calls", "remote_ops", "expert")
           if getattr(scenario.targets, kind) is not None}
    if scenario.field is not None:
        field_targets = scenario.targets.field
        out |= {f"work_orders.{priority}": target.within_min * 60 for priority, target in field_targets.response.items()}
        if field_targets.incident_response is not None:
            out["incidents"] = field_targets.incident_response.within_min * 60
    return out


@st.cache_resource(show_spinner=False)
def replication_store() -> "LRUStore":
    """Replications simulated by the app (no event log kept), by scenario, seed and number: a
    run that grows or comes back reuses them."""
    return LRUStore(1000)


def _replication_key(scenario_json: str, seed: int, number: int) -> str:
    return f"{hashlib.sha256(scenario_json.encode()).hexdigest()}:{seed}:{number}"


def _replication(scenario_json: str, seed: int, number: int) -> ReplicationResult:
    """Replication ``number`` of the scenario (no event log kept), from the store or simulated here."""
    key = _replication_key(scenario_json, seed, number)
    found = replication_store().get(key)
    if found is None:
        found = simulate(scenario_from_json(scenario_json), replications=1, seed=seed, first=number,
                         keep_logs=False).results[0]
        replication_store().put(key, found)
    return found


class RunTooLong(ValueError):
    """A run of the app that passed its time limit (APP_MAX_RUN_SECONDS)."""


#: The app's memory ceiling: its server's resident memory and the worker processes a run starts, MB.
APP_MEMORY_CEILING_MB = 1200.0
#: The server's own resident memory with its pages loaded, before a run: measured 285 MB (the
#: app's pages opened in one process), rounded up for the web server and the caches.
APP_BASE_MB = 400.0
#: Memory a simulated event holds until its replication ends, KB (no event log kept): measured
#: 0.80 KB on the default site at 200,000 households × 2 days and 0.84 KB at 2,500,000 × 1 day
#: (peak resident memory of one replication less the process's before it), rounded up.
KB_PER_EVENT = 0.9
#: A plan's worker process before it simulates (the simulator and planner imported): measured 185 MB.
WORKER_BASE_MB = 200.0


class RunOverMemory(ValueError):
    """A run whose estimated memory (:func:`run_memory_mb`) would take the app over
    :data:`APP_MEMORY_CEILING_MB`: refused before it starts. Its fields say what to reduce."""

    def __init__(self, need_mb: float, events_per_day: float, days: float, processes: int):
        self.need_mb, self.events_per_day, self.days, self.processes = need_mb, events_per_day, days, processes
        super().__init__(f"the run would need about {need_mb:,.0f} MB of memory, above the app's ceiling of "
                         f"{APP_MEMORY_CEILING_MB:,.0f} MB: lower the households (or the demand; about "
                         f"{events_per_day:,.0f} events a day) or the simulated days ({days:g}), or run it with "
                         f"python -m sim run")


def run_memory_mb(scenario: Scenario, days: float, processes: int = 1) -> float:
    """Memory a run adds to the app, MB: each process simulating holds one replication at a time,
    its events on the busiest day × ``days`` × :data:`KB_PER_EVENT`; a pool's processes (more
    than one) add their own :data:`WORKER_BASE_MB`."""
    from sim.scenario.workload import total_per_day

    replication_mb = total_per_day(scenario) * days * KB_PER_EVENT / 1024
    return processes * (replication_mb + (WORKER_BASE_MB if processes > 1 else 0.0))


def check_app_budget(scenario: Scenario, days: float | None = None, replications: int | None = None,
                     processes: int = 1) -> None:
    """Refuse, before it starts, a run bigger than the app's budget (the app is shared: one
    session must not take the server): above the app's events (sim.running.budget.BudgetError)
    or, simulated on ``processes`` processes, above its memory ceiling (:class:`RunOverMemory`:
    :data:`APP_BASE_MB` and :func:`run_memory_mb`, from the scenario alone, so a scenario is
    refused or not whatever the server holds); both are ValueErrors."""
    from sim.running.budget import check_budget
    from sim.scenario.workload import APP_MAX_RUN_EVENTS, total_per_day

    check_budget(scenario, APP_MAX_RUN_EVENTS, days=days, replications=replications,
                 what="the app's limit per run; run bigger scenarios with python -m sim run")
    days = scenario.calendar.horizon_days if days is None else days
    need = APP_BASE_MB + run_memory_mb(scenario, days, processes)
    if need > APP_MEMORY_CEILING_MB:
        raise RunOverMemory(need, total_per_day(scenario), days, processes)


def check_portfolio_budget(scenario: Scenario, settings, processes: int) -> None:
    """:func:`check_app_budget` for a portfolio planned on ``processes`` processes with
    ``settings`` (planner.portfolio.planning.Settings): each process plans a task (the centre on
    the centralised sites' contacts, or a site), so the biggest task's scenario is the one checked."""
    from planner.portfolio.split import centre_scenario, site_models, site_scenario
    from sim.scenario.workload import total_per_day

    central = [name for name, model in site_models(scenario).items() if model == "centralised"]
    tasks = [centre_scenario(scenario, central, horizon_days=settings.horizon_days)] if central else []
    if scenario.field is not None:
        tasks += [site_scenario(scenario, name, horizon_days=settings.horizon_days) for name in scenario.sites]
    check_app_budget(max(tasks or [scenario], key=total_per_day), settings.horizon_days, settings.verify_replications,
                     processes)


def simulation_processes(scenario: Scenario, days: float, replications: int) -> int:
    """Worker processes a simulation of the app runs on: as many as the cores, the replications
    and the memory ceiling allow (each holds one replication and its own
    :data:`WORKER_BASE_MB`); 0 when not even one fits beside the server, and the run stays in
    the server's process (:func:`check_app_budget` has let it through)."""
    for processes in range(min(cap_workers(None), replications), 0, -1):
        if APP_BASE_MB + processes * (run_memory_mb(scenario, days) + WORKER_BASE_MB) <= APP_MEMORY_CEILING_MB:
            return processes
    return 0


def run_tables(scenario: Scenario, settings: RunSettings, progress: Progress | None = None,
               heartbeat: Callable[[], None] | None = None) -> RunTables:
    """Simulate ``scenario`` with ``settings`` (each replication kept for the next run), calling
    ``progress(done, total)`` as replications finish and ``heartbeat()`` about every half second
    while they run. The replications run on worker processes (:func:`simulation_processes`), so
    an exception from either call (the page's Stop: Streamlit's rerun raises from its next call)
    ends the run within a second, its processes terminated. Refused before it starts above the
    app's event budget; stopped once it has run for :data:`APP_MAX_RUN_SECONDS`."""
    from sim.running.executors import process_pool, stop_pool
    from sim.running.runner import run_jobs

    check_app_budget(scenario, settings.horizon_days, settings.replications)
    text = canonical_json(scenario_for(scenario, settings))
    total, started = settings.replications, time.perf_counter()
    missing = [n for n in range(total) if _replication_key(text, settings.seed, n) not in replication_store()]
    done = [total - len(missing)]

    def counted(finished: int, _of: int) -> None:
        done[0] = total - len(missing) + finished
        if progress is not None:
            progress(done[0], total)

    def watch() -> None:
        if time.perf_counter() - started > APP_MAX_RUN_SECONDS:
            raise RunTooLong(f"stopped after {done[0]} of {total} replications: a run in the app may "
                             f"take at most {APP_MAX_RUN_SECONDS:.0f} s; use quick mode, fewer replications or "
                             f"python -m sim run")
        if heartbeat is not None:
            heartbeat()

    processes = simulation_processes(scenario, settings.horizon_days, len(missing)) if missing else 0
    run = scenario_from_json(text)
    jobs = [(run, settings.seed, [n], False, None) for n in missing]
    if processes:
        pool = process_pool(processes)
        try:
            parts = run_jobs(jobs, executor=pool, progress=counted, heartbeat=watch)
        except BaseException:
            stop_pool(pool)
            raise
        pool.shutdown()
    else:  # too big for a worker beside the server: here, stopped between replications
        parts = run_jobs(jobs, progress=counted, heartbeat=watch)
    for number, (result,) in zip(missing, parts):
        replication_store().put(_replication_key(text, settings.seed, number), result)
    # the tables are made from the stored replications each time (tens of ms): one cache, not two
    results = [_replication(text, settings.seed, n) for n in range(total)]
    return RunTables.from_run(RunResult(run, settings.seed, results), time.perf_counter() - started)


def clear_caches() -> None:
    replication_store.clear()


# --------------------------------------------------------------------------- team and budget


@st.cache_data(max_entries=64, show_spinner=False)
def _team_budget(scenario_json: str) -> tuple[dict[str, float], dict | None]:
    from planner.plan import team_and_budget

    team, budget = team_and_budget(scenario_from_json(scenario_json))
    return team, (budget.summary() if budget is not None else None)


def team_and_budget_summary(scenario: Scenario) -> tuple[dict[str, float], dict | None]:
    """Full-time people by role to work the scenario's own rosters (norms for fixed-content
    roles) and the budget's headline figures (None unless one site with a floor area).
    Raises ValueError when the norms cannot be applied (no floor area)."""
    return _team_budget(canonical_json(scenario))


# --------------------------------------------------------------------------- plans


class LRUStore:
    """A small thread-safe least-recently-used mapping."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key]

    def put(self, key: str, value: Any) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def __contains__(self, key: str) -> bool:
        with self._lock:
            return key in self._items


@st.cache_resource(show_spinner=False)
def plan_store() -> LRUStore:
    return LRUStore(16)


@dataclass(frozen=True)
class PlanSettings:
    """How the app plans in a mode: the plan's horizon and the search's settings."""

    mode: str
    horizon_days: float
    search: SearchSettings


def plan_settings(scenario: Scenario, mode: str) -> PlanSettings:
    if mode == "quick":
        days = min(scenario.calendar.horizon_days, QUICK_PLAN_DAYS)
        if scenario.calendar.warmup_days >= days:
            days = scenario.calendar.warmup_days + QUICK_PLAN_DAYS
        search = min(QUICK_PLAN.search_days, days)
        if scenario.calendar.warmup_days >= search:
            search = days
        # A quick plan searches by the full plan's rule (so it previews the full plan's design)
        # and is verified once on a short run, without repair: what stays unsettled is shown.
        return PlanSettings("quick", days, QUICK_PLAN.but(search_days=search,
                                                          settle_budget_rep_days=round(settle_rep_days(scenario), 6)))
    return PlanSettings("full", scenario.calendar.horizon_days, FULL_PLAN)


def verify_most(search: SearchSettings, first: int) -> int:
    """The most replications a verification first looking at ``first`` may grow to while a
    commitment is inconclusive: the last look of planner.search.sequential's schedule, up to
    ``verify_cap`` × ``first``."""
    return looks(first, max(1, search.verify_cap) * first)[-1]


def quick_sizes(scenario: Scenario | None = None) -> dict[str, float]:
    """What quick mode runs, for the words that name it (the sidebar's mode, the run settings'
    notes): a simulation's ``days`` × ``reps``; a plan's candidates on ``search`` days ×
    ``search_reps``, verified on ``verify_days`` × ``verify`` at the first look and up to ``most``
    where the looks grow; the full plan's candidates on ``full_search`` days × ``full_reps``.
    Of ``scenario`` as run_settings and plan_settings make them (None: a scenario of a week or
    more and at least the quick replications)."""
    if scenario is None:
        days, reps, verify_days, search = QUICK_DAYS, QUICK_REPLICATIONS, QUICK_PLAN_DAYS, QUICK_PLAN
    else:
        run, plan = run_settings(scenario, "quick"), plan_settings(scenario, "quick")
        days, reps, verify_days, search = run.horizon_days, run.replications, plan.horizon_days, plan.search
    first = search.verify_replications  # a quick plan's own count, never the scenario's
    return {"days": days, "reps": reps, "search": search.search_days, "search_reps": search.replications,
            "verify_days": verify_days, "verify": first, "most": verify_most(search, first),
            "full_search": FULL_PLAN.search_days, "full_reps": FULL_PLAN.replications}


#: Candidates a quick plan may simulate beyond its budget: the option search under way when the
#: budget is spent finishes (about 20 on the bundled scenarios), and its verification of 4 up to
#: 16 replications × 7 days is worth up to 16 candidates of 4 × 3 days.
QUICK_TAIL_CANDIDATES = 36


def plan_remaining_s(settings: PlanSettings, candidates: int, elapsed_s: float) -> float | None:
    """Seconds a plan is likely still to take, from its pace so far and the candidates a quick
    plan usually simulates (its budget and :data:`QUICK_TAIL_CANDIDATES`); None for a plan with
    no budget, before the first candidate, or once past that count (a search without options
    longer than the budget: the app then shows the count alone)."""
    if settings.search.max_candidates is None or candidates <= 0 or elapsed_s <= 0:
        return None
    most = settings.search.max_candidates + QUICK_TAIL_CANDIDATES
    return elapsed_s / candidates * (most - candidates) if candidates < most else None


def plan_key(scenario: Scenario, settings: PlanSettings) -> str:
    """The key of a plan of ``scenario``: its staffing question, not the bid's texts (the
    ``proposal`` section: bidder, project, contact; no simulation depends on them, and the export
    lays the current ones over the plan), so editing them keeps the plan on every page."""
    question = scenario.model_copy(update={"proposal": type(scenario.proposal)()})
    return key_of(question, "plan", {"mode": settings.mode, "horizon_days": settings.horizon_days,
                                     **settings.search.to_dict()})


@dataclass
class PlanRecord:
    """A plan as the app keeps it: plan.json's dict and how it was made."""

    key: str
    plan: dict
    settings: PlanSettings
    scenario_name: str
    seconds: float
    #: What the search reported as it went (ui.i18n.progress_message puts each in words).
    messages: list[SearchEvent] = field(default_factory=list)


def find_plan(key: str) -> PlanRecord | None:
    return plan_store().get(key)


def latest_plan(scenario: Scenario | None, session_key: str | None) -> PlanRecord | None:
    """The plan to show or export: the current scenario's (full mode first), else the session's last."""
    if scenario is not None:
        for mode in ("full", "quick"):
            found = find_plan(plan_key(scenario, plan_settings(scenario, mode)))
            if found is not None:
                return found
    return find_plan(session_key) if session_key else None


def plan_with(scenario: Scenario, settings: PlanSettings, workers: int, progress: Callable[[SearchEvent], None] | None = None,
              on_candidate: Callable[[int], None] | None = None, heartbeat: Callable[[], None] | None = None):
    """``planner.plan.make_plan`` with the settings of a mode (:func:`plan_settings`), on the
    mode's horizon: the one place a mode becomes a plan (the app, bench/bench_plan.py)."""
    from planner.plan import make_plan

    base = scenario if settings.horizon_days == scenario.calendar.horizon_days else \
        with_overrides(scenario, {"calendar.horizon_days": settings.horizon_days})
    return make_plan(base, settings.search, workers=workers, progress=progress, on_candidate=on_candidate,
                     heartbeat=heartbeat)


def make_plan_record(scenario: Scenario, settings: PlanSettings, progress: Callable[[SearchEvent], None] | None = None,
                     on_candidate: Callable[[int], None] | None = None,
                     heartbeat: Callable[[], None] | None = None) -> PlanRecord:
    """Run the planner on every core and keep it. ``progress``, ``on_candidate(n)`` and
    ``heartbeat()`` (about every half second while a simulation runs) are called here, in the
    caller's thread: an exception raised from one (a Stop: Streamlit's rerun raises from the
    page's next call) ends the plan within a second, its worker processes terminated, and keeps
    nothing."""
    key = plan_key(scenario, settings)
    found = find_plan(key)
    if found is not None:
        return found
    workers = cap_workers(None)
    check_app_budget(scenario, settings.search.search_days, settings.search.replications, workers)
    check_app_budget(scenario, settings.horizon_days, settings.search.verify_replications, workers)
    messages: list[SearchEvent] = []

    def say(event: SearchEvent) -> None:
        messages.append(event)
        if progress is not None:
            progress(event)

    started = time.perf_counter()
    plan = plan_with(scenario, settings, workers, progress=say, on_candidate=on_candidate, heartbeat=heartbeat)
    # plan.json says how it was made: a quick plan is a preview, to be verified fully.
    made = _json_safe(plan.to_dict()) | {"mode": settings.mode, "preview": settings.mode == "quick"}
    record = PlanRecord(key, made, settings, scenario.name, time.perf_counter() - started, messages)
    plan_store().put(key, record)
    return record


def _json_safe(value: Any) -> Any:
    """plan.json's dict as JSON would write it (NaN as None), for downloads and export."""
    return json.loads(json.dumps(value, default=_default_json), parse_constant=lambda _: None)


def _default_json(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


# --------------------------------------------------------------------------- proposal export


class ExportUnavailable(RuntimeError):
    """The proposal export (planner.proposal) is not installed or cannot run here."""


def export_formats() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The formats and languages the proposal export offers."""
    try:
        from planner.proposal import FORMATS, LANGS
    except ImportError as exc:
        raise ExportUnavailable(str(exc)) from None
    return tuple(FORMATS), tuple(LANGS)


def export_files(plan: dict, formats: tuple[str, ...], lang: str, edition: str = "internal") -> dict[str, tuple[str, bytes]]:
    """The proposal's files in ``edition`` (planner.proposal.edition): format -> (file name, bytes)."""
    import tempfile
    from pathlib import Path

    try:
        from planner.proposal import export_proposal
    except ImportError as exc:
        raise ExportUnavailable(str(exc)) from None
    with tempfile.TemporaryDirectory(prefix="proposal-") as tmp:
        paths = export_proposal(plan, Path(tmp), formats=tuple(formats), lang=lang, edition=edition)
        return {fmt: (Path(path).name, Path(path).read_bytes()) for fmt, path in paths.items()}


def read_plan(content: bytes) -> dict:
    """An uploaded plan.json as a dict; ValueError saying why when it is not JSON or not a plan
    the proposal can be made from."""
    from planner.proposal.content import check_plan
    from planner.proposal.options import ProposalError

    try:
        plan = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ProposalError(f"not a JSON file ({exc})", "not_json") from None
    except RecursionError:
        raise ProposalError("not a plan.json: nested too deeply", "too_deep") from None

    check_plan(plan)  # ProposalError is a ValueError naming what is missing
    return plan


def export_error_message(exc: Exception) -> str:
    """The message of a failed export: the proposal's own words for its errors (ProposalError
    says what and what is allowed), the exception's type otherwise."""
    try:
        from planner.proposal import ProposalError
    except ImportError:
        ProposalError = ()  # noqa: N806
    if ProposalError and isinstance(exc, ProposalError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"
