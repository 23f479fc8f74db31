"""Streaming mode (sim/results/streaming.py): the same KPIs as the exact mode without keeping the records
(the contact centre's, and the field's tasks), with at most one block held, and an optional
Parquet trace of exactly the records the exact mode keeps.

Tolerances: counts, and rates that are ratios of counts, must be identical. Means, occupancies
and busy agents are sums of floats added block by block instead of all at once: summing n terms
in another order moves the result by at most about n·ε relatively (ε = 2.2e-16; n ≤ 10^6 here
gives 2e-10), so they must agree to a relative 1e-9. Percentiles come from a fine histogram and
must lie within its stated resolution (FINE_RELATIVE relative plus FINE_ABSOLUTE_S). The coarse
response-time histograms must be identical.
"""

from __future__ import annotations

import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from sim import load_scenario, simulate
from sim.engine.contact_centre import ContactCentre
from sim.results.centre_kpis import replication_kpis
from sim.running.replication import SiteModel
from sim.results.report import to_json_dict
from sim.results.histograms import FINE_ABSOLUTE_S, FINE_RELATIVE, FineHistogram
from sim.results.streaming import StreamingOptions, StreamingSummary, trace_path

from conftest import MMC_12, REPO

SUMS_REL = 1e-9
#: Metrics that are counts or ratios of counts, or not computed from the records: identical.
COUNTED = {"offered", "open_at_end", "late", "service_level", "service_level_hour", "callers_reached",
           "callbacks_owed", "callback_reached", "p_wait", "abandon_rate", "on_time_rate",
           "agents_present", "overtime_h_per_day", "mean_queue_length",
           "created", "closed", "rework_rate", "parts_wait_share", "backlog_end_of_day", "response_within_target",
           "rounds_required", "round_completion", "rounds_missed", "visit_coverage", "inspection_completion",
           "follow_up_on_time", "availability", "facility_availability", "completion_within_target"}
PERCENTILES = ("wait_p", "response_p", "checkpoint_gap_p")

CASES = {
    # scenario, overrides, replications, block size (small, so that there are many flushes)
    "mmc_12": (MMC_12, ["calendar.horizon_days=2", "calendar.warmup_days=0.25"], 2, 1_000),
    "default": (REPO / "scenarios" / "default.yaml", ["calendar.horizon_days=4"], 2, 97),
    "group_portfolio": (REPO / "scenarios" / "group_portfolio.yaml", ["calendar.horizon_days=2"], 2, 500),
    # per-type commitments (one with a shorter answer time than its kind's): their own KPI rows
    "default_type_targets": (REPO / "scenarios" / "default.yaml", [
        "calendar.horizon_days=3", "targets.types={calls.emergency: {answer_within_s: 5, service_level: 0.9}, "
        "calls.complaint: {answer_within_s: 15, max_asa_s: 10}, expert.complaint: {answer_within_s: 120, "
        "max_abandon_rate: 0.1}, tickets.app_ticket: {on_time: 0.99}, return_visits.repair_report: {on_time: 0.9}}"],
        2, 211),
}


def assert_same(metric: str, exact: float, streamed: float, where) -> None:
    if math.isnan(exact):
        assert math.isnan(streamed), where
    elif metric.startswith(PERCENTILES):
        assert abs(streamed - exact) <= FINE_RELATIVE * abs(exact) + FINE_ABSOLUTE_S, (where, exact, streamed)
    elif metric in COUNTED:
        assert streamed == exact, (where, exact, streamed)
    else:
        assert streamed == pytest.approx(exact, rel=SUMS_REL, abs=1e-12), (where, exact, streamed)


@pytest.fixture(scope="module", params=list(CASES))
def both_modes(request):
    path, overrides, reps, block = CASES[request.param]
    scenario = load_scenario(path, overrides)
    return (simulate(scenario, replications=reps),
            simulate(scenario, replications=reps, streaming=True, block_size=block), block)


def test_every_kpi_agrees_with_the_exact_mode(both_modes):
    exact, streamed, _ = both_modes
    types = exact.scenario.targets.types
    assert {k.stream for r in exact.results for k in r.kpis if "." in k.stream and k.stream.split(".")[0] in
            ("calls", "remote_ops", "expert", "tickets", "return_visits")} == set(types)
    for a, b in zip(exact.results, streamed.results):
        assert list(a.kpis) == list(b.kpis)
        for key, value in a.kpis.items():
            assert_same(key.metric, value, b.kpis[key], (a.replication, key))
        assert list(a.by_type) == list(b.by_type)
        for (label, metric), value in a.by_type.items():
            assert_same(metric, value, b.by_type[(label, metric)], (a.replication, label, metric))


