"""Reading a site's records: CSV and Excel exports of calls, tickets, gate events and work
orders, with a column mapping for the export's own column names.

Times are the site's local time: ISO 8601 text (``2026-06-01 08:15:30``), text with a UTC offset
(``2026-06-01T08:15:30+08:00``, ``…Z``: converted at the site's offset, default UTC+8), Excel
serial day numbers (46174.35, from a cell formatted as a number) or Excel date cells; one column
may not mix offset and local times.

A problem that stops a file being read at all (no such file, a missing column, an unknown kind,
a time column mixing offset and local times)
raises :class:`RecordsError` naming the file, the field and column, and what is allowed. A row
that cannot be used (a bad timestamp, a number that is not one, a duplicate, a record outside the
stated period) is skipped and counted by reason, with example rows: nothing is dropped silently.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

import numpy as np
import pandas as pd

from sim.records.schema import FLAGS, KINDS, OUTCOMES, QUEUES, SCHEMA

#: How an export names its kind when the command line does not say (``calls=FILE``).
_KIND_HINTS = {"call": "calls", "ticket": "tickets", "gate": "gates", "work_order": "work_orders",
               "workorder": "work_orders", "work-order": "work_orders"}
SUFFIXES = (".csv", ".xlsx", ".xls")
#: The site's offset from UTC when not told (China Standard Time, UTC+8).
DEFAULT_UTC_OFFSET_H = 8.0
#: Excel's day 0 (serial dates count days from it; from 1900-03-01 on, serial 61).
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
#: Times are read from 1900 up to 2200 (pandas' nanosecond times end in 2262): others are not times.
_FIRST, _END = pd.Timestamp("1900-01-01"), pd.Timestamp("2200-01-01")
_EXCEL_MAX = (_END - EXCEL_EPOCH).days
_NUMBER = re.compile(r"^\d+(\.\d+)?$")
_OFFSET = re.compile(r"\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*([Zz]|[+-]\d{2}(:?\d{2})?)$")
TIME_FORMS = ("ISO 8601 date and time, e.g. 2026-06-01 08:15:30, with or without a UTC offset (2026-06-01T08:15:30+08:00, "
              "…Z), or an Excel date number (46174.35)")


class RecordsError(ValueError):
    """Records that cannot be read; ``problems`` lists every one found (each names the file)."""

    def __init__(self, problems: list[str], details: list[dict] | None = None):
        self.problems = list(problems)
        #: per problem, for translations: {"code": missing_column | mapped_column | no_file | file_type |
        #: unreadable | encoding | no_records | period, "file": ..., "column": ..., "field": ..., "columns": [...]}
        self.details = list(details) if details is not None else [{"code": "other"} for _ in problems]
        head = "cannot read the records" if len(problems) == 1 else f"cannot read the records ({len(problems)} problems)"
        super().__init__(head + ":\n" + "\n".join(f"  - {p}" for p in self.problems))


@dataclass
class Skipped:
    """Rows of one file left out for one reason, with their row numbers (the header is row 1)."""

    file: str
    reason: str
    rows: list[int] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    #: what went wrong, for translations: empty, timestamp, number, choice, no_talk, duplicate, period
    code: str = ""
    column: str = ""

    def __str__(self) -> str:
        shown = ", ".join(self.examples[:3])
        more = f" (e.g. {shown})" if shown else ""
        return f"{self.file}: {len(self.rows)} row{'s' if len(self.rows) != 1 else ''} skipped: {self.reason}{more}"


@dataclass
class RecordSet:
    """The usable rows of one export in canonical fields (schema.SCHEMA), plus a ``row`` column
    with each row's number in the file, and what was skipped."""

    kind: str
    path: str
    frame: pd.DataFrame
    rows_read: int
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def n_skipped(self) -> int:
        return sum(len(s.rows) for s in self.skipped)

    def summary(self) -> str:
        lines = [f"{self.path}: {self.kind}, {self.rows_read} rows read, {len(self.frame)} used, {self.n_skipped} skipped"]
        lines += [f"  {s}" for s in self.skipped]
        return "\n".join(lines)


