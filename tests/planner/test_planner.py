"""The planner end to end: plan.json, its evidence under fresh seeds, its budget, and compare."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from planner.search.optimise import with_staffing
from planner.plan import headcount_by_role, make_plan, roster_lines
from sim import load_scenario, simulate

ROOT = Path(__file__).resolve().parents[2]


def small_site():
    """One 24-h desk answering 3 calls a minute: the planner's answer is known from Erlang C."""
    return load_scenario("scenarios/validation/mmc_12.yaml", [
        "demand.calls.single.rate_per_minute=3", "calendar.horizon_days=3", "calendar.warmup_days=0.1",
        "centre.pools.agents.roster.shifts.all_day.agents=9", "replications=5",
        "sites.validation.floor_area_m2=50000", "sites.validation.households=500",
    ])


@pytest.fixture(scope="module")
def plan():
    return make_plan(small_site(), start="scenario", replications=5, search_days=None, verify_replications=5)


def test_plan_meets_its_targets_when_simulated_again_with_other_seeds(plan):
    assert plan.search.unmet == []
    staffed = with_staffing(small_site(), plan.search.staffing)
    for seed in (101, 202):
        table = simulate(staffed, seed=seed).kpi_table()
        targeted = table[table["direction"].notna()]
        assert (targeted["status"] == "met").all(), targeted[["stream", "metric", "mean", "ci_low", "status"]]


def test_plan_headcount_follows_its_rosters(plan):
    agents = plan.search.staffing["centre.pools.agents.roster.shifts.all_day.agents"]
    # One 24-h shift of n people every day: 3n eight-hour shift-days a day, ×7/5 for days off,
    # × the relief factor for leave.
    heads = headcount_by_role(roster_lines(plan.search.scenario, small_site()))
    assert heads["agent"] >= agents * 3 * 7 / 5
    assert plan.headcount["agent"] == pytest.approx(heads["agent"], rel=1e-9)


def test_plan_budget_reconciles(plan):
    b = plan.budget
    assert b is not None
    assert sum(line.yuan_per_year for line in b.lines) == pytest.approx(b.total_yuan_per_year, rel=1e-12)
    area = plan.search.scenario.sites["validation"].floor_area_m2
    assert b.per_m2_month * area * 12 == pytest.approx(b.total_yuan_per_year, rel=1e-12)
    assert set(plan.norms.headcount_by_role()) <= set(plan.to_dict()["headcount"])


