"""Evaluating a design: simulate it on common random numbers and judge it against the targets.

Contract: :class:`Evaluator` turns a :class:`~planner.search.design.Design` into an
:class:`Evaluation` (None when the design is not a valid scenario or breaks a compliance rule):
its run on ``reps`` replications of one seed (the same random numbers for every design, so two
designs differ by design, not by luck), each target's relative shortfall (on its 95% interval,
or on its mean clearing the target by ``SETTLE_SAFETY`` projected half-widths at verification's
budget) and its annual cost. Each design is simulated once per replication count (cached; a
larger count extends the earlier run, never repeats a replication), and with ``screen`` a
design whose mean already misses a target on the first ``screen_reps`` replications is returned
screened out without the rest. Every simulation is counted (``count``, ``work``).
"""

from __future__ import annotations

import math
import threading
from collections import ChainMap
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple, get_args

from planner.costs.team import CostModel
from planner.rostering.compliance import compliance_problems
from planner.search.design import Design, apply_design, shift_days_by_group, standby_of_design
from planner.search.events import SearchEvent, TargetEvidence
from planner.search.settings import Judge
from planner.search.work import Work
from sim.results.centre_kpis import KpiKey, kpi_targets
from sim.results.stats import t_quantile
from sim.running.runner import HEARTBEAT_S, RunResult, extend, simulate
from sim.scenario import Scenario
from sim.scenario.errors import ScenarioError

#: Relative shortfall below which a target counts as met (guards against float noise).
_EPS = 1e-12
#: A mean accepted while searching clears its target by this many projected half-widths at
#: verification's full budget (so a fresh run of that size shows it met about 97% of the time).
SETTLE_SAFETY = 2.0


@dataclass
class Evaluation:
    """A simulated candidate: its design, KPI table, verdict per target and annual cost."""

    design: Design
    staffing: dict[str, int]
    run: RunResult
    shortfalls: dict[KpiKey, float]
    cost_yuan: float
    #: The candidate's mean misses a target on the screening replications (not simulated further).
    screened_out: bool = False

    @cached_property
    def rows(self) -> dict:
        """The run's KPI table by target key (built once: verification reads it repeatedly)."""
        return self.run.kpi_rows()

    @property
    def feasible(self) -> bool:
        return not self.screened_out and all(s <= _EPS for s in self.shortfalls.values())

    @property
    def total_shortfall(self) -> float:
        return sum(self.shortfalls.values())



def _screen_fails(run: RunResult, targets: dict[KpiKey, tuple[str, float]]) -> list[KpiKey]:
    """Targets whose mean is already on the wrong side (the screen)."""
    out = []
    for key, row in run.kpi_rows().items():
        if key in targets and not math.isnan(row.mean):
            direction, bound = targets[key]
            if (direction == ">=" and row.mean < bound) or (direction == "<=" and row.mean > bound):
                out.append(key)
    return out


