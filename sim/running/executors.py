"""Where replications run: in this process, on a local process pool, or on a Dask cluster.

``make_executor(kind, workers, address)`` returns a context-managed
:class:`concurrent.futures.Executor` to pass to ``simulate(..., executor=ex)``::

    with make_executor("dask", workers=4) as ex:          # a LocalCluster of 4 processes
        run = simulate(scenario, replications=40, executor=ex)

* ``"serial"``: every task runs in the calling process when submitted (no pickling).
* ``"process"``: a :class:`~concurrent.futures.ProcessPoolExecutor` (default: all cores).
* ``"dask"``: a ``distributed.Client`` connected to ``address`` (or the ``SIM_DASK_SCHEDULER``
  environment variable), or else to a new ``LocalCluster(n_workers=workers,
  threads_per_worker=1, processes=True)``; tasks go through ``client.get_executor()``.
  On a remote cluster the workers must be able to import ``sim``.

Replications are independent and numbered, so results are identical on every executor.
``simulate`` groups them into one chunk per worker (it reads the executor's ``_max_workers``),
so each task carries many replications and the per-task overhead stays small; ``sweep``
submits the chunks of every grid point at once, about two per worker over the whole sweep
(sim/running/sweep.py), and assembles the results by point and replication number.
"""

from __future__ import annotations

import os
from concurrent.futures import Executor, Future, ProcessPoolExecutor

KINDS = ("serial", "process", "dask")
SCHEDULER_ENV = "SIM_DASK_SCHEDULER"


class SerialExecutor(Executor):
    """Runs each submitted call at once in the calling process."""

    _max_workers = 1

    def __init__(self) -> None:
        self._shutdown = False

    def submit(self, fn, /, *args, **kwargs) -> Future:
        if self._shutdown:
            raise RuntimeError("cannot submit after shutdown")
        future: Future = Future()
        try:
            result = fn(*args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - delivered through the future, like a pool
            future.set_exception(exc)
        else:
            future.set_result(result)
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._shutdown = True


class DaskExecutor(Executor):
    """A ``distributed.Client``'s concurrent.futures executor that also owns the client (and
    the LocalCluster it started, if any) and closes them on shutdown."""

    def __init__(self, workers: int | None = None, address: str | None = None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError as exc:  # pragma: no cover - distributed is in the lock file
            raise RuntimeError("the dask executor needs the 'distributed' package") from exc
        address = address or os.environ.get(SCHEDULER_ENV) or None
        self.cluster = None
        if address:
            self.client = Client(address)
        else:
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                        dashboard_address=None)
            self.client = Client(self.cluster)
        # pure=False: every task runs (no hashing of the scenario to deduplicate keys).
        self._inner = self.client.get_executor(pure=False)
        threads = sum(self.client.nthreads().values())
        self._max_workers = max(threads, workers or 0, 1)

    def submit(self, fn, /, *args, **kwargs) -> Future:
        return self._inner.submit(fn, *args, **kwargs)

    def map(self, fn, *iterables, timeout=None, chunksize=1):
        return self._inner.map(fn, *iterables, timeout=timeout)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        try:
            self._inner.shutdown(wait=wait)
        finally:
            self.client.close()
            if self.cluster is not None:
                self.cluster.close()


def available_cores() -> int:
    """The cores this process may run on (its CPU affinity, not the machine's count)."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def cap_workers(workers: int | None) -> int:
    """Local worker processes: at least 1, at most the cores available (more only thrash)."""
    return max(1, min(workers or available_cores(), available_cores()))


def process_pool(workers: int | None = None) -> ProcessPoolExecutor:
    """A local process pool of ``workers`` (capped by :func:`cap_workers`). Called from a
    thread other than the main one (the app's script runs in one, beside its server's threads),
    its processes come from a fork server instead of a fork of this process: a fork copies only
    the calling thread, and a lock another thread held at that moment stays locked in the child."""
    import multiprocessing
    import threading

    side_thread = threading.current_thread() is not threading.main_thread()
    context = multiprocessing.get_context("forkserver" if side_thread else None)
    return ProcessPoolExecutor(max_workers=cap_workers(workers), mp_context=context)


def stop_pool(pool: Executor) -> None:
    """Stop an executor at once (a Stop in the app, an interrupt): its queued tasks are dropped
    and, for a process pool, its worker processes terminated, so no task under way computes on
    after it; any other executor is shut down without waiting."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=5)


def make_executor(kind: str = "process", workers: int | None = None, address: str | None = None) -> Executor:
    """A context-managed executor of ``kind`` ('serial', 'process' or 'dask') with ``workers``
    workers (default: all cores for 'process', Dask's choice for a LocalCluster)."""
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    if kind == "serial":
        return SerialExecutor()
    if kind == "process":
        return process_pool(workers)
    if kind == "dask":
        return DaskExecutor(workers, address)
    raise ValueError(f"unknown executor {kind!r}; choose one of {', '.join(KINDS)}")
