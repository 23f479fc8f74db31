"""The numbers behind the proposal's figures, computed when a plan is made and kept in plan.json
(key ``charts``) so that a proposal renders from plan.json alone.

* ``demand_by_hour``: per contact-centre pool, over the hours of the week (168, Monday 00:00
  first): arrivals per hour of the contacts someone waits on, the offered load in Erlangs
  (arrivals × mean handle time, deferrable tickets and return visits at their daily average, as
  in ``planner.search.analytic_start``), Erlang C's requirement, and the planned roster's people on duty
  (mean over each hour, breaks excluded) and rostered (breaks included).
* ``service_level_curve``: per pool, the busiest hour's service level against the number of
  agents, from Erlang C (nobody abandons) and Erlang A (the pooled callers' patience), with the
  strictest target of the pool and the planned number rostered in that hour.
* ``response_times``: per stream of the evidence run, the empirical distribution of response
  times (``RunResult.histogram_table``'s shares, cumulated: the share done by each bin's upper
  edge) and the stream's target time and share.
"""

from __future__ import annotations

import math

import numpy as np

from planner.search.analytic_start import _posted_types, _serving_pool, hour_of_week_rates, pool_requirements
from planner.queueing.erlang import ErlangA, ErlangC
from sim.engine.arrivals import arrival_streams
from sim.running.runner import RunResult
from sim.scenario import ContactTarget, Scenario
from sim.scenario.on_duty import Duty
from sim.units import HOUR_S

def _pool_demand(scenario: Scenario) -> dict[str, dict[str, np.ndarray]]:
    """Per pool: waited-on arrivals per second, their work, deferrable work (Erlangs), and the
    arrival-weighted abandonment rate (1/patience) of the waited-on contacts, each per hour of
    week; and ``kinds``, the waited-on contact kinds that reach the pool."""
    posted = _posted_types(scenario)
    out = {name: {k: np.zeros(168) for k in ("rate", "work", "deferred", "theta_rate")} | {"kinds": set()}
           for name in scenario.centre.pools}
    for stream in arrival_streams(scenario):
        if f"{stream.kind}.{stream.type_name}" in posted:
            continue
        rate = hour_of_week_rates(stream, scenario)
        spec = stream.spec
        patience = getattr(spec, "patience_s", None)
        theta = 0.0 if patience is None else 1.0 / patience.mean_value
        pool = _serving_pool(scenario, stream.kind)
        if pool is not None:
            if stream.kind == "tickets":
                out[pool]["deferred"] += rate.mean() * spec.handle_time_s.mean_value
            else:
                out[pool]["kinds"].add(stream.kind)
                out[pool]["rate"] += rate
                out[pool]["work"] += rate * spec.handle_time_s.mean_value
                out[pool]["theta_rate"] += rate * theta
        if stream.kind != "calls":
            continue
        if spec.escalate_share > 0 and (expert := _serving_pool(scenario, "expert")) is not None:
            out[expert]["kinds"].add("expert")
            out[expert]["rate"] += rate * spec.escalate_share
            out[expert]["work"] += rate * spec.escalate_share * spec.expert_handle_time_s.mean_value
            out[expert]["theta_rate"] += rate * spec.escalate_share * theta
        rv = spec.return_visit
        if rv is not None and rv.share > 0 and (back := _serving_pool(scenario, "return_visits")) is not None:
            out[back]["deferred"] += rate.mean() * rv.share * rv.handle_time_s.mean_value
    return out


def _on_duty_by_hour_of_week(scenario: Scenario, name: str) -> tuple[np.ndarray, np.ndarray]:
    """Mean people of the pool's roster on duty in each hour of the week: breaks excluded, and
    rostered (breaks included); Monday first, by the one count (sim.scenario.on_duty)."""
    duty = Duty.of_roster(scenario.centre.pools[name].roster)
    return duty.by_hour_of_week(breaks=True), duty.by_hour_of_week()


def _strictest_target(scenario: Scenario, kinds: set[str]) -> ContactTarget | None:
    """The strictest service-level target among the waited-on contact kinds a pool serves."""
    targets = [t for k in kinds if isinstance(t := getattr(scenario.targets, k, None), ContactTarget)
               and t.service_level is not None]
    return min(targets, key=lambda t: (-t.service_level, t.answer_within_s), default=None)


def _round(values, digits: int = 4) -> list[float]:
    return [round(float(v), digits) for v in values]


