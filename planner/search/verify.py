"""Verify, best first: the searches' designs judged on fresh random numbers (the search's step 4).

Contract: :func:`verify_best_first` verifies the chosen design, then the other searches' designs
(other options) cheapest first, each on a seed no choice was made on and the full horizon, looked
at after ``verify_replications`` and at the fixed points of an anytime-valid sequential rule
while an open target can still be settled, up to ``verify_cap`` × ``verify_replications``
(planner.search.sequential: every look's interval is wide enough that a target at its line is
declared met with at most 5% chance over all looks; a target on its line stops the looks). A
design that misses a target or leaves one unsettled (or on its line) is repaired on the
verification's own runs (planner.search.repair) and goes back in the queue at its new cost,
for up to ``verify_rounds`` verifications of each design and ``max_verifications`` in all. It
returns the options of the first design verified to meet every target (None: none did) and
each design's last verification (:class:`Verified`). :func:`settle_rep_days` is verification's whole budget, on
which a mean accepted while searching must be settleable (planner.search.evaluate).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import NamedTuple

from planner.search.design import Design, DesignOption, apply_design, drop_empty_shifts, merge_same_shifts
from planner.search.evaluate import Evaluation, Evaluator, _evidence, _inconclusive, _open
from planner.search.events import SearchEvent, options_of
from planner.search.options import Searches
from planner.search.repair import Repair
from planner.search.sequential import (look_interval, look_until_settled,  # noqa: F401 (settling_replications re-exported)
                                       settling_replications)
from planner.search.settings import VERIFY_CAP, SearchSettings
from sim.results.centre_kpis import KpiKey
from sim.scenario import Scenario
from sim.scenario.errors import ScenarioError


@dataclass
class Candidate:
    """A design in verification's queue: verified cheapest first (ties: in the order queued)."""

    cost_yuan: float
    order: int
    #: the design options of the search it came from
    key: frozenset
    design: Design
    #: repairs after verification so far, and the levers they moved
    rounds: int = 0
    repaired: list[str] = field(default_factory=list)


class Verified(NamedTuple):
    """A search's design as last verified: the design, its evidence (None: not a valid
    scenario) and the levers repaired after verification."""

    design: Design
    evidence: Evaluation | None
    repaired: list[str]


def _tidy(scenario: Scenario, design: Design, options: list[DesignOption]) -> Design:
    """The design with shifts of the same times merged (planner.search.design.merge_same_shifts),
    unless the merged roster is not a valid scenario (staggered breaks that no longer fit)."""
    merged = merge_same_shifts(design)
    if merged.key == design.key:
        return design
    try:
        apply_design(scenario, merged, options)
    except ScenarioError:
        return design
    return merged


def settle_rep_days(scenario: Scenario, verify_replications: int | None = None, verify_days: float | None = None,
                    verify_cap: int = VERIFY_CAP) -> float:
    """Verification's whole budget in replication-days (after warm-up): what a mean accepted
    while searching must be settleable on (``_shortfalls``)."""
    days = (verify_days or scenario.calendar.horizon_days) - scenario.calendar.warmup_days
    return max(1, verify_cap) * (verify_replications or scenario.replications) * max(days, 1e-9)


