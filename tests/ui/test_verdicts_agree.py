"""One verdict vocabulary, one count (issue 35): for the same plan the planner's summary,
plan.json, the proposal and the app's Optimise, Export and Compare pages give the same verdict
of every commitment and the same counts; the Optimise page's title claims every commitment met
only when it is; its "before" column is what the planner entered; Compare sets plans side by
side (never the scenarios' own rosters) and counts a commitment not yet shown as such."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from planner.plan import summary_text
from planner.proposal.content import build_document
from planner.proposal.context import Context, sheet
from planner.proposal.model import Table
from sim.results.report import verdict_line
from sim.results.verdicts import Verdict, Verdicts
from sim.scenario.loader import validate
from ui import i18n, runs, state

from tests.ui.test_app import APP, TIMEOUT, lkey, no_exception, texts


def _summary(verdicts: Verdicts) -> str:
    return i18n.t("kpi.summary", "zh", met=verdicts.met, total=verdicts.total, missed=verdicts.count(Verdict.MISSED),
                  not_shown=verdicts.count(Verdict.NOT_SHOWN), not_measured=verdicts.count(Verdict.NOT_MEASURED))


def _alerts(at: AppTest) -> list[str]:
    return [str(e.value) for e in (*at.success, *at.warning, *at.error)]


@pytest.fixture(scope="module")
def planned():
    """A small quick plan of the default template, kept where the app keeps its plans."""
    patch = pytest.MonkeyPatch()
    patch.setattr(runs, "QUICK_PLAN_DAYS", 2.0)
    patch.setattr(runs, "QUICK_PLAN", runs.QUICK_PLAN.but(replications=2, search_days=1.0, verify_replications=2,
                                                         max_candidates=20))
    patch.setattr(runs, "QUICK_DAYS", 2.0)
    patch.setattr(runs, "QUICK_REPLICATIONS", 2)
    scenario, _ = state.validate_data(state.load_template("default"))
    settings = runs.plan_settings(scenario, "quick")
    site_plan = runs.plan_with(scenario, settings, workers=1)
    record = runs.PlanRecord(runs.plan_key(scenario, settings), runs._json_safe(site_plan.to_dict()), settings,
                             scenario.name, 0.0)
    runs.plan_store().put(record.key, record)
    yield scenario, site_plan, record
    patch.undo()


def test_summary_plan_json_and_proposal_count_the_same(planned):
    scenario, site_plan, record = planned
    plan = record.plan
    verdicts = Verdicts.of_plan(plan)
    assert verdicts == Verdicts.of_run(site_plan.search.evidence)
    assert plan["verdicts"]["total"] == verdicts.total == sum(plan["verdicts"]["counts"].values())
    assert plan["verdicts"]["counts"] == {v.value: verdicts.count(v) for v in Verdict}
    rot = Verdicts.of_plan(plan, rule_of_thumb=True)
    assert rot == Verdicts.of_run(site_plan.norms_run)
    # the rule of thumb counted out of the plan's commitments (its own rosters may have one more)
    assert verdict_line(verdicts) in summary_text(site_plan)
    assert verdict_line(rot.over(verdicts)) in summary_text(site_plan) and rot.over(verdicts).total == verdicts.total
    # the proposal: its count and each row of its commitments table
    ctx = Context(plan, validate(plan["scenario_parameters"]), "zh")
    assert (ctx.met_plan, len(ctx.targeted)) == (verdicts.met, verdicts.total)
    assert ctx.met_rot == rot.over(verdicts).met
    doc = build_document(plan, "zh")
    table = next(b for s in doc.sections for b in s.blocks if isinstance(b, Table) and b.sheet == sheet("commitments", "zh"))
    words = [row.cells[5].text for row in table.rows[:verdicts.total]]
    assert sorted(words) == sorted(i18n.status_word(c.verdict.value, "zh") for c in verdicts.commitments)
    # "before" is what the planner entered (not the analytic start the search began from)
    for line in plan["staffing"]:
        if line["kind"] == "pool":
            entered = scenario.centre.pools[line["group"]].roster.shifts
            assert line["people_before"] == (entered[line["shift"]].agents if line["shift"] in entered else 0)


def test_optimise_and_export_pages_show_the_plans_count_and_an_honest_title(planned):
    scenario, _, record = planned
    verdicts = Verdicts.of_plan(record.plan)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["lang"] = "zh"
    at.session_state["plan_key"] = record.key
    at.run()
    at.switch_page("ui/pages/optimise.py").run()
    no_exception(at)
    assert _summary(verdicts) in _alerts(at)
    # the rule of thumb's count in the same words (it read "24 / 52" beside the plan's count)
    rot = Verdicts.of_plan(record.plan, rule_of_thumb=True)
    assert i18n.t("opt.norms_met", "zh", summary=_summary(rot.over(verdicts))) in [c.value for c in at.caption]
    title = at.title[0].value
    if verdicts.all_met:
        assert title == i18n.t("opt.title.all_met", "zh")
    else:
        assert "满足全部承诺" not in title and title == i18n.t("opt.title.not_all_met", "zh", n=len(verdicts.not_met))
    # every commitment's verdict in the evidence table is the one verdict
    table = next(d.value for d in at.dataframe if "经验配置结论" in d.value.columns)
    assert sorted(table["结论"]) == sorted(i18n.status_text(c.verdict.value, "zh") for c in verdicts.commitments)
    # the shifts table's "before" column: the planner's entries
    shifts = next(d.value for d in at.dataframe if "优化前" in d.value.columns)
    assert list(shifts["优化前"]) == [line["people_before"] for line in record.plan["staffing"]]
    at.switch_page("ui/pages/export.py").run()
    no_exception(at)
    assert _summary(verdicts) in _alerts(at)


def test_compare_sets_plans_side_by_side_and_counts_not_yet_shown_as_such(planned):
    scenario, _, record = planned
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["lang"] = "zh"
    at.run()
    at.switch_page("ui/pages/compare.py").run()
    no_exception(at)
    # side B (the other operating model) has no plan: the page says so and shows no rosters as plans
    assert "还没有配置方案" in texts(at) and "last_compare" not in at.session_state
    assert not at.dataframe
    assert at.radio(key=lkey(at, "cmp_against")).value == "model"
    # B's latest plan (here the same plan, kept under B's key) makes the comparison
    other, _ = state.validate_data(state.other_operating_model(state.load_template("default")))
    settings = runs.plan_settings(other, "quick")
    runs.plan_store().put(runs.plan_key(other, settings), record)
    at.run()
    no_exception(at)
    verdicts = Verdicts.of_plan(record.plan)
    assert _alerts(at).count(_summary(verdicts)) == 2
    side_by_side = at.dataframe[1].value
    for column in side_by_side.columns[2:]:
        shown = [cell.split("  ", 1)[1] for cell in side_by_side[column]]
        assert sorted(shown) == sorted(i18n.status_text(c.verdict.value, "zh") for c in verdicts.commitments)
    warnings = " ".join(str(w.value) for w in at.warning)
    not_shown = verdicts.count(Verdict.NOT_SHOWN)
    assert ("尚未证实：" in warnings) == bool(not_shown)
    assert ("未达标：" in warnings) == bool(verdicts.count(Verdict.MISSED))