def parse_source(spec: str) -> tuple[str, str]:
    """``calls=exports/calls.csv`` → (kind, path); a bare path's kind comes from its name."""
    if "=" in spec:
        kind, path = spec.split("=", 1)
        kind = kind.strip()
        if kind not in KINDS:
            raise RecordsError([f"{spec}: unknown kind of records {kind!r}; allowed: {', '.join(KINDS)}"])
        return kind, path
    stem = Path(spec).stem.lower()
    for hint, kind in _KIND_HINTS.items():
        if hint in stem:
            return kind, spec
    raise RecordsError([f"{spec}: cannot tell which kind of records this is; write KIND=FILE with KIND one of "
                        f"{', '.join(KINDS)} (e.g. calls={spec})"])


def parse_mapping(items: Iterable[str]) -> dict[str, dict[str, str]]:
    """``--map calls.time=来电时间`` items → {kind: {field: column}}."""
    mapping: dict[str, dict[str, str]] = {}
    problems = []
    for item in items:
        key, sep, column = item.partition("=")
        kind, dot, name = key.strip().partition(".")
        if not sep or not dot or not column:
            problems.append(f"--map {item!r}: write KIND.FIELD=COLUMN, e.g. calls.time=来电时间")
            continue
        if kind not in SCHEMA:
            problems.append(f"--map {item!r}: unknown kind {kind!r}; allowed: {', '.join(KINDS)}")
            continue
        names = [f.name for f in SCHEMA[kind]]
        name = {f.zh: f.name for f in SCHEMA[kind]}.get(name.strip(), name)   # calls.来电时间 is calls.time
        if name not in names:
            problems.append(f"--map {item!r}: {kind} records have no field {name!r}; fields: {', '.join(names)}")
            continue
        mapping.setdefault(kind, {})[name] = column.strip()
    if problems:
        raise RecordsError(problems)
    return mapping


def _read_table(path: Path, sheet: str | int | None) -> pd.DataFrame:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        for encoding in ("utf-8-sig", "gb18030"):   # Chinese phone systems often export GBK
            try:
                return pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)
            except UnicodeDecodeError:
                continue
        raise RecordsError([f"{path}: not text in UTF-8 or GB18030; save the export as CSV UTF-8"],
                           [{"code": "encoding", "file": str(path)}])
    if suffix in (".xlsx", ".xls"):
        frame = pd.read_excel(path, sheet_name=0 if sheet is None else sheet, dtype=object)
        return frame.where(frame.notna(), "")
    raise RecordsError([f"{path}: unknown file type {suffix or '(none)'!r}; allowed: {', '.join(SUFFIXES)}"],
                       [{"code": "file_type", "file": str(path)}])


class MixedTimes(ValueError):
    """A time column with both local times and times with a UTC offset; ``rows`` are (index,
    value) samples of each."""

    def __init__(self, aware: tuple[int, object], naive: tuple[int, object]):
        self.aware, self.naive = aware, naive
        super().__init__("mixed local and UTC-offset times")


