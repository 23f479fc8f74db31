"""The proposal export: one small plan of the default site (3 days, 3 replications), rendered once
per language in every format; then the files are read back (python-docx, openpyxl, pdftotext,
pdffonts) and checked against plan.json and against each other."""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import openpyxl
import pytest

from planner.cli import main
from planner.queueing.erlang import ErlangC
from planner.plan import make_plan
from planner.proposal import FORMATS, ProposalError, export_proposal
from planner.proposal.content import build_document
from planner.proposal.context import Context
from planner.proposal.costs import line_basis
from planner.proposal.formats import format_value
from sim.results.verdicts import Verdict, Verdicts
from sim.scenario.loader import load_scenario, validate
from ui import i18n

REPO = Path(__file__).resolve().parents[3]
#: scripts/setup.sh installs LibreOffice and poppler: without them these tests fail, never skip.
TOOLS = ("soffice", "pdftotext", "pdffonts")
#: Keys plan.json had before the proposal; other code reads them.
EXISTING_KEYS = {"scenario", "operating_model", "staffing", "headcount", "evidence", "targets_met", "unmet",
                 "set_aside", "search", "rule_of_thumb", "rule_of_thumb_evidence", "budget", "rule_of_thumb_budget",
                 "contract_plan", "analytic_start", "notes"}


@pytest.fixture(scope="session")
def plan() -> dict:
    scenario = load_scenario(REPO / "scenarios" / "default.yaml", ["calendar.horizon_days=3"])
    # verification's looks capped at 2 × 3 replications: a plan.json to render, not evidence to sign
    # (uncapped, the looks ran to 24 replications and this fixture was the suite's slowest setup);
    # no certificate over the options (tests/planner/search/test_option_certificate.py checks it;
    # the proposal renders none of it, and it costs this fixture half as much again)
    result = make_plan(scenario, replications=3, search_days=3, verify_replications=3, verify_cap=2, workers=1,
                       certify_options=False)
    # Through JSON, as the app and the CLI see it (and proving it is valid JSON).
    return json.loads(json.dumps(result.to_dict(), ensure_ascii=False, allow_nan=False))


@pytest.fixture(scope="module")
def exports(plan, tmp_path_factory) -> dict[str, dict[str, Path]]:
    out = tmp_path_factory.mktemp("proposal")
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    assert not missing, f"{missing} not installed: run scripts/setup.sh"
    formats = FORMATS
    return {lang: export_proposal(plan, out, formats=formats, lang=lang) for lang in ("zh", "en")}


# ---------------------------------------------------------------------------- helpers

def docx_tables(path: Path) -> dict[str, list[list[str]]]:
    """Tables by the number in their caption ('3-1', '3.1'): rows of cell texts."""
    d = docx.Document(path)
    body = list(d.element.body.iterchildren())
    out, number = {}, None
    for el in body:
        tag = el.tag.split("}")[1]
        if tag == "p":
            text = "".join(t.text or "" for t in el.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))
            m = re.match(r"^(?:表|Table) ([0-9A-D]+[-.]\d+) ", text)
            number = m.group(1) if m else None
        elif tag == "tbl" and number:
            table = docx.table.Table(el, d)
            out[number] = [[cell.text for cell in row.cells] for row in table.rows]
            number = None
    return out


def xlsx_tables(path: Path) -> dict[str, list[list]]:
    """Tables by caption number: rows of cell values (header row first)."""
    wb = openpyxl.load_workbook(path)
    out = {}
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        i = 0
        while i < len(rows):
            first = rows[i][0]
            m = re.match(r"^(?:表|Table) ([0-9A-D]+[-.]\d+) ", first) if isinstance(first, str) else None
            if m:
                j = i + 1
                while j < len(rows) and any(v is not None for v in rows[j]):
                    j += 1
                out[m.group(1)] = [list(r) for r in rows[i + 1:j]]
                i = j
            else:
                i += 1
    return out


def number(text: str) -> float | None:
    """A Word cell's number: '1,234' 1234, '93.5%' 0.935, '≥80.0%' 0.8, '+1.5' 1.5, '2,000户' 2000,
    '14/15' 14, '—' None."""
    text = text.strip().replace(",", "").replace("≥", "").replace("≤", "")
    m = re.match(r"^[+-]?\d+(\.\d+)?%?", text)
    if m is None:
        return None
    text = m.group(0)
    scale = 0.01 if text.endswith("%") else 1.0
    return float(text.rstrip("%")) * scale


