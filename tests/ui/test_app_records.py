"""Records on the app's scenario page (ui/records.py, ui/records_panel.py): uploaded exports are
fitted to the scenario being edited, the tables and messages are in Chinese without English
words, the check sets simulated beside observed KPIs, and "use" puts the fitted demand in the
scenario."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from streamlit.testing.v1 import AppTest

from conftest import REPO
from sim import load_scenario, simulate
from sim.records import exports_from_records
from ui import i18n, records, state

APP = str(REPO / "app.py")
#: An English word; the app's Chinese labels keep "APP/微信工单" and the unit symbols s, min, h.
ENGLISH_WORD = re.compile(r"(?!APP|App|min\b)\b[A-Za-z]{3,}|(?<=[\u4e00-\u9fff])[A-Za-z]{3,}")


@pytest.fixture(scope="module")
def exports():
    """A week of the default site's calls, tickets and gate events, as CSV bytes."""
    scenario = load_scenario(REPO / "scenarios" / "default.yaml", ["calendar.horizon_days=7", "replications=1"])
    tables = exports_from_records(simulate(scenario, keep_logs=True).records(), scenario.calendar.start_date)
    out = {}
    for kind, table in tables.items():
        buffer = io.StringIO()
        table.to_csv(buffer, index=False)
        out[kind] = buffer.getvalue().encode("utf-8")
    return out


def _uploads(exports):
    return [(f"{kind}.csv", content, kind) for kind, content in exports.items()]


def _text(frame, skip=()):
    return " ".join(str(v) for c in frame.columns if c not in skip for v in [c, *frame[c].tolist()])


def test_fit_uploads_gives_tables_in_chinese_and_a_usable_scenario(exports):
    data = state.load_template("default")
    outcome = records.fit_uploads(_uploads(exports), "", data, "cuihu")
    assert outcome.ok and [rs.path for rs in outcome.record_sets] == ["calls.csv", "tickets.csv", "gates.csv"]
    estimates = records.estimates_frame(outcome.fit, "zh")
    assert len(estimates) >= 15
    assert not ENGLISH_WORD.search(_text(estimates)), _text(estimates)
    skipped = records.skipped_frame(outcome.record_sets, "zh")
    assert not ENGLISH_WORD.search(_text(skipped, skip=("文件",))), _text(skipped)
    assert skipped["跳过"].sum() == 0 and (skipped["读取行数"] == skipped["采用"]).all()
    new = records.apply_fit(data, outcome.fit)
    scenario, issues = state.validate_data(new)
    assert scenario is not None, issues
    fitted_rate = outcome.fit.estimate("demand.calls.repair_report.rate_per_household_per_month")
    assert scenario.demand.calls["repair_report"].rate_per_household_per_month == pytest.approx(fitted_rate.value, rel=1e-3)
    assert scenario.demand.calls["repair_report"].profile == "fitted_calls"
    assert scenario.calendar.horizon_days == 7 and scenario.centre == load_scenario(REPO / "scenarios/default.yaml").centre
    # the records were made with a 0.20 repair rate: the interval holds it (99.9%: one of many numbers)
    assert fitted_rate.low * 0.9 <= 0.20 * 1.15 and fitted_rate.high >= 0.20 * 0.85


