"""The staffing chapter's whole posts, compliance, organisation chart and month's rota
(planner.proposal.posts), on one small plan of the default site: rows add up to the plan's
headcount, shift names are Chinese and unique, the rota has every date and the chart renders."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from planner.plan import make_plan
from planner.search.design import design_options
from planner.proposal.charts import render
from planner.proposal.content import build_document
from planner.rostering.rota import OFF
from sim.scenario import WEEKDAYS
from sim.scenario.loader import load_scenario

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def site_plan():
    """The default site planned small and, as the app's quick plan does, options searched one
    at a time on top of the best so far within a candidate budget."""
    scenario = load_scenario(REPO / "scenarios" / "default.yaml", ["calendar.horizon_days=2"])
    return make_plan(scenario, replications=2, search_days=2, verify_replications=2, workers=1,
                     option_strategy="greedy", max_candidates=30)


@pytest.fixture(scope="module")
def plan(site_plan) -> dict:
    return json.loads(json.dumps(site_plan.to_dict(), ensure_ascii=False, allow_nan=False))


def test_options_the_candidate_budget_left_unsearched_are_named(site_plan, plan):
    from planner.plan import summary_text
    search = plan["search"]
    assert search["option_strategy"] == "greedy" and search["max_candidates"] == 30
    searched = set(search["design_options"])
    assert search["options_not_searched"] and not searched & set(search["options_not_searched"])
    assert searched | set(search["options_not_searched"]) == {o.name for o in design_options(load_scenario(REPO / "scenarios" / "default.yaml"))}
    text = summary_text(site_plan)
    assert "Design options not searched (no option search starts after 30 candidates): " in text
    assert all(name in text for name in search["options_not_searched"])


@pytest.fixture(scope="module")
def zh(plan):
    return build_document(plan, "zh")


def _table(doc, title_part: str):
    return [t for t in doc.tables() if title_part in t.title]


def test_plan_headcount_is_whole_people_and_posts_add_up(plan):
    heads = {role: v["planned"] for role, v in plan["headcount"].items()}
    assert all(float(v).is_integer() for v in heads.values()), heads
    by_role: dict[str, int] = {}
    for group in plan["posts"]:
        assert group["people"] >= max(group["roster_people"], -int(-(group["fte"] - 1e-9) // 1))
        by_role[group["role"]] = by_role.get(group["role"], 0) + group["people"]
    for role, people in by_role.items():
        assert heads[role] == people
    leaders = sum(d["leaders"] for d in plan["organisation"]["departments"].values())
    assert heads.get("supervisor", 0) == leaders
    # A role the plan no longer staffs (experts merged into the desk) has no budget line.
    assert {r: v for r, v in plan["budget"]["headcount_by_role"].items() if v} == \
        pytest.approx({r: v for r, v in heads.items() if v})
    # The search's cost is the budget's.
    assert plan["search"]["cost_yuan_per_year"] == pytest.approx(plan["budget"]["total_yuan_per_year"], abs=0.01)


def test_posts_table_rows_add_to_the_total(plan, zh):
    (table,) = _table(zh, "岗位编制")
    people = [float(r.cells[4].value) for r in table.rows if r.emphasis != "total"]
    (total,) = [r for r in table.rows if r.emphasis == "total"]
    assert sum(people) == total.cells[4].value == sum(v["planned"] for v in plan["headcount"].values())
    assert any("取整5人" in r.cells[5].value or "取整" in r.cells[5].value for r in table.rows)


def test_compliance_is_met_and_shown(plan, zh):
    assert {c["rule"] for c in plan["compliance"]} == {"fire_control", "entrances", "car_parks", "team_hours"}
    assert all(c["ok"] for c in plan["compliance"])
    (table,) = _table(zh, "合规")
    assert [r.cells[5].value for r in table.rows] == ["符合"] * len(plan["compliance"])
    assert any("GB 25506" in r.cells[4].value for r in table.rows)
    # The round-the-clock teams by their Chinese names, never by their keys.
    teams = [r.cells[1].value for r in table.rows if r.cells[0].value == "值守时段内始终有人在岗或备班"]
    assert sorted(teams) == sorted(["秩序维护巡逻班", "工程维修班"]), teams
    assert not any("field." in str(c.value) or "_" in str(c.value) for r in table.rows for c in r.cells)


def test_shift_names_in_the_chinese_rosters_are_chinese_and_unique(plan, zh):
    (table,) = _table(zh, "各岗位排班表")
    names: dict[str, list[str]] = {}
    group = ""
    for row in table.rows[:-1]:
        group = row.cells[0].value or group
        names.setdefault(group, []).append(row.cells[1].value)
        assert re.fullmatch(r"[\u4e00-\u9fff]+", row.cells[1].value), row.cells[1].value
        assert row.cells[4].value > 0            # no 0-person shift
    assert all(len(v) == len(set(v)) for v in names.values()), names


def test_the_rota_fills_every_shift_day_with_days_off(plan, zh):
    start = dt.date.fromisoformat(plan["site"]["start_date"])
    for rota in plan["rota"]:
        assert rota["short"] == []
        assert rota["dates"][0] == start.replace(day=1).isoformat()
        for d, day in enumerate(rota["dates"]):
            weekday = WEEKDAYS[dt.date.fromisoformat(day).weekday()]
            for shift in rota["shifts"]:
                on = sum(row[d] == shift["key"] for row in rota["grid"])
                assert on == (shift["people"] if weekday in shift["days"] else 0)
        for row in rota["grid"]:
            assert all(row[i:i + 7].count(OFF) >= 2 for i in range(0, len(row) - 6, 7))
    rota_tables = _table(zh, "排班表（")
    assert len(rota_tables) == len(plan["rota"])
    assert all(len(t.rows) == len(plan["rota"][0]["dates"]) for t in rota_tables)
    # The rotas are an appendix after the parameters; the staffing chapter refers to it.
    assert {t.chapter for t in rota_tables} == {"D"}
    (appendix,) = [s for s in zh.sections if s.number == "D"]
    assert appendix.heading == "附录D　月度排班表"
    order = [s.number for s in zh.sections if s.level == 1]
    assert order[-2:] == ["C", "D"]
    (reference,) = [s for s in zh.sections if s.number.startswith("3.") and s.title == "月度排班表"]
    assert not [b for b in reference.blocks if hasattr(b, "rows")]                 # no table in chapter 3
    assert "见附录D" in reference.blocks[0].text and f"（{len(plan['rota'])}张）" in reference.blocks[0].text


def test_organisation_chart_renders_with_chinese_labels(zh):
    (figure,) = [f for f in zh.figures() if f.chart == "organisation"]
    assert figure.data["manager"] == "管理处主任"  # the role as the staffing tables name it
    assert {d["name"] for d in figure.data["departments"]} >= {"客户服务部", "工程部", "秩序维护部"}
    png = render(figure)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_chinese_staffing_chapter_has_no_raw_keys_or_english(zh):
    texts = []
    for section in zh.sections:
        if not section.number.startswith("3"):
            continue
        for block in section.blocks:
            if hasattr(block, "rows"):
                texts += [c.text for r in block.rows for c in r.cells] + [c.label for c in block.columns] + [block.title]
            elif hasattr(block, "text"):
                texts.append(block.text)
    for text in texts:
        assert "None" not in text, text
        assert not re.search(r"[a-z]+_[a-z]+|\d\d:\d\d \d+h|\b(early|middle|night|day|evening)\b", text), text
