"""The results of a run: one :class:`ReplicationResult` per replication (its KPIs, hour-of-day
profiles, per-type KPIs and histograms) and the :class:`RunResult` of all of them, whose tables
(pandas DataFrames) give each KPI's mean, 95% interval, target and verdict. ``extend`` joins two
runs of the same scenario and seed. Made by ``sim.running.runner.simulate``."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim.engine.contact_centre import ReplicationLog
from sim.results.centre_kpis import METRICS, KpiKey, kpi_targets, reported_targets, service_level_threshold_s
from sim.results.histograms import histogram_rows
from sim.results.stats import mean_ci, mean_ci_about
from sim.results.streaming import records_frame
from sim.results.verdicts import judge
from sim.scenario import Scenario


@dataclass
class ReplicationResult:
    """One replication's KPIs and hour-of-day profiles (and its full log when asked for)."""

    replication: int
    kpis: dict[KpiKey, float]
    by_hour: dict[str, dict[str, list[float]]]
    by_type: dict[tuple[str, str], float]
    log: ReplicationLog | None = None
    #: Response-time histograms per stream on sim.results.histograms.EDGES_S (counts).
    histograms: dict[str, np.ndarray] = field(default_factory=dict)


def _commitment(target, low: float, high: float, mean: float) -> dict:
    """The reported (not judged) commitment's columns of a KPI row."""
    if target is None:
        return {"commitment_direction": None, "commitment_target": math.nan, "commitment_status": None}
    direction, bound = target
    return {"commitment_direction": direction, "commitment_target": bound,
            "commitment_status": judge(direction, bound, low, high, mean).value}


