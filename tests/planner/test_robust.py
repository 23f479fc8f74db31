"""The robust plan (planner.robust, issue 39 point 2): planned at each uncertain family's
P^(1/k) quantile of the scenario's demand_uncertainty, checked on fresh draws; with zero
uncertainty it is the nominal plan; bad input is refused by name before anything runs."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from statistics import NormalDist

import pytest

from planner.plan import make_plan
from planner.robust import draws_of, plan_robust, quantiles, wilson
from sim import load_scenario

ROOT = Path(__file__).resolve().parents[2]
DESK = ["demand.calls.single.rate_per_minute=2", "calendar.horizon_days=2", "sites.validation.floor_area_m2=30000"]
PLAN = {"replications": 4, "search_days": 2.0, "verify_replications": 4, "workers": 1, "start": "scenario"}


def desk(*more: str):
    """A 24-h desk answering 2 calls a minute, with a floor area (a budget)."""
    return load_scenario("scenarios/validation/mmc_12.yaml", DESK + list(more))


def test_with_zero_uncertainty_the_robust_plan_is_the_nominal_plan():
    scenario = desk("demand_uncertainty.calls_tickets.lognormal_sigma=0",
                    "demand_uncertainty.incidents={cases: [{name: 唯一, multiplier: 1, weight: 1}]}")
    nominal = make_plan(scenario, **PLAN)
    found = plan_robust(scenario, nominal, 0.9, lambda s: make_plan(s, **PLAN), draws=10, replications=2, days=1.0)
    assert found.multipliers == {} and found.family_probability is None
    assert found.robust.lines == nominal.lines  # same design
    assert found.robust.budget.total_yuan_per_year == nominal.budget.total_yuan_per_year
    assert found.robust.search.cost_yuan == nominal.search.cost_yuan and found.extra_yuan_per_year == 0
    assert found.robust_chance.met == found.nominal_chance.met  # the same design on the same runs


def test_each_uncertain_family_is_planned_at_its_sidak_quantile_and_draws_fall_below_all_with_probability_p():
    scenario = load_scenario("scenarios/default.yaml", [
        "demand_uncertainty.calls_tickets.lognormal_sigma=0.15", "demand_uncertainty.remote_ops.lognormal_sigma=0",
        "demand_uncertainty.work_orders={cases: [{name: 低, multiplier: 0.9, weight: 0.3}, "
        "{name: 中, multiplier: 1.0, weight: 0.5}, {name: 高, multiplier: 1.4, weight: 0.2}]}"])
    each, q = quantiles(scenario, 0.9)
    assert set(q) == {"calls_tickets", "work_orders"}  # remote operations are certain: not split over
    assert each == pytest.approx(math.sqrt(0.9))
    assert q["calls_tickets"] == pytest.approx(math.exp(0.15 * NormalDist().inv_cdf(math.sqrt(0.9))))
    assert q["work_orders"] == 1.4  # P(M ≤ 1.0) = 0.8 < 0.949: the high case
    _, q80 = quantiles(scenario, 0.64)  # each family at 0.8: the middle case is enough
    assert q80["work_orders"] == 1.0
    sample = draws_of(scenario, 20000, seed=5)
    below = sum(all(d[f] <= q[f] for f in q) for d in sample) / len(sample)
    # the orthant the plan covers has probability Π p_f = 0.949 × 1 (the cases' atom at 1.4 is all of the top)
    assert below == pytest.approx(each * 1.0, abs=0.01) and below >= 0.9 - 0.01
    assert draws_of(scenario, 5, seed=5) == sample[:5]  # a seed gives the same draws


def test_a_family_without_demand_is_not_split_over():
    _, q = quantiles(desk("demand_uncertainty.calls_tickets.lognormal_sigma=0.2",
                          "demand_uncertainty.incidents.lognormal_sigma=0.5"), 0.9)
    assert set(q) == {"calls_tickets"} and q["calls_tickets"] == pytest.approx(math.exp(0.2 * NormalDist().inv_cdf(0.9)))


def test_wilson_interval():
    low, high = wilson(19, 20)
    assert low == pytest.approx(0.7639, abs=1e-4) and high == pytest.approx(0.9911, abs=1e-4)
    assert wilson(0, 10)[0] == pytest.approx(0, abs=1e-12) and wilson(10, 10)[1] == pytest.approx(1)


def _plan(tmp_path, *more: str, out: str = "out"):
    scenario = tmp_path / "site.yaml"
    scenario.write_text((ROOT / "scenarios/validation/mmc_12.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    args = [sys.executable, "-m", "planner", "plan", str(scenario), "--replications", "4", "--verify-replications",
            "4", "--workers", "1", "--start", "scenario", "--out", str(tmp_path / out)]
    for setting in DESK:
        args += ["--set", setting]
    return subprocess.run(args + list(more), cwd=ROOT, capture_output=True, text=True, timeout=900)


@pytest.mark.parametrize("more, said", [
    (["--robust", "1.5"], "--robust must be above 0 and below 1"),
    (["--robust", "0"], "--robust must be above 0 and below 1"),
    (["--robust", "0.9", "--robust-draws", "3"], "--robust-draws must be a whole number from 10 to 1000"),
    (["--robust", "0.9", "--robust-days", "0.1"], "--robust-days must be above the scenario's warm-up"),
    (["--robust", "0.9"], "demand_uncertainty: scenario 'mmc_12' says nothing of how uncertain its demand is"),
    (["--robust", "0.9", "--set", "demand_uncertainty.calls_tickets.lognormal_sigma=-0.1"],
     "demand_uncertainty.calls_tickets.lognormal_sigma = -0.1: must be ≥ 0"),
    (["--robust", "0.9", "--set", "demand_uncertainty.calls_tickets.lognormal_sigma=2"],
     "demand_uncertainty.calls_tickets.lognormal_sigma = 2: must be ≤ 1"),
    (["--robust", "0.9", "--set", "demand_uncertainty.calls_tickets={cases: [{name: a, multiplier: 1, weight: 0.5}, "
                                  "{name: b, multiplier: 1.2, weight: 0.4}]}"],
     "the weights of the cases must sum to 1; they sum to 0.9"),
    (["--robust", "0.9", "--set", "demand_uncertainty.calls_tickets={cases: [{name: a, multiplier: 1, weight: 0}, "
                                  "{name: b, multiplier: 1.2, weight: 1}]}"],
     "demand_uncertainty.calls_tickets.cases.0.weight = 0: must be > 0"),
])
def test_bad_robust_input_gets_one_message_naming_the_field_and_nothing_runs(tmp_path, more, said):
    done = _plan(tmp_path, *more)
    assert done.returncode == 2 and said in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.count("error") == 1 and "candidate" not in done.stderr  # one message; no search began
    out = tmp_path / "out"
    assert not out.exists() or not any(out.iterdir())


def test_cli_plan_with_robust_reports_the_price_of_robustness_and_its_check(tmp_path):
    done = _plan(tmp_path, "--robust", "0.9", "--robust-draws", "10", "--robust-replications", "2", "--robust-days",
                 "1", "--set", "demand_uncertainty.calls_tickets.lognormal_sigma=0.3")
    assert done.returncode == 0, done.stderr
    data = json.loads((tmp_path / "out" / "plan.json").read_text(encoding="utf-8"))
    robust = data["robust"]
    assert robust["probability"] == 0.9 and robust["split"] == "sidak"
    assert robust["multipliers"]["calls_tickets"] == pytest.approx(math.exp(0.3 * NormalDist().inv_cdf(0.9)), rel=1e-5)
    assert robust["nominal"]["budget_yuan_per_year"] == pytest.approx(data["budget"]["total_yuan_per_year"], abs=0.01)
    assert robust["extra_yuan_per_year"] == pytest.approx(robust["robust"]["budget_yuan_per_year"]
                                                          - robust["nominal"]["budget_yuan_per_year"], abs=0.02)
    # 1.47 × the calls: more agents, at a price
    assert robust["robust"]["people"] > robust["nominal"]["people"] and robust["extra_yuan_per_year"] > 0
    check = robust["check"]
    assert check["draws"] == len(check["multipliers"]) == 10 and check["seed"] == data["evidence"]["seed"] + 1
    for side in ("robust", "nominal"):
        low, high = check[side]["interval95"]
        assert low <= check[side]["probability"] <= high
    days = data["work"]["replication_days"]
    assert days["robust"] == pytest.approx(robust["replication_days"]) and days["robust"] > 2 * 10 * 2 * 1
    assert days["total"] == pytest.approx(sum(v for k, v in days.items() if k != "total"), abs=0.02)
    summary = (tmp_path / "out" / "summary.txt").read_text(encoding="utf-8")
    assert "price of robustness +" in summary and summary.count("check (") == 2
