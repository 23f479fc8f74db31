"""The KPI report of a run: the JSON that later tools rely on, and a readable table.

JSON shape (documented in docs/metrics.md)::

    {"scenario": name, "seed": S, "replications": R, "horizon_days": N, "warmup_days": W,
     "kpis": [{"stream": "calls", "metric": "service_level", "unit": "share", "mean": 0.91,
               "ci95": [0.90, 0.92], "target": 0.8, "met": true, "status": "met",
               "within_s": 15}, ...],
     # a contractor's commitment (no target: not judged) carries its own verdict:
     #   "commitment": {"of": "contractor", "direction": ">=", "target": 0.95, "status": "met"}
     "by_hour": {"calls": {"service_level": [24 values], ...}, "staff.agents": {...}}}

Numbers are rounded to 6 significant digits; NaN becomes null. The same seed gives the same
bytes.
"""

from __future__ import annotations

import json
import math
from typing import Any

from sim.results.run_result import RunResult
from sim.results.verdicts import Verdict, Verdicts


def _num(value: Any) -> Any:
    if value is None:
        return None
    value = float(value)
    if math.isnan(value) or math.isinf(value):
        return None
    return float(f"{value:.6g}")


def _records(run: RunResult) -> list[dict]:
    """KPI rows with missing text fields as None (pandas may turn them into NaN)."""
    rows = run.kpi_table().to_dict("records")
    for row in rows:
        for key in ("group", "direction", "status", "met", "commitment_direction", "commitment_status"):
            if row[key] is not None and not isinstance(row[key], (str, bool)):
                row[key] = None
    return rows


def to_json_dict(run: RunResult) -> dict:
    """The run's report as plain data, in the documented shape."""
    kpis = []
    for row in _records(run):
        entry = {"stream": row["stream"], "metric": row["metric"]}
        if row["group"] is not None:
            entry["group"] = row["group"]
        entry["unit"] = row["unit"]
        entry["mean"] = _num(row["mean"])
        low, high = _num(row["ci_low"]), _num(row["ci_high"])
        entry["ci95"] = [low, high] if low is not None else None
        entry["target"] = _num(row["target"]) if row["direction"] else None
        if row["direction"]:
            entry["direction"] = row["direction"]
        entry["met"] = row["met"]
        entry["status"] = row["status"]
        if row["metric"] in ("service_level", "service_level_hour"):
            entry["within_s"] = _num(row["within_s"])
        if row["commitment_direction"]:  # a contractor's commitment: reported, not a staffing target
            entry["commitment"] = {"of": "contractor", "direction": row["commitment_direction"],
                                   "target": _num(row["commitment_target"]), "status": row["commitment_status"]}
        kpis.append(entry)
    by_hour: dict[str, dict[str, list]] = {}
    for row in run.by_hour_table().to_dict("records"):
        by_hour.setdefault(row["series"], {}).setdefault(row["metric"], []).append(_num(row["mean"]))
    return {
        "scenario": run.scenario.name,
        "seed": run.seed,
        "replications": run.replications,
        "horizon_days": _num(run.horizon_days),
        "warmup_days": _num(run.scenario.calendar.warmup_days),
        "kpis": kpis,
        "by_hour": by_hour,
    }


def to_json(run: RunResult) -> str:
    return json.dumps(to_json_dict(run), ensure_ascii=False, indent=2) + "\n"


_PCT = {"share"}


def _fmt(value: float, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if unit in _PCT:
        return f"{100 * value:.1f}%"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.2f}"


#: A verdict in the English text outputs (the summary, the CLI table).
VERDICT_WORDS = {Verdict.MET: "met", Verdict.MISSED: "missed", Verdict.NOT_SHOWN: "not yet shown (inconclusive)",
                 Verdict.NOT_MEASURED: "not measured"}
#: A stored status (the KPI table's) as the CLI table marks it.
_MARK = {v.value: f"{mark} {VERDICT_WORDS[v]}" for v, mark in zip(Verdict, "✔✘?·")}


def verdict_line(verdicts: Verdicts) -> str:
    """The count of commitments in words: "40 of 52 commitments met at 95% confidence; 2 missed,
    8 not yet shown (inconclusive), 2 not measured" (the summary and the CLI table print it)."""
    rest = [f"{verdicts.count(v)} {VERDICT_WORDS[v]}" for v in (Verdict.MISSED, Verdict.NOT_SHOWN, Verdict.NOT_MEASURED)
            if verdicts.count(v)]
    return (f"{verdicts.met} of {verdicts.total} commitments met at 95% confidence"
            + (f"; {', '.join(rest)}" if rest else ""))


def kpi_text_table(run: RunResult) -> str:
    """A readable table of every KPI against its target."""
    table = run.kpi_table()
    head = (f"Scenario {run.scenario.name}: {run.replications} replication(s) × "
            f"{run.horizon_days:g} days (warm-up {run.scenario.calendar.warmup_days:g}), seed {run.seed}")
    rows = [("stream", "metric", "mean", "95% CI", "target", "status")]
    for r in _records(run):
        stream = r["stream"] + (f" [{r['group']}]" if r["group"] else "")
        metric = r["metric"] + (f" (≤{r['within_s']:g} s)" if r["metric"] in ("service_level", "service_level_hour") else "")
        ci = "—" if math.isnan(r["ci_low"]) else f"{_fmt(r['ci_low'], r['unit'])} – {_fmt(r['ci_high'], r['unit'])}"
        target = f"{r['direction']} {_fmt(r['target'], r['unit'])}" if r["direction"] else ""
        status = _MARK.get(r["status"], "") if r["status"] else ""
        if r["commitment_direction"]:  # reported with its verdict, not counted among the targets
            target = f"{r['commitment_direction']} {_fmt(r['commitment_target'], r['unit'])} (contractor's commitment)"
            status = _MARK.get(r["commitment_status"], "")
        rows.append((stream, metric, _fmt(r["mean"], r["unit"]), ci, target, status))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [head, ""]
    for n, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    lines.append("")
    lines.append(verdict_line(Verdicts.of_rows(table.to_dict("records"))))
    if table["commitment_direction"].notna().any():
        lines.append("(a contractor's commitment is reported with its verdict; no staffing of the site moves it, "
                     "so it is not among the targets)")
    return "\n".join(lines)
