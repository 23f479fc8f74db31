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
    return _interval(values, level, None)


def mean_ci_about(values, line: float, level: float = 0.95) -> tuple[float, float, float]:
    """Mean and two-sided ``level`` interval of replication values (as :func:`mean_ci`) whose
    spread is measured about ``line`` (a target) instead of their mean: sqrt(Σ(x − line)² ÷
    (n − 1)), never less than the standard deviation. Judging the line with it (the score form
    of the t test, as Wilson's interval is of a proportion's) stays honest on rare, skewed
    shares, where a sample that happens to lack its few bad replications has a high mean and a
    small deviation at once and the plain t interval shows it above its line too often."""
    return _interval(values, level, line)


def _interval(values, level: float, line: float | None) -> tuple[float, float, float]:
    x = np.asarray([v for v in values if v is not None and not math.isnan(v)], dtype=float)
    if len(x) == 0:
        return math.nan, math.nan, math.nan
    mean = float(x.mean())
    if len(x) < 2:
        return mean, math.nan, math.nan
    spread = float(x.std(ddof=1)) if line is None else math.sqrt(float(((x - line) ** 2).sum()) / (len(x) - 1))
    half = t_quantile(0.5 + level / 2, len(x) - 1) * spread / math.sqrt(len(x))
    return mean, mean - half, mean + half
