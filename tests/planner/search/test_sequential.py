"""Verification's looks (planner.search.sequential): "met at 95%" is honest over all looks, a
target on its line stops them, and replications never pass the cap.

The cases feed replications of a known mean through the code that decides: a real
:class:`~sim.results.run_result.RunResult` (its KPI table, intervals and verdicts) of the
default scenario's targets, looked at by :func:`look_until_settled` as verification looks."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from planner.search.sequential import ALPHA, look_interval, look_level, look_until_settled, looks, on_line
from sim.results.centre_kpis import KpiKey
from sim.results.run_result import ReplicationResult, RunResult
from sim import load_scenario

FIRST, CAP = 10, 320                     # the full plan's verification: 10 replications, up to 32×
EMERGENCY = KpiKey("work_orders.emergency", "response_within_target")   # >= 0.95
REMOTE_OPS = KpiKey("remote_ops", "service_level")                      # >= 0.95
VERIFICATIONS = 200


@pytest.fixture(scope="module")
def scenario():
    return load_scenario("scenarios/default.yaml")


def verify(scenario, key: KpiKey, values: np.ndarray) -> tuple[str, int, bool]:
    """One verification of a target whose replications are ``values`` (as many as the cap):
    its last look's verdict, the replications it used and whether it stopped on the line."""
    results = [ReplicationResult(i, {key: float(v)}, {}, {}) for i, v in enumerate(values)]
    interval = look_interval(FIRST, CAP)

    def look(reps: int):
        run = RunResult(scenario, 0, results[:reps], **interval)
        rows = run.kpi_rows()
        return run, (rows, [k for k, row in rows.items() if row.status != "met"])

    run = look_until_settled(look, FIRST, CAP)
    row = run.kpi_rows()[key]
    return row.status, run.replications, on_line(row)


def tolerance(n: int, p: float) -> int:
    """The most "met" verdicts of ``n`` a rule declaring met with chance exactly ``p`` gives
    with 99% probability (the binomial's 99th percentile): the test's own tolerance."""
    return int(stats.binom.ppf(0.99, n, p))


def emergency_shares(rng, n: int, share: float) -> np.ndarray:
    """Per-replication on-time shares of a rare stream: Poisson(22) emergencies a replication
    (the default site's over 28 days), each on time with chance ``share`` (mean exactly
    ``share``; a replication without one has no value)."""
    orders = rng.poisson(22, n)
    on_time = rng.binomial(orders, share)
    return np.where(orders > 0, on_time / np.maximum(orders, 1), math.nan)


def test_the_schedule_and_its_level():
    assert looks(FIRST, CAP) == [10, 20, 40, 80, 160, 320]
    assert looks(4, 16) == [4, 8, 16] and looks(2, 2) == [2] and looks(3, 100) == [3, 6, 12, 24, 48, 96, 100]
    # each side ALPHA / K over the K = 6 looks; never below the usual 95%
    assert look_level(FIRST, CAP) == pytest.approx(1 - 2 * ALPHA / 6)
    assert look_level(2, 2) == 0.95 and look_level(4, 8) == 0.95


@pytest.mark.parametrize("case", ["rare emergencies", "a high-volume level"])
def test_a_target_exactly_at_its_line_is_declared_met_at_most_5_percent_of_the_time(scenario, case):
    """200 independent verifications of a target whose true value is its line: "met" at most
    5% of the time, plus the binomial tolerance of 200 trials (its 99th percentile: 18). The
    old rule (95% intervals looked at after 10, 20, 40 … replications, the last look reported)
    declared met about 12% of the time on the rare stream and 8% on the high-volume one."""
    rng = np.random.default_rng(37)
    met = 0
    for _ in range(VERIFICATIONS):
        if case == "rare emergencies":
            key, values = EMERGENCY, emergency_shares(rng, CAP, 0.95)
        else:
            key, values = REMOTE_OPS, rng.normal(0.95, 0.02, CAP)
        status, reps, _ = verify(scenario, key, values)
        assert FIRST <= reps <= CAP
        met += status == "met"
    limit = tolerance(VERIFICATIONS, ALPHA)
    assert met <= limit, f"{met} of {VERIFICATIONS} verifications declared met, more than {limit}"


@pytest.mark.parametrize("value", [0.9499, 0.95, 0.9501])
def test_a_target_within_the_zone_of_its_line_stops(scenario, value):
    """A high-volume level at 0.9499, 0.95 or 0.9501 against 0.95, its replications' spread
    0.3 points (the 3,500-household site's remote operations, which ran 57 → 114 → 228 → 320
    replications): the looks stop long before the cap, mostly with the target on its line
    (a value a hundredth of a point off its line is sometimes shown on its side of it, which
    is no error; how often one at its line is shown met is the coverage test's)."""
    rng = np.random.default_rng(7)
    outcomes = [verify(scenario, REMOTE_OPS, rng.normal(value, 0.003, CAP)) for _ in range(20)]
    assert max(reps for _, reps, _ in outcomes) <= 40
    assert sum(line for _, _, line in outcomes) >= 15
    assert all(line or status != "inconclusive" for status, _, line in outcomes)


def test_a_target_with_a_margin_is_shown_met_and_one_short_of_it_is_left_to_repair(scenario):
    """The rule still decides what it can: a level 1 point above its line with a spread of 2
    points is shown met before the cap; one 1 point below is never shown met, and its looks
    end by 4 × the first (a repair follows, whether it was shown missed or not)."""
    rng = np.random.default_rng(11)
    above = [verify(scenario, REMOTE_OPS, rng.normal(0.96, 0.02, CAP)) for _ in range(20)]
    assert sum(status == "met" for status, _, _ in above) >= 19 and max(reps for _, reps, _ in above) <= 160
    below = [verify(scenario, REMOTE_OPS, rng.normal(0.94, 0.02, CAP)) for _ in range(20)]
    assert all(status != "met" and reps <= 4 * FIRST for status, reps, _ in below)


def test_the_rule_of_thumbs_run_is_sized_like_a_verification():
    """``settled_run`` (the rule of thumb's run beside a plan, issue 37 point 8) looks as
    verification does: a target Erlang C puts 0.9 points above its line (87.9% within 20 s at
    5 agents against 87%), which 3 one-day replications cannot show, gets the schedule's looks
    until it is shown met, at the looks' level, stopping well before the cap."""
    from planner.search.sequential import settled_run
    from sim import load_scenario as load

    scenario = load("scenarios/validation/mmc_12.yaml", [
        "demand.calls.single.rate_per_minute=3", "calendar.horizon_days=1", "calendar.warmup_days=0.1",
        "centre.pools.agents.roster.shifts.all_day.agents=5",
        "targets.calls.answer_within_s=20", "targets.calls.service_level=0.87"])
    run = settled_run(scenario, 3, 96, seed=5)
    row = run.kpi_rows()[KpiKey("calls", "service_level")]
    assert row.status == "met" and run.replications in looks(3, 96) and 3 < run.replications < 96
    assert run.level == look_level(3, 96) and run.about_line
