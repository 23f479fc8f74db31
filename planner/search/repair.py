"""Repair: move or add people until every target is met (the search's step 1).

Contract: :meth:`Repair.repair` takes an :class:`~planner.search.evaluate.Evaluation` and
returns one that meets every target, or the best it reached when the step budget
(``max_steps``) ran out; targets nothing helps are set aside (``stuck``) and reported as
``set_aside`` events. For the target with the largest relative shortfall (judged on intervals:
first doubling the replications while it is inconclusive) it tries the moves that keep the
people and move cover toward the hours below target (:func:`_guided`), keeping the best that
helps without costing more; otherwise it adds one person on each shift of a group that can move
the target (:func:`groups_for`; 2, 4, 8... when nobody alone helps) and keeps the add with the
most shortfall removed per yuan. Every move taken is a :class:`Step` and a ``step`` event.
:class:`Repair` also holds what the descent (planner.search.descend) shares with it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from planner.search.changes import Change
from planner.search.design import Design, DesignOption, Move, count_moves, neutral_moves, saturated
from planner.search.evaluate import Evaluation, Evaluator, _EPS, _inconclusive, _open
from planner.search.events import SearchEvent
from sim.results.centre_kpis import KpiKey
from sim.scenario import CONTACT_KINDS, Scenario
from sim.scenario.on_duty import Duty
from sim.scenario.scenario import GroupPath

#: Compensating moves tried per near removal, and neutral moves per repair step.
GUIDED_MOVES = 3


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



def _active(design: Design, options: list[DesignOption]) -> list[str]:
    removed = {g for o in options if o.name in design.options for g in o.removes}
    return [g for g in design.groups() if g not in removed]



class Repair:
    """Repair on one evaluator (module doc); the state the descent shares with it."""

    def __init__(self, evaluate: Evaluator, scenario: Scenario, options: list[DesignOption], stuck: set[KpiKey],
                 steps: list[Step], say, *, max_steps: int, max_per_shift: int, base_reps: int, design_moves: bool,
                 allowed: frozenset[str] | None = None, groups: frozenset[str] | None = None,
                 may_set_aside: set[KpiKey] | None = None, batch: int = 1):
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
        #: designs simulated side by side at most (1: one at a time; ``_ahead``)
        self.batch = batch

    def _active(self, design: Design) -> list[str]:
        """The groups the search may change: the active ones, within ``groups`` when given."""
        return [g for g in _active(design, self.options) if self.groups is None or g in self.groups]

    def _allowed(self, moves) -> list[Move]:
        return [m for m in moves if self.allowed is None or m.kind in self.allowed]

    def _ahead(self, designs: list[Design], screen: bool = False) -> None:
        """Simulate ``designs`` side by side, ``batch`` at a time, ahead of the calls that will
        ask for them in this order (planner.search.evaluate.Evaluator.ahead): what is decided
        stays what one-at-a-time evaluation decides."""
        if self.batch > 1:
            for i in range(0, len(designs), self.batch):
                self.evaluate.ahead(designs[i:i + self.batch], screen)

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
                guided = _guided(current.design, groups, need, GUIDED_MOVES, self.allowed)
                self._ahead([m.design for m in guided])  # every one is tried
                for move in guided:
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
                self._ahead([m.design for group in groups for m in count_moves(current.design, group, step)])
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

