"""KPI definitions, computed once per replication from its records.

Each KPI is defined once, as a function of a :class:`Tally` (counts and sums, additive over
records) or of busy-time ramps and hour-of-day counts (additive too). In the default (exact)
mode they are computed from all of a replication's records at once (:class:`RecordSummary`); in
streaming mode (sim/results/streaming.py) from the sum of the tallies of blocks of records, with
percentiles from a fine histogram instead of the values.

Definitions (stated here once; docs/metrics.md repeats them for readers):

* A contact counts in the KPIs when it **arrives** at or after the warm-up (its clock starts
  when it joins the queue: for an expert call, when it is passed on; for a return visit, when
  it falls due).
* **Offered** = contacts answered + contacts abandoned. Contacts still waiting at the end of
  the horizon are censored: excluded from every rate, reported as ``open_at_end``.
* **service_level** = contacts answered within ``within_s`` ÷ offered. Abandons, early or
  late, count against it (no short-abandon exclusion). This is P(answered and wait ≤ t) of
  Erlang A, and Erlang C's 1 − C·e^(−(nμ−λ)t) when nobody abandons.
* **service_level_hour** (group ``hh:00``) = the service level of the contacts arriving in that
  hour of the day, over the whole measurement window (answered within ``within_s`` ÷ offered,
  both counted by hour of arrival). With ``hourly_floor`` each hour is a KPI of its own with the
  floor as target, so a weak evening cannot hide behind a good day.
* **p_wait** = offered contacts that did not find a free agent ÷ offered.
* **mean_wait_s** = mean wait of offered contacts (an abandoned one waited until it hung up);
  **asa_s** (average speed of answer) = mean wait of answered contacts.
* **abandon_rate** = abandoned ÷ offered.
* **wait_p50_s / wait_p90_s / wait_p95_s**: percentiles of the wait of answered contacts.
* Deadline work (tickets, return visits): a contact is **on time** when its handling is
  finished by its deadline; **late** when finished after it, or still open at the end with its
  deadline passed; open contacts whose deadline lies beyond the horizon are censored.
  **on_time_rate** = on time ÷ (on time + late).
* **callers_reached** (stream ``calls``; the customer-service response of seed 000) = callers
  reached by a person within ``targets.response.within_min`` of their call ÷ callers. A caller is
  a call answered or abandoned (open calls are censored) that arrived in the window with its
  whole response time before the horizon; it is reached when an agent answers it within that
  time or, after it hung up, when the callback attempt the resident picks up starts within it.
  Without ``centre.callbacks`` an abandoned caller is never reached.
* Callbacks (stream ``callbacks``, with ``centre.callbacks``): each attempt is a contact;
  **offered** = attempts arrived in the window, **open_at_end** = attempts still waiting;
  **callbacks_owed** = callers (as above) who hung up; **callback_reached** = those of them who
  picked up an attempt (at any time, within ``max_attempts``) ÷ callbacks_owed.
* Staff, per pool: **occupancy** = busy agent-time ÷ present agent-time, where present means on
  duty and not on a break (overtime spent finishing a contact counts as present and busy).
  **agents_present** = mean number present; **overtime_h_per_day** = agent-hours past shift end.
* **mean_queue_length** = time-average number of contacts waiting over the measurement window,
  measured by the engine as the queue changes (independently of the records, so Little's law
  L = λW can be checked against it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.engine.contact_centre import ABANDONED_OUTCOME, ANSWERED, CALLBACKS, KIND_INDEX, OPEN, ReplicationLog
from sim.scenario import ContactTarget, DeadlineTarget, Scenario
from sim.results.district_targets import site_targets
from sim.results.kpi_key import KpiKey  # noqa: F401 (named here by the results it keys)
from sim.units import DAY_S, HOUR_S

WAITED_ON = ("calls", "remote_ops", "expert")
DEADLINE = ("return_visits", "tickets")
#: The answer-time threshold of service_level when a kind has no target.
DEFAULT_WITHIN_S = {"calls": 15.0, "remote_ops": 20.0, "expert": 60.0}

#: metric -> (unit, what it is), for tables and docs.
METRICS = {
    "offered": ("contacts", "answered + abandoned, arrived after the warm-up"),
    "service_level": ("share", "answered within the target time ÷ offered"),
    "service_level_hour": ("share", "service level of the contacts arriving in one hour of the day (group hh:00), "
                           "over the horizon: the hourly floor"),
    "asa_s": ("s", "average speed of answer: mean wait of answered contacts"),
    "mean_wait_s": ("s", "mean wait of offered contacts (abandoned: until hanging up)"),
    "p_wait": ("share", "offered contacts that found no free agent"),
    "abandon_rate": ("share", "abandoned ÷ offered"),
    "wait_p50_s": ("s", "median wait of answered contacts"),
    "wait_p90_s": ("s", "90th percentile wait of answered contacts"),
    "wait_p95_s": ("s", "95th percentile wait of answered contacts"),
    "open_at_end": ("contacts", "still waiting when the horizon ends (censored)"),
    "callers_reached": ("share", "callers reached by a person within the response time (answered, or called back "
                                 "and reached) ÷ callers"),
    "callbacks_owed": ("callers", "callers who hung up and are owed a callback"),
    "callback_reached": ("share", "callers owed a callback who picked up one of its attempts ÷ callers owed"),
    "mean_queue_length": ("contacts", "time-average number waiting (backlog, for deferrable work)"),
    "on_time_rate": ("share", "finished by the deadline ÷ (on time + late)"),
    "late": ("contacts", "finished after the deadline, or open with the deadline passed"),
    "mean_completion_h": ("h", "mean time from arrival to finished handling"),
    "occupancy": ("share", "busy ÷ present agent-time"),
    "agents_present": ("agents", "mean number on duty and not on a break"),
    "overtime_h_per_day": ("h/day", "agent-hours worked past shift end, per day"),
    # field operations (sim/results/field_kpis.py)
    "created": ("tasks", "created after the warm-up"),
    "closed": ("tasks", "work orders closed"),
    "response_p50_min": ("min", "median time from report to on site"),
    "response_p90_min": ("min", "90th percentile time from report to on site"),
    "response_p95_min": ("min", "95th percentile time from report to on site"),
    "response_within_target": ("share", "on site within the priority's target time"),
    "response_within_target_conditional": ("share", "the same share estimated by conditional Monte Carlo: each "
                                                    "waiting emergency scored by its chance of being on time "
                                                    "given its team's state when it joined the queue"),
    "completion_mean_h": ("h", "mean time from report to closing"),
    "completion_within_target": ("share", "residents' requests closed within the completion target (24 h) ÷ "
                                          "(closed + open past it)"),
    "rework_rate": ("share", "closed orders that came back (返修) ÷ closed orders"),
    "parts_wait_share": ("share", "orders that waited for parts"),
    "backlog_end_of_day": ("tasks", "open work orders at the end of a day"),
    "rounds_required": ("rounds", "patrol rounds the schedule requires"),
    "round_completion": ("share", "rounds finished ÷ required"),
    "rounds_missed": ("rounds", "rounds never started before the next fell due"),
    "checkpoint_gap_p95_min": ("min", "95th percentile time between visits to a checkpoint"),
    "visit_coverage": ("share", "household visits that found someone home ÷ monthly quota, pro rata"),
    "visits_not_home": ("share", "household visits finding nobody home ÷ visits made"),
    "inspection_completion": ("share", "daily zone inspections finished ÷ required"),
    "follow_up_on_time": ("share", "follow-ups finished within their deadline"),
    "utilisation": ("share", "working and travelling ÷ on duty less breaks"),
    "people_on_duty": ("people", "mean number on duty"),
    "travel_share": ("share", "travelling ÷ on duty less breaks"),
    "call_outs_per_day": ("call-outs/day", "on-call people called out from home, per day"),
    "availability": ("share", "1 − downtime ÷ unit-time"),
    "facility_availability": ("share", "availability of all equipment together"),
    **{f"hours_{state}": ("h/8h", f"hours {state.replace('_', ' ')} per eight hours on duty")
       for state in ("idle", "break", "work_order", "patrol", "incident", "inspection", "visit",
                     "walk_in", "follow_up", "return_visit")},
}


def service_level_threshold_s(scenario: Scenario, stream: str) -> float:
    """The answer time of ``service_level`` for a waited-on kind ('calls') or type
    ('calls.emergency'): a type's own target's ``answer_within_s`` when it has one, else its
    kind's target's, else the kind's default."""
    kind = stream.split(".", 1)[0]
    target = scenario.targets.types.get(stream) if stream != kind else None
    if not isinstance(target, ContactTarget):
        target = getattr(scenario.targets, kind, None)
    return target.answer_within_s if isinstance(target, ContactTarget) else DEFAULT_WITHIN_S[kind]