def test_bad_exports_give_chinese_messages_naming_file_and_column():
    data = state.load_template("default")
    bad = "when,type\n2026-06-01 08:00:00,enquiry\n".encode("utf-8")
    outcome = records.fit_uploads([("呼叫记录.csv", bad, "calls")], "", data, "cuihu")
    assert not outcome.ok
    zh = [records.problem_text(e, "zh") for e in outcome.errors]
    missing = next(m for m in zh if "呼叫记录.csv" in m and "来电时间" in m)
    assert "缺少“来电时间”一列" in missing and "when、type" in missing and "来电.来电时间=列名" in missing, zh
    assert not any(ENGLISH_WORD.search(m.replace("when", "").replace("type", "").replace(".csv", "")) for m in zh), zh
    assert any("缺少“接听结果”一列" in m for m in zh) and any("缺少“排队秒数”一列" in m for m in zh), zh
    en = [records.problem_text(e, "en") for e in outcome.errors]
    assert any("no column 'outcome'" in m for m in en)
    wrong = records.fit_uploads([("calls.csv", bad, "calls")], "calls.time", data, "cuihu")
    assert "记录类型.字段=列名" in records.problem_text(wrong.errors[0], "zh")
    # The Chinese page names kinds and fields in Chinese, and a mapping written so is understood.
    help_text = records.mapping_fields_text("zh")
    assert "来电：来电时间、业务类型、接听结果、排队秒数" in help_text and "维修工单：创建时间" in help_text
    assert not ENGLISH_WORD.search(help_text)
    renamed = "when,type,outcome,wait_s\n2026-06-01 08:00:00,enquiry,answered,3\n".encode()
    assert not records.fit_uploads([("calls.csv", renamed, "calls")], "", data, "cuihu").ok
    assert records.fit_uploads([("calls.csv", renamed, "calls")], "来电.时间=when", data, "cuihu").ok
    assert records.fit_uploads([("calls.csv", renamed, "calls")], "来电.来电时间=when", data, "cuihu").ok
    mapped = records.fit_uploads([("calls.csv", renamed, "calls")], "来电.来电时间=呼入", data, "cuihu")
    assert "对应为“来电时间”的列“呼入”不在文件中" in records.problem_text(mapped.errors[0], "zh")
    assert records.fit_uploads([("calls.csv", renamed, "calls")], "calls.time=when", data, "cuihu").ok
    assert records.fit_uploads([("calls.csv", renamed, "calls")], "Calls time = when", data, "cuihu").ok
    rows = "time,type,outcome,wait_s\n2026-06-01 08:00:00,enquiry,answered,3\nsoon,enquiry,answered,3\n".encode()
    partial = records.fit_uploads([("calls.csv", rows, "calls")], "", data, "cuihu")
    assert partial.ok
    reason = records.skipped_frame(partial.record_sets, "zh")["跳过原因"].iloc[0]
    assert reason == "1 行列“time”不是时间（第 3 行…）"
    mixed = "time,type,outcome,wait_s\n2026-06-01 08:00:00,enquiry,answered,3\n2026-06-01T08:01:00+08:00,enquiry,answered,3\n"
    outcome = records.fit_uploads([("calls.csv", mixed.encode(), "calls")], "", data, "cuihu")
    message = records.problem_text(outcome.errors[0], "zh")
    assert "“来电时间”一列" in message and "第 3 行：2026-06-01T08:01:00+08:00" in message and "第 2 行" in message


def test_scenario_page_fits_checks_and_uses_records(exports):
    at = AppTest.from_file(APP, default_timeout=240)
    at.session_state["lang"] = "zh"
    at.run()
    at.segmented_control(key="scenario_section_zh").set_value("demand").run()
    assert not at.exception
    uploader = at.file_uploader(key="records_upload")
    for name, content, _ in _uploads(exports):
        uploader.upload(name, content, "text/csv")
    uploader.run()
    assert not at.exception, [e.value for e in at.exception]
    at.button(key="records_fit").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("已拟合" in str(s.value) for s in at.success), [s.value for s in at.success]
    at.button(key="records_check_button").click().run()
    assert not at.exception, [e.value for e in at.exception]
    check = at.session_state["records_check"]
    assert {(r.stream, r.metric) for r in check.rows} >= {("calls", "service_level"), ("remote_ops", "service_level")}
    frames = [_text(df.value) for df in at.dataframe
              if {"参数", "跳过原因", "结论"} & set(df.value.columns)]         # the panel's three tables
    assert len(frames) == 3 and any("一致" in f for f in frames)
    assert not any(ENGLISH_WORD.search(f.replace("calls.csv", "").replace("tickets.csv", "").replace("gates.csv", ""))
                   for f in frames), frames
    staffing = [df.value for df in at.dataframe if "星期" in df.value.columns]      # the staffing simulated
    assert len(staffing) == 1 and len(staffing[0]) % 7 == 0 and staffing[0]["0时"].min() >= 1
    assert any("不同坐席数" in str(c.value) for c in at.caption)
    at.button(key="records_use").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state["source"][0] == "records"
    assert at.session_state["data"]["demand"]["calls"]["repair_report"]["profile"] == "fitted_calls"
    assert "由记录拟合" in "\n".join(str(c.value) for c in at.sidebar.caption)


def test_a_dated_multiplier_is_named_from_the_values_the_fit_wrote():
    """Its dates and stream come from the fitted entry, not from reading its key back: a key
    that says other dates does not change the words."""

    demand = {"dated_multipliers": {"days_0101_0101_calls_x": {
        "start_date": dt.date(2026, 10, 1), "end_date": dt.date(2026, 10, 5), "multiplier": 1.4,
        "applies_to": ["calls.repair_report"]}}}
    path = "demand.dated_multipliers.days_0101_0101_calls_x.multiplier"
    zh = records._label(path, "zh", demand)
    assert "10/1" in zh and "10/5" in zh and "1/1" not in zh.replace("10/1", "")
    assert i18n.stream_label("calls", "repair_report", "zh") in zh
    assert records._label(path, "zh", {}) is None
