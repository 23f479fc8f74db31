"""The check of a fit: simulate the fitted scenario and set its KPIs beside the ones the records
show, each with its interval.

The records are one period of one site: one realisation. So the question is not whether the
simulated mean equals the observed value but whether the observed value is one the fitted model
could have produced: for each KPI the replications give a prediction interval for a single
period's value (mean ± t·sd·√(1 + 1/R)); the observed value inside it is *consistent*. The
observed value's own interval (Clopper–Pearson for shares, a normal interval for the mean
wait) says how precisely the records pin it down.

The staffing simulated is the one the records show (sim/records/staffing.py): with an agent
column, the distinct agents answering in each hour of the week; without it, a lower bound from
the calls in talk at once, which the report says. Each inferred queue's pool works a roster with
exactly that many people per hour; a pool the records say nothing of keeps the scenario's
roster (``staffing_from_records=False``: every pool does). A check against a different roster
tells little, so the report states the staffing used, hour by hour.

With work orders that have ``on_site``, the median and 90th percentile of the response (created
→ on site) by priority are set beside the simulated ``work_orders.<priority>`` percentiles, with
distribution-free intervals; the work times by trade × priority, which the scenario cannot hold,
are shown as the records give them (sim/records/work_orders.py).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

from sim.files import temp_beside, write_atomic
from sim.records.estimates import binomial_interval
from sim.records.reading import RecordSet
from sim.records.staffing import Staffing, infer_staffing, with_record_staffing
from sim.records.work_orders import QUANTILES, response_table, work_time_lines, work_time_table
from sim.running.runner import simulate

#: (records kind, queue, simulated stream)
_STREAMS = (("calls", "agent", "calls"), ("calls", "expert", "expert"), ("gates", None, "remote_ops"))
_METRICS = ("service_level", "abandon_rate", "asa_s")
SHARES = ("service_level", "abandon_rate")


@dataclass
class CheckRow:
    stream: str
    metric: str
    observed: float
    observed_low: float
    observed_high: float
    n: int
    simulated: float
    simulated_low: float       # interval of the simulated mean
    simulated_high: float
    predicted_low: float       # where one period's value falls
    predicted_high: float
    within_s: float | None

    @property
    def consistent(self) -> bool:
        return self.predicted_low <= self.observed <= self.predicted_high


@dataclass
class Check:
    rows: list[CheckRow]
    replications: int
    level: float
    by_hour: pd.DataFrame = field(default_factory=pd.DataFrame)   # hour, observed, simulated service level (calls)
    staffing: Staffing | None = None        # the records' staffing simulated (None: the scenario's rosters)
    work_times: pd.DataFrame = field(default_factory=pd.DataFrame)   # by trade × priority (work_orders.work_time_table)
    not_simulated: list[str] = field(default_factory=list)            # "stream metric" observed, not simulated

    def table(self) -> pd.DataFrame:
        return pd.DataFrame([{**r.__dict__, "consistent": r.consistent} for r in self.rows])

    def text(self) -> str:
        pct = f"{100 * self.level:g}%"
        out = [f"Check of the fit: the records beside {self.replications} simulated replications ({pct} intervals)",
               f"{'stream':21} {'metric':16} {'observed':>24} {'simulated mean':>24} {'one period':>20}  verdict"]
        for r in self.rows:
            f = (lambda x: f"{x:.3f}") if r.metric in SHARES else (lambda x: f"{x:.1f}")
            out.append(f"{r.stream:21} {r.metric:16} {f(r.observed):>7} [{f(r.observed_low)}, {f(r.observed_high)}]"
                       f"{'':>2} {f(r.simulated):>7} [{f(r.simulated_low)}, {f(r.simulated_high)}]"
                       f"  [{f(r.predicted_low)}, {f(r.predicted_high)}]  "
                       f"{'consistent' if r.consistent else 'NOT consistent'}")
        if self.not_simulated:
            out.append("In the records but not simulated by the scenario (no such stream, or none in the simulated "
                       "period): " + ", ".join(self.not_simulated))
        out.append("")
        if self.staffing is None or not self.staffing.simulated:
            out.append("Staffing simulated: the scenario's rosters")
            if self.staffing is not None:
                out.append(self.staffing.text())
        else:
            out.append(self.staffing.text())
            if self.staffing.lower_bound:
                out.append("The records have no agent column: the staffing above is a lower bound, so the simulated "
                           "service level is a pessimistic one.")
        if len(self.work_times):
            out.append("")
            out += work_time_lines(self.work_times, self.level)
            out.append("  (the scenario holds one work time per call type: these are the records', not simulated)")
        return "\n".join(out)


def observed_kpis(record_sets: list[RecordSet], within: dict[str, float], level: float = 0.95) -> dict:
    """{(stream, metric): (value, low, high, n)} from the records, by the definitions of
    docs/metrics.md (offered = answered + abandoned; abandons count against the service level)."""
    out = {}
    frames: dict[str, pd.DataFrame] = {}
    for rs in record_sets:
        frames[rs.kind] = pd.concat([frames[rs.kind], rs.frame]) if rs.kind in frames else rs.frame
    z = stats.norm.ppf(0.5 + level / 2)
    for kind, queue, stream in _STREAMS:
        f = frames.get(kind)
        if f is None or "wait_s" not in f:
            continue
        if queue is not None:
            f = f[f["queue"].fillna("agent") == queue] if "queue" in f else (f if queue == "agent" else f.iloc[:0])
        f = f[f["wait_s"].notna()]
        n = len(f)
        if not n:
            continue
        abandoned = (f["outcome"] == "abandoned").to_numpy() if "outcome" in f else np.zeros(n, bool)
        waits = f["wait_s"].to_numpy(float)
        k_sl = int(((~abandoned) & (waits <= within.get(stream, 15.0))).sum())
        out[(stream, "service_level")] = (k_sl / n, *binomial_interval(k_sl, n, level), n)
        k_ab = int(abandoned.sum())
        out[(stream, "abandon_rate")] = (k_ab / n, *binomial_interval(k_ab, n, level), n)
        answered = waits[~abandoned]
        if len(answered) > 1:
            m, se = answered.mean(), answered.std(ddof=1) / math.sqrt(len(answered))
            out[(stream, "asa_s")] = (m, max(0.0, m - z * se), m + z * se, len(answered))
    return out


def check_fit(scenario, record_sets: list[RecordSet], replications: int = 5, level: float = 0.95,
              workers: int = 1, seed: int | None = None, staffing_from_records: bool = True) -> Check:
    """Simulate ``scenario`` (the fitted one) with the staffing the records show (module
    docstring) and compare its KPIs with the records'. The seed is not the scenario's (default:
    the scenario's + 1): when the records were themselves simulated from the base, its random
    numbers would make the check look better than it is."""
    staffing = None
    if staffing_from_records:
        staffing = infer_staffing(record_sets, scenario.calendar.start_date)
        scenario = with_record_staffing(scenario, staffing)
    run = simulate(scenario, replications=replications, workers=workers,
                   seed=scenario.seed + 1 if seed is None else seed)
    kpis = run.kpi_table()
    within = {r.stream: float(r.within_s) for r in kpis.itertuples()
              if r.metric == "service_level" and r.within_s == r.within_s and r.within_s is not None}
    observed = observed_kpis(record_sets, within, level)
    reps = run.replication_table()
    rows = []
    t = stats.t.ppf(0.5 + level / 2, max(1, replications - 1))
    not_simulated: list[str] = []
    wo_frames = [rs.frame for rs in record_sets if rs.kind == "work_orders" and len(rs.frame)]
    work_orders = pd.concat(wo_frames, ignore_index=True) if wo_frames else None
    for r in response_table(work_orders, level).to_dict("records"):
        for metric in QUANTILES:
            observed[(f"work_orders.{r['priority']}", metric)] = (r[metric], r[f"{metric}_low"], r[f"{metric}_high"], r["n"])
    for (stream, metric), (value, lo, hi, n) in observed.items():
        sim = reps[(reps["stream"] == stream) & (reps["metric"] == metric)]["value"].dropna().to_numpy(float)
        if not len(sim):
            not_simulated.append(f"{stream} {metric}")
            continue
        mean = sim.mean()
        sd = sim.std(ddof=1) if len(sim) > 1 else 0.0
        half = t * sd / math.sqrt(len(sim))
        pred = t * sd * math.sqrt(1 + 1 / len(sim))
        top = 1.0 if metric in SHARES else math.inf
        rows.append(CheckRow(stream, metric, value, lo, hi, n, mean, max(0.0, mean - half), min(top, mean + half),
                             max(0.0, mean - pred), min(top, mean + pred), within.get(stream)))
    by_hour = pd.DataFrame()
    frames = [rs.frame for rs in record_sets if rs.kind == "calls"]
    hours = run.by_hour_table()
    if frames and len(hours):
        calls = pd.concat(frames)
        if "queue" in calls:
            calls = calls[calls["queue"].fillna("agent") == "agent"]
        ok = (calls["outcome"] == "answered") & (calls["wait_s"] <= within.get("calls", 15.0))
        obs = ok.groupby(calls["time"].dt.hour).mean().reindex(range(24))
        sim_sl = hours[(hours["series"] == "calls") & (hours["metric"] == "service_level")].set_index("hour")["mean"]
        by_hour = pd.DataFrame({"hour": range(24), "observed": obs.to_numpy(),
                                "simulated": sim_sl.reindex(range(24)).to_numpy()})
    return Check(rows, replications, level, by_hour, staffing, work_time_table(work_orders, level), not_simulated)


def _figure(check: Check):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(10, 4))
    ax1, ax2 = fig.subplots(1, 2)
    shares = [r for r in check.rows if r.metric in SHARES]
    y = np.arange(len(shares))
    ax1.errorbar([r.observed for r in shares], y + 0.15,
                 xerr=[[r.observed - r.observed_low for r in shares], [r.observed_high - r.observed for r in shares]],
                 fmt="o", label="records", color="black")
    ax1.errorbar([r.simulated for r in shares], y - 0.15,
                 xerr=[[r.simulated - r.predicted_low for r in shares], [r.predicted_high - r.simulated for r in shares]],
                 fmt="s", label="simulated (one period)", color="tab:blue")
    ax1.set_yticks(y, [f"{r.stream} {r.metric}" for r in shares])
    ax1.set_xlabel("share")
    ax1.legend(loc="best", fontsize=8)
    if len(check.by_hour):
        ax2.plot(check.by_hour["hour"], check.by_hour["observed"], "o-", color="black", label="records")
        ax2.plot(check.by_hour["hour"], check.by_hour["simulated"], "s--", color="tab:blue", label="simulated")
        ax2.set_xlabel("hour of day")
        ax2.set_ylabel("calls service level")
        ax2.legend(loc="best", fontsize=8)
    fig.tight_layout()
    return fig


def write_check(check: Check, out_dir: Path) -> list[Path]:
    """check.txt (the table), check.json and check.png (shares with intervals; service level by
    hour), each saved atomically."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    text_path, json_path, png_path = out_dir / "check.txt", out_dir / "check.json", out_dir / "check.png"
    write_atomic(text_path, check.text() + "\n")
    data = {"replications": check.replications, "level": check.level,
            "rows": [{**r.__dict__, "consistent": r.consistent} for r in check.rows],
            "by_hour": check.by_hour.to_dict(orient="list"),
            "staffing": check.staffing.as_dict() if check.staffing is not None else None,
            "work_times": check.work_times.to_dict(orient="records"), "not_simulated": check.not_simulated}
    write_atomic(json_path, json.dumps(data, indent=1, default=lambda o: None if o != o else str(o)) + "\n")
    fig = _figure(check)
    import os
    fd, tmp = temp_beside(png_path, ".png")
    os.close(fd)
    try:
        fig.savefig(tmp, dpi=110, format="png")
        os.replace(tmp, png_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return [text_path, json_path, png_path]
