"""Fitting a scenario's demand to a site's records.

For every kind of contact (calls, tickets, gate operations) and every type in the records:

* **rates** per household per month (gates: per gate, camera... as the base scenario states them)
  from the arrivals of the period, given the day-of-week profile and the dated multipliers;
  exact Poisson interval of the count;
* **hour-of-day and day-of-week profiles**, one per kind, and one of its own for a type whose
  hours differ from the rest of its kind (χ² test of homogeneity, p < 0.001); shares with exact
  binomial intervals;
* **dated multipliers**: the days whose volume departs from the rest (holidays, seasons) found by
  a greedy search for the interval of days with the largest Poisson likelihood ratio against
  the remaining days, accepted while the ratio passes a Bonferroni-corrected χ²₁ threshold; a
  multiplier per type with the exact conditional (binomial) interval;
* **handle times** chosen among exponential, lognormal and gamma by AIC, with the
  Kolmogorov–Smirnov statistic of the choice;
* **patience** from abandoned calls (the patience is the wait) and answered calls (patience
  longer than the wait: right-censored), the likelihood of Brown et al. (2005, JASA);
* **escalation share** (expert calls ÷ answered first-line calls, Clopper–Pearson) and the
  experts' handle times; from work orders the **rework share** and the **work times** by type,
  with trades' shares; work times by trade × priority and response times by priority (which the
  scenario cannot hold) as comments, in the report and in the check (sim/records/work_orders.py).

Every number is an :class:`~sim.records.estimates.Estimate` with its interval and count.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from sim.records.estimates import Estimate, binomial_interval, fit_duration, poisson_interval, _round
from sim.records.reading import RecordSet
from sim.records.work_orders import (QUANTILES, bad_times, response_table, response_lines, work_time_lines,
                                     work_time_table)
from sim.units import DAY_S, RATE_FIELDS

#: Records kind → scenario demand kind.
DEMAND_KIND = {"calls": "calls", "tickets": "tickets", "gates": "remote_ops"}
DEFAULT_RATE_FIELD = {"calls": "rate_per_household_per_month", "tickets": "rate_per_household_per_month",
                      "remote_ops": "rate_per_day"}


@dataclass
class Fit:
    """The fitted demand (the mapping written under ``demand:``; ``field`` for work orders),
    every estimate, comments by scenario path, and notes for the header."""

    demand: dict
    field: dict
    estimates: list[Estimate]
    comments: dict[str, str]
    notes: list[str]
    period: tuple[dt.date, dt.date]
    level: float
    record_sets: list[RecordSet] = field(default_factory=list)
    #: Tables the scenario has no place for (sim/records/work_orders.py): work_time_by_trade_priority,
    #: response_by_priority.
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def estimate(self, path: str) -> Estimate:
        for e in self.estimates:
            if e.path == path:
                return e
        raise KeyError(path)


def _exposure_quantity(rate_field: str, site_quantities: dict[str, float]) -> tuple[float, float]:
    """(quantity, seconds of the rate's period) for a rate field."""
    quantity, period_s = RATE_FIELDS[rate_field]
    return (1.0 if quantity is None else float(site_quantities[quantity])), period_s


def _strip(kind: str, name: str) -> str:
    name = str(name).strip()
    prefix = f"{kind}."
    return name[len(prefix):] if name.startswith(prefix) else name


def _loglik(c: np.ndarray, e: np.ndarray) -> np.ndarray:
    """Profile Poisson log-likelihood of counts c with expectations shape e (level free)."""
    c = np.asarray(c, float)
    e = np.asarray(e, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(c > 0, c * np.log(np.where(c > 0, c, 1) / np.where(e > 0, e, 1)), 0.0) - c
    return out


def find_bumps(counts: np.ndarray, shape: np.ndarray, alpha: float = 0.01) -> list[tuple[int, int]]:
    """Runs of days [first, last] whose level differs from the remaining days', found greedily:
    each step takes the run with the largest likelihood-ratio statistic against the rest and keeps
    it if it passes χ²₁ at ``alpha`` / (number of runs tried). Runs cover at most half the days
    left, so the rest is the reference level (multiplier 1)."""
    n = len(counts)
    ref = np.ones(n, bool)
    bumps: list[tuple[int, int]] = []
    threshold = stats.chi2.ppf(1 - alpha / max(1, n * (n + 1) / 2), 1)
    s_idx, t_idx = np.triu_indices(n)           # run [s, t] inclusive
    while True:
        cc = np.concatenate([[0], np.cumsum(np.where(ref, counts, 0))])
        ce = np.concatenate([[0], np.cumsum(np.where(ref, shape, 0))])
        cout = np.concatenate([[0], np.cumsum(~ref)])
        c_in = cc[t_idx + 1] - cc[s_idx]
        e_in = ce[t_idx + 1] - ce[s_idx]
        valid = (cout[t_idx + 1] - cout[s_idx] == 0) & ((t_idx - s_idx + 1) <= ref.sum() / 2)
        if not valid.any():
            break
        c_all, e_all = cc[-1], ce[-1]
        gain = _loglik(c_in, e_in) + _loglik(c_all - c_in, e_all - e_in) - _loglik(c_all, e_all)
        gain = np.where(valid, gain, -np.inf)
        best = int(np.argmax(gain))
        if not 2 * gain[best] > threshold:
            break
        s, t = int(s_idx[best]), int(t_idx[best])
        bumps.append((s, t))
        ref[s:t + 1] = False
    return sorted(bumps)


@dataclass
class _Stream:
    kind: str                  # demand kind
    name: str
    times: pd.Series           # arrival timestamps
    rate_field: str
    exposure_per_day: float    # quantity × days per rate period⁻¹: expected count per day at rate 1


def _daily_counts(times: pd.Series, start: dt.date, days: int) -> np.ndarray:
    d = ((times - pd.Timestamp(start)) // pd.Timedelta(days=1)).to_numpy(np.int64)
    return np.bincount(d, minlength=days)[:days].astype(float)


def _hour_counts(times: pd.Series) -> np.ndarray:
    return np.bincount(times.dt.hour.to_numpy(), minlength=24)[:24].astype(float)


def _group_weights(c: np.ndarray, x: np.ndarray, dows: np.ndarray, bumps: list[tuple[int, int]]):
    """Day-of-week weights (mean 1 over the weekdays present), reference rates and each type's
    level on each day (1 outside the bumps) of one group of streams, by iterative proportional
    fitting of counts c (type × day) with exposures x."""
    days = c.shape[1]
    seg = np.full(days, -1)
    for b, (s0, s1) in enumerate(bumps):
        seg[s0:s1 + 1] = b
    ref = seg == -1
    present = np.array([(dows == j).any() for j in range(7)])
    w = np.ones(7)
    for _ in range(100):
        wd = w[dows]
        r = c[:, ref].sum(1) / np.maximum((x[:, None] * wd[ref]).sum(1), 1e-300)
        level_kd = np.ones_like(c)
        for b in range(len(bumps)):
            inside = seg == b
            exp_in = r * x * wd[inside].sum()
            level_kd[:, inside] = np.where(exp_in > 0, c[:, inside].sum(1) / np.maximum(exp_in, 1e-300), 1.0)[:, None]
        expected = r[:, None] * x[:, None] * level_kd
        new_w = np.ones(7)
        for j in np.flatnonzero(present):
            e = expected[:, dows == j].sum()
            new_w[j] = c[:, dows == j].sum() / e if e > 0 else 1.0
        new_w[present] /= new_w[present].mean()
        done = np.allclose(new_w, w, rtol=1e-10, atol=1e-12)
        w = new_w
        if done:
            break
    wd = w[dows]
    r = c[:, ref].sum(1) / np.maximum((x[:, None] * wd[ref]).sum(1), 1e-300)
    return w, r, seg


def _fit_groups(groups: dict[str, list["_Stream"]], start: dt.date, days: int, level: float,
                est: list[Estimate], comments: dict, demand: dict, notes: list[str]) -> None:
    """Rates, day-of-week profiles and dated multipliers of every group of streams sharing a
    profile (fills ``demand``). The days unlike the rest are searched for in the total of every
    group (a holiday is a date for every kind of demand), each type then gets its own multiplier."""
    dows = np.array([(start + dt.timedelta(days=i)).weekday() for i in range(days)])
    data = {g: (np.array([_daily_counts(s.times, start, days) for s in ms]), np.array([s.exposure_per_day for s in ms]))
            for g, ms in groups.items()}
    total = sum(c.sum(axis=0) for c, _ in data.values())
    bumps: list[tuple[int, int]] = []
    for _ in range(4):
        shape = np.zeros(days)
        for g, (c, x) in data.items():
            w, r, _seg = _group_weights(c, x, dows, bumps)
            shape += (r * x).sum() * w[dows]
        new_bumps = find_bumps(total, shape, alpha=0.01)   # the same days whatever --level the intervals use
        if new_bumps == bumps:
            break
        bumps = new_bumps
    if bumps:
        notes.append("days unlike the rest (dated multipliers): " + ", ".join(
            f"{start + dt.timedelta(days=a)} to {start + dt.timedelta(days=b)}" for a, b in bumps))
    for group, members in groups.items():
        c, x = data[group]
        w, rates, seg = _group_weights(c, x, dows, bumps)
        wd = w[dows]
        ref = seg == -1
        demand["profiles"][group]["day_of_week"] = [_round(v) for v in w]
        parts = []
        for j in range(7):
            n_days = int((dows == j).sum())
            n_j = int(c[:, dows == j].sum())
            if n_days and n_j > 0:
                lo, hi = poisson_interval(n_j, level)
                e = Estimate(f"demand.profiles.{group}.day_of_week[{j}]", float(w[j]), w[j] * lo / n_j,
                             w[j] * hi / n_j, n_j, f"{n_days} days", level)
                est.append(e)
                parts.append(f"{('Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun')[j]} [{e.low:.3g}, {e.high:.3g}] n={n_j}")
        comments[f"demand.profiles.{group}.day_of_week"] = f"{100 * level:g}% intervals: " + "; ".join(parts)
        for k, s in enumerate(members):
            c_ref = int(c[k, ref].sum())
            e_ref = float((x[k] * wd[ref]).sum())
            rate = c_ref / e_ref if e_ref > 0 else 0.0
            lo, hi = poisson_interval(c_ref, level)
            path = f"demand.{s.kind}.{s.name}.{s.rate_field}"
            e = Estimate(path, rate, lo / e_ref, hi / e_ref, c_ref,
                         f"{c_ref} arrivals on {int(ref.sum())} ordinary days", level)
            est.append(e)
            demand[s.kind].setdefault(s.name, {})[s.rate_field] = _round(rate)
            demand[s.kind][s.name]["profile"] = group
            comments[path] = e.comment()
            for b, (s0, s1) in enumerate(bumps):
                inside = seg == b
                c_in = int(c[k, inside].sum())
                e_in = float((x[k] * wd[inside]).sum())
                pl, ph = binomial_interval(c_in, c_in + c_ref, level)
                to_m = lambda p: (p / (1 - p) * e_ref / e_in) if p < 1 else math.inf
                m = (c_in / e_in) / rate if rate > 0 and e_in > 0 else math.nan
                first, last = start + dt.timedelta(days=s0), start + dt.timedelta(days=s1)
                name = f"days_{first:%m%d}_{last:%m%d}_{s.kind}_{s.name}"
                mpath = f"demand.dated_multipliers.{name}.multiplier"
                em = Estimate(mpath, m, to_m(pl), to_m(ph), c_in, f"{c_in} arrivals on {s1 - s0 + 1} days "
                              f"against {c_ref} on the others", level)
                est.append(em)
                demand["dated_multipliers"][name] = {"start_date": first, "end_date": last, "multiplier": _round(m),
                                                     "applies_to": [f"{s.kind}.{s.name}"]}
                comments[mpath] = em.comment()


def _hour_profile(name: str, times: pd.Series, level: float, est: list, comments: dict) -> list[float]:
    n_h = _hour_counts(times)
    total = n_h.sum()
    weights = 24 * n_h / total
    parts = []
    for h in range(24):
        lo, hi = binomial_interval(int(n_h[h]), int(total), level)
        e = Estimate(f"demand.profiles.{name}.hour_of_day[{h}]", float(weights[h]), 24 * lo, 24 * hi, int(n_h[h]),
                     f"of {int(total)}", level)
        est.append(e)
        parts.append(f"{h:02d}h [{24 * lo:.3g}, {24 * hi:.3g}] n={int(n_h[h])}")
    comments[f"demand.profiles.{name}.hour_of_day"] = f"{100 * level:g}% intervals: " + "; ".join(parts)
    return [_round(v) for v in weights]


def _duration(path: str, exact, censored, level: float, est: list, comments: dict, scale: float = 1.0,
              what: str = "") -> dict | None:
    f = fit_duration(exact, censored, level)
    if f is None:
        return None
    est.append(Estimate(f"{path}.mean", f.mean / scale, f.mean_interval[0] / scale, f.mean_interval[1] / scale,
                        f.n_exact, f"{f.family}, {f.n_censored} censored", level))
    if f.sd is not None:
        est.append(Estimate(f"{path}.sd", f.sd / scale, f.sd_interval[0] / scale, f.sd_interval[1] / scale,
                            f.n_exact, f.family, level))
    comments[path] = f"{100 * level:g}% " + f.note(scale) + (f"; {what}" if what else "")
    return f.distribution(scale)


def fit_demand(record_sets: list[RecordSet], period: tuple[dt.date, dt.date], base, site: str,
               level: float = 0.95) -> Fit:
    """Fit the demand of ``site`` (a site of the validated ``base`` scenario, whose quantities
    turn counts into rates) to the records of ``period`` (whole days, inclusive)."""
    if site not in base.sites:
        raise ValueError(f"--site {site!r} is not a site of the base scenario; its sites: {', '.join(base.sites)}")
    start, end = period
    days = (end - start).days + 1
    q = base.sites[site].quantities()
    multiplier = base.sites[site].demand_multiplier
    est: list[Estimate] = []
    comments: dict[str, str] = {}
    notes: list[str] = []
    demand: dict[str, Any] = {"profiles": {}, "calls": {}, "remote_ops": {}, "tickets": {}, "dated_multipliers": {}}
    by_kind: dict[str, pd.DataFrame] = {}
    for rs in record_sets:
        by_kind[rs.kind] = pd.concat([by_kind[rs.kind], rs.frame]) if rs.kind in by_kind else rs.frame
    all_groups: dict[str, list[_Stream]] = {}
    for rkind, dkind in DEMAND_KIND.items():
        frame = by_kind.get(rkind)
        if frame is None or not len(frame):
            continue
        frame = frame.copy()
        frame["type"] = [_strip(dkind, t) for t in frame["type"]]
        first_line = frame[frame["queue"] != "expert"] if "queue" in frame else frame
        streams: list[_Stream] = []
        base_types = getattr(base.demand, dkind)
        for name in sorted(set(first_line["type"]) | set(base_types)):
            spec = base_types.get(name)
            rate_field = spec.rate_field[0] if spec is not None else DEFAULT_RATE_FIELD[dkind]
            quantity, period_s = _exposure_quantity(rate_field, q)
            times = first_line.loc[first_line["type"] == name, "time"]
            streams.append(_Stream(dkind, name, times, rate_field, quantity * multiplier * DAY_S / period_s))
        # profiles: the kind's, and one of its own for a type whose hours differ from the rest's
        kind_group = f"fitted_{dkind}"
        pooled_members = [s for s in streams if len(s.times)]
        own_groups: dict[str, list[_Stream]] = {}
        while len(pooled_members) > 1:
            hours = {s.name: _hour_counts(s.times) for s in pooled_members}
            all_hours = sum(hours.values())
            worst, worst_p = None, 1.0
            for s in pooled_members:
                own, rest = hours[s.name], all_hours - hours[s.name]
                if own.sum() < 50 or rest.sum() < 50:
                    continue
                table = np.array([own, rest])
                p = stats.chi2_contingency(table[:, table.sum(0) > 0])[1]
                if p < worst_p:
                    worst, worst_p = s, p
            if worst is None or worst_p >= 0.001:
                break
            own_groups[f"{kind_group}_{worst.name}"] = [worst]
            pooled_members.remove(worst)
            notes.append(f"{dkind}.{worst.name}: hours unlike the rest of its kind (χ² p={worst_p:.2g}): a profile of its own")
        for s in streams:
            if not len(s.times):
                demand[dkind][s.name] = {s.rate_field: 0.0}
                comments[f"demand.{dkind}.{s.name}.{s.rate_field}"] = "no records of this type in the period"
        for gname, members in {kind_group: pooled_members, **own_groups}.items():
            if members:
                times = pd.concat([s.times for s in members])
                demand["profiles"][gname] = {"hour_of_day": _hour_profile(gname, times, level, est, comments)}
                all_groups[gname] = members
        # durations per type
        for s in streams:
            rows = first_line[first_line["type"] == s.name]
            out = demand[dkind].setdefault(s.name, {})
            if not len(rows):
                continue
            path = f"demand.{dkind}.{s.name}"
            if rkind == "calls":
                answered = rows[rows["outcome"] == "answered"]
                abandoned = rows[rows["outcome"] == "abandoned"]
                if "talk_s" in rows:
                    d = _duration(f"{path}.handle_time_s", answered["talk_s"].dropna(), (), level, est, comments)
                    if d:
                        out["handle_time_s"] = d
                if len(abandoned):
                    d = _duration(f"{path}.patience_s", abandoned["wait_s"], answered["wait_s"], level, est, comments,
                                  what="abandoned exact, answered censored at their wait")
                    out["patience_s"] = d
                else:
                    comments[f"{path}.patience_s"] = f"no abandoned calls among {len(rows)}: patience kept from the base"
                if "queue" in frame:
                    expert = frame[(frame["queue"] == "expert") & (frame["type"] == s.name)]
                    k, n = len(expert), len(answered)
                    if n:
                        lo, hi = binomial_interval(k, n, level)
                        e = Estimate(f"{path}.escalate_share", k / n, lo, hi, n, f"{k} passed to an expert", level)
                        est.append(e)
                        out["escalate_share"] = _round(k / n)
                        comments[f"{path}.escalate_share"] = e.comment()
                        if k and "talk_s" in expert:
                            d = _duration(f"{path}.expert_handle_time_s",
                                          expert.loc[expert["outcome"] == "answered", "talk_s"].dropna(), (),
                                          level, est, comments)
                            if d:
                                out["expert_handle_time_s"] = d
            else:
                if "handle_s" in rows and rows["handle_s"].notna().any():
                    d = _duration(f"{path}.handle_time_s", rows["handle_s"].dropna(), (), level, est, comments)
                    if d:
                        out["handle_time_s"] = d
            if dkind == "tickets" and s.name not in base_types:
                out["deadline_h"] = 24.0
                comments[f"{path}.deadline_h"] = "not in the records: a commitment to state (default 24 h)"
            if s.name not in base_types and "handle_time_s" not in out:
                out["handle_time_s"] = {"dist": "exponential", "mean": 180.0}
                comments[f"{path}.handle_time_s"] = "no handling times in the records: an estimate to replace"
    if all_groups:
        _fit_groups(all_groups, start, days, level, est, comments, demand, notes)
    # the base's dated multipliers on fitted kinds are replaced by the ones found
    for name, m in base.demand.dated_multipliers.items():
        if any(a.split(".")[0] in {DEMAND_KIND[k] for k in by_kind if k in DEMAND_KIND} for a in m.applies_to):
            demand["dated_multipliers"].setdefault(name, None)
            comments[f"demand.dated_multipliers.{name}"] = "the base's, replaced by the days the records show"
    tables: dict[str, pd.DataFrame] = {}
    field_part = _fit_work_orders(by_kind.get("work_orders"), base, level, est, comments, notes, tables)
    for dkind in ("calls", "remote_ops", "tickets"):       # rate and profile first, as people write them
        for name, entry in demand[dkind].items():
            demand[dkind][name] = dict(sorted(entry.items(), key=lambda kv: (not kv[0].startswith("rate_"),
                                                                             kv[0] != "profile")))
    for key in ("profiles", "calls", "remote_ops", "tickets", "dated_multipliers"):
        if not demand[key]:
            del demand[key]
    return Fit(demand, field_part, est, comments, notes, period, level, record_sets, tables)


def _fit_work_orders(frame, base, level, est, comments, notes, tables) -> dict:
    if frame is None or not len(frame):
        return {}
    out: dict = {}
    if "rework" in frame:
        k, n = int(frame["rework"].fillna(False).astype(bool).sum()), len(frame)
        originals = n - k
        if originals:
            lo, hi = binomial_interval(k, originals, level)
            e = Estimate("field.work_orders.rework.share", k / originals, lo, hi, originals,
                         f"{k} reworks of {originals} orders", level)
            est.append(e)
            out.setdefault("rework", {})["share"] = _round(k / originals)
            comments["field.work_orders.rework.share"] = e.comment()
    if "on_site" in frame and "closed" in frame:
        minutes = (frame["closed"] - frame["on_site"]).dt.total_seconds() / 60
        ok = minutes.notna() & (minutes >= 0)
        f = frame[ok].assign(work_min=minutes[ok])
        if "rework" in f:
            f = f[~f["rework"].fillna(False).astype(bool)]
        from_calls: dict = {}
        for typ, rows in f.groupby("type"):
            path = f"field.work_orders.from_calls.{typ}"
            entry: dict = {"priority": str(rows["priority"].mode().iloc[0])}
            d = _duration(f"{path}.work_time_min", rows["work_min"].to_numpy() * 60, (), level, est, comments, scale=60)
            if d:
                entry["work_time_min"] = d
            if "trade" in rows and (rows["trade"] != "").any():
                counts = rows["trade"][rows["trade"] != ""].value_counts()
                n = int(counts.sum())
                entry["trades"] = {}
                for trade, k in counts.items():
                    lo, hi = binomial_interval(int(k), n, level)
                    e = Estimate(f"{path}.trades.{trade}", k / n, lo, hi, n, "", level)
                    est.append(e)
                    entry["trades"][str(trade)] = _round(k / n)
                    comments[f"{path}.trades.{trade}"] = e.comment()
            base_wo = base.field.work_orders.from_calls.get(typ) if base.field is not None else None
            if base_wo is not None and "trades" in entry:
                for trade in type(base_wo.trades).model_fields:   # the base's other trades: none in the records
                    if trade not in entry["trades"]:
                        entry["trades"][trade] = 0.0
                        comments[f"{path}.trades.{trade}"] = "no work orders of this trade in the records"
            if "trades" in entry:                  # shares rounded, then made to add up to exactly 1
                top = max(entry["trades"], key=entry["trades"].get)
                entry["trades"][top] = round(1 - sum(v for t, v in entry["trades"].items() if t != top), 6)
            from_calls[str(typ)] = entry
            if base.field is None or typ not in base.field.work_orders.from_calls:
                notes.append(f"work orders of type {typ!r}: not a call type of the base's field.work_orders.from_calls")
        if from_calls:
            out["from_calls"] = from_calls
    _work_order_tables(frame, level, est, comments, notes, tables)
    return {"work_orders": out} if out else {}


def _work_order_tables(frame, level, est, comments, notes, tables) -> None:
    """Work times by trade × priority and response times by priority (sim/records/work_orders.py):
    estimates under ``report.``, the tables in ``tables`` and, as the scenario has no place for
    them, a comment block over ``field.work_orders``."""
    work = work_time_table(frame, level)
    for r in work.itertuples():
        base = f"report.work_time_min.{r.trade}.{r.priority}"
        est.append(Estimate(f"{base}.mean", r.mean, r.mean_low, r.mean_high, r.n, r.family, level))
        if r.sd == r.sd:
            est.append(Estimate(f"{base}.sd", r.sd, r.sd_low, r.sd_high, r.n, r.family, level))
    response = response_table(frame, level)
    for r in response.to_dict("records"):
        base = f"report.response_min.{r['priority']}"
        if r["mean"] == r["mean"]:
            est.append(Estimate(f"{base}.mean", r["mean"], r["mean_low"], r["mean_high"], r["n"], r["family"], level))
        for key, q in QUANTILES.items():
            est.append(Estimate(f"{base}.p{q}", r[key], r[f"{key}_low"], r[f"{key}_high"], r["n"],
                                "order statistics", level))
    for what, k in bad_times(frame).items():
        notes.append(f"work orders: {k} {what}: left out of the work and response times")
    lines = work_time_lines(work, level) + response_lines(response, level)
    if lines:
        lines.insert(0, "not in the schema (one work time per call type, no response distribution): "
                        "for reading and for the check")
        comments["field.work_orders"] = "\n".join(lines)
    tables["work_time_by_trade_priority"] = work
    tables["response_by_priority"] = response
