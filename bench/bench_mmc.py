"""Speed of the contact-centre simulation against a plain, idiomatic SimPy model of the same queue.

What it measures
    Both models simulate the M/M/12 validation case (``scenarios/validation/mmc_12.yaml``:
    arrivals 9.5/min, exponential handle time with mean 60 s, 12 agents, no abandonment) over
    the same horizon (``--days`` x 86400 s, no warm-up), in the same process, alternating, and
    keep the best (minimum) wall time of ``--repeat`` runs of each (``time.perf_counter``).

    * product (simulation): ``ContactCentre(scenario, seed, 0).run()`` -- building the centre and
      running the horizon, i.e. the simulation itself, as the bare model does. Loading the
      scenario is not timed.
    * product (simulate()): ``simulate(scenario, replications=1, seed=seed)`` -- the simulation
      plus the KPI and hour-of-day computation of the public API.
    * bare SimPy: the textbook model -- ``simpy.Resource(env, capacity=12)``, a source process
      drawing inter-arrival times with ``random.expovariate(9.5/60)``, one process per customer
      doing ``with res.request() as req: yield req; yield env.timeout(expovariate(1/60))`` and
      appending its wait to a list. Seeded ``random.Random(seed)``.

    Customers = arrivals within the horizon (product: ``log.arrived[0]``; bare: customers
    created). Throughput = customers / best wall time.

How to run
    /work/main/.venv/bin/python bench/bench_mmc.py [--days 5] [--repeat 3] [--seed 12]

    (from the repository root; from elsewhere the repository root is put on sys.path.)

What the ratio means
    ratio = product customers/s / bare customers/s. Above 1 the product simulates faster than
    the plain SimPy model of the same queue; below 1 it is slower. The two models see different
    random numbers (the product draws from its named numpy streams), so customer counts differ
    by Poisson noise; throughput is compared, not raw times. The mean waits of answered
    customers are printed as a sanity check against Erlang C (about 8.4 s); with a few days'
    horizon they agree within noise.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time

import simpy

from mmc_common import AGENTS, ARRIVALS_PER_S, MEAN_HANDLE_S, erlang_c_mean_wait_s, mmc_scenario, run_product
from sim import simulate


def bare_model(horizon_s: float, seed: int) -> tuple[int, list[float]]:
    """The textbook SimPy M/M/c: returns (customers arrived, waits of those served)."""
    rng = random.Random(seed)
    env = simpy.Environment()
    agents = simpy.Resource(env, capacity=AGENTS)
    waits: list[float] = []
    arrived = 0

    def customer(env, agents):
        arrival = env.now
        with agents.request() as req:
            yield req
            waits.append(env.now - arrival)
            yield env.timeout(rng.expovariate(1 / MEAN_HANDLE_S))

    def source(env, agents):
        nonlocal arrived
        while True:
            yield env.timeout(rng.expovariate(ARRIVALS_PER_S))
            arrived += 1
            env.process(customer(env, agents))

    env.process(source(env, agents))
    env.run(until=horizon_s)
    # An arrival is counted when its timeout fires, so only arrivals within the horizon count.
    return arrived, waits


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=float, default=5.0, help="horizon in days (default 5)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each model; best kept (default 3)")
    parser.add_argument("--seed", type=int, default=12, help="seed of both models (default 12)")
    args = parser.parse_args(argv)

    scenario = mmc_scenario(args.days)
    horizon_s = args.days * 86400

    best = {"product (simulation)": math.inf, "product (simulate())": math.inf, "bare SimPy": math.inf}
    customers: dict[str, int] = {}
    mean_wait: dict[str, float] = {}
    for _ in range(args.repeat):
        seconds, arrived, mean_wait["product"] = run_product(scenario, args.seed)
        best["product (simulation)"] = min(best["product (simulation)"], seconds)
        customers["product (simulation)"] = arrived

        t0 = time.perf_counter()
        run = simulate(scenario, replications=1, seed=args.seed)
        t1 = time.perf_counter()
        best["product (simulate())"] = min(best["product (simulate())"], t1 - t0)
        kpis = run.kpi_table()
        offered = kpis[(kpis["stream"] == "calls") & (kpis["metric"] == "offered")]
        customers["product (simulate())"] = int(round(float(offered["mean"].iloc[0]))) if len(offered) else arrived

        t0 = time.perf_counter()
        n, waits = bare_model(horizon_s, args.seed)
        t1 = time.perf_counter()
        best["bare SimPy"] = min(best["bare SimPy"], t1 - t0)
        customers["bare SimPy"] = n
        mean_wait["bare SimPy"] = sum(waits) / len(waits)

    rate = {name: customers[name] / best[name] for name in best}
    print(f"M/M/12 (mmc_12), horizon {args.days:g} days, seed {args.seed}, best of {args.repeat} "
          f"(Python {sys.version.split()[0]}, SimPy {simpy.__version__})")
    print(f"{'model':<22} {'customers':>10} {'seconds':>9} {'customers/s':>12}")
    for name in best:
        print(f"{name:<22} {customers[name]:>10,d} {best[name]:>9.3f} {rate[name]:>12,.0f}")
    print(f"ratio product/bare (customers/s): simulation {rate['product (simulation)'] / rate['bare SimPy']:.2f}x, "
          f"simulate() {rate['product (simulate())'] / rate['bare SimPy']:.2f}x  (>1: product faster)")
    erlang = erlang_c_mean_wait_s()
    print(f"mean wait of answered customers: product {mean_wait['product']:.2f} s, "
          f"bare {mean_wait['bare SimPy']:.2f} s, Erlang C {erlang:.2f} s")


if __name__ == "__main__":
    main()
