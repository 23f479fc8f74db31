"""Across-replication statistics: means and Student-t confidence intervals."""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from scipy import stats


@lru_cache(maxsize=4096)
def t_quantile(q: float, df: int) -> float:
    """Student's t quantile (cached: the planner asks it for the same few sample sizes many
    thousands of times, and scipy's ppf costs about 0.1 ms a call)."""
    return float(stats.t.ppf(q, df))


def mean_ci(values, level: float = 0.95) -> tuple[float, float, float]:
    """Mean and two-sided ``level`` confidence interval of independent replication values
    (NaNs, e.g. a replication with no contact of a kind, are dropped). With one value the
    interval is (NaN, NaN): one replication says nothing about its own error."""
    x = np.asarray([v for v in values if v is not None and not math.isnan(v)], dtype=float)
    if len(x) == 0:
        return math.nan, math.nan, math.nan
    mean = float(x.mean())
    if len(x) < 2:
        return mean, math.nan, math.nan
    half = t_quantile(0.5 + level / 2, len(x) - 1) * float(x.std(ddof=1)) / math.sqrt(len(x))
    return mean, mean - half, mean + half


def verdict(direction: str, bound: float, low: float, high: float, mean: float) -> str:
    """'met' when the whole confidence interval lies on the right side of the target, 'missed'
    when it lies wholly on the wrong side, 'inconclusive' when it straddles the target (more
    replications needed). Without an interval the point estimate decides."""
    if math.isnan(mean):
        return "no data"
    if math.isnan(low):
        low = high = mean
    good_low, good_high = (low >= bound, high >= bound) if direction == ">=" else (high <= bound, low <= bound)
    if good_low:
        return "met"
    if not good_high:
        return "missed"
    return "inconclusive"
