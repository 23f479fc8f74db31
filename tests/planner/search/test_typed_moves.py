"""The search's moves travel as values (planner.search.changes): no regular expression in ui/ or
planner/ reads a group's path, a design option's name or a shift name the search made back
into what it names, and a plan's steps keep their changes through plan.json."""

from __future__ import annotations

import ast
import json
from pathlib import Path

from planner.proposal.plan_schema import PLAN_VERSION, step_change
from planner.search.changes import Change, ShiftRef
from planner.search.design import count_moves, initial_design, split_moves
from sim.scenario.loader import load_scenario
from sim.scenario.scenario import GroupPath

REPO = Path(__file__).resolve().parents[3]

#: What the old code's regular expressions read back (backslashes dropped): a group's path
#: (``centre\.pools|field\.teams|field\.posts``), a design option switched in a move's label
#: (``(with|without) (\S+:\S+)``), a shift the search split off (``(.+)_(\d\d)(\d\d)``) and a
#: made shift's "HH:MM Nh (break ...)" name (``\d\d:\d\d \d+(\.\d+)?h``, ``(\d\d:\d\d) (\d+...``),
#: and a rotation's roster line ``rotation×(\d+)`` (a line carries its ``crews``).
OLD_PATTERNS = ("centre.pools", "field.teams", "field.posts", "with|without", "S+:S+", "_(dd)(dd)", "dd:dd d+",
                "dd:dd) (d+", "(break", "rotation×")

_RE_CALLS = {"compile", "match", "fullmatch", "search", "findall", "finditer", "sub", "subn", "split"}


def regex_patterns(source: str) -> list[tuple[int, str]]:
    """Every pattern given to a function of ``re`` in ``source``, as written without backslashes."""
    out = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _RE_CALLS \
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "re" and node.args:
            out.append((node.lineno, ast.unparse(node.args[0]).replace("\\\\", "")))
    return out


def old_patterns(source: str) -> list[tuple[int, str]]:
    return [(line, p) for line, p in regex_patterns(source) if any(old in p for old in OLD_PATTERNS)]


def test_no_regular_expression_reads_a_path_option_or_made_shift_back():
    found = [(str(path.relative_to(REPO)), line, pattern)
             for folder in ("ui", "planner") for path in sorted((REPO / folder).rglob("*.py"))
             for line, pattern in old_patterns(path.read_text(encoding="utf-8"))]
    assert not found


def test_the_scan_finds_the_old_code():
    """The scan fails on the code it replaced (ui/i18n.py's lever words, the proposal's moves)."""
    old = '''
import re
_GROUP_PATH = re.compile(r"\\b(?:centre\\.pools|field\\.teams|field\\.posts)\\.([A-Za-z0-9_]+)")
option = re.fullmatch(r"(with|without) (\\S+:\\S+)", label)
split = re.fullmatch(r"(.+)_(\\d\\d)(\\d\\d)", name)
made = re.fullmatch(r"\\d\\d:\\d\\d \\d+(\\.\\d+)?h", shift)
_MADE_SHIFT = re.compile(r"^(\\d\\d:\\d\\d) (\\d+(?:\\.\\d+)?)h(?: \\(break (\\d+)h\\+(\\d+)m\\))?$")
match = re.fullmatch(r"rotation×(\\d+)", str(shift))
'''
    assert [line for line, _ in old_patterns(old)] == [3, 4, 5, 6, 7, 8]


def test_a_move_names_its_group_and_shifts_as_values():
    scenario = load_scenario("scenarios/default.yaml")
    design = initial_design(scenario)
    group = next(g for g in design.groups() if g.kind == "team")
    add = next(count_moves(design, group, 1))
    assert add.change.group.key == (group.kind, group.name) and add.change.field in ("agents", "people_per_crew")
    assert add.label == add.change.label and add.label.startswith(f"{group} ")
    split = next((m for g in design.groups() for m in split_moves(design, g)), None)
    if split is not None:
        made = split.change.made
        shifts = split.design.roster(split.group)["shifts"]
        assert made.name in shifts and (shifts[made.name]["start"], shifts[made.name]["length_h"]) == \
            (made.start, made.length_h)


def test_plan_json_steps_keep_their_change_and_old_plans_stay_readable():
    change = Change("split", GroupPath("team", "butlers"), ShiftRef("day", "08:00", 9.0), "agents", 1, start="09:00",
                    made=ShiftRef("day_0900", "09:00", 9.0))
    step = json.loads(json.dumps({"action": "move", "lever": change.label, "change": change.to_dict()}))
    assert PLAN_VERSION == 3 and step_change({"plan_version": 3}, step) == change
    assert step_change({"plan_version": 3}, step).group.key == ("team", "butlers")
    assert step_change({"plan_version": 2}, {"action": "add", "lever": change.label}) is None
    assert step_change({}, {"action": "add", "lever": change.label}) is None


def test_head_counts_and_compliance_checks_name_their_groups_as_values():
    """A head count of a design (and of the compliance raise) is a RosterSlot that knows its
    group and shift; a compliance check carries its groups, which plan.json keeps, and the
    proposal reads them (an older plan's comma-joined paths still read)."""
    from planner.proposal.posts import _check_groups
    from planner.rostering.compliance import compliance_checks
    from planner.search.design import with_counts
    from sim.scenario.scenario import RosterSlot
    scenario = load_scenario("scenarios/default.yaml")
    design = initial_design(scenario)
    counts = design.staffing()
    assert all(isinstance(k, RosterSlot) and k.group in design.groups() for k in counts)
    slot = next(k for k in counts if k.shift is not None)
    assert str(slot) == f"{slot.group}.roster.shifts.{slot.shift}.agents"
    raised = with_counts(design, {slot: counts[slot] + 3})
    assert raised.staffing()[slot] == counts[slot] + 3
    assert {k: v for k, v in raised.staffing().items() if k != slot} == {k: v for k, v in counts.items() if k != slot}
    for check in compliance_checks(scenario):
        entry = json.loads(json.dumps(check.to_dict()))
        assert [GroupPath(*pair) for pair in _check_groups(entry)] == list(check.groups)
        old = {k: v for k, v in entry.items() if k != "groups"}
        if check.groups:
            assert _check_groups(old) == [g.key for g in check.groups]
