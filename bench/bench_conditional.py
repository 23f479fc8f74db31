"""Variance reduction of the conditional Monte Carlo estimate of the emergency response target.

What it measures
    The default site (``scenarios/default.yaml``, or ``--scenario``) over its own horizon (28
    days) with ``--replications`` replications (default 40), seeded as the scenario says. For
    each replication, the share of emergency work orders on site within the target counted 0/1
    (``work_orders.emergency response_within_target``) and its conditional Monte Carlo estimate
    (``response_within_target_conditional``: each emergency that waits for a technician scored
    by its chance of being on time given its team's state when it joined the queue,
    sim/field/response_chance.py). Printed: both means with their 95% intervals over the
    replications, the paired difference's interval (it must hold 0: the estimate is unbiased),
    the per-replication variance of each, and their ratio; the same for the technicians' incident
    response (``incidents.specialist``).

    Also printed: how many emergency orders were scored (waited in a state the score covers) and
    how many of the late ones were: a late order not scored counts 0 in both estimates, and no
    variance is removed there.

How to run
    .venv/bin/python bench/bench_conditional.py [--replications 40] [--scenario scenarios/default.yaml]
        [--set PATH=VALUE ...]

    From the repository root; the repository this file is in comes first on sys.path.

What the ratio means
    variance ratio = var(0/1 share) / var(conditional estimate) over the replications: the
    factor by which the conditional estimate needs fewer replications for an interval of the
    same width. It is a property of the model and its staffing, not of the machine; the time of
    the run is printed for reference only.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402
from scipy import stats  # noqa: E402

from sim import load_scenario  # noqa: E402
from sim.results.centre_kpis import KpiKey  # noqa: E402
from sim.running.runner import simulate  # noqa: E402


def interval(x: np.ndarray) -> tuple[float, float, float]:
    half = stats.t.ppf(0.975, len(x) - 1) * x.std(ddof=1) / math.sqrt(len(x))
    return x.mean(), x.mean() - half, x.mean() + half


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", default=str(REPO / "scenarios" / "default.yaml"))
    parser.add_argument("--replications", type=int, default=40)
    parser.add_argument("--set", action="append", default=[], metavar="PATH=VALUE",
                        help="a scenario override, e.g. another staffing")
    args = parser.parse_args(argv)
    scenario = load_scenario(args.scenario, args.set)
    start = time.perf_counter()
    run = simulate(scenario, replications=args.replications, keep_logs=True)
    seconds = time.perf_counter() - start
    print(f"{scenario.name}: {args.replications} replications of {scenario.calendar.horizon_days:g} days, "
          f"{seconds:.1f} s")
    orders = [t for r in run.results for f in r.log.field for t in f.tasks
              if t.kind == "work_order" and t.priority == 0 and not math.isnan(t.on_site_s)]
    target_s = scenario.targets.field.response["emergency"].within_min * 60
    late = [t for t in orders if t.on_site_s - t.created_s > target_s]
    print(f"emergency orders on site: {len(orders)}, scored while waiting: "
          f"{sum('on_time_chance' in t.meta for t in orders)}; late: {len(late)}, of which scored: "
          f"{sum('on_time_chance' in t.meta for t in late)}")
    for stream in ("work_orders.emergency", "incidents.specialist"):
        rows = [(r.kpis.get(KpiKey(stream, "response_within_target"), math.nan),
                 r.kpis.get(KpiKey(stream, "response_within_target_conditional"), math.nan)) for r in run.results]
        x = np.array([row for row in rows if not any(math.isnan(v) for v in row)])
        if len(x) < 2:
            print(f"{stream}: too few replications with the stream")
            continue
        plain, conditional = x[:, 0], x[:, 1]
        print(f"{stream} ({len(x)} replications)")
        for name, v in (("0/1 share", plain), ("conditional", conditional), ("difference", conditional - plain)):
            mean, low, high = interval(v)
            print(f"  {name:12s} {mean:.4f}  95% [{low:.4f}, {high:.4f}]  variance {v.var(ddof=1):.3g}")
        print(f"  variance ratio (0/1 ÷ conditional): {plain.var(ddof=1) / conditional.var(ddof=1):.2f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