def test_cli_plan_writes_plan_json_and_summary(tmp_path):
    scenario = tmp_path / "site.yaml"
    scenario.write_text((ROOT / "scenarios/validation/mmc_12.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "planner", "plan", str(scenario), "--out", str(tmp_path / "out"),
                           "--set", "demand.calls.single.rate_per_minute=2", "--set", "calendar.horizon_days=2",
                           "--set", "sites.validation.floor_area_m2=30000", "--replications", "4",
                           "--verify-replications", "4", "--workers", "1", "--start", "scenario"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    data = json.loads((tmp_path / "out" / "plan.json").read_text(encoding="utf-8"))
    assert data["targets_met"] is True and data["unmet"] == []
    assert {"staffing", "headcount", "evidence", "rule_of_thumb", "budget", "contract_plan", "search"} <= set(data)
    assert any(k["metric"] == "service_level" and k["met"] for k in data["evidence"]["kpis"])
    assert (tmp_path / "out" / "summary.txt").read_text(encoding="utf-8").startswith("Plan for mmc_12")


def test_cli_plan_rejects_a_bad_scenario_without_traceback(tmp_path):
    done = subprocess.run([sys.executable, "-m", "planner", "plan", "scenarios/default.yaml", "--out", str(tmp_path),
                           "--set", "sites.cuihu.households=-5"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "sites.cuihu.households" in done.stderr and "Traceback" not in done.stderr


def test_cli_compare_shows_both_operating_models_side_by_side():
    done = subprocess.run([sys.executable, "-m", "planner", "compare", "scenarios/default.yaml",
                           "scenarios/default_centralised.yaml", "--days", "3", "--replications", "2", "--workers", "1",
                           "--as-given"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert "traditional" in text and "centralised" in text and "as given" in text
    # Either side that misses a commitment is named with what it misses.
    for line in text.splitlines():
        if line.startswith("WARNING: side"):
            assert "misses" in line and "." in line.split("misses", 1)[1]
    post_line = next(line for line in text.splitlines() if line.strip().startswith("post_guard"))
    # centralised, the gate posts go but the fire control room stays: 2 a shift around the clock, 9 people
    assert float(post_line.split()[1]) > float(post_line.split()[2]) == 9.0
    for needle in ("annual cost, yuan", "break-even fee", "remote_ops.service_level", "field_staff[technicians].utilisation"):
        assert needle in text


def test_analytic_start_covers_erlang_c_hourly_requirements():
    """Each hour's requirement is Erlang C's answer for that hour's rate; the covering shifts put
    at least that many people on duty in every hour; the plan still meets its targets."""
    from planner.search.analytic_start import pool_requirements, with_analytic_rosters
    from planner.queueing.erlang import required_agents
    from sim.scenario.shift_instances import agents_on_duty, shift_instances

    scenario = small_site()
    need = pool_requirements(scenario)["agents"]
    expected = required_agents(3 / 60, 60.0, service_level=0.8, within_s=20).agents_on_phone
    assert (need == expected).all()
    started, report = with_analytic_rosters(scenario)
    assert report["agents"]["lp_bound"] <= report["agents"]["integer_cost"] + 1e-9
    instances = shift_instances("agents", started.centre.pools["agents"], started.calendar)
    t = (3 + 0.5) * 3600 + 3600 * __import__("numpy").arange(48)  # every hour of days 0–1 (skip day -1)
    assert (agents_on_duty(instances, t) >= expected).all()
    plan = make_plan(scenario, replications=5, search_days=None, verify_replications=5)
    assert plan.search.unmet == [] and plan.analytic_start["agents"]["gap"] >= 0


def test_the_rule_of_thumb_is_simulated_on_its_own_rosters(plan):
    """The norms' run uses the norms' rosters (planner.costs.norms_check), not the plan's."""
    from planner.costs.norms import scenario_norms
    from planner.costs.norms_check import norms_rosters

    scenario = small_site()
    own = roster_lines(norms_rosters(scenario, scenario_norms(scenario)))
    assert [(l.group, l.shift, l.start, l.people) for l in plan.norms_lines] == \
        [(l.group, l.shift, l.start, l.people) for l in own]
    # The desk as the norms staff it: one person on each of three eight-hour shifts.
    assert sorted((l.start, l.length_h, l.people) for l in own) == [("00:00", 8, 1), ("08:00", 8, 1), ("16:00", 8, 1)]
    assert [(l.shift, l.people) for l in plan.lines] != [(l.shift, l.people) for l in own]
    assert plan.to_dict()["rule_of_thumb_evidence"]["targets"] > 0
    assert plan.norms_run.horizon_days == plan.search.evidence.horizon_days


def test_plan_carries_one_fee_figure(plan):
    from planner.costs.fee import fee_sentence
    from planner.plan import summary_text

    fee = plan.to_dict()["fee"]
    budget = plan.budget
    assert fee["break_even_fee"] == pytest.approx(budget.break_even_fee_yuan_per_m2_month)
    assert fee["surplus_yuan_per_year"] == pytest.approx(budget.income_yuan_per_year - budget.total_yuan_per_year)
    assert fee_sentence(fee, "en") in summary_text(plan)


def test_summary_shows_whole_people_on_duty_in_every_hour(plan):
    """summary.txt's on-duty table: a row per pool, team and post (and day pattern), 24 whole
    numbers each, the people of the shifts covering that hour times their copies."""
    from planner.plan import summary_text

    text = summary_text(plan).split("On duty by hour", 1)[1].split("\n\n", 1)[0].splitlines()[2:]
    groups = {(line.kind, line.group) for line in plan.lines if line.start[:2].isdigit()}
    assert {(row.split()[0], row.split()[1]) for row in text} == groups
    for row in text:
        kind, group, _, *cover = row.split()
        assert len(cover) == 24 and all(c.isdigit() for c in cover)
        shifts = [ln for ln in plan.lines if (ln.kind, ln.group) == (kind, group) and len(ln.days) == 7
                  and int(ln.start[:2]) <= 12 < int(ln.start[:2]) + ln.length_h]
        if all(len(ln.days) == 7 for ln in plan.lines if (ln.kind, ln.group) == (kind, group)):
            assert int(cover[12]) == sum(ln.people * ln.copies for ln in shifts)  # who is on at noon


def test_plan_json_and_the_summary_say_what_the_plan_simulated(plan):
    """plan.json's ``work`` counts the rule of thumb's own run beside the search and the
    verification (planner.search.work), and the summary says it."""
    from planner.plan import summary_text

    work = plan.to_dict()["work"]
    days = work["replication_days"]
    assert days["rule_of_thumb"] == pytest.approx(plan.norms_run.replications * plan.norms_run.horizon_days)
    assert days["verification"] >= plan.search.evidence.replications * plan.search.evidence.horizon_days
    assert days["total"] == pytest.approx(days["search"] + days["verification"] + days["rule_of_thumb"], abs=1e-2)
    assert work["candidates"] == plan.search.evaluations and work["seconds"] >= plan.search.seconds
    assert f"{days['total']:,.0f} replication-days simulated" in summary_text(plan)
