"""The search reports typed events (planner.search.events), rendered from one table per
language: every kind in Chinese and English, and no English sentence of the product is ever
parsed back (a scan of ui/ and planner/ keeps the old patterns from coming back)."""

from __future__ import annotations

import ast
import re
import typing
from pathlib import Path

import pytest

from planner.search import events
from planner.rostering.covering import cover_week, default_patterns
from planner.search.analytic_start import STANDARD_LENGTHS, STANDARD_STARTS_H, pool_requirements
from planner.search.changes import Change, ShiftRef
from planner.search.events import PLAIN, AnalyticRoster, SearchEvent, TargetEvidence, render
from planner.search.optimise import optimise
from sim.results.centre_kpis import KpiKey
from sim.scenario.loader import load_scenario
from sim.scenario.scenario import GroupPath
from ui import i18n

REPO = Path(__file__).resolve().parents[3]
LATE = KpiKey("work_orders.urgent", "response_within_target")
HOUR = KpiKey("calls", "service_level_hour", "18:00")
EVIDENCE = (TargetEvidence(LATE, 0.7659, 0.6461, 0.8857, ">=", 0.9),
            TargetEvidence(KpiKey("staff", "overtime_h_per_day", "service_desk"), 3.2, float("nan"), float("nan"), "<=", 2.0))
OPTIONS = ("merge_pool:experts>agents", "on_call:technicians>night")
#: A move: one more technician on the night shift.
NIGHT = Change("add", GroupPath("team", "technicians"), ShiftRef("night", "00:00", 8.0), "agents", 1)
#: One event of every kind, with every field its sentence reads.
SAMPLES = [
    SearchEvent("analytic_start", analytic=(AnalyticRoster("service_desk", 178.5, 180.0), AnalyticRoster("experts", 40, 42))),
    SearchEvent("comparing", scenario="default", operating_model="centralised"),
    SearchEvent("search"), SearchEvent("search", OPTIONS),
    SearchEvent("budget_spent", OPTIONS[:1], budget=40),
    SearchEvent("gave_up", OPTIONS[1:]),
    *(SearchEvent("step", action=action, move=NIGHT.label, cost_yuan=12_689_554.0, change=NIGHT)
      for action in events.ACTIONS),
    SearchEvent("inconclusive", target=HOUR, replications=12),
    SearchEvent("set_aside", target=KpiKey("staff", "occupancy", "service_desk")),
    SearchEvent("verifying", OPTIONS), SearchEvent("verifying", repaired=True),
    SearchEvent("settling", replications=64),
    SearchEvent("sets_aside", OPTIONS, targets=(LATE, HOUR)),
    SearchEvent("misses", OPTIONS, evidence=EVIDENCE, replications=128),
    SearchEvent("repairing", evidence=EVIDENCE[:1], replications=8),
    SearchEvent("is_plan", OPTIONS[:1]), SearchEvent("is_plan"),
    SearchEvent("verified"),
]
#: Latin a Chinese sentence may hold: the time-of-day shift names' "h" and units.
_ZH_LATIN_OK = {"h", "s", "min"}


def test_every_kind_has_a_sentence_in_both_languages_and_a_sample():
    kinds = set(typing.get_args(events.EventKind))
    assert kinds == set(events.TEXT) == {e.kind for e in SAMPLES}


@pytest.mark.parametrize("event", SAMPLES, ids=lambda e: f"{e.kind}-{e.action or len(e.options)}")
def test_an_event_reads_in_chinese_without_an_english_word_and_in_english_without_a_key(event):
    zh, en = i18n.progress_message(event, "zh"), i18n.progress_message(event, "en")
    latin = set(re.findall(r"[A-Za-z]+", zh)) - _ZH_LATIN_OK
    assert not latin and "None" not in zh and "{" not in zh, (event, zh)
    assert re.search(r"[\u4e00-\u9fff]", zh) and zh != en, zh
    assert "_" not in en and "None" not in en and "{" not in en and not re.search(r"[\u4e00-\u9fff]", en), (event, en)