def resolution(text: str) -> float:
    """Half a unit of the last shown digit."""
    text = re.match(r"^[^\d+-]*([+-]?[\d,]+(\.\d+)?%?)", text.strip()).group(1)
    decimals = len(text.rstrip("%").split(".")[1]) if "." in text else 0
    return 0.5 * 10 ** -decimals * (0.01 if text.endswith("%") else 1.0) + 1e-12


def pdf_text(path: Path, first: int | None = None) -> str:
    args = ["pdftotext", "-layout", "-enc", "UTF-8"] + (["-f", str(first), "-l", str(first)] if first else [])
    return subprocess.run(args + [str(path), "-"], capture_output=True, check=True).stdout.decode("utf-8")


# ---------------------------------------------------------------------------- plan.json

def test_plan_json_keeps_its_keys_and_adds_what_the_proposal_needs(plan):
    assert EXISTING_KEYS <= set(plan)
    assert {"site", "headcount_basis", "scenario_parameters", "charts"} <= set(plan)
    scenario = validate(plan["scenario_parameters"])  # the full scenario, valid as it stands
    assert scenario.calendar.horizon_days == 3
    # the planned rosters, not the starting ones
    for line in plan["staffing"]:
        if line["kind"] == "pool" and not line["shift"].startswith("rotation"):
            assert scenario.centre.pools[line["group"]].roster.shifts[line["shift"]].agents == line["people"]
    site = plan["site"]
    assert site["households"] == 2000 and site["floor_area_m2"] == 200000
    assert site["planned_people"] == pytest.approx(sum(h["planned"] for h in plan["headcount"].values()), abs=0.01)


def test_headcount_basis_turns_shift_days_into_people(plan):
    basis = plan["headcount_basis"]
    by_role: dict[str, int] = {}
    for post in plan["posts"]:
        fte = post["shift_days_per_week"] / basis["days_per_week_per_person"] * basis["relief_factor"]
        assert fte == pytest.approx(post["fte"], abs=2e-3), post["group"]
        # whole people: the FTE rounded up, or what a roster with two days off needs when more
        assert post["people"] == max(math.ceil(post["fte"] - 1e-6), post["roster_people"]), post["group"]
        by_role[post["role"]] = by_role.get(post["role"], 0) + post["people"]
    for role, days in basis["shift_days_per_week"].items():
        assert plan["headcount"][role]["planned"] == by_role[role], role


def test_chart_data_follows_the_rosters_and_theory(plan):
    charts = plan["charts"]
    for pool, d in charts["demand_by_hour"].items():
        assert all(len(d[k]) == 168 for k in ("arrivals_per_hour", "offered_load_erl", "required_agents",
                                               "agents_on_duty", "agents_rostered"))
        # The rostered people over the week are the roster's person-hours.
        hours = sum(line["people"] * line["length_h"] * len(line["days"]) for line in plan["staffing"]
                    if line["kind"] == "pool" and line["group"] == pool)
        assert sum(d["agents_rostered"]) == pytest.approx(hours, rel=1e-3)
        assert all(on <= r + 1e-9 for on, r in zip(d["agents_on_duty"], d["agents_rostered"]))
    for pool, c in charts["service_level_curve"].items():
        rate = c["arrivals_per_hour"] / 3600
        n = c["planned_agents"]
        assert c["erlang_c"][c["agents"].index(n)] == pytest.approx(
            ErlangC(rate, c["mean_handle_s"], n).service_level(c["within_s"]), abs=2e-3)
        assert c["erlang_c"] == sorted(c["erlang_c"])  # more agents, better service
    times = charts["response_times"]
    assert {"calls", "work_orders.routine", "incidents"} <= set(times)
    for stream, r in times.items():
        assert r["cum_share"] == sorted(r["cum_share"]) and r["cum_share"][-1] == pytest.approx(1.0)
        assert all(math.isfinite(x) for x in r["high_s"])
    assert times["calls"]["target_s"] == 15 and times["calls"]["target_share"] == 0.8
    assert times["work_orders.routine"]["target_s"] == 15 * 60


