"""The chance that a waiting emergency is reached within its target: conditional Monte Carlo.

A replication's share of emergencies on site within the target counts each one 0 or 1; with a
few dozen emergencies a replication and a share near 95%, that estimate is noisy and
verification needs many replications. This module scores an emergency that has to **wait** for a
technician (nobody idle, nobody on work it may interrupt) by the probability, given the state of
its team at the moment it joins the queue, that the model as simulated puts someone on site within
the target. The replication's conditional estimate averages these scores (and the 0/1 of every
other counted emergency): sim.results.field_kpis.

**What is conditioned on.** Let G be everything the simulation has done up to the instant ``s``
the order joins the queue, *except* the work times of the legs the team's busy people are on:
each such work time ``W`` was drawn from its law when its order was opened and is read by nothing
but the timeout that ends the work, so all G tells about it is ``W > a`` (``a``: how long the
person has worked on it; 0 while still travelling there). The on-call call-outs on their way
are the same: their delay ``D`` is known only to exceed the time since the call. Given G, these
``W`` and ``D`` are independent, each with its law conditioned on exceeding its age, and
everything else the response depends on is fixed by G: where each person will be when free,
their breaks and shift ends, the shift starts of the roster, the order's own place and its travel.

**Why the response is a function of them.** When the order is at the head of its team's queue
(nothing waiting, nor due to be dispatched before the target runs out, that sorts before it),
the first person able to take a task takes it: each busy person after their current leg (and
any known legs after it) and, by the person's own loop (sim.field.team.Person: the shift's end
sends them home, a break due is taken first), at a time ``A_k = g_k(s + W_k ...)``; a person on a
break at its end; a person whose shift starts before the deadline at its start; a call-out on its
way at ``t + D``. No later arrival can overtake an emergency that is already waiting (the queue
sorts by priority, then by report time), nobody is doing interruptible work, and no one else can
be called out before the deadline (this is checked: an on-call window with people still at home
that overlaps the wait sends the order back to its 0/1). So the response is ``min_k A_k`` plus the
winner's travel from where they are then to the order, and

    P(on site ≤ deadline | G) = Σ_k ∫ f_k(a) Π_{j≠k} P(A_j > a) da   over a ≤ deadline − travel_k

(atoms of the fixed times as point masses), which :func:`chance_within` evaluates with
Gauss–Legendre quadrature on the pieces between every kink (error about 1e-15 for lognormal,
exponential and uniform work times; about 1e-8 for a gamma of shape near 1, whose density is not
smooth at zero: far below anything a replication can resolve).

**Why it is unbiased.** The score is E[1{response ≤ target} | G]. Whether an order is scored or
keeps its 0/1 is decided from G alone (the checks above read only the state at ``s``), so the
tower rule E[E[1 | G]] = E[1] gives E[score] = P(response ≤ target) for the model as simulated.
That the hidden work times also decide what the busy people do later, and so other orders'
responses, does not matter: each order's score is the conditional expectation of its own
indicator, whatever else those draws move. Work times of a discrete law (deterministic,
empirical) are taken as known instead (a finer G, still a conditional expectation).

**The one exception** the model's rules leave open: an order in hand of a busy person that sorts
before this one and may still need parts is submitted again after the parts wait; if that wait
could be shorter than the target (its law gives it more than 1e-12), the order keeps its 0/1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.scenario.distributions import Deterministic, Empirical, Exponential, Gamma, LogNormal, Uniform

#: Quadrature nodes and weights on [-1, 1] (exact for polynomials of degree 63 on each piece).
_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(32)
#: A law whose survival at the age is below this is taken as known (its ratio would lose digits).
_TINY = 1e-300


def is_continuous(dist) -> bool:
    """Whether :func:`survival` and :func:`density` know ``dist`` as a continuous law."""
    if isinstance(dist, Gamma):
        return (dist.mean / dist.sd) ** 2 >= 1  # shape ≥ 1: a density bounded at zero
    return isinstance(dist, (Exponential, LogNormal, Uniform))


def survival(dist, x: np.ndarray | float) -> np.ndarray:
    """P(V > x) for V drawn from ``dist`` (in the law's own unit)."""
    x = np.asarray(x, dtype=float)
    if isinstance(dist, Exponential):
        return np.exp(-np.maximum(x, 0.0) / dist.mean)
    if isinstance(dist, LogNormal):
        sigma2 = math.log1p((dist.sd / dist.mean) ** 2)
        mu, sigma = math.log(dist.mean) - sigma2 / 2, math.sqrt(sigma2)
        with np.errstate(divide="ignore"):
            z = (np.log(np.maximum(x, 0.0)) - mu) / (sigma * math.sqrt(2))
        from scipy.special import erfc
        return np.where(x > 0, 0.5 * erfc(z), 1.0)
    if isinstance(dist, Gamma):
        from scipy.special import gammaincc
        shape = (dist.mean / dist.sd) ** 2
        return np.where(x > 0, gammaincc(shape, np.maximum(x, 0.0) / (dist.mean / shape)), 1.0)
    if isinstance(dist, Uniform):
        return np.clip((dist.high - x) / (dist.high - dist.low), 0.0, 1.0)
    if isinstance(dist, Deterministic):
        return (x < dist.value).astype(float)
    if isinstance(dist, Empirical):
        values = np.sort(np.asarray(dist.values, dtype=float))
        return 1.0 - np.searchsorted(values, x, side="right") / len(values)
    raise TypeError(f"no survival function for {type(dist).__name__}")


def density(dist, x: np.ndarray) -> np.ndarray:
    """The density of a continuous ``dist`` at ``x`` (its own unit)."""
    x = np.asarray(x, dtype=float)
    pos = np.maximum(x, 1e-300)
    if isinstance(dist, Exponential):
        return np.where(x >= 0, np.exp(-pos / dist.mean) / dist.mean, 0.0)
    if isinstance(dist, LogNormal):
        sigma2 = math.log1p((dist.sd / dist.mean) ** 2)
        mu, sigma = math.log(dist.mean) - sigma2 / 2, math.sqrt(sigma2)
        return np.where(x > 0, np.exp(-(np.log(pos) - mu) ** 2 / (2 * sigma2)) / (pos * sigma * math.sqrt(2 * math.pi)), 0.0)
    if isinstance(dist, Gamma):
        from scipy.special import gammaln
        shape = (dist.mean / dist.sd) ** 2
        theta = dist.mean / shape
        return np.where(x > 0, np.exp((shape - 1) * np.log(pos) - pos / theta - gammaln(shape) - shape * math.log(theta)), 0.0)
    if isinstance(dist, Uniform):
        return np.where((x >= dist.low) & (x <= dist.high), 1.0 / (dist.high - dist.low), 0.0)
    raise TypeError(f"no density for {type(dist).__name__}")


def person_loop(free_s: float, end_s: float, breaks: list[tuple[float, float]]) -> float:
    """When a person free at ``free_s`` calls for their next task (sim.field.team.Person._shift):
    at or after the shift's end they go home (inf); a break whose start has passed is taken first."""
    t = free_s
    for start, length in breaks:
        if t >= end_s:
            return math.inf
        if t < start:
            return t
        t += length
    return math.inf if t >= end_s else t


@dataclass
class Candidate:
    """Someone who may take the waiting order: they ask for a task at ``A = loop(finish)`` where
    ``finish = base_s + W``, W of law ``dist`` × ``scale`` conditioned on W > ``age_s`` (``dist``
    None: finish = ``base_s``, a fixed time), then travel ``travel_s`` to the order."""

    base_s: float
    end_s: float
    breaks: list[tuple[float, float]]
    travel_s: float
    dist: object = None
    scale: float = 1.0
    age_s: float = 0.0

    def _segments(self) -> list[tuple[float, float, float]]:
        """(lo, hi, shift): for finish in (lo, hi], A = finish + shift (shift inf: gone home)."""
        sums = [0.0]
        for _, length in self.breaks:
            sums.append(sums[-1] + length)
        points = sorted({p - s for s in sums for p in [self.end_s] + [b for b, _ in self.breaks]
                         if math.isfinite(p - s)})
        edges = [-math.inf] + points + [math.inf]
        out = []
        for lo, hi in zip(edges, edges[1:]):
            if math.isfinite(lo) and math.isfinite(hi):
                mid = (lo + hi) / 2
            else:
                mid = hi - 1.0 if math.isfinite(hi) else lo + 1.0 if math.isfinite(lo) else 0.0
            a = person_loop(mid, self.end_s, self.breaks)
            out.append((lo, hi, a - mid if math.isfinite(a) else math.inf))
        return out

    def prepare(self) -> None:
        self.segments = self._segments()
        if self.dist is not None:
            self.s_age = float(survival(self.dist, self.age_s / self.scale))

    @property
    def fixed_s(self) -> float:
        return person_loop(self.base_s, self.end_s, self.breaks)

    def finish_cdf(self, y: np.ndarray) -> np.ndarray:
        w = np.maximum(np.asarray(y, dtype=float) - self.base_s, self.age_s)
        return 1.0 - survival(self.dist, w / self.scale) / self.s_age

    def cdf(self, a: np.ndarray) -> np.ndarray:
        """P(A ≤ a)."""
        a = np.asarray(a, dtype=float)
        if self.dist is None:
            return (self.fixed_s <= a).astype(float)
        out = np.zeros_like(a)
        for lo, hi, shift in self.segments:
            if math.isinf(shift):
                continue
            top = np.minimum(hi, a - shift)
            out += np.where(top > lo, self.finish_cdf(top) - (self.finish_cdf(lo) if math.isfinite(lo) else 0.0), 0.0)
        return out

    def pdf(self, a: np.ndarray) -> np.ndarray:
        a = np.asarray(a, dtype=float)
        out = np.zeros_like(a)
        for lo, hi, shift in self.segments:
            if math.isinf(shift):
                continue
            y = a - shift
            w = y - self.base_s
            inside = (y > lo) & (y <= hi) & (w > self.age_s)
            out += np.where(inside, density(self.dist, w / self.scale) / self.scale / self.s_age, 0.0)
        return out

    def kinks(self) -> list[float]:
        if self.dist is None:
            return [self.fixed_s]
        pts = [self.base_s + self.age_s]
        if isinstance(self.dist, Uniform):
            pts += [self.base_s + self.dist.low * self.scale, self.base_s + self.dist.high * self.scale]
        for lo, hi, shift in self.segments:
            if math.isfinite(shift):
                pts += [p + shift for p in (lo, hi) if math.isfinite(p)]
        return pts


def chance_within(candidates: list[Candidate], now_s: float, deadline_s: float) -> float:
    """P(the first candidate to ask for a task, plus their travel, is on site by ``deadline_s``)."""
    for c in candidates:
        c.prepare()
    total = 0.0
    for k, c in enumerate(candidates):
        limit = deadline_s - c.travel_s
        others = [o for j, o in enumerate(candidates) if j != k]
        if c.dist is None:
            a = c.fixed_s
            if not a <= limit:
                continue
            p = 1.0
            for j, o in enumerate(candidates):
                if j == k:
                    continue
                if o.dist is None and o.fixed_s == a:
                    p *= 0.0 if j < k else 1.0  # a tie: the first listed (same place: checked by the caller)
                else:
                    p *= 1.0 - float(o.cdf(np.array([a]))[0])
            total += p
            continue
        pts = sorted({p for o in candidates for p in o.kinks() if now_s < p < limit} | {now_s, limit})
        pts = [p for p in pts if p <= limit]
        for lo, hi in zip(pts, pts[1:]):
            if hi <= lo:
                continue
            x = (hi - lo) / 2 * _NODES + (hi + lo) / 2
            f = c.pdf(x)
            for o in others:
                f = f * (1.0 - o.cdf(x))
            total += float(np.sum(_WEIGHTS * f) * (hi - lo) / 2)
    return min(max(total, 0.0), 1.0)


def waiting_candidates(team, task, now_s: float, deadline_s: float) -> list[Candidate] | None:
    """Everyone who may take ``task`` (waiting at the head of ``team``'s queue) before the deadline,
    as :class:`Candidate` s; None when the state is one this module does not score exactly (the
    order keeps its 0/1): someone in a state between tasks, a person resuming interrupted work who
    could still come in time, an on-call window with people at home overlapping the wait, tied
    fixed times at different places."""
    travel = team.travel
    where = team.place_of(task, task.legs[task.leg_index])
    for w in team.on_call:
        if w.free > 0 and w.start_s < deadline_s and w.end_s > now_s:
            return None
    out: list[Candidate] = []
    for p in team.on_duty:
        end_s, breaks = p.end_s, list(p.breaks)
        if p.state == "break":
            base, dist, scale, age, loc = p.break_end_s, None, 1.0, 0.0, p.location
            busy_until = base
        elif p.task is not None and not p.task.preemptible and p.state.startswith(("travel:", "work:")):
            t = p.task
            leg = t.legs[t.leg_index]
            if p.state.startswith("travel:"):
                start = p.activity_start + travel.time_s(p.activity_from, p.activity_to)
                age = 0.0
            else:
                start, age = p.activity_start, now_s - p.activity_start
            law = leg.law
            if law is not None and is_continuous(law[0]) and float(survival(law[0], age / law[1])) > _TINY:
                base, dist, scale = start, law[0], law[1]
            else:  # a known work time
                base, dist, scale, age = start + leg.work_s, None, 1.0, 0.0
            loc = team.place_of(t, leg)
            for later in t.legs[t.leg_index + 1:]:
                base += travel.time_s(loc, team.place_of(t, later)) + later.work_s
                loc = team.place_of(t, later)
            busy_until = base + age
        else:
            return None
        if p.stack:  # interrupted work is resumed first: only someone who cannot come in time is safe
            rest = sum(leg.work_s for t in p.stack for leg in t.legs[t.leg_index:])
            if max(busy_until, now_s) + rest < deadline_s:
                return None
            continue
        out.append(Candidate(base, end_s, breaks, travel.time_s(loc, where), dist, scale, age))
    for start, end_s, breaks, place in team.shift_starts:
        if now_s < start < deadline_s:
            out.append(Candidate(start, end_s, [b for b in breaks if b[0] >= start], travel.time_s(place, where)))
    for called in team.calls_on_the_way:
        dist, scale = team.call_out_law
        if is_continuous(dist):
            out.append(Candidate(called, math.inf, [], travel.time_s(team.home, where), dist, scale, now_s - called))
        else:
            return None
    fixed = {}
    for c in out:
        if c.dist is None:
            a = person_loop(c.base_s, c.end_s, c.breaks)
            if a in fixed and fixed[a] != c.travel_s:
                return None
            fixed.setdefault(a, c.travel_s)
    return out
