"""Field KPIs, computed once per replication from every site's FieldLog (summed over sites).

Definitions (docs/metrics.md repeats them):

* A task counts when it is **created** at or after the warm-up.
* **Response time** of a work order or incident = from creation (the report) to the first
  arrival on site, including the dispatch delay, waiting for a free person and travel. Orders a
  contractor repairs (lifts) are reported apart, as ``work_orders.contractor``: their response is
  the contract's arrival time, which no in-house staffing moves.
  ``response_within_target`` = on site within the priority's target ÷ (those that arrived, plus
  those still not on site at the end whose target time has passed); the rest are censored.
* **Completion time** = creation to closing (after a second visit when parts were needed).
* ``rework_rate`` = closed orders that came back as a rework order ÷ closed orders (reworks
  themselves not counted); ``backlog_end_of_day`` = open
  work orders at the end of each day (mean).
* Patrols: ``round_completion`` = rounds finished ÷ rounds required by the schedule; a round still
  waiting when the next is due is missed. ``checkpoint_gap_p95_min`` = 95th percentile of the
  time between consecutive visits to the same checkpoint.
* People: every second on duty is idle, on a break, or travelling or working for a duty;
  ``utilisation`` = (working + travelling) ÷ (on duty − breaks); ``travel_share`` = travelling ÷
  the same; ``hours_<duty>`` (travel to and within the duty included), ``hours_idle`` and
  ``hours_break`` = hours per eight hours on duty, a shift's time budget (they add up to 8).
  People's time is counted over the whole horizon.
* Equipment: ``availability`` = 1 − downtime ÷ (units × window); downtime runs from a failure to
  its work order closing.
* Butlers: ``visit_coverage`` = household visits done ÷ the monthly quota pro rata;
  ``inspection_completion`` = daily zone inspections finished ÷ required;
  ``follow_up_on_time`` = complaint follow-ups (and return visits, when butlers do them) finished
  within their deadline ÷ those finished or overdue.
"""

from __future__ import annotations

import math

import numpy as np

from sim.field.site_ops import FieldLog
from sim.field.team import PRIORITY_NAMES
from sim.metrics import KpiKey
from sim.schema import Scenario
from sim.units import DAY_S, HOUR_S, MINUTE_S

DUTIES = ("work_order", "patrol", "incident", "inspection", "visit", "walk_in", "follow_up", "return_visit")


def _pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else math.nan


def _ratio(a: float, b: float) -> float:
    return a / b if b > 0 else math.nan


def _within(tasks, target_s: float, horizon_s: float) -> float:
    """Share on site within ``target_s`` (late: arrived later, or not yet and already overdue)."""
    good = sum(1 for t in tasks if not math.isnan(t.on_site_s) and t.on_site_s - t.created_s <= target_s)
    late = sum(1 for t in tasks if (not math.isnan(t.on_site_s) and t.on_site_s - t.created_s > target_s)
               or (math.isnan(t.on_site_s) and t.created_s + target_s <= horizon_s))
    return _ratio(good, good + late)


def _response_kpis(out, stream, tasks, target_min, horizon_s) -> None:
    response = [(t.on_site_s - t.created_s) / MINUTE_S for t in tasks if not math.isnan(t.on_site_s)]
    out[KpiKey(stream, "created")] = float(len(tasks))
    for q in (50, 90, 95):
        out[KpiKey(stream, f"response_p{q}_min")] = _pct(response, q)
    if target_min is not None:
        out[KpiKey(stream, "response_within_target")] = _within(tasks, target_min * MINUTE_S, horizon_s)
    done = [(t.done_s - t.created_s) / HOUR_S for t in tasks if not math.isnan(t.done_s)]
    out[KpiKey(stream, "completion_mean_h")] = float(np.mean(done)) if done else math.nan
    out[KpiKey(stream, "open_at_end")] = float(sum(1 for t in tasks if math.isnan(t.done_s)))