# ---------------------------------------------------------------------------- the document model

def test_every_budget_line_basis_gives_its_value(plan):
    for lang in ("zh", "en"):
        ctx = Context(plan, validate(plan["scenario_parameters"]), lang)
        checked = 0
        for budget in (plan["budget"], plan["rule_of_thumb_budget"]):
            for line in budget["lines"]:
                text, value = line_basis(line, ctx)
                assert text
                if value is not None:
                    assert value == pytest.approx(line["yuan_per_year"], rel=1e-9), line["key"]
                    checked += 1
        assert checked > 50


def test_numbers_are_formatted_without_float_noise():
    assert format_value(12.000000001, "number") == "12"
    assert format_value(1986414.6, "yuan") == "1,986,415"
    assert format_value(-1986414.6, "yuan") == "-1,986,415"
    assert format_value(3.97767, "yuan_m2") == "3.98"
    assert format_value(0.935151, "share") == "93.5%"
    assert format_value(0.07, "rate") == "7%"
    assert format_value(7.449, "people") == "7.4"
    assert format_value(0, "signed") == "—" and format_value(2, "signed") == "+2"
    assert format_value(None, "yuan") == "—"


def test_bad_plan_and_options_raise_clear_errors(plan, tmp_path):
    with pytest.raises(ProposalError, match="lacks scenario_parameters"):
        build_document({k: v for k, v in plan.items() if k != "scenario_parameters"}, "zh")
    with pytest.raises(ProposalError, match=r"--proposal: unknown format 'odt'.*docx, xlsx, pdf"):
        export_proposal(plan, tmp_path, formats="docx,odt")
    with pytest.raises(ProposalError, match=r"--lang: unknown language 'fr'.*zh, en"):
        export_proposal(plan, tmp_path, formats="xlsx", lang="fr")
    assert not any(tmp_path.iterdir())


# ---------------------------------------------------------------------------- Word

def test_docx_tables_carry_the_plans_numbers(plan, exports):
    tables = docx_tables(exports["zh"]["docx"])
    heads = plan["headcount"]
    summary = tables["3-1"]
    rows = {row[1]: row for row in summary[1:]}
    assert rows["呼叫中心客服"][2] == f"{heads['agent']['planned']:.0f}"   # whole people
    assert rows["秩序维护员"][3] == f"{heads['guard']['rule_of_thumb']:.0f}"
    assert summary[-1][0] == "合计"
    assert summary[-1][2] == f"{sum(h['planned'] for h in heads.values()):.0f}"
    budget = plan["budget"]
    expenses = tables["4-2"]
    assert expenses[-1][0] == "年度费用总额"
    assert expenses[-1][2] == f"{round(budget['total_yuan_per_year']):,}"
    assert expenses[-1][3] == f"{budget['per_m2_month']:.2f}"
    income = {row[0]: row for row in tables["4-3"][1:]}
    assert income["年度收入"][1] == f"{round(budget['income_yuan_per_year']):,}"
    assert income["盈亏平衡收费标准（元/㎡·月）"][1] == f"{budget['break_even_fee_yuan_per_m2_month']:.2f}"
    contract = tables["4-4"]
    assert len(contract) == 1 + len(plan["contract_plan"]["years"]) + 1
    assert contract[-1][4] == f"{round(plan['contract_plan']['total_yuan']):,}"
    commitments = tables["2-1"]
    targeted = [k for k in plan["evidence"]["kpis"] if k["target"] is not None]
    reported = [k for k in plan["evidence"]["kpis"] if k["target"] is None and k.get("commitment")]
    assert [k["stream"] for k in reported] == ["incidents.contractor"]   # the contractor's, reported
    assert len(commitments) == 1 + len(targeted) + len(reported)
    judged = commitments[1:1 + len(targeted)]
    shown = sorted((number(row[2]), resolution(row[2])) for row in judged)
    for (value, tolerance), mean in zip(shown, sorted(k["mean"] for k in targeted)):
        assert value == pytest.approx(mean, abs=tolerance)
    # each commitment's one verdict (sim.results.verdicts) in the app's words
    verdicts = {v.value: i18n.status_word(v.value, "zh") for v in Verdict}
    judged_by = Verdicts.of_plan(plan)
    assert sorted(row[5] for row in judged) == sorted(verdicts[c.verdict.value] for c in judged_by.commitments)
    (contractor,) = commitments[1 + len(targeted):]
    assert "外包救援单位" in contractor[0]
    assert contractor[1] == f"≥{reported[0]['commitment']['target'] * 100:.1f}%"
    assert contractor[5] == "仅报告：" + verdicts[reported[0]["commitment"]["status"]]
    lines = tables["B-1"]
    assert len(lines) == 1 + len(budget["lines"]) + 1
    roster = tables["3-2"]
    assert len(roster) == 1 + len(plan["staffing"]) + 1
    # the English document has the same numbers under English labels
    en = docx_tables(exports["en"]["docx"])
    assert en["4.2"][-1][2] == expenses[-1][2] and en["3.1"][-1][2] == summary[-1][2]


