"""The one verdict of a commitment (sim.results.verdicts): met, missed, not yet shown, not
measured; "not measured" is never met, and a run's and a plan's counts come from one place."""

from __future__ import annotations

import json
import math
from pathlib import Path

from sim import simulate
from sim.results.centre_kpis import KpiKey, kpi_targets
from sim.results.report import kpi_text_table, to_json_dict
from sim.results.verdicts import Verdict, Verdicts, judge

from tests.sim.results.test_commitments import make

NAN = math.nan
PLAN = Path(__file__).parents[2] / "data" / "plan_small.json"


def test_the_interval_decides_on_either_side_of_the_target():
    assert judge(">=", 0.8, 0.81, 0.9, 0.85) is Verdict.MET
    assert judge(">=", 0.8, 0.7, 0.79, 0.75) is Verdict.MISSED
    assert judge(">=", 0.8, 0.75, 0.85, 0.8) is Verdict.NOT_SHOWN
    assert judge("<=", 0.85, 0.5, 0.85, 0.6) is Verdict.MET
    assert judge("<=", 0.85, 0.86, 0.9, 0.88) is Verdict.MISSED
    assert judge("<=", 0.85, 0.8, 0.9, 0.85) is Verdict.NOT_SHOWN


def test_no_event_or_no_interval_is_not_measured_never_met():
    # no event of the kind in any replication: no mean
    assert judge(">=", 0.95, NAN, NAN, NAN) is Verdict.NOT_MEASURED
    # one replication saw one (the app showed "100.0%, interval —, met"): no interval, not met
    assert judge(">=", 0.95, NAN, NAN, 1.0) is Verdict.NOT_MEASURED
    assert judge("<=", 0.85, None, None, 0.1) is Verdict.NOT_MEASURED
    verdicts = Verdicts.of_rows([{"stream": "work_orders.emergency", "metric": "response_within_target",
                                  "group": None, "direction": ">=", "target": 0.95, "mean": 1.0,
                                  "ci_low": NAN, "ci_high": NAN}])
    assert verdicts.total == 1 and verdicts.met == 0 and not verdicts.all_met
    assert [c.verdict for c in verdicts.not_met] == [Verdict.NOT_MEASURED]


def _desk():
    """Two agents round the clock for three one-second calls an hour (test_commitments.make)."""
    return make({"calendar": {"horizon_days": 2},
                 "centre": {"pools": {"desk": {"roster": {"shifts": {"day": {"start": "00:00", "length_h": 24, "agents": 2}}}}}}})


def test_a_single_replication_shows_nothing_met_and_every_output_agrees():
    run = simulate(_desk(), replications=1, seed=3)
    verdicts = Verdicts.of_run(run)
    assert verdicts.total >= 2 and verdicts.count(Verdict.NOT_MEASURED) == verdicts.total and verdicts.met == 0
    # the KPI table's status column and the JSON report are the same verdicts
    table = run.kpi_table()
    assert set(table.loc[table["direction"].notna(), "status"]) == {"no data"}
    assert Verdicts.of_kpis(to_json_dict(run)["kpis"]) == verdicts
    assert f"0 of {verdicts.total} commitments met" in kpi_text_table(run)


def test_a_run_with_an_interval_is_judged_on_it():
    scenario = _desk()
    verdicts = Verdicts.of_run(simulate(scenario, replications=3, seed=3))
    assert verdicts.all_met and verdicts.total == len(kpi_targets(scenario, ["desk"]))  # every target, each hour's too
    assert verdicts.of(KpiKey("calls", "service_level")) is Verdict.MET


def test_an_older_plan_without_a_verdicts_block_is_judged_from_its_evidence():
    plan = json.loads(PLAN.read_text())
    assert "verdicts" not in plan
    verdicts = Verdicts.of_plan(plan)
    assert verdicts.total == sum(1 for k in plan["evidence"]["kpis"] if k.get("direction"))
    # urgent repairs: one replication saw one (stored "met" with no interval): not measured
    assert verdicts.of(KpiKey("work_orders.urgent", "response_within_target")) is Verdict.NOT_MEASURED
    assert verdicts.of(KpiKey("incidents", "response_within_target")) is Verdict.NOT_SHOWN
    # plan.json's block reads back as the same verdicts
    assert Verdicts.of_plan({**plan, "verdicts": verdicts.to_dict()}) == verdicts
    assert verdicts.to_dict()["counts"] == {"met": verdicts.met, "missed": 0, "inconclusive": 1, "no data": 1}


def test_the_rule_of_thumb_is_counted_out_of_the_plans_commitments():
    def rows(*keys):
        return [{"stream": s, "metric": m, "group": g, "direction": ">=", "target": 0.8, "mean": 0.9,
                 "ci_low": 0.85, "ci_high": 0.95} for s, m, g in keys]

    plan = Verdicts.of_rows(rows(("calls", "service_level", None), ("tickets", "on_time_rate", None)))
    # its own rosters keep a pool the plan merged away (one more commitment) and miss a stream
    rot = Verdicts.of_rows(rows(("calls", "service_level", None), ("staff", "occupancy", "experts")))
    on_plan = rot.over(plan)
    assert on_plan.total == plan.total == 2 and on_plan.met == 1
    assert on_plan.of(KpiKey("tickets", "on_time_rate")) is Verdict.NOT_MEASURED
