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
  People's time is counted over the whole horizon, on-call people's from their arrival after a
  call-out to going home; ``call_outs_per_day`` = call-outs of on-call people from home per day.
* A response target with ``clock: working`` (routine by default: the owners' 15-minute promise
  holds in working time) counts only working time (calendar.working_hours, holidays apart)
  between the report and the arrival; the percentiles stay in elapsed time.
* Equipment: ``availability`` = 1 − downtime ÷ (units × window); downtime runs from a failure to
  its work order closing.
* Faults found on the site's own rounds (patrols, inspections) are ``work_orders.found``, not
  counted in their priority's response (no owner waits for them): ``completion_within_target``
  = closed within ``targets.field.found_completion.within_h`` (72 h [est]) ÷ (closed + open past it).
* Planned work (``work_orders.planned``: planned maintenance batches and vacant-unit checks, opened
  when due): ``completion_within_target`` = closed within the job's window of falling due ÷
  (closed + open past it); the rest are censored. A planned job's window is its own ``within_h``,
  else its period (``every_days``) capped at ``targets.field.planned_completion.within_h`` (7 days
  [est]); vacant-unit checks and planned-priority requests take the target's window.
* Residents' requests (``work_orders.requests``: orders opened from calls, reworks apart):
  ``completion_within_target`` = closed within ``targets.field.request_completion.within_h``
  (24 h) of the report ÷ (closed + open with that time passed); the rest are censored. With a
  completion target's ``parts_wait_paused`` (the default), the clock stops while an order waits
  for parts (待料时间不计): the wait is added to the order's window (found and planned work too).
* Incidents: ``incidents`` response runs to the **first** person on site (the guard, or the
  specialist when sooner); ``incidents.specialist`` to the arrival of a specialist from a site
  team (a technician at a verified alarm), on its own target ``targets.field.specialist_response``;
  ``incidents.contractor`` to an outside contractor's arrival (the lift company's rescuer at an
  entrapment), measured against the same target but reported as the contractor's commitment:
  no staffing of the site moves it, so the planner does not judge it
  (sim.results.centre_kpis.reported_targets).
* Butlers: ``visit_coverage`` = household visits that found someone home ÷ (the visits that fell
  due: the monthly quota pro rata in whole visits a day, fractions carried to the next day −
  households whose revisit falls after the horizon, censored) (a visit finding nobody
  home, or reached outside the visit hours, owes a revisit and does not count); ``visits_not_home`` = visits finding nobody home ÷ visits made;
  ``inspection_completion`` = daily zone inspections finished ÷ required;
  ``follow_up_on_time`` = complaint follow-ups (and return visits, when butlers do them) finished
  within their deadline ÷ those finished or overdue.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields

import numpy as np

from sim.engine.working_time import WorkingTime
from sim.field.site import FieldLog
from sim.field.team import PRIORITY_NAMES
from sim.results.histograms import FineHistogram, counts
from sim.results.centre_kpis import KpiKey, Values
from sim.scenario import Scenario
from sim.units import DAY_S, HOUR_S, MINUTE_S

DUTIES = ("work_order", "patrol", "incident", "inspection", "visit", "walk_in", "follow_up", "return_visit")


