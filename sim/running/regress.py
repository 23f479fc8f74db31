"""Regression scenarios: did a change move the model's answers?

``python -m sim regress [SCENARIO ...] [--update]`` runs each scenario with its own seed,
replications and horizon and compares every KPI with the stored baseline
(``scenarios/baselines/<name>.json``, the JSON report of the same run). A KPI has **moved** when
the difference of the two means is larger than the two runs' 95% intervals allow:

    |mean − baseline mean| > √(h² + h_baseline²)

with h the half-width of each interval (for independent runs this is about a 95% test of equal
means; with an unchanged model and the same seed the runs are identical and nothing moves). A KPI
that appears or disappears has moved too. The command prints a table of what moved and exits 1
on any movement; ``--update`` rewrites the baselines instead and prints what changed. A baseline
that is not a KPI report (truncated, not JSON, wrong types) is reported as corrupted, counts as a
failure, and is rewritten by ``--update``.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from sim.scenario.loader import load_scenario
from sim.files import write_atomic
from sim.results.centre_kpis import KpiKey
from sim.results.report import to_json_dict
from sim.running.runner import simulate

BASELINES = Path("scenarios/baselines")
#: Absolute slack for KPIs whose intervals have no width (e.g. 100% on time in every replication).
ABS_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Movement:
    """One KPI that differs from its baseline more than the intervals allow."""

    scenario: str
    kpi: str
    baseline: float | None
    now: float | None
    allowed: float

    def __str__(self) -> str:
        def show(v):
            return "—" if v is None else f"{v:.6g}"
        return f"{self.scenario:22} {self.kpi:55} {show(self.baseline):>12} {show(self.now):>12} {self.allowed:>10.3g}"


def _index(report: dict) -> dict[str, dict]:
    out = {}
    for k in report["kpis"]:
        key = str(KpiKey.of_row(k))
        out[key] = k
    return out


def _half(kpi: dict) -> float:
    ci = kpi.get("ci95")
    if not ci or kpi.get("mean") is None:
        return 0.0
    return (ci[1] - ci[0]) / 2


def compare(name: str, baseline: dict, now: dict) -> list[Movement]:
    """The KPIs of ``now`` that moved from ``baseline``."""
    old, new = _index(baseline), _index(now)
    moved = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a is None or b is None:
            moved.append(Movement(name, key, a and a["mean"], b and b["mean"], math.nan))
            continue
        if a["mean"] is None or b["mean"] is None:
            if (a["mean"] is None) != (b["mean"] is None):
                moved.append(Movement(name, key, a["mean"], b["mean"], math.nan))
            continue
        allowed = math.hypot(_half(a), _half(b)) + ABS_TOLERANCE * max(1.0, abs(a["mean"]))
        if abs(a["mean"] - b["mean"]) > allowed:
            moved.append(Movement(name, key, a["mean"], b["mean"], allowed))
    return moved


def read_baseline(path: Path) -> tuple[dict | None, str | None]:
    """A stored baseline and, when it cannot be used, why (missing, unreadable, not JSON, or not
    the JSON report of a run: a ``kpis`` list of {stream, metric, mean, ci95})."""
    if not path.exists():
        return None, "missing"
    try:
        raw = path.read_bytes()
        if len(raw) > 50_000_000:
            return None, f"is {len(raw):,} bytes, far more than a report"
        data = json.loads(raw.decode("utf-8"))
    except OSError as exc:
        return None, f"cannot be read: {exc.strerror or exc}"
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        return None, f"is not valid JSON ({str(exc)[:80]})"
    if not isinstance(data, dict) or not isinstance(data.get("kpis"), list):
        return None, "is not a KPI report (no list of kpis)"
    for index, kpi in enumerate(data["kpis"]):
        if not isinstance(kpi, dict) or not isinstance(kpi.get("stream"), str) or not isinstance(kpi.get("metric"), str):
            return None, f"kpis[{index}] is not a KPI (stream and metric as text)"
        if kpi.get("group") is not None and not isinstance(kpi["group"], str):
            return None, f"kpis[{index}].group is not text"
        mean = kpi.get("mean")
        if mean is not None and (isinstance(mean, bool) or not isinstance(mean, (int, float)) or not math.isfinite(mean)):
            return None, f"kpis[{index}].mean = {str(mean)[:40]} is not a number"
        ci = kpi.get("ci95")
        if ci is not None and not (isinstance(ci, list) and len(ci) == 2 and all(
                isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v) for v in ci)):
            return None, f"kpis[{index}].ci95 is not a pair of numbers"
    return data, None


def regress(paths: list[str], overrides: list[str], update: bool, baselines: Path = BASELINES,
            workers: int = 1, out=print) -> int:
    """Run the regression scenarios; returns the exit status (0: nothing moved or updated)."""
    moved: list[Movement] = []
    for path in paths:
        scenario = load_scenario(path, overrides)
        report = to_json_dict(simulate(scenario, workers=workers))
        target = baselines / f"{scenario.name}.json"
        before, problem = read_baseline(target)
        if update:
            changes = compare(scenario.name, before, report) if before else []
            write_atomic(target, json.dumps(report, ensure_ascii=False, indent=2) + "\n")
            state = ("written" if problem == "missing" else f"rewritten (the old one {problem})" if problem
                     else "updated")
            out(f"{scenario.name}: baseline {state} ({target})"
                + (f", {len(changes)} KPI(s) changed:" if changes else ""))
            for change in changes:
                out(f"  {change}")
            continue
        if problem == "missing":
            out(f"{scenario.name}: no baseline at {target}; run with --update to create it")
            moved.append(Movement(scenario.name, "(baseline missing)", None, None, math.nan))
            continue
        if problem:
            out(f"{scenario.name}: the baseline {target} {problem}; run with --update to rewrite it")
            moved.append(Movement(scenario.name, "(baseline corrupted)", None, None, math.nan))
            continue
        baseline = before
        for key in ("seed", "replications", "horizon_days"):
            if baseline.get(key) != report.get(key):
                out(f"{scenario.name}: the baseline was run with {key}={baseline.get(key)}, this run {key}={report.get(key)}")
        found = compare(scenario.name, baseline, report)
        moved += found
        out(f"{scenario.name}: {len(report['kpis'])} KPIs, {'nothing moved' if not found else f'{len(found)} moved'}")
    if moved and not update:
        out("")
        out(f"{'scenario':22} {'KPI':55} {'baseline':>12} {'now':>12} {'allowed':>10}")
        for m in moved:
            out(str(m))
    if not update:
        failed = len({m.scenario for m in moved})
        out(f"regress: {len(paths) - failed} passed, {failed} failed")
    return 1 if moved and not update else 0


def default_scenarios() -> list[str]:
    """Every scenario file at the top of scenarios/ (validation cases have their own tests)."""
    return sorted(str(p) for p in Path("scenarios").glob("*.yaml"))

