"""Descent: take cheaper neighbours that meet every target until none does (the search's step 2).

Contract: :meth:`Search.descend` takes an :class:`~planner.search.evaluate.Evaluation` meeting
its targets (the repair's, planner.search.repair) and returns a cheaper or equal one that still
meets every target the start met, with the last pass's :class:`Trial` list: every cheaper
neighbour of the returned design tried on it, none meeting every target (the certificate).
Neighbours (one person fewer, a shorter shift, a person moved to a shorter shift) are tried
cheapest first and the first that keeps every target is taken; when none does, a near-miss
removal with a move that keeps the people (compound), then two near-miss removals in one group
with one longer shift (consolidation). Neighbours that failed are not looked at again while the
shifts they change stay as they were (don't-look bits), until a full pass certifies the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from planner.search.design import Design, Move, consolidate_moves, count_moves, resize_moves, touched, transfer_moves
from planner.search.evaluate import Evaluation, _EPS, _keeps, _screen_fails
from planner.search.repair import GUIDED_MOVES, Repair, _guided, _hour_need

#: A removal whose total relative shortfall is at most this is "near": worth a compensating move.
NEAR_SHORTFALL = 0.25


@dataclass
class Trial:
    """One neighbour tried by the last pass of the descent (a line of the certificate)."""

    kind: str
    move: str
    cost_yuan: float
    feasible: bool
    reason: str



def _removed_shift(design: Design, move: Move) -> str | None:
    """The shift of ``design`` that ``move`` (a removal) takes one person from."""
    before, after = design.roster(move.group), move.design.roster(move.group)
    if before.get("rotation"):
        return None
    return next((n for n, s in before["shifts"].items()
                 if n in after["shifts"] and after["shifts"][n]["agents"] < s["agents"]), None)



class Failure(NamedTuple):
    """A neighbour the descent tried that failed: for a removal that only just missed, its
    near-miss bucket ("near", or "screened" when it failed on the screen's runs), the shortfall
    it opened and its trial (compounds and consolidations are built on it later)."""

    bucket: str | None
    gap: float
    trial: Evaluation | None


#: A failure that proposes nothing further (not a near removal).
NOT_NEAR = Failure(None, 0.0, None)


class Search(Repair):
    """Repair and descent on one evaluator (planner.search.optimise's module doc, steps 1 and 2)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        #: Neighbours that failed, by label and what they change (``descend``).
        self.failed: dict[tuple, Failure] = {}

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

    def _batched(self, items: list, tries, design_of):
        """``items`` in order, each yielded after the batch starting at it was simulated side by
        side (planner.search.evaluate.Evaluator.ahead, screened): the next items the loop will try
        (``tries(item)``), 2 of them, then 4, ... up to ``batch`` (a pass that takes an early
        neighbour wastes little). The loop decides as one at a time would: the first neighbour
        in this order that keeps every target, whatever the pool's size or finishing order."""
        size, ahead_to = min(2, self.batch), 0
        for i, item in enumerate(items):
            if self.batch > 1 and i >= ahead_to and tries(item):
                batch, ahead_to = [], i
                while ahead_to < len(items) and len(batch) < size:
                    if tries(items[ahead_to]):
                        batch.append(design_of(items[ahead_to]))
                    ahead_to += 1
                self.evaluate.ahead(batch, screen=True)
                size = min(2 * size, self.batch)
            yield item

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
            neighbours = self.cheaper_moves(current.design, current.cost_yuan)
            for cost, move in self._batched(neighbours, lambda cm: not self._skip(lazy, self._memo(
                    current, cm[1].label, cm[1].design)), lambda cm: cm[1].design):
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
                    extras = _guided(move.design, [move.group], need, GUIDED_MOVES, self.allowed)
                    for extra in self._batched(extras, lambda e, move=move: not self._skip(lazy, self._memo(
                            current, move.change.then(e.change).label, e.design)), lambda e: e.design):
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
        for cost, move in self._batched(priced, lambda cm: cm[0] < current.cost_yuan - 1e-6 and not self._skip(
                lazy, self._memo(current, cm[1].label, cm[1].design)), lambda cm: cm[1].design):
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
