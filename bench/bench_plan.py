"""Planning the default 2,000-household site end to end: wall time, candidate designs
simulated, and the share of the time spent simulating them; beside it, in the same run, the
search on head counts alone (no moves that keep people, no design options) for its cost, and the
app's quick plan.

    .venv/bin/python bench/bench_plan.py [--scenario scenarios/default.yaml] [--workers 2]

For reference, the same run times one evaluation (one candidate: the search's replications ×
search days) so the search cost reads as "how many evaluations' worth".
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

try:
    import sim  # noqa: F401
except ImportError:  # run from elsewhere
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from planner.plan import make_plan
from planner.search.settings import FULL_PLAN, HEAD_COUNTS_PLAN
from sim import load_scenario, simulate


def quick_plan(scenario, workers: int):
    """The app's quick plan, made as the app makes it (ui.runs.plan_with, "quick" settings)."""
    from ui.runs import plan_settings, plan_with

    return plan_with(scenario, plan_settings(scenario, "quick"), workers)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", default="scenarios/default.yaml")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    scenario = load_scenario(args.scenario)
    week = load_scenario(args.scenario, ["calendar.horizon_days=7"])
    simulate(week, replications=6, workers=args.workers)  # warm-up: imports, the pool's processes
    times = []
    for _ in range(3):  # the median of three: one run alone swings with the host by up to 2x
        start = time.perf_counter()
        one = simulate(week, replications=6, workers=args.workers)
        times.append(time.perf_counter() - start)
    one_s = sorted(times)[1]
    start = time.perf_counter()
    plan = make_plan(scenario, FULL_PLAN, workers=args.workers)
    plan_s = time.perf_counter() - start
    start = time.perf_counter()
    quick = quick_plan(scenario, args.workers)
    quick_s = time.perf_counter() - start
    start = time.perf_counter()
    counts = make_plan(scenario, HEAD_COUNTS_PLAN, workers=args.workers)
    counts_s = time.perf_counter() - start
    print(f"{args.scenario}: plan in {plan_s:.1f} s on {args.workers} worker(s) (Python {platform.python_version()})")
    print(f"candidate designs simulated: {plan.search.evaluations}; one evaluation (6 × 7 days, median of 3 "
          f"after a warm-up): {one_s:.2f} s ({', '.join(f'{t:.2f}' for t in times)})")
    print(f"plan time / one evaluation: {plan_s / one_s:.1f}")
    for name, p, seconds in (("design search", plan, plan_s), ("head counts only", counts, counts_s)):
        print(f"{name:17}: {p.search.cost_yuan:,.0f} yuan a year, {sum(p.headcount.values()):.1f} people, "
              f"{p.search.evaluations} candidates, {seconds:.1f} s, every target met on fresh seeds: "
              f"{not p.search.unmet}")
        print(f"{'':19}{p.search.work.text()}")
    print(f"the app's quick plan: {quick_s:.1f} s ({quick_s / one_s:.1f} evaluations' worth), "
          f"{quick.search.evaluations} candidates, {quick.search.cost_yuan:,.0f} yuan a year, "
          f"{sum(quick.headcount.values()):.0f} people, options not searched: "
          f"{', '.join(quick.search.options_not_searched) or 'none'}; not shown met on its short check: "
          f"{', '.join(quick.search.unmet) or 'none'}")
    print(f"{'':19}{quick.search.work.text()}")
    print(f"cost ratio design / head counts: {plan.search.cost_yuan / counts.search.cost_yuan:.3f}; "
          f"time ratio: {plan_s / counts_s:.2f}")
    assert one.replications == 6


if __name__ == "__main__":
    main()