def hour_group(hour: int) -> str:
    """The group naming an hour of the day in hourly KPIs: '18:00' for 18:00–19:00."""
    return f"{hour:02d}:00"


def _stream_targets(stream: str, target, out: dict) -> None:
    """The KPI targets of one commitment of a kind or type (``stream``)."""
    if isinstance(target, ContactTarget):
        if target.hourly_floor is not None and "." not in stream:
            for hour in range(24):
                out[KpiKey(stream, "service_level_hour", hour_group(hour))] = (">=", target.hourly_floor)
        if target.service_level is not None:
            out[KpiKey(stream, "service_level")] = (">=", target.service_level)
        if target.max_abandon_rate is not None:
            out[KpiKey(stream, "abandon_rate")] = ("<=", target.max_abandon_rate)
        if target.max_asa_s is not None:
            out[KpiKey(stream, "asa_s")] = ("<=", target.max_asa_s)
    elif isinstance(target, DeadlineTarget):
        out[KpiKey(stream, "on_time_rate")] = (">=", target.on_time)


def kpi_targets(scenario: Scenario, pools: list[str]) -> dict[KpiKey, tuple[str, float]]:
    """Each KPI with a target: key -> ('>=' or '<=', bound). Per-type commitments
    (``targets.types``) are KPIs of their own, with the type label as stream. When the group runs
    the centre (``centre.operator: group``) only the field's targets are the site's."""
    out: dict[KpiKey, tuple[str, float]] = {}
    if scenario.centre.operator == "site":  # a group centre's are the group's (planner.portfolio)
        _centre_targets(scenario, pools, out)
    if scenario.field is not None:
        ft = scenario.targets.field
        for priority, target in ft.response.items():
            out[KpiKey(f"work_orders.{priority}", "response_within_target")] = (">=", target.share)
        if ft.incident_response is not None:
            out[KpiKey("incidents", "response_within_target")] = (">=", ft.incident_response.share)
        if ft.specialist_response is not None and any(i.specialist is not None and i.specialist.team is not None
                                                      for i in scenario.field.incidents.values()):
            out[KpiKey("incidents.specialist", "response_within_target")] = (">=", ft.specialist_response.share)
        if ft.patrol_rounds is not None:
            out[KpiKey("patrols", "round_completion")] = (">=", ft.patrol_rounds)
        if ft.facility_availability is not None:
            out[KpiKey("equipment", "facility_availability")] = (">=", ft.facility_availability)
        if ft.equipment_availability is not None:
            for name, eq in scenario.field.equipment.items():
                if eq.failures_per_unit_per_year > 0:
                    out[KpiKey("equipment", "availability", name)] = (">=", ft.equipment_availability)
        if ft.request_completion is not None:
            out[KpiKey("work_orders.requests", "completion_within_target")] = (">=", ft.request_completion.share)
        if ft.found_completion is not None:
            out[KpiKey("work_orders.found", "completion_within_target")] = (">=", ft.found_completion.share)
        if ft.planned_completion is not None and _has_planned(scenario.field):
            out[KpiKey("work_orders.planned", "completion_within_target")] = (">=", ft.planned_completion.share)
        if ft.follow_up_on_time is not None:
            out[KpiKey("butlers", "follow_up_on_time")] = (">=", ft.follow_up_on_time)
        if ft.inspection_completion is not None:
            out[KpiKey("butlers", "inspection_completion")] = (">=", ft.inspection_completion)
        if ft.visit_coverage is not None:
            out[KpiKey("butlers", "visit_coverage")] = (">=", ft.visit_coverage)
        if ft.max_utilisation is not None:
            for name, team in scenario.field.teams.items():
                if team.role == "technician":
                    out[KpiKey("field_staff", "utilisation", name)] = ("<=", ft.max_utilisation)
        out.update(site_targets(scenario))  # each district site's response commitments (issue 38)
    return out


