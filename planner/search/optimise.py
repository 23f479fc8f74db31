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
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import NamedTuple, get_args

from planner.costs.team import CostModel, cost_model
from planner.rostering.levers import Lever, levers, with_staffing  # noqa: F401 (re-exported)
from planner.search.bound import lower_bound
from planner.search.changes import Change
from planner.search.events import SearchEvent, TargetEvidence, options_of
from planner.search.work import Work
from planner.search.settings import (FULL_PLAN, MAX_VERIFICATIONS, VERIFY_CAP, VERIFY_ROUNDS,  # noqa: F401 (re-exported)
                                     Judge, SearchSettings)
from planner.rostering.compliance import compliance_problems
from planner.search.design import (Design, DesignOption, Move, apply_design, switch_on, compliant_design, consolidate_moves, count_moves, saturated,
                                   design_options, drop_empty_shifts, initial_design, merge_same_shifts, neutral_moves, resize_moves,
                                   shift_days_by_group, standby_of_design, touched, transfer_moves)
from sim.results.centre_kpis import KpiKey, kpi_targets
from sim.results.stats import t_quantile
from sim.results.verdicts import Verdicts
from sim.running.executors import cap_workers, process_pool, stop_pool
from sim.running.runner import RunResult, extend, simulate
from sim.scenario import CONTACT_KINDS, Scenario
from sim.scenario.errors import ScenarioError
from sim.scenario.on_duty import Duty
from sim.scenario.scenario import GroupPath

#: Relative shortfall below which a target counts as met (guards against float noise).
_EPS = 1e-12
#: A removal whose total relative shortfall is at most this is "near": worth a compensating move.
NEAR_SHORTFALL = 0.25
#: Compensating moves tried per near removal, and neutral moves per repair step.
GUIDED_MOVES = 3
#: A mean accepted while searching clears its target by this many projected half-widths at
#: verification's full budget (so a fresh run of that size shows it met about 97% of the time).
SETTLE_SAFETY = 2.0


def groups_for(key: KpiKey, scenario: Scenario) -> set[tuple[str, str]]:
    """The pools, teams or posts whose staffing can move this KPI."""
    stream = key.stream
    groups: set[tuple[str, str]] = set()
    field_ops = scenario.field
    posts = {name: post.handles_under(scenario.operating_model) for name, post in scenario.staffed_posts().items()}
    kind = stream.split(".", 1)[0]
    if kind in CONTACT_KINDS and stream != kind:
        # A contact type ('calls.emergency', a per-type commitment): the posts that handle it, or
        # the pools with its kind's skill when the centre serves it.
        by_post = {name for name, handles in posts.items() if kind in handles or stream in handles}
        groups |= {("post", name) for name in by_post}
        if not by_post:
            groups |= {("pool", name) for name, pool in scenario.centre.pools.items() if kind in pool.skills}
    elif stream in CONTACT_KINDS:
        by_post = {name for name, handles in posts.items()
                   if stream in handles or any(h.startswith(f"{stream}.") for h in handles)}
        groups |= {("post", name) for name in by_post}
        types = set(getattr(scenario.demand, stream, {}) or {})
        at_posts = {t for handles in posts.values() for t in types if stream in handles or f"{stream}.{t}" in handles}
        if not types or types - at_posts:  # the centre still serves some of this kind
            groups |= {("pool", name) for name, pool in scenario.centre.pools.items() if stream in pool.skills}
    elif stream == "staff" and key.group:
        name = key.group.split("/")[-1]
        groups.add(("post", name) if "/" in key.group else ("pool", name))
    elif field_ops is not None:
        roles = {"work_orders": "technician", "equipment": "technician", "incidents": "guard", "patrols": "guard",
                 "butlers": "butler"}
        role = roles.get(stream.split(".")[0])
        if stream == "field_staff" and key.group:
            groups.add(("team", key.group))
        elif stream == "incidents.specialist":  # the technicians who come after the guard
            groups |= {("team", i.specialist.team) for i in field_ops.incidents.values()
                       if i.specialist is not None and i.specialist.team in field_ops.teams}
        elif role == "guard":
            named = {p.team for p in field_ops.patrols.values()} | {i.team for i in field_ops.incidents.values()}
            groups |= {("team", t) for t in named if t in field_ops.teams}
        elif role is not None:
            groups |= {("team", name) for name, team in field_ops.teams.items() if team.role == role}
            if role == "technician":  # butlers taking small repairs (design option butler_repairs)
                groups |= {("team", name) for name, team in field_ops.teams.items() if team.role == "butler" and team.skills}
    return groups


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