def test_hour_of_day_profiles_and_histograms_agree(both_modes):
    exact, streamed, _ = both_modes
    for a, b in zip(exact.results, streamed.results):
        assert list(a.by_hour) == list(b.by_hour)
        for series, metrics in a.by_hour.items():
            for metric, values in metrics.items():
                x, y = np.array(values), np.array(b.by_hour[series][metric])
                assert np.array_equal(np.isnan(x), np.isnan(y)), (series, metric)
                if metric in ("offered_per_day", "service_level", "agents_present"):
                    assert np.array_equal(x, y, equal_nan=True), (series, metric)
                else:
                    assert np.allclose(x, y, rtol=SUMS_REL, atol=1e-9, equal_nan=True), (series, metric)
        assert list(a.histograms) == list(b.histograms)
        for stream, counts in a.histograms.items():
            assert np.array_equal(counts, b.histograms[stream]), stream
    pd.testing.assert_frame_equal(exact.histogram_table(), streamed.histogram_table())


def test_the_json_report_differs_at_most_in_percentiles(both_modes):
    exact, streamed, _ = both_modes
    a, b = to_json_dict(exact), to_json_dict(streamed)
    assert a["by_hour"] == b["by_hour"] or all(
        np.allclose(np.array(v, dtype=float), np.array(b["by_hour"][s][m], dtype=float), rtol=1e-5, equal_nan=True)
        for s, ms in a["by_hour"].items() for m, v in ms.items())
    for ka, kb in zip(a["kpis"], b["kpis"]):
        assert (ka["stream"], ka["metric"], ka.get("group")) == (kb["stream"], kb["metric"], kb.get("group"))
        if ka["metric"].startswith(PERCENTILES):
            if ka["mean"] is not None:
                assert abs(kb["mean"] - ka["mean"]) <= FINE_RELATIVE * ka["mean"] + FINE_ABSOLUTE_S + 1e-5 * ka["mean"]
        elif ka["mean"] is None:  # e.g. an hour of the day with no call in any replication
            assert kb["mean"] is None, ka
        else:
            assert kb["mean"] == pytest.approx(ka["mean"], rel=2e-6), ka  # 6 significant digits


def test_records_held_never_exceed_the_block():
    """Count the records the centre holds after every record it writes, and the final field
    tasks the sites hold after every one handed over (counters, not RSS)."""
    scenario = load_scenario(REPO / "scenarios" / "group_portfolio.yaml", ["calendar.horizon_days=2"])
    block = 250
    sink = StreamingSummary(scenario, 0, StreamingOptions(block_size=block))
    model = SiteModel(scenario, scenario.seed, 0, sink)
    centre = model.centre
    held, field_held = [], []
    write, final = centre._record, sink.field_task_final

    def counted(*args):
        write(*args)
        held.append(len(centre._records[0]))

    def counted_final():
        final()
        field_held.append(sum(len(stream.buffer) for stream in sink.field_streams))

    centre._record, sink.field_task_final = counted, counted_final
    log = model.run()
    exact = SiteModel(scenario, scenario.seed, 0).run()
    assert len(held) == len(exact.kind) == sink.records  # every record passed through, once
    assert max(held) <= block and sink.peak_held <= block
    assert sink.blocks >= len(exact.kind) // block > 20
    assert len(log.kind) == 0 and len(centre._records[0]) == 0  # nothing kept at the end
    assert log.in_service_at_end == exact.in_service_at_end
    assert replication_kpis(log, scenario).keys() == replication_kpis(exact, scenario).keys()
    # Field tasks: every final one handed over once, at most a field block held at a time.
    tasks = [t for f in exact.field for t in f.tasks]
    final = [t for t in tasks if not math.isnan(t.done_s) or t.meta.get("missed")]  # done, or a missed round
    assert sink.field_block_size == block // 16
    assert len(field_held) == len(final) > 1000
    assert max(field_held) < sink.field_block_size and sink.field_peak_held <= sink.field_block_size
    assert sink.field_blocks > 20 and all(len(f.tasks) == 0 for f in log.field)
    assert all(len(times) <= 1 for f in log.field for visits in f.checkpoint_visits.values() for times in visits)


