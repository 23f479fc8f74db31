"""Running replications and collecting their KPIs: the Python API behind the CLI.

``simulate(scenario)`` runs the scenario's replications (serially, or on a process pool with
``workers`` > 1; results are identical either way, because each replication draws only from
its own named streams) and returns a :class:`RunResult` whose tables are pandas DataFrames.
``simulate(scenario, streaming=True)`` computes the same KPIs without keeping every contact's
record (sim/streaming.py), optionally writing them to Parquet (``trace_dir``).
"""

from __future__ import annotations

import math
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim.contact_centre import ReplicationLog
from sim.field.metrics import field_kpis
from sim.histograms import centre_histograms, field_histograms, histogram_rows
from sim.model import SiteModel
from sim.metrics import (KpiKey, METRICS, by_hour_of_day, centre_summary, kpi_targets, replication_kpis,
                         service_level_threshold_s, type_kpis)
from sim.schema import Scenario
from sim.stats import mean_ci, verdict
from sim.streaming import BLOCK_SIZE, StreamingOptions, StreamingSummary, records_frame


@dataclass
class ReplicationResult:
    """One replication's KPIs and hour-of-day profiles (and its full log when asked for)."""

    replication: int
    kpis: dict[KpiKey, float]
    by_hour: dict[str, dict[str, list[float]]]
    by_type: dict[tuple[str, str], float]
    log: ReplicationLog | None = None
    #: Response-time histograms per stream on sim.histograms.EDGES_S (counts).
    histograms: dict[str, np.ndarray] = field(default_factory=dict)


def run_replication(scenario: Scenario, seed: int, replication: int, keep_log: bool = False,
                    streaming: StreamingOptions | None = None) -> ReplicationResult:
    """Simulate replication ``replication`` of ``scenario`` with ``seed`` (in streaming mode
    with ``streaming``: sim/streaming.py)."""
    sink = StreamingSummary(scenario, replication, streaming) if streaming is not None else None
    try:
        log = SiteModel(scenario, seed, replication, sink).run()
    except BaseException:
        if sink is not None:
            sink.abort()
        raise
    summary = centre_summary(log, scenario)
    kpis = replication_kpis(log, scenario, summary)
    kpis.update(field_kpis(log.field, scenario, log.horizon_s, log.warmup_s))
    histograms = centre_histograms(log) | field_histograms(log.field, log.warmup_s)
    by_hour, by_type = by_hour_of_day(log, scenario, summary), type_kpis(log, scenario, summary)
    if not keep_log:
        log.field = []  # tasks hold callbacks; keep results small and picklable
    return ReplicationResult(replication, kpis, by_hour, by_type, log if keep_log else None, histograms)


def _run_chunk(args: tuple) -> list[ReplicationResult]:
    """One task: (scenario, seed, replication numbers, keep_log, streaming options or None)."""
    scenario, seed, replications, keep_log, streaming = args
    return [run_replication(scenario, seed, r, keep_log, streaming) for r in replications]


def run_jobs(jobs: list[tuple], *, executor=None, workers: int = 1, progress=None) -> list[list[ReplicationResult]]:
    """Run tasks (``_run_chunk`` arguments) and return their results in the order of ``jobs``.

    Every task is submitted at once to ``executor`` (any concurrent.futures executor), or to a
    new process pool of ``workers`` processes, or run here when ``workers`` is 1 and there is no
    executor. ``progress(done, total)`` counts replications as tasks finish, in any order."""
    total = sum(len(job[2]) for job in jobs)
    done = 0

    def finished(part: list[ReplicationResult]) -> None:
        nonlocal done
        done += len(part)
        if progress is not None:
            progress(done, total)

    def on(pool) -> list[list[ReplicationResult]]:
        futures = [pool.submit(_run_chunk, job) for job in jobs]
        try:
            for future in as_completed(futures):
                finished(future.result())
        except BaseException:
            for future in futures:
                future.cancel()
            raise
        return [future.result() for future in futures]

    if executor is not None:
        return on(executor)
    if workers <= 1 or len(jobs) <= 1:
        parts = []
        for job in jobs:
            parts.append(_run_chunk(job))
            finished(parts[-1])
        return parts
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs))) as pool:
        return on(pool)


