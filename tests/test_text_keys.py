"""No text table says one key twice: a Python dict literal keeps the last of two equal keys
silently (Table 3-2's shift hours once read "学时（每人每年）", the training plan's label defined
later under the same key), so the sources are parsed and every dict display checked."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
#: The proposal's text tables, the app's translation tables and the schema's field names.
SOURCES = sorted([*REPO.glob("planner/proposal/*.py"), *REPO.glob("ui/*.py"), *REPO.glob("ui/pages/*.py"),
                  REPO / "sim/scenario/field_names.py", REPO / "sim/scenario/problems.py"])


def duplicate_keys(source: str) -> list[tuple[int, str]]:
    """(line, key) of each constant key a dict display of ``source`` repeats."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict):
            seen: set = set()
            for key in node.keys:
                if isinstance(key, ast.Constant):
                    if key.value in seen:
                        found.append((key.lineno, key.value))
                    seen.add(key.value)
    return found


def test_the_check_finds_a_key_said_twice():
    assert duplicate_keys('T = {"col.hours": ("时段", "Hours"),\n     "col.hours": ("学时", "Hours a year")}') == [(2, "col.hours")]
    assert duplicate_keys('T = {"a": 1, "b": {"a": 2}}') == []


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(REPO)))
def test_no_text_table_says_a_key_twice(path):
    assert duplicate_keys(path.read_text(encoding="utf-8")) == []