def field_kpis(logs: list[FieldLog], scenario: Scenario, horizon_s: float, warmup_s: float) -> dict[KpiKey, float]:
    """Every field KPI of one replication."""
    out: dict[KpiKey, float] = {}
    if not logs:
        return out
    targets = scenario.targets.field
    tasks = [t for log in logs for t in log.tasks if t.created_s >= warmup_s]
    orders = [t for t in tasks if t.kind == "work_order"]
    ours = [t for t in orders if t.meta.get("source") != "contractor"]
    for p, name in enumerate(PRIORITY_NAMES):
        group = [t for t in ours if t.priority == p]
        if group:
            target = targets.response.get(name)
            _response_kpis(out, f"work_orders.{name}", group, target.within_min if target else None, horizon_s)
    contractor = [t for t in orders if t.meta.get("source") == "contractor"]
    if contractor:  # the contractor's contractual arrival, not the technicians' response
        _response_kpis(out, "work_orders.contractor", contractor, None, horizon_s)
    if orders:
        closed = [t for t in orders if not math.isnan(t.done_s)]
        out[KpiKey("work_orders", "created")] = float(len(orders))
        out[KpiKey("work_orders", "closed")] = float(len(closed))
        originals = [t for t in closed if not t.meta.get("rework")]
        out[KpiKey("work_orders", "rework_rate")] = _ratio(sum(1 for t in originals if t.meta.get("reworked")), len(originals))
        out[KpiKey("work_orders", "parts_wait_share")] = _ratio(sum(1 for t in orders if t.meta.get("parts_wait")), len(orders))
        first_day = math.ceil(warmup_s / DAY_S)
        per_day = np.sum([log.backlog_end_of_day[first_day:] for log in logs], axis=0)  # all sites
        out[KpiKey("work_orders", "backlog_end_of_day")] = float(np.mean(per_day)) if len(per_day) else math.nan
    incidents = [t for t in tasks if t.kind == "incident"]
    if incidents or any(scenario.field.incidents):
        target = targets.incident_response
        _response_kpis(out, "incidents", incidents, target.within_min if target else None, horizon_s)
    required = sum(n for log in logs for n in log.patrol_required.values())
    if required:
        rounds = [t for t in tasks if t.kind == "patrol_round"]
        done = sum(1 for t in rounds if not math.isnan(t.done_s))
        out[KpiKey("patrols", "rounds_required")] = float(required)
        out[KpiKey("patrols", "round_completion")] = min(done / required, 1.0)
        out[KpiKey("patrols", "rounds_missed")] = float(sum(n for log in logs for n in log.patrol_missed.values()))
        gaps = []
        for log in logs:
            for visits in log.checkpoint_visits.values():
                for times in visits:
                    v = np.asarray(times)
                    gaps += list((np.diff(v)[v[1:] >= warmup_s]) / MINUTE_S)
        out[KpiKey("patrols", "checkpoint_gap_p95_min")] = _pct(gaps, 95)
    _butler_kpis(out, logs, tasks, horizon_s)
    _people_kpis(out, logs, horizon_s, warmup_s)
    units = sum(n for log in logs for n in log.equipment_units.values())
    if units:
        window = horizon_s - warmup_s
        for name in logs[0].equipment_units:
            n = sum(log.equipment_units[name] for log in logs)
            if n:
                down = sum(log.equipment_down_s[name] for log in logs)
                out[KpiKey("equipment", "availability", name)] = _availability(down, n * window)
        down_all = sum(s for log in logs for s in log.equipment_down_s.values())
        out[KpiKey("equipment", "facility_availability")] = _availability(down_all, units * window)
    return out


def _availability(down_s: float, unit_time_s: float) -> float:
    """1 − downtime ÷ unit-time, kept in [0, 1] (summed windows can overshoot by a rounding)."""
    return min(max(1.0 - down_s / unit_time_s, 0.0), 1.0)


def _butler_kpis(out, logs, tasks, horizon_s) -> None:
    quota = sum(log.visit_quota for log in logs)
    if quota <= 0 and not any(log.inspections_required for log in logs):
        return
    visits = sum(1 for t in tasks if t.kind == "butler.visit" and not math.isnan(t.done_s))
    out[KpiKey("butlers", "visit_coverage")] = min(_ratio(visits, quota), 1.0) if quota else math.nan
    required = sum(log.inspections_required for log in logs)
    inspections = sum(1 for t in tasks if t.kind == "butler.inspection" and not math.isnan(t.done_s))
    out[KpiKey("butlers", "inspection_completion")] = min(_ratio(inspections, required), 1.0) if required else math.nan
    deadline_tasks = [t for t in tasks if t.kind in ("butler.follow_up", "butler.return_visit")]
    on_time = sum(1 for t in deadline_tasks if not math.isnan(t.done_s) and t.done_s <= t.meta["deadline_s"])
    late = sum(1 for t in deadline_tasks if (not math.isnan(t.done_s) and t.done_s > t.meta["deadline_s"])
               or (math.isnan(t.done_s) and t.meta["deadline_s"] <= horizon_s))
    if on_time + late:
        out[KpiKey("butlers", "follow_up_on_time")] = on_time / (on_time + late)


def _people_kpis(out, logs, horizon_s, warmup_s) -> None:
    """Per team (butler zone teams together): utilisation, hours by duty, overtime."""
    totals: dict[str, dict[str, float]] = {}
    overtime: dict[str, float] = {}
    for log in logs:
        for team, times in log.team_time_s.items():
            base = team.split(":")[0]
            bucket = totals.setdefault(base, {})
            for state, seconds in times.items():
                bucket[state] = bucket.get(state, 0.0) + seconds
            overtime[base] = overtime.get(base, 0.0) + log.team_overtime_s[team]
    days = horizon_s / DAY_S
    for team, times in totals.items():
        on_duty = sum(times.values())
        if on_duty <= 0:
            continue
        working = sum(v for k, v in times.items() if k.startswith(("work:", "travel:")))
        travel = sum(v for k, v in times.items() if k.startswith("travel:"))
        available = on_duty - times.get("break", 0.0)
        out[KpiKey("field_staff", "utilisation", team)] = _ratio(working, available)
        out[KpiKey("field_staff", "travel_share", team)] = _ratio(travel, available)
        out[KpiKey("field_staff", "people_on_duty", team)] = on_duty / horizon_s
        per_8h = on_duty / (8 * HOUR_S)
        for state in ("idle", "break"):
            out[KpiKey("field_staff", f"hours_{state}", team)] = times.get(state, 0.0) / HOUR_S / per_8h
        for duty in DUTIES:
            spent = times.get(f"work:{duty}", 0.0) + times.get(f"travel:{duty}", 0.0)
            if spent:
                out[KpiKey("field_staff", f"hours_{duty}", team)] = spent / HOUR_S / per_8h
        out[KpiKey("field_staff", "overtime_h_per_day", team)] = overtime[team] / HOUR_S / days