def test_docx_and_xlsx_show_the_same_numbers(exports):
    for lang in ("zh", "en"):
        words, sheets = docx_tables(exports[lang]["docx"]), xlsx_tables(exports[lang]["xlsx"])
        assert len(sheets) >= 12
        compared = 0
        for key, rows in sheets.items():
            assert key in words, key
            word_rows = words[key]
            assert len(word_rows) == len(rows), key
            for word_row, sheet_row in zip(word_rows[1:], rows[1:]):
                for text, value in zip(word_row, sheet_row):
                    if isinstance(value, (int, float)) and not isinstance(value, bool):
                        if text == "—":  # a change of zero, shown as a dash by both
                            assert value == 0, (key, text, value)
                            continue
                        assert number(text) == pytest.approx(value, abs=resolution(text)), (key, text, value)
                        compared += 1
                    elif isinstance(value, str) and not value.startswith("="):
                        assert text == value, (key, text, value)
        assert compared > 300


def test_docx_is_a_structured_bid_chapter(plan, exports):
    path = exports["zh"]["docx"]
    d = docx.Document(path)
    doc = build_document(plan, "zh")
    headings = [p.text for p in d.paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    assert headings == [s.heading for s in doc.sections]
    assert headings[0].endswith("项目概况与测算前提")
    assert [h.split("\u3000")[1] for h in headings if h[0].isdigit() and "." not in h.split("\u3000")[0]] == \
        ["项目概况与测算前提", "服务承诺", "管理服务人员配备方案", "服务费用收支测算"]
    section = d.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    with zipfile.ZipFile(path) as z:
        document = z.read("word/document.xml").decode("utf-8")
        footers = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("word/footer"))
    assert re.search(r'<w:instrText[^>]*> TOC \\o "1-2"', document)
    seq = re.findall(r"<w:instrText[^>]*> SEQ (表|图)([0-9A-D]) ", document)
    assert len([s for s in seq if s[0] == "表"]) == len([t for t in doc.tables() if t.in_docx])
    assert len([s for s in seq if s[0] == "图"]) == len(doc.figures()) == 5   # with the organisation chart
    assert "<w:tblHeader/>" in document
    assert "> PAGE <" in footers and "第 " in footers


def test_docx_sets_chinese_fonts_on_styles_and_runs(exports):
    with zipfile.ZipFile(exports["zh"]["docx"]) as z:
        styles = z.read("word/styles.xml").decode("utf-8")
        document = z.read("word/document.xml").decode("utf-8")
    def style_fonts(style_id):
        block = re.search(rf'<w:style [^>]*w:styleId="{style_id}".*?</w:style>', styles, re.S).group(0)
        return re.search(r"<w:rFonts [^>]*/>", block).group(0)
    assert 'w:eastAsia="SimSun"' in style_fonts("Normal") and 'w:ascii="Times New Roman"' in style_fonts("Normal")
    assert 'w:eastAsia="SimHei"' in style_fonts("Heading1") and "Theme" not in style_fonts("Heading1")
    assert 'w:eastAsia="zh-CN"' in styles
    runs = re.findall(r"<w:r>(.*?)</w:r>", document, re.S)
    texts = [r for r in runs if re.search(r"<w:t[ >][^<]*[\u4e00-\u9fff]", r)]
    assert len(texts) > 200
    assert all("w:eastAsia=" in r for r in texts)