def verify_best_first(searches: Searches, evaluator, scenario: Scenario, verify_scenario: Scenario,
                      options: list[DesignOption], verify_reps: int, seed: int, settings: SearchSettings,
                      say) -> tuple[frozenset | None, dict[frozenset, Verified]]:
    """The options of the first design verified to meet every target (None: none did) and each
    verified design's last verification (module doc). ``evaluator(base, reps, seed, judge=...,
    phase=...)`` makes an :class:`~planner.search.evaluate.Evaluator`."""
    runs, best_key, gives_up, rank, base_stuck = (searches.runs, searches.best_key, searches.gives_up,
                                                  searches.rank, searches.base_stuck)
    # 4. Verify, best first: the cheapest candidate (the chosen design first, then the other
    #    searches' designs, each with its own options) is verified on fresh random numbers and
    #    the full horizon, with more replications while every open target is inconclusive and
    #    the data can settle it. One that misses (or stays unsettled) is repaired on the
    #    verification's own runs, at most ``verify_rounds - 1`` times, and goes back in the
    #    queue at its new cost; the first verified to meet every target is the plan. When
    #    none does, the chosen design's last repair and evidence are reported (its misses
    #    named, never dropped). Each verification has random numbers no choice was made on.
    cap = max(1, settings.verify_cap) * verify_reps

    def unsettled(evidence: Evaluation, stuck: set[KpiKey]) -> list[KpiKey]:
        """Open targets, and targets set aside whose interval still straddles the line (no
        added staff moves them, but more data may show them met: a set-aside target is
        settled by replications, never repaired)."""
        return _open(evidence, stuck) + [k for k in _open(evidence, set())
                                         if k in stuck and _inconclusive(evidence, [k])]

    def settle(evaluate: Evaluator, design: Design, stuck: set[KpiKey]) -> Evaluation | None:
        """The design judged at verification's looks (planner.search.sequential)."""
        def look(reps: int):
            if reps > evaluate.reps:
                evaluate.reps = reps
                say(SearchEvent("settling", replications=reps))
            evidence = evaluate(design)
            return evidence, None if evidence is None else (evidence.rows, unsettled(evidence, stuck))

        return look_until_settled(look, verify_reps, cap)

    pricing = evaluator(verify_scenario, verify_reps, seed + 1_000_003)
    queue = [Candidate(pricing.cost(d), i, k, d) for i, (k, d) in enumerate(
        (k, _tidy(scenario, drop_empty_shifts(runs[k].evaluation.design), options))
        for k in [best_key] + sorted((k for k in runs if k != best_key and not gives_up(k)), key=rank))]
    order = len(queue)
    last: dict[frozenset, Verified] = {}
    found = None
    for attempt in range(max(1, settings.max_verifications)):
        if not queue:
            break
        queue.sort(key=lambda q: (q.cost_yuan, q.order))
        candidate = queue.pop(0)
        key, design, rounds_done = candidate.key, candidate.design, candidate.rounds
        stuck_k = runs[key].stuck
        if attempt:
            say(SearchEvent("verifying", options_of(key), repaired=bool(rounds_done)))
        verify = evaluator(verify_scenario, verify_reps, seed + 1_000_003 + 2_000_014 * attempt, phase="verification",
                           **look_interval(verify_reps, cap))
        evidence = settle(verify, design, stuck_k)
        last[key] = Verified(design, evidence, candidate.repaired)
        # met, every target the search without options kept included (a repair that sets one
        # aside, as adding people to an on-call night cannot move its emergencies, gives it up)
        if evidence is not None and not _open(evidence, stuck_k) and not stuck_k - base_stuck:
            found = key
            break
        if evidence is not None and not _open(evidence, stuck_k):
            say(SearchEvent("sets_aside", options_of(key), targets=tuple(sorted(stuck_k - base_stuck, key=str))))
            continue
        if evidence is None or rounds_done + 1 >= max(1, settings.verify_rounds):
            if evidence is not None:
                say(replace(_evidence(evidence, _open(evidence, stuck_k)), options=options_of(key)))
            continue
        say(replace(_evidence(evidence, _open(evidence, stuck_k)), kind="repairing"))
        # on the verification's own random numbers (the design is judged on them already)
        repair = evaluator(verify_scenario, min(verify.reps, 4 * verify_reps), verify.seed, judge=settings.judge)
        steps_k = runs[key].steps
        fix = Repair(repair, scenario, options, stuck_k, steps_k, say, max_steps=settings.max_steps,
                     max_per_shift=settings.max_per_shift, base_reps=verify_reps, design_moves=settings.design_moves,
                     allowed=settings.moves, groups=settings.groups, batch=settings.batch)
        repaired_from = len(steps_k)
        fixed = _tidy(scenario, drop_empty_shifts(fix.repair(repair(design)).design), options)
        queue.append(Candidate(pricing.cost(fixed), order, key, fixed, rounds_done + 1,
                               candidate.repaired + [s.lever for s in steps_k[repaired_from:]]))
        order += 1
    return found, last
