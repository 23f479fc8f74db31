"""Verification's "met at 95%" is honest (planner.search.verify): on data whose true mean sits
exactly on the target, the two-look procedure the planner runs shows the target met in at most
5% of independent verifications (its union bound), where growing one run and looking again
(10 → 20 → 40 … replications, the earlier rule) shows it met far more often."""

from __future__ import annotations

import math

import numpy as np
import pytest

from planner.search.verify import (LOOKS, ON_LINE, OpenTarget, confirmation_size, false_pass_bound,
                                   projected_replications, two_looks)
from sim.results.stats import mean_ci, verdict

TARGET, SIGMA, PILOT, CAP = 0.9, 0.03, 10, 320
TRIALS = 4000


def _row(values, target=TARGET):
    mean, low, high = mean_ci(values)
    return mean, low, high, verdict(">=", target, low, high, mean)


def _verify(rng: np.random.Generator, true_mean: float) -> str:
    """One verification of a ">= TARGET" target by the product's rule, each look on its own
    random numbers (replication values normal around ``true_mean``)."""
    def look(which: int, reps: int):
        return _row(rng.normal(true_mean, SIGMA, reps))

    def left_open(row) -> list[OpenTarget]:
        mean, low, _, status = row
        return [] if status == "met" else [OpenTarget(status, mean, mean - low, ">=", TARGET, n_of[id(row)])]

    n_of: dict[int, int] = {}

    def counted_look(which: int, reps: int):
        row = look(which, reps)
        n_of[id(row)] = reps
        return row

    evidence, _ = two_looks(counted_look, left_open, PILOT, CAP)
    return evidence[3]


def _growing(rng: np.random.Generator, true_mean: float) -> str:
    """The earlier rule: one run grown (doubling) and looked at again while inconclusive."""
    values = rng.normal(true_mean, SIGMA, PILOT)
    while True:
        status = _row(values)[3]
        if status != "inconclusive" or len(values) >= CAP:
            return status
        values = np.concatenate([values, rng.normal(true_mean, SIGMA, len(values))])


def _limit(p: float, trials: int) -> float:
    """``p`` plus three standard errors of a rate over ``trials`` (the test's own tolerance)."""
    return p + 3 * math.sqrt(p * (1 - p) / trials)


def test_a_target_exactly_on_its_line_is_shown_met_at_most_five_percent_of_the_time():
    rng = np.random.default_rng(20261207)
    passes = sum(_verify(rng, TARGET) == "met" for _ in range(TRIALS))
    assert false_pass_bound() == LOOKS * 0.025 == 0.05
    assert passes / TRIALS <= _limit(false_pass_bound(), TRIALS), passes


def test_the_check_fails_on_the_earlier_rule_of_growing_looks():
    rng = np.random.default_rng(20261208)
    passes = sum(_growing(rng, TARGET) == "met" for _ in range(TRIALS))
    assert passes / TRIALS > _limit(false_pass_bound(), TRIALS), passes


def test_a_target_met_with_a_margin_is_shown_met_by_the_two_looks():
    """Power: a true value two pilot standard errors above the line is shown met most times."""
    rng = np.random.default_rng(7)
    true_mean = TARGET + 2 * SIGMA / math.sqrt(PILOT)
    shown = sum(_verify(rng, true_mean) == "met" for _ in range(500))
    assert shown / 500 > 0.8


def test_the_confirmation_is_sized_by_the_margin_or_the_zone_and_bounded_by_the_cap():
    zone = ON_LINE * TARGET          # on its line: sized by the indifference zone, not the margin
    assert projected_replications(10, TARGET + zone / 2, TARGET, 0.01, ">=") == pytest.approx(10 * (0.01 / zone) ** 2)
    assert projected_replications(10, TARGET - 0.01, TARGET, 0.01, ">=") == math.inf      # wrong side
    assert projected_replications(10, TARGET + 0.01, TARGET, 0.02, ">=") == pytest.approx(40)
    assert projected_replications(10, 50.0, 60.0, 20.0, "<=") == pytest.approx(40)        # a time, below its line
    assert confirmation_size([40.0], 10, 320) == 48 and confirmation_size([5.0], 10, 320) == 20
    assert confirmation_size([40.0, 400.0], 10, 320) == 320        # beyond the cap: the cap's look
    assert confirmation_size([40.0, math.inf], 10, 320) == 48 and confirmation_size([], 10, 320) is None
    assert confirmation_size([math.inf], 10, 320) == 40 and confirmation_size([math.inf], 10, 30) == 30
    assert confirmation_size([300.0], 10, 320) == 320