def _body_text(path: Path, stop_at: str | None = None) -> str:
    d = docx.Document(path)
    parts = []
    for el in d.element.body.iterchildren():
        text = "".join(t.text or "" for t in el.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"))
        if stop_at and el.tag.endswith("}p") and text.startswith(stop_at):
            break
        parts.append(text)
    return "\n".join(parts)


def test_chinese_document_has_no_english_words_and_english_none_chinese(plan, exports):
    # Everything before the scenario parameters (whose names are the scenario file's fields).
    text = _body_text(exports["zh"]["docx"], stop_at="附录C")
    allowed = {"Erlang", "SimPy", "APP", "Bonferroni", "Cobham", plan["scenario"], *plan["site"]["site_names"]}
    words = set(re.findall(r"[A-Za-z]{2,}", text)) - allowed
    assert not words, sorted(words)
    english = _body_text(exports["en"]["docx"], stop_at="Appendix C")
    assert not re.findall(r"[\u4e00-\u9fff]", english)


# ---------------------------------------------------------------------------- Excel

def test_xlsx_holds_values_and_formulas_only_for_what_if(plan, exports):
    wb = openpyxl.load_workbook(exports["zh"]["xlsx"])
    formulas = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    formulas.append((ws.title, cell))
    assert {title for title, _ in formulas} == {"收支平衡"} and len(formulas) == 3
    sheets = xlsx_tables(exports["zh"]["xlsx"])
    budget = plan["budget"]
    lines = sheets["B-1"]
    assert [r[2] for r in lines[1:-1]] == pytest.approx([line["yuan_per_year"] for line in budget["lines"]], rel=1e-12)
    assert lines[-1][2] == pytest.approx(budget["total_yuan_per_year"])
    assert sum(r[2] for r in lines[1:-1]) == pytest.approx(lines[-1][2])
    heads = {r[1]: r for r in sheets["3-1"][1:]}
    assert heads["管家"][2] == plan["headcount"]["butler"]["planned"]
    # The what-if formulas compute what the written values say.
    ws = wb["收支平衡"]
    values = {}
    for row in ws.iter_rows():
        for cell in row:
            values[cell.coordinate] = cell.value
    def evaluate(ref: str) -> float:
        value = values[ref]
        if isinstance(value, str) and value.startswith("="):
            expr = re.sub(r"([A-Z]+\d+)", lambda m: repr(evaluate(m.group(1))), value[1:])
            return eval(expr, {"__builtins__": {}})  # noqa: S307 (arithmetic on numbers only)
        return value

    for _, cell in formulas:
        written = ws.cell(cell.row, 2).value
        assert evaluate(cell.coordinate) == pytest.approx(written, rel=1e-9), cell.value


# ---------------------------------------------------------------------------- PDF

def test_pdf_renders_chinese_with_embedded_noto_cjk_fonts(exports):
    path = exports["zh"]["pdf"]
    text = pdf_text(path)
    assert text.count("\f") >= 15
    for heading in ("管理服务人员配备方案", "服务费用收支测算", "服务承诺", "合同期收支计划", "人员配备汇总表"):
        assert heading in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True).stdout.decode()
    rows = fonts.splitlines()[2:]
    assert any("NotoSerifCJK" in r for r in rows) and any("NotoSansCJK" in r for r in rows)
    # the Simplified Chinese faces, not the Japanese one a collection's first face is (issue 35)
    assert all("CJKsc-" in r for r in rows if "CJK" in r) and "CJKjp" not in fonts, fonts
    assert all(r.split()[-5] == "yes" for r in rows), fonts  # every font embedded
    assert "SimSun" not in fonts and "DejaVu" not in fonts


def test_toc_page_numbers_point_at_the_headings(exports):
    for lang in ("zh", "en"):
        d = docx.Document(exports[lang]["docx"])
        entries = [p.text for p in d.paragraphs if p.style.name.startswith("toc ") and "\t" in p.text]
        assert len(entries) >= 20
        for entry in entries:
            heading, page = entry.rsplit("\t", 1)
            assert page.isdigit(), entry
            squashed = re.sub(r"\s+", "", pdf_text(exports[lang]["pdf"], int(page)))
            assert re.sub(r"\s+", "", heading) in squashed, (entry, page)


