"""Speed of the contact-centre simulation against Ciw on the same M/M/12 queue.

What it measures
    The M/M/12 validation case (``scenarios/validation/mmc_12.yaml``: arrivals 9.5/min,
    exponential service with mean 1 min, 12 servers, no abandonment) over the same horizon
    (``--days``, no warm-up), simulated in the same process by two engines, alternating, best
    (minimum) wall time of ``--repeat`` runs each (``time.perf_counter``):

    * product: ``ContactCentre(load_scenario(mmc_12, [horizon_days=days, warmup_days=0]), seed,
      0).run()`` -- building the centre and running the horizon (loading the scenario is not
      timed); customers = ``log.arrived[0]``.
    * Ciw: ``ciw.create_network(arrival_distributions=[Exponential(9.5)],
      service_distributions=[Exponential(1.0)], number_of_servers=[12])``, time unit minutes,
      ``ciw.Simulation(network).simulate_until_max_time(days * 1440)`` (building the network and
      the simulation object are timed too); customers = ``len(get_all_records())``.

    Throughput = customers / best wall time. The mean wait of served customers from both is
    printed against Erlang C (about 8.4 s) as a sanity check that both simulate the same queue.

How to run
    /work/main/.venv/bin/python bench/bench_ciw.py [--days 5] [--repeat 3] [--seed 12]

    From the repository root (from elsewhere the repository root is put on sys.path). Ciw is not
    a project dependency (it is not in the lock): install it into the venv for this benchmark
    only with ``.venv/bin/pip install ciw``. If it is not importable the script says so and
    exits 0.

What the ratio means
    ratio = product customers/s / Ciw customers/s. Above 1 the product simulates this queue
    faster than Ciw; below 1 slower (the aim is >= 2x). The engines draw different random
    numbers, so customer counts differ by Poisson noise; throughput is compared, not raw times.
    Customer counts are not defined identically: the product counts arrivals within the
    horizon, Ciw's records are customers who finished service by the horizon (about 11 fewer
    than arrived: those still in service or queue at the end, L = a + lambda*Wq ~ 10.8), a
    difference of well under 0.1%. The mean waits of one seed over a few days scatter by several
    percent around Erlang C (waits are strongly autocorrelated); over 8 seeds x 20 days the
    product averaged 8.42 s against Erlang C's 8.41 s.
"""

from __future__ import annotations

import argparse
import math
import sys
import time

try:
    import ciw
except ImportError:
    ciw = None

from mmc_common import AGENTS, ARRIVALS_PER_S, MEAN_HANDLE_S, erlang_c_mean_wait_s, mmc_scenario, run_product

# Ciw runs in minutes.
ARRIVALS_PER_MIN = ARRIVALS_PER_S * 60
MEAN_SERVICE_MIN = MEAN_HANDLE_S / 60
SERVERS = AGENTS


def run_ciw(days: float, seed: int) -> tuple[float, int, float]:
    """(wall seconds, customers with records, mean wait in s)."""
    ciw.seed(seed)
    t0 = time.perf_counter()
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(ARRIVALS_PER_MIN)],
        service_distributions=[ciw.dists.Exponential(1.0 / MEAN_SERVICE_MIN)],
        number_of_servers=[SERVERS],
    )
    q = ciw.Simulation(network)
    q.simulate_until_max_time(days * 1440)
    elapsed = time.perf_counter() - t0
    records = q.get_all_records()
    mean_wait_s = 60.0 * sum(r.waiting_time for r in records) / len(records)
    return elapsed, len(records), mean_wait_s


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=float, default=5.0, help="horizon in days (default 5)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each engine; best kept (default 3)")
    parser.add_argument("--seed", type=int, default=12, help="seed of both engines (default 12)")
    args = parser.parse_args(argv)

    if ciw is None:
        print("ciw is not importable: this benchmark needs it, but it is not a project dependency.\n"
              "Install it into the venv for the benchmark only: .venv/bin/pip install ciw  -- skipping.")
        return 0

    scenario = mmc_scenario(args.days)
    best = {"product": math.inf, "Ciw": math.inf}
    customers: dict[str, int] = {}
    wait: dict[str, float] = {}
    for _ in range(args.repeat):
        for name, fn in (("product", lambda: run_product(scenario, args.seed)),
                         ("Ciw", lambda: run_ciw(args.days, args.seed))):
            elapsed, n, w = fn()
            best[name] = min(best[name], elapsed)
            customers[name], wait[name] = n, w

    rate = {name: customers[name] / best[name] for name in best}
    print(f"M/M/12 (mmc_12), horizon {args.days:g} days, seed {args.seed}, best of {args.repeat} "
          f"(Python {sys.version.split()[0]}, Ciw {ciw.__version__})")
    print(f"{'engine':<10} {'customers':>10} {'seconds':>9} {'customers/s':>12} {'mean wait s':>12}")
    for name in best:
        print(f"{name:<10} {customers[name]:>10,d} {best[name]:>9.3f} {rate[name]:>12,.0f} {wait[name]:>12.2f}")
    ratio = rate["product"] / rate["Ciw"]
    print(f"ratio product/Ciw (customers/s): {ratio:.2f}x  (>1: product faster; aim >= 2x: "
          f"{'met' if ratio >= 2 else 'NOT met'})")
    erlang_s = erlang_c_mean_wait_s()
    print(f"mean wait of served customers: product {wait['product']:.2f} s, Ciw {wait['Ciw']:.2f} s, "
          f"Erlang C {erlang_s:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
