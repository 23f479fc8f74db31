"""The proposal's headroom section (planner.proposal.demand_risk): one sentence, how it was
measured and a small table of plan.json's ``headroom``, in Chinese and English; nothing without
one. The headroom blocks are real runs of planner.headroom: the small plan's own (none at today's
demand on short runs, with its families) and a 24-h desk's (a multiplier and the commitment that
breaks first) laid over the small plan, whose proposal renders the block it is given."""

from __future__ import annotations

import json
import re
from pathlib import Path

import docx
import pytest

from planner.headroom import FAMILIES, headroom, plan_headroom
from planner.proposal import export_proposal
from planner.proposal.content import build_document
from planner.proposal.demand_risk import TEXT
from planner.proposal.text import commitment_name
from sim import load_scenario
from sim.scenario.loader import validate

REPO = Path(__file__).resolve().parents[3]
SHORT = {"replications": 2, "days": 1.0, "m_max": 2.5, "tolerance": 0.05}


def _plan(name: str) -> dict:
    return json.loads((REPO / "tests" / "data" / name).read_text(encoding="utf-8"))


def _desk(agents: int):
    return load_scenario("scenarios/validation/mmc_12.yaml", [
        "demand.calls.single.rate_per_minute=3", "calendar.horizon_days=1", "calendar.warmup_days=0.1",
        f"centre.pools.agents.roster.shifts.all_day.agents={agents}"])


@pytest.fixture(scope="module")
def own_room() -> dict:
    """The small plan's own headroom with its families, on short runs."""
    plan = _plan("plan_small.json")
    found = plan_headroom(validate(plan["scenario_parameters"]), plan["set_aside"], plan["evidence"]["seed"],
                          families=True, **SHORT)
    return found.to_dict()


@pytest.fixture(scope="module")
def desk_room() -> dict:
    found = headroom(_desk(6), **SHORT)
    assert found.multiplier is not None and found.multiplier - 1 > SHORT["tolerance"] and not found.at_least
    assert found.first_broken["key"] == "calls.service_level"
    return found.to_dict()


def _section(doc, title: str):
    return next((s for s in doc.sections if s.title == title), None)


def _texts(section) -> list[str]:
    out = []
    for block in section.blocks:
        if hasattr(block, "rows"):
            out += [block.title] + [str(c.value) for row in block.rows for c in row.cells if c.value is not None]
        else:
            out.append(block.text)
    return out


def test_a_plan_without_headroom_has_no_headroom_section():
    plan = _plan("plan_small.json")
    assert "headroom" not in plan
    for lang, title in (("zh", TEXT["headroom"][0]), ("en", TEXT["headroom"][1])):
        doc = build_document(plan, lang)
        assert _section(doc, title) is None
        assert not any("需求余量" in s.heading or "headroom" in s.heading.lower() for s in doc.sections)


def test_the_sentence_names_the_increase_taken_and_the_commitment_that_breaks_first(desk_room, tmp_path):
    plan = _plan("plan_small.json") | {"headroom": desk_room}
    scenario = validate(plan["scenario_parameters"])
    increase = f"{round((desk_room['multiplier'] - 1) * 100)}%"  # above 5%: whole per cent
    # named as the commitments table names it: by the plan's own evidence row (its time limit)
    row = next(k for k in plan["evidence"]["kpis"] if (k["stream"], k["metric"]) == ("calls", "service_level"))
    for lang in ("zh", "en"):
        doc = build_document(plan, lang)
        section = _section(doc, TEXT["headroom"][0 if lang == "zh" else 1])
        assert section is not None and section.number.startswith("2.")
        first = commitment_name(row, scenario, lang)
        sentence = section.blocks[0].text
        if lang == "zh":
            assert sentence == f"本方案在需求增加 {increase} 时仍满足全部服务承诺；首先不达标的是{first}。"
            # no English word, raw key or None in the Chinese section
            assert not [t for t in _texts(section) if re.search(r"[A-Za-z_]", t)], _texts(section)
        else:
            assert sentence.startswith(f"This plan still meets every service commitment with demand {increase} higher")
            assert first in sentence
        table = section.blocks[2]
        assert [[c.value for c in row.cells] for row in table.rows] == [
            [TEXT["family.all"][0 if lang == "zh" else 1], f"× {desk_room['multiplier']:.3g}", increase, first]]
        assert f"{desk_room['replications']} " in section.blocks[1].text  # the runs it stands on
    # and the Word file carries it
    path = export_proposal(plan, tmp_path, formats=("docx",), lang="zh")["docx"]
    body = "\n".join(p.text for p in docx.Document(path).paragraphs)
    assert f"本方案在需求增加 {increase} 时仍满足全部服务承诺" in body


