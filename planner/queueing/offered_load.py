"""Offered load of time-varying arrivals: mean busy servers of the infinite-server queue.

For arrivals at rate lambda(t) (per second) and service times with survival function
G^c(s) = P(S > s), the mean number in an M_t/G/inf system is
m(t) = integral_0^inf lambda(t - s) G^c(s) ds, the time-varying offered load in Erlangs.
Times in seconds. Scalar ``t_s`` gives a float, array-like gives an ndarray of that shape.
"""

from __future__ import annotations

import math
from typing import Callable

import numpy as np
from scipy import integrate

from planner.queueing.erlang import _as_float, _check_nonneg, _check_positive

__all__ = [
    "infinite_server_mean_busy",
    "sinusoidal_mean_busy_average",
    "sinusoidal_mean_busy_exponential",
]


def _times(t_s: object, name: str) -> np.ndarray:
    try:
        t = np.asarray(t_s, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number or array of numbers, got {t_s!r}") from None
    if not np.all(np.isfinite(t)):
        raise ValueError(f"{name} must be finite, got {t_s!r}")
    return t


def _scalar_or_array(values: np.ndarray) -> float | np.ndarray:
    return float(values) if values.ndim == 0 else values


def infinite_server_mean_busy(
    t_s: float | np.ndarray,
    rate_fn: Callable[[float], float],
    service_survival: Callable[[float], float],
    horizon_s: float,
) -> float | np.ndarray:
    """m(t) = integral_0^horizon_s rate_fn(t - s) * service_survival(s) ds, by adaptive quadrature.

    ``rate_fn(t)``: arrival rate per second at time t; ``service_survival(s)``: P(service > s);
    ``horizon_s`` > 0 (may be inf): how far back arrivals count (use many mean service times
    to approximate a system started long ago). Returns mean busy servers (Erlangs) at each
    ``t_s``. Raises ValueError on invalid inputs.
    """
    if not callable(rate_fn):
        raise ValueError(f"rate_fn must be callable, got {rate_fn!r}")
    if not callable(service_survival):
        raise ValueError(f"service_survival must be callable, got {service_survival!r}")
    horizon = _check_positive(horizon_s, "horizon_s", allow_inf=True)
    t = _times(t_s, "t_s")
    out = np.empty(t.shape)
    for idx, tk in np.ndenumerate(t):
        value, _ = integrate.quad(
            lambda s, tk=float(tk): rate_fn(tk - s) * service_survival(s),
            0.0,
            horizon,
            epsabs=1e-13,
            epsrel=1e-11,
            limit=500,
        )
        out[idx] = value
    return _scalar_or_array(out)


def _check_sinusoid(
    mean_rate_per_s: float, amplitude: float, period_s: float, mean_handle_s: float, phase_s: float
) -> tuple[float, float, float, float, float]:
    lam = _check_nonneg(mean_rate_per_s, "mean_rate_per_s")
    amp = _as_float(amplitude, "amplitude")
    if not 0.0 <= amp <= 1.0:
        raise ValueError(f"amplitude must be in [0, 1] (rate stays >= 0), got {amplitude!r}")
    period = _check_positive(period_s, "period_s")
    handle = _check_positive(mean_handle_s, "mean_handle_s")
    phase = _as_float(phase_s, "phase_s")
    if not math.isfinite(phase):
        raise ValueError(f"phase_s must be finite, got {phase_s!r}")
    return lam, amp, period, handle, phase


def sinusoidal_mean_busy_exponential(
    t_s: float | np.ndarray,
    mean_rate_per_s: float,
    amplitude: float,
    period_s: float,
    mean_handle_s: float,
    phase_s: float = 0.0,
) -> float | np.ndarray:
    """Closed-form m(t) for sinusoidal arrivals and exponential service (Eick, Massey & Whitt 1993).

    lambda(t) = mean_rate_per_s * (1 + amplitude * sin(2*pi*(t - phase_s)/period_s)),
    ``amplitude`` in [0, 1], ``period_s`` > 0, mean service ``mean_handle_s`` = 1/mu > 0;
    the system started infinitely long ago (periodic steady state). With g = 2*pi/period_s:
    m(t) = (lambda/mu) * [1 + amplitude/(1 + (g/mu)^2) * (sin(g(t-phase)) - (g/mu) cos(g(t-phase)))].
    Returns Erlangs at each ``t_s``. Raises ValueError on invalid inputs.
    """
    lam, amp, period, handle, phase = _check_sinusoid(mean_rate_per_s, amplitude, period_s, mean_handle_s, phase_s)
    t = _times(t_s, "t_s")
    g = 2.0 * math.pi / period
    r = g * handle  # g / mu
    u = g * (t - phase)
    out = lam * handle * (1.0 + amp / (1.0 + r * r) * (np.sin(u) - r * np.cos(u)))
    return _scalar_or_array(out)


def sinusoidal_mean_busy_average(
    t0_s: float | np.ndarray,
    t1_s: float | np.ndarray,
    mean_rate_per_s: float,
    amplitude: float,
    period_s: float,
    mean_handle_s: float,
    phase_s: float = 0.0,
) -> float | np.ndarray:
    """Exact time average of :func:`sinusoidal_mean_busy_exponential` over [t0_s, t1_s].

    Integrated analytically: with half-width h = g*(t1-t0)/2 and midpoint u = g*(mid - phase),
    the average is (lambda/mu) * [1 + amplitude/(1+r^2) * (sin h / h) * (sin u - r cos u)],
    r = g/mu (stable for short intervals; t1 == t0 gives the point value). ``t0_s`` and
    ``t1_s`` broadcast together and need t1 >= t0. Raises ValueError on invalid inputs.
    """
    lam, amp, period, handle, phase = _check_sinusoid(mean_rate_per_s, amplitude, period_s, mean_handle_s, phase_s)
    t0 = _times(t0_s, "t0_s")
    t1 = _times(t1_s, "t1_s")
    if np.any(t1 < t0):
        raise ValueError(f"t1_s must be >= t0_s, got t0_s={t0_s!r}, t1_s={t1_s!r}")
    g = 2.0 * math.pi / period
    r = g * handle
    half = g * (t1 - t0) / 2.0
    u = g * ((t0 + t1) / 2.0 - phase)
    sinc = np.sinc(half / math.pi)  # sin(half) / half, 1 at 0
    out = lam * handle * (1.0 + amp / (1.0 + r * r) * sinc * (np.sin(u) - r * np.cos(u)))
    return _scalar_or_array(out)
