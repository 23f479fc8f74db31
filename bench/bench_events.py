"""Raw SimPy event throughput against the contact-centre simulation's events per second.

What it measures
    * raw SimPy: ``--procs`` processes, each looping ``yield env.timeout(1)`` until time
      ``--steps``; events = procs x steps timeouts (one event each; the procs start-up events
      are left out). This is about the cheapest a SimPy event can be.
    * product: ``ContactCentre(scenario, seed, 0).run()`` on ``scenarios/validation/mmc_12.yaml``
      over ``--days`` days (no warm-up). Its events are *estimated* as 2 per customer -- the
      arrival timeout and the service-completion timeout -- plus abandonment timers, of which
      there are none here (``patience_s: null``). The few shift start/end events per day are
      ignored. For reference the script also prints the exact number of events the run scheduled
      (SimPy's internal event counter ``env._eid``, read after the run, untimed), which also
      includes the shift events and the arrival/completion timeouts pending at the horizon.
    Best (minimum) of ``--repeat`` runs each, alternating, timed with ``time.perf_counter``.

How to run
    /work/main/.venv/bin/python bench/bench_events.py [--days 5] [--procs 100] [--steps 10000]

What the ratio means
    ratio = product events/s / raw SimPy events/s. It is the fraction of bare SimPy event speed
    the product reaches while doing its own work per event (dispatch, queues, records); near 1
    means the product's overhead per event is close to SimPy's own, above 1 is possible because
    the product uses callbacks on timeouts (no generator resumption) while the raw loop resumes a
    process per event.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

try:
    import sim  # noqa: F401
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import simpy

from sim import load_scenario
from sim.engine.contact_centre import ContactCentre

SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "validation" / "mmc_12.yaml"


def raw_simpy(procs: int, steps: int) -> int:
    env = simpy.Environment()

    def ticker(env):
        while True:
            yield env.timeout(1)

    for _ in range(procs):
        env.process(ticker(env))
    env.run(until=steps)  # timeouts at 1..steps-1 fire; those at `steps` do not
    return procs * (steps - 1)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--days", type=float, default=5.0, help="product horizon in days (default 5)")
    parser.add_argument("--procs", type=int, default=100, help="raw SimPy processes (default 100)")
    parser.add_argument("--steps", type=int, default=10_000, help="raw SimPy simulated time units (default 10000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; best kept (default 3)")
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args(argv)

    scenario = load_scenario(SCENARIO, [f"calendar.horizon_days={args.days}", "calendar.warmup_days=0"])
    raw_t = prod_t = math.inf
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        raw_events = raw_simpy(args.procs, args.steps)
        t1 = time.perf_counter()
        raw_t = min(raw_t, t1 - t0)

        t0 = time.perf_counter()
        centre = ContactCentre(scenario, args.seed, 0)
        log = centre.run()
        t1 = time.perf_counter()
        prod_t = min(prod_t, t1 - t0)
        prod_events = 2 * log.arrived[0]  # arrival + completion; no abandonment timers in mmc_12
        scheduled = next(centre.env._eid)  # exact count of events scheduled, incl. env.run's own

    raw_rate, prod_rate = raw_events / raw_t, prod_events / prod_t
    print(f"SimPy {simpy.__version__}, Python {sys.version.split()[0]}, best of {args.repeat}")
    print(f"{'model':<34} {'events':>10} {'seconds':>9} {'events/s':>11}")
    print(f"{f'raw SimPy ({args.procs} procs x timeout(1))':<34} {raw_events:>10,d} {raw_t:>9.3f} {raw_rate:>11,.0f}")
    print(f"{f'product mmc_12, {args.days:g} days (2/customer)':<34} {prod_events:>10,d} {prod_t:>9.3f} {prod_rate:>11,.0f}")
    print(f"  (exact events scheduled by the product run: {scheduled:,d})")
    print(f"ratio product/raw (events/s): {prod_rate / raw_rate:.2f}")


if __name__ == "__main__":
    main()