@dataclass
class Step:
    """One accepted move of the search."""

    action: str
    lever: str
    value: int
    person_hours_per_week: float
    #: the targets still open after it (KpiKey's string form)
    unmet: list[str]
    cost_yuan: float = math.nan
    #: what the move changed, as values (``lever`` is its one string form, Change.label)
    change: Change | None = None

    def to_dict(self) -> dict:
        """plan.json's form of the step (its change as Change.to_dict)."""
        return {**self.__dict__, "change": self.change.to_dict() if self.change is not None else None}


@dataclass
class Trial:
    """One neighbour tried by the last pass of the descent (a line of the certificate)."""

    kind: str
    move: str
    cost_yuan: float
    feasible: bool
    reason: str


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
                 heartbeat=None):
        if judge not in get_args(Judge):
            raise ValueError(f"judge must be one of {', '.join(map(repr, get_args(Judge)))}, got {judge!r}")
        self.base, self.reps, self.seed, self.pool = base, reps, seed, pool
        self.targets, self.options, self.costs = targets, options, costs
        self.count, self.on_candidate, self.screen_reps = count, on_candidate, screen_reps
        self.judge, self.settle_rep_days, self.heartbeat = judge, settle_rep_days, heartbeat
        self.cache: dict[tuple, Evaluation | None] = {}
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
        done = earlier.run.replications if earlier is not None else 0
        self.count[0] += 1
        run = simulate(scenario, replications=reps - done, seed=self.seed, executor=self.pool, first=done,
                       heartbeat=self.heartbeat)
        self.work.add(self.phase, reps - done, scenario.calendar.horizon_days, self.search)
        if earlier is not None:
            run = extend(earlier.run, run)
        if self.on_candidate is not None:
            self.on_candidate(self.count[0])
        targets = kpi_targets(run.scenario, list(run.scenario.centre.pools)) | {
            k: v for k, v in self.targets.items() if k.stream != "staff"}
        return Evaluation(design, design.staffing(), run, _shortfalls(run, targets, self.judge, self.settle_rep_days),
                          self.cost(design))

    def cost(self, design: Design) -> float:
        """The design's annual cost (without building its scenario)."""
        standby = sum(s.yuan_per_year for s in standby_of_design(design, self.base, self.options))
        return self.costs.cost_of_groups(shift_days_by_group(design, self.base, self.options)) + \
            self.costs.standby_factor * standby

    def __call__(self, design: Design, screen: bool = False) -> Evaluation | None:
        """The design simulated (None when it is not a valid scenario, e.g. a roster gap). With
        ``screen``, a design whose mean misses a target on the screening replications is
        returned screened out."""
        full = (design.key, self.reps)
        if full in self.cache:
            return self.cache[full]
        scenario = self.scenario(design)
        if scenario is None:
            self.cache[full] = None
            return None
        earlier = next((self.cache[(design.key, r)] for r in sorted({r for _, r in self.cache}, reverse=True)
                        if r < self.reps and self.cache.get((design.key, r)) is not None), None)
        if screen and self.screen_reps and (earlier is None or earlier.run.replications < self.screen_reps) \
                and self.screen_reps < self.reps:
            short = self.cache.get((design.key, self.screen_reps)) or self._run(scenario, design, self.screen_reps, None)
            self.cache[(design.key, self.screen_reps)] = short
            targets = kpi_targets(short.run.scenario, list(short.run.scenario.centre.pools)) | self.targets
            if _screen_fails(short.run, targets):
                short.screened_out = True
                return short
            earlier = short
        result = self._run(scenario, design, self.reps, earlier)
        self.cache[full] = result
        return result


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


def _settling_reps(evaluation: Evaluation, keys) -> float:
    """Replications at which every target of ``keys`` would be settled as met, projected from
    its interval (the half-width shrinks as 1/√n): inf when one's mean is on the wrong side (more
    replications would only confirm a miss)."""
    n, need = evaluation.run.replications, 0.0
    for row in (evaluation.rows[k] for k in keys if k in evaluation.rows):
        if row.direction == ">=":
            margin, half = row.mean - row.target, row.mean - row.ci_low
        elif row.direction == "<=":
            margin, half = row.target - row.mean, row.ci_high - row.mean
        else:
            return math.inf
        if not margin > 0 or math.isnan(half):
            return math.inf
        need = max(need, n * (half / margin) ** 2)
    return need