def test_exact_mode_keeps_no_sink_and_uses_the_unchanged_record_method():
    scenario = load_scenario(MMC_12, ["calendar.horizon_days=0.5"])
    centre = ContactCentre(scenario, 1, 0)
    assert centre.sink is None and centre._record.__func__ is ContactCentre._record
    assert centre.run().summary is None


def test_trace_holds_exactly_the_records_of_the_exact_mode(tmp_path):
    scenario = load_scenario(REPO / "scenarios" / "default.yaml", ["calendar.horizon_days=3"])
    records = simulate(scenario, replications=2, keep_logs=True).records()
    run = simulate(scenario, replications=2, trace_dir=tmp_path / "trace", block_size=100)
    files = sorted((tmp_path / "trace").iterdir())
    assert [f.name for f in files] == [trace_path("", r).name for r in (0, 1)]  # no temporary files left
    back = pd.concat([pd.read_parquet(f) for f in files], ignore_index=True)
    pd.testing.assert_frame_equal(back, records)
    assert len(back) > 10 * 100  # many blocks, appended in order
    assert run.kpi_table()["mean"].notna().any()


def test_a_failed_replication_leaves_no_trace_file(tmp_path, monkeypatch):
    scenario = load_scenario(MMC_12, ["calendar.horizon_days=0.5"])
    calls = []
    add = StreamingSummary.add

    def failing(self, block):
        calls.append(len(block.kind))
        if len(calls) == 3:
            raise RuntimeError("disk full")
        add(self, block)

    monkeypatch.setattr(StreamingSummary, "add", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        simulate(scenario, replications=1, trace_dir=tmp_path, block_size=100)
    assert list(tmp_path.iterdir()) == []


def test_streaming_runs_reproduce_on_a_process_pool():
    scenario = load_scenario(MMC_12, ["calendar.horizon_days=1"])
    serial = simulate(scenario, replications=3, streaming=True, block_size=300)
    pooled = simulate(scenario, replications=3, streaming=True, block_size=300, workers=2)
    pd.testing.assert_frame_equal(serial.replication_table(), pooled.replication_table())
    # The block size changes only the rounding of sums.
    other = simulate(scenario, replications=3, streaming=True, block_size=7_000)
    for a, b in zip(serial.results, other.results):
        for key, value in a.kpis.items():
            assert_same(key.metric, value, b.kpis[key], key)


def test_fine_histogram_percentiles_are_within_the_stated_resolution():
    rng = np.random.default_rng(3)
    samples = [
        rng.lognormal(2, 2, 5_000),
        np.concatenate((np.zeros(3_000), rng.exponential(20, 2_000))),   # many answered at once
        np.concatenate((rng.uniform(0, 2e-3, 500), rng.uniform(1e5, 1e7, 10))),
        np.array([42.0]),
    ]
    for values in samples:
        h = FineHistogram()
        for part in np.array_split(values, 7):  # added in blocks
            h.add_values(part)
        assert h.counts.sum() == len(values)
        for q in (0, 1, 25, 50, 90, 95, 99, 100):
            exact = float(np.percentile(values, q))
            assert abs(h.percentile(q) - exact) <= FINE_RELATIVE * exact + FINE_ABSOLUTE_S, (q, exact, h.percentile(q))
    assert math.isnan(FineHistogram().percentile(50))
    assert FINE_RELATIVE < 0.005


def test_keep_logs_and_streaming_exclude_each_other():
    scenario = load_scenario(MMC_12, ["calendar.horizon_days=0.5"])
    with pytest.raises(ValueError, match="trace_dir"):
        simulate(scenario, replications=1, keep_logs=True, streaming=True)
    with pytest.raises(ValueError, match="block_size"):
        simulate(scenario, replications=1, streaming=True, block_size=0)


def test_cli_streaming_with_trace(tmp_path):
    out = tmp_path / "report.json"
    result = subprocess.run([sys.executable, "-m", "sim", "run", str(MMC_12), "--days", "0.5", "--replications", "2",
                             "--streaming", "--trace", str(tmp_path / "trace"), "--json", str(out)],
                            cwd=REPO, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "trace").iterdir()) == ["replication_0000.parquet", "replication_0001.parquet"]
    scenario = load_scenario(MMC_12, ["calendar.horizon_days=0.5", "replications=2"])
    import json

    assert json.loads(out.read_text())["kpis"] == to_json_dict(simulate(scenario, streaming=True))["kpis"]
