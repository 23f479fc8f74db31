"""Finite birth-death chains solved numerically, as an independent check of the closed forms.

Nothing here uses an Erlang formula: the generator matrix is built explicitly and
pi Q = 0, sum(pi) = 1 is solved with dense linear algebra. Meant for tests and validation
(dense O(states^3): keep chains to a few thousand states).
"""

from __future__ import annotations

import math
from numbers import Integral
from typing import Sequence

import numpy as np

from planner.queueing.erlang import _check_agents, _check_nonneg, _check_positive

__all__ = ["mmn_abandon_chain", "stationary_distribution"]


def stationary_distribution(birth_rates: Sequence[float], death_rates: Sequence[float]) -> np.ndarray:
    """Stationary distribution of a birth-death chain on states 0..K.

    ``birth_rates[k]`` is the rate k -> k+1 (>= 0), ``death_rates[k]`` the rate k+1 -> k
    (> 0), k = 0..K-1; both 1-D of equal length K (K = 0 gives the one-state chain).
    Returns pi (length K+1, sums to 1; round-off negatives clipped to 0). Raises ValueError
    on mismatched lengths or invalid rates.
    """
    birth = np.asarray(birth_rates, dtype=float)
    death = np.asarray(death_rates, dtype=float)
    if birth.ndim != 1 or death.ndim != 1:
        raise ValueError(f"birth_rates and death_rates must be 1-D, got shapes {birth.shape} and {death.shape}")
    if birth.size != death.size:
        raise ValueError(f"birth_rates (length {birth.size}) and death_rates (length {death.size}) must match")
    if not (np.all(np.isfinite(birth)) and np.all(birth >= 0.0)):
        raise ValueError(f"birth_rates must be finite and >= 0, got {birth_rates!r}")
    if not (np.all(np.isfinite(death)) and np.all(death > 0.0)):
        raise ValueError(f"death_rates must be finite and > 0, got {death_rates!r}")
    size = birth.size + 1
    if size == 1:
        return np.ones(1)
    scale = float(max(birth.max(), death.max()))
    gen = np.zeros((size, size))
    k = np.arange(size - 1)
    gen[k, k + 1] = birth / scale
    gen[k + 1, k] = death / scale
    gen[np.arange(size), np.arange(size)] = -gen.sum(axis=1)
    # pi Q = 0  <=>  Q^T pi^T = 0; one balance equation is redundant: replace it by sum(pi) = 1.
    system = gen.T.copy()
    system[-1, :] = 1.0
    rhs = np.zeros(size)
    rhs[-1] = 1.0
    try:
        pi = np.linalg.solve(system, rhs)
    except np.linalg.LinAlgError:
        pi = np.linalg.lstsq(system, rhs, rcond=None)[0]
    pi = np.clip(pi, 0.0, None)
    return pi / pi.sum()


def mmn_abandon_chain(
    arrival_rate_per_s: float,
    mean_handle_s: float,
    mean_patience_s: float,
    agents: int,
    max_queue: int,
) -> np.ndarray:
    """Stationary P(k in system), k = 0..agents+max_queue, of M/M/n+M truncated at max_queue waiting.

    Births at ``arrival_rate_per_s`` (>= 0) until agents+max_queue are in the system (then
    arrivals are lost); deaths at min(k, n)/``mean_handle_s`` + max(k-n, 0)/``mean_patience_s``
    (``mean_patience_s`` = inf: no abandonment, i.e. M/M/n/(n+max_queue)). ``max_queue`` >= 0
    int. Choose max_queue so the last probability is negligible to approximate the untruncated
    queue. Raises ValueError on invalid inputs.
    """
    lam = _check_nonneg(arrival_rate_per_s, "arrival_rate_per_s")
    handle = _check_positive(mean_handle_s, "mean_handle_s")
    patience = _check_positive(mean_patience_s, "mean_patience_s", allow_inf=True)
    n = _check_agents(agents)
    if isinstance(max_queue, bool) or not isinstance(max_queue, Integral) or max_queue < 0:
        raise ValueError(f"max_queue must be an integer >= 0, got {max_queue!r}")
    theta = 0.0 if math.isinf(patience) else 1.0 / patience
    k = np.arange(1, n + int(max_queue) + 1, dtype=float)  # state after the death's source
    death = np.minimum(k, n) / handle + np.maximum(k - n, 0.0) * theta
    birth = np.full(k.size, lam)
    return stationary_distribution(birth, death)
