"""A plan's headroom (planner.headroom): found by bisection on common random numbers, monotone in
the staffing, none when the plan fails today, and bad settings refused before anything runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from planner.headroom import FAMILIES, broken, families_of, headroom, scaled
from planner.rostering.levers import with_staffing
from sim import load_scenario, simulate

ROOT = Path(__file__).resolve().parents[2]
AGENTS = "centre.pools.agents.roster.shifts.all_day.agents"
#: Short runs on the same seed at every multiplier: the tests compare answers, not service levels.
SHORT = {"replications": 3, "days": 1.0, "tolerance": 0.05, "m_max": 2.5}


def desk(agents: int):
    """One 24-h desk answering 3 calls a minute (the smallest bundled scenario, made smaller)."""
    return load_scenario("scenarios/validation/mmc_12.yaml", [
        "demand.calls.single.rate_per_minute=3", "calendar.horizon_days=1", "calendar.warmup_days=0.1",
        f"{AGENTS}={agents}"])


def test_one_more_person_on_the_binding_group_never_has_less_headroom():
    found = [headroom(desk(n), **SHORT) for n in (5, 6, 7)]
    assert all(h.multiplier is not None and not h.at_least for h in found), [h.trials for h in found]
    assert found[0].multiplier <= found[1].multiplier <= found[2].multiplier
    assert found[0].multiplier < found[2].multiplier  # a person is worth some demand
    assert {h.first_broken["key"] for h in found} <= {"calls.service_level"}


def test_a_plan_failing_today_has_no_headroom_and_names_the_commitment():
    h = headroom(desk(3), **SHORT)  # 3 agents for 3 erlang: the queue never empties
    assert h.multiplier is None and not h.at_least
    assert h.first_broken["key"] == "calls.service_level" and h.first_broken["verdict"] == "missed"
    assert h.trials == [(1.0, False)] and h.replication_days == SHORT["replications"] * SHORT["days"]
    assert "none" in h.text() and "calls.service_level" in h.text()


def test_bisection_is_within_tolerance_of_a_scan_on_the_same_random_numbers():
    plan = desk(6)
    h = headroom(plan, **SHORT)
    step = SHORT["tolerance"] / 2
    grid = [1 + i * step for i in range(int((SHORT["m_max"] - 1) / step) + 1)]
    short = with_staffing(plan, {"calendar.horizon_days": SHORT["days"]})
    met = [not broken(simulate(scaled(short, {f: m for f in FAMILIES}), replications=SHORT["replications"],
                               seed=plan.seed)) for m in grid]
    assert met[0] and not met[-1]
    # the scan's edge: the largest multiplier met below the first not met
    edge = grid[met.index(False) - 1]
    assert abs(h.multiplier - edge) <= SHORT["tolerance"]
    # and the multipliers the bisection judged agree with the scan's judgement of them
    for m, ok in h.trials:
        assert ok == (not broken(simulate(scaled(short, {f: m for f in FAMILIES}), replications=SHORT["replications"],
                                          seed=plan.seed)))
    assert h.replication_days == len(h.trials) * SHORT["replications"] * SHORT["days"]


def test_scaling_a_family_scales_its_rates_only():
    base = load_scenario("scenarios/default.yaml")
    assert families_of(base) == list(FAMILIES) and families_of(desk(6)) == ["calls_tickets"]
    twice = scaled(base, {"incidents": 2.0, "work_orders": 1.5})
    dispute = base.field.incidents["dispute"]
    assert twice.field.incidents["dispute"].rate_per_day == 2 * dispute.rate_per_day
    assert twice.field.equipment["lift"].failures_per_unit_per_year == \
        1.5 * base.field.equipment["lift"].failures_per_unit_per_year
    assert twice.demand == base.demand  # calls, tickets and remote operations untouched
    with pytest.raises(ValueError, match="not a stream family: parcels"):
        scaled(base, {"parcels": 2.0})


@pytest.mark.parametrize("option, value, said", [
    ("--headroom-max", "1", "--headroom-max must be above 1"),
    ("--headroom-max", "500", "--headroom-max must be above 1 and at most 20"),
    ("--headroom-tolerance", "0", "--headroom-tolerance must be at least"),
    ("--headroom-tolerance", "5", "--headroom-tolerance must be at least"),
    ("--headroom-replications", "1", "--headroom-replications must be a whole number of at least 2"),
    ("--headroom-days", "-3", "--headroom-days must be a number of days above 0"),
])
def test_bad_headroom_settings_get_one_message_naming_the_option_and_nothing_runs(tmp_path, option, value, said):
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "planner", "plan", "scenarios/validation/mmc_12.yaml", "--out",
                           str(out), "--headroom", option, value], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and said in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert not out.exists() or not any(out.iterdir())
    done = subprocess.run([sys.executable, "-m", "planner", "headroom", "tests/data/plan_small.json", option, value],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and said in done.stderr and done.stdout == "", done.stderr


def test_cli_plan_with_headroom_adds_it_and_without_leaves_the_plan_as_it_was(tmp_path):
    scenario = tmp_path / "site.yaml"
    scenario.write_text((ROOT / "scenarios/validation/mmc_12.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    common = [sys.executable, "-m", "planner", "plan", str(scenario), "--set", "demand.calls.single.rate_per_minute=2",
              "--set", "calendar.horizon_days=2", "--set", "sites.validation.floor_area_m2=30000", "--replications", "4",
              "--verify-replications", "4", "--workers", "1", "--start", "scenario"]
    plain = subprocess.run(common + ["--out", str(tmp_path / "plain")], cwd=ROOT, capture_output=True, text=True,
                           timeout=600)
    room = subprocess.run(common + ["--out", str(tmp_path / "room"), "--headroom", "--headroom-days", "1",
                                    "--headroom-replications", "3"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert plain.returncode == 0 and room.returncode == 0, plain.stderr + room.stderr
    a, b = (json.loads((tmp_path / d / "plan.json").read_text(encoding="utf-8")) for d in ("plain", "room"))
    assert "headroom" not in a and "Headroom" not in (tmp_path / "plain" / "summary.txt").read_text(encoding="utf-8")
    h = b.pop("headroom")
    # the headroom's runs are counted in the plan's work (phase headroom, and in the total)
    days_a, days_b = a["work"]["replication_days"], b["work"]["replication_days"]
    assert days_a["headroom"] == 0 and h["replication_days"] > 0
    assert days_b["headroom"] == pytest.approx(h["replication_days"])
    assert days_b["total"] == pytest.approx(days_a["total"] + h["replication_days"], abs=1e-2)
    for data in (a, b):
        data["search"].pop("seconds"), data["work"].pop("seconds")
        data["work"]["replication_days"].pop("headroom"), data["work"]["replication_days"].pop("total")
    assert a == b  # the plan itself is the same
    assert {"multiplier", "tolerance", "first_broken", "replications", "days", "replication_days"} <= set(h)
    assert h["replications"] == 3 and h["days"] == 1.0 and h["seed"] == a["evidence"]["seed"]
    assert h["multiplier"] is None or 1 <= h["multiplier"] <= h["m_max"]
    summary = (tmp_path / "room" / "summary.txt").read_text(encoding="utf-8")
    assert sum(line.startswith("Headroom (demand)") for line in summary.splitlines()) == 1
    assert f"headroom {h['replication_days']:,.0f})" in summary  # the work line counts it
    saved = subprocess.run([sys.executable, "-m", "planner", "headroom", str(tmp_path / "room" / "plan.json"),
                            "--headroom-days", "1", "--headroom-replications", "3", "--json"],
                           cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert saved.returncode == 0, saved.stderr
    assert json.loads(saved.stdout) == h  # the saved plan's headroom is the plan's: same scenario, seed, runs


def test_headroom_days_within_the_warm_up_are_refused_before_planning(tmp_path):
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "planner", "plan", "scenarios/validation/mmc_12.yaml", "--out",
                           str(out), "--headroom", "--headroom-days", "0.2"],  # its warm-up is 0.25 days
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "--headroom-days must be above the scenario's warm-up of 0.25 days" in done.stderr
    assert "Traceback" not in done.stderr and (not out.exists() or not any(out.iterdir()))


@pytest.mark.parametrize("change, said", [
    (lambda plan: {"set_aside": ["bogus"]}, "set_aside: 'bogus' is not a KPI key"),
    (lambda plan: {"evidence": plan["evidence"] | {"seed": "x"}}, "has no evidence seed"),
])
def test_a_saved_plan_that_is_not_as_the_planner_wrote_it_is_refused_by_name(tmp_path, change, said):
    plan = json.loads((ROOT / "tests/data/plan_small.json").read_text(encoding="utf-8"))
    plan |= change(plan)
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "planner", "headroom", str(path)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 2 and said in done.stderr and "Traceback" not in done.stderr, done.stderr
