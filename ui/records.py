"""Records on the scenario page, as pure functions (no Streamlit): fit the demand of the scenario
being edited to uploaded exports (sim.records), the tables the page shows in Chinese or English,
and the scenario with the fitted demand applied."""

from __future__ import annotations

import copy
import datetime as dt
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from sim.records.fitting import Fit, fit_demand
from sim.records.reading import KINDS, RecordSet, RecordsError, parse_mapping, parse_source, read_all
from sim.records.schema import SCHEMA, spec as field_spec
from sim.scenario.errors import ScenarioError
from ui import i18n, names, state

_KIND_PART = {"calls": "calls", "tickets": "tickets", "remote_ops": "remote_ops"}


def guess_kind(filename: str) -> str:
    """The kind a file's name suggests (calls_june.csv → calls), else calls."""
    try:
        return parse_source(filename)[0]
    except RecordsError:
        return "calls"


#: The records' kinds in Chinese, for the column mapping the Chinese page shows and accepts
#: (来电.来电时间=呼入时间 is calls.time=呼入时间); fields by their schema's Chinese names
#: (sim.records.schema.FieldSpec.zh); the canonical keys are accepted too.
KIND_ZH = {"calls": "来电", "tickets": "线上工单", "gates": "道闸事件", "work_orders": "维修工单"}
#: Shorter Chinese names of fields accepted in a mapping besides the schema's (来电.时间=...).
FIELD_ALIASES_ZH = {"time": "时间", "type": "类型", "outcome": "结果", "wait_s": "等待秒数", "talk_s": "通话秒数",
                    "queue": "队列", "handle_s": "处理秒数", "created": "创建时间", "priority": "紧急程度",
                    "trade": "工种", "on_site": "到场时间", "closed": "完成时间", "rework": "返修", "agent": "坐席工号"}
_KIND_OF = {zh: key for key, zh in KIND_ZH.items()}
_FIELD_OF = {zh: key for key, zh in FIELD_ALIASES_ZH.items()}


def field_name(kind: str | None, name: str, lang: str) -> str:
    """A records field as the page names it: its Chinese name (来电时间), or its key in English."""
    if lang != "zh":
        return name
    spec = field_spec(kind, name) if kind else None
    if spec is None:                          # no kind given: the first kind with the field
        spec = next((field_spec(k, name) for k in KINDS if field_spec(k, name)), None)
    return spec.zh if spec is not None else FIELD_ALIASES_ZH.get(name, name)


def mapping_fields_text(lang: str) -> str:
    """Each kind of records with the fields a mapping may name, in the page's language."""
    if lang == "zh":
        return "；".join(f"{KIND_ZH[k]}：" + "、".join(f.zh for f in SCHEMA[k]) for k in KINDS)
    return "; ".join(f"{k}: " + ", ".join(f.name for f in SCHEMA[k]) for k in KINDS)


def canonical_mapping_line(line: str) -> str:
    """A mapping line with Chinese kind and field names (来电.时间=来电时间), or the keys written
    with a space (calls time=Call start), in canonical keys (calls.time=...)."""
    key, sep, column = line.partition("=")
    parts = re.split(r"[.\s]+", key.strip(), maxsplit=1)  # 来电.时间, calls.time or calls time
    if not sep or len(parts) != 2:
        return line
    kind, name = (p.strip() for p in parts)
    kind = _KIND_OF.get(kind, kind.lower())
    own = {f.zh: f.name for f in SCHEMA.get(kind, ())}
    name = own.get(name) or _FIELD_OF.get(name) or name.lower()
    return f"{kind}.{name}={column}"


@dataclass
class FitOutcome:
    fit: Fit | None = None
    record_sets: list[RecordSet] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)     # temporary path → the upload's name
    errors: list[dict] = field(default_factory=list)        # RecordsError details, files renamed
    site: str = ""

    @property
    def ok(self) -> bool:
        return self.fit is not None and not self.errors


