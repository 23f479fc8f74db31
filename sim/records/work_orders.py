"""Work orders' times from a property system's export, in minutes, each with its interval and count:

* **work time** (closed − on site, reworks left out) by trade × priority: a duration fitted among
  exponential, lognormal and gamma (sim/records/estimates.py); the scenario holds one work time
  per call type (``field.work_orders.from_calls.<type>.work_time_min``), so these are written as
  comments of the fitted scenario and shown in the check;
* **response time** (created → on site) by priority: the fitted duration's mean, and the median
  and 90th percentile with distribution-free intervals (order statistics: the number of
  responses below a quantile is binomial), the percentiles the simulation reports
  (``work_orders.<priority>`` ``response_p50_min``, ``response_p90_min``, numpy's linear
  interpolation). Orders never reached are left out, as the simulation's percentiles leave them.

Orders closed before they were reached, or reached before they were created, are left out and
counted (``bad``).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy import stats

from sim.records.estimates import fit_duration
from sim.records.schema import PRIORITIES

#: Response percentiles reported, as the simulation names them.
QUANTILES = {"response_p50_min": 50, "response_p90_min": 90}


def quantile_interval(values, q: float, level: float = 0.95) -> tuple[float, float, float]:
    """(the q-th percentile as numpy computes it, low, high): the interval between the order
    statistics whose ranks bracket it with probability ≥ ``level`` (binomial(n, q/100))."""
    x = np.sort(np.asarray(values, float))
    n = len(x)
    if n == 0:
        return math.nan, math.nan, math.nan
    p = q / 100
    a = 1 - level
    lo_rank = int(stats.binom.ppf(a / 2, n, p))          # P(K < lo_rank) ≤ a/2, K ~ Bin(n, p)
    hi_rank = int(stats.binom.ppf(1 - a / 2, n, p)) + 1
    low = x[lo_rank - 1] if lo_rank >= 1 else 0.0
    high = x[hi_rank - 1] if hi_rank <= n else math.inf
    return float(np.percentile(x, q)), float(low), float(high)


def _minutes(later: pd.Series, earlier: pd.Series) -> pd.Series:
    return (later - earlier).dt.total_seconds() / 60


def _originals(frame: pd.DataFrame) -> pd.DataFrame:
    if "rework" not in frame:
        return frame
    return frame[~frame["rework"].fillna(False).astype(bool)]


def work_time_table(frame: pd.DataFrame | None, level: float = 0.95) -> pd.DataFrame:
    """One row per trade × priority with work times: trade, priority, n, family, mean, mean_low,
    mean_high, sd, sd_low, sd_high (minutes); empty without on_site and closed."""
    columns = ["trade", "priority", "n", "family", "mean", "mean_low", "mean_high", "sd", "sd_low", "sd_high"]
    if frame is None or not len(frame) or "on_site" not in frame or "closed" not in frame:
        return pd.DataFrame(columns=columns)
    f = _originals(frame)
    minutes = _minutes(f["closed"], f["on_site"])
    ok = minutes.notna() & (minutes >= 0)
    f = f[ok].assign(work_min=minutes[ok],
                     trade=(f.loc[ok, "trade"].replace("", "unknown") if "trade" in f else "unknown"))
    rows = []
    for (trade, priority), group in f.groupby(["trade", "priority"], sort=False):
        d = fit_duration(group["work_min"].to_numpy(float), (), level)
        if d is None:
            continue
        sd, (sd_lo, sd_hi) = (d.sd, d.sd_interval) if d.sd is not None else (math.nan, (math.nan, math.nan))
        rows.append({"trade": str(trade), "priority": str(priority), "n": d.n_exact, "family": d.family,
                     "mean": d.mean, "mean_low": d.mean_interval[0], "mean_high": d.mean_interval[1],
                     "sd": sd, "sd_low": sd_lo, "sd_high": sd_hi})
    out = pd.DataFrame(rows, columns=columns)
    order = {p: i for i, p in enumerate(PRIORITIES)}
    return out.sort_values(["priority", "trade"], key=lambda s: s.map(order) if s.name == "priority" else s,
                           ignore_index=True)


def response_table(frame: pd.DataFrame | None, level: float = 0.95) -> pd.DataFrame:
    """One row per priority with responses: priority, n, family, mean, mean_low, mean_high, and
    each of QUANTILES with its _low and _high (minutes); empty without on_site."""
    columns = ["priority", "n", "family", "mean", "mean_low", "mean_high"]
    columns += [f"{k}{s}" for k in QUANTILES for s in ("", "_low", "_high")]
    if frame is None or not len(frame) or "on_site" not in frame:
        return pd.DataFrame(columns=columns)
    minutes = _minutes(frame["on_site"], frame["created"])
    ok = minutes.notna() & (minutes >= 0)
    f = frame[ok].assign(response_min=minutes[ok])
    rows = []
    for priority in [p for p in PRIORITIES if p in set(f["priority"])] + sorted(set(f["priority"]) - set(PRIORITIES)):
        values = f.loc[f["priority"] == priority, "response_min"].to_numpy(float)
        if len(values) < 2:
            continue
        row: dict = {"priority": priority, "n": len(values)}
        d = fit_duration(np.maximum(values, 1e-3), (), level)     # a response of 0 has no density
        row.update(family=d.family if d else "", mean=d.mean if d else math.nan,
                   mean_low=d.mean_interval[0] if d else math.nan, mean_high=d.mean_interval[1] if d else math.nan)
        for key, q in QUANTILES.items():
            value, lo, hi = quantile_interval(values, q, level)
            row.update({key: value, f"{key}_low": lo, f"{key}_high": hi})
        rows.append(row)
    return pd.DataFrame(rows, columns=columns)


def bad_times(frame: pd.DataFrame | None) -> dict[str, int]:
    """Orders whose times run backwards: closed before on site, on site before created."""
    out = {}
    if frame is None or not len(frame):
        return out
    if "on_site" in frame and "closed" in frame:
        out["closed before on site"] = int((_minutes(frame["closed"], frame["on_site"]) < 0).sum())
    if "on_site" in frame:
        out["on site before created"] = int((_minutes(frame["on_site"], frame["created"]) < 0).sum())
    return {k: v for k, v in out.items() if v}


def _num(x: float) -> str:
    return "–" if x is None or x != x else ("inf" if x == math.inf else f"{x:.1f}")


def work_time_lines(table: pd.DataFrame, level: float) -> list[str]:
    """The work-time table as text lines (for the scenario's comments and the check's report)."""
    if not len(table):
        return []
    pct = f"{100 * level:g}%"
    out = [f"work times by trade and priority, minutes (closed − on site, reworks left out; {pct} intervals):",
           f"  {'trade':12} {'priority':10} {'n':>5}  {'mean [interval]':>22}  {'sd [interval]':>22}  family"]
    for r in table.itertuples():
        out.append(f"  {r.trade:12} {r.priority:10} {r.n:>5}  "
                   f"{_num(r.mean) + ' [' + _num(r.mean_low) + ', ' + _num(r.mean_high) + ']':>22}  "
                   f"{_num(r.sd) + ' [' + _num(r.sd_low) + ', ' + _num(r.sd_high) + ']':>22}  {r.family}")
    return out


def response_lines(table: pd.DataFrame, level: float) -> list[str]:
    if not len(table):
        return []
    pct = f"{100 * level:g}%"
    out = [f"response times by priority, minutes (created → on site; {pct} intervals):",
           f"  {'priority':10} {'n':>5}  {'mean [interval]':>22}  {'median [interval]':>22}  {'p90 [interval]':>22}"]
    for r in table.to_dict("records"):
        cells = [f"{_num(r[k])} [{_num(r[k + '_low'])}, {_num(r[k + '_high'])}]" for k in ("mean", *QUANTILES)]
        out.append(f"  {r['priority']:10} {r['n']:>5}  " + "  ".join(f"{c:>22}" for c in cells))
    return out
