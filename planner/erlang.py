"""Analytic queueing formulas: Erlang B, Erlang C (M/M/n) and Erlang A (M/M/n+M).

Conventions: time in seconds, rates per second, offered load in Erlangs
(``arrival_rate_per_s * mean_handle_s``), ``agents`` a positive int. Invalid inputs raise
``ValueError`` naming the parameter. Everything is computed with recurrences or logarithms,
so hundreds or thousands of agents are fine.

Metric definitions (the same as ``sim.metrics``), all over every offered arrival:

* ``p_wait``: probability an arrival finds no free agent;
* ``service_level(within_s)``: P(answered and wait <= within_s); abandons count against it;
* ``mean_wait_s``: mean wait of all arrivals (an abandoning caller waits until hanging up);
* ``mean_wait_answered_s``: mean wait of answered arrivals only (ASA);
* ``p_abandon``: share of arrivals that abandon;
* ``occupancy``: mean busy agents / agents.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from numbers import Integral
from typing import Sequence

import numpy as np
from scipy import special

__all__ = [
    "ErlangA",
    "ErlangC",
    "erlang_b",
    "erlang_c",
    "priority_mean_waits_s",
    "square_root_staffing",
]

#: The conditional queue-length distribution of Erlang A is truncated where its tail < this.
_TAIL_TOL = 1e-14
#: Longest queue distribution Erlang A will build (only absurd patience/overload hit it).
_MAX_QUEUE_TERMS = 2_000_000


# --------------------------------------------------------------------------- validation


def _check_agents(agents: object, name: str = "agents") -> int:
    """Return ``agents`` as int; raise ValueError unless it is an integer >= 1."""
    if isinstance(agents, bool) or not isinstance(agents, Integral):
        raise ValueError(f"{name} must be a positive integer, got {agents!r}")
    if agents < 1:
        raise ValueError(f"{name} must be >= 1, got {agents!r}")
    return int(agents)


def _as_float(value: object, name: str) -> float:
    if isinstance(value, bool):
        raise ValueError(f"{name} must be a number, got {value!r}")
    try:
        out = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    if math.isnan(out):
        raise ValueError(f"{name} must not be NaN, got {value!r}")
    return out


def _check_nonneg(value: object, name: str) -> float:
    """Return ``value`` as float; raise ValueError unless finite and >= 0."""
    out = _as_float(value, name)
    if not (math.isfinite(out) and out >= 0.0):
        raise ValueError(f"{name} must be finite and >= 0, got {value!r}")
    return out


def _check_positive(value: object, name: str, allow_inf: bool = False) -> float:
    """Return ``value`` as float; raise ValueError unless > 0 (and finite unless allow_inf)."""
    out = _as_float(value, name)
    if not out > 0.0 or (math.isinf(out) and not allow_inf):
        kind = "> 0" if allow_inf else "finite and > 0"
        raise ValueError(f"{name} must be {kind}, got {value!r}")
    return out


def _check_time(value: object, name: str = "within_s") -> float:
    """Return a time in seconds as float; raise ValueError unless >= 0 (inf allowed)."""
    out = _as_float(value, name)
    if out < 0.0:
        raise ValueError(f"{name} must be >= 0, got {value!r}")
    return out


# --------------------------------------------------------------------------- Erlang B / C


def erlang_b(agents: int, offered_load_erl: float) -> float:
    """Blocking probability of M/M/n/n (Erlang B).

    ``agents`` >= 1 servers, ``offered_load_erl`` >= 0 Erlangs. Uses the recurrence
    B(k) = a*B(k-1) / (k + a*B(k-1)), B(0) = 1, which never overflows (tiny values may
    underflow to 0.0). Raises ValueError on invalid inputs.
    """
    n = _check_agents(agents)
    a = _check_nonneg(offered_load_erl, "offered_load_erl")
    b = 1.0
    for k in range(1, n + 1):
        ab = a * b
        b = ab / (k + ab)
    return b


def _log_erlang_b(n: int, a: float) -> float:
    """log Erlang B(n, a) via the log of the recurrence 1/B(k) = 1 + (k/a)/B(k-1); never underflows."""
    if a == 0.0:
        return -math.inf
    log_a = math.log(a)
    log_inv_b = 0.0
    for k in range(1, n + 1):
        z = math.log(k) - log_a + log_inv_b  # log((k/a) / B(k-1))
        log_inv_b = z + math.log1p(math.exp(-z)) if z > 0.0 else math.log1p(math.exp(z))
    return -log_inv_b


def erlang_c(agents: int, offered_load_erl: float) -> float:
    """Probability of waiting in M/M/n (Erlang C).

    ``agents`` >= 1, ``offered_load_erl`` >= 0 Erlangs. Returns 1.0 when the load is
    >= agents (unstable: everybody waits). Raises ValueError on invalid inputs.
    """
    n = _check_agents(agents)
    a = _check_nonneg(offered_load_erl, "offered_load_erl")
    if a >= n:
        return 1.0
    b = erlang_b(n, a)
    return min(1.0, n * b / (n - a * (1.0 - b)))


@dataclass(frozen=True)
class ErlangC:
    """Steady-state M/M/n FCFS queue without abandonment (Erlang C).

    Fields: ``arrival_rate_per_s`` >= 0, ``mean_handle_s`` > 0, ``agents`` >= 1 (int).
    When unstable (load >= agents): p_wait 1, waits and queue inf, service_level 0,
    occupancy 1. Nobody abandons, so ``p_abandon`` is 0 and every arrival is answered.
    Raises ValueError on invalid fields.
    """

    arrival_rate_per_s: float
    mean_handle_s: float
    agents: int

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "arrival_rate_per_s", _check_nonneg(self.arrival_rate_per_s, "arrival_rate_per_s")
        )
        object.__setattr__(self, "mean_handle_s", _check_positive(self.mean_handle_s, "mean_handle_s"))
        object.__setattr__(self, "agents", _check_agents(self.agents))

    @property
    def offered_load_erl(self) -> float:
        """Offered load in Erlangs: arrival rate * mean handle time."""
        return self.arrival_rate_per_s * self.mean_handle_s

    @property
    def stable(self) -> bool:
        """True when the offered load is below the number of agents."""
        return self.offered_load_erl < self.agents

    @property
    def occupancy(self) -> float:
        """Mean busy agents / agents (1.0 when unstable)."""
        return min(1.0, self.offered_load_erl / self.agents)

    @cached_property
    def p_wait(self) -> float:
        """Probability an arrival waits (Erlang C); 1.0 when unstable."""
        return erlang_c(self.agents, self.offered_load_erl)

    @property
    def p_abandon(self) -> float:
        """Always 0.0 (no abandonment in Erlang C)."""
        return 0.0

    @property
    def _drain_rate_per_s(self) -> float:
        """n*mu - lambda, the rate of the conditional exponential wait (> 0 iff stable)."""
        return (self.agents - self.offered_load_erl) / self.mean_handle_s

    @property
    def mean_wait_s(self) -> float:
        """Mean wait of all arrivals, C / (n*mu - lambda), seconds; inf when unstable."""
        if not self.stable:
            return math.inf
        return self.p_wait / self._drain_rate_per_s

    @property
    def mean_wait_answered_s(self) -> float:
        """Mean wait of answered arrivals: equal to ``mean_wait_s`` (all are answered)."""
        return self.mean_wait_s

    @property
    def mean_queue_length(self) -> float:
        """Mean number waiting (Little: lambda * mean_wait_s); inf when unstable."""
        if not self.stable:
            return math.inf
        return self.arrival_rate_per_s * self.mean_wait_s

    def service_level(self, within_s: float) -> float:
        """P(wait <= within_s) = 1 - C * exp(-(n*mu - lambda) * within_s); 0.0 when unstable.

        ``within_s`` >= 0 seconds (inf allowed). Raises ValueError otherwise.
        """
        t = _check_time(within_s)
        if not self.stable:
            return 0.0
        if t == 0.0:
            return 1.0 - self.p_wait
        return 1.0 - self.p_wait * math.exp(-self._drain_rate_per_s * t)

    def wait_quantile_s(self, q: float) -> float:
        """Smallest w (seconds) with P(wait <= w) >= q, for ``q`` in [0, 1].

        0.0 when q <= 1 - p_wait; inf when q == 1 (and p_wait > 0) or the queue is unstable
        (q > 0). Raises ValueError if q is outside [0, 1].
        """
        q = _as_float(q, "q")
        if not 0.0 <= q <= 1.0:
            raise ValueError(f"q must be in [0, 1], got {q!r}")
        if q == 0.0:
            return 0.0
        if not self.stable:
            return math.inf
        c = self.p_wait
        if q <= 1.0 - c:
            return 0.0
        if q == 1.0:
            return math.inf
        return math.log(c / (1.0 - q)) / self._drain_rate_per_s


# --------------------------------------------------------------------------- Erlang A


def _conditional_queue(x: float, y: float) -> tuple[float, np.ndarray] | None:
    """Queue length seen by an arrival that must wait, in M/M/n+M.

    With x = n*mu/theta and y = lambda/theta, P(Q = j | wait) is proportional to
    p_j = prod_{i=1..j} y/(x+i); their sum is the Mandelbaum-Zeltyn A(x, y). Returns
    (log A, q) with q[j] = P(Q = j | wait), j = 0..J, truncated where the tail < _TAIL_TOL,
    or None if J would exceed _MAX_QUEUE_TERMS.
    """
    if y == 0.0:
        return 0.0, np.ones(1)
    log_y = math.log(y)
    mode = max(0, math.floor(y - x))  # ratios y/(x+i) >= 1 exactly for i <= mode
    log_p_mode = (mode * log_y - (special.gammaln(x + mode + 1) - special.gammaln(x + 1))) if mode else 0.0
    step = 16
    while True:
        last = mode + step
        if last > _MAX_QUEUE_TERMS:
            return None
        ratio = y / (x + last + 1)
        if ratio < 1.0:
            # after the mode the terms fall with ratios < ratio, so the tail beyond `last`
            # is below p_last * ratio / (1 - ratio); p_mode <= A.
            log_p_last = last * log_y - (special.gammaln(x + last + 1) - special.gammaln(x + 1))
            log_tail = log_p_last - log_p_mode + math.log(ratio) - math.log1p(-ratio)
            if log_tail < math.log(_TAIL_TOL) - 3.0:
                break
        step *= 2
    i = np.arange(1, last + 1, dtype=float)
    log_p = np.empty(last + 1)
    log_p[0] = 0.0
    np.cumsum(np.log(y / (x + i)), out=log_p[1:])
    top = float(log_p.max())
    w = np.exp(log_p - top)
    total = float(w.sum())
    return top + math.log(total), w / total


def _log_a_closed_form(x: float, y: float) -> float:
    """log A(x, y) = log(x * e^y * y^-x * gamma_lower(x, y)), from the regularised gammainc.

    Accurate when y >= x (then gammainc(x, y) is not small); y > 0.
    """
    return (
        math.log(x) + y - x * math.log(y) + float(special.gammaln(x)) + math.log(float(special.gammainc(x, y)))
    )


@dataclass(frozen=True)
class ErlangA:
    """Steady-state M/M/n+M queue (Palm / Erlang A): FCFS, exponential patience.

    Fields: ``arrival_rate_per_s`` >= 0, ``mean_handle_s`` > 0, ``mean_patience_s`` > 0
    (``math.inf`` = nobody abandons, then every result equals :class:`ErlangC`),
    ``agents`` >= 1 (int). Stable for any load when patience is finite.

    P(wait) and P(abandon) are the Mandelbaum-Zeltyn closed forms with
    x = n*mu/theta, y = lambda/theta, A = sum_j prod_{i<=j} y/(x+i) = x e^y y^-x gamma(x, y),
    E = Erlang B(n, lambda/mu): P(wait) = A*E / (1 + (A-1)*E) and
    P(abandon | wait) = 1/(rho*A) + 1 - 1/rho = E[queue | wait] / y. When rho < 1, A and
    E[queue | wait] are summed from the conditional queue distribution (the closed form
    cancels catastrophically when patience is long); when rho >= 1 the incomplete-gamma form
    is used. service_level and mean_wait_answered_s are exact sums over that distribution
    (truncated at tail mass 1e-14): an arrival finding j waiting passes stages with
    j, ..., 0 callers ahead at rates n*mu + (i+1)*theta (including its own abandonment), is
    answered with probability n*mu / (n*mu + (j+1)*theta), and, if answered, waited a
    hypoexponential time whose CDF is the regularised incomplete beta
    I_p(j+1, x+1), p = 1 - exp(-theta*t).
    Raises ValueError on invalid fields, and from service_level / mean_wait_answered_s if
    the queue distribution would need more than 2e6 terms (absurd patience and overload).
    """

    arrival_rate_per_s: float
    mean_handle_s: float
    mean_patience_s: float
    agents: int

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "arrival_rate_per_s", _check_nonneg(self.arrival_rate_per_s, "arrival_rate_per_s")
        )
        object.__setattr__(self, "mean_handle_s", _check_positive(self.mean_handle_s, "mean_handle_s"))
        object.__setattr__(
            self, "mean_patience_s", _check_positive(self.mean_patience_s, "mean_patience_s", allow_inf=True)
        )
        object.__setattr__(self, "agents", _check_agents(self.agents))

    # ---- derived parameters

    @property
    def offered_load_erl(self) -> float:
        """Offered load in Erlangs: arrival rate * mean handle time."""
        return self.arrival_rate_per_s * self.mean_handle_s

    @property
    def _theta(self) -> float:
        return 0.0 if math.isinf(self.mean_patience_s) else 1.0 / self.mean_patience_s

    @property
    def _rho(self) -> float:
        return self.offered_load_erl / self.agents

    @property
    def _x(self) -> float:
        return self.agents * self.mean_patience_s / self.mean_handle_s

    @property
    def _y(self) -> float:
        return self.arrival_rate_per_s * self.mean_patience_s

    @cached_property
    def _no_abandon(self) -> ErlangC | None:
        """The Erlang C twin when nobody abandons (infinite patience), else None."""
        if math.isinf(self.mean_patience_s):
            return ErlangC(self.arrival_rate_per_s, self.mean_handle_s, self.agents)
        return None

    @cached_property
    def _queue(self) -> tuple[float, np.ndarray] | None:
        return _conditional_queue(self._x, self._y)

    @cached_property
    def _log_a(self) -> float:
        if self._rho < 1.0 and self._queue is not None:
            return self._queue[0]
        return _log_a_closed_form(self._x, self._y)

    def _require_queue(self) -> np.ndarray:
        if self._queue is None:
            raise ValueError(
                "queue too long to evaluate exactly: mean_patience_s="
                f"{self.mean_patience_s!r} with load {self.offered_load_erl!r} on agents={self.agents}"
            )
        return self._queue[1]

    @cached_property
    def _answer_terms(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For j = number found waiting (only where P(j | wait) > 0):
        (j, P(j | wait) * P(answered | j), E[wait | answered, j] in seconds)."""
        q = self._require_queue()
        nmu = self.agents / self.mean_handle_s
        theta = self._theta
        j = np.arange(q.size, dtype=float)
        stage_rate = nmu + (j + 1.0) * theta  # leaving stage with j callers ahead (incl. own abandon)
        p_answer = nmu / stage_rate
        mean_time = np.cumsum(1.0 / stage_rate)
        keep = q > 0.0
        return j[keep], (q * p_answer)[keep], mean_time[keep]

    # ---- metrics

    @cached_property
    def p_wait(self) -> float:
        """Probability an arrival finds no free agent."""
        if self._no_abandon is not None:
            return self._no_abandon.p_wait
        if self.arrival_rate_per_s == 0.0:
            return 0.0
        log_e = _log_erlang_b(self.agents, self.offered_load_erl)
        log_one_minus_e = math.log(-math.expm1(log_e))
        # A*E / (1 + (A-1)*E) = 1 / (1 + (1-E)/(A*E))
        return float(special.expit(-(log_one_minus_e - self._log_a - log_e)))

    @cached_property
    def _p_abandon_given_wait(self) -> float:
        if self._rho < 1.0 and self._queue is not None:
            q = self._queue[1]
            return float(np.dot(np.arange(q.size), q)) / self._y
        rho = self._rho
        return (math.exp(-self._log_a) + (rho - 1.0)) / rho  # 1/(rho*A) + 1 - 1/rho

    @property
    def p_abandon(self) -> float:
        """Share of arrivals that abandon."""
        if self._no_abandon is not None or self.arrival_rate_per_s == 0.0:
            return 0.0
        return self.p_wait * self._p_abandon_given_wait

    @property
    def mean_wait_s(self) -> float:
        """Mean wait of all arrivals, seconds (abandoners until they hang up) = p_abandon / theta."""
        if self._no_abandon is not None:
            return self._no_abandon.mean_wait_s
        return self.p_abandon * self.mean_patience_s

    @property
    def mean_queue_length(self) -> float:
        """Mean number of callers waiting, summed from the queue distribution."""
        if self._no_abandon is not None:
            return self._no_abandon.mean_queue_length
        if self.arrival_rate_per_s == 0.0:
            return 0.0
        if self._queue is None:
            return self.arrival_rate_per_s * self.mean_wait_s
        q = self._queue[1]
        return self.p_wait * float(np.dot(np.arange(q.size), q))

    @property
    def occupancy(self) -> float:
        """Mean busy agents / agents = load * (1 - p_abandon) / agents."""
        if self._no_abandon is not None:
            return self._no_abandon.occupancy
        return self.offered_load_erl * (1.0 - self.p_abandon) / self.agents

    def service_level(self, within_s: float) -> float:
        """P(answered and wait <= within_s) over all arrivals, ``within_s`` >= 0 s (inf allowed).

        Equals 1 - p_wait at 0 and 1 - p_abandon at inf. Raises ValueError on a bad
        ``within_s``.
        """
        t = _check_time(within_s)
        if self._no_abandon is not None:
            return self._no_abandon.service_level(t)
        if self.arrival_rate_per_s == 0.0:
            return 1.0
        p_wait = self.p_wait
        if t == 0.0:
            return 1.0 - p_wait
        j, answered, _ = self._answer_terms
        p = -math.expm1(-self._theta * t)
        answered_by_t = float(np.dot(answered, special.betainc(j + 1.0, self._x + 1.0, p)))
        return min(1.0, max(0.0, 1.0 - p_wait + p_wait * answered_by_t))

    @property
    def mean_wait_answered_s(self) -> float:
        """Mean wait of answered arrivals (ASA), seconds."""
        if self._no_abandon is not None:
            return self._no_abandon.mean_wait_answered_s
        if self.arrival_rate_per_s == 0.0:
            return 0.0
        p_wait = self.p_wait
        _, answered, mean_time = self._answer_terms
        p_answered = 1.0 - p_wait + p_wait * float(answered.sum())
        return p_wait * float(np.dot(answered, mean_time)) / p_answered