class Evaluator:
    """Simulates designs on ``base`` with ``reps`` replications of seed ``seed`` (common random
    numbers), caching each design; ``reps`` can be raised (earlier runs are extended)."""

    def __init__(self, base: Scenario, reps: int, seed: int, *, pool, targets, options, costs: CostModel,
                 count: list[int], on_candidate=None, screen_reps: int = 0, judge: Judge = "interval",
                 settle_rep_days: float | None = None, work: Work | None = None, phase: str = "search",
                 heartbeat=None, level: float = 0.95, about_line: bool = False):
        if judge not in get_args(Judge):
            raise ValueError(f"judge must be one of {', '.join(map(repr, get_args(Judge)))}, got {judge!r}")
        self.base, self.reps, self.seed, self.pool = base, reps, seed, pool
        self.targets, self.options, self.costs = targets, options, costs
        self.count, self.on_candidate, self.screen_reps = count, on_candidate, screen_reps
        self.judge, self.settle_rep_days, self.heartbeat = judge, settle_rep_days, heartbeat
        #: its runs' intervals: two-sided level, spread about the target (verification's looks,
        #: planner.search.sequential; sim.results.run_result.RunResult)
        self.level, self.about_line = level, about_line
        self.cache: dict[tuple, Evaluation | None] = {}
        #: Designs evaluated ahead of their call, by key and screen (``ahead``).
        self.ready: dict[tuple, Ahead] = {}
        #: Replication-days simulated (planner.search.work), counted in ``phase`` and, while a
        #: search runs, under ``search`` (its options).
        self.work, self.phase, self.search = work if work is not None else Work(), phase, None

    def scenario(self, design: Design) -> Scenario | None:
        try:
            scenario = apply_design(self.base, design, self.options)
        except ScenarioError:
            return None
        # A design that breaks a compliance rule (fire control room, entrance posts) is not a design.
        return None if compliance_problems(scenario) else scenario

    def _run(self, scenario: Scenario, design: Design, reps: int, earlier: Evaluation | None) -> Evaluation:
        return self._runs([(scenario, design, reps, earlier)])[0]

    def _runs(self, requests: list[tuple]) -> list[Evaluation]:
        """Each request (scenario, design, replications, the earlier evaluation it extends or
        None) simulated, side by side on the pool when there are several, and judged; counted
        in the order given."""
        first = self.count[0]
        self.count[0] += len(requests)
        calls = []
        for scenario, _, reps, earlier in requests:
            done = earlier.run.replications if earlier is not None else 0
            calls.append((scenario, reps - done, done))
        runs = self._simulate(calls)
        out = []
        for n, ((scenario, design, reps, earlier), (_, more, _), run) in enumerate(zip(requests, calls, runs)):
            self.work.add(self.phase, more, scenario.calendar.horizon_days, self.search)
            if earlier is not None:
                run = extend(earlier.run, run)
            run.level, run.about_line = self.level, self.about_line
            if self.on_candidate is not None:
                self.on_candidate(first + n + 1)
            targets = kpi_targets(run.scenario, list(run.scenario.centre.pools)) | {
                k: v for k, v in self.targets.items() if k.stream != "staff"}
            out.append(Evaluation(design, design.staffing(), run,
                                  _shortfalls(run, targets, self.judge, self.settle_rep_days), self.cost(design)))
        return out

    def _simulate(self, calls: list[tuple]) -> list[RunResult]:
        """Each call (scenario, replications, first replication) simulated on the seed: in turn
        without a pool, else submitted to it together (a thread waits on each call's tasks; this
        thread keeps the heartbeat). Each run is the same whichever runs first: a replication
        draws only from its own numbered streams."""
        if self.pool is None or len(calls) == 1:
            return [simulate(scenario, replications=reps, seed=self.seed, executor=self.pool, first=done,
                             heartbeat=self.heartbeat) for scenario, reps, done in calls]
        given_up = threading.Event()

        def carry_on() -> None:
            """The calls' heartbeat: ends a call whose batch was given up (its tasks cancelled)."""
            if given_up.is_set():
                raise Abandoned()

        threads = ThreadPoolExecutor(max_workers=len(calls))
        try:
            futures = [threads.submit(simulate, scenario, replications=reps, seed=self.seed, executor=self.pool,
                                      first=done, heartbeat=carry_on) for scenario, reps, done in calls]
            pending = set(futures)
            while pending:
                _, pending = wait(pending, timeout=None if self.heartbeat is None else HEARTBEAT_S,
                                  return_when=FIRST_COMPLETED)
                if pending and self.heartbeat is not None:
                    self.heartbeat()
            return [future.result() for future in futures]
        except BaseException:
            # stopped, or a call failed: the other calls end within a heartbeat instead of
            # waiting on tasks of a pool that may be stopped (and this process could not exit)
            given_up.set()
            raise
        finally:
            threads.shutdown(wait=False)

    def cost(self, design: Design) -> float:
        """The design's annual cost (without building its scenario)."""
        standby = sum(s.yuan_per_year for s in standby_of_design(design, self.base, self.options))
        return self.costs.cost_of_groups(shift_days_by_group(design, self.base, self.options)) + \
            self.costs.standby_factor * standby

    def __call__(self, design: Design, screen: bool = False) -> Evaluation | None:
        """The design simulated (None when it is not a valid scenario, e.g. a roster gap). With
        ``screen``, a design whose mean misses a target on the screening replications is
        returned screened out. A design simulated ahead (:meth:`ahead`) is returned as it was
        simulated then, when nothing it depends on changed since."""
        ready = self.ready.pop((design.key, screen), None)
        if ready is not None and ready.state == self._state(design.key):
            self.cache.update(ready.cached)
            return ready.evaluation
        steps = self._steps(design, screen, self.cache)
        try:
            request = next(steps)
            while True:
                request = steps.send(self._run(*request))
        except StopIteration as end:
            return end.value

    def ahead(self, designs: list[Design], screen: bool = False) -> None:
        """Simulate side by side what calling this evaluator on each of ``designs`` in turn would
        simulate now (its screen first, then the rest of the replications of those passing), and
        keep each result for that call (:meth:`__call__`); none enters the cache before it is
        asked for, so the calls return, count and cache what they would without it. The
        batch's size, not the pool's, decides what is simulated (the same on any worker count)."""
        pending = {}
        for design in designs:
            if (design.key, screen) in self.ready or design.key in pending:
                continue
            cached: dict = {}
            steps = self._steps(design, screen, ChainMap(cached, self.cache))
            try:
                pending[design.key] = (design, steps, cached, self._state(design.key), next(steps))
            except StopIteration:  # cached already, or not a valid design: nothing to simulate
                continue
        while pending:
            keys = list(pending)
            results = self._runs([pending[k][4] for k in keys])
            for key, result in zip(keys, results):
                design, steps, cached, state, _ = pending[key]
                try:
                    pending[key] = (design, steps, cached, state, steps.send(result))
                except StopIteration as end:
                    del pending[key]
                    self.ready[(key, screen)] = Ahead(end.value, cached, state)

    def _state(self, key) -> tuple:
        """What evaluating the design ``key`` depends on: the replications asked and its cached runs."""
        return self.reps, tuple(sorted((r, id(e)) for (k, r), e in self.cache.items() if k == key))

    def _steps(self, design: Design, screen: bool, cache):
        """Evaluating ``design`` (``__call__``'s rule) as a generator: it yields each simulation
        it needs (``_run``'s arguments), is sent the evaluation, writes what it learns to ``cache``
        and returns the result."""
        full = (design.key, self.reps)
        if full in cache:
            return cache[full]
        scenario = self.scenario(design)
        if scenario is None:
            cache[full] = None
            return None
        earlier = next((cache[(design.key, r)] for r in sorted({r for _, r in cache}, reverse=True)
                        if r < self.reps and cache.get((design.key, r)) is not None), None)
        if screen and self.screen_reps and (earlier is None or earlier.run.replications < self.screen_reps) \
                and self.screen_reps < self.reps:
            short = cache.get((design.key, self.screen_reps)) or (yield (scenario, design, self.screen_reps, None))
            cache[(design.key, self.screen_reps)] = short
            targets = kpi_targets(short.run.scenario, list(short.run.scenario.centre.pools)) | self.targets
            if _screen_fails(short.run, targets):
                short.screened_out = True
                return short
            earlier = short
        result = yield (scenario, design, self.reps, earlier)
        cache[full] = result
        return result