def test_families_each_have_a_row_and_a_headroom_not_shown_today_is_said_so(own_room):
    plan = _plan("plan_small.json") | {"headroom": own_room}
    assert set(own_room["families"]) == set(FAMILIES)
    doc = build_document(plan, "zh")
    section = _section(doc, TEXT["headroom"][0])
    rows = section.blocks[2].rows
    assert [r.cells[0].value for r in rows] == [TEXT["family.all"][0]] + [TEXT[f"family.{f}"][0] for f in FAMILIES]
    if own_room["multiplier"] is None:  # short runs of a rare incident: not shown met even today
        assert section.blocks[0].text.startswith("在需求余量测算的仿真中，本方案在当前需求下尚未证实全部服务承诺达标")
        assert rows[0].cells[1].value == TEXT["not_met_today"][0] and rows[0].cells[2].value is None
    assert not [t for t in _texts(section) if re.search(r"[A-Za-z_]|None", t)], _texts(section)


def test_the_submission_leaves_out_a_headroom_not_shown_today_and_states_one_shown(own_room, desk_room):
    plan = _plan("plan_submittable.json")
    none = dict(own_room, multiplier=None)
    title = TEXT["headroom"][0]
    assert _section(build_document(plan | {"headroom": none}, "zh", edition="submission"), title) is None
    assert _section(build_document(plan | {"headroom": none}, "zh"), title) is not None
    assert _section(build_document(plan | {"headroom": desk_room}, "zh", edition="submission"), title) is not None


# ---------------------------------------------------------------------------- the robust plan

def _robust_plan(sigma: float) -> dict:
    """A desk's plan with its robust plan (planner.robust) at P = 0.9, as plan.json holds it."""
    from planner.plan import make_plan
    from planner.robust import plan_robust

    settings = {"replications": 4, "search_days": 2.0, "verify_replications": 4, "workers": 1, "start": "scenario"}
    scenario = load_scenario("scenarios/validation/mmc_12.yaml", [
        "demand.calls.single.rate_per_minute=2", "calendar.horizon_days=2", "sites.validation.floor_area_m2=30000",
        f"demand_uncertainty.calls_tickets.lognormal_sigma={sigma}"])
    nominal = make_plan(scenario, **settings)
    found = plan_robust(scenario, nominal, 0.9, lambda s: make_plan(s, **settings), draws=10, replications=2, days=1.0)
    return json.loads(json.dumps(nominal.to_dict() | {"robust": found.to_dict()}, ensure_ascii=False))


@pytest.fixture(scope="module")
def robust_plan() -> dict:
    return _robust_plan(0.3)


def test_the_robust_section_states_the_price_of_robustness_and_the_check(robust_plan):
    robust = robust_plan["robust"]
    assert robust["extra_yuan_per_year"] > 0  # 1.47 × the calls: more agents
    for lang in ("zh", "en"):
        doc = build_document(robust_plan, lang)
        section = _section(doc, TEXT["robust"][0 if lang == "zh" else 1])
        assert section is not None and section.number.startswith("2.")
        sentence, check = section.blocks[0].text, section.blocks[1].text
        for figure in (f"{robust['robust']['budget_yuan_per_year']:,.0f}", f"{robust['nominal']['budget_yuan_per_year']:,.0f}",
                       f"{robust['extra_yuan_per_year']:,.0f}", f"{robust['robust']['people']:.0f}"):
            assert figure in sentence, (figure, sentence)
        assert ("稳健性的代价" if lang == "zh" else "the price of robustness") in sentence
        assert f"{robust['check']['robust']['probability']:.0%}" in check and str(robust["check"]["draws"]) in check
        tables = [b for b in section.blocks if hasattr(b, "rows")]
        designs = [[c.value for c in row.cells] for row in tables[0].rows]
        assert [d[1] for d in designs] == [robust["nominal"]["people"], robust["robust"]["people"]]
        assert [d[2] for d in designs] == [robust["nominal"]["budget_yuan_per_year"], robust["robust"]["budget_yuan_per_year"]]
        (family,) = [[c.value for c in row.cells] for row in tables[1].rows]
        assert family[0] == TEXT["family.calls_tickets"][0 if lang == "zh" else 1]
        assert family[2] == f"× {robust['multipliers']['calls_tickets']:.3g}"
        if lang == "zh":
            assert not [t for t in _texts(section) if re.search(r"[A-Za-z_]|None", t)], _texts(section)
    assert _section(build_document(_plan("plan_small.json"), "zh"), TEXT["robust"][0]) is None


def test_a_robust_plan_at_no_extra_cost_says_so():
    plan = _robust_plan(0.0)  # zero uncertainty: the robust plan is the plan
    assert plan["robust"]["extra_yuan_per_year"] == 0
    section = _section(build_document(plan, "zh"), TEXT["robust"][0])
    assert section.blocks[0].text.endswith("本方案无需为稳健性增加费用。")
