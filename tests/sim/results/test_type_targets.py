"""Per-type commitments (``targets.types``): a contact type's own KPIs against its own target,
computed by the kind's definitions from the type's records, named in the proposal and the app."""

from __future__ import annotations

import math

import numpy as np
import pytest

from planner.proposal import text as tx
from planner.proposal.context import Context, kpi_order
from sim import load_scenario, simulate
from sim.results.centre_kpis import KpiKey, kpi_targets
from ui import i18n

from conftest import MMC_12, REPO

TWO_TYPES = [
    "demand.calls.single=null", "calendar.horizon_days=1", "calendar.warmup_days=0.1", "replications=3",
    "+demand.calls.routine={rate_per_minute: 8.5, handle_time_s: {dist: exponential, mean: 60}}",
    "+demand.calls.emergency={rate_per_minute: 1, handle_time_s: {dist: exponential, mean: 60}, "
    "patience_s: {dist: exponential, mean: 120}}",
    "targets.calls={answer_within_s: 20, service_level: 0.8}",
]
EMERGENCY = "targets.types={calls.emergency: {answer_within_s: 5, service_level: 0.9, max_abandon_rate: 0.02}}"


@pytest.fixture(scope="module")
def run():
    return simulate(load_scenario(MMC_12, [*TWO_TYPES, EMERGENCY]), keep_logs=True)


def test_type_kpis_equal_the_type_table_and_carry_the_target(run):
    table = run.kpi_table()
    rows = table[table["stream"] == "calls.emergency"].set_index("metric")
    types = run.type_table()
    emergency = types[types["type"] == "calls.emergency"].set_index("metric")
    # The kind's metrics but the engine's queue length and the callers reached (measured per kind only).
    assert list(rows.index) == [m for m in table[table["stream"] == "calls"]["metric"]
                                if m not in ("mean_queue_length", "callers_reached")]
    for metric in rows.index:
        for column in ("mean", "ci_low", "ci_high"):
            assert rows.loc[metric, column] == emergency.loc[metric, column] or \
                (math.isnan(rows.loc[metric, column]) and math.isnan(emergency.loc[metric, column])), metric
    assert rows.loc["service_level", ["target", "direction"]].tolist() == [0.9, ">="]
    assert rows.loc["abandon_rate", ["target", "direction"]].tolist() == [0.02, "<="]
    assert rows.loc["service_level", "within_s"] == 5 == emergency.loc["service_level", "within_s"]
    for metric in ("service_level", "abandon_rate"):
        low, high, bound = rows.loc[metric, ["ci_low", "ci_high", "target"]]
        direction = rows.loc[metric, "direction"]
        expected = ("met" if (low >= bound if direction == ">=" else high <= bound) else
                    "missed" if (high < bound if direction == ">=" else low > bound) else "inconclusive")
        assert rows.loc[metric, "status"] == expected
    # The routine type keeps its kind's answer time.
    assert types[(types["type"] == "calls.routine") & (types["metric"] == "service_level")]["within_s"].item() == 20


def test_the_type_answer_time_is_honoured_against_the_records(run):
    records = run.records()
    window = records[(records["arrival_s"] >= run.scenario.calendar.warmup_days * 86400) & (records["outcome"] != "open")]
    by_rep = run.replication_table().set_index(["replication", "stream", "metric"])["value"]
    for replication, rec in window.groupby("replication"):
        emergency = rec[rec["type"] == "calls.emergency"]
        answered = emergency["outcome"] == "answered"
        within_5 = (answered & (emergency["wait_s"] <= 5)).sum() / len(emergency)
        within_20 = (answered & (emergency["wait_s"] <= 20)).sum() / len(emergency)
        calls = ((rec["outcome"] == "answered") & (rec["wait_s"] <= 20)).sum() / len(rec)
        assert by_rep[(replication, "calls.emergency", "service_level")] == pytest.approx(within_5, rel=1e-12)
        assert within_5 < within_20  # a different answer time gives a different service level
        assert by_rep[(replication, "calls", "service_level")] == pytest.approx(calls, rel=1e-12)
        assert by_rep[(replication, "calls.emergency", "abandon_rate")] == pytest.approx(
            (emergency["outcome"] == "abandoned").mean(), rel=1e-12)


