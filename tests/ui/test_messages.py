"""Failures said in the page's language (issue 35): every coded proposal error has its Chinese,
an unforeseen failure is an internal error with a reference the server's log carries, and user
text reaches Markdown escaped."""

from __future__ import annotations

import ast
import logging
import re
from pathlib import Path

import pytest

from planner.proposal import ProposalError
from ui import i18n

ROOT = Path(__file__).resolve().parents[2]


def _proposal_error_codes() -> set[str]:
    """The codes every ``ProposalError(message, "code")`` in the product raises."""
    codes = set()
    for path in [*ROOT.joinpath("planner").rglob("*.py"), *ROOT.joinpath("ui").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "ProposalError":
                if len(node.args) > 1 and isinstance(node.args[1], ast.Constant):
                    codes.add(node.args[1].value)
    return codes


def test_every_proposal_error_code_is_said_in_chinese_without_english():
    codes = _proposal_error_codes()
    assert {"no_office", "pdf_timeout", "pdf_failed", "not_submittable", "plan_field", "not_portfolio"} <= codes
    for code in codes:
        zh = i18n.error_text(ProposalError("LibreOffice did not convert x.docx", code), "zh")
        # said from the code (a tool's or a file's name may stay as it is), never the English message
        words = re.sub(r"LibreOffice|PDF|Word|JSON|[\w./]+\.(?:json|sh)\b", "", zh)
        assert re.search(r"[\u4e00-\u9fff]", zh) and not re.search(r"[A-Za-z]{2,}", words), (code, zh)


def test_an_unforeseen_failure_is_an_internal_error_with_a_reference_in_the_log(caplog):
    message = "ZeroDivisionError: float division by zero"
    zh = i18n.translate_message(message, "zh")
    ref = i18n.error_ref(message)
    assert ref in zh and "内部错误" in zh and not re.search(r"[A-Za-z]{2,}", zh.replace(ref, ""))
    assert "英文界面" not in zh
    assert i18n.translate_message(message, "en") == message
    assert i18n.error_ref(message) == ref and i18n.error_ref(message + "!") != ref
    from ui import views

    with caplog.at_level(logging.ERROR, logger="planner.app"):
        views.log_failure("run", message)
    assert any(ref in r.getMessage() and message in r.getMessage() for r in caplog.records)


def test_an_uncoded_problem_is_a_value_problem_not_an_internal_error():
    from sim.scenario.errors import Issue

    issue = Issue("sites.cuihu.households", 5, "some check with no code yet")
    assert i18n.problem_text(issue, "zh") == "取值不符合要求"
    assert i18n.problem_text(issue, "en") == "some check with no code yet"


@pytest.mark.parametrize("text", ["[x](http://evil.example)", "**b**", "`c`", ":red[r]", "$x$", "<b>h</b>", "# h", "- li",
                                  "www.evil.example", "a_b_c", "~~s~~", "a|b"])
def test_markdown_escape_leaves_no_formatting(text):
    escaped = i18n.md(text)
    # every Markdown-special character is preceded by a backslash
    unescaped = re.sub(r"\\.", "", escaped)
    assert not re.search(r"[\\`*_{}\[\]<>()#+!|~$:]", unescaped), escaped
    assert re.sub(r"\\(.)", r"\1", escaped).replace("\u2060", "") == text  # and nothing else changes
    assert not re.search(r"(?i)https?:|www\.|\w@", unescaped.replace("\\", ""))  # no address GFM links by itself