@dataclass
class RunResult:
    """The replications of one scenario and their summary against the targets."""

    scenario: Scenario
    seed: int
    results: list[ReplicationResult] = field(repr=False)
    #: The two-sided level of the KPI table's intervals (a verification's looks ask more:
    #: planner.search.sequential).
    level: float = 0.95
    #: Whether a KPI with a target has its interval's spread measured about the target
    #: (sim.results.stats.mean_ci_about: verification's looks), not about its mean.
    about_line: bool = False
    #: :meth:`kpi_rows`'s cache: the replications it was built on, and the rows.
    _kpi_rows: tuple[int, dict] | None = field(default=None, init=False, repr=False, compare=False)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_kpi_rows": None}  # (a cache, of rows pickle cannot name)

    def kpi_rows(self) -> dict[KpiKey, tuple]:
        """The KPI table's rows (named tuples) by KPI key, built once per count of replications
        (the planner reads them to judge, screen and describe a candidate many times; building
        the table is pandas work each time)."""
        if self._kpi_rows is None or self._kpi_rows[0] != (len(self.results), self.level, self.about_line):
            self._kpi_rows = ((len(self.results), self.level, self.about_line), {KpiKey.of_row(row): row for row in self.kpi_table().itertuples()})
        return self._kpi_rows[1]

    @property
    def replications(self) -> int:
        return len(self.results)

    @property
    def horizon_days(self) -> float:
        return self.scenario.calendar.horizon_days

    def kpi_table(self) -> pd.DataFrame:
        """One row per KPI: mean, 95% interval (``level``, ``about_line``), target, and whether it is met. A commitment of
        someone outside the site's staffing (sim.results.centre_kpis.reported_targets: a
        contractor's arrival) has no target there (the planner does not judge it) but its own
        ``commitment_direction``, ``commitment_target`` and ``commitment_status`` (the contractor's
        commitment); other rows have None there."""
        targets = kpi_targets(self.scenario, list(self.scenario.centre.pools))
        reported = reported_targets(self.scenario)
        keys = list(dict.fromkeys(k for r in self.results for k in r.kpis))
        rows = []
        for key in keys:
            direction, bound = targets.get(key, (None, math.nan))
            values = [r.kpis.get(key, math.nan) for r in self.results]
            mean, low, high = _clip(key.metric, *(mean_ci_about(values, bound, self.level) if self.about_line and direction
                                                  else mean_ci(values, self.level)))
            status = judge(direction, bound, low, high, mean).value if direction else None
            rows.append({
                "stream": key.stream, "metric": key.metric, "group": key.group,
                "unit": METRICS[key.metric][0], "mean": mean, "ci_low": low, "ci_high": high,
                "target": bound if direction else math.nan, "direction": direction,
                "met": (status == "met") if direction else None, "status": status,
                "within_s": service_level_threshold_s(self.scenario, key.stream) if key.metric in ("service_level", "service_level_hour") else math.nan,
                **_commitment(reported.get(key), low, high, mean),
            })
        return pd.DataFrame(rows)

    def type_table(self) -> pd.DataFrame:
        """KPIs per contact type ('calls.emergency', 'expert.complaint', ...): mean and 95% CI;
        a type's service level is within its own target's answer time (``within_s``) if it has one."""
        keys = list(dict.fromkeys(k for r in self.results for k in r.by_type))
        rows = []
        for label, metric in keys:
            mean, low, high = _clip(metric, *mean_ci([r.by_type.get((label, metric), math.nan) for r in self.results]))
            rows.append({"type": label, "metric": metric, "unit": METRICS[metric][0],
                         "mean": mean, "ci_low": low, "ci_high": high,
                         "within_s": service_level_threshold_s(self.scenario, label) if metric == "service_level" else math.nan})
        return pd.DataFrame(rows)

    def replication_table(self) -> pd.DataFrame:
        """Every KPI of every replication, one row each (long format)."""
        return pd.DataFrame([
            {"replication": r.replication, "stream": k.stream, "metric": k.metric, "group": k.group, "value": v}
            for r in self.results for k, v in r.kpis.items()
        ])

    def by_hour_table(self) -> pd.DataFrame:
        """Hour-of-day profiles averaged over replications: series, metric, hour, mean."""
        rows = []
        series_names = list(dict.fromkeys(s for r in self.results for s in r.by_hour))
        for series in series_names:
            metrics = list(dict.fromkeys(m for r in self.results for m in r.by_hour.get(series, {})))
            for metric in metrics:
                values = np.array([r.by_hour[series][metric] for r in self.results if series in r.by_hour], dtype=float)
                finite = np.isfinite(values)
                counts = finite.sum(axis=0)
                with np.errstate(invalid="ignore", divide="ignore"):
                    means = np.where(counts > 0, np.where(finite, values, 0.0).sum(axis=0) / counts, np.nan)
                rows += [{"series": series, "metric": metric, "hour": h, "mean": float(means[h])} for h in range(24)]
        return pd.DataFrame(rows)

    def histogram_table(self) -> pd.DataFrame:
        """Response-time distributions pooled over replications (sim.results.histograms): stream,
        low_s, high_s, count (mean per replication), share, cum_share."""
        return pd.DataFrame(histogram_rows([r.histograms for r in self.results]),
                            columns=["stream", "low_s", "high_s", "count", "share", "cum_share"])

    def records(self) -> pd.DataFrame:
        """Every contact of every replication, one row each (needs ``keep_logs=True``)."""
        frames = []
        for r in self.results:
            if r.log is None:
                raise ValueError("records() needs simulate(..., keep_logs=True)")
            frames.append(records_frame(r.replication, r.log))
        return pd.concat(frames, ignore_index=True)


def _clip(metric: str, mean: float, low: float, high: float) -> tuple[float, float, float]:
    """Clip an interval to the metric's natural range (shares in [0, 1], the rest ≥ 0): a
    symmetric t-interval of a skewed quantity can otherwise show impossible values."""
    top = 1.0 if METRICS[metric][0] == "share" else math.inf
    return mean, min(max(low, 0.0), top), min(max(high, 0.0), top)


def extend(run: RunResult, more: RunResult) -> RunResult:
    """One run of both runs' replications (same scenario and seed, different replication numbers)."""
    if run.seed != more.seed or run.scenario != more.scenario:
        raise ValueError("extend() needs runs of the same scenario and seed")
    numbers = [r.replication for r in run.results] + [r.replication for r in more.results]
    if len(set(numbers)) != len(numbers):
        raise ValueError("extend() needs runs with different replication numbers")
    return RunResult(run.scenario, run.seed, run.results + more.results, run.level, run.about_line)