def settling_replications(needs: list[float], reps: int, cap: int, verify_reps: int) -> int | None:
    """Verification's next replication count while targets are inconclusive, or None to stop.
    ``needs``: the replications each would be settled at (:func:`_settling_reps`; inf for a mean
    on the wrong side). Every target the budget ``cap`` can settle gets as many as it needs (at
    least double, 20% to spare), and one projected to need more than the budget (a rare stream
    near its line) holds back no other. When none can be settled within the budget, a target
    whose mean is on the right side doubles its replications up to the budget: the projection
    from a handful of events is itself noise (one urgent order late out of fifteen reads 93%
    where a hundred orders read 99%); a mean on the wrong side gets a little more data (doubling
    up to 4 × ``verify_reps``) before it is left to repair or report."""
    within = [n for n in needs if n <= cap]
    if within:
        return min(cap, max(2 * reps, math.ceil(1.2 * max(within))))
    if any(math.isfinite(n) for n in needs) or reps < 4 * verify_reps:
        return min(cap, 2 * reps)
    return None


def _keeps(trial: Evaluation | None, current: Evaluation, stuck: set[KpiKey]) -> bool:
    """Whether ``trial`` meets every target ``current`` meets and is no worse on the others."""
    if trial is None or trial.screened_out:
        return False
    if any(v > _EPS for k, v in trial.shortfalls.items() if current.shortfalls.get(k, 0.0) <= _EPS):
        return False
    return sum(trial.shortfalls.get(k, 0.0) for k in stuck) <= sum(current.shortfalls.get(k, 0.0) for k in stuck) + _EPS


def _hour_cover(roster: dict) -> list[float]:
    """People on duty by hour of the day, averaged over the week (breaks ignored; a rotation's
    crews included), by the one count (sim.scenario.on_duty)."""
    return Duty.of_json(roster).by_hour_of_day().tolist()


def _hour_need(evaluation: Evaluation, key: KpiKey, target: tuple[str, float] | None) -> list[float] | None:
    """By hour of the day, how far the target's kind is below its target there (negative: slack),
    weighted by the hour's volume; None when the KPI has no hourly profile."""
    kind = key.stream.split(".", 1)[0]
    if kind not in CONTACT_KINDS or target is None:
        return None
    table = evaluation.run.by_hour_table()
    rows = table[(table["series"] == kind)]
    level = rows[rows["metric"] == "service_level"].set_index("hour")["mean"]
    volume = rows[rows["metric"] == "offered_per_day"].set_index("hour")["mean"]
    if level.empty or volume.empty:
        return None
    bound = target[1] if key.metric == "service_level" else 0.8
    return [0.0 if math.isnan(level.get(h, math.nan)) else (bound - level[h]) * volume.get(h, 0.0) for h in range(24)]


def _guided(design: Design, groups: list[str], need: list[float] | None, limit: int,
            allowed: frozenset[str] | None = None) -> list[Move]:
    """The moves keeping people in ``groups`` that most move cover toward the hours in need."""
    moves = [m for g in groups for m in neutral_moves(design, g) if allowed is None or m.kind in allowed]
    if need is None:
        return [m for m in moves if m.kind == "retime"][:limit]
    scored = []
    for move in moves:
        before, after = _hour_cover(design.roster(move.group)), _hour_cover(move.design.roster(move.group))
        score = sum((a - b) * n for a, b, n in zip(after, before, need))
        if score > 1e-12:
            scored.append((score, move))
    scored.sort(key=lambda sm: -sm[0])
    return [m for _, m in scored[:limit]]


def _removed_shift(design: Design, move: Move) -> str | None:
    """The shift of ``design`` that ``move`` (a removal) takes one person from."""
    before, after = design.roster(move.group), move.design.roster(move.group)
    if before.get("rotation"):
        return None
    return next((n for n, s in before["shifts"].items()
                 if n in after["shifts"] and after["shifts"][n]["agents"] < s["agents"]), None)


def _active(design: Design, options: list[DesignOption]) -> list[str]:
    removed = {g for o in options if o.name in design.options for g in o.removes}
    return [g for g in design.groups() if g not in removed]


class Failure(NamedTuple):
    """A neighbour the descent tried that failed: for a removal that only just missed, its
    near-miss bucket ("near", or "screened" when it failed on the screen's runs), the shortfall
    it opened and its trial (compounds and consolidations are built on it later)."""

    bucket: str | None
    gap: float
    trial: Evaluation | None


#: A failure that proposes nothing further (not a near removal).
NOT_NEAR = Failure(None, 0.0, None)


