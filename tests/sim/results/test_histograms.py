"""Response-time histograms (sim.results.histograms): they must agree exactly with the records they
summarise, pool additively over replications, and bracket the exact percentiles."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.results.histograms import EDGES_S, N_BINS, counts
from sim.scenario.loader import load_scenario
from sim.running.runner import extend, simulate

from conftest import MMC_12, REPO


def test_counts_put_edges_in_the_bin_they_open_and_keep_extremes():
    h = counts(np.array([0.0, 15.0, 14.999, -1.0, 1e12, math.inf]))
    assert h.sum() == 6
    assert h[0] == 2                                      # 0 and the negative
    assert h[list(EDGES_S).index(15.0)] == 1               # 15 s opens [15, 20)
    assert h[list(EDGES_S).index(15.0) - 1] == 1           # 14.999 s is in [10, 15)
    assert h[N_BINS - 1] == 2                              # 1e12 s and inf in the open last bin


@pytest.fixture(scope="module")
def mmc_run():
    scenario = load_scenario(MMC_12, ["calendar.horizon_days=2", "targets.calls.answer_within_s=15"])
    return simulate(scenario, replications=3, keep_logs=True)


def test_centre_histogram_matches_the_records_exactly(mmc_run):
    records = mmc_run.records()
    warm = mmc_run.scenario.calendar.warmup_days * 86400
    answered = records[(records.outcome == "answered") & (records.arrival_s >= warm)]
    table = mmc_run.histogram_table()
    calls = table[table.stream == "calls"]
    assert calls["count"].sum() * mmc_run.replications == pytest.approx(len(answered))
    # The share within an edge is exact, not interpolated.
    within_15 = float(calls[calls.high_s <= 15]["share"].sum())
    assert within_15 == pytest.approx(float((answered.wait_s < 15).mean()), abs=1e-12)
    # The exact 90th percentile lies in the bin where the cumulative share crosses 0.9.
    p90 = float(np.percentile(answered.wait_s, 90))
    crossing = calls[calls.cum_share >= 0.9].iloc[0]
    assert crossing.low_s <= p90 <= crossing.high_s


def test_histograms_pool_additively_over_replications(mmc_run):
    scenario = mmc_run.scenario
    first, rest = simulate(scenario, replications=1), simulate(scenario, replications=2, first=1)
    pooled = extend(first, rest).histogram_table()
    whole = mmc_run.histogram_table()
    assert np.array_equal(pooled["count"].to_numpy(), whole["count"].to_numpy())
    assert np.allclose(pooled["cum_share"].to_numpy(), whole["cum_share"].to_numpy(), rtol=0, atol=1e-15)


def test_field_response_histograms_agree_with_the_percentile_kpis():
    scenario = load_scenario(REPO / "scenarios" / "default.yaml", ["calendar.horizon_days=3"])
    run = simulate(scenario, replications=1)
    table = run.histogram_table()
    kpis = run.kpi_table().set_index(["stream", "metric"])
    for stream in ("work_orders.routine", "incidents"):
        rows = table[table.stream == stream]
        assert len(rows) == N_BINS and rows["count"].sum() > 0
        p95_s = kpis.loc[(stream, "response_p95_min"), "mean"] * 60
        crossing = rows[rows.cum_share >= 0.95].iloc[0]
        assert crossing.low_s <= p95_s <= crossing.high_s
        assert rows["cum_share"].iloc[-1] == pytest.approx(1.0)
