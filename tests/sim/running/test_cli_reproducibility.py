"""The issue's acceptance runs through the real CLI, and exact reproducibility of seeded runs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np

from planner.queueing.erlang import ErlangC
from sim import load_scenario, simulate
from sim.engine.contact_centre import ContactCentre
from sim.results.report import to_json

ROOT = Path(__file__).resolve().parents[3]
MMC = "scenarios/validation/mmc_12.yaml"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sim", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def kpi(report: dict, stream: str, metric: str) -> dict:
    return next(k for k in report["kpis"] if k["stream"] == stream and k["metric"] == metric)


def test_cli_mmc_12_agrees_with_erlang_c(tmp_path):
    out = tmp_path / "out.json"
    done = cli("run", MMC, "--days", "20", "--replications", "5", "--json", str(out))
    assert done.returncode == 0, done.stderr
    assert "service_level" in done.stdout and "p_wait" in done.stdout
    report = json.loads(out.read_text())
    assert (report["scenario"], report["replications"], report["horizon_days"]) == ("mmc_12", 5, 20)
    theory = ErlangC(arrival_rate_per_s=9.5 / 60, mean_handle_s=60, agents=12)
    for metric, expected in (("p_wait", theory.p_wait), ("mean_wait_s", theory.mean_wait_s)):
        low, high = kpi(report, "calls", metric)["ci95"]
        assert low <= expected <= high, f"{metric}: Erlang C {expected} outside the run's 95% CI [{low}, {high}]"


def test_same_seed_gives_identical_json_files(tmp_path):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    for path in (a, b):
        assert cli("run", "scenarios/default.yaml", "--days", "3", "--replications", "3", "--json", str(path)).returncode == 0
    assert a.read_bytes() == b.read_bytes()
    c = tmp_path / "c.json"
    assert cli("run", "scenarios/default.yaml", "--days", "3", "--replications", "3", "--seed", "7", "--json", str(c)).returncode == 0
    assert c.read_bytes() != a.read_bytes(), "a different seed must give different results"


def test_parallel_replications_equal_serial():
    scenario = load_scenario("scenarios/default.yaml", ["calendar.horizon_days=2"])
    serial = to_json(simulate(scenario, replications=4))
    parallel = to_json(simulate(scenario, replications=4, workers=2))
    assert serial == parallel


def test_replication_does_not_depend_on_which_others_run():
    scenario = load_scenario("scenarios/default.yaml", ["calendar.horizon_days=2"])
    alone = simulate(scenario, replications=3).results[2].kpis
    with_more = simulate(scenario, replications=5).results[2].kpis
    assert alone.keys() == with_more.keys()
    # equal values, a KPI with no data (NaN) in both counting as equal
    assert {k: v for k, v in alone.items() if v == v} == {k: v for k, v in with_more.items() if v == v}
    assert {k for k, v in alone.items() if v != v} == {k for k, v in with_more.items() if v != v}


def test_common_random_numbers_across_staffing():
    """Adding an agent changes no arrival, handle time or patience; and with the same contacts,
    one more agent never lowers any replication's service level."""
    few = load_scenario(MMC, ["calendar.horizon_days=1", "calendar.warmup_days=0"])
    more = load_scenario(MMC, ["calendar.horizon_days=1", "calendar.warmup_days=0",
                               "centre.pools.agents.roster.shifts.all_day.agents=13"])
    for rep in range(3):
        a, b = ContactCentre(few, 5, rep).run(), ContactCentre(more, 5, rep).run()
        order_a, order_b = np.argsort(a.arrival_s, kind="stable"), np.argsort(b.arrival_s, kind="stable")
        np.testing.assert_array_equal(a.arrival_s[order_a], b.arrival_s[order_b])
        both = (a.outcome[order_a] == 1) & (b.outcome[order_b] == 1)
        assert both.mean() > 0.99
        np.testing.assert_array_equal(a.handle_s[order_a][both], b.handle_s[order_b][both])
        assert (b.wait_s[order_b] <= a.wait_s[order_a] + 1e-9).all(), "an extra agent made someone wait longer"
        assert b.wait_s.sum() < a.wait_s.sum()


def test_cli_schema_doc_is_current():
    """docs/scenario.md is generated from the schema; regenerate with `python -m sim schema`."""
    done = cli("schema")
    assert done.returncode == 0
    assert (ROOT / "docs" / "scenario.md").read_text(encoding="utf-8") == done.stdout


def test_every_metric_is_documented():
    from sim.results.centre_kpis import METRICS

    text = (ROOT / "docs" / "metrics.md").read_text(encoding="utf-8")
    assert [name for name in METRICS if f"`{name}`" not in text] == []


def test_a_run_extended_by_more_replications_equals_one_longer_run():
    from sim.running.runner import extend

    scenario = load_scenario("scenarios/default.yaml", ["calendar.horizon_days=2"])
    whole = to_json(simulate(scenario, replications=4))
    parts = extend(simulate(scenario, replications=2), simulate(scenario, replications=2, first=2))
    assert to_json(parts) == whole


def test_progress_is_reported_as_replications_finish():
    scenario = load_scenario(MMC, ["calendar.horizon_days=0.2", "calendar.warmup_days=0"])
    for workers in (1, 2):
        seen = []
        simulate(scenario, replications=4, workers=workers, progress=lambda done, total: seen.append((done, total)))
        assert seen[-1] == (4, 4) and all(t == 4 for _, t in seen)
        assert [d for d, _ in seen] == sorted(d for d, _ in seen) and len(seen) >= 2