def fit_uploads(files: list[tuple[str, bytes, str]], mapping_text: str, data: dict, site: str) -> FitOutcome:
    """Fit ``data``'s demand at ``site`` to uploaded exports: ``files`` are (name, content, kind)."""
    scenario, issues = state.validate_data(data)
    if scenario is None:
        return FitOutcome(errors=[{"code": "invalid_scenario"}], site=site)
    written = [line.strip() for line in re.split(r"[\n;；]", mapping_text or "") if line.strip()]
    try:
        mapping = parse_mapping([canonical_mapping_line(line) for line in written])
    except RecordsError:
        return FitOutcome(errors=[{"code": "mapping", "column": "; ".join(written)}], site=site)
    with tempfile.TemporaryDirectory(prefix="records_") as tmp:
        names, sources = {}, []
        for index, (name, content, kind) in enumerate(files):
            safe = re.sub(r"[^\w.\-]+", "_", Path(name).name) or "upload"
            path = Path(tmp) / f"{index:02d}_{safe}"
            path.write_bytes(content)
            names[str(path)] = name
            sources.append(f"{kind}={path}")
        try:
            sets, period = read_all(sources, mapping)
            fit = fit_demand(sets, period, scenario, site)
        except RecordsError as exc:
            errors = [{**d, "file": names.get(d.get("file", ""), d.get("file", ""))} for d in exc.details]
            return FitOutcome(errors=errors, names=names, site=site)
        for rs in sets:
            rs.path = names.get(rs.path, rs.path)
            for s in rs.skipped:
                s.file = rs.path
    return FitOutcome(fit, sets, names, [], site)


def apply_fit(data: dict, fit: Fit) -> dict:
    """``data`` with the fitted demand (and work orders) merged in and the calendar on the records'
    period, as the written scenario would extend its base."""
    new = copy.deepcopy(data)

    def merge(target: dict, part: dict) -> None:
        for key, value in part.items():
            if value is None:
                target.pop(key, None)
            elif isinstance(value, dict) and "dist" not in value and isinstance(target.get(key), dict):
                merge(target[key], value)
            else:
                target[key] = copy.deepcopy(value)

    merge(new.setdefault("demand", {}), _plain(fit.demand))
    if fit.field and isinstance(new.get("field"), dict):
        merge(new["field"], _plain(fit.field))
    start, end = fit.period
    calendar = new.setdefault("calendar", {})
    calendar.update({"start_date": start.isoformat(), "horizon_days": (end - start).days + 1, "warmup_days": 0})
    return new


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def problem_text(detail: dict, lang: str) -> str:
    """A reading problem (RecordsError.details) in the page's language; in Chinese the field is
    named by its Chinese name (来电时间), and a column the export was expected to have under the
    field's own key is not shown (the mapping names it in Chinese)."""
    code = detail.get("code", "other")
    columns = "、".join(map(str, detail.get("columns", []))) if lang == "zh" else ", ".join(map(str, detail.get("columns", [])))
    kind, name = detail.get("kind"), detail.get("field", "")
    if code == "missing_column" and detail.get("column") not in (None, "", name):
        code = "missing_mapped_column"                     # the mapping named a column the file lacks
    key = f"records.error.{code}" if f"records.error.{code}" in i18n.TEXT else "records.error.other"
    column = detail.get("column", "")
    return i18n.t(key, lang, file=detail.get("file", ""), column=column,
                  field=field_name(kind, name, lang) if name else "",
                  column_quoted=f"'{column}'" if lang != "zh" else ("" if column in ("", name) else f"（“{column}”）"),
                  kind=(KIND_ZH.get(kind, kind) if lang == "zh" else kind) if kind else "",
                  columns=columns, row=detail.get("row", ""), value=detail.get("value", ""),
                  other_row=detail.get("other_row", ""), other_value=detail.get("other_value", ""))


def skipped_frame(record_sets: list[RecordSet], lang: str) -> pd.DataFrame:
    """One row per file: rows read, used, skipped; then one row per skip reason."""
    rows = []
    for rs in record_sets:
        rows.append({i18n.t("records.col.file", lang): rs.path, i18n.t("records.col.kind", lang): i18n.t(f"records.kind.{rs.kind}", lang),
                     i18n.t("records.col.read", lang): rs.rows_read, i18n.t("records.col.used", lang): len(rs.frame),
                     i18n.t("records.col.skipped", lang): rs.n_skipped,
                     i18n.t("records.col.reason", lang): "; ".join(
                         i18n.t(f"records.skip.{s.code}", lang, column=s.column, n=len(s.rows),
                                rows=", ".join(map(str, s.rows[:5]))) for s in rs.skipped)})
    return pd.DataFrame(rows)