def parse_times(values, utc_offset_h: float = DEFAULT_UTC_OFFSET_H) -> pd.Series:
    """Timestamps in the site's local time (naive) from an export's cells: ISO 8601 text without
    an offset (already local), with one (+08:00, Z: converted to UTC + ``utc_offset_h``), Excel
    serial day numbers (a number, or text that is only a number) and datetime cells. Empty and
    unreadable cells give NaT. A column with both offset and local times that can be read raises
    MixedTimes (which clock the local ones are on cannot be told)."""
    values = list(values)
    n = len(values)
    local = pd.Series(pd.NaT, index=range(n), dtype="datetime64[ns]")
    offset = pd.Series(pd.NaT, index=range(n), dtype="datetime64[ns]")
    serial = np.full(n, np.nan)
    naive_text: dict[int, str] = {}
    aware_text: dict[int, str] = {}
    for i, v in enumerate(values):
        if v is None or isinstance(v, (bool, np.bool_)) or (isinstance(v, float) and v != v):
            continue
        if isinstance(v, (int, float, np.integer, np.floating)):
            serial[i] = float(v)
        elif isinstance(v, (dt.datetime, pd.Timestamp)):
            ts = pd.Timestamp(v)
            if not _FIRST <= ts.replace(tzinfo=None) < _END:
                continue
            if ts.tzinfo is not None:
                offset[i] = ts.tz_convert("UTC").tz_localize(None) + pd.Timedelta(hours=utc_offset_h)
            else:
                local[i] = ts
        elif isinstance(v, dt.date):
            if _FIRST <= pd.Timestamp(v) < _END:
                local[i] = pd.Timestamp(v)
        else:
            text = str(v).strip()
            if not text:
                continue
            if _NUMBER.match(text):
                serial[i] = float(text)
            elif _OFFSET.search(text):
                aware_text[i] = text
            else:
                naive_text[i] = text
    ok = (serial >= 1) & (serial < _EXCEL_MAX)
    if ok.any():
        local[np.flatnonzero(ok)] = (EXCEL_EPOCH + pd.to_timedelta(serial[ok], unit="D")).round("ms")
    def in_range(t: pd.Series) -> np.ndarray:
        t = t.where((t >= _FIRST) & (t < _END))
        return t.astype("datetime64[ns]").to_numpy()

    if naive_text:
        local[list(naive_text)] = in_range(pd.to_datetime(pd.Series(list(naive_text.values())), errors="coerce",
                                                          format="ISO8601"))
    if aware_text:
        utc = pd.to_datetime(pd.Series(list(aware_text.values())), errors="coerce", format="ISO8601", utc=True)
        offset[list(aware_text)] = in_range(utc.dt.tz_localize(None) + pd.Timedelta(hours=utc_offset_h))
    has_local, has_offset = local.notna().to_numpy(), offset.notna().to_numpy()
    if has_local.any() and has_offset.any():
        i, j = int(np.flatnonzero(has_offset)[0]), int(np.flatnonzero(has_local)[0])
        raise MixedTimes((i, values[i]), (j, values[j]))
    return offset if has_offset.any() else local