def demand_and_curves(scenario: Scenario) -> tuple[dict, dict]:
    """``demand_by_hour`` and ``service_level_curve`` of every contact-centre pool with demand (none
    when the group runs the centre: its pools are not the site's to staff)."""
    if scenario.centre.operator == "group":
        return {}, {}
    demand = _pool_demand(scenario)
    required = pool_requirements(scenario)
    by_hour, curves = {}, {}
    for name, d in demand.items():
        offered = d["work"] + d["deferred"]
        if offered.sum() <= 0:
            continue
        on_duty, rostered = _on_duty_by_hour_of_week(scenario, name)
        by_hour[name] = {
            "arrivals_per_hour": _round(d["rate"] * HOUR_S),
            "offered_load_erl": _round(offered),
            "required_agents": [int(v) for v in required[name]],
            "agents_on_duty": _round(on_duty, 3),
            "agents_rostered": _round(rostered, 3),
        }
        target = _strictest_target(scenario, d["kinds"])
        if target is None or d["rate"].max() <= 0:
            continue
        kinds = sorted(d["kinds"])
        hour = int(np.argmax(d["rate"]))
        rate = float(d["rate"][hour])
        handle = float(offered[hour] / rate)
        theta = float(d["theta_rate"][hour] / rate)
        patience = math.inf if theta <= 0 else 1.0 / theta
        planned = int(round(rostered[hour]))
        top = max(planned, int(required[name][hour]), math.ceil(rate * handle) + 1) + 3
        agents = list(range(1, top + 1))
        curve_c = [ErlangC(rate, handle, n).service_level(target.answer_within_s) for n in agents]
        curve_a = ([ErlangA(rate, handle, patience, n).service_level(target.answer_within_s) for n in agents]
                   if math.isfinite(patience) else None)
        curves[name] = {
            "kinds": kinds,
            "hour_of_week": hour,
            "arrivals_per_hour": round(rate * HOUR_S, 3),
            "mean_handle_s": round(handle, 1),
            "mean_patience_s": None if math.isinf(patience) else round(patience, 1),
            "offered_load_erl": round(rate * handle, 4),
            "within_s": target.answer_within_s,
            "target": target.service_level,
            "agents": agents,
            "erlang_c": _round(curve_c),
            "erlang_a": None if curve_a is None else _round(curve_a),
            "planned_agents": planned,
            "planned_on_duty": round(float(on_duty[hour]), 3),
        }
    return by_hour, curves


def _stream_targets(scenario: Scenario) -> dict[str, tuple[float, float]]:
    """Target (time in seconds, share) of each histogram stream that has one."""
    out: dict[str, tuple[float, float]] = {}
    t = scenario.targets
    for kind in ("calls", "remote_ops", "expert"):
        target = getattr(t, kind, None)
        if isinstance(target, ContactTarget) and target.service_level is not None:
            out[kind] = (target.answer_within_s, target.service_level)
    deadlines = {spec.deadline_h for spec in scenario.demand.tickets.values()}
    if t.tickets is not None and len(deadlines) == 1:
        out["tickets"] = (deadlines.pop() * HOUR_S, t.tickets.on_time)
    deadlines = {spec.return_visit.deadline_h for spec in scenario.demand.calls.values()
                 if spec.return_visit is not None and spec.return_visit.share > 0}
    if t.return_visits is not None and len(deadlines) == 1:
        out["return_visits"] = (deadlines.pop() * HOUR_S, t.return_visits.on_time)
    if scenario.field is not None:
        for priority, target in t.field.response.items():
            out[f"work_orders.{priority}"] = (target.within_min * 60.0, target.share)
        if t.field.incident_response is not None:
            out["incidents"] = (t.field.incident_response.within_min * 60.0, t.field.incident_response.share)
    return out


def response_times(run: RunResult) -> dict[str, dict]:
    """Per stream: the cumulative share of response times at each finite bin edge, up to the
    first edge where every value is counted, the values per replication, and the target."""
    table = run.histogram_table()
    targets = _stream_targets(run.scenario)
    out = {}
    for stream, rows in table.groupby("stream", sort=False):
        rows = rows.sort_values("low_s")
        cum = np.cumsum(rows["share"].to_numpy())[np.isfinite(rows["high_s"].to_numpy())]
        rows = rows[np.isfinite(rows["high_s"])]
        if float(rows["count"].sum()) <= 0:
            continue
        last = int(np.argmax(cum >= 1 - 1e-12)) if (cum >= 1 - 1e-12).any() else len(cum) - 1
        target = targets.get(stream)
        out[stream] = {
            "high_s": [float(v) for v in rows["high_s"].to_numpy()[:last + 1]],
            "cum_share": _round(cum[:last + 1], 5),
            "count_per_replication": round(float(table[table["stream"] == stream]["count"].sum()), 2),
            "target_s": None if target is None else float(target[0]),
            "target_share": None if target is None else float(target[1]),
        }
    return out


def chart_data(scenario: Scenario, evidence: RunResult) -> dict:
    """Everything the proposal's figures need, from the planned scenario and its evidence run."""
    by_hour, curves = demand_and_curves(scenario)
    return {"demand_by_hour": by_hour, "service_level_curve": curves, "response_times": response_times(evidence)}

