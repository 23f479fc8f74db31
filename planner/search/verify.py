"""How a design's evidence is gathered so that "met at 95%" means what it says.

Verification takes at most **two looks** at a design, each on its own random numbers and of a
size fixed before its results are seen:

1. the **pilot**: ``verify_replications`` replications. A target it shows met or missed is
   settled; when every target is settled, the pilot is the evidence.
2. the **confirmation**, only when some target's interval still straddles its line: a fresh run
   (new random numbers) whose size the pilot projects (:func:`confirmation_size`: every
   inconclusive target settled, 20% to spare, at least twice the pilot, four times when a mean
   is on the wrong side, at most the cap). Its verdicts are the evidence; the pilot's data are not pooled
   with it.

A target's interval is two-sided 95%, so a target whose true value sits exactly on its line is
shown met by one look with probability at most 2.5%, by the two looks together at most 5%
(:func:`false_pass_bound`): the plan's "met with 95% confidence" is the procedure's, not one
interval's. Growing one run and looking again (10 → 20 → 40 replications, the earlier rule)
would overstate it. The confirmation is sized to show met a target whose true value clears its
line by the indifference zone ``ON_LINE`` (relative), at most the cap: a target on its line is
looked at once more, never with replications escalating without bound. What stays open after the looks is repaired (the search buys
a margin) or reported as not yet shown; a design is never verified twice unchanged.

``tests/planner/search/test_verify.py`` checks the bound by simulation of the procedure on data
whose mean is exactly the target.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Iterable, TypeVar

T = TypeVar("T")

#: The indifference zone (relative to the line): a confirmation is sized to show met a target
#: whose true value clears its line by this much, never to resolve one closer than that.
ON_LINE = 0.002
#: A confirmation asked by a mean on the wrong side of its line (noise from a short pilot, or a
#: miss the confirmation will show): this many times the pilot's replications.
WRONG_SIDE_LOOK = 4
#: Looks a verification takes at a design (the pilot and at most one confirmation).
LOOKS = 2
#: Each look's chance of showing met a target exactly on its line (one side of a 95% interval).
ONE_LOOK_FALSE_PASS = 0.025


def false_pass_bound(looks: int = LOOKS) -> float:
    """The most a verification of ``looks`` independent looks shows met a target exactly on its
    line (the union bound over the looks)."""
    return looks * ONE_LOOK_FALSE_PASS


def projected_replications(n: int, mean: float, target: float, half_width: float, direction: str) -> float:
    """Replications at which a 95% interval of half-width ``half_width`` at ``n`` replications
    would clear ``target`` on its ``direction``'s side by the pilot's margin, or by the
    indifference zone when the margin is smaller (the half-width shrinks as 1/√n): a mean on its
    line gets the zone's size, never an unbounded one; inf when the mean is on the wrong side."""
    margin = mean - target if direction == ">=" else target - mean
    if direction not in (">=", "<=") or not margin > 0 or math.isnan(half_width):
        return math.inf
    return n * (half_width / max(margin, ON_LINE * max(abs(target), 1e-9))) ** 2


def confirmation_size(needs: Iterable[float], pilot: int, cap: int) -> int | None:
    """The confirmation's replications from the pilot's projections ``needs`` (one per
    inconclusive target, :func:`projected_replications`): what settles them all, 20% to spare, at
    least twice the pilot, at most ``cap`` (a projection from a short pilot is itself noise, so a
    target projected beyond the cap still gets the cap's look). A mean on the wrong side (inf)
    from a short pilot may be noise too (one urgent order late out of a dozen): it asks
    ``WRONG_SIDE_LOOK`` × the pilot, no more. None when nothing is open."""
    needs = list(needs)
    if not needs:
        return None
    finite = [n for n in needs if math.isfinite(n)]
    size = max(2 * pilot, math.ceil(1.2 * max(finite, default=0.0)))
    if len(finite) < len(needs):
        size = max(size, WRONG_SIDE_LOOK * pilot)
    return min(cap, size)


@dataclass(frozen=True)
class OpenTarget:
    """A target a look left open: its verdict ('missed' or 'inconclusive'), mean, the half-width
    of its 95% interval on its side, its direction and line, and the look's replications."""

    status: str
    mean: float
    half_width: float
    direction: str
    target: float
    replications: int


def two_looks(look: Callable[[int, int], T], open_targets: Callable[[T], list[OpenTarget]],
              pilot: int, cap: int) -> tuple[T, int]:
    """A design's evidence by the module's rule: ``look(which, replications)`` runs a look on its
    own random numbers (``which`` 0: the pilot, 1: the confirmation); ``open_targets`` lists what
    a look left open. Returns the evidence and which look it is."""
    first = look(0, pilot)
    if first is None:
        return first, 0
    left = open_targets(first)
    if not left or any(t.status != "inconclusive" for t in left):
        return first, 0                      # settled, or a target missed for sure: repair it
    size = confirmation_size((projected_replications(t.replications, t.mean, t.target, t.half_width, t.direction)
                              for t in left), pilot, cap)
    if size is None:
        return first, 0                      # on its line or beyond the cap: buy a margin or report it
    return look(1, size), 1