def streaming_options(streaming: bool, block_size: int, trace_dir, keep_logs: bool) -> StreamingOptions | None:
    """The streaming options of ``simulate``'s arguments (None: exact mode). A trace implies
    streaming; keeping the logs (every record) contradicts it."""
    if trace_dir is not None:
        streaming = True
    if not streaming:
        return None
    if keep_logs:
        raise ValueError("keep_logs keeps every record, which streaming mode drops; "
                         "use trace_dir to write the records to Parquet instead")
    return StreamingOptions(block_size, None if trace_dir is None else str(trace_dir))


@dataclass
class RunResult:
    """The replications of one scenario and their summary against the targets."""

    scenario: Scenario
    seed: int
    results: list[ReplicationResult] = field(repr=False)

    @property
    def replications(self) -> int:
        return len(self.results)

    @property
    def horizon_days(self) -> float:
        return self.scenario.calendar.horizon_days

    def kpi_table(self) -> pd.DataFrame:
        """One row per KPI: mean, 95% interval, target, and whether it is met."""
        targets = kpi_targets(self.scenario, list(self.scenario.centre.pools))
        keys = list(dict.fromkeys(k for r in self.results for k in r.kpis))
        rows = []
        for key in keys:
            mean, low, high = _clip(key.metric, *mean_ci([r.kpis.get(key, math.nan) for r in self.results]))
            direction, bound = targets.get(key, (None, math.nan))
            status = verdict(direction, bound, low, high, mean) if direction else None
            rows.append({
                "stream": key.stream, "metric": key.metric, "group": key.group,
                "unit": METRICS[key.metric][0], "mean": mean, "ci_low": low, "ci_high": high,
                "target": bound if direction else math.nan, "direction": direction,
                "met": (status == "met") if direction else None, "status": status,
                "within_s": service_level_threshold_s(self.scenario, key.stream) if key.metric == "service_level" else math.nan,
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
        """Response-time distributions pooled over replications (sim.histograms): stream,
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


def simulate(scenario: Scenario, *, replications: int | None = None, seed: int | None = None,
             workers: int = 1, keep_logs: bool = False, executor=None, first: int = 0,
             progress=None, streaming: bool = False, block_size: int = BLOCK_SIZE,
             trace_dir=None) -> RunResult:
    """Run ``replications`` (default: the scenario's) replications seeded ``seed`` (default: the
    scenario's). ``workers`` > 1 spreads them over that many processes, in contiguous chunks;
    ``executor`` (a concurrent.futures executor, e.g. kept open across many calls) is used instead
    of starting a new pool. ``first`` numbers the replications from there (replications
    ``first .. first + replications - 1``), so a run can be extended without repeating any:
    ``extend(simulate(s, replications=10), simulate(s, replications=10, first=10))``.
    ``progress(done, total)`` is called as replications finish (for progress bars).

    ``streaming=True`` computes the KPIs from additive accumulators fed with blocks of
    ``block_size`` records instead of keeping every record (bounded memory; sim/streaming.py
    says what is exact and what is approximate); ``trace_dir`` (implies streaming) also writes
    every record to ``trace_dir/replication_NNNN.parquet``, one file per replication (a path the
    workers can write to)."""
    reps = scenario.replications if replications is None else replications
    seed = scenario.seed if seed is None else seed
    if reps < 1:
        raise ValueError(f"replications must be at least 1, got {reps}")
    options = streaming_options(streaming, block_size, trace_dir, keep_logs)
    if executor is None and (workers <= 1 or reps == 1):
        chunks = [[n] for n in range(first, first + reps)]
        workers = 1
    else:
        n_chunks = min(max(workers, getattr(executor, "_max_workers", workers)), reps)
        chunks = [[int(r) for r in c] for c in np.array_split(np.arange(first, first + reps), n_chunks) if len(c)]
        workers = n_chunks
    jobs = [(scenario, seed, c, keep_logs, options) for c in chunks]
    parts = run_jobs(jobs, executor=executor, workers=workers, progress=progress)
    return RunResult(scenario, seed, [r for part in parts for r in part])


def extend(run: RunResult, more: RunResult) -> RunResult:
    """One run of both runs' replications (same scenario and seed, different replication numbers)."""
    if run.seed != more.seed or run.scenario != more.scenario:
        raise ValueError("extend() needs runs of the same scenario and seed")
    numbers = [r.replication for r in run.results] + [r.replication for r in more.results]
    if len(set(numbers)) != len(numbers):
        raise ValueError("extend() needs runs with different replication numbers")
    return RunResult(run.scenario, run.seed, run.results + more.results)
