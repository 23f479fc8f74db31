"""Speed-up of the process pool of ``sim.running.runner.simulate`` on this machine.

What it measures
    The same run -- the default scenario (``scenarios/default.yaml``, or ``--scenario``) over
    ``--days`` days (default 14) with ``--replications`` replications (default 8) -- timed
    twice: ``simulate(scenario, replications=R, workers=1)`` (all replications in this
    process) and ``simulate(scenario, replications=R, workers=W)`` with W = ``os.cpu_count()``
    (or ``--workers``), which spreads contiguous chunks of replications over a
    ``ProcessPoolExecutor``. Best (minimum) wall time of ``--repeat`` runs each (default 2),
    alternating, ``time.perf_counter``; the pooled time includes starting the pool and
    pickling the scenario and results, as a user of ``simulate()`` pays them.

    It also checks that both runs give the same report: ``sim.results.report.to_json(run)`` of the
    serial and the pooled run are compared byte for byte (each replication is seeded by
    (seed, replication number) alone, so the result must not depend on the workers).

How to run
    /work/main/.venv/bin/python bench/bench_pool.py [--days 14] [--replications 8] [--repeat 2]
        [--workers N] [--scenario scenarios/default.yaml]

    From the repository root (from elsewhere the repository root is put on sys.path).

What the ratio means
    speed-up = serial time / pooled time; parallel efficiency = speed-up / W. A speed-up near
    W (efficiency near 100%) means the pool uses every core; the shortfall is the pool's
    start-up, pickling, uneven chunks (R not a multiple of W) and anything else running on the
    machine (the 1-minute load average before and after is printed: a load near or above the
    number of cores before the run means other processes compete and the speed-up is
    understated, or, if only the serial runs were hit, overstated above W -- run it on a quiet
    machine). With W = 1 the pool is not used and the speed-up is 1 by construction.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from pathlib import Path

try:
    import sim  # noqa: F401
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sim import load_scenario
from sim.results.report import to_json
from sim.running.runner import simulate

REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", default=str(REPO / "scenarios" / "default.yaml"),
                        help="scenario file (default scenarios/default.yaml)")
    parser.add_argument("--days", type=float, default=14.0, help="horizon in days (default 14)")
    parser.add_argument("--replications", type=int, default=8, help="replications R (default 8)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                        help="workers of the pooled run (default os.cpu_count())")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; best kept (default 2)")
    args = parser.parse_args(argv)

    scenario = load_scenario(args.scenario, [f"calendar.horizon_days={args.days:g}"])
    reps, workers = args.replications, args.workers
    best = {1: math.inf, workers: math.inf}
    reports: dict[int, str] = {}
    load_before = os.getloadavg()[0]
    for _ in range(args.repeat):
        for w in (1, workers):
            t0 = time.perf_counter()
            run = simulate(scenario, replications=reps, workers=w)
            elapsed = time.perf_counter() - t0
            best[w] = min(best[w], elapsed)
            reports[w] = to_json(run)

    speedup = best[1] / best[workers]
    load_after = os.getloadavg()[0]
    print(f"process pool: {Path(args.scenario).name}, {args.days:g} days, {reps} replications, "
          f"best of {args.repeat}; os.cpu_count() = {os.cpu_count()} (Python {sys.version.split()[0]})")
    print(f"workers=1:  {best[1]:8.2f} s  ({best[1] / reps:.3f} s per replication)")
    print(f"workers={workers}: {best[workers]:8.2f} s")
    print(f"speed-up {speedup:.2f}x, parallel efficiency {speedup / workers:.0%} (of {workers} workers)")
    busy = load_before > 0.5 * (os.cpu_count() or 1)
    print(f"1-min load average before/after: {load_before:.2f}/{load_after:.2f} on {os.cpu_count()} cores"
          + (" -- the machine was busy before the run: other work may have slowed either timing, re-run"
             if busy else ""))
    if speedup > workers:
        print("  (speed-up above the worker count: the serial timing was slowed by other work; re-run)")
    same = reports[1] == reports[workers]
    print(f"reports identical (sim.results.report.to_json, serial vs pooled): {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
