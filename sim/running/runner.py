"""Running replications and collecting their KPIs: the Python API behind the CLI.

``simulate(scenario)`` runs the scenario's replications (serially, or on a process pool with
``workers`` > 1; results are identical either way, because each replication draws only from
its own named streams) and returns a :class:`RunResult` whose tables are pandas DataFrames.
``simulate(scenario, streaming=True)`` computes the same KPIs without keeping every contact's
record (sim/results/streaming.py), optionally writing them to Parquet (``trace_dir``).
"""

from __future__ import annotations

from concurrent.futures import FIRST_COMPLETED, wait

import numpy as np

from sim.running.replication import SiteModel
from sim.results.centre_kpis import by_hour_of_day, centre_summary, replication_kpis, type_kpis
from sim.results.district_kpis import site_kpis
from sim.results.field_kpis import field_histograms, field_kpis
from sim.results.histograms import centre_histograms
from sim.results.run_result import ReplicationResult, RunResult, extend

__all__ = ["ReplicationResult", "RunResult", "extend", "run_replication", "simulate"]
from sim.results.streaming import BLOCK_SIZE, StreamingOptions, StreamingSummary
from sim.scenario import Scenario

#: Seconds between calls of a run's ``heartbeat`` while its tasks run (:func:`run_jobs`).
HEARTBEAT_S = 0.5


def _drop_callbacks(task, seen=None) -> None:
    """Strip a finished task (and the tasks its ``meta`` holds, such as an incident's specialist)
    of the running model's closures, so the kept log pickles."""
    seen = set() if seen is None else seen
    if id(task) in seen:
        return
    seen.add(id(task))
    task.on_done = task.on_leg = None
    for key, value in list(task.meta.items()):
        if callable(value):
            del task.meta[key]
        elif hasattr(value, "meta") and hasattr(value, "on_done"):
            _drop_callbacks(value, seen)


def run_replication(scenario: Scenario, seed: int, replication: int, keep_log: bool = False,
                    streaming: StreamingOptions | None = None) -> ReplicationResult:
    """Simulate replication ``replication`` of ``scenario`` with ``seed`` (in streaming mode
    with ``streaming``: sim/results/streaming.py)."""
    sink = StreamingSummary(scenario, replication, streaming) if streaming is not None else None
    try:
        log = SiteModel(scenario, seed, replication, sink).run()
    except BaseException:
        if sink is not None:
            sink.abort()
        raise
    summary = centre_summary(log, scenario)
    kpis = replication_kpis(log, scenario, summary)
    kpis.update(field_kpis(log.field, scenario, log.horizon_s, log.warmup_s, log.districts))
    kpis.update(site_kpis(log, scenario))  # a district site's commitments, each judged on its own orders
    histograms = centre_histograms(log) | field_histograms(log.field, log.warmup_s)
    by_hour, by_type = by_hour_of_day(log, scenario, summary), type_kpis(log, scenario, summary)
    if not keep_log:
        log.field = []  # tasks hold callbacks; keep results small and picklable
    else:
        for site in log.field:  # a kept log crosses processes: its tasks' callbacks are closures
            for task in site.tasks:
                _drop_callbacks(task)
    return ReplicationResult(replication, kpis, by_hour, by_type, log if keep_log else None, histograms)


def _run_chunk(args: tuple) -> list[ReplicationResult]:
    """One task: (scenario, seed, replication numbers, keep_log, streaming options or None)."""
    scenario, seed, replications, keep_log, streaming = args
    return [run_replication(scenario, seed, r, keep_log, streaming) for r in replications]


def run_jobs(jobs: list[tuple], *, executor=None, workers: int = 1, progress=None,
             heartbeat=None) -> list[list[ReplicationResult]]:
    """Run tasks (``_run_chunk`` arguments) and return their results in the order of ``jobs``.

    Every task is submitted at once to ``executor`` (any concurrent.futures executor), or to a
    new process pool of ``workers`` processes, or run here when ``workers`` is 1 and there is no
    executor. ``progress(done, total)`` counts replications as tasks finish, in any order.
    ``heartbeat()`` is called every :data:`HEARTBEAT_S` while tasks run (and after each task run
    here): an exception it raises (the app's Stop) stops the run, and a pool started here has its
    worker processes terminated (sim.running.executors.stop_pool)."""
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
            pending = set(futures)
            while pending:
                done_now, pending = wait(pending, timeout=None if heartbeat is None else HEARTBEAT_S,
                                         return_when=FIRST_COMPLETED)
                for future in done_now:
                    finished(future.result())
                if heartbeat is not None and pending:
                    heartbeat()
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
            if heartbeat is not None:
                heartbeat()
        return parts
    from sim.running.executors import process_pool, stop_pool

    pool = process_pool(min(workers, len(jobs)))
    try:
        parts = on(pool)
    except BaseException:
        stop_pool(pool)
        raise
    pool.shutdown()
    return parts


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


def simulate(scenario: Scenario, *, replications: int | None = None, seed: int | None = None,
             workers: int = 1, keep_logs: bool = False, executor=None, first: int = 0,
             progress=None, streaming: bool = False, block_size: int = BLOCK_SIZE,
             trace_dir=None, heartbeat=None) -> RunResult:
    """Run ``replications`` (default: the scenario's) replications seeded ``seed`` (default: the
    scenario's). ``workers`` > 1 spreads them over that many processes, in contiguous chunks;
    ``executor`` (a concurrent.futures executor, e.g. kept open across many calls) is used instead
    of starting a new pool. ``first`` numbers the replications from there (replications
    ``first .. first + replications - 1``), so a run can be extended without repeating any:
    ``extend(simulate(s, replications=10), simulate(s, replications=10, first=10))``.
    ``progress(done, total)`` is called as replications finish (for progress bars);
    ``heartbeat()`` while they run (:func:`run_jobs`: raising from it stops the run).

    ``streaming=True`` computes the KPIs from additive accumulators fed with blocks of
    ``block_size`` records instead of keeping every record (bounded memory; sim/results/streaming.py
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
    parts = run_jobs(jobs, executor=executor, workers=workers, progress=progress, heartbeat=heartbeat)
    return RunResult(scenario, seed, [r for part in parts for r in part])