def read_records(path: str | Path, kind: str, mapping: Mapping[str, str] | None = None,
                 sheet: str | int | None = None, utc_offset_h: float = DEFAULT_UTC_OFFSET_H) -> RecordSet:
    """Read one export of ``kind`` records; ``mapping`` is {field: column in this file};
    times with a UTC offset are turned into the site's local time at ``utc_offset_h``."""
    path = Path(path)
    if kind not in SCHEMA:
        raise RecordsError([f"{path}: unknown kind of records {kind!r}; allowed: {', '.join(KINDS)}"])
    if not path.is_file():
        raise RecordsError([f"{path}: no such file"], [{"code": "no_file", "file": str(path)}])
    mapping = dict(mapping or {})
    try:
        raw = _read_table(path, sheet)
    except RecordsError:
        raise
    except Exception as exc:  # a corrupt workbook, a CSV with ragged rows...
        raise RecordsError([f"{path}: cannot be read as {path.suffix.lstrip('.').upper()}: {exc}"],
                           [{"code": "unreadable", "file": str(path)}]) from None
    raw.columns = [str(c).strip() for c in raw.columns]
    problems, details = [], []
    for spec in SCHEMA[kind]:
        column = mapping.get(spec.name, spec.name)
        detail = {"file": str(path), "column": column, "field": spec.name, "kind": kind, "columns": list(raw.columns)}
        if spec.required and column not in raw.columns:
            details.append({"code": "missing_column", **detail})
            via = f" (mapped from field {spec.name!r})" if spec.name in mapping else ""
            problems.append(f"{path}: missing column {column!r}{via} for {kind} field {spec.name!r} ({spec.help}); "
                            f"the file has columns: {', '.join(map(repr, raw.columns)) or '(none)'}"
                            + ("" if via else f"; map another column with --map {kind}.{spec.name}=COLUMN"))
        elif spec.name in mapping and column not in raw.columns:
            details.append({"code": "mapped_column", **detail})
            problems.append(f"{path}: mapped column {column!r} for {kind} field {spec.name!r} is not in the file; "
                            f"the file has columns: {', '.join(map(repr, raw.columns))}")
    if problems:
        raise RecordsError(problems, details)

    rows = np.arange(len(raw)) + 2          # row 1 is the header
    bad = np.zeros(len(raw), bool)
    skipped: list[Skipped] = []
    out: dict[str, object] = {}

    def skip(mask: np.ndarray, reason: str, values, code: str, column: str = "") -> None:
        mask = mask & ~bad
        if mask.any():
            idx = np.flatnonzero(mask)
            skipped.append(Skipped(str(path), reason, rows[idx].tolist(),
                                   [f"row {rows[i]}: {values[i]!r}" for i in idx[:3]], code, column))
            bad[idx] = True

    for spec in SCHEMA[kind]:
        column = mapping.get(spec.name, spec.name)
        if column not in raw.columns:
            continue
        values = raw[column].to_numpy(dtype=object)
        text = np.array([v.strip() if isinstance(v, str) else ("" if v is None else v) for v in values], dtype=object)
        empty = np.array([isinstance(v, str) and v == "" for v in text])
        where = f"column {column!r} ({spec.name})"
        if spec.required:
            skip(empty, f"{where} is empty", text, "empty", column)
        if spec.type == "time":
            try:
                parsed = parse_times([None if e else v for v, e in zip(text, empty)], utc_offset_h)
            except MixedTimes as mixed:
                (ia, va), (iv, vv) = mixed.aware, mixed.naive
                raise RecordsError(
                    [f"{path}: {where} mixes times with a UTC offset (row {rows[ia]}: {str(va)!r}) and times "
                     f"without one (row {rows[iv]}: {str(vv)!r}), so the clock of the second is unknown; write them "
                     "all in the site's local time, or all with their offset"],
                    [{"code": "mixed_time", "file": str(path), "column": column, "field": spec.name, "kind": kind,
                      "row": int(rows[ia]), "value": str(va), "other_row": int(rows[iv]), "other_value": str(vv)}]
                ) from None
            skip(parsed.isna().to_numpy() & ~empty, f"{where} is not a timestamp; allowed: {TIME_FORMS}",
                 text, "timestamp", column)
            out[spec.name] = parsed
        elif spec.type == "seconds":
            number = pd.to_numeric(pd.Series([np.nan if e else v for v, e in zip(text, empty)], dtype=object),
                                   errors="coerce").to_numpy(float)
            skip((np.isnan(number) & ~empty) | (number < 0), f"{where} is not a number of seconds ≥ 0", text, "number", column)
            out[spec.name] = number
        elif spec.type in ("outcome", "queue", "flag"):
            table = {"outcome": OUTCOMES, "queue": QUEUES, "flag": FLAGS}[spec.type]
            key = np.array([str(v).strip().lower() for v in text], dtype=object)
            known = np.array([k in table for k in key])
            allowed = list(dict.fromkeys(table.values()))
            skip(~known & ~(empty & (spec.type != "outcome")),
                 f"{where} is not one of {', '.join(map(str, allowed))} (or their spellings: {', '.join(k for k in table if k)})",
                 text, "choice", column)
            out[spec.name] = [table.get(k, None) for k in key]
        else:
            out[spec.name] = [str(v) for v in text]
    frame = pd.DataFrame(out)
    frame.insert(0, "row", rows)
    if kind == "calls" and "talk_s" in frame:
        skip((frame["outcome"].to_numpy() == "answered") & np.isnan(frame["talk_s"].to_numpy(float)) & ~empty_col(raw, mapping.get("talk_s", "talk_s")),
             "answered call without a talk time", raw[mapping.get("talk_s", "talk_s")].to_numpy(dtype=object),
             "no_talk", mapping.get("talk_s", "talk_s"))
    fields_only = [c for c in frame.columns if c != "row"]
    dup = frame.duplicated(subset=fields_only, keep="first").to_numpy() & ~bad
    if dup.any():
        firsts = frame.groupby(fields_only, dropna=False, sort=False)["row"].transform("first").to_numpy()
        skip(dup, "duplicate of an earlier row (every field equal)", [f"same as row {r}" for r in firsts], "duplicate")
    good = frame[~bad].reset_index(drop=True)
    return RecordSet(kind, str(path), good, len(raw), skipped)


