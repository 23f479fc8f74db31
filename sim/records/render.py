"""Writing a fit as a scenario file: the demand part (and work orders' part of the field) that
extends a base scenario, every fitted number followed by a comment with its interval and count."""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from pathlib import Path

import yaml

from sim.records.fitting import Fit


def _flow(value) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else ".inf"
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000, sort_keys=False).strip()
    return text[:-4].strip() if text.endswith("\n...") or text.endswith(" ...") else text


def _inline(value) -> bool:
    return not isinstance(value, dict) or "dist" in value or not value or all(
        not isinstance(v, (dict, list)) for v in value.values()) and len(value) <= 4 and "start_date" in value


def _emit(obj: dict, path: str, indent: int, comments: dict[str, str], lines: list[str]) -> None:
    pad = "  " * indent
    for key, value in obj.items():
        here = f"{path}.{key}" if path else str(key)
        comment = comments.get(here)
        long_list = isinstance(value, list) and len(value) > 12
        if comment and (not _inline(value) or long_list or "\n" in comment):   # a comment of its own above
            lines += [f"{pad}# {line}" for line in comment.splitlines()]
            comment = None
        key_text = _flow(key) if not isinstance(key, str) or not key.isidentifier() else key
        if isinstance(value, dict) and value and not _inline(value):
            lines.append(f"{pad}{key_text}:")
            _emit(value, here, indent + 1, comments, lines)
        else:
            tail = f"   # {comment}" if comment else ""
            lines.append(f"{pad}{key_text}: {_flow(value)}{tail}")


def render_scenario(fit: Fit, site: str, base_path: str | None, out_path: str | Path,
                    sources: list[str]) -> str:
    """The text of the fitted scenario file."""
    start, end = fit.period
    days = (end - start).days + 1
    lines = [f"# Demand of site {site} fitted to its own records ({start} to {end}, {days} days) by",
             "# `python -m sim fit`; every fitted number carries its interval and the count it rests on.",
             "# Records read:"]
    for rs in fit.record_sets:
        lines += [f"#   {line}" for line in rs.summary().splitlines()]
    lines += [f"# {note}" for note in fit.notes]
    if "field.work_orders" in fit.comments and not (fit.field or {}).get("work_orders"):
        lines += [f"# {line}" for line in fit.comments["field.work_orders"].splitlines()]
    data: dict = {}
    if base_path is not None:
        rel = os.path.relpath(Path(base_path).resolve(), Path(out_path).resolve().parent)
        data["extends"] = rel
    data["name"] = f"{site}-fitted"
    data["description"] = f"demand of {site} fitted to its records {start} to {end}"
    data["calendar"] = {"start_date": start, "horizon_days": days, "warmup_days": 0}
    data["demand"] = fit.demand
    if fit.field:
        data["field"] = fit.field
    comments = dict(fit.comments)
    comments["calendar"] = "the period of the records, so the dated multipliers fall on their days"
    body: list[str] = []
    _emit(data, "", 0, comments, body)
    return "\n".join(lines + body) + "\n"


def fit_report(fit: Fit) -> dict:
    """Every estimate and every skipped row count, as JSON-ready data."""
    return {
        "period": [fit.period[0].isoformat(), fit.period[1].isoformat()],
        "level": fit.level,
        "estimates": [e.as_dict() for e in fit.estimates],
        "records": [{"file": rs.path, "kind": rs.kind, "rows_read": rs.rows_read, "used": len(rs.frame),
                     "skipped": [{"reason": s.reason, "count": len(s.rows), "rows": s.rows[:20]} for s in rs.skipped]}
                    for rs in fit.record_sets],
        "notes": fit.notes,
    }


def report_json(fit: Fit) -> str:
    def default(o):
        if isinstance(o, (dt.date, dt.datetime)):
            return o.isoformat()
        return str(o)
    return json.dumps(fit_report(fit), indent=1, ensure_ascii=False, default=default, allow_nan=True) + "\n"