def _has_planned(field) -> bool:
    """Whether the field opens planned work (maintenance batches or vacant-unit checks)."""
    wo = field.work_orders
    return bool(wo.planned) or wo.vacant_checks_per_week > 0


def _centre_targets(scenario: Scenario, pools: list[str], out: dict) -> None:
    """The contact centre's commitments (calls, remote operations, tickets, per-type, callers
    reached, occupancy of ``pools``) into ``out``."""
    for kind in (*WAITED_ON, *DEADLINE):
        _stream_targets(kind, getattr(scenario.targets, kind), out)
    for label, target in scenario.targets.types.items():
        _stream_targets(label, target, out)
    if scenario.targets.response is not None:
        out[KpiKey("calls", "callers_reached")] = (">=", scenario.targets.response.share)
    if scenario.targets.staff is not None:
        for pool in pools:
            out[KpiKey("staff", "occupancy", pool)] = ("<=", scenario.targets.staff.max_occupancy)


def reported_targets(scenario: Scenario) -> dict[KpiKey, tuple[str, float]]:
    """Commitments of someone outside the site's staffing, reported with a verdict of their own
    but never judged by the planner (not in kpi_targets): key -> ('>=' or '<=', bound). Today: an
    outside contractor's arrival at incidents (``incidents.contractor``: the lift company's
    rescuer), on ``targets.field.specialist_response``; no staffing of the site moves it. (A group
    centre's commitments are judged on the group's pooled centre, planner.portfolio, not here.)"""
    out: dict[KpiKey, tuple[str, float]] = {}
    if scenario.field is None:
        return out
    ft = scenario.targets.field
    if ft.specialist_response is not None and any(i.specialist is not None and i.specialist.team is None
                                                  for i in scenario.field.incidents.values()):
        out[KpiKey("incidents.contractor", "response_within_target")] = (">=", ft.specialist_response.share)
    return out


