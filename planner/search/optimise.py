"""Simulation-based design of the operation: the cheapest design whose every target is met with
confidence.

A **design** (planner.search.design) is every pool's, team's and post's roster (head counts,
shift starts and lengths) and the design options switched on (the desk takes an expert pool's
escalations). A candidate is evaluated by simulating it with a fixed seed, so every candidate
sees the same residents, failures and incidents (common random numbers) and differences
between candidates are differences of design, not of luck. Its cost is the annual budget
(planner.costs.team.CostModel: the budget of the design's whole people, per pool, team and post).

The search (an iterative staffing algorithm in the spirit of Feldman, Mandelbaum, Massey & Whitt
2008, on shifts instead of per-interval targets, followed by a local search):

The search judges a candidate on its **means** over the common random numbers (sample average
approximation), each clearing its target by a safety margin: ``SETTLE_SAFETY`` × the half-width
its spread projects for verification's whole budget (``verify_cap`` × ``verify_replications``
on the full horizon). A low-volume target whose interval is still wide on a short run buys
nobody there, and a design accepted is one verification can show met, not one at the line
that only noise could settle. Confidence is demanded where it is cheap to get: verification judges every target on its
95% interval, with as many replications as the data say settle an inconclusive target (its
half-width shrinks as 1/√n), up to ``VERIFY_CAP`` × ``verify_replications``.

1. **Repair** while a target is missed. For the target with the largest relative shortfall
   (on full-length runs after a failed verification, where targets are judged on their
   intervals: first double the replications while it is inconclusive), try the moves that keep the people
   (transfers between shifts, retimes, splits of a shift to a new start) that the by-hour
   service levels say move cover toward the hours below target, and keep the best that helps;
   otherwise add one person on each shift that can affect the target (2, 4, 8... when nobody
   alone helps) and keep the one with the most shortfall removed per yuan. A target nothing
   helps is set aside and reported.
2. **Descend**: try every cheaper neighbour (one person fewer, a shorter shift, a person moved to
   a shorter shift), largest saving first, and take the first that meets every target; when
   none does, try each near-feasible removal together with a move that keeps the people (the
   by-hour shortfalls choose it); then two such removals in one group with one longer shift
   where they leave the need (``consolidate``: the second agents of the day and evening shifts
   become one 10-hour peak shift). After a move is taken, a pass does not look again at a
   neighbour that failed before and changes the same shifts as they were then (don't-look bits:
   a large centre's pools share nothing, and most of its consolidations fail pass after pass);
   when such a pass takes nothing, a full pass looks at every neighbour. Stop when a full pass
   finds no cheaper neighbour that meets every target: the moves tried then are the
   **certificate** (``PlanResult.certificate``).
3. **Options**: the search runs without options, then once more for each option, starting from
   the best design without options with the option switched on; then each further option that
   saved on its own is switched on in turn on top of the best combination so far (cheapest
   first) and kept while it saves (a greedy forward selection: the desk taking the experts'
   calls and the fire control room taking the night hotline together). The cheapest design
   meeting every target wins, and each option's saving against the same design without it is
   reported (``with_options``: the other options on in that comparison).
   **Certificate over the options** (planner.search.certificate; the full plan's "singles"): on
   the best combination's design, every option not chosen is switched on and every chosen one
   off, each followed by the search's repair and descent (the people it frees removed, the
   people it leaves short added); a cheaper design meeting every target is taken and the
   options are tried again on it. Each trial and its outcome is ``PlanResult.option_certificate``.
4. **Verify, best first**: the chosen design, then the other searches' designs (other options)
   cheapest first, are verified on fresh seeds and the full horizon (more replications while a
   target is inconclusive and the data can settle it). A design that misses a target or leaves
   one unsettled is repaired on the verification's own runs and goes back in the queue at its
   new cost, for up to ``VERIFY_ROUNDS`` verifications of each design and
   ``MAX_VERIFICATIONS`` in all; the first verified to meet every target is the plan
   (``PlanResult.fell_back_from`` names the options given up when it is not the chosen one: an
   on-call night that passed short candidates on a handful of emergencies). The evidence
   reported is always runs no choice was made on.

Candidates are first screened on ``screen_replications``: one whose mean already misses a target
there is rejected without the rest of its replications (an approximation that can only make the
search stop early, never accept a design that misses a target).

A target is met when the whole 95% interval of its replications lies on the right side
(``sim.results.verdicts.judge``), so a plan is only as sure as its replications allow.

The steps are modules (each states its contract): planner.search.evaluate (a design simulated
and judged), planner.search.repair (1), planner.search.descend (2), planner.search.options (3),
planner.search.certificate (its certificate over the options) and planner.search.verify (4);
this module runs them in order and assembles the :class:`PlanResult`.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

from planner.costs.team import cost_model
from planner.rostering.levers import Lever, levers, with_staffing  # noqa: F401 (re-exported)
from planner.search.bound import lower_bound
from planner.search.certificate import OptionTrial, certify_options, note_verification
from planner.search.descend import Search, Trial  # noqa: F401 (Search re-exported)
from planner.search.design import Design, apply_design, compliant_design, design_options, drop_empty_shifts, initial_design
from planner.search.evaluate import Evaluation, Evaluator  # noqa: F401 (Evaluator re-exported)
from planner.search.events import SearchEvent, options_of
from planner.search.options import search_options
from planner.search.repair import Step, groups_for  # noqa: F401 (groups_for re-exported)
from planner.search.settings import (FULL_PLAN, MAX_VERIFICATIONS, VERIFY_CAP, VERIFY_ROUNDS,  # noqa: F401 (re-exported)
                                     SearchSettings)
from planner.search.verify import (Verified, _tidy, settle_rep_days, settling_replications,  # noqa: F401 (re-exported)
                                   verify_best_first)
from planner.search.work import Work
from sim.results.centre_kpis import kpi_targets
from sim.results.verdicts import Verdicts
from sim.running.executors import cap_workers, process_pool, stop_pool
from sim.running.runner import RunResult
from sim.scenario import Scenario


@dataclass
class PlanResult:
    """The planner's answer: design, its evidence, how it was found and how long it took."""

    scenario: Scenario
    staffing: dict[str, int]
    levers: list[Lever]
    evidence: RunResult
    search: Evaluation
    steps: list[Step] = field(default_factory=list)
    evaluations: int = 0
    seconds: float = 0.0
    #: Targets no single added person could move (e.g. a gap no shift covers): reported, not chased
    #: (KpiKey's string form, as plan.json holds them).
    set_aside: list[str] = field(default_factory=list)
    design: Design | None = None
    #: The input scenario with the design applied (its own horizon).
    planned: Scenario | None = None
    #: Every cheaper neighbour of the final design tried by the descent, none meeting every target.
    certificate: list[Trial] = field(default_factory=list)
    #: Per design option: chosen or not, the best cost with and without it, the saving.
    options: dict[str, dict] = field(default_factory=dict)
    #: Every design option switched on (or off) on the searched design and searched from there,
    #: with its outcome (planner.search.certificate; the quick plan tries none).
    option_certificate: list[OptionTrial] = field(default_factory=list)
    cost_yuan: float = math.nan
    #: Moves added after verification on full-length runs (the certificate is of the design before them).
    repaired: list[str] = field(default_factory=list)
    #: A lower bound on the cost of any design meeting the targets (planner.search.bound).
    bound: dict = field(default_factory=dict)
    #: The options of the design first chosen when it still missed a target after the last
    #: repair round and another search's design (the plan) met every one (None: no fallback).
    fell_back_from: list[str] | None = None
    #: Design options whose search the candidate budget did not start (``max_candidates``).
    options_not_searched: list[str] = field(default_factory=list)
    max_candidates: int | None = None
    option_strategy: str = "singles"
    #: What the plan simulated (planner.search.work); the rule of thumb's run is added by the plan.
    work: Work = field(default_factory=Work)

    @property
    def gap(self) -> float:
        """How far the plan's cost is above the lower bound, as a share of the bound."""
        low = self.bound.get("bound_yuan_per_year", math.nan)
        return (self.cost_yuan - low) / low if low and low == low else math.nan

    @property
    def unmet(self) -> list[str]:
        """Targets the evidence does not show met (KpiKey's string form; sim.results.verdicts)."""
        return [str(c.key) for c in Verdicts.of_run(self.evidence).not_met]


