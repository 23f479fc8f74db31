"""Regression scenarios: identical runs pass, a changed parameter that matters is caught."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sim.running.regress import compare

ROOT = Path(__file__).resolve().parents[3]
SMALL = ["--set", "calendar.horizon_days=2", "--set", "replications=4"]


def regress(*args: str, baselines: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sim", "regress", *args, "--baselines", str(baselines)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_regress_passes_unchanged_and_fails_when_staffing_changes(tmp_path):
    scenario = "scenarios/validation/mmc_12.yaml"
    assert regress(scenario, *SMALL, baselines=tmp_path).returncode == 1      # no baseline yet
    created = regress(scenario, *SMALL, "--update", baselines=tmp_path)
    assert created.returncode == 0 and (tmp_path / "mmc_12.json").exists()
    same = regress(scenario, *SMALL, baselines=tmp_path)
    assert same.returncode == 0 and "nothing moved" in same.stdout
    fewer = regress(scenario, *SMALL, "--set", "centre.pools.agents.roster.shifts.all_day.agents=11", baselines=tmp_path)
    assert fewer.returncode == 1
    assert "calls.mean_wait_s" in fewer.stdout and "calls.p_wait" in fewer.stdout
    changed = regress(scenario, *SMALL, "--set", "centre.pools.agents.roster.shifts.all_day.agents=11", "--update",
                      baselines=tmp_path)
    assert changed.returncode == 0 and "changed" in changed.stdout and "calls.p_wait" in changed.stdout


def test_a_different_seed_is_not_a_regression(tmp_path):
    """Another seed moves means only within the intervals: the test is on the model, not on luck.
    (One of ~30 KPIs may cross at 95%, so the check is that almost nothing moves.)"""
    scenario = "scenarios/validation/mmc_12.yaml"
    opts = ["--set", "calendar.horizon_days=3", "--set", "replications=6"]
    assert regress(scenario, *opts, "--update", baselines=tmp_path).returncode == 0
    other = regress(scenario, *opts, "--set", "seed=99", baselines=tmp_path)
    moved = [line for line in other.stdout.splitlines() if line.startswith("mmc_12 ")]
    assert len(moved) <= 2, other.stdout


def test_compare_flags_kpis_that_appear_or_vanish():
    base = {"kpis": [{"stream": "calls", "metric": "p_wait", "mean": 0.3, "ci95": [0.29, 0.31]}]}
    now = {"kpis": [{"stream": "calls", "metric": "p_wait", "mean": 0.305, "ci95": [0.295, 0.315]},
                    {"stream": "tickets", "metric": "on_time_rate", "mean": 1.0, "ci95": [1.0, 1.0]}]}
    moved = compare("x", base, now)
    assert [m.kpi for m in moved] == ["tickets.on_time_rate"]
    far = {"kpis": [{"stream": "calls", "metric": "p_wait", "mean": 0.33, "ci95": [0.32, 0.34]}]}
    assert [m.kpi for m in compare("x", base, far)] == ["calls.p_wait"]