def _pct(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else math.nan


def _ratio(a: float, b: float) -> float:
    return a / b if b > 0 else math.nan


@dataclass
class ResponseTally:
    """The sufficient statistics of one response stream's tasks (a work-order priority, the
    contractor's orders, incidents): counts and sums, additive over tasks, and the response times
    (minutes) of those on site for percentiles -- the values (:class:`sim.results.centre_kpis.Values`) or, in
    streaming mode, a fine histogram of them."""

    created: int = 0
    responses: object = None
    good: int = 0                # on site within the target
    late: int = 0                # on site later, or not yet and already overdue
    done: int = 0
    completion_h: float = 0.0    # sum of report-to-closing times of the closed ones
    open: int = 0
    done_good: int = 0           # closed within the completion target (work_orders.found, .planned)
    done_late: int = 0           # closed later, or open past it
    #: The conditional estimate's numerator: over the tasks counted in good + late, each waiting
    #: emergency's chance of being on time given the state when it joined the queue
    #: (sim.field.response_chance), every other one's 0/1.
    chance: float = 0.0


@dataclass
class FieldTally:
    """The sufficient statistics of a set of field tasks (those created after the warm-up), every
    one additive over tasks, so the tallies of blocks of tasks (streaming mode) add up to the
    tally of all of them."""

    #: work_orders.<priority> (in-house), work_orders.contractor, incidents.
    streams: dict[str, ResponseTally] = field(default_factory=dict)
    orders: int = 0
    closed: int = 0
    originals_closed: int = 0
    reworked: int = 0
    parts_wait: int = 0
    rounds_done: int = 0
    visits_done: int = 0         # household visits that found someone home (coverage counts these)
    visits_attempted: int = 0    # visits made, nobody home included
    visits_censored: int = 0     # nobody home, the revisit falling after the horizon
    inspections_done: int = 0
    follow_ups_on_time: int = 0
    follow_ups_late: int = 0
    requests: int = 0            # residents' requests (orders from calls, reworks apart)
    requests_good: int = 0       # closed within the completion target
    requests_late: int = 0       # closed later, or open past it
    #: Response-time histograms (seconds, sim.results.histograms.EDGES_S) of in-house orders and incidents.
    histograms: dict[str, np.ndarray] = field(default_factory=dict)
    #: Streaming mode: per histogram stream, (site, creation number) of its first task, so that
    #: the streams of summed tallies keep the order the tasks would give.
    first: dict[str, tuple[int, int]] = field(default_factory=dict)


#: Sources of work orders found by the site's own rounds (patrols, butlers' inspections): no owner
#: waits on site for them, so they are kept out of the priorities' response targets.
FOUND_SOURCES = ("patrol_fault", "inspection_fault")


def first_arrival_s(t) -> float:
    """When the first person reached a task: its own arrival, or for an incident with a
    specialist (sim.field.incidents) the guard's or the specialist's, whichever was first (NaN:
    nobody yet)."""
    other = t.meta.get("specialist") if t.kind == "incident" else None
    if other is None or math.isnan(other.on_site_s):
        return t.on_site_s
    return other.on_site_s if math.isnan(t.on_site_s) else min(t.on_site_s, other.on_site_s)


@dataclass
class _Arrival:
    """A task seen through its first arrival (incidents with a specialist)."""

    created_s: float
    on_site_s: float
    done_s: float


def _first_arrivals(tasks) -> list:
    return [_Arrival(t.created_s, first_arrival_s(t), t.done_s) if t.meta.get("specialist") is not None else t
            for t in tasks]


def parts_paused_s(task, paused: bool) -> float:
    """The time ``task`` waited for parts, when the completion clock stops for it (``paused``:
    a CompletionTarget's ``parts_wait_paused``), else 0."""
    return getattr(task, "meta", {}).get("parts_wait_s", 0.0) if paused else 0.0


def _response_tally(tasks, target_min, horizon_s, completion_h=None, working: WorkingTime | None = None,
                    parts_paused: bool = False) -> ResponseTally:
    """``working``: the target's clock runs in that working time only (a response target with
    ``clock: working``); the percentiles stay in elapsed time. ``parts_paused``: the completion
    clock stops while an order waits for parts."""
    response = [(t.on_site_s - t.created_s) / MINUTE_S for t in tasks if not math.isnan(t.on_site_s)]
    done = [(t.done_s - t.created_s) / HOUR_S for t in tasks if not math.isnan(t.done_s)]
    out = ResponseTally(created=len(tasks), responses=Values(response), done=len(done),
                        completion_h=float(np.sum(np.asarray(done, dtype=float))),
                        open=sum(1 for t in tasks if math.isnan(t.done_s)))
    if completion_h is not None:
        def limit_s(t) -> float:  # a planned job's own window (its period), else the target's
            return t.meta.get("within_h", completion_h) * HOUR_S + parts_paused_s(t, parts_paused)
        out.done_good = sum(1 for t in tasks if not math.isnan(t.done_s) and t.done_s - t.created_s <= limit_s(t))
        out.done_late = sum(1 for t in tasks if (not math.isnan(t.done_s) and t.done_s - t.created_s > limit_s(t))
                            or (math.isnan(t.done_s) and t.created_s + limit_s(t) <= horizon_s))
    if target_min is not None:
        target_s = target_min * MINUTE_S
        if working is None:
            took = [t.on_site_s - t.created_s for t in tasks if not math.isnan(t.on_site_s)]
            overdue = sum(1 for t in tasks if math.isnan(t.on_site_s) and t.created_s + target_s <= horizon_s)
        else:
            took = [working.between(t.created_s, t.on_site_s) for t in tasks if not math.isnan(t.on_site_s)]
            overdue = sum(1 for t in tasks if math.isnan(t.on_site_s) and working.add(t.created_s, target_s) <= horizon_s)
        out.good = sum(1 for s in took if s <= target_s)
        out.late = len(took) - out.good + overdue
        if working is None:
            out.chance = conditional_good(tasks, target_s, horizon_s)
    return out


#: The response streams with a conditional estimate beside the 0/1 share (emergencies that wait
#: for a technician: sim.field.response_chance).
CONDITIONAL_STREAMS = ("work_orders.emergency", "incidents.specialist")


def conditional_good(tasks, target_s: float, horizon_s: float) -> float:
    """The sum over the counted tasks (on site, or overdue at the horizon) of their conditional
    chance of being on time where one was scored, else their 0/1. A task whose deadline falls past
    the horizon keeps its 0/1: whether it is counted at all depends on its outcome, so its score
    would not be an unbiased stand-in there."""
    total = 0.0
    for t in tasks:
        chance = getattr(t, "meta", {}).get("on_time_chance")
        on_site = not math.isnan(t.on_site_s)
        if chance is not None and t.created_s + target_s <= horizon_s:
            total += chance
        elif on_site and t.on_site_s - t.created_s <= target_s:
            total += 1.0
    return total


def field_tally(tasks, scenario: Scenario, horizon_s: float, warmup_s: float) -> FieldTally:
    """The tally of ``tasks`` (of any sites; those created before the warm-up are left out)."""
    targets = scenario.targets.field
    tasks = [t for t in tasks if t.created_s >= warmup_s]
    out = FieldTally()
    orders = [t for t in tasks if t.kind == "work_order"]
    ours = [t for t in orders if t.meta.get("source") != "contractor"]
    found = [t for t in ours if t.meta.get("source") in FOUND_SOURCES]
    reported = [t for t in ours if t.meta.get("source") not in FOUND_SOURCES]
    working = None
    for p, name in enumerate(PRIORITY_NAMES):
        group = [t for t in reported if t.priority == p]
        if group:
            target = targets.response.get(name)
            if target is not None and target.clock == "working" and working is None:
                working = WorkingTime(scenario.calendar)
            planned = targets.planned_completion if name == "planned" else None
            out.streams[f"work_orders.{name}"] = _response_tally(
                group, target.within_min if target else None, horizon_s,
                planned.within_h if planned is not None else None,
                working=working if target is not None and target.clock == "working" else None,
                parts_paused=planned is not None and planned.parts_wait_paused)
    if found:
        target = targets.found_completion
        out.streams["work_orders.found"] = _response_tally(found, None, horizon_s,
                                                           target.within_h if target is not None else 72.0,
                                                           parts_paused=target is None or target.parts_wait_paused)
    contractor = [t for t in orders if t.meta.get("source") == "contractor"]
    if contractor:  # the contractor's contractual arrival, not the technicians' response
        out.streams["work_orders.contractor"] = _response_tally(contractor, None, horizon_s)
    closed = [t for t in orders if not math.isnan(t.done_s)]
    originals = [t for t in closed if not t.meta.get("rework")]
    out.orders, out.closed, out.originals_closed = len(orders), len(closed), len(originals)
    out.reworked = sum(1 for t in originals if t.meta.get("reworked"))
    requests = [t for t in orders if str(t.meta.get("source", "")).startswith("call.") and not t.meta.get("rework")]
    rc = targets.request_completion
    within_s = (rc.within_h if rc is not None else 24.0) * HOUR_S
    paused = rc is None or rc.parts_wait_paused
    out.requests = len(requests)
    out.requests_good = sum(1 for t in requests if not math.isnan(t.done_s)
                            and t.done_s - t.created_s <= within_s + parts_paused_s(t, paused))
    out.requests_late = sum(1 for t in requests if (not math.isnan(t.done_s)
                                                    and t.done_s - t.created_s > within_s + parts_paused_s(t, paused))
                            or (math.isnan(t.done_s) and t.created_s + within_s + parts_paused_s(t, paused) <= horizon_s))
    out.parts_wait = sum(1 for t in orders if t.meta.get("parts_wait"))
    incidents = [t for t in tasks if t.kind == "incident"]
    if incidents or any(scenario.field.incidents):
        target = targets.incident_response
        out.streams["incidents"] = _response_tally(_first_arrivals(incidents), target.within_min if target else None,
                                                   horizon_s)
    specialists = [t for t in tasks if t.kind == "incident_specialist"]
    target = targets.specialist_response
    for stream, outside in (("incidents.specialist", False), ("incidents.contractor", True)):
        mine = [t for t in specialists if bool(t.meta.get("contractor")) == outside]
        if mine or any(inc.specialist is not None and (inc.specialist.team is None) == outside
                       for inc in scenario.field.incidents.values()):
            out.streams[stream] = _response_tally(mine, target.within_min if target else None, horizon_s)
    out.rounds_done = sum(1 for t in tasks if t.kind == "patrol_round" and not math.isnan(t.done_s))
    visits = [t for t in tasks if t.kind == "butler.visit" and not math.isnan(t.done_s)]
    out.visits_attempted = len(visits)
    out.visits_done = sum(1 for t in visits if not t.meta.get("not_home"))
    out.visits_censored = sum(1 for t in visits if t.meta.get("revisit_after_horizon"))
    out.inspections_done = sum(1 for t in tasks if t.kind == "butler.inspection" and not math.isnan(t.done_s))
    deadline_tasks = [t for t in tasks if t.kind in ("butler.follow_up", "butler.return_visit")]
    out.follow_ups_on_time = sum(1 for t in deadline_tasks if not math.isnan(t.done_s) and t.done_s <= t.meta["deadline_s"])
    out.follow_ups_late = sum(1 for t in deadline_tasks if (not math.isnan(t.done_s) and t.done_s > t.meta["deadline_s"])
                              or (math.isnan(t.done_s) and t.meta["deadline_s"] <= horizon_s))
    out.histograms = response_histograms(tasks)
    return out


def response_histograms(tasks) -> dict[str, np.ndarray]:
    """Histograms (sim.results.histograms) of the on-site response times (s) of in-house work orders by
    priority and of incidents, streams in the order they first occur in ``tasks``."""
    values: dict[str, list[float]] = {}
    for t in tasks:
        stream = response_stream(t)
        if stream is not None:
            values.setdefault(stream, []).append(first_arrival_s(t) - t.created_s)
    return {stream: counts(np.array(v)) for stream, v in values.items()}


def response_stream(t) -> str | None:
    """The response-time histogram a task counts in (it has been on site), or None."""
    if math.isnan(first_arrival_s(t)):
        return None
    if t.kind == "incident_specialist":
        return "incidents.contractor" if t.meta.get("contractor") else "incidents.specialist"
    if t.kind == "work_order" and t.meta.get("source") in FOUND_SOURCES:
        return "work_orders.found"
    if t.kind == "work_order" and t.meta.get("source") != "contractor":
        return f"work_orders.{PRIORITY_NAMES[t.priority]}"
    return "incidents" if t.kind == "incident" else None


def logs_tally(logs: list[FieldLog], scenario: Scenario, horizon_s: float, warmup_s: float) -> FieldTally:
    """The tally of every site's tasks: computed from the tasks, or (streaming mode) the tally
    accumulated over the replication, which every site's log shares (sim.results.streaming.FieldStream)."""
    if logs and logs[0].tally is not None:
        return add_field_tallies([logs[0].tally])
    return field_tally([t for log in logs for t in log.tasks], scenario, horizon_s, warmup_s)


def _response_kpis(out, stream, t: ResponseTally, has_target: bool) -> None:
    out[KpiKey(stream, "created")] = float(t.created)
    for q in (50, 90, 95):
        out[KpiKey(stream, f"response_p{q}_min")] = t.responses.percentile(q)
    if has_target:
        out[KpiKey(stream, "response_within_target")] = _ratio(t.good, t.good + t.late)
        if stream in CONDITIONAL_STREAMS:
            out[KpiKey(stream, "response_within_target_conditional")] = _ratio(t.chance, t.good + t.late)
    out[KpiKey(stream, "completion_mean_h")] = t.completion_h / t.done if t.done else math.nan
    out[KpiKey(stream, "open_at_end")] = float(t.open)


def checkpoint_gaps_p95(logs: list[FieldLog], warmup_s: float) -> float:
    """95th percentile of the times between consecutive visits to a checkpoint (minutes)."""
    if logs and logs[0].checkpoint_gaps is not None:  # streaming: every site's log shares it
        return logs[0].checkpoint_gaps.percentile(95)
    gaps = []
    for log in logs:
        for visits in log.checkpoint_visits.values():
            for times in visits:
                gaps += checkpoint_gaps(times, warmup_s)
    return _pct(gaps, 95)


def checkpoint_gaps(times: list[float], warmup_s: float) -> list[float]:
    """The gaps (minutes) between consecutive visit ``times`` of one checkpoint ending after the warm-up."""
    return [(b - a) / MINUTE_S for a, b in zip(times, times[1:]) if b >= warmup_s]


def field_kpis(logs: list[FieldLog], scenario: Scenario, horizon_s: float, warmup_s: float,
               districts=()) -> dict[KpiKey, float]:
    """Every field KPI of one replication; ``districts``: its districts' logs (sim.field.district.DistrictLog),
    whose shared teams' people count in the staff KPIs by team name."""
    out: dict[KpiKey, float] = {}
    if not logs:
        return out
    targets = scenario.targets.field
    tally = logs_tally(logs, scenario, horizon_s, warmup_s)
    for stream, t in tally.streams.items():
        if stream.startswith("work_orders."):
            name = stream.split(".", 1)[1]
            _response_kpis(out, stream, t, targets.response.get(name) is not None)
            if stream == "work_orders.found" or (stream == "work_orders.planned" and targets.planned_completion is not None):
                out[KpiKey(stream, "completion_within_target")] = _ratio(t.done_good, t.done_good + t.done_late)
    if tally.orders:
        out[KpiKey("work_orders", "created")] = float(tally.orders)
        out[KpiKey("work_orders", "closed")] = float(tally.closed)
        out[KpiKey("work_orders", "rework_rate")] = _ratio(tally.reworked, tally.originals_closed)
        out[KpiKey("work_orders", "parts_wait_share")] = _ratio(tally.parts_wait, tally.orders)
        first_day = math.ceil(warmup_s / DAY_S)
        per_day = np.sum([log.backlog_end_of_day[first_day:] for log in logs], axis=0)  # all sites
        out[KpiKey("work_orders", "backlog_end_of_day")] = float(np.mean(per_day)) if len(per_day) else math.nan
    if tally.requests:
        out[KpiKey("work_orders.requests", "created")] = float(tally.requests)
        out[KpiKey("work_orders.requests", "completion_within_target")] = _ratio(
            tally.requests_good, tally.requests_good + tally.requests_late)
    if "incidents" in tally.streams:
        _response_kpis(out, "incidents", tally.streams["incidents"], targets.incident_response is not None)
    for stream in ("incidents.specialist", "incidents.contractor"):
        if stream in tally.streams:
            _response_kpis(out, stream, tally.streams[stream], targets.specialist_response is not None)
    required = sum(n for log in logs for n in log.patrol_required.values())
    if required:
        out[KpiKey("patrols", "rounds_required")] = float(required)
        out[KpiKey("patrols", "round_completion")] = min(tally.rounds_done / required, 1.0)
        out[KpiKey("patrols", "rounds_missed")] = float(sum(n for log in logs for n in log.patrol_missed.values()))
        out[KpiKey("patrols", "checkpoint_gap_p95_min")] = checkpoint_gaps_p95(logs, warmup_s)
    _butler_kpis(out, logs, tally)
    _people_kpis(out, [*logs, *districts], horizon_s, warmup_s)
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


def _butler_kpis(out, logs, tally: FieldTally) -> None:
    quota = sum(log.visit_quota for log in logs)
    if quota <= 0 and not any(log.inspections_required for log in logs):
        return
    out[KpiKey("butlers", "visit_coverage")] = (min(_ratio(tally.visits_done, quota - tally.visits_censored), 1.0)
                                                if quota else math.nan)
    if tally.visits_attempted:
        out[KpiKey("butlers", "visits_not_home")] = 1.0 - tally.visits_done / tally.visits_attempted
    required = sum(log.inspections_required for log in logs)
    out[KpiKey("butlers", "inspection_completion")] = min(_ratio(tally.inspections_done, required), 1.0) if required else math.nan
    on_time, late = tally.follow_ups_on_time, tally.follow_ups_late
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
        working = sum(v for k, v in times.items() if k.startswith(("work:", "travel:", "between:")))
        travel = sum(v for k, v in times.items() if k.startswith(("travel:", "between:")))  # between: a district's
        available = on_duty - times.get("break", 0.0)
        out[KpiKey("field_staff", "utilisation", team)] = _ratio(working, available)
        out[KpiKey("field_staff", "travel_share", team)] = _ratio(travel, available)
        out[KpiKey("field_staff", "people_on_duty", team)] = on_duty / horizon_s
        per_8h = on_duty / (8 * HOUR_S)
        for state in ("idle", "break"):
            out[KpiKey("field_staff", f"hours_{state}", team)] = times.get(state, 0.0) / HOUR_S / per_8h
        for duty in DUTIES:
            spent = times.get(f"work:{duty}", 0.0) + times.get(f"travel:{duty}", 0.0) + times.get(f"between:{duty}", 0.0)
            if spent:
                out[KpiKey("field_staff", f"hours_{duty}", team)] = spent / HOUR_S / per_8h
        out[KpiKey("field_staff", "overtime_h_per_day", team)] = overtime[team] / HOUR_S / days
    call_outs: dict[str, int] = {}
    for log in logs:
        for team, n in log.call_outs.items():
            call_outs[team] = call_outs.get(team, 0) + n
    for team, n in call_outs.items():
        out[KpiKey("field_staff", "call_outs_per_day", team)] = n / days


# ---------------------------------------------------------------------- sums of tallies

_FIELD_COUNTS = [f.name for f in fields(FieldTally) if f.name not in ("streams", "histograms", "first")]
_RESPONSE_COUNTS = [f.name for f in fields(ResponseTally) if f.name != "responses"]


def _add_response(into: ResponseTally, t: ResponseTally) -> None:
    for name in _RESPONSE_COUNTS:
        setattr(into, name, getattr(into, name) + getattr(t, name))
    if isinstance(t.responses, FineHistogram):
        into.responses.counts += t.responses.counts
    else:
        into.responses.add_values(np.asarray(t.responses.values, dtype=float))


def add_field_tally(into: FieldTally, t: FieldTally) -> None:
    for name in _FIELD_COUNTS:
        setattr(into, name, getattr(into, name) + getattr(t, name))
    for stream, r in t.streams.items():
        if stream not in into.streams:
            into.streams[stream] = ResponseTally(responses=FineHistogram())
        _add_response(into.streams[stream], r)
    for stream, hist in t.histograms.items():
        into.histograms[stream] = into.histograms.get(stream, 0) + hist
    for stream, key in t.first.items():
        into.first[stream] = min(into.first.get(stream, key), key)


_STREAM_ORDER = [f"work_orders.{p}" for p in ("emergency", "urgent", "routine", "planned")] + [
    "work_orders.found", "work_orders.contractor", "incidents", "incidents.specialist",
    "incidents.contractor"]


def add_field_tallies(tallies: list[FieldTally]) -> FieldTally:
    """The sum of sites' field tallies, its streams in the order the exact mode gives them."""
    total = FieldTally()
    for t in tallies:
        add_field_tally(total, t)
    total.streams = {s: total.streams[s] for s in _STREAM_ORDER if s in total.streams}
    total.histograms = {s: total.histograms[s] for s in sorted(total.histograms, key=lambda s: total.first[s])}
    return total


def field_histograms(field_logs: list, warmup_s: float) -> dict[str, np.ndarray]:
    """Histograms of on-site response times of work orders (by priority) and incidents
    (sim.results.field_kpis.response_histograms; in streaming mode, the sum of the sites' tallies)."""
    if field_logs and field_logs[0].tally is not None:
        return add_field_tallies([field_logs[0].tally]).histograms  # shared by every site's log
    return response_histograms([t for log in field_logs for t in log.tasks if t.created_s >= warmup_s])