def empty_col(raw: pd.DataFrame, column: str) -> np.ndarray:
    """Rows whose ``column`` is empty (all False when the column is absent)."""
    if column not in raw.columns:
        return np.zeros(len(raw), bool)
    return np.array([isinstance(v, str) and v.strip() == "" for v in raw[column]])


TIME_FIELD = {"calls": "time", "tickets": "time", "gates": "time", "work_orders": "created"}


def period_of(record_sets: Iterable[RecordSet]) -> tuple[dt.date, dt.date]:
    """The whole days from the first record's date to the last's."""
    times = [rs.frame[TIME_FIELD[rs.kind]] for rs in record_sets if len(rs.frame)]
    if not times:
        raise RecordsError(["no usable records in any file: nothing to fit"], [{"code": "no_records"}])
    all_times = pd.concat(times)
    return all_times.min().date(), all_times.max().date()


def within_period(rs: RecordSet, start: dt.date, end: dt.date) -> RecordSet:
    """``rs`` without the records outside [start, end] (whole days, inclusive), which are counted."""
    times = rs.frame[TIME_FIELD[rs.kind]]
    inside = ((times >= pd.Timestamp(start)) & (times < pd.Timestamp(end) + pd.Timedelta(days=1))).to_numpy()
    skipped = list(rs.skipped)
    if (~inside).any():
        out = rs.frame[~inside]
        skipped.append(Skipped(rs.path, f"outside the period {start} to {end}", out["row"].tolist(),
                               [f"row {r}: {t}" for r, t in zip(out["row"][:3], out[TIME_FIELD[rs.kind]][:3])],
                               "period"))
    return RecordSet(rs.kind, rs.path, rs.frame[inside].reset_index(drop=True), rs.rows_read, skipped)


def read_all(sources: Iterable[str], mapping: Mapping[str, Mapping[str, str]] | None = None,
             period: tuple[dt.date, dt.date] | None = None,
             utc_offset_h: float = DEFAULT_UTC_OFFSET_H) -> tuple[list[RecordSet], tuple[dt.date, dt.date]]:
    """Read every ``KIND=FILE`` source, then keep the records of ``period`` (default: the days the
    records span). Every unreadable file is reported at once."""
    mapping = mapping or {}
    sets, problems, details = [], [], []
    for spec in sources:
        try:
            kind, path = parse_source(spec)
            sets.append(read_records(path, kind, mapping.get(kind), utc_offset_h=utc_offset_h))
        except RecordsError as exc:
            problems += exc.problems
            details += exc.details
    if problems:
        raise RecordsError(problems, details)
    if period is None:
        period = period_of(sets)
    if period[1] < period[0]:
        raise RecordsError([f"the period ends ({period[1]}) before it starts ({period[0]})"], [{"code": "period"}])
    return [within_period(rs, *period) for rs in sets], period