class Abandoned(Exception):
    """A simulation of a batch given up (``Evaluator._simulate``)."""


class Ahead(NamedTuple):
    """A design evaluated ahead of its call: the result, what the call caches, and the state of
    the evaluator it was computed on (``Evaluator._state``)."""

    evaluation: Evaluation | None
    cached: dict
    state: tuple


def _shortfalls(run: RunResult, targets: dict[KpiKey, tuple[str, float]], judge: str = "interval",
                settle_rep_days: float | None = None) -> dict[KpiKey, float]:
    """Relative distance of each target's confidence bound (``judge="interval"``) or mean
    (``"mean"``) from the target (0 when met). With ``settle_rep_days``, a mean must clear the
    target by ``SETTLE_SAFETY`` × the 95% half-width its replications project for a run of that
    many replication-days: a design accepted on means can then be shown met with confidence
    within verification's budget, instead of being left to noise there."""
    # how much of each interval's half-width a bound keeps: all of it judged on intervals, none
    # on plain means, the projected share at verification's budget (× SETTLE_SAFETY) otherwise
    n, scale = run.replications, 1.0 if judge == "interval" else 0.0
    if judge == "mean" and settle_rep_days and n > 1:
        days = max(run.scenario.calendar.horizon_days - run.scenario.calendar.warmup_days, 1e-9)
        scale = SETTLE_SAFETY * 1.96 / t_quantile(0.975, n - 1) * math.sqrt(n * days / settle_rep_days)
    out = {}
    for key, row in run.kpi_rows().items():
        if key not in targets:
            continue
        direction, bound = targets[key]
        low = row.mean if math.isnan(row.ci_low) else row.mean - scale * (row.mean - row.ci_low)
        high = row.mean if math.isnan(row.ci_high) else row.mean + scale * (row.ci_high - row.mean)
        if math.isnan(row.mean):
            out[key] = 0.0
        elif direction == ">=":
            out[key] = max(bound - low, 0.0) / max(abs(bound), 1e-9)
        else:
            out[key] = max(high - bound, 0.0) / max(abs(bound), 1e-9)
    return out


def _open(evaluation: Evaluation, stuck: set[KpiKey]) -> list[KpiKey]:
    return [k for k, v in evaluation.shortfalls.items() if v > _EPS and k not in stuck]


def _inconclusive(evaluation: Evaluation, keys) -> bool:
    """Whether any of ``keys``'s intervals still straddles its target (more replications could settle it)."""
    return any(k in evaluation.rows and evaluation.rows[k].status == "inconclusive" for k in keys)


def _evidence(evaluation: Evaluation, keys) -> SearchEvent:
    """An event of the targets ``keys`` with their means and intervals and the replications
    (its kind set by the caller)."""
    keys = set(keys)
    return SearchEvent("misses", evidence=tuple(TargetEvidence(key, row.mean, row.ci_low, row.ci_high, row.direction, row.target)
                                                for key, row in evaluation.rows.items() if key in keys),
                       replications=evaluation.run.replications)



def _keeps(trial: Evaluation | None, current: Evaluation, stuck: set[KpiKey]) -> bool:
    """Whether ``trial`` meets every target ``current`` meets and is no worse on the others."""
    if trial is None or trial.screened_out:
        return False
    if any(v > _EPS for k, v in trial.shortfalls.items() if current.shortfalls.get(k, 0.0) <= _EPS):
        return False
    return sum(trial.shortfalls.get(k, 0.0) for k in stuck) <= sum(current.shortfalls.get(k, 0.0) for k in stuck) + _EPS

