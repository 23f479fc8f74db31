"""The default plan on 1 and 2 workers, as ratios to a bare SimPy M/M/12 run timed in the same run.

    .venv/bin/python bench/bench_plan_workers.py [--scenario scenarios/default.yaml] [--workers 1,2]

Each plan is the full plan (``make_plan``, FULL_PLAN): the neighbours of a descent pass or a
repair step simulated side by side on the pool in batches of fixed sizes (planner.search.descend),
a candidate's replications split over the workers. Beside them, the plan on the most workers one
neighbour at a time (``batch=1``: what the search did before), for what the batches add. The
plans must agree in design, cost and work (the batches do not depend on the worker count); the
reference is ``bench_mmc.bare_model`` (M/M/12, 5 days), best of 3, so the ratios travel between
machines. The 1-minute load average is printed before and after: the figures mean little when
other work shares the cores.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's code, wherever run from

from bench_mmc import bare_model  # noqa: E402
from planner.plan import make_plan  # noqa: E402
from planner.search.settings import FULL_PLAN  # noqa: E402
from sim import load_scenario  # noqa: E402


def reference_s(days: float = 5.0, seed: int = 12) -> float:
    """The bare SimPy M/M/12 over ``days``: the best wall time of three."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        bare_model(days * 86400, seed)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="scenarios/default.yaml")
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated (default 1,2)")
    args = parser.parse_args()
    counts = [int(w) for w in args.workers.split(",")]
    scenario = load_scenario(args.scenario)
    print(f"load average before: {os.getloadavg()[0]:.1f} ({os.cpu_count()} cores; Python {platform.python_version()})")
    ref = reference_s()
    print(f"reference: bare SimPy M/M/12, 5 days, best of 3: {ref:.2f} s")
    runs = [(f"{w} worker(s)", w, FULL_PLAN) for w in counts]
    runs.append((f"{max(counts)} worker(s), one neighbour at a time", max(counts), FULL_PLAN.but(batch=1)))
    seen = {}
    for name, workers, settings in runs:
        start = time.perf_counter()
        plan = make_plan(scenario, settings, workers=workers)
        seconds = time.perf_counter() - start
        work = plan.search.work
        print(f"{name:42}: {seconds:6.1f} s, ratio to the reference {seconds / ref:6.1f}; "
              f"{plan.search.cost_yuan:,.0f} yuan a year; {work.total:,.0f} replication-days, "
              f"{work.candidates} candidates")
        seen[name] = (plan.search.design.key, plan.search.cost_yuan)
    assert len(set(seen.values())) == 1, "the plans differ between worker counts"
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