class Search:
    """Repair and descent on one evaluator (module doc, steps 1 and 2)."""

    def __init__(self, evaluate: Evaluator, scenario: Scenario, options: list[DesignOption], stuck: set[KpiKey],
                 steps: list[Step], say, *, max_steps: int, max_per_shift: int, base_reps: int, design_moves: bool,
                 allowed: frozenset[str] | None = None, groups: frozenset[str] | None = None,
                 may_set_aside: set[KpiKey] | None = None):
        self.evaluate, self.scenario, self.options, self.stuck = evaluate, scenario, options, stuck
        #: Targets this search may set aside and go on (None: any). Setting aside another (one the
        #: search without options kept) gives the search up: its design ranks after every design
        #: keeping them and is never verified, so descending from it would be wasted work.
        self.may_set_aside = may_set_aside
        self.gave_up = False
        self.groups = groups
        self.steps, self.say, self.max_steps, self.max_per_shift = steps, say, max_steps, max_per_shift
        self.base_reps, self.design_moves = base_reps, design_moves
        self.allowed = allowed
        self.targets = evaluate.targets
        #: Neighbours that failed, by label and what they change (``descend``).
        self.failed: dict[tuple, Failure] = {}

    def _active(self, design: Design) -> list[str]:
        """The groups the search may change: the active ones, within ``groups`` when given."""
        return [g for g in _active(design, self.options) if self.groups is None or g in self.groups]

    def _allowed(self, moves) -> list[Move]:
        return [m for m in moves if self.allowed is None or m.kind in self.allowed]

    def _step(self, action: str, move: Move, current: Evaluation) -> None:
        self.steps.append(Step(action, move.label, 0, 0.0, [str(k) for k in _open(current, set())], current.cost_yuan,
                               move.change))
        self.say(SearchEvent("step", action=action, move=move.label, cost_yuan=current.cost_yuan, change=move.change))

    def repair(self, current: Evaluation) -> Evaluation:
        """1. Move or add people until every target is met (targets nothing helps are set aside)."""
        while len(self.steps) < self.max_steps:
            open_targets = {k: current.shortfalls[k] for k in _open(current, self.stuck)}
            if not open_targets:
                break
            worst = max(open_targets, key=lambda k: open_targets[k])
            if self.evaluate.judge == "interval" and self.evaluate.reps < 4 * self.base_reps \
                    and _inconclusive(current, [worst]):
                self.evaluate.reps *= 2
                self.say(SearchEvent("inconclusive", target=worst, replications=self.evaluate.reps))
                current = self.evaluate(current.design)
                continue
            scenario = self.evaluate.scenario(current.design) or self.scenario
            groups = [g for g in (GroupPath(*g) for g in groups_for(worst, scenario))
                      if g in self._active(current.design)]
            best = None
            if self.design_moves:
                need = _hour_need(current, worst, self.targets.get(worst))
                for move in _guided(current.design, groups, need, GUIDED_MOVES, self.allowed):
                    trial = self.evaluate(move.design)
                    if trial is None or trial.cost_yuan > current.cost_yuan + 1e-6 or \
                            trial.shortfalls.get(worst, 0.0) >= current.shortfalls[worst] or \
                            trial.total_shortfall >= current.total_shortfall - _EPS:
                        continue
                    if best is None or trial.total_shortfall < best[1].total_shortfall:
                        best = (move, trial)
            if best is not None:
                current = best[1]
                self._step("move", best[0], current)
                continue
            step = 1
            while best is None and step <= self.max_per_shift:
                for group in groups:
                    for move in count_moves(current.design, group, step):
                        trial = self.evaluate(move.design)
                        if trial is None or trial.shortfalls.get(worst, 0.0) >= current.shortfalls[worst]:
                            continue  # must help the target it is added for
                        score = (current.total_shortfall - trial.total_shortfall) / max(trial.cost_yuan - current.cost_yuan, 1.0)
                        if best is None or score > best[2]:
                            best = (move, trial, score)
                if best is None and step == 1 and not self._could_move(current, worst, groups):
                    break  # not even the most people the doubling would add moves it
                if best is None:
                    step *= 2
            if best is None:
                self.stuck.add(worst)
                self.say(SearchEvent("set_aside", target=worst))
                if self.may_set_aside is not None and worst not in self.may_set_aside:
                    self.gave_up = True
                    break
                continue
            current = best[1]
            self._step("add", best[0], current)
        return current

    def _could_move(self, current: Evaluation, worst: KpiKey, groups: list[str]) -> bool:
        """Whether the most people the doubling below adds (its largest step, on every shift of
        every group that can move ``worst`` at once) moves ``worst`` at all: when even that does
        not, no single add of the doubling would (more people never make a response or service
        level worse), so once one more person on any shift has not helped the target is set
        aside after one more simulation instead of one per further step and shift (an on-call
        night's emergencies: 15 of them on the default site)."""
        top = 1
        while top * 2 <= self.max_per_shift:
            top *= 2
        if top < 2:
            return True
        trial = self.evaluate(saturated(current.design, groups, top))
        return trial is None or trial.shortfalls.get(worst, 0.0) < current.shortfalls[worst]

    def cheaper_moves(self, design: Design, cost: float) -> list[tuple[float, Move]]:
        """Every neighbour of ``design`` that costs less, cheapest first."""
        moves: list[Move] = []
        for group in self._active(design):
            moves += list(count_moves(design, group, -1))
            if self.design_moves:
                moves += list(resize_moves(design, group))
                moves += list(transfer_moves(design, group))
        out = []
        for move in self._allowed(moves):
            move_cost = self.evaluate.cost(move.design)
            if move_cost < cost - 1e-6:
                out.append((move_cost, move))
        out.sort(key=lambda cm: cm[0])
        return out

    @staticmethod
    def _memo(current: Evaluation, label: str, design: Design) -> tuple:
        """A neighbour as the memo of failures knows it: its label and what it changes."""
        return label, touched(current.design, design)

    def _skip(self, lazy: bool, key: tuple) -> bool:
        return lazy and key in self.failed

    def descend(self, current: Evaluation) -> tuple[Evaluation, list[Trial]]:
        """2. Take cheaper neighbours that meet every target until none does; return the last
        pass's trials (the certificate).

        After a move is taken, the next pass does not look again at a neighbour that failed
        before and changes the same shifts as they were then (``design.touched``: the shifts the
        taken move changed are looked at again, as are compounds and consolidations built on
        them; don't-look bits, as in 2-opt). When such a pass takes nothing, a full pass
        looks at every neighbour: the search ends only on a full pass, so the certificate is
        every cheaper neighbour of the plan, tried on it."""
        lazy = False
        while True:
            tried: list[Trial] = []
            near: list[tuple[float, Move, Evaluation]] = []
            removals: list[tuple[float, Move, Evaluation]] = []  # near misses on the screen's runs
            accepted = None
            skipped = 0
            for cost, move in self.cheaper_moves(current.design, current.cost_yuan):
                key = self._memo(current, move.label, move.design)
                if self._skip(lazy, key):
                    skipped += 1
                    bucket, gap, trial = self.failed[key]
                    if bucket is not None:  # its near miss still proposes compounds and consolidations
                        (removals if bucket == "screened" else near).append((gap, move, trial))
                    continue
                trial = self.evaluate(move.design, screen=True)
                ok = _keeps(trial, current, self.stuck)
                tried.append(Trial(move.kind, move.label, cost, ok, self._reason(trial, current)))
                if ok:
                    accepted = (move, trial)
                    break
                bucket, gap = None, 0.0
                if move.kind == "remove" and trial is not None:
                    new = [k for k in trial.shortfalls if current.shortfalls.get(k, 0.0) <= _EPS]
                    gap = sum(trial.shortfalls[k] for k in new)
                    if new and gap <= NEAR_SHORTFALL:  # (none new: it worsened a shortfall already open)
                        bucket = "screened" if trial.screened_out else "near"
                        (removals if trial.screened_out else near).append((gap, move, trial))
                self.failed[key] = Failure(bucket, gap, trial)
            if accepted is None and self.design_moves:
                for _, move, trial in sorted(near, key=lambda x: x[0]):
                    worst = max((k for k in trial.shortfalls if current.shortfalls.get(k, 0.0) <= _EPS),
                                key=lambda k: trial.shortfalls[k])
                    need = _hour_need(trial, worst, self.targets.get(worst))
                    for extra in _guided(move.design, [move.group], need, GUIDED_MOVES, self.allowed):
                        change = move.change.then(extra.change)
                        label = change.label
                        key = self._memo(current, label, extra.design)
                        if self._skip(lazy, key):
                            skipped += 1
                            continue
                        second = self.evaluate(extra.design, screen=True)
                        ok = _keeps(second, current, self.stuck) and second.cost_yuan < current.cost_yuan - 1e-6
                        tried.append(Trial("compound", label, self.evaluate.cost(extra.design), ok,
                                           self._reason(second, current)))
                        if ok:
                            accepted = (Move("compound", change, extra.design, move.group), second)
                            break
                        self.failed[key] = NOT_NEAR
                    if accepted:
                        break
            if accepted is None and self.design_moves:
                accepted, skips = self._consolidate(current, near + removals, tried, lazy)
                skipped += skips
            if accepted is None:
                if lazy and skipped:
                    lazy = False  # certify: look at every neighbour once more
                    continue
                return current, tried
            current = accepted[1]
            lazy = True
            self._step("remove" if accepted[0].kind == "remove" else accepted[0].kind, accepted[0], current)

    def _consolidate(self, current: Evaluation, near: list, tried: list[Trial], lazy: bool = False):
        """Two removals that each only just miss, in one group, and one longer shift where they
        leave the need (``design.consolidate_moves``): the first that keeps every target, cheapest
        first, and the consolidations not looked at again (``descend``); None when none does.
        Each removal's need is its trial's worst new shortfall by hour."""
        by_group: dict[str, dict[str, list[float]]] = {}
        for _, move, trial in sorted(near, key=lambda x: x[0]):
            worst = max((k for k in trial.shortfalls if current.shortfalls.get(k, 0.0) <= _EPS),
                        key=lambda k: trial.shortfalls[k])
            need = _hour_need(trial, worst, self.targets.get(worst))
            shift = _removed_shift(current.design, move)
            if need is not None and shift is not None:
                by_group.setdefault(move.group, {})[shift] = need
        moves = [m for group, needs in by_group.items() for m in consolidate_moves(current.design, group, needs)]
        priced = sorted(((self.evaluate.cost(m.design), m) for m in self._allowed(moves)), key=lambda cm: cm[0])
        skipped = 0
        for cost, move in priced:
            if cost >= current.cost_yuan - 1e-6:
                continue
            key = self._memo(current, move.label, move.design)
            if self._skip(lazy, key):
                skipped += 1
                continue
            trial = self.evaluate(move.design, screen=True)
            ok = _keeps(trial, current, self.stuck)
            tried.append(Trial(move.kind, move.label, cost, ok, self._reason(trial, current)))
            if ok:
                return (move, trial), skipped
            self.failed[key] = NOT_NEAR
        return None, skipped

    def _reason(self, trial: Evaluation | None, current: Evaluation) -> str:
        if trial is None:
            return ("not a valid roster (an hour a pool, post or round-the-clock team must cover left with "
                    "nobody, a compliance rule broken, or breaks that do not fit)")
        missed = [k for k, v in trial.shortfalls.items() if v > _EPS and current.shortfalls.get(k, 0.0) <= _EPS]
        if trial.screened_out:
            return "screened out: mean misses " + ", ".join(str(k) for k in missed[:3] or _screen_fails(
                trial.run, self.targets))
        return "misses " + ", ".join(str(k) for k in missed[:3]) if missed else "meets every target"


