"""Malformed exports give a clear message naming the file, the column or field, the value and
what is allowed; usable rows are kept and every skipped row is counted with its reason, so
rows read = rows used + rows skipped."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pandas as pd
import pytest

from conftest import REPO
from sim.cli import main
from sim.records.reading import RecordsError, parse_mapping, parse_source, read_all, read_records

GOOD = [
    "time,type,outcome,wait_s,talk_s",
    "2026-06-01 08:00:00,repair_report,answered,3.5,180",
    "2026-06-01 08:05:00,enquiry,abandoned,40,",
    "2026-06-02 09:00:00,repair_report,answered,0,200",
]


def _write(tmp_path, lines, name="calls.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def test_good_export_reads_every_row(tmp_path):
    rs = read_records(_write(tmp_path, GOOD), "calls")
    assert len(rs.frame) == 3 and rs.n_skipped == 0 and rs.rows_read == 3
    assert list(rs.frame["outcome"]) == ["answered", "abandoned", "answered"]


def test_missing_column_names_file_field_and_columns_present(tmp_path):
    path = _write(tmp_path, ["time,type,wait_s", "2026-06-01 08:00:00,enquiry,3"])
    with pytest.raises(RecordsError) as err:
        read_records(path, "calls")
    text = str(err.value)
    assert str(path) in text and "'outcome'" in text and "answered or abandoned" in text
    assert "'time', 'type', 'wait_s'" in text and "--map calls.outcome=COLUMN" in text


def test_mapping_uses_the_exports_own_columns(tmp_path):
    path = _write(tmp_path, ["来电时间,业务类型,结果,排队秒数", "2026-06-01 08:00:00,enquiry,接通,3",
                             "2026-06-01 08:01:00,enquiry,放弃,30"], encoding="gb18030")
    mapping = parse_mapping(["calls.time=来电时间", "calls.type=业务类型", "calls.outcome=结果", "calls.wait_s=排队秒数"])
    rs = read_records(path, "calls", mapping["calls"])
    assert list(rs.frame["outcome"]) == ["answered", "abandoned"] and rs.n_skipped == 0
    with pytest.raises(RecordsError, match="mapped column '通话' for calls field 'talk_s' is not in the file"):
        read_records(path, "calls", {**mapping["calls"], "talk_s": "通话"})


def test_bad_rows_are_skipped_and_counted_by_reason(tmp_path):
    lines = GOOD + [
        "2026-13-01 08:00:00,enquiry,answered,1,100",        # row 5: no 13th month
        "yesterday,enquiry,answered,1,100",                 # row 6
        "2026-06-02 10:00:00,enquiry,maybe,1,100",          # row 7: unknown outcome
        "2026-06-02 11:00:00,enquiry,answered,-4,100",      # row 8: negative wait
        "2026-06-02 09:00:00,repair_report,answered,0,200",  # row 9: duplicate of row 4
        "2026-06-02 12:00:00,,answered,1,100",              # row 10: no type
    ]
    rs = read_records(_write(tmp_path, lines), "calls")
    reasons = {s.reason: s.rows for s in rs.skipped}
    assert rs.rows_read == len(rs.frame) + rs.n_skipped == 9
    assert reasons[next(r for r in reasons if "not a timestamp" in r)] == [5, 6]
    assert reasons[next(r for r in reasons if "not one of" in r)] == [7]
    assert reasons[next(r for r in reasons if "not a number of seconds" in r)] == [8]
    assert reasons[next(r for r in reasons if "duplicate" in r)] == [9]
    assert reasons[next(r for r in reasons if "is empty" in r)] == [10]
    text = rs.summary()
    assert "row 6: 'yesterday'" in text and "ISO 8601" in text and "same as row 4" in text
    assert "row 7: 'maybe'" in text and "answered, abandoned" in text


def test_records_outside_the_period_are_counted(tmp_path):
    path = _write(tmp_path, GOOD + ["2026-05-31 23:59:59,enquiry,answered,1,100"])
    sets, period = read_all([f"calls={path}"], period=(dt.date(2026, 6, 1), dt.date(2026, 6, 1)))
    rs = sets[0]
    assert period == (dt.date(2026, 6, 1), dt.date(2026, 6, 1))
    assert len(rs.frame) == 2
    outside = next(s for s in rs.skipped if "outside the period" in s.reason)
    assert outside.rows == [4, 5] and rs.rows_read == len(rs.frame) + rs.n_skipped


def test_excel_export(tmp_path):
    frame = pd.DataFrame({"time": pd.to_datetime(["2026-06-01 08:00", "2026-06-01 09:00"]),
                          "type": ["vehicle_gate", "vehicle_gate"], "handle_s": [40.0, None]})
    frame.to_excel(tmp_path / "gates.xlsx", index=False)
    rs = read_records(tmp_path / "gates.xlsx", "gates")
    assert len(rs.frame) == 2 and rs.frame["handle_s"].isna().sum() == 1


def test_sources_and_mapping_messages():
    assert parse_source("exports/calls_june.csv") == ("calls", "exports/calls_june.csv")
    assert parse_source("work_orders=wo.xlsx") == ("work_orders", "wo.xlsx")
    with pytest.raises(RecordsError, match="unknown kind of records 'phone'; allowed: calls, tickets"):
        parse_source("phone=x.csv")
    with pytest.raises(RecordsError, match="cannot tell which kind"):
        parse_source("export.csv")
    with pytest.raises(RecordsError, match="calls records have no field 'start'; fields: time, type"):
        parse_mapping(["calls.start=开始"])
    with pytest.raises(RecordsError, match="unknown file type '.txt'"):
        read_records(_txt(), "calls")


def _txt():
    import tempfile
    handle = tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False)
    handle.write("time\n")
    handle.close()
    return handle.name


def test_cli_bad_input_is_one_message_not_a_traceback(tmp_path):
    path = _write(tmp_path, ["time,type", "2026-06-01 08:00:00,enquiry"])
    done = subprocess.run([sys.executable, "-m", "sim", "fit", f"calls={path}", "--site", "cuihu",
                           "--base", "scenarios/default.yaml", "--out", str(tmp_path / "out.yaml")],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "missing column 'outcome'" in done.stderr and str(path) in done.stderr
    assert not (tmp_path / "out.yaml").exists()


def test_cli_unknown_site(tmp_path, capsys):
    path = _write(tmp_path, GOOD)
    assert main(["fit", f"calls={path}", "--site", "nowhere", "--base", str(REPO / "scenarios/default.yaml"),
                 "--out", str(tmp_path / "out.yaml")]) == 2
    err = capsys.readouterr().err
    assert "--site 'nowhere': not a site of" in err and "its sites: cuihu" in err


def test_cli_writes_a_loadable_scenario_from_a_tiny_export(tmp_path, capsys):
    path = _write(tmp_path, GOOD)
    out = tmp_path / "out.yaml"
    assert main(["fit", f"calls={path}", "--site", "cuihu", "--base", str(REPO / "scenarios/default.yaml"),
                 "--out", str(out)]) == 0
    from sim import load_scenario
    fitted = load_scenario(out)
    assert fitted.demand.calls["repair_report"].profile == "fitted_calls"
    assert fitted.demand.calls["complaint"].rate_per_household_per_month == 0.0   # none in the records
    assert "3 rows read, 3 used, 0 skipped" in capsys.readouterr().out


def test_excel_serial_dates(tmp_path):
    """A time column formatted as a number in Excel holds day numbers from 1899-12-30; text that is
    only such a number (an Excel sheet saved as CSV) reads the same."""
    expected = pd.to_datetime(["2026-06-01 08:24:00", "2026-06-01 12:00:00", "2026-06-02 00:00:00"])
    serials = [(t - pd.Timestamp("1899-12-30")) / pd.Timedelta(days=1) for t in expected]
    assert serials[0] == pytest.approx(46174.35)
    frame = pd.DataFrame({"time": serials, "type": "vehicle_gate", "handle_s": [40.0, 30.0, 20.0]})
    frame.to_excel(tmp_path / "gates.xlsx", index=False)
    rs = read_records(tmp_path / "gates.xlsx", "gates")
    assert rs.n_skipped == 0 and list(rs.frame["time"]) == list(expected)
    lines = ["time,type,handle_s"] + [f"{s!r},vehicle_gate,1" for s in serials] + ["-3,vehicle_gate,1", "9e9,vehicle_gate,1"]
    rs = read_records(_write(tmp_path, lines, "gates.csv"), "gates")
    assert list(rs.frame["time"]) == list(expected)
    bad = next(s for s in rs.skipped if s.code == "timestamp")
    assert bad.rows == [5, 6] and "Excel date number" in bad.reason


def test_utc_offsets_become_the_sites_local_time(tmp_path):
    lines = ["time,type,outcome,wait_s,talk_s",
             "2026-06-01T08:15:30+08:00,enquiry,answered,1,100",
             "2026-06-01T00:15:31Z,enquiry,answered,1,100",
             "2026-06-01T02:15:32+02:00,enquiry,answered,1,100",
             "2026-06-01T08:15:33+0800,enquiry,answered,1,100"]
    path = _write(tmp_path, lines)
    local = ["2026-06-01 08:15:30", "2026-06-01 08:15:31", "2026-06-01 08:15:32", "2026-06-01 08:15:33"]
    assert list(read_records(path, "calls").frame["time"]) == list(pd.to_datetime(local))   # default: China, UTC+8
    at_zero = read_records(path, "calls", utc_offset_h=0).frame["time"]
    assert list(at_zero) == list(pd.to_datetime(local) - pd.Timedelta(hours=8))
    sets, _ = read_all([f"calls={path}"], utc_offset_h=5.5)
    assert sets[0].frame["time"].iloc[1] == pd.Timestamp("2026-06-01 05:45:31")
    # Excel date cells (no offset) are local times
    frame = pd.DataFrame({"time": pd.to_datetime(["2026-06-01 08:00"]), "type": ["vehicle_gate"]})
    frame.to_excel(tmp_path / "gates.xlsx", index=False)
    assert read_records(tmp_path / "gates.xlsx", "gates", utc_offset_h=0).frame["time"].iloc[0] == pd.Timestamp("2026-06-01 08:00")


def test_mixed_local_and_offset_times_are_an_error_naming_column_and_row(tmp_path):
    lines = ["来电时间,type,outcome,wait_s",
             "2026-06-01 08:00:00,enquiry,answered,1",
             "not a time,enquiry,answered,1",
             "2026-06-01T08:05:00+08:00,enquiry,answered,1"]
    path = _write(tmp_path, lines)
    with pytest.raises(RecordsError) as err:
        read_records(path, "calls", {"time": "来电时间"})
    text = str(err.value)
    assert str(path) in text and "column '来电时间' (time)" in text
    assert "row 4: '2026-06-01T08:05:00+08:00'" in text and "row 2: '2026-06-01 08:00:00'" in text
    assert err.value.details[0]["code"] == "mixed_time" and err.value.details[0]["row"] == 4
    done = subprocess.run([sys.executable, "-m", "sim", "fit", f"calls={path}", "--map", "calls.time=来电时间",
                           "--site", "cuihu", "--base", "scenarios/default.yaml", "--out", str(tmp_path / "out.yaml")],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr and "mixes times with a UTC offset" in done.stderr
    # the unreadable row 3 alone is no reason: it is skipped, the rest read
    rs = read_records(_write(tmp_path, lines[:3], "calls2.csv"), "calls", {"time": "来电时间"})
    assert len(rs.frame) == 1 and rs.skipped[0].rows == [3]


def test_cli_utc_offset_out_of_range(tmp_path, capsys):
    path = _write(tmp_path, GOOD)
    assert main(["fit", f"calls={path}", "--site", "cuihu", "--base", str(REPO / "scenarios/default.yaml"),
                 "--out", str(tmp_path / "out.yaml"), "--utc-offset-h", "20"]) == 2
    assert "--utc-offset-h must be between -12 and 14 hours, got 20" in capsys.readouterr().err
    assert main(["fit", f"calls={path}", "--site", "cuihu", "--base", str(REPO / "scenarios/default.yaml"),
                 "--out", str(tmp_path / "out.yaml"), "--utc-offset-h", "-5"]) == 0


def test_fields_have_chinese_names_a_mapping_may_use():
    from sim.records.schema import SCHEMA
    cjk = __import__("re").compile(r"^[\u4e00-\u9fff]+$")
    for kind, specs in SCHEMA.items():
        names = [f.zh for f in specs]
        assert all(cjk.match(n) for n in names) and len(set(names)) == len(names), (kind, names)
    assert next(f.zh for f in SCHEMA["calls"] if f.name == "time") == "来电时间"
    assert parse_mapping(["calls.来电时间=呼入时间", "work_orders.到场时间=到达"]) == {
        "calls": {"time": "呼入时间"}, "work_orders": {"on_site": "到达"}}