def test_missing_libreoffice_fails_cleanly_and_keeps_previous_files(plan, tmp_path, monkeypatch):
    previous = tmp_path / "proposal_en.xlsx"
    previous.write_bytes(b"the previous export")
    monkeypatch.setenv("PATH", "")  # no soffice, no pdftotext
    with pytest.raises(ProposalError, match="needs LibreOffice"):
        export_proposal(plan, tmp_path, formats=("xlsx", "docx", "pdf"), lang="en")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["proposal_en.xlsx"]
    assert previous.read_bytes() == b"the previous export"
    # A failure half-way (the workbook is made, then a chart cannot be drawn) writes nothing either.
    broken = json.loads(json.dumps(plan))
    for curve in broken["charts"]["service_level_curve"].values():
        curve["agents"], curve["erlang_c"] = [], []
    with pytest.raises(Exception):
        export_proposal(broken, tmp_path, formats=("xlsx", "docx"), lang="en")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["proposal_en.xlsx"]
    assert previous.read_bytes() == b"the previous export"
    # Without LibreOffice a DOCX is still written; its TOC has no page numbers.
    written = export_proposal(plan, tmp_path, formats="docx", lang="en")
    d = docx.Document(written["docx"])
    entries = [p.text for p in d.paragraphs if p.style.name.startswith("toc ") and "\t" in p.text]
    assert entries and all(e.endswith("\t") for e in entries)


# ---------------------------------------------------------------------------- command line

def test_cli_proposal_renders_a_saved_plan(plan, tmp_path, capsys):
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan, ensure_ascii=False), encoding="utf-8")
    assert main(["proposal", str(path), "--proposal", "xlsx", "--lang", "en"]) == 0
    assert (tmp_path / "proposal_en.xlsx").is_file()
    assert "proposal_en.xlsx" in capsys.readouterr().err


@pytest.mark.parametrize("argv, message", [
    (["proposal", "{plan}", "--proposal", "docx,odt"], "--proposal: unknown format 'odt'; allowed: docx, xlsx, pdf"),
    (["proposal", "{plan}", "--lang", "fr"], "--lang: unknown language 'fr'; allowed: zh, en"),
    (["proposal", "{missing}"], "PLAN_JSON: {missing} does not exist"),
    (["proposal", "{broken}"], "PLAN_JSON: {broken} is not JSON"),
    (["proposal", "{old}"], "plan.json lacks site, headcount_basis, scenario_parameters, charts"),
    (["plan", "scenarios/default.yaml", "--out", "{dir}", "--proposal", "pdf,zip"],
     "--proposal: unknown format 'zip'"),
    (["plan", "scenarios/default.yaml", "--out", "{dir}", "--lang", "de"], "--lang: unknown language 'de'"),
])
def test_cli_rejects_bad_values_with_one_message(plan, tmp_path, capsys, monkeypatch, argv, message):
    monkeypatch.chdir(REPO)
    files = {"plan": tmp_path / "plan.json", "missing": tmp_path / "missing.json", "broken": tmp_path / "broken.json",
             "old": tmp_path / "old.json", "dir": tmp_path / "out"}
    files["plan"].write_text(json.dumps(plan), encoding="utf-8")
    files["broken"].write_text("{", encoding="utf-8")
    files["old"].write_text(json.dumps({k: plan[k] for k in EXISTING_KEYS}), encoding="utf-8")
    names = {k: str(v) for k, v in files.items()}
    assert main([a.format(**names) for a in argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message.format(**names) in err
    assert "Traceback" not in err and err.count("\n") == 1
    assert not (tmp_path / "out").exists()


#: Child order of OOXML elements Word is strict about (ECMA-376 Part 1, 17.3.1.26, 17.3.2.28,
#: 17.4.59, 17.4.70, 17.7.2/17.7.5 for styles).
SCHEMA_ORDER = {
    "rPr": ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
            "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
            "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs",
            "em", "lang", "eastAsianLayout", "specVanish", "oMath"),
    "pPr": ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
            "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct",
            "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
            "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
            "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"),
    "tblPr": ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize", "tblStyleColBandSize", "tblW",
              "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout", "tblCellMar", "tblLook", "tblCaption",
              "tblDescription"),
    "tcPr": ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
             "textDirection", "tcFitText", "vAlign", "hideMark"),
}


