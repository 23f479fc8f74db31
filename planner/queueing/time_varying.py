"""Staffing for time-varying demand, one stationary Erlang problem per interval.

Demand is one period (e.g. 168 hourly intervals of a week) of piecewise-constant arrival
rates ``rates_per_s[k]`` on [k*interval_s, (k+1)*interval_s), repeated periodically: the
interval before the first is the last. Each method turns the rates into one offered load
per interval (Erlangs) and staffs that interval with :func:`planner.queueing.erlang.required_agents`
at arrival rate load / mean_handle_s and the given ``**targets`` (its keyword arguments
service_level, within_s, max_asa_s, max_abandon, mean_patience_s, max_occupancy,
shrinkage; ``fractional`` is not accepted: the answers are integer arrays).

* :func:`sipp`: stationary independent period-by-period, each interval's own rate.
* :func:`lag_sipp`: the rate one mean service time earlier (Green, Kolesar & Whitt 2007).
* :func:`modified_offered_load`: the interval average of the infinite-server offered load
  m(t) = integral_0^inf lambda(t - s) G^c(s) ds (Jennings, Mandelbaum, Massey & Whitt 1996).

Times in seconds, rates per second. Invalid input raises ValueError naming the parameter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
from scipy import integrate

from planner.queueing.erlang import _check_positive, required_agents

__all__ = [
    "IntervalStaffing",
    "lag_sipp",
    "modified_offered_load",
    "offered_load_piecewise",
    "sipp",
]

_TARGET_NAMES = frozenset(
    {"service_level", "within_s", "max_asa_s", "max_abandon", "mean_patience_s", "max_occupancy", "shrinkage"}
)
#: The numeric offered load stops looking back once the service survival left beyond the
#: look-back (plus one interval) is below this share of the mean service time.
_TAIL_TOL = 1e-12
#: Longest look-back, in intervals, for the numeric offered load (heavier tails raise).
_MAX_LOOKBACK_INTERVALS = 200_000
#: Relative disagreement allowed between a given mean_handle_s and the survival's integral.
_MEAN_MISMATCH_TOL = 1e-6


@dataclass(frozen=True)
class IntervalStaffing:
    """Per-interval staffing: ``agents_on_phone`` and ``agents_rostered`` (int64 arrays, the
    latter grossed up for shrinkage) and the ``offered_load_erl`` (float array) they were
    computed from; all of the length of the rates."""

    agents_on_phone: np.ndarray
    agents_rostered: np.ndarray
    offered_load_erl: np.ndarray


# --------------------------------------------------------------------------- validation


def _check_rates(rates_per_s: object) -> np.ndarray:
    try:
        rates = np.array(rates_per_s, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"rates_per_s must be a 1-D array of rates, got {rates_per_s!r}") from None
    if rates.ndim != 1 or rates.size == 0:
        raise ValueError(f"rates_per_s must be a non-empty 1-D array, got shape {rates.shape}")
    if not (np.all(np.isfinite(rates)) and np.all(rates >= 0.0)):
        raise ValueError("rates_per_s must be finite and >= 0")
    return rates


def _check_targets(targets: dict[str, Any]) -> None:
    for name in targets:
        if name == "fractional":
            raise ValueError("fractional is not supported here: interval staffing is integer")
        if name not in _TARGET_NAMES:
            raise ValueError(f"{name} is not a staffing target; expected some of {sorted(_TARGET_NAMES)}")


def _check_survival(service_survival: object) -> Callable[[float], float] | None:
    if service_survival is not None and not callable(service_survival):
        raise ValueError(f"service_survival must be callable or None, got {service_survival!r}")
    return service_survival  # type: ignore[return-value]


# --------------------------------------------------------------------------- offered load


def _exponential_interval_loads(rates: np.ndarray, interval: float, handle: float) -> np.ndarray:
    """Exact interval averages of m(t) for exponential service, periodic steady state.

    m' = lambda_k - m / h on interval k, so with q = exp(-interval/h) the start values obey
    m_{k+1} = q m_k + (1 - q) lambda_k h; periodicity gives
    m_0 = (1 - q) h sum_k q^(K-1-k) lambda_k / (1 - q^K). The average over interval k is
    lambda_k h + (m_k - lambda_k h) (1 - q) h / interval.
    """
    k_count = rates.size
    x = interval / handle
    one_minus_q = -math.expm1(-x)
    q = math.exp(-x)
    steady = rates * handle  # lambda_k * h
    powers = np.exp(-x * np.arange(k_count - 1, -1, -1, dtype=float))  # q^(K-1-k)
    m = one_minus_q * float(np.dot(powers, steady)) / -math.expm1(-x * k_count)
    starts = np.empty(k_count)
    for k in range(k_count):
        starts[k] = m
        m = q * m + one_minus_q * steady[k]
    return steady + (starts - steady) * (one_minus_q / x)


def _numeric_interval_loads(
    rates: np.ndarray, interval: float, survival: Callable[[float], float], mean_handle_s: float | None
) -> tuple[np.ndarray, float]:
    """Interval averages of m(t) for a general survival G^c, by quadrature; returns (loads, mean).

    With H(x) = int_0^x G^c and I(x) = int_0^x H, the average over interval k of the load
    from arrivals d intervals earlier (d = 0, 1, ...) is lambda_{k-d} * w_d with
    w_0 = I(D)/D and w_d = [I((d+1)D) - 2 I(dD) + I((d-1)D)] / D (D = interval_s): the
    second difference of I. Per interval, h_d = int_{dD}^{(d+1)D} G^c and
    j_d = int_{dD}^{(d+1)D} ((d+1)D - s) G^c(s) ds give w_0 = j_0/D and
    w_d = h_{d-1} + (j_d - j_{d-1})/D. The look-back grows until the survival mass beyond
    it is < 1e-12 of the mean; that remainder is spread at the mean rate. Weights are folded
    modulo the period and applied as a circular convolution.
    """

    def g(s: float) -> float:
        return float(survival(s))

    quad_opts = dict(epsabs=0.0, epsrel=1e-12, limit=200)
    h: list[float] = []
    j: list[float] = []
    d = 0
    check_at = 8
    while True:
        a, b = d * interval, (d + 1) * interval
        h.append(integrate.quad(g, a, b, **quad_opts)[0])
        j.append(integrate.quad(lambda s, b=b: (b - s) * g(s), a, b, **quad_opts)[0])
        d += 1
        if d == check_at:
            tail = integrate.quad(g, d * interval, math.inf, epsabs=0.0, epsrel=1e-10, limit=500)[0]
            covered = math.fsum(h)
            if covered <= 0.0:
                raise ValueError("service_survival must be positive near 0 (a positive mean service time)")
            if h[-1] + tail <= _TAIL_TOL * covered:
                break
            if d >= _MAX_LOOKBACK_INTERVALS:
                raise ValueError(
                    f"service_survival tail too heavy: mass beyond {d} intervals is still {tail!r} seconds"
                )
            check_at = min(2 * check_at, _MAX_LOOKBACK_INTERVALS)
    mean = math.fsum(h) + tail
    if not (math.isfinite(mean) and mean > 0.0):
        raise ValueError(f"service_survival must have a finite positive integral, got {mean!r}")
    if mean_handle_s is not None:
        given = _check_positive(mean_handle_s, "mean_handle_s")
        if abs(given - mean) > _MEAN_MISMATCH_TOL * mean:
            raise ValueError(
                f"mean_handle_s={mean_handle_s!r} disagrees with the integral of service_survival, {mean!r}"
            )
    h_arr = np.array(h)
    j_arr = np.array(j)
    weights = np.empty(d)
    weights[0] = j_arr[0] / interval
    weights[1:] = h_arr[:-1] + np.diff(j_arr) / interval
    k_count = rates.size
    folded = np.zeros(k_count)
    np.add.at(folded, np.arange(d) % k_count, weights)
    loads = np.zeros(k_count)
    for lag in np.flatnonzero(folded):
        loads += folded[lag] * np.roll(rates, lag)
    loads += (mean - math.fsum(weights)) * float(rates.mean())
    return np.clip(loads, 0.0, None), mean


def offered_load_piecewise(
    rates_per_s: np.ndarray,
    interval_s: float,
    service_survival: Callable[[float], float] | None,
    mean_handle_s: float | None,
) -> np.ndarray:
    """Interval averages (Erlangs) of m(t) = int_0^inf lambda(t - s) G^c(s) ds.

    ``rates_per_s``: 1-D, >= 0, one periodic period of piecewise-constant rates on
    ``interval_s`` (> 0) intervals; the system is in its periodic steady state.
    ``service_survival`` G^c(s) = P(service > s): None for exponential service with mean
    ``mean_handle_s`` (> 0, required), computed in closed form; or a callable, integrated
    numerically (relative accuracy ~1e-10), in which case ``mean_handle_s`` may be None and
    if given must equal int_0^inf G^c within 1e-6 relative. Raises ValueError.
    """
    rates = _check_rates(rates_per_s)
    interval = _check_positive(interval_s, "interval_s")
    survival = _check_survival(service_survival)
    if survival is None:
        if mean_handle_s is None:
            raise ValueError("mean_handle_s is required for exponential service (service_survival=None)")
        return _exponential_interval_loads(rates, interval, _check_positive(mean_handle_s, "mean_handle_s"))
    return _numeric_interval_loads(rates, interval, survival, mean_handle_s)[0]


# --------------------------------------------------------------------------- staffing


def _staff(loads: np.ndarray, handle: float, targets: dict[str, Any]) -> IntervalStaffing:
    on_phone = np.empty(loads.size, dtype=np.int64)
    rostered = np.empty(loads.size, dtype=np.int64)
    memo: dict[float, tuple[int, int]] = {}
    for k, load in enumerate(loads):
        key = float(load)
        if key not in memo:
            answer = required_agents(key / handle, handle, **targets)
            memo[key] = (int(answer.agents_on_phone), int(answer.agents_rostered))
        on_phone[k], rostered[k] = memo[key]
    return IntervalStaffing(on_phone, rostered, loads)


def sipp(rates_per_s: np.ndarray, mean_handle_s: float, interval_s: float, **targets: Any) -> IntervalStaffing:
    """SIPP: staff interval k for its own rate (offered load rates_per_s[k] * mean_handle_s).

    ``mean_handle_s`` > 0, ``interval_s`` > 0; ``targets`` as for required_agents.
    Raises ValueError.
    """
    rates = _check_rates(rates_per_s)
    handle = _check_positive(mean_handle_s, "mean_handle_s")
    _check_positive(interval_s, "interval_s")
    _check_targets(targets)
    return _staff(rates * handle, handle, targets)


def lag_sipp(rates_per_s: np.ndarray, mean_handle_s: float, interval_s: float, **targets: Any) -> IntervalStaffing:
    """Lag-SIPP: staff interval k for the rate one mean service time earlier (periodic).

    The rates are shifted by mean_handle_s / interval_s = i + f intervals (i whole, f in
    [0, 1)) with linear interpolation, lambda_lag[k] = (1 - f) lambda[k-i] + f lambda[k-i-1]:
    exactly the average of the piecewise-constant rate over the interval moved back by
    mean_handle_s. Offered load = lambda_lag * mean_handle_s. Arguments as :func:`sipp`.
    """
    rates = _check_rates(rates_per_s)
    handle = _check_positive(mean_handle_s, "mean_handle_s")
    interval = _check_positive(interval_s, "interval_s")
    _check_targets(targets)
    shift = handle / interval
    whole = math.floor(shift)
    frac = shift - whole
    lagged = (1.0 - frac) * np.roll(rates, whole) + frac * np.roll(rates, whole + 1)
    return _staff(lagged * handle, handle, targets)


def modified_offered_load(
    rates_per_s: np.ndarray,
    service_survival: Callable[[float], float] | None,
    interval_s: float,
    *,
    mean_handle_s: float | None = None,
    **targets: Any,
) -> IntervalStaffing:
    """MOL: staff interval k as a stationary system with arrival rate m_k / mean_handle_s.

    m_k is the interval average of the infinite-server offered load from
    :func:`offered_load_piecewise` (same ``service_survival`` / ``mean_handle_s`` rules; with
    a callable survival and no mean_handle_s the mean is its integral). Stationary Erlang
    formulas (exponential service) are then applied per interval, as in Jennings, Mandelbaum,
    Massey & Whitt (1996). ``targets`` as for required_agents. Raises ValueError.
    """
    rates = _check_rates(rates_per_s)
    interval = _check_positive(interval_s, "interval_s")
    survival = _check_survival(service_survival)
    _check_targets(targets)
    if survival is None:
        if mean_handle_s is None:
            raise ValueError("mean_handle_s is required for exponential service (service_survival=None)")
        handle = _check_positive(mean_handle_s, "mean_handle_s")
        loads = _exponential_interval_loads(rates, interval, handle)
    else:
        loads, handle = _numeric_interval_loads(rates, interval, survival, mean_handle_s)
    return _staff(loads, handle, targets)
