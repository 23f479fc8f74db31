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

from sim.contact_centre import ANSWERED, KIND_INDEX, ReplicationLog
from sim.metrics import DEADLINE, WAITED_ON
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
    streaming mode, the sum of its blocks' histograms, kept by sim.streaming)."""
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


def field_histograms(field_logs: list, warmup_s: float) -> dict[str, np.ndarray]:
    """Histograms of on-site response times of work orders (by priority) and incidents
    (sim.field.metrics.response_histograms; in streaming mode, the sum of the sites' tallies)."""
    from sim.field.metrics import response_histograms

    if field_logs and field_logs[0].tally is not None:
        from sim.streaming import add_field_tallies

        return add_field_tallies([field_logs[0].tally]).histograms  # shared by every site's log
    return response_histograms([t for log in field_logs for t in log.tasks if t.created_s >= warmup_s])


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