def _ratio(numerator: float, denominator: float) -> float:
    return float(numerator / denominator) if denominator > 0 else math.nan


def _percentile(values: np.ndarray, q: float) -> float:
    return float(np.percentile(values, q)) if len(values) else float("nan")


class Values:
    """The answered contacts' waits themselves (exact mode): percentiles as numpy computes them."""

    __slots__ = ("values",)

    def __init__(self, values: np.ndarray):
        self.values = values

    def percentile(self, q: float) -> float:
        return _percentile(self.values, q)


@dataclass
class Tally:
    """The sufficient statistics of a set of records of one contact kind or type, counted in the
    measurement window: counts and sums, every one additive over records, so the tallies of
    blocks of records add up to the tally of all of them (streaming mode, sim/results/streaming.py).
    ``waits`` holds the waits of answered contacts for percentiles: the values themselves
    (:class:`Values`) or a fine histogram of them (sim.results.streaming.FineHistogram)."""

    records: int = 0
    offered: int = 0             # answered + abandoned
    answered: int = 0
    abandoned: int = 0
    open: int = 0                # still waiting at the end (censored)
    within: int = 0              # answered with wait <= the service-level threshold
    waited: int = 0              # offered with wait > 0
    answered_wait_s: float = 0.0
    offered_wait_s: float = 0.0
    on_time: int = 0             # deadline work: finished by the deadline
    late: int = 0                # finished after it, or open with the deadline passed
    completion_s: float = 0.0    # deadline work: sum of arrival-to-finish of answered ones
    waits: object = None


def tally(log: ReplicationLog, m: np.ndarray, within_s: float | None) -> Tally:
    """The tally of the records of ``log`` selected by mask ``m``: a kind someone waits on when
    ``within_s`` (its service-level threshold) is given, deadline work when it is None."""
    outcome, wait = log.outcome[m], log.wait_s[m]
    answered = outcome == ANSWERED
    is_open = outcome == OPEN
    t = Tally(records=int(m.sum()), answered=int(answered.sum()), open=int(is_open.sum()))
    if within_s is not None:
        closed = ~is_open
        answered_waits = wait[answered]
        t.offered = int(closed.sum())
        t.abandoned = int((outcome == ABANDONED_OUTCOME).sum())
        t.within = int((answered & (wait <= within_s)).sum())
        t.waited = int((closed & (wait > 0)).sum())
        t.answered_wait_s = float(answered_waits.sum())
        t.offered_wait_s = float(wait[closed].sum())
        t.waits = Values(answered_waits)
    else:
        arrival, deadline = log.arrival_s[m], log.deadline_s[m]
        finish = arrival + wait + log.handle_s[m]
        t.on_time = int((answered & (finish <= deadline)).sum())
        t.late = int(((answered & (finish > deadline)) | (is_open & (deadline <= log.horizon_s))).sum())
        t.completion_s = float((finish - arrival)[answered].sum())
    return t