def optimise(scenario: Scenario, settings: SearchSettings = FULL_PLAN, *, workers: int = 1, executor=None,
             progress=None, on_candidate=None, heartbeat=None, **changes) -> PlanResult:
    """Find the cheapest design of the scenario's operation that meets every target (module doc),
    searched as ``settings`` say (planner.search.settings; a keyword changes one of its fields).

    ``search_days``/``replications`` size the runs used while searching (common random numbers,
    seed ``seed``); the answer is then verified with ``verify_replications`` × ``verify_days``
    (defaults: the scenario's) under a different seed, raised up to ``verify_cap`` × while a target
    is inconclusive, repaired and verified again for up to ``verify_rounds`` rounds (a quick plan
    asks fewer of both; the evidence then says what stays inconclusive). A mean accepted while
    searching must be settleable on ``settle_budget_rep_days`` (default: this verification's whole
    budget; a quick plan passes the full plan's, so it searches by the full plan's rule).
    ``max_verifications`` bounds the verifications in all (a quick plan verifies the chosen design
    only: on its short runs every design misses some hour by noise, so falling back is no news).
    ``design_moves=False`` changes head counts
    only (adds and removals); ``use_options=False`` leaves the design options off; ``moves``
    limits the kinds of move (planner.search.design, e.g. ``{"add", "remove", "retime"}``);
    ``option_kinds`` limits the design options to those kinds (e.g. ``{"on_call"}``);
    ``groups`` the pools, teams and posts it may change (paths such as ``field.teams.guards``;
    the others keep their rosters, and a target only they could move is set aside).
    ``progress(event)`` is called with a ``SearchEvent`` (planner.search.events) as it goes, and
    ``on_candidate(n)`` after the n-th candidate simulation, and ``heartbeat()`` about every
    half second while a simulation runs: an exception raised from either (the app's Stop) ends
    the search at once, its worker processes terminated.

    Options are searched in order of what switching each on takes off the best design without
    options before any repair (the largest first; ties by name). ``option_strategy`` "singles"
    (the full plan) searches each option on its own from that design, then adds the saving
    singles to the best combination, cheapest first; "greedy" (the quick plan) searches each
    option once, on top of the best combination so far, kept when it ranks better: one search
    per option. ``max_candidates`` (a count, so a seeded plan reproduces on any machine) starts
    no further option search once that many candidates were simulated; a search under way
    finishes, so every certificate is whole, and the options never searched are reported.
    ``judge`` is how candidates are judged while searching and repairing (verification judges
    every target on its interval).

    Simulations run on a process pool of ``workers`` (one: here), or on ``executor`` when given
    (sim.running.executors: a pool or a Dask cluster the caller keeps, and stops): a candidate's
    replications side by side, and up to ``batch`` neighbours of a descent pass or a repair step
    at once. The plan is the same on any of them and any worker count: each replication draws
    from its own streams, and the batches and the rule deciding over them are fixed numbers
    (planner.search.descend)."""
    settings = s = settings.but(**changes)
    replications, search_days, seed, screen_replications = s.replications, s.search_days, s.seed, s.screen_replications
    verify_replications, verify_days, verify_cap = s.verify_replications, s.verify_days, s.verify_cap
    use_options, option_kinds, max_candidates = s.use_options, s.option_kinds, s.max_candidates
    settle_budget_rep_days, option_strategy = s.settle_budget_rep_days, s.option_strategy
    started = time.perf_counter()
    seed = scenario.seed if seed is None else seed
    search_scenario = scenario
    if search_days is not None and search_days < scenario.calendar.horizon_days:
        search_scenario = with_staffing(scenario, {"calendar.horizon_days": search_days})  # type: ignore[dict-item]
    verify_days = verify_days or scenario.calendar.horizon_days
    verify_scenario = with_staffing(scenario, {"calendar.horizon_days": verify_days})  # type: ignore[dict-item]
    verify_reps = verify_replications or scenario.replications
    options = [o for o in design_options(scenario) if option_kinds is None or o.kind in option_kinds] if use_options else []
    costs = cost_model(scenario)
    targets = kpi_targets(scenario, list(scenario.centre.pools))
    count = [0]
    workers = cap_workers(workers)
    own_pool = executor is None and workers > 1
    pool = executor if executor is not None else process_pool(workers) if own_pool else None

    def say(event: SearchEvent) -> None:
        if progress is not None:
            progress(event)

    # A design is accepted on means only when verification's budget could show it met.
    settle_days = settle_budget_rep_days or settle_rep_days(scenario, verify_reps, verify_days, verify_cap)

    work = Work()

    def evaluator(base: Scenario, reps: int, run_seed: int, screen: int = 0, judge: str = "interval",
                  phase: str = "search", **interval) -> Evaluator:
        return Evaluator(base, reps, run_seed, pool=pool, targets=targets, options=options, costs=costs,
                         count=count, on_candidate=on_candidate, screen_reps=screen, judge=judge,
                         settle_rep_days=settle_days if judge == "mean" else None, work=work, phase=phase,
                         heartbeat=heartbeat, **interval)


    start = compliant_design(scenario, initial_design(scenario))
    try:
        # One evaluator for every search: the same random numbers, and a design met twice is
        # simulated once.
        evaluate = evaluator(search_scenario, replications, seed,
                             screen_replications if screen_replications < replications else 0, judge=settings.judge)
        searches = search_options(evaluate, scenario, options, start, settings, say, count)
        # 3½. The certificate over the options (the full plan's: the quick plan searches each once)
        option_trials = certify_options(evaluate, scenario, options, searches, settings, say, count) \
            if option_strategy == "singles" and settings.certify_options else []
        runs, chosen_key, option_report = searches.runs, searches.best_key, searches.report
        found, last = verify_best_first(searches, evaluator, scenario, verify_scenario, options, verify_reps, seed,
                                        settings, say)
        note_verification(option_trials, searches, last, found)
        fell_back_from: list[str] | None = None
        if found is None:
            found = chosen_key
        elif found != chosen_key:
            fell_back_from = sorted(chosen_key)
            say(SearchEvent("is_plan", options_of(found)))
            for name_, report in option_report.items():
                report["chosen"] = name_ in found
        design, evidence, repaired = last.get(found, Verified(
            _tidy(scenario, drop_empty_shifts(runs[found].evaluation.design), options), None, []))
        chosen = runs[found]
        say(SearchEvent("verified"))
        say(SearchEvent("verified"))
    except BaseException:  # stopped (raised from a callback) or failed: the workers compute on for no one
        if own_pool:
            stop_pool(pool)
            own_pool = False
        raise
    finally:
        if own_pool:
            pool.shutdown()
    final = apply_design(verify_scenario, design, options)
    bound = lower_bound(final, evidence.run, costs)
    work.candidates, work.seconds = count[0], time.perf_counter() - started
    return PlanResult(final, design.staffing(), levers(final), evidence.run, chosen.evaluation, chosen.steps, count[0],
                      time.perf_counter() - started, sorted(str(k) for k in chosen.stuck), design=design,
                      planned=apply_design(scenario, design, options), certificate=chosen.certificate,
                      options=option_report, option_certificate=option_trials, cost_yuan=costs.cost_yuan_per_year(final), repaired=repaired,
                      bound=bound, fell_back_from=fell_back_from, options_not_searched=searches.not_searched,
                      max_candidates=max_candidates, option_strategy=option_strategy, work=work)
