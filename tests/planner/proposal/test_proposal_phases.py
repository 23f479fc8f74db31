"""The proposal of a plan with move-in phases (planner.proposal.phases): the staffing table by
phase shows each phase's people and when added people start, and the yearly table by phase adds
up to the contract plan: each phase's months × its monthly cost at the year's wage factor, each
year's subtotal the contract table's year, the total the contract's."""

from __future__ import annotations

import math

import pytest

from planner.proposal.content import build_document
from planner.proposal.model import Table
from planner.proposal.text import t

from phased_fixtures import small_phased_plan


@pytest.fixture(scope="module")
def plan() -> dict:
    return small_phased_plan()


def tables(plan: dict, lang: str) -> dict[str, Table]:
    doc = build_document(plan, lang)
    return {block.title: block for section in doc.sections for block in section.blocks if isinstance(block, Table)}


@pytest.mark.parametrize("lang,staffing,costs,contract", [
    ("zh", "入伙期各阶段人员配置及增员到岗时间", "合同期分阶段年度费用", "合同期收支计划表"),
    ("en", "People by move-in phase and when added people start", "Yearly costs by move-in phase",
     "Income and expenditure over the contract")])
def test_the_phase_tables_add_up_to_the_contract_plan(plan, lang, staffing, costs, contract):
    found = tables(plan, lang)
    by_phase, contract_table = found[costs], found[contract]
    years = plan["contract_plan"]["years"]
    growth = {y["year"]: y["wage_factor"] for y in years}
    rows = {row.key: [c.value for c in row.cells] for row in by_phase.rows}
    total_column = [c.label for c in contract_table.columns].index(t("col.total_cost", lang))
    for year in years:
        parts = [v for k, v in rows.items() if k.startswith(f"year{year['year']}.phase")]
        assert sum(p[2] for p in parts) == 12                              # the year's months, phase by phase
        for p in parts:
            assert p[4] == growth[year["year"]]                              # the year's wage factor
            assert p[6] == pytest.approx(p[2] * p[5])                        # months × monthly cost
        subtotal = rows[f"year{year['year']}"][6]
        assert subtotal == pytest.approx(math.fsum(p[6] for p in parts))
        year_row = next(r for r in contract_table.rows if r.key == f"year{year['year']}")
        assert subtotal == pytest.approx(year_row.cells[total_column].value)  # the contract table's year total
    assert rows["total"][6] == pytest.approx(plan["contract_plan"]["total_yuan"])
    # a phase's monthly cost is its own budget's year at that year's wage factor: later years cost more
    phase3 = [v for k, v in rows.items() if k.endswith(".phase3")]
    assert len(phase3) >= 2 and phase3[0][5] < phase3[1][5]
    people = found[staffing]
    total = next(r for r in people.rows if r.key == "total")
    assert [c.value for c in total.cells[1:-1]] == [sum(p["headcount_by_role"].values()) for p in plan["move_in"]["phases"]]


def test_the_chinese_staffing_table_names_each_phase_and_when_added_people_start(plan):
    people = tables(plan, "zh")["入伙期各阶段人员配置及增员到岗时间"]
    labels = [c.label for c in people.columns]
    assert labels[1].startswith("第1阶段\n第1～6月\n30%") and labels[2].startswith("入伙中期\n第7～18月")
    agents = next(r for r in people.rows if r.key == "agent")
    phases = plan["move_in"]["phases"]
    added = phases[1]["headcount_by_role"]["agent"] - phases[0]["headcount_by_role"]["agent"]
    assert added > 0 and f"第7月+{added:.0f}人" in agents.cells[-1].value


def test_a_phase_not_shown_meeting_its_commitments_is_said(plan):
    def said(lang: str, data: dict) -> str:
        doc = build_document(data, lang)
        return "\n".join(b.text for s in doc.sections for b in s.blocks if hasattr(b, "text"))

    assert all(p["targets_met"] for p in plan["move_in"]["phases"])
    assert "尚未在仿真中验证" not in said("zh", plan)
    short = {**plan, "move_in": {**plan["move_in"], "phases": [dict(p) for p in plan["move_in"]["phases"]]}}
    short["move_in"]["phases"][0]["targets_met"] = False
    assert "注意：第1阶段的人员配置尚未在仿真中验证全部服务承诺达成" in said("zh", short)
    assert "Note: the staffing of Phase 1 is not yet shown" in said("en", short)


def test_a_phase_not_shown_meeting_a_commitment_keeps_the_plan_from_submission(plan):
    from planner.proposal import ProposalError
    from planner.proposal.edition import check_submission, submission_gaps

    check_submission(plan)  # every phase shown meeting every commitment
    short = {**plan, "move_in": {**plan["move_in"], "phases": [dict(p) for p in plan["move_in"]["phases"]]}}
    short["move_in"]["phases"][0]["unmet"] = ["calls.service_level"]
    gaps = submission_gaps(short)
    assert [(k["stream"], k["metric"], k["phase"]) for k in gaps.unshown] == [("calls", "service_level", 1)]
    with pytest.raises(ProposalError, match="move-in phase 1"):
        check_submission(short)
