"""A site planned through its move-in phases (planner.phases): a phase at full occupancy is the
plan of the site at full occupancy, the hires rebuild each phase's people, and the phased
contract plan adds up, year by year, to the phases' months at their monthly cost with wage growth."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from planner.phases import make_phased_plan, phased_plan_dict
from planner.plan import make_plan

from phased_fixtures import SETTINGS, small_site as _small

ROOT = Path(__file__).resolve().parents[2]
PHASES = "+move_in={phases: [{from_month: 1, to_month: 6, occupancy: 0.4}, " \
         "{from_month: 7, to_month: 18, occupancy: 0.7}, {from_month: 19, occupancy: 1.0}]}"


@pytest.fixture(scope="module")
def phased():
    return make_phased_plan(_small(PHASES), **SETTINGS)


@pytest.fixture(scope="module")
def data(phased):
    return json.loads(json.dumps(phased_plan_dict(phased), ensure_ascii=False, allow_nan=False))


def test_a_phase_at_full_occupancy_is_the_plan_of_the_site_at_full_occupancy(phased):
    full = make_plan(_small(), **SETTINGS)
    last = phased.plans[-1]
    assert phased.spans[-1].occupancy == 1.0
    assert [line.__dict__ for line in last.lines] == [line.__dict__ for line in full.lines]
    assert last.headcount == full.headcount
    assert last.search.cost_yuan == full.search.cost_yuan
    assert last.budget.total_yuan_per_year == full.budget.total_yuan_per_year


def test_fewer_residents_need_no_more_people_on_the_phones(phased):
    agents = [plan.headcount["agent"] for plan in phased.plans]
    assert agents == sorted(agents) and agents[0] < agents[-1]


def test_the_hires_rebuild_each_phases_people(data):
    phases = data["move_in"]["phases"]
    for phase in phases:
        started = {}
        for hire in data["move_in"]["hires"]:
            if hire["month"] <= phase["from_month"]:
                started[hire["role"]] = started.get(hire["role"], 0) + hire["people"]
        assert {r: p for r, p in started.items() if p} == phase["headcount_by_role"]
    assert all(h["month"] in {p["from_month"] for p in phases} for h in data["move_in"]["hires"])


def test_each_contract_year_is_its_phases_months_at_their_monthly_cost_with_wage_growth(phased, data):
    contract = data["contract_plan"]
    spans, years = phased.spans, contract["years"]
    assert len(years) == phased.scenario.costs.contract_years
    growth = phased.scenario.costs.wage_growth_per_year
    for year in years:
        assert sum(p["months"] for p in year["phases"]) == 12
        expected = 0.0
        for part in year["phases"]:
            span = spans[part["phase"] - 1]
            first = 12 * (year["year"] - 1) + 1
            assert part["months"] == len(set(range(first, first + 12)) & set(range(span.first_month, span.last_month + 1)))
            plan = phased.plans[part["phase"] - 1]
            yearly = plan.budget.contract_plan().years[year["year"] - 1]
            assert yearly.wage_factor == pytest.approx((1 + growth) ** (year["year"] - 1))
            assert part["monthly_total_yuan"] == pytest.approx(yearly.total_yuan_per_year / 12)
            expected += part["months"] * part["monthly_total_yuan"]
        assert year["total_yuan_per_year"] == pytest.approx(expected)
    # year 1 spans phases 1 and 2: six months of each, at the first year's wages
    assert [(p["phase"], p["months"]) for p in years[0]["phases"]] == [(1, 6), (2, 6)]
    assert years[0]["phases"][0]["monthly_total_yuan"] == pytest.approx(phased.plans[0].budget.total_yuan_per_year / 12)
    assert contract["total_yuan"] == pytest.approx(math.fsum(y["total_yuan_per_year"] for y in years))


def test_plan_json_holds_the_phases_and_the_scenario_as_written(data):
    phases = data["move_in"]["phases"]
    assert [(p["from_month"], p["to_month"], p["occupancy"]) for p in phases] == [(1, 6, 0.4), (7, 18, 0.7), (19, 36, 1.0)]
    assert data["scenario_parameters"]["move_in"]["phases"][0]["occupancy"] == 0.4
    assert data["scenario_parameters"]["demand"]["calls"]["single"]["rate_per_minute"] == 3  # not 3 × 1.0 by chance:
    assert data["move_in"]["phases"][0]["staffing"] != data["staffing"]                  # phase 1 is planned apart


def test_bad_phases_stop_planner_plan_with_one_message(tmp_path):
    done = subprocess.run([sys.executable, "-m", "planner", "plan", "scenarios/validation/mmc_12.yaml",
                           "--out", str(tmp_path), "--set",
                           "+move_in={phases: [{from_month: 1, to_month: 6, occupancy: 0.4}, {from_month: 9, occupancy: 1}]}"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "move_in.phases.1.from_month = 9" in done.stderr and "gap" in done.stderr
    assert done.stderr.count("move_in") == 1 and not list(tmp_path.iterdir())


@pytest.mark.parametrize("option", [["--headroom"], ["--robust", "0.9"]])
def test_a_phased_scenario_refuses_headroom_and_robust_by_name_before_planning(tmp_path, option):
    """Neither is planned per phase yet: one message naming the option, nothing written."""
    done = subprocess.run([sys.executable, "-m", "planner", "plan", "scenarios/move_in_phases.yaml", "--out",
                           str(tmp_path / "out"), *option, "--set",
                           "+demand_uncertainty={calls_tickets: {lognormal_sigma: 0.15}}"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2, done.stderr
    assert f"error: {option[0]} is not offered for a scenario with move-in phases" in done.stderr
    assert "Traceback" not in done.stderr and not list((tmp_path / "out").glob("*"))
