"""Analytic queueing formulas: Erlang B, Erlang C (M/M/n) and Erlang A (M/M/n+M).

Conventions: time in seconds, rates per second, offered load in Erlangs
(``arrival_rate_per_s * mean_handle_s``), ``agents`` a positive int. Invalid inputs raise
``ValueError`` naming the parameter. Everything is computed with recurrences or logarithms,
so hundreds or thousands of agents are fine.

Metric definitions (the same as ``sim.results.centre_kpis``), all over every offered arrival:

* ``p_wait``: probability an arrival finds no free agent;
* ``service_level(within_s)``: P(answered and wait <= within_s); abandons count against it;
* ``mean_wait_s``: mean wait of all arrivals (an abandoning caller waits until hanging up);
* ``mean_wait_answered_s``: mean wait of answered arrivals only (ASA);
* ``p_abandon``: share of arrivals that abandon;
* ``occupancy``: mean busy agents / agents.

Staffing: :func:`required_agents` (fewest agents meeting service targets, optionally
fractional), :func:`square_root_staffing` and :func:`erlang_c_beta` (Halfin-Whitt).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property
from numbers import Integral
from typing import Sequence

import numpy as np
from scipy import optimize, special

__all__ = [
    "ErlangA",
    "ErlangC",
    "StaffingAnswer",
    "erlang_b",
    "erlang_c",
    "erlang_c_beta",
    "priority_mean_waits_s",
    "required_agents",
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


def erlang_c_beta(target_p_wait: float) -> float:
    """Halfin-Whitt beta > 0 with [1 + beta*Phi(beta)/phi(beta)]^-1 == ``target_p_wait``.

    ``target_p_wait`` in (0, 1) is the wanted P(wait) of M/M/n; square-root staffing
    n = R + beta*sqrt(R) with this beta approaches it as the load R grows (Halfin & Whitt
    1981). Phi / phi are the standard normal CDF / density. Solved by bracketing and Brent's
    method on log(beta*Phi/phi) = log(1/p - 1), which is increasing in beta; accurate to
    ~1e-12 relative. Raises ValueError unless 0 < target_p_wait < 1.
    """
    p = _as_float(target_p_wait, "target_p_wait")
    if not 0.0 < p < 1.0:
        raise ValueError(f"target_p_wait must be in (0, 1), got {target_p_wait!r}")
    log_odds = math.log1p(-p) - math.log(p)  # log(1/p - 1)
    half_log_2pi = 0.5 * math.log(2.0 * math.pi)

    def excess(beta: float) -> float:  # log(beta * Phi(beta) / phi(beta)) - log(1/p - 1)
        return math.log(beta) + float(special.log_ndtr(beta)) + 0.5 * beta * beta + half_log_2pi - log_odds

    lo, hi = 1e-300, 1.0
    while excess(hi) < 0.0:
        lo, hi = hi, 2.0 * hi
    if excess(lo) >= 0.0:  # p within rounding of 1
        return lo
    return float(optimize.brentq(excess, lo, hi, xtol=1e-300, rtol=1e-13, maxiter=500))


# --------------------------------------------------------------------------- required agents

#: Relative slack on the occupancy cap and the shrinkage gross-up, so that round-off in
#: rate*handle or n/(1-shrinkage) (e.g. 7/0.7 = 10.000000000000002) never adds an agent.
_ROUNDING_SLACK = 1e-12
#: Agents searched above the lower bound before required_agents gives up (never reached in
#: practice: every target below is attainable as agents grow).
_MAX_EXTRA_AGENTS = 1_000_000


@dataclass(frozen=True)
class StaffingAnswer:
    """Result of :func:`required_agents`.

    ``agents_on_phone``: agents answering (int; float when ``fractional``);
    ``agents_rostered``: agents_on_phone / (1 - shrinkage), rounded up unless fractional;
    ``service_level``: P(answered within ``within_s``) achieved (None if no within_s given);
    ``asa_s``: mean wait of answered arrivals; ``p_abandon``: share abandoning;
    ``occupancy``: achieved mean busy agents / agents_on_phone (carried load, so below
    offered load / agents when callers abandon). All at ``agents_on_phone`` (interpolated
    the same way when fractional).
    """

    agents_on_phone: int | float
    agents_rostered: int | float
    service_level: float | None
    asa_s: float
    p_abandon: float
    occupancy: float


@dataclass(frozen=True)
class _Measures:
    service_level: float | None
    asa_s: float
    p_abandon: float
    occupancy: float


def _measures(rate: float, handle: float, patience: float, within: float | None, n: int) -> _Measures:
    """Queue measures with n agents; n == 0 means nobody is answered (everybody abandons if
    patience is finite). Erlang C when patience is infinite, else Erlang A."""
    if n == 0:
        return _Measures(None if within is None else 0.0, math.inf, 0.0 if math.isinf(patience) else 1.0, 1.0)
    model: ErlangC | ErlangA
    if math.isinf(patience):
        model = ErlangC(rate, handle, n)
    else:
        model = ErlangA(rate, handle, patience, n)
    return _Measures(
        None if within is None else model.service_level(within),
        model.mean_wait_answered_s,
        model.p_abandon,
        model.occupancy,
    )


def _meets(m: _Measures, name: str, target: float) -> bool:
    if name == "service_level":
        return m.service_level is not None and m.service_level >= target
    if name == "max_asa_s":
        return m.asa_s <= target
    return m.p_abandon <= target  # max_abandon


def _interp_weight(lo: _Measures, hi: _Measures, name: str, target: float) -> float:
    """w in [0, 1] where the measure, interpolated between n-1 (lo) and n (hi), hits target."""
    if name == "service_level":
        a, b, t = lo.service_level, hi.service_level, target
        w = (t - a) / (b - a) if b > a else 1.0  # type: ignore[operator]
    elif name == "max_abandon":
        a, b = lo.p_abandon, hi.p_abandon
        w = (a - target) / (a - b) if a > b else 1.0
    elif math.isfinite(lo.asa_s):
        a, b = lo.asa_s, hi.asa_s
        w = (a - target) / (a - b) if a > b else 1.0
    else:  # floor unstable or unstaffed: interpolate the reciprocal 1/ASA, which is 0 there
        w = hi.asa_s / target
    return min(1.0, max(0.0, w))


def _gross_up(agents: float, shrinkage: float) -> float:
    return agents / (1.0 - shrinkage)


def required_agents(
    arrival_rate_per_s: float,
    mean_handle_s: float,
    *,
    service_level: float | None = None,
    within_s: float | None = None,
    max_asa_s: float | None = None,
    max_abandon: float | None = None,
    mean_patience_s: float = math.inf,
    max_occupancy: float = 1.0,
    shrinkage: float = 0.0,
    fractional: bool = False,
) -> StaffingAnswer:
    """Fewest agents on the phone meeting every given target, in steady state.

    Model: Erlang C (M/M/n) when ``mean_patience_s`` is inf, else Erlang A (M/M/n+M); the
    metric definitions are this module's (service level over all arrivals, abandons count
    against it; ASA over answered arrivals).
    Targets (give at least one, or a ``max_occupancy`` below 1):
    ``service_level`` in (0, 1) answered within ``within_s`` (>= 0 s, required with it);
    ``max_asa_s`` > 0 s; ``max_abandon`` in (0, 1]; ``max_occupancy`` in (0, 1] caps the
    *offered* load / n (conservative when callers abandon; 1e-12 relative slack for
    round-off). Erlang C also needs n > load (a steady state). ``shrinkage`` in [0, 1): share
    of rostered time off the phone; rostered = on_phone / (1 - shrinkage), rounded up (with
    1e-12 relative slack). Zero arrivals need 0 agents.

    Search: n rises one by one from max(stability bound, ceil(load / max_occupancy)); the
    measures are monotone in n, so the first n meeting all targets is the smallest.

    ``fractional=True`` returns the continuous requirement f in (n-1, n], n the integer
    answer: for each target, the measure is interpolated linearly in n between the floor
    and the ceiling of that target's own integer requirement (service level and P(abandon)
    linearly; ASA linearly, or through 1/ASA when the floor is unstable, where ASA is inf)
    and solved for the target; f is the largest of these and load / max_occupancy. The
    reported measures are interpolated the same way at f, so a binding target is met with
    equality; agents_rostered = f / (1 - shrinkage), unrounded.

    Raises ValueError naming the parameter on invalid input.
    """
    rate = _check_nonneg(arrival_rate_per_s, "arrival_rate_per_s")
    handle = _check_positive(mean_handle_s, "mean_handle_s")
    patience = _check_positive(mean_patience_s, "mean_patience_s", allow_inf=True)
    within = None if within_s is None else _check_time(within_s, "within_s")
    targets: dict[str, float] = {}
    if service_level is not None:
        sl = _as_float(service_level, "service_level")
        if not 0.0 < sl < 1.0:
            raise ValueError(f"service_level must be in (0, 1), got {service_level!r}")
        if within is None:
            raise ValueError("within_s is required with a service_level target")
        targets["service_level"] = sl
    if max_asa_s is not None:
        targets["max_asa_s"] = _check_positive(max_asa_s, "max_asa_s")
    if max_abandon is not None:
        ab = _as_float(max_abandon, "max_abandon")
        if not 0.0 < ab <= 1.0:
            raise ValueError(f"max_abandon must be in (0, 1], got {max_abandon!r}")
        targets["max_abandon"] = ab
    occ = _as_float(max_occupancy, "max_occupancy")
    if not 0.0 < occ <= 1.0:
        raise ValueError(f"max_occupancy must be in (0, 1], got {max_occupancy!r}")
    shrink = _as_float(shrinkage, "shrinkage")
    if not 0.0 <= shrink < 1.0:
        raise ValueError(f"shrinkage must be in [0, 1), got {shrinkage!r}")
    if not isinstance(fractional, bool):
        raise ValueError(f"fractional must be a bool, got {fractional!r}")
    if not targets and occ == 1.0:
        raise ValueError(
            "no target given: pass service_level (with within_s), max_asa_s, max_abandon or max_occupancy < 1"
        )

    if rate == 0.0:
        zero: int | float = 0.0 if fractional else 0
        return StaffingAnswer(zero, zero, None if within is None else 1.0, 0.0, 0.0, 0.0)

    load = rate * handle
    erlang_c_model = math.isinf(patience)
    n_min = max(1, math.ceil(load / (occ * (1.0 + _ROUNDING_SLACK))))
    if erlang_c_model:
        n_min = max(n_min, math.floor(load) + 1)

    cache: dict[int, _Measures] = {}

    def at(n: int) -> _Measures:
        if n not in cache:
            cache[n] = _measures(rate, handle, patience, within, n)
        return cache[n]

    first_met: dict[str, int] = {}
    n = n_min
    while True:
        m = at(n)
        for name, target in targets.items():
            if name not in first_met and _meets(m, name, target):
                first_met[name] = n
        if len(first_met) == len(targets):
            break
        n += 1
        if n > n_min + _MAX_EXTRA_AGENTS:
            raise ValueError(f"targets {targets!r} not reachable within {_MAX_EXTRA_AGENTS} agents above the load")
    best = max([n_min, *first_met.values()])

    if not fractional:
        m = at(best)
        rostered = math.ceil(_gross_up(best, shrink) * (1.0 - _ROUNDING_SLACK))
        return StaffingAnswer(best, rostered, m.service_level, m.asa_s, m.p_abandon, m.occupancy)

    f = max(load / occ, load if erlang_c_model else 0.0)
    for name, target in targets.items():
        n_k = first_met[name]
        lo = at(n_k - 1)  # may be unstaffed (0) or, in Erlang C, unstable: SL 0, ASA inf
        if _meets(lo, name, target):
            continue  # met below the search's lower bound: not binding
        f = max(f, n_k - 1 + _interp_weight(lo, at(n_k), name, target))
    f = min(float(best), max(float(best - 1), f))

    lo, hi = at(best - 1), at(best)
    w = f - (best - 1)
    sl_f = None
    if lo.service_level is not None and hi.service_level is not None:
        sl_f = lo.service_level + w * (hi.service_level - lo.service_level)
    p_ab_f = lo.p_abandon + w * (hi.p_abandon - lo.p_abandon)
    if math.isfinite(lo.asa_s):
        asa_f = lo.asa_s + w * (hi.asa_s - lo.asa_s)
    else:
        asa_f = hi.asa_s / w if w > 0.0 else math.inf
    occupancy_f = min(1.0, load * (1.0 - p_ab_f) / f) if f > 0.0 else 1.0
    return StaffingAnswer(f, _gross_up(f, shrink), sl_f, asa_f, p_ab_f, occupancy_f)