class SearchRun(NamedTuple):
    """One search (one combination of design options) as it ended: its last evaluation, the
    certificate of its descent (empty when it gave up), the moves taken, the targets it set
    aside and the search itself."""

    evaluation: Evaluation
    certificate: list[Trial]
    steps: list[Step]
    stuck: set[KpiKey]
    search: Search


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


def optimise(scenario: Scenario, settings: SearchSettings = FULL_PLAN, *, workers: int = 1, progress=None,
             on_candidate=None, heartbeat=None, **changes) -> PlanResult:
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
    every target on its interval)."""
    settings = s = settings.but(**changes)
    replications, search_days, seed, screen_replications = s.replications, s.search_days, s.seed, s.screen_replications
    verify_replications, verify_days, verify_cap, verify_rounds = (s.verify_replications, s.verify_days, s.verify_cap,
                                                                   s.verify_rounds)
    design_moves, use_options, moves, groups, option_kinds = s.design_moves, s.use_options, s.moves, s.groups, s.option_kinds
    max_steps, max_per_shift, max_verifications, max_candidates = (s.max_steps, s.max_per_shift, s.max_verifications,
                                                                   s.max_candidates)
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
    pool = process_pool(workers) if workers > 1 else None

    def say(event: SearchEvent) -> None:
        if progress is not None:
            progress(event)

    # A design is accepted on means only when verification's budget could show it met.
    settle_days = settle_budget_rep_days or settle_rep_days(scenario, verify_reps, verify_days, verify_cap)

    work = Work()

    def evaluator(base: Scenario, reps: int, run_seed: int, screen: int = 0, judge: str = "interval",
                  phase: str = "search") -> Evaluator:
        return Evaluator(base, reps, run_seed, pool=pool, targets=targets, options=options, costs=costs,
                         count=count, on_candidate=on_candidate, screen_reps=screen, judge=judge,
                         settle_rep_days=settle_days if judge == "mean" else None, work=work, phase=phase,
                         heartbeat=heartbeat)

    start = compliant_design(scenario, initial_design(scenario))
    try:
        runs: dict[frozenset, SearchRun] = {}

        # One evaluator for every search: the same random numbers, and a design met twice is
        # simulated once.
        evaluate = evaluator(search_scenario, replications, seed,
                             screen_replications if screen_replications < replications else 0, judge=settings.judge)

        unstarted: list[frozenset] = []        # searches the candidate budget did not start

        def over_budget(key: frozenset) -> bool:
            """Whether the candidate budget is spent: the search with ``key`` is then not started."""
            if max_candidates is None or count[0] < max_candidates:
                return False
            say(SearchEvent("budget_spent", options_of(key), budget=max_candidates))
            unstarted.append(key)
            return True

        def search_from(design: Design, key: frozenset) -> None:
            if key and over_budget(key):
                return
            steps: list[Step] = []
            stuck: set[KpiKey] = set()
            evaluate.search = "+".join(sorted(key))
            first = evaluate(design)
            if first is None:
                return
            say(SearchEvent("search", options_of(key)))
            # An option search that must set aside a target the search without options kept has
            # lost (gives_up below): it stops there instead of descending.
            may_set_aside = runs[frozenset()].stuck if key and frozenset() in runs else None
            search = Search(evaluate, scenario, options, stuck, steps, say, max_steps=max_steps,
                            max_per_shift=max_per_shift, base_reps=replications, design_moves=design_moves,
                            allowed=moves, groups=groups, may_set_aside=may_set_aside)
            current = search.repair(first)
            if search.gave_up:
                say(SearchEvent("gave_up", options_of(key)))
                runs[key] = SearchRun(current, [], steps, stuck, search)
                return
            current, certificate = search.descend(current)
            runs[key] = SearchRun(current, certificate, steps, stuck, search)

        # 3. Options, chosen greedily: each on its own from the best design without options
        #    (repair what it breaks, then descend); then, cheapest saving first, each further
        #    option on top of the best combination so far while it saves.
        search_from(start, frozenset())
        base = runs[frozenset()].evaluation.design if frozenset() in runs else start
        base_cost = evaluate.cost(base)
        # The option taking most off the design first (it most likely saves most); ties by name.
        ordered = sorted(options, key=lambda o: (evaluate.cost(switch_on(base, o)) - base_cost, o.name))
        base_stuck = runs[frozenset()].stuck if frozenset() in runs else set()

        def gives_up(key) -> bool:
            # An option that gives up a target the search without options kept (sets it aside)
            # is no saving: it ranks after every design that keeps all those targets.
            return bool(_open(runs[key].evaluation, runs[key].stuck)) or bool(runs[key].stuck - base_stuck)

        def rank(key):
            return (gives_up(key), runs[key].evaluation.cost_yuan)

        by_name = {o.name: o for o in options}
        if option_strategy == "greedy" and frozenset() in runs:
            best_key = frozenset()
            for option in ordered:
                key = best_key | {option.name}
                if any(option.conflicts(by_name[k]) for k in best_key):
                    continue
                search_from(switch_on(runs[best_key].evaluation.design, option), key)
                if key in runs and rank(key) < rank(best_key):
                    best_key = key
        else:
            # Each option's search moves every roster: switching one on frees or loads people well
            # beyond its own pools (restricting the search to them was tried and cost 6% more).
            for option in ordered:
                search_from(switch_on(base, option), frozenset({option.name}))
        if not runs:
            raise ScenarioError([])

        best_key = min(runs, key=rank)
        singles = sorted((k for k in runs if frozenset() in runs and len(k) == 1 and k != best_key
                          and rank(k) < rank(frozenset())), key=rank) if option_strategy == "singles" else []
        for single in singles:
            key = best_key | single
            option = by_name[next(iter(single))]
            if key in runs or any(option.conflicts(by_name[k]) for k in best_key):
                continue
            search_from(switch_on(runs[best_key].evaluation.design, option), key)
            if key in runs and rank(key) < rank(best_key):
                best_key = key
        # (an option skipped because it conflicts with one chosen, or whose design is not valid, was
        # not left out by the budget)
        not_searched = [o.name for o in ordered if any(o.name in k for k in unstarted)
                        and not any(o.name in k for k in runs)]
        option_report = {}
        for option in options:
            with_keys = [k for k in runs if option.name in k and (k - {option.name}) in runs]
            if not with_keys:
                continue
            # the combination it was last judged in: the chosen one when it is in it
            key = best_key if best_key in with_keys else max(with_keys, key=len)
            with_cost, without_cost = runs[key].evaluation.cost_yuan, runs[key - {option.name}].evaluation.cost_yuan
            option_report[option.name] = {
                "kind": option.kind, "source": option.source, "target": option.target,
                "chosen": option.name in best_key, "cost_with_yuan": round(with_cost, 2),
                "cost_without_yuan": round(without_cost, 2), "saving_yuan": round(without_cost - with_cost, 2),
                "with_options": sorted(key - {option.name}),
                "meets_targets_with": not gives_up(key)}
        # 4. Verify, best first: the cheapest candidate (the chosen design first, then the other
        #    searches' designs, each with its own options) is verified on fresh random numbers and
        #    the full horizon, with more replications while every open target is inconclusive and
        #    the data can settle it. One that misses (or stays unsettled) is repaired on the
        #    verification's own runs, at most ``verify_rounds - 1`` times, and goes back in the
        #    queue at its new cost; the first verified to meet every target is the plan. When
        #    none does, the chosen design's last repair and evidence are reported (its misses
        #    named, never dropped). Each verification has random numbers no choice was made on.
        cap = max(1, verify_cap) * verify_reps

        def unsettled(evidence: Evaluation, stuck: set[KpiKey]) -> list[KpiKey]:
            """Open targets, and targets set aside whose interval still straddles the line (no
            added staff moves them, but more data may show them met: a set-aside target is
            settled by replications, never repaired)."""
            return _open(evidence, stuck) + [k for k in _open(evidence, set())
                                             if k in stuck and _inconclusive(evidence, [k])]

        def settle(evaluate: Evaluator, design: Design, stuck: set[KpiKey]) -> Evaluation | None:
            evidence = evaluate(design)
            while evidence is not None and unsettled(evidence, stuck) and evaluate.reps < cap:
                open_targets = unsettled(evidence, stuck)
                if not all(_inconclusive(evidence, [k]) for k in open_targets):
                    break                      # a target missed for sure: repair it
                more = settling_replications([_settling_reps(evidence, [k]) for k in open_targets],
                                             evaluate.reps, cap, verify_reps)
                if more is None:
                    break
                evaluate.reps = more
                say(SearchEvent("settling", replications=evaluate.reps))
                evidence = evaluate(design)
            return evidence

        chosen_key = best_key
        pricing = evaluator(verify_scenario, verify_reps, seed + 1_000_003)
        queue = [Candidate(pricing.cost(d), i, k, d) for i, (k, d) in enumerate(
            (k, _tidy(scenario, drop_empty_shifts(runs[k].evaluation.design), options))
            for k in [best_key] + sorted((k for k in runs if k != best_key and not gives_up(k)), key=rank))]
        order = len(queue)
        last: dict[frozenset, Verified] = {}
        found = None
        for attempt in range(max(1, max_verifications)):
            if not queue:
                break
            queue.sort(key=lambda q: (q.cost_yuan, q.order))
            candidate = queue.pop(0)
            key, design, rounds_done = candidate.key, candidate.design, candidate.rounds
            stuck_k = runs[key].stuck
            if attempt:
                say(SearchEvent("verifying", options_of(key), repaired=bool(rounds_done)))
            verify = evaluator(verify_scenario, verify_reps, seed + 1_000_003 + 2_000_014 * attempt, phase="verification")
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
            if evidence is None or rounds_done + 1 >= max(1, verify_rounds):
                if evidence is not None:
                    say(replace(_evidence(evidence, _open(evidence, stuck_k)), options=options_of(key)))
                continue
            say(replace(_evidence(evidence, _open(evidence, stuck_k)), kind="repairing"))
            # on the verification's own random numbers (the design is judged on them already)
            repair = evaluator(verify_scenario, min(verify.reps, 4 * verify_reps), verify.seed, judge=settings.judge)
            steps_k = runs[key].steps
            fix = Search(repair, scenario, options, stuck_k, steps_k, say, max_steps=max_steps,
                         max_per_shift=max_per_shift, base_reps=verify_reps, design_moves=design_moves,
                         allowed=moves, groups=groups)
            repaired_from = len(steps_k)
            fixed = _tidy(scenario, drop_empty_shifts(fix.repair(repair(design)).design), options)
            queue.append(Candidate(pricing.cost(fixed), order, key, fixed, rounds_done + 1,
                                   candidate.repaired + [s.lever for s in steps_k[repaired_from:]]))
            order += 1
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
    except BaseException:  # stopped (raised from a callback) or failed: the workers compute on for no one
        if pool is not None:
            stop_pool(pool)
            pool = None
        raise
    finally:
        if pool is not None:
            pool.shutdown()
    final = apply_design(verify_scenario, design, options)
    bound = lower_bound(final, evidence.run, costs)
    work.candidates, work.seconds = count[0], time.perf_counter() - started
    return PlanResult(final, design.staffing(), levers(final), evidence.run, chosen.evaluation, chosen.steps, count[0],
                      time.perf_counter() - started, sorted(str(k) for k in chosen.stuck), design=design,
                      planned=apply_design(scenario, design, options), certificate=chosen.certificate,
                      options=option_report, cost_yuan=costs.cost_yuan_per_year(final), repaired=repaired,
                      bound=bound, fell_back_from=fell_back_from, options_not_searched=not_searched,
                      max_candidates=max_candidates, option_strategy=option_strategy, work=work)