def waited_on_kpis(t: Tally) -> dict[str, float]:
    """KPIs of a kind (or type) someone waits on, from its tally."""
    out = {
        "offered": float(t.offered),
        "service_level": _ratio(float(t.within), t.offered),
        "asa_s": _ratio(t.answered_wait_s, t.answered),
        "mean_wait_s": _ratio(t.offered_wait_s, t.offered),
        "p_wait": _ratio(float(t.waited), t.offered),
        "abandon_rate": _ratio(float(t.abandoned), t.offered),
    }
    for q in (50, 90, 95):
        out[f"wait_p{q}_s"] = t.waits.percentile(q)
    out["open_at_end"] = float(t.open)
    return out


def deadline_kpis(t: Tally) -> dict[str, float]:
    """KPIs of a kind (or type) of deadline work, from its tally."""
    return {
        "offered": float(t.records),
        "on_time_rate": _ratio(float(t.on_time), float(t.on_time + t.late)),
        "late": float(t.late),
        "mean_completion_h": _ratio(t.completion_s, t.answered) / HOUR_S,
        "open_at_end": float(t.open),
    }


def _kpis(kind: str, t: Tally) -> dict[str, float]:
    return waited_on_kpis(t) if kind in WAITED_ON else deadline_kpis(t)


def hour_counts(log: ReplicationLog, kind: int, within_s: float) -> tuple[np.ndarray, np.ndarray]:
    """Per hour of the day of arrival (0-23): offered contacts of ``kind`` in the window, and
    those answered within ``within_s``."""
    m = (log.arrival_s >= log.warmup_s) & (log.kind == kind) & (log.outcome != OPEN)
    arrival_hour = ((log.arrival_s[m] // HOUR_S) % 24).astype(int)
    good = ((log.outcome[m] == ANSWERED) & (log.wait_s[m] <= within_s)).astype(float)
    return (np.bincount(arrival_hour, minlength=24).astype(float),
            np.bincount(arrival_hour, weights=good, minlength=24))


class RecordSummary:
    """What the KPIs read from a replication's records, computed from all of them (exact mode).
    Streaming mode has the same interface (sim.results.streaming.StreamingSummary), fed block by block."""

    def __init__(self, log: ReplicationLog, scenario: Scenario):
        self.log = log
        self.scenario = scenario
        self.window = log.arrival_s >= log.warmup_s
        self._ramps = None

    def _within(self, kind: str) -> float | None:
        return service_level_threshold_s(self.scenario, kind) if kind in WAITED_ON else None

    def kind_tally(self, kind: str) -> Tally:
        return tally(self.log, self.window & (self.log.kind == KIND_INDEX[kind]), self._within(kind))

    def type_tally(self, index: int) -> Tally:
        """A type's tally, its service level within the type's own threshold."""
        label = self.log.type_labels[index]
        within = service_level_threshold_s(self.scenario, label) if label.split(".", 1)[0] in WAITED_ON else None
        return tally(self.log, self.window & (self.log.type_index == index), within)

    def hour_counts(self, kind: str) -> tuple[np.ndarray, np.ndarray]:
        return hour_counts(self.log, KIND_INDEX[kind], service_level_threshold_s(self.scenario, kind))

    def busy_ramp(self, pool: int) -> np.ndarray:
        """Busy agent-seconds of ``pool`` up to each edge of hour_of_day_edges(log)."""
        if self._ramps is None:
            self._ramps = busy_ramps(self.log, hour_of_day_edges(self.log)[0])
        return self._ramps[pool]


def centre_summary(log: ReplicationLog, scenario: Scenario):
    """The summary the KPIs are computed from: the streaming accumulators when the replication
    ran in streaming mode, else one over its records."""
    return log.summary if log.summary is not None else RecordSummary(log, scenario)


def replication_kpis(log: ReplicationLog, scenario: Scenario, summary=None) -> dict[KpiKey, float]:
    """Every KPI of one replication (NaN where undefined, e.g. no contact of a kind)."""
    summary = centre_summary(log, scenario) if summary is None else summary
    out: dict[KpiKey, float] = {}
    window_s = log.horizon_s - log.warmup_s
    for kind in (*WAITED_ON, *DEADLINE):
        k = KIND_INDEX[kind]
        if log.arrived.get(k, 0) == 0:
            continue
        values = _kpis(kind, summary.kind_tally(kind))
        values["mean_queue_length"] = log.queue_area_s[k] / window_s
        out.update({KpiKey(kind, metric): value for metric, value in values.items()})
        target = getattr(scenario.targets, kind)
        if kind in WAITED_ON and isinstance(target, ContactTarget) and target.hourly_floor is not None:
            offered, good = summary.hour_counts(kind)
            for hour in range(24):
                out[KpiKey(kind, "service_level_hour", hour_group(hour))] = _ratio(good[hour], offered[hour])
    callers = log.callers
    if log.arrived.get(KIND_INDEX["calls"], 0) and callers.get("offered"):
        out[KpiKey("calls", "callers_reached")] = callers["reached_within"] / callers["offered"]
    if scenario.centre.callbacks is not None and log.arrived.get(CALLBACKS, 0):
        t = summary.kind_tally("callbacks")
        out[KpiKey("callbacks", "offered")] = float(t.records)
        out[KpiKey("callbacks", "open_at_end")] = float(t.open)
        out[KpiKey("callbacks", "mean_queue_length")] = log.queue_area_s[CALLBACKS] / window_s
        out[KpiKey("callbacks", "callbacks_owed")] = float(callers["owed"])
        out[KpiKey("callbacks", "callback_reached")] = _ratio(float(callers["called_back"]), callers["owed"])
    for label in scenario.targets.types:  # per-type commitments: the type's KPIs, as its kind's
        if label not in log.type_labels:
            continue
        t = summary.type_tally(log.type_labels.index(label))
        if t.records:
            out.update({KpiKey(label, metric): value for metric, value in _kpis(label.split(".", 1)[0], t).items()})
    for index, pool in enumerate(log.pool_names):
        present_s = present_seconds(log, index, np.array([log.warmup_s, log.horizon_s]))[0]
        ramp = summary.busy_ramp(index)
        busy_s = ramp[-1] - ramp[0]
        # Busy ≤ present by construction (overtime counts as present): clip rounding noise only.
        out[KpiKey("staff", "occupancy", pool)] = min(max(_ratio(busy_s, present_s), 0.0), 1.0) if present_s > 0 else math.nan
        out[KpiKey("staff", "agents_present", pool)] = present_s / window_s
        out[KpiKey("staff", "overtime_h_per_day", pool)] = log.overtime_s[index] / HOUR_S / (log.horizon_s / DAY_S)
    return out


def _ramp_integral(times: np.ndarray, weights: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Σ_j w_j·max(x − t_j, 0) at each x: the integral up to x of a step function that jumps by
    w_j at t_j (a level that starts at zero)."""
    order = np.argsort(times, kind="stable")
    t, w = times[order], weights[order]
    cum_w = np.concatenate(([0.0], np.cumsum(w)))
    cum_wt = np.concatenate(([0.0], np.cumsum(w * t)))
    k = np.searchsorted(t, x, side="right")
    return x * cum_w[k] - cum_wt[k]


def present_seconds(log: ReplicationLog, pool: int, edges_s: np.ndarray) -> np.ndarray:
    """Agent-seconds present in each interval between consecutive ``edges_s``."""
    entries = log.present_logs[pool]
    if not entries:
        return np.zeros(len(edges_s) - 1)
    times = np.array([t for t, _ in entries])
    deltas = np.array([d for _, d in entries], dtype=float)
    return np.diff(_ramp_integral(times, deltas, edges_s))


def _busy_ramp(starts: np.ndarray, handles: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Busy agent-seconds from time 0 up to each ``x`` of the services starting at ``starts``."""
    times = np.concatenate((starts, starts + handles))
    weights = np.concatenate((np.ones(len(starts)), -np.ones(len(starts))))
    return _ramp_integral(times, weights, x)


def busy_ramps(log: ReplicationLog, x: np.ndarray) -> np.ndarray:
    """Per pool (rows), the busy agent-seconds from time 0 up to each ``x`` (columns), from the
    answered records. Additive over records: the ramps of blocks of records add up."""
    answered = log.outcome == ANSWERED
    pool = log.pool[answered]
    starts = log.arrival_s[answered] + log.wait_s[answered]
    handles = log.handle_s[answered]
    n_pools = len(log.pool_names)
    out = np.zeros((n_pools, len(x)))
    if n_pools == 1:
        out[0] = _busy_ramp(starts, handles, x)
        return out
    order = np.argsort(pool, kind="stable")  # keeps each pool's records in their order
    bounds = np.searchsorted(pool[order], np.arange(n_pools + 1))
    for p in range(n_pools):
        if bounds[p + 1] > bounds[p]:
            rows = order[bounds[p]:bounds[p + 1]]
            out[p] = _busy_ramp(starts[rows], handles[rows], x)
    return out


def busy_seconds(log: ReplicationLog, pool: int, edges_s: np.ndarray) -> np.ndarray:
    """Agent-seconds busy in each interval between consecutive ``edges_s``."""
    m = (log.outcome == ANSWERED) & (log.pool == pool)
    return np.diff(_busy_ramp(log.arrival_s[m] + log.wait_s[m], log.handle_s[m], edges_s))


def hour_of_day_edges(log: ReplicationLog) -> tuple[np.ndarray, np.ndarray]:
    """Edges of the hourly intervals of the measurement window, and each interval's hour of day."""
    first = np.ceil(log.warmup_s / HOUR_S) * HOUR_S
    inner = np.arange(first, log.horizon_s, HOUR_S)
    edges = np.unique(np.concatenate(([log.warmup_s], inner, [log.horizon_s])))
    hours = ((edges[:-1] // HOUR_S) % 24).astype(int)
    return edges, hours


def by_hour_of_day(log: ReplicationLog, scenario: Scenario, summary=None) -> dict[str, dict[str, list[float]]]:
    """Hour-of-day profiles of one replication: per waited-on kind, contacts offered per day and
    service level; per pool, mean agents present, mean agents busy and occupancy."""
    summary = centre_summary(log, scenario) if summary is None else summary
    edges, hours = hour_of_day_edges(log)
    exposure_s = np.bincount(hours, weights=np.diff(edges), minlength=24)
    days = exposure_s / HOUR_S
    out: dict[str, dict[str, list[float]]] = {}
    for kind in WAITED_ON:
        offered, good = summary.hour_counts(kind)
        if not offered.any():
            continue
        with np.errstate(invalid="ignore", divide="ignore"):
            out[kind] = {
                "offered_per_day": (offered / np.where(days > 0, days, np.nan)).tolist(),
                "service_level": (good / np.where(offered > 0, offered, np.nan)).tolist(),
            }
    for index, pool in enumerate(log.pool_names):
        present = np.bincount(hours, weights=present_seconds(log, index, edges), minlength=24)
        busy = np.bincount(hours, weights=np.diff(summary.busy_ramp(index)), minlength=24)
        with np.errstate(invalid="ignore", divide="ignore"):
            out[f"staff.{pool}"] = {
                "agents_present": (present / exposure_s).tolist(),
                "agents_busy": (busy / exposure_s).tolist(),
                "occupancy": (busy / np.where(present > 0, present, np.nan)).tolist(),
            }
    return out


def type_kpis(log: ReplicationLog, scenario: Scenario, summary=None) -> dict[tuple[str, str], float]:
    """KPIs per contact type ('calls.repair_report', ...): (type label, metric) -> value."""
    summary = centre_summary(log, scenario) if summary is None else summary
    out: dict[tuple[str, str], float] = {}
    for index, label in enumerate(log.type_labels):
        if label.split(".", 1)[0] not in (*WAITED_ON, *DEADLINE):  # callback attempts: see replication_kpis
            continue
        values = _kpis(label.split(".", 1)[0], summary.type_tally(index))
        out.update({(label, metric): value for metric, value in values.items()})
    return out
