"""The proposal's two editions (planner.proposal.edition) and the bid's own fields (issue 35).

Two saved plans of the default site: ``plan_small.json`` (its incident response is not shown met)
and ``plan_submittable.json`` (3-day runs × 6 of the default site without the hourly floor, the
full plan's settings: every commitment shown met). Each is rendered as the document model in
both editions and languages and read back."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from pathlib import Path

import pytest

from sim.results.verdicts import Verdicts

from planner.cli import main
from planner.proposal import ProposalError
from planner.proposal.content import build_document
from planner.proposal.edition import check_submission, submission_gaps
from planner.proposal.model import Document, Paragraph
from sim.scenario.errors import ScenarioError
from sim.scenario.loader import validate

DATA = Path(__file__).resolve().parents[2] / "data"


def load(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def missing() -> dict:
    return load("plan_small.json")


@pytest.fixture(scope="module")
def submittable() -> dict:
    return load("plan_submittable.json")


@pytest.fixture(scope="module")
def phased() -> dict:
    from phased_fixtures import small_phased_plan

    return small_phased_plan()


def words(doc: Document) -> str:
    """Every text of the document: cover, headings, paragraphs, captions, column labels, cells."""
    parts = [f"{a} {b}" for a, b in doc.cover] + [doc.date]
    for section in doc.sections:
        parts.append(section.heading)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                parts.append(block.text)
            elif hasattr(block, "rows"):
                parts += [block.caption] + [c.label for c in block.columns]
                parts += [cell.text for row in block.rows for cell in row.cells]
            else:
                parts.append(block.caption)
    return "\n".join(parts)


def test_the_fixtures_are_one_plan_that_misses_and_one_that_may_be_submitted(missing, submittable):
    gaps = submission_gaps(missing)
    assert gaps and not gaps.preview
    # the one count (sim.results.verdicts): the inconclusive incidents, and urgent orders measured
    # in one replication only (no interval: not measured, never met)
    assert [(k["stream"], k["metric"]) for k in gaps.unshown] == \
        [(c.key.stream, c.key.metric) for c in Verdicts.of_plan(missing).not_met]
    assert ("incidents", "inconclusive") in [(k["stream"], k["status"]) for k in gaps.unshown]
    assert not submission_gaps(submittable)
    targeted = [k for k in submittable["evidence"]["kpis"] if k.get("target") is not None]
    assert targeted and all(k["status"] == "met" and k["mean"] is not None for k in targeted)


def test_a_plan_that_misses_a_commitment_is_no_submission_and_says_what_to_do(missing):
    with pytest.raises(ProposalError) as caught:
        build_document(missing, "zh", edition="submission")
    assert caught.value.code == "not_submittable"
    message = str(caught.value)
    assert "Incidents: first person on site within 5 min (inconclusive)" in message  # in words, not keys
    assert "plan again" in message and "--edition internal" in message


def test_a_quick_preview_or_an_unmeasured_commitment_is_no_submission(submittable):
    preview = copy.deepcopy(submittable)
    preview["search"]["option_strategy"] = "greedy"  # as the app's quick plan writes it
    assert submission_gaps(preview).preview
    with pytest.raises(ProposalError, match="quick preview, not the full verification"):
        check_submission(preview)
    unmeasured = copy.deepcopy(submittable)
    kpi = next(k for k in unmeasured["evidence"]["kpis"] if k.get("target") is not None)
    kpi.update(mean=None, ci95=None, status="no data")  # not measured is never met
    assert submission_gaps(unmeasured).unshown == [kpi]
    judged = copy.deepcopy(submittable)  # a plan's verdicts block, when it has one, is what counts
    judged["verdicts"] = Verdicts.of_plan(unmeasured).to_dict()
    assert [(k["stream"], k["metric"]) for k in submission_gaps(judged).unshown] == [(kpi["stream"], kpi["metric"])]


def test_the_cli_refuses_a_submission_of_a_plan_that_misses(missing, tmp_path, capsys):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(missing, ensure_ascii=False), encoding="utf-8")
    assert main(["proposal", str(path), "--proposal", "xlsx", "--edition", "submission"]) == 2
    err = capsys.readouterr().err
    assert err.count("error:") == 1 and "cannot be submitted" in err and "Incidents: first person" in err
    assert not list(tmp_path.glob("proposal_*"))
    assert main(["proposal", str(path), "--proposal", "xlsx", "--edition", "final"]) == 2
    assert "--edition: unknown edition 'final'; allowed: internal, submission" in capsys.readouterr().err


def test_the_cli_writes_the_submission_of_a_plan_that_qualifies(submittable, tmp_path, capsys):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(submittable, ensure_ascii=False), encoding="utf-8")
    assert main(["proposal", str(path), "--proposal", "xlsx", "--edition", "submission", "--lang", "en"]) == 0
    assert (tmp_path / "proposal_en_submission.xlsx").is_file()
    assert "proposal_en_submission.xlsx" in capsys.readouterr().err


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_submission_states_the_evidence_without_the_teams_review(submittable, lang):
    zh = lang == "zh"
    internal = build_document(submittable, lang, edition="internal")
    submission = build_document(submittable, lang, edition="submission")
    # the cover: no verdict count, no balance at the fee charged; the break-even fee stays
    labels = [label for label, _ in submission.cover]
    assert ("服务承诺达成" if zh else "Commitments met") in [label for label, _ in internal.cover]
    assert ("现行收费标准" if zh else "Fee charged") in [label for label, _ in internal.cover]
    assert not {"服务承诺达成", "现行收费标准", "Commitments met", "Fee charged"} & set(labels)
    assert ("盈亏平衡收费标准" if zh else "Break-even fee") in labels
    # no parameter dump, no search log; the rota appendix keeps its references right
    assert any(s.title == ("场景参数" if zh else "Scenario Parameters") for s in internal.sections)
    assert not any(s.title == ("场景参数" if zh else "Scenario Parameters") for s in submission.sections)
    text, review = words(submission), words(internal)
    for only_internal in (("排班搜索过程", "本方案28项承诺中达成", "服务承诺达成（项）") if zh else
                          ("Steps of the roster search", "The plan meets 28 of 28", "Commitments met")):
        assert only_internal in review and only_internal not in text, only_internal
    count = r"\d+/\d+项" if zh else r"\b\d+ of \d+\b"  # a verdict count: 28/28项, 21 of 28
    assert re.findall(count, review) and not re.findall(count, text), re.findall(count, text)
    appendices = {s.number for s in submission.sections if s.level == 1 and not s.number.isdigit()}
    for letter in re.findall(r"附录([A-Z])" if zh else r"Appendix ([A-Z])", text):
        assert letter in appendices, letter
    # the commitments as promised, each with its evidence, and the one sentence that says so
    table = next(t for t in submission.tables() if t.number in ("2-1", "2.1"))
    assert len(table.columns) == 6 and len(table.rows) == len(next(
        t for t in internal.tables() if t.number in ("2-1", "2.1")).rows)
    assert ("以95%置信度达成" if zh else "the plan meets every commitment") in text
    if zh:  # the Chinese document in Chinese words only
        allowed = {"Erlang", "SimPy", "APP", "Bonferroni", "Cobham", "GB"}  # GB: a national standard's code
        assert not set(re.findall(r"[A-Za-z]{2,}", text)) - allowed
        assert "None" not in text, text[text.find("None") - 200:text.find("None") + 40]


def test_the_internal_edition_never_says_all_met_beside_a_miss(missing, submittable):
    n = len(Verdicts.of_plan(missing).not_met)
    for lang, said in (("zh", f"本方案尚有{n}项承诺未能以95%置信度确认达成"), ("en", f"{n} of the plan's commitments are not shown met")):
        principles = next(s for s in build_document(missing, lang).sections if s.number == "3.1")
        assert any(said in b.text for b in principles.blocks), [b.text for b in principles.blocks]
        met = next(s for s in build_document(submittable, lang).sections if s.number == "3.1")
        assert not any("3.1" in b.text or said in b.text for b in met.blocks)


def with_bid(plan: dict, **proposal) -> dict:
    out = copy.deepcopy(plan)
    out["scenario_parameters"]["proposal"].update(proposal)
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_bids_own_fields_are_on_the_cover_and_in_the_overview(submittable, lang):
    plan = with_bid(submittable, bidder={"zh": "青松物业服务有限公司", "en": "Qingsong Property Services"},
                    project={"zh": "青松苑物业管理服务项目", "en": "Qingsong Court property management"},
                    contact={"zh": "李经理", "en": "Ms Li"}, phone="0755-8888 6666", prepared_on="2026-12-20",
                    overview={"zh": "青松苑位于市中心，交通便利。", "en": "Qingsong Court lies in the city centre."})
    doc = build_document(plan, lang, edition="submission")
    cover = dict(doc.cover)
    zh = lang == "zh"
    assert cover["投标单位" if zh else "Bidder"] == ("青松物业服务有限公司" if zh else "Qingsong Property Services")
    assert cover["项目名称" if zh else "Project"] == ("青松苑物业管理服务项目" if zh else "Qingsong Court property management")
    assert cover["联系人" if zh else "Contact"] == ("李经理　0755-8888 6666" if zh else "Ms Li, 0755-8888 6666")
    assert doc.date == ("编制日期：2026年12月20日" if zh else "Date: 20 December 2026")
    overview = next(s for s in doc.sections if s.number == "1.1")
    texts = [b.text for b in overview.blocks if isinstance(b, Paragraph)]
    assert texts[0] == ("青松苑位于市中心，交通便利。" if zh else "Qingsong Court lies in the city centre.")
    households = f"{plan['site']['households']:,}"
    assert (f"本项目共{households}户" if zh else f"The project has {households} households") in texts[1]
    assert "示例物业" not in words(doc) and "Example Property" not in words(doc)


def test_the_date_of_preparation_defaults_to_the_export_and_a_bad_one_is_named(submittable):
    doc = build_document(submittable, "zh", date=dt.date(2027, 1, 2))
    assert doc.date == "编制日期：2027年1月2日"
    data = copy.deepcopy(submittable["scenario_parameters"])
    for field, value, said in (("prepared_on", "2026-02-30", "proposal.prepared_on"), ("phone", "call me", "proposal.phone"),
                               ("contact", {"zh": "x" * 501}, "proposal.contact.zh")):
        bad = copy.deepcopy(data)
        bad["proposal"][field] = value
        with pytest.raises(ScenarioError) as caught:
            validate(bad)
        assert said in str(caught.value), str(caught.value)


_SNAKE = re.compile(r"(?<![\w.-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w-])")
_DOTTED = re.compile(r"(?<![\w/.-])[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)+(?![\w(])")
#: A fractional person: a number with a fraction before 人 (not a rate 人/…, person-shifts 人·班 or 人次).
_FRACTIONAL_PERSON = re.compile(r"\d+\.\d*[1-9]\d* ?人(?![·/次均])")


@pytest.mark.parametrize("fixture,edition", [("missing", "internal"), ("submittable", "internal"),
                                             ("submittable", "submission"), ("phased", "internal"),
                                             ("phased", "submission")])
def test_the_chinese_document_has_no_english_word_raw_key_none_or_fractional_person(fixture, edition, request):
    """Issue 35: every text of the Chinese document (cover, headings, paragraphs, captions,
    tables), either edition; the internal edition's parameter appendix lists the scenario's
    fields by their names in the scenario file and is left out."""
    doc = build_document(request.getfixturevalue(fixture), "zh", edition=edition)
    doc.sections = [s for s in doc.sections if s.title != "场景参数"]
    text = words(doc)
    allowed = {"Erlang", "SimPy", "APP", "Bonferroni", "Cobham", "GB"}
    assert not set(re.findall(r"[A-Za-z]{2,}", text)) - allowed, set(re.findall(r"[A-Za-z]{2,}", text)) - allowed
    assert not _SNAKE.findall(text) and not _DOTTED.findall(text), (_SNAKE.findall(text), _DOTTED.findall(text))
    assert "None" not in text
    assert not _FRACTIONAL_PERSON.findall(text), [text[max(0, m.start() - 60):m.end() + 10]
                                                  for m in _FRACTIONAL_PERSON.finditer(text)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_submission_shows_no_balance_at_the_fee_charged(submittable, lang):
    """Issue 35: the bid states the fee its costs need; the shortfall or surplus at today's fee,
    in 4.4's sentence, its table and the contract-period plan, is the team's review."""
    text = words(build_document(submittable, lang, edition="submission"))
    review = words(build_document(submittable, lang, edition="internal"))
    for word in (("缺口", "结余") if lang == "zh" else ("shortfall", "surplus", "deficit")):
        assert word not in text, word
    assert ("缺口" in review or "结余" in review) if lang == "zh" else ("shortfall" in review or "surplus" in review)
    assert ("物业服务费标准" if lang == "zh" else "corresponds to a fee of") in text