# --------------------------------------------------------------------------- priorities, staffing


def priority_mean_waits_s(arrival_rates_per_s: Sequence[float], mean_handle_s: float, agents: int) -> list[float]:
    """Mean waits (seconds) per class in a non-preemptive priority M/M/n queue.

    ``arrival_rates_per_s``: per-class rates >= 0 in priority order (index 0 served first),
    at least one; all classes share ``mean_handle_s`` > 0 (exponential); ``agents`` >= 1.
    W_k = (C(n, a) / (n*mu)) / ((1 - sigma_{k-1}) * (1 - sigma_k)), with
    sigma_k = sum_{i<=k} lambda_i / (n*mu) and a the total load. inf for classes with
    sigma_k >= 1 (higher classes stay finite when the total is overloaded). Raises ValueError.
    """
    try:
        raw = list(arrival_rates_per_s)
    except TypeError:
        raise ValueError(f"arrival_rates_per_s must be a sequence of rates, got {arrival_rates_per_s!r}") from None
    if not raw:
        raise ValueError("arrival_rates_per_s must hold at least one class, got []")
    rates = [_check_nonneg(r, f"arrival_rates_per_s[{k}]") for k, r in enumerate(raw)]
    h = _check_positive(mean_handle_s, "mean_handle_s")
    n = _check_agents(agents)
    c = erlang_c(n, math.fsum(rates) * h)
    residual_s = c * h / n  # C / (n*mu)
    waits: list[float] = []
    sigma_before = 0.0
    cumulative: list[float] = []
    for r in rates:
        cumulative.append(r)
        sigma = math.fsum(cumulative) * h / n
        waits.append(math.inf if sigma >= 1.0 else residual_s / ((1.0 - sigma_before) * (1.0 - sigma)))
        sigma_before = sigma
    return waits


def square_root_staffing(offered_load_erl: float, beta: float) -> int:
    """Square-root staffing ceil(R + beta*sqrt(R)), never below 0.

    ``offered_load_erl`` R >= 0 Erlangs, ``beta`` a finite quality-of-service parameter.
    Raises ValueError on invalid inputs.
    """
    r = _check_nonneg(offered_load_erl, "offered_load_erl")
    b = _as_float(beta, "beta")
    if not math.isfinite(b):
        raise ValueError(f"beta must be finite, got {beta!r}")
    return max(0, math.ceil(r + b * math.sqrt(r)))