def test_docx_elements_are_in_schema_order(exports):
    """Word refuses (or 'repairs') a document whose property elements are out of order."""
    from lxml import etree

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    for lang in ("zh", "en"):
        with zipfile.ZipFile(exports[lang]["docx"]) as z:
            for part in ("word/document.xml", "word/styles.xml", "word/footer1.xml", "word/footer2.xml"):
                if part not in z.namelist():
                    continue
                root = etree.fromstring(z.read(part))
                for name, order in SCHEMA_ORDER.items():
                    for el in root.iter(f"{w}{name}"):
                        tags = [c.tag.replace(w, "") for c in el if c.tag.startswith(w)]
                        ranks = [order.index(t) for t in tags if t in order]
                        assert ranks == sorted(ranks), (lang, part, name, tags)


# ---------------------------------------------------------------------------- Excel in LibreOffice Calc

def calc_sheets(xlsx: Path, out: Path) -> dict[str, list[list[str]]]:
    """Every sheet of ``xlsx`` as LibreOffice Calc shows it, through its CSV export (raw values)."""
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{out / 'profile'}", "--headless", "--convert-to",
                    "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                    "--outdir", str(out), str(xlsx)], check=True, capture_output=True, timeout=180)
    import csv
    return {p.stem.removeprefix(xlsx.stem + "-"): list(csv.reader(p.open(encoding="utf-8")))
            for p in out.glob(f"{xlsx.stem}-*.csv")}


def _calc_number(text: str) -> float:
    return float(text[:-1]) / 100 if text.endswith("%") else float(text)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_excel_shows_the_same_values_in_libreoffice_calc(exports, tmp_path, lang):
    """Calc opens the workbook and shows every written value unchanged; the what-if formulas
    compute to the value written beside them (column B), so nothing needs recalculating."""
    xlsx = exports[lang]["xlsx"]
    workbook = openpyxl.load_workbook(xlsx)
    shown = calc_sheets(xlsx, tmp_path)
    assert set(shown) == set(workbook.sheetnames)
    formulas = 0
    for ws in workbook:
        rows = shown[ws.title]
        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if value is None:
                    continue
                text = rows[cell.row - 1][cell.column - 1]
                if isinstance(value, str) and value.startswith("="):
                    formulas += 1
                    written = ws.cell(row=cell.row, column=2).value
                    assert _calc_number(text) == pytest.approx(written, rel=1e-9), (ws.title, cell.coordinate)
                elif isinstance(value, (int, float)) and not isinstance(value, bool):
                    assert _calc_number(text) == pytest.approx(value, rel=1e-12, abs=1e-12), (ws.title, cell.coordinate)
                elif isinstance(value, str):
                    assert text == value.replace("\r\n", "\n"), (ws.title, cell.coordinate)
    assert formulas >= 1


def test_one_fee_figure_in_the_text_the_tables_and_the_workbook(plan, exports):
    """The cover, the chapter's text, the income table (Word and Excel) and the PDF all state the
    plan's one fee figure (planner.costs.fee); the summary prints the same sentence
    (tests/planner/test_planner.py)."""
    from planner.costs.fee import fee_sentence

    fee = plan["fee"]
    assert fee["break_even_fee"] == pytest.approx(plan["budget"]["break_even_fee_yuan_per_m2_month"])
    assert fee["grade_bought"] in (None, 1, 2, 3, 4) and len(fee["grade_break_even"]) == 4
    for lang in ("zh", "en"):
        d = docx.Document(exports[lang]["docx"])
        paragraphs = [p.text for p in d.paragraphs]
        assert fee_sentence(fee, lang) in paragraphs
        cover = "\n".join(c.text for table in d.tables[:1] for row in table.rows for c in row.cells)
        assert f"{fee['break_even_fee']:.2f}" in cover and f"{abs(fee['surplus_yuan_per_year']):,.0f}" in cover
        sheets = xlsx_tables(exports[lang]["xlsx"])
        income = next(rows for rows in sheets.values()
                      if any(r and r[0] in ("物业费以外收入合计", "Income besides the fee") for r in rows))
        by_label = {r[0]: r[1] for r in income[1:]}
        be = "盈亏平衡收费标准（元/㎡·月）" if lang == "zh" else "Break-even fee (yuan/m²·month)"
        assert by_label[be] == pytest.approx(fee["break_even_fee"])
        bal = "收支差额（收入−费用总额）" if lang == "zh" else "Balance (income − total)"
        assert by_label[bal] == pytest.approx(fee["surplus_yuan_per_year"])
        pdf = subprocess.run(["pdftotext", "-layout", str(exports[lang]["pdf"]), "-"], capture_output=True, text=True).stdout
        assert f"{fee['break_even_fee']:.2f}" in pdf


