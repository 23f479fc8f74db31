"""Response-time distributions as histograms on one fixed grid of bin edges (seconds).

Histograms are additive: the counts of replications, sites or blocks of records add up, so a
distribution can be kept without keeping every contact (streaming statistics), and the tables
of many replications pool exactly. The edges are round numbers a planner reads targets in
(15 s: three rings; 20 s: a gate opened; 15 and 30 minutes: on site), so the share within a
target that falls on an edge is exact, not interpolated.

Streams, for what a resident waits for (counted when it arrives after the warm-up):

* ``calls``, ``remote_ops``, ``expert``: the wait of each answered contact;
* ``return_visits``, ``tickets``: arrival to completion of each handled one;
* ``work_orders.<priority>``, ``incidents``: creation to the first arrival on site (in-house
  orders only; contractors' are the contract's time, as in the KPIs).
"""

from __future__ import annotations

import math

import numpy as np

from sim.engine.contact_centre import ANSWERED, KIND_INDEX, ReplicationLog
from sim.results.centre_kpis import DEADLINE, WAITED_ON
from sim.units import DAY_S, HOUR_S, MINUTE_S

#: Bin edges in seconds: bin i holds values in [EDGES_S[i], EDGES_S[i+1]); the last is open.
EDGES_S = np.array([
    0, 1, 2, 3, 5, 7, 10, 15, 20, 25, 30, 45, 60, 90, 120, 180, 240, 300, 450, 600,
    15 * MINUTE_S, 20 * MINUTE_S, 30 * MINUTE_S, 45 * MINUTE_S, HOUR_S, 1.5 * HOUR_S, 2 * HOUR_S,
    3 * HOUR_S, 4 * HOUR_S, 6 * HOUR_S, 8 * HOUR_S, 12 * HOUR_S, DAY_S, 2 * DAY_S, 3 * DAY_S,
    7 * DAY_S, math.inf,
], dtype=float)
N_BINS = len(EDGES_S) - 1


def counts(values_s: np.ndarray) -> np.ndarray:
    """Counts of ``values_s`` in the bins of EDGES_S (values below 0 count in the first bin)."""
    index = np.searchsorted(EDGES_S, np.maximum(np.asarray(values_s, dtype=float), 0.0), side="right") - 1
    return np.bincount(np.minimum(index, N_BINS - 1), minlength=N_BINS).astype(np.int64)


def centre_histograms(log: ReplicationLog) -> dict[str, np.ndarray]:
    """Histograms of the contact centre's waits and completion times in one replication (in
    streaming mode, the sum of its blocks' histograms, kept by sim.results.streaming)."""
    if log.summary is not None:
        return {stream: counts.copy() for stream, counts in log.summary.histograms.items()}
    out: dict[str, np.ndarray] = {}
    answered = (log.outcome == ANSWERED) & (log.arrival_s >= log.warmup_s)
    for kind in (*WAITED_ON, *DEADLINE):
        m = answered & (log.kind == KIND_INDEX[kind])
        if not m.any():
            continue
        values = log.wait_s[m] if kind in WAITED_ON else log.wait_s[m] + log.handle_s[m]
        out[kind] = counts(values)
    return out


def histogram_rows(by_replication: list[dict[str, np.ndarray]]) -> list[dict]:
    """Tidy rows pooling replications: per stream and bin the mean count per replication, the
    share of all values, and the cumulative share (the empirical distribution at ``high_s``)."""
    rows = []
    streams = list(dict.fromkeys(s for h in by_replication for s in h))
    n = len(by_replication)
    for stream in streams:
        total = np.sum([h[stream] for h in by_replication if stream in h], axis=0)
        all_values = total.sum()
        cumulative = np.cumsum(total)
        for i in range(N_BINS):
            rows.append({"stream": stream, "low_s": float(EDGES_S[i]), "high_s": float(EDGES_S[i + 1]),
                         "count": float(total[i]) / n, "share": float(total[i] / all_values),
                         "cum_share": float(cumulative[i] / all_values)})
    return rows


#: The fine histogram: a bin for exactly 0, one for (0, FINE_MIN_S), then bins [a, a·FINE_RATIO)
#: from FINE_MIN_S to FINE_MAX_S, and an open last bin. A value is represented by its bin's
#: geometric midpoint, within (√FINE_RATIO − 1) < 0.5% of it.
FINE_MIN_S = 1e-3
FINE_MAX_S = 1e9
FINE_RATIO = 1.01
FINE_EDGES_S = FINE_MIN_S * FINE_RATIO ** np.arange(math.ceil(math.log(FINE_MAX_S / FINE_MIN_S) / math.log(FINE_RATIO)) + 1)
#: Relative resolution of percentiles from the fine histogram (and the absolute one below FINE_MIN_S).
FINE_RELATIVE = math.sqrt(FINE_RATIO) - 1
FINE_ABSOLUTE_S = FINE_MIN_S / 2
_FINE_VALUES = np.concatenate(([0.0, FINE_MIN_S / 2], np.sqrt(FINE_EDGES_S[:-1] * FINE_EDGES_S[1:]), [FINE_EDGES_S[-1]]))
FINE_BINS = len(_FINE_VALUES)

class FineHistogram:
    """Counts of values (seconds) in fine log-spaced bins; additive. ``percentile(q)`` follows
    numpy's default (linear) definition on the bins' representative values, so it is within
    FINE_RELATIVE (relative) plus FINE_ABSOLUTE_S of the exact percentile."""

    __slots__ = ("counts",)

    def __init__(self, counts: np.ndarray | None = None):
        self.counts = np.zeros(FINE_BINS, np.int64) if counts is None else counts

    def add_values(self, values: np.ndarray) -> None:
        index = np.where(values > 0, np.searchsorted(FINE_EDGES_S, values, side="right") + 1, 0)
        self.counts += np.bincount(index, minlength=FINE_BINS)

    def percentile(self, q: float) -> float:
        n = int(self.counts.sum())
        if n == 0:
            return math.nan
        rank = (n - 1) * q / 100
        low, high = math.floor(rank), math.ceil(rank)
        cumulative = np.cumsum(self.counts)
        b_low, b_high = np.searchsorted(cumulative, [low, high], side="right")
        v_low, v_high = _FINE_VALUES[b_low], _FINE_VALUES[b_high]
        return float(v_low + (rank - low) * (v_high - v_low))
