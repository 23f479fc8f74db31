"""One simulated year of the default site, one replication: wall time and events per second.

The default scenario is the whole 2,000-household site: its service centre (calls, app tickets,
return visits, remote operations at the gate posts) and its field operations (technicians,
guards on patrol, butlers in four zones, equipment). The event count is read from SimPy's own
event counter, so it includes every timeout and process step. Run from the repository root:

    .venv/bin/python bench/bench_year.py [--days 365] [--scenario scenarios/default.yaml]

For scale, the same run also times SimPy's raw event loop (processes doing ``yield
env.timeout(1)``) for the same number of events, and prints the ratio of event rates.
"""

from __future__ import annotations

import argparse
import itertools
import platform
import sys
import time
from pathlib import Path

try:
    import sim  # noqa: F401
except ImportError:  # run from elsewhere
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import simpy

from sim import load_scenario
from sim.running.replication import SiteModel
from sim.running.runner import run_replication


def count_events(env: simpy.Environment) -> itertools.count:
    """Wrap env.schedule to count every event scheduled."""
    counter = itertools.count()
    schedule = env.schedule

    def counted(event, priority=1, delay=0):
        next(counter)
        return schedule(event, priority, delay)

    env.schedule = counted
    return counter


def raw_simpy(events: int) -> float:
    env = simpy.Environment()

    def ticker(env, n):
        for _ in range(n):
            yield env.timeout(1)

    procs = 100
    for _ in range(procs):
        env.process(ticker(env, events // procs))
    start = time.perf_counter()
    env.run()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, default=365)
    parser.add_argument("--scenario", default="scenarios/default.yaml")
    args = parser.parse_args()
    scenario = load_scenario(args.scenario, [f"calendar.horizon_days={args.days}"])

    model = SiteModel(scenario, scenario.seed, 0)
    counter = count_events(model.centre.env)
    start = time.perf_counter()
    log = model.run()
    sim_s = time.perf_counter() - start
    events = next(counter)

    start = time.perf_counter()
    run_replication(scenario, scenario.seed, 0)
    full_s = time.perf_counter() - start
    raw_s = raw_simpy(events)

    contacts = int(sum(log.arrived.values()))
    tasks = sum(len(f.tasks) for f in log.field)
    print(f"{args.scenario}, {args.days:g} days, 1 replication (Python {platform.python_version()}, SimPy {simpy.__version__})")
    print(f"contacts {contacts:,}, field tasks {tasks:,}, events {events:,}")
    print(f"simulation            {sim_s:7.2f} s  {events / sim_s:>12,.0f} events/s")
    print(f"simulation + KPIs     {full_s:7.2f} s")
    print(f"raw SimPy, same count {raw_s:7.2f} s  {events / raw_s:>12,.0f} events/s")
    print(f"ratio product/raw (events/s): {(events / sim_s) / (events / raw_s):.2f}")


if __name__ == "__main__":
    main()