def test_a_long_table_breaks_only_between_groups_and_never_leaves_a_few_rows_alone(tmp_path):
    """Word's keep-with-next on each row's paragraphs (planner.proposal.docx_writer): a short
    table stays on one page; a longer one may break (its header repeats) but keeps its first and
    last KEEP_ENDS_ROWS rows with their neighbours and never breaks inside a merged group (the
    rows on the next page would lose their group's name)."""
    from planner.proposal.docx_writer import KEEP_ENDS_ROWS, KEEP_TOGETHER_ROWS, write_docx
    from planner.proposal.model import Cell, Column, Document, Row, Section, Table

    def table(groups: list[int], seq: int) -> Table:
        rows = [Row([Cell(f"组{g}"), Cell(str(k))]) for g, size in enumerate(groups) for k in range(size)]
        return Table("表", f"1-{seq}", "1", seq, "排班", [Column("岗位", 3.0), Column("班次", 2.0)], rows,
                     merge_first_column=True)

    short, long = table([2, 3, 1], 1), table([3, 4, 2, 5, 3, 4], 2)
    assert len(short.rows) <= KEEP_TOGETHER_ROWS < len(long.rows)
    doc = Document("zh", "方案", "", [], "2026-12-06", [Section("1", "排班", 1, [short, long], "1 排班")],
                   {"toc": "目录", "page_before": "第", "page_after": "页"})
    path = tmp_path / "t.docx"
    write_docx(doc, path, {})
    written_tables = [t for t in docx.Document(path).tables if len(t.rows) > 1]  # (the cover has a layout table)
    for spec, written in zip((short, long), written_tables):
        keeps = [row.cells[1].paragraphs[0].paragraph_format.keep_with_next for row in written.rows[1:]]
        assert keeps[-1] is not True  # the table's end lets the text after it move on
        n = len(spec.rows)
        for i in range(n - 1):
            same_group = spec.rows[i].cells[0].value == spec.rows[i + 1].cells[0].value
            must_keep = n <= KEEP_TOGETHER_ROWS or same_group or i < KEEP_ENDS_ROWS or i >= n - 1 - KEEP_ENDS_ROWS
            assert bool(keeps[i]) == must_keep, (spec.number, i)
    # the long table can break somewhere: between two of its middle groups
    assert not all(keeps[:-1])


def test_the_intervals_level_is_the_one_verification_judged_on(plan, exports):
    """Verification's looks raise each look's level above 95% (planner.search.sequential): the
    document states the level its intervals are at, and says the 95% holds over the looks; a plan
    written before the looks (no interval_level) reads 95% and says nothing of looks."""
    level = plan["evidence"]["interval_level"]
    assert 0.95 <= level < 1
    said = f"{round(100 * level, 1):g}%"
    body = "\n".join(p.text for p in docx.Document(exports["zh"]["docx"]).paragraphs)
    assert f"统计承诺指标的均值及置信区间（{said}）" in body and f"置信区间（{said}）整体满足目标" in body
    assert ("分次查看数据" in body) == (level > 0.95)
    older = {**plan, "evidence": {k: v for k, v in plan["evidence"].items() if k != "interval_level"}}
    text = "\n".join(block.text for section in build_document(older, "zh").sections for block in section.blocks
                      if hasattr(block, "text"))
    assert "置信区间（95%）" in text and "分次查看数据" not in text
