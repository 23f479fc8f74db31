"""The contact-centre simulation against queueing theory.

Each scenario in scenarios/validation/ is a single queue with a known answer. A KPI passes when
the theoretical value lies inside the Student-t confidence interval of the replication means,
with the family-wise error of each test held at 1% (Bonferroni over its comparisons). Runs are
seeded, so a pass or failure is reproducible; a model that is off by one agent fails (see
``test_checks_have_power``).
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pytest
from scipy import stats

from planner.queueing.erlang import ErlangA, ErlangC, priority_mean_waits_s
from planner.queueing.offered_load import sinusoidal_mean_busy_average
from sim import load_scenario, simulate
from sim.units import HOUR_S

FAMILY_ALPHA = 0.01
VALIDATION = "scenarios/validation"


@functools.lru_cache(maxsize=None)
def run(name: str, *overrides: str):
    scenario = load_scenario(f"{VALIDATION}/{name}.yaml", overrides)
    return simulate(scenario)


def per_replication(result, stream: str, metric: str, group: str | None = None) -> np.ndarray:
    table = result.replication_table()
    rows = table[(table.stream == stream) & (table.metric == metric)]
    if group is not None:
        rows = rows[rows.group == group]
    return rows.sort_values("replication")["value"].to_numpy(dtype=float)


def interval(values: np.ndarray, comparisons: int, alpha: float = FAMILY_ALPHA) -> tuple[float, float]:
    """Two-sided Student-t interval at level 1 − alpha/comparisons (Bonferroni)."""
    x = np.asarray(values, dtype=float)
    assert len(x) >= 3, "need at least three replications for an interval"
    half = stats.t.ppf(1 - alpha / (2 * comparisons), len(x) - 1) * x.std(ddof=1) / math.sqrt(len(x))
    return float(x.mean() - half), float(x.mean() + half)


def assert_covers(values: np.ndarray, theory: float, comparisons: int, what: str) -> None:
    low, high = interval(values, comparisons)
    assert low <= theory <= high, f"{what}: theory {theory:.6g} outside simulated interval [{low:.6g}, {high:.6g}]"


# ----------------------------------------------------------------------------- Erlang C


def mmc_12_theory(agents: int = 12) -> ErlangC:
    return ErlangC(arrival_rate_per_s=9.5 / 60, mean_handle_s=60.0, agents=agents)


def test_mmc_12_matches_erlang_c():
    result = run("mmc_12")
    theory = mmc_12_theory()
    checks = {
        "p_wait": theory.p_wait,
        "mean_wait_s": theory.mean_wait_s,
        "asa_s": theory.mean_wait_answered_s,
        "service_level": theory.service_level(20.0),
        "mean_queue_length": theory.mean_queue_length,
    }
    for metric, expected in checks.items():
        assert_covers(per_replication(result, "calls", metric), expected, len(checks) + 1, f"M/M/12 {metric}")
    busy = per_replication(result, "staff", "occupancy", "agents") * per_replication(result, "staff", "agents_present", "agents")
    assert_covers(busy, theory.offered_load_erl, len(checks) + 1, "M/M/12 mean agents busy = offered load")
    assert per_replication(result, "calls", "abandon_rate").max() == 0.0


def test_mmc_12_every_hour_matches_erlang_c():
    """Stationary M/M/12: the service level of every hour of the day (the hourly floor's KPI)
    is Erlang C's, each of the 24 within its Bonferroni interval."""
    result = run("mmc_12", "calendar.horizon_days=6", "targets.calls.hourly_floor=0.8")
    expected = mmc_12_theory().service_level(20.0)
    for hour in range(24):
        assert_covers(per_replication(result, "calls", "service_level_hour", f"{hour:02d}:00"), expected, 24,
                      f"M/M/12 service level in hour {hour}")


def test_checks_have_power():
    """The same intervals reject an Erlang C model with one agent more or fewer."""
    result = run("mmc_12")
    for agents in (11, 13):
        wrong = mmc_12_theory(agents)
        for metric, expected in (("p_wait", wrong.p_wait), ("mean_wait_s", wrong.mean_wait_s)):
            low, high = interval(per_replication(result, "calls", metric), 2)
            assert not (low <= expected <= high), f"{metric} interval [{low}, {high}] also fits {agents} agents"


def test_littles_law_for_the_queue():
    """L = λW on every replication: the engine's time-average queue length against the arrival
    rate times the mean wait measured from the records (two independent measurements)."""
    for name in ("mmc_12", "erlang_a_critical", "priority_two_class"):
        result = run(name)
        scenario = result.scenario
        window_s = (scenario.calendar.horizon_days - scenario.calendar.warmup_days) * 86400
        offered = per_replication(result, "calls", "offered")
        wait = per_replication(result, "calls", "mean_wait_s")
        queue = per_replication(result, "calls", "mean_queue_length")
        assert_covers(queue - offered / window_s * wait, 0.0, 1, f"{name}: L − λW")


# ----------------------------------------------------------------------------- Erlang A


@pytest.mark.parametrize(
    "name, rate_per_min, agents, patience_s",
    [("erlang_a_critical", 10, 10, 120.0), ("erlang_a_overloaded", 12, 10, 60.0)],
)
def test_abandonment_matches_erlang_a(name, rate_per_min, agents, patience_s):
    result = run(name)
    theory = ErlangA(arrival_rate_per_s=rate_per_min / 60, mean_handle_s=60.0, mean_patience_s=patience_s, agents=agents)
    checks = {
        "p_wait": theory.p_wait,
        "abandon_rate": theory.p_abandon,
        "mean_wait_s": theory.mean_wait_s,
        "asa_s": theory.mean_wait_answered_s,
        "service_level": theory.service_level(20.0),
        "mean_queue_length": theory.mean_queue_length,
    }
    for metric, expected in checks.items():
        assert_covers(per_replication(result, "calls", metric), expected, len(checks), f"{name} {metric}")


# ----------------------------------------------------------------------------- priorities


def test_priority_classes_match_cobham():
    result = run("priority_two_class")
    expected = priority_mean_waits_s([3 / 60, 6 / 60], 60.0, 11)
    table = result.results
    for label, theory in zip(("calls.urgent", "calls.routine"), expected):
        waits = np.array([r.by_type[(label, "mean_wait_s")] for r in table])
        assert_covers(waits, theory, 3, f"priority {label} mean wait")
    overall = ErlangC(arrival_rate_per_s=9 / 60, mean_handle_s=60.0, agents=11)
    assert_covers(per_replication(result, "calls", "mean_wait_s"), overall.mean_wait_s, 3, "priority overall mean wait")
    # The classes really are treated differently: urgent waits far less than routine.
    assert expected[0] < expected[1] / 3


# ----------------------------------------------------------------------------- time-varying


def test_sinusoidal_arrivals_follow_infinite_server_offered_load():
    """With ample agents, the mean number busy in each hour of the day equals the hourly
    average of m(t) for λ(t) = 0.5/min·(1 + 0.5·sin(2πt/24 h)) and 2 h exponential handling."""
    result = run("sinusoid_infinite")
    by_hour = [r.by_hour["staff.agents"]["agents_busy"] for r in result.results]
    busy = np.array(by_hour)  # replications × 24
    for hour in range(24):
        theory = sinusoidal_mean_busy_average(
            hour * HOUR_S, (hour + 1) * HOUR_S, mean_rate_per_s=0.5 / 60, amplitude=0.5,
            period_s=24 * HOUR_S, mean_handle_s=7200.0,
        )
        assert_covers(busy[:, hour], theory, 24, f"mean busy in hour {hour}")
    # Nobody waited: the comparison really is with an infinite-server system.
    assert per_replication(result, "calls", "p_wait").max() == 0.0
    # And the profile is not flat: the peak hour carries clearly more than the trough.
    mean_profile = busy.mean(axis=0)
    assert mean_profile.max() > 1.5 * mean_profile.min()
