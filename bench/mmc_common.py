"""What the M/M/12 benchmarks share: the scenario, a timed product run, and Erlang C's answer."""

from __future__ import annotations

import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
try:
    import sim  # noqa: F401
except ImportError:  # run without the project installed
    sys.path.insert(0, str(REPO))

from planner.queueing.erlang import ErlangC  # noqa: E402
from sim import load_scenario  # noqa: E402
from sim.engine.contact_centre import ANSWERED, ContactCentre  # noqa: E402

SCENARIO = REPO / "scenarios" / "validation" / "mmc_12.yaml"
AGENTS = 12
ARRIVALS_PER_S = 9.5 / 60
MEAN_HANDLE_S = 60.0


def mmc_scenario(days: float):
    """mmc_12 over ``days`` with no warm-up (every customer counts)."""
    return load_scenario(SCENARIO, [f"calendar.horizon_days={days}", "calendar.warmup_days=0"])


def run_product(scenario, seed: int) -> tuple[float, int, float]:
    """Time one replication of the contact centre: (seconds, customers arrived, mean wait in s
    of answered customers)."""
    t0 = time.perf_counter()
    log = ContactCentre(scenario, seed, 0).run()
    elapsed = time.perf_counter() - t0
    answered = log.outcome == ANSWERED
    return elapsed, int(log.arrived[0]), float(log.wait_s[answered].mean())


def erlang_c_mean_wait_s() -> float:
    """Erlang C's mean wait for the benchmark's queue."""
    return ErlangC(arrival_rate_per_s=ARRIVALS_PER_S, mean_handle_s=MEAN_HANDLE_S, agents=AGENTS).mean_wait_s