def test_the_command_line_names_things_by_their_keys():
    assert render(SearchEvent("set_aside", target=HOUR)) == \
        "no added staff on any shift moves calls[18:00].service_level_hour; set aside"
    assert render(SearchEvent("search", OPTIONS)) == "search with merge_pool:experts>agents; on_call:technicians>night"
    assert render(SearchEvent("step", action="add", move="centre.pools.agents day +1", cost_yuan=1_234_567.4)) == \
        "add: centre.pools.agents day +1 (1,234,567 yuan a year)"
    missed = render(SearchEvent("misses", evidence=EVIDENCE, replications=128), "en", PLAIN)
    assert missed == ("the design without design options misses on fresh random numbers: "
                      "work_orders.urgent.response_within_target 76.6% [64.6%, 88.6%] vs ≥ 90.0%; "
                      "staff[service_desk].overtime_h_per_day 3.2 [—, —] vs ≤ 2 (128 replications)")


def _fragments() -> set[str]:
    """The literal parts of the English sentences long enough to say what they are."""
    out = set()
    for _, en in events.TEXT.values():
        for part in re.split(r"\{[^}]*\}", en):
            part = part.strip(" :;,()")
            if len(part) >= 16 and part.count(" ") >= 2:
                out.add(part)
    return out


def _sources():
    for folder in ("ui", "planner"):
        for path in sorted((REPO / folder).rglob("*.py")):
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def test_no_regular_expression_reads_a_sentence_of_the_search():
    fragments = _fragments() | {"requirement in every interval"}  # (and the analytic start's table)
    assert "verified with fresh random numbers" in fragments and "repairing on these runs" in fragments
    found = []
    for path, tree in _sources():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.args:
                pattern = ast.unparse(node.args[0]).replace("\\\\", "")
                found += [(path.name, node.lineno, f) for f in fragments if f in pattern]
    assert not found


def test_the_sentences_of_the_search_are_written_once():
    """Only planner/search/events.py holds them: nothing else writes a sentence to parse, or
    parses one by its words (``message.startswith(...)``)."""
    fragments = _fragments()
    found = []
    for path, tree in _sources():
        if path == REPO / "planner" / "search" / "events.py":
            continue
        docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                found += [(path.name, node.lineno, f) for f in fragments if f in node.value]
    assert not found
    assert not hasattr(i18n, "_missed_items")


def test_a_weekly_shift_plan_gives_its_printed_table_as_values():
    """The analytic start reports these values (``roster_table``, ``covers_requirement``) and the
    app shows them in words (ui/pages/optimise.py), never reading the printed table back."""
    need = pool_requirements(load_scenario("scenarios/default.yaml"))["service_desk"]
    plan = cover_week(need, default_patterns(STANDARD_LENGTHS, starts_min=[h * 60 for h in STANDARD_STARTS_H]),
                      cost_per_shift=0.5)
    rows, printed = plan.table(), plan.to_text().splitlines()
    assert len(printed) == 2 + len(rows) + 1  # heading, columns, a line per row, coverage
    for line, (shift, days, week) in zip(printed[2:], rows):
        assert line.startswith(shift) and len(days) == 7 and week == pytest.approx(sum(days))
        assert [float(v.replace(".", "0") if v == "." else v) for v in line[len(shift):].split()] == \
            pytest.approx([*days, week], abs=0.051)
    assert rows[-2][1] == pytest.approx([sum(r[1][d] for r in rows[:-2]) for d in range(7)])
    assert plan.covers_requirement is True and printed[-1].startswith("coverage >= requirement in every interval: True")


def test_a_search_reports_what_it_did_as_events():
    """Its moves as step events with the cost after each (the plan's steps), verification last."""
    scenario = load_scenario("scenarios/validation/mmc_12.yaml", [
        "calendar.horizon_days=1", "calendar.warmup_days=0", "replications=3",
        "centre.pools.agents.roster.shifts.all_day.agents=9"])
    seen: list[SearchEvent] = []
    result = optimise(scenario, replications=3, search_days=None, verify_replications=3, progress=seen.append)
    assert all(isinstance(e, SearchEvent) for e in seen)
    assert seen[0] == SearchEvent("search") and seen[-1] == SearchEvent("verified")
    steps = [e for e in seen if e.kind == "step"]
    assert steps and [(e.action, e.move, e.cost_yuan) for e in steps] == \
        [(s.action, s.lever, s.cost_yuan) for s in result.steps]
    for event in seen:
        assert render(event, "zh", i18n.SEARCH_NAMES) != render(event, "en", i18n.SEARCH_NAMES)