def test_a_type_target_only_adds_rows():
    without = simulate(load_scenario(MMC_12, TWO_TYPES), replications=2).kpi_table()
    with_type = simulate(load_scenario(MMC_12, [*TWO_TYPES, EMERGENCY]), replications=2).kpi_table()
    kept = with_type[with_type["stream"] != "calls.emergency"].reset_index(drop=True)
    assert kept.equals(without)
    assert set(with_type["stream"]) - set(without["stream"]) == {"calls.emergency"}


def test_deadline_type_targets_and_kpi_targets():
    scenario = load_scenario("scenarios/default.yaml", [
        "targets.types={tickets.app_ticket: {on_time: 0.99}, expert.complaint: {answer_within_s: 90, max_asa_s: 30}}"])
    targets = kpi_targets(scenario, list(scenario.centre.pools))
    assert targets[KpiKey("tickets.app_ticket", "on_time_rate")] == (">=", 0.99)
    assert targets[KpiKey("expert.complaint", "asa_s")] == ("<=", 30)
    assert KpiKey("expert.complaint", "service_level") not in targets  # only an answer time: no target
    table = simulate(scenario, replications=2, seed=3).kpi_table()
    for stream, metric in (("tickets.app_ticket", "on_time_rate"), ("expert.complaint", "asa_s")):
        row = table[(table["stream"] == stream) & (table["metric"] == metric)]
        assert len(row) == 1 and row["status"].item() in ("met", "missed", "inconclusive")


def test_set_overrides_a_type_target_by_its_label():
    scenario = load_scenario(MMC_12, [*TWO_TYPES, EMERGENCY, "targets.types.calls.emergency.service_level=0.7"])
    assert scenario.targets.types["calls.emergency"].service_level == 0.7
    assert scenario.targets.types["calls.emergency"].answer_within_s == 5


def test_the_proposal_and_the_app_name_a_type_kpi():
    assert tx.kpi_name("calls.emergency", "service_level", None, tx.ZH, within_s=10) == "住户来电（紧急求助）10秒内接通率"
    assert tx.kpi_name("calls.emergency", "service_level", None, tx.EN, within_s=10) == "Calls (emergency) answered within 10 s"
    assert tx.kpi_name("expert.complaint", "abandon_rate", None, tx.ZH) == "专家坐席（投诉）放弃率"
    # A type without a translation is shown by its own name.
    assert tx.kpi_name("calls.water_leak", "asa_s", None, tx.EN) == "Calls (water_leak): average speed of answer (s)"
    assert i18n.kpi_label("calls.emergency", "service_level", None, "zh", 10.0) == "住户来电（紧急求助） · 服务水平（10秒内接通）"
    assert i18n.kpi_label("calls.emergency", "abandon_rate", None, "en") == "Calls (emergency) · abandon rate"
    scenario = load_scenario("scenarios/default.yaml", ["targets.types={tickets.app_ticket: {on_time: 0.99}}"])
    ctx = Context({"site": {}, "evidence": {"kpis": []}, "staffing": []}, scenario, tx.ZH)
    deadline = scenario.demand.tickets["app_ticket"].deadline_h
    assert ctx.kpi_name({"stream": "tickets.app_ticket", "metric": "on_time_rate"}) == \
        f"线上工单按时完成率（{deadline:g}小时内）"
    # In the commitments' order a type follows its kind.
    order = sorted(["staff", "tickets.app_ticket", "calls", "calls.emergency", "tickets"],
                   key=lambda s: kpi_order({"stream": s}))
    assert order == ["calls", "calls.emergency", "tickets", "tickets.app_ticket", "staff"]
    assert np.isfinite(kpi_order({"stream": "calls.emergency"}))


@pytest.mark.parametrize("path", sorted((REPO / "scenarios").glob("*.yaml")), ids=lambda p: p.stem)
def test_the_schema_names_the_same_contact_types_as_the_engine(path):
    """``contact_type_labels`` (what a type target may name) repeats the engine's labelling rule:
    they must agree on every bundled scenario."""
    from sim.engine.contact_centre import ContactCentre
    from sim.scenario import contact_type_labels

    scenario = load_scenario(path)
    engine = set(ContactCentre(scenario, 1, 0).type_labels)
    # callback attempts (centre.callbacks) are the engine's own types, not a type a target may name
    assert set(contact_type_labels(scenario.demand)) == {label for label in engine if not label.startswith("callbacks.")}