def _label(path: str, lang: str, demand: dict | None = None) -> str | None:
    parts = path.split(".")
    if parts[0] == "demand" and parts[1] in _KIND_PART and len(parts) >= 4:
        stream = i18n.stream_label(parts[1], parts[2], lang)
        what = parts[3]
        if what.startswith("rate_"):
            return f"{stream} · {i18n.rate_field_label(what, lang)}"
        if what in ("handle_time_s", "patience_s", "expert_handle_time_s") and parts[-1] == "mean":
            return f"{stream} · " + i18n.t(f"records.param.{what}", lang)
        if what == "escalate_share":
            return f"{stream} · " + i18n.t("records.param.escalate_share", lang)
        return None
    if parts[:2] == ["demand", "dated_multipliers"]:
        # the dated multiplier as the fit wrote it (its dates and stream as values)
        dated = ((demand or {}).get("dated_multipliers") or {}).get(parts[2])
        if isinstance(dated, dict) and len(dated.get("applies_to") or []) == 1:
            kind, _, name = str(dated["applies_to"][0]).partition(".")
            first, last = dated["start_date"], dated["end_date"]
            return i18n.t("records.param.multiplier", lang, stream=i18n.stream_label(kind, name, lang),
                          start=f"{first.month}/{first.day}", end=f"{last.month}/{last.day}")
    if parts[:3] == ["field", "work_orders", "rework"]:
        return i18n.t("records.param.rework", lang)
    if parts[:3] == ["field", "work_orders", "from_calls"] and parts[-2:] == ["work_time_min", "mean"]:
        return i18n.t("records.param.work_time", lang, type=i18n.type_label(parts[3], lang))
    return None


def estimates_frame(fit: Fit, lang: str) -> pd.DataFrame:
    """The fitted numbers a planner reads first (rates, mean times, shares, multipliers), each
    with its interval and count; the profiles' hours are in the written scenario."""
    rows = []
    for e in fit.estimates:
        label = _label(e.path, lang, fit.demand)
        if label is None:
            continue
        rows.append({i18n.t("records.col.parameter", lang): label, i18n.t("records.col.value", lang): float(f"{e.value:.4g}"),
                     i18n.t("records.col.interval", lang): f"[{e.low:.4g}, {e.high:.4g}]", i18n.t("records.col.n", lang): e.n})
    return pd.DataFrame(rows)


def check_frame(check, lang: str) -> pd.DataFrame:
    rows = []
    for r in check.rows:
        unit = "s" if r.metric == "asa_s" else "min" if r.metric.endswith("_min") else "share"
        rows.append({i18n.t("records.col.kpi", lang): i18n.kpi_label(r.stream, r.metric, None, lang, r.within_s),
                     i18n.t("records.col.observed", lang): i18n.fmt_value(r.observed, unit, lang) + " " +
                     i18n.fmt_interval(r.observed_low, r.observed_high, unit, lang),
                     i18n.t("records.col.simulated", lang): i18n.fmt_value(r.simulated, unit, lang) + " " +
                     i18n.fmt_interval(r.predicted_low, r.predicted_high, unit, lang),
                     i18n.t("records.col.verdict", lang): i18n.t("records.consistent" if r.consistent else "records.inconsistent", lang)})
    return pd.DataFrame(rows)


DAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def staffing_caption(check, lang: str) -> str:
    """What staffing the check simulated, in a sentence."""
    staffing = getattr(check, "staffing", None)
    if staffing is None or not staffing.simulated:
        return i18n.t("records.staffing.scenario", lang)
    key = "records.staffing.bound" if staffing.lower_bound else "records.staffing.agents"
    return i18n.t(key, lang)


def staffing_frame(check, lang: str) -> pd.DataFrame:
    """The people simulated in each hour of the week, one row per pool and weekday (empty when
    the check used the scenario's rosters)."""
    staffing = getattr(check, "staffing", None)
    rows = []
    for q in (staffing.queues.values() if staffing is not None else ()):
        if q.pool is None:
            continue
        for d in range(7):
            row = {i18n.t("records.col.pool", lang): i18n.group_label(q.pool, lang),
                   i18n.t("records.col.day", lang): DAYS_ZH[d] if lang == "zh" else ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")[d]}
            row.update({i18n.t("records.col.hour_n", lang, h=h): int(q.agents[d, h]) for h in range(24)})
            rows.append(row)
    return pd.DataFrame(rows)


PRIORITY_ZH = {"emergency": "紧急", "urgent": "急修", "routine": "一般", "planned": "计划"}


def work_times_frame(check, lang: str) -> pd.DataFrame:
    """The records' work times by trade × priority (the scenario holds one per call type)."""
    table = getattr(check, "work_times", None)
    rows = []
    for r in (table.itertuples() if table is not None and len(table) else ()):
        trade = names.key_name(r.trade, lang) if r.trade != "unknown" else ("未注明" if lang == "zh" else "not stated")
        rows.append({i18n.t("records.col.trade", lang): trade,
                     i18n.t("records.col.priority", lang): PRIORITY_ZH.get(r.priority, r.priority) if lang == "zh" else r.priority,
                     i18n.t("records.col.work_mean", lang): i18n.fmt_value(r.mean, "min", lang) + " " +
                     i18n.fmt_interval(r.mean_low, r.mean_high, "min", lang),
                     i18n.t("records.col.n", lang): int(r.n)})
    return pd.DataFrame(rows)
