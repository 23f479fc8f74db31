"""The contact centre (呼叫中心): contacts, queues, agent pools, and the dispatch between them.

One replication is one SimPy environment driven by callbacks, with no process per contact:

* every arrival stream schedules its next arrival when the current one arrives;
* an arriving contact goes to an idle agent of the first pool that has its skill (pools with
  fewer skills are tried first, keeping generalists free) or joins the queue of its kind and
  priority; a contact with patience schedules its own abandonment, which is void once it is
  answered;
* an agent who finishes (or comes on duty, or back from a break) takes the oldest contact of
  the highest-priority non-empty queue its pool serves (non-preemptive priority, FIFO within a
  queue), unless a break or the end of its shift is due;
* in the traditional model a fixed post handles its own contact types at every hour, and a post
  with ``covers`` (sim.scenario.field.PostCover) also takes the covered types of its site that
  arise inside its hours (the fire control room answers the hotline at night): the queue is
  chosen when the contact arises, so one already waiting when the hours begin or end stays;
* a handled call may pass to an expert agent (the caller waits again, with fresh patience) or
  owe a return visit (回访), an outbound call due some hours later with a deadline;
* with ``centre.callbacks``, a caller who hangs up is called back (回拨): each attempt is a
  contact of kind ``callbacks``, due at once and, after an unanswered attempt, ``retry_after_min``
  later, up to ``max_attempts``; which attempt the resident answers is drawn with the call.
  The engine counts the callers reached within ``targets.response.within_min`` of their call
  (answered, or called back and reached), for ``calls.callers_reached``.

Everything stochastic about a contact (arrival time, handle time, patience, escalation, return
visit) is drawn from the named stream of its source when it is generated, never from the
staffing, so runs with different staffing see the same contacts (common random numbers).

Every contact ends in exactly one record: answered (with its wait), abandoned (with the time it
waited), or still waiting at the end of the horizon (its censored wait). A record is written
once, when its contact's outcome is known, and never changed. By default the records are kept
(columns of the :class:`ReplicationLog`); in streaming mode (``sink``, sim/results/streaming.py) they
are handed over in blocks of ``sink.block_size`` to additive accumulators and dropped, so the
records held never exceed one block.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import simpy

from sim.engine.arrivals import ArrivalStream, arrival_streams
from sim.engine.rng import stream_rng
from sim.engine.working_time import WorkingTime
from sim.scenario.shift_instances import ShiftInstance, shift_instances
from sim.scenario import CONTACT_KINDS, SKILL_OF, CallType, Scenario
from sim.units import DAY_S, HOUR_S, MINUTE_S

WAITING, SERVING, ABANDONED = 0, 1, 2
#: Record outcomes.
OPEN, ANSWERED, ABANDONED_OUTCOME = 0, 1, 2
KIND_INDEX = {kind: index for index, kind in enumerate(CONTACT_KINDS)}
CALLS, CALLBACKS = KIND_INDEX["calls"], KIND_INDEX["callbacks"]
#: Counters of callers (ReplicationLog.callers): calls answered or abandoned that arrived in the
#: window with time to be reached before the horizon; those reached within the response time;
#: callbacks owed to them, callers reached by a callback (at any time), callers given up on.
CALLER_COUNTS = ("offered", "reached_within", "owed", "called_back", "given_up")
OFF, IDLE, BUSY, BREAK = 0, 1, 2, 3
INF = math.inf


class Contact:
    """A contact waiting for, or being served by, an agent."""

    __slots__ = ("kind", "type_index", "site", "arrival_s", "handle_s", "patience_s", "deadline_s",
                 "state", "queue", "followup", "callback")

    def __init__(self, kind, type_index, site, arrival_s, handle_s, patience_s, deadline_s, queue, followup,
                 callback=None):
        self.kind = kind
        self.type_index = type_index
        self.site = site
        self.arrival_s = arrival_s
        self.handle_s = handle_s
        self.patience_s = patience_s
        self.deadline_s = deadline_s
        self.queue = queue
        self.followup = followup
        #: A call: its pre-drawn callback (_CallbackDraw) or None; a callback attempt: its _CallbackAttempt.
        self.callback = callback
        self.state = WAITING


class _CallbackDraw:
    """What a call's callbacks will be, drawn with the call: the attempt the resident answers
    (1, 2, ...; beyond max_attempts: never), its handle time, and an unanswered attempt's time."""

    __slots__ = ("first_answer", "handle_s", "no_answer_s")

    def __init__(self, first_answer, handle_s, no_answer_s):
        self.first_answer = first_answer
        self.handle_s = handle_s
        self.no_answer_s = no_answer_s


class _CallbackAttempt:
    """One callback attempt: the caller's call (arrival, whether it counts), attempt number, draw."""

    __slots__ = ("call_arrival_s", "counted", "attempt", "draw", "call_type")

    def __init__(self, call_arrival_s, counted, attempt, draw, call_type):
        self.call_arrival_s = call_arrival_s
        self.counted = counted
        self.attempt = attempt
        self.draw = draw
        self.call_type = call_type


class ContactQueue:
    """The waiting line of one contact kind at one priority. ``waiting`` counts the contacts
    still waiting; abandoned ones stay in ``items`` until an agent skips them."""

    __slots__ = ("kind", "priority", "items", "waiting", "pools")

    def __init__(self, kind: int, priority: int):
        self.kind = kind
        self.priority = priority
        self.items: deque[Contact] = deque()
        self.waiting = 0
        self.pools: list[AgentPool] = []


class Agent:
    """One person on one shift; ``ident`` numbers the replication's person-shifts (the records'
    ``agent``, as a phone system's agent id or extension)."""

    __slots__ = ("pool", "state", "contact", "off_due", "break_due_s", "shift_end_s", "ident")

    def __init__(self, pool: "AgentPool", shift_end_s: float, ident: int = -1):
        self.pool = pool
        self.ident = ident
        self.state = OFF
        self.contact: Contact | None = None
        self.off_due = False
        self.break_due_s = 0.0
        self.shift_end_s = shift_end_s


class AgentPool:
    """Agents with the same skills. ``present`` counts those on duty and not on a break
    (busy or idle); its changes are logged to measure staffed time exactly."""

    __slots__ = ("name", "index", "skills", "queues", "idle", "present", "present_log", "overtime_s")

    def __init__(self, name: str, index: int, skills: list[str]):
        self.name = name
        self.index = index
        self.skills = skills
        self.queues: list[ContactQueue] = []
        self.idle: deque[Agent] = deque()
        self.present = 0
        self.present_log: list[tuple[float, int]] = []
        self.overtime_s = 0.0


@dataclass
class _Followups:
    """What happens after a handled call: escalation and return visit (pre-drawn)."""

    expert_handle_s: float = -1.0
    expert_patience_s: float = INF
    return_due_in_s: float = -1.0
    return_handle_s: float = 0.0
    return_deadline_s: float = 0.0
    expert_type: int = -1
    return_type: int = -1
    return_working_days: float = 0.0


class RecordColumns(NamedTuple):
    """The records held while a replication runs: one list per column of ``ReplicationLog``'s
    records, appended together (one entry per contact, in the order written)."""

    kind: list
    type_index: list
    site: list
    arrival_s: list
    wait_s: list
    outcome: list
    handle_s: list
    pool: list
    deadline_s: list
    agent: list

    @classmethod
    def empty(cls) -> "RecordColumns":
        return cls(*([] for _ in cls._fields))


#: The dtype of each record column in ``ReplicationLog``.
RECORD_DTYPES = RecordColumns(kind=np.int8, type_index=np.int16, site=np.int32, arrival_s=float, wait_s=float,
                              outcome=np.int8, handle_s=float, pool=np.int16, deadline_s=float, agent=np.int32)


@dataclass
class ReplicationLog:
    """Everything a replication leaves behind: one record per contact (columns), the arrival
    counts, the staffing log of each pool and the state at the end of the horizon."""

    type_labels: list[str]
    type_kinds: list[int]
    pool_names: list[str]
    horizon_s: float
    warmup_s: float
    kind: np.ndarray = field(default_factory=lambda: np.empty(0, np.int8))
    type_index: np.ndarray = field(default_factory=lambda: np.empty(0, np.int16))
    site: np.ndarray = field(default_factory=lambda: np.empty(0, np.int32))
    arrival_s: np.ndarray = field(default_factory=lambda: np.empty(0))
    wait_s: np.ndarray = field(default_factory=lambda: np.empty(0))
    outcome: np.ndarray = field(default_factory=lambda: np.empty(0, np.int8))
    handle_s: np.ndarray = field(default_factory=lambda: np.empty(0))
    pool: np.ndarray = field(default_factory=lambda: np.empty(0, np.int16))
    deadline_s: np.ndarray = field(default_factory=lambda: np.empty(0))
    #: The person-shift who answered (Agent.ident), -1 when not answered.
    agent: np.ndarray = field(default_factory=lambda: np.empty(0, np.int32))
    arrived: dict[int, int] = field(default_factory=dict)
    completed: dict[int, int] = field(default_factory=dict)
    in_service_at_end: dict[int, int] = field(default_factory=dict)
    present_logs: list[list[tuple[float, int]]] = field(default_factory=list)
    overtime_s: list[float] = field(default_factory=list)
    site_names: list[str] = field(default_factory=list)
    #: Per kind: time integral of the number waiting over [warm-up, horizon] (contact-seconds).
    queue_area_s: list[float] = field(default_factory=list)
    #: Callers of CALLER_COUNTS (name -> count), for the customer-service response and callbacks.
    callers: dict = field(default_factory=dict)
    #: One DistrictLog per district with shared teams (sim.field.district).
    districts: list = field(default_factory=list)
    #: One FieldLog per site when the scenario has field operations (sim.running.replication.SiteModel).
    field: list = field(default_factory=list)
    #: Streaming mode: the accumulators (sim.results.streaming.StreamingSummary) that stand in for the
    #: records, which are then empty. None in the default (exact) mode.
    summary: object = None


class ContactCentre:
    """One replication of the contact centre of ``scenario``.

    ``ContactCentre(scenario, seed, replication).run()`` simulates the horizon and returns a
    :class:`ReplicationLog`. Nothing is shared between instances. With a ``sink`` (streaming
    mode, sim.results.streaming.StreamingSummary) the records go to ``sink.add`` in blocks as they are
    written, and the log returned has no records but the sink as its ``summary``."""

    def __init__(self, scenario: Scenario, seed: int, replication: int, sink=None):
        self.scenario = scenario
        self.seed = seed
        self.replication = replication
        self.env = simpy.Environment()
        self.horizon_s = scenario.calendar.horizon_days * DAY_S
        self.warmup_s = scenario.calendar.warmup_days * DAY_S
        self.streams = arrival_streams(scenario)
        self.site_names = list(scenario.sites)
        self._build_types()
        self._build_pools()
        self._records = RecordColumns.empty()
        self._agents_made = 0
        self.arrived = [0] * len(CONTACT_KINDS)
        self.completed = [0] * len(CONTACT_KINDS)
        #: type index -> callbacks run when a contact of that type has been handled (field model).
        self.handled_hooks: dict[int, list] = {}
        # Time integral of the number waiting, per kind, measured over [warm-up, horizon].
        self.queue_len = [0] * len(CONTACT_KINDS)
        self.queue_area = [0.0] * len(CONTACT_KINDS)
        self.queue_since = [0.0] * len(CONTACT_KINDS)
        self.callback_cfg = scenario.centre.callbacks
        response = scenario.targets.response
        #: The customer-service response time: callers reached within it count as reached.
        self.response_s = (response.within_min if response is not None else 15.0) * 60.0
        self.callers = dict.fromkeys(CALLER_COUNTS, 0)
        #: The working calendar (clocks in working time) and the calling hours of outbound calls.
        self.working = WorkingTime(scenario.calendar)
        calling = scenario.centre.calling_hours
        self.calling = WorkingTime(scenario.calendar, calling, holidays=False) if calling is not None else None
        self.sink = sink
        if sink is not None:
            self._block_size = sink.block_size
            self._record = self._record_streaming
            sink.bind(self)

    # ------------------------------------------------------------------ construction

    def _build_types(self) -> None:
        """Number every contact type: the streams' own types plus the expert and return-visit
        types that calls create."""
        self.type_labels: list[str] = []
        self.type_kinds: list[int] = []
        self.type_priority: list[int] = []
        index = {}

        def add(kind: str, name: str, priority: int) -> int:
            label = f"{kind}.{name}"
            if label not in index:
                index[label] = len(self.type_labels)
                self.type_labels.append(label)
                self.type_kinds.append(KIND_INDEX[kind])
                self.type_priority.append(priority)
            return index[label]

        demand = self.scenario.demand
        for kind, types in (("calls", demand.calls), ("remote_ops", demand.remote_ops), ("tickets", demand.tickets)):
            for name, spec in types.items():
                add(kind, name, spec.priority)
        self.expert_type = {}
        self.return_type = {}
        field = self.scenario.field
        #: Call types whose return visit falls due when their work order closes (field model).
        self.return_visits_from_field = set(field.work_orders.from_calls) if field is not None else set()
        for name, spec in demand.calls.items():
            if spec.escalate_share > 0:
                self.expert_type[name] = add("expert", name, spec.priority)
            if spec.return_visit is not None and spec.return_visit.share > 0:
                self.return_type[name] = add("return_visits", name, spec.return_visit.priority)
        #: call type index -> its callbacks' type index (call types whose callers can hang up).
        self.callback_type: dict[int, int] = {}
        if self.scenario.centre.callbacks is not None:
            for name, spec in demand.calls.items():
                if spec.patience_s is not None:
                    self.callback_type[index[f"calls.{name}"]] = add("callbacks", name,
                                                                      self.scenario.centre.callbacks.priority)
        self.type_index = index

    def _build_pools(self) -> None:
        """Pools, and the queues they serve: one per (kind, priority) for the centre's pools, and,
        in the traditional operating model, one per fixed post for the contacts it handles."""
        pools_cfg = self.scenario.centre.pools
        self.pools = [AgentPool(name, i, list(cfg.skills)) for i, (name, cfg) in enumerate(pools_cfg.items())]
        self.rosters = [(pool, cfg) for pool, cfg in zip(self.pools, pools_cfg.values())]
        self.queues: dict[tuple, ContactQueue] = {}
        self.routes: dict[tuple[int, int], ContactQueue] = {}
        #: (type, site) -> the queue of a post covering it in given hours, and those hours (s of the day).
        self.cover_routes: dict[tuple[int, int], tuple[ContactQueue, list[tuple[float, float]]]] = {}
        for type_index, kind in enumerate(self.type_kinds):
            key = (kind, self.type_priority[type_index])
            if key not in self.queues:
                self.queues[key] = ContactQueue(*key)
        specialist_first = sorted(self.pools, key=lambda p: (len(p.skills), p.index))
        for (kind, _), queue in sorted(self.queues.items(), key=lambda item: (item[0][1], item[0][0])):
            for pool in specialist_first:
                if SKILL_OF.get(CONTACT_KINDS[kind], CONTACT_KINDS[kind]) in pool.skills:
                    queue.pools.append(pool)
                    pool.queues.append(queue)
        model = self.scenario.operating_model
        # (post, what it handles, what it covers, its sites); a post with no contacts (a fire
        # control room under centralised control) is staffed for its own duty, outside this model
        posts = [(name, post, post.handles_under(model), post.covers_under(model), set(self.scenario.post_sites(name)))
                 for name, post in self.scenario.staffed_posts().items()]
        for site_index, site in enumerate(self.site_names):
            for post_name, post, handles, covers, staffed_at in posts:
                if site in staffed_at and (handles or covers is not None):
                    pool = AgentPool(f"{site}/{post_name}", len(self.pools), ["post"])
                    self.pools.append(pool)
                    self.rosters.append((pool, post))
                    # a callback is worked where its call is answered
                    as_handled = [label.replace("callbacks.", "calls.", 1) for label in self.type_labels]
                    handled = [t for t, label in enumerate(as_handled)
                               if label in handles
                               or SKILL_OF.get(CONTACT_KINDS[self.type_kinds[t]], CONTACT_KINDS[self.type_kinds[t]]) in handles]
                    for type_index in sorted(handled, key=lambda t: self.type_priority[t]):
                        key = ("post", site_index, post_name, self.type_kinds[type_index], self.type_priority[type_index])
                        if key not in self.queues:
                            queue = self.queues[key] = ContactQueue(self.type_kinds[type_index], self.type_priority[type_index])
                            queue.pools.append(pool)
                            pool.queues.append(queue)
                        self.routes.setdefault((type_index, site_index), self.queues[key])
                    if covers is not None:
                        self._build_cover(site_index, post_name, covers, pool, as_handled)

    def _build_cover(self, site_index: int, post_name: str, cover, pool: "AgentPool", as_handled: list[str]) -> None:
        """The queues of a post that answers contacts for the centre in given hours
        (sim.scenario.field.PostCover): each covered type of the site gets one, served by the
        post's pool after the contacts the post handles anyway."""
        windows = [(a * MINUTE_S, b * MINUTE_S) for a, b in cover.windows_min()]
        for type_index in sorted(range(len(as_handled)), key=lambda t: self.type_priority[t]):
            label = as_handled[type_index]
            if (type_index, site_index) in self.routes or not (label in cover.kinds or label.split(".", 1)[0] in cover.kinds):
                continue
            key = ("cover", site_index, post_name, self.type_kinds[type_index], self.type_priority[type_index])
            if key not in self.queues:
                queue = self.queues[key] = ContactQueue(self.type_kinds[type_index], self.type_priority[type_index])
                queue.pools.append(pool)
                pool.queues.append(queue)
            self.cover_routes[(type_index, site_index)] = (self.queues[key], windows)

    # ------------------------------------------------------------------ running

    def run(self) -> ReplicationLog:
        """Simulate the horizon and return the replication's log."""
        env = self.env
        for stream in self.streams:
            feeder = _Feeder(self, stream)
            feeder.advance()
        for pool, pool_cfg in self.rosters:
            for inst in shift_instances(pool.name, pool_cfg, self.scenario.calendar):
                env.timeout(max(inst.start_s, 0.0), (pool, inst)).callbacks.append(self._shift_start)
        if self.warmup_s > 0:
            env.timeout(self.warmup_s).callbacks.append(self._end_warmup)
        env.run(until=self.horizon_s)
        return self._finish()

    def _queue_change(self, kind: int, delta: int) -> None:
        now = self.env.now
        self.queue_area[kind] += self.queue_len[kind] * (now - self.queue_since[kind])
        self.queue_since[kind] = now
        self.queue_len[kind] += delta

    def _end_warmup(self, event) -> None:
        for kind in range(len(CONTACT_KINDS)):
            self._queue_change(kind, 0)
            self.queue_area[kind] = 0.0

    def _offer(self, contact: Contact) -> None:
        queue = contact.queue
        for pool in queue.pools:
            if pool.idle:
                self._start(pool.idle.popleft(), contact)
                return
        queue.items.append(contact)
        queue.waiting += 1
        self._queue_change(contact.kind, +1)
        if contact.patience_s < INF:
            self.env.timeout(contact.patience_s, contact).callbacks.append(self._abandon)

    def _abandon(self, event) -> None:
        contact = event.value
        if contact.state == WAITING:
            contact.state = ABANDONED
            contact.queue.waiting -= 1
            self._queue_change(contact.kind, -1)
            self._record(contact, self.env.now - contact.arrival_s, ABANDONED_OUTCOME, 0.0, -1)
            if contact.kind == CALLS:
                counted = self._caller_counts(contact.arrival_s)
                if counted:
                    self.callers["offered"] += 1
                if contact.callback is not None:
                    self.callers["owed"] += counted
                    self._callback_attempt(_CallbackAttempt(contact.arrival_s, counted, 1, contact.callback,
                                                            self.callback_type[contact.type_index]), contact.site)

    def _caller_counts(self, arrival_s: float) -> bool:
        """Whether a caller counts in the response KPI: arrived in the window, with the whole
        response time before the horizon (so its outcome is known)."""
        return arrival_s >= self.warmup_s and arrival_s + self.response_s <= self.horizon_s

    def _callback_attempt(self, attempt: "_CallbackAttempt", site: int) -> None:
        """A callback attempt falls due now."""
        now = self.env.now
        answered = attempt.attempt == attempt.draw.first_answer
        contact = Contact(CALLBACKS, attempt.call_type, site, now,
                          attempt.draw.handle_s if answered else attempt.draw.no_answer_s, INF,
                          attempt.call_arrival_s + self.response_s, self._queue_for(attempt.call_type, site), None,
                          attempt)
        self.arrived[CALLBACKS] += 1
        self._offer(contact)

    def _retry_due(self, event) -> None:
        attempt, site = event.value
        self._callback_attempt(attempt, site)

    def _start(self, agent: Agent, contact: Contact) -> None:
        now = self.env.now
        contact.state = SERVING
        agent.state = BUSY
        agent.contact = contact
        if contact.kind == CALLS:
            if self._caller_counts(contact.arrival_s):
                self.callers["offered"] += 1
                self.callers["reached_within"] += now - contact.arrival_s <= self.response_s
        elif contact.kind == CALLBACKS:
            attempt = contact.callback
            if attempt.counted and attempt.attempt == attempt.draw.first_answer:  # the resident picks up
                self.callers["called_back"] += 1
                self.callers["reached_within"] += now <= contact.deadline_s
        self._record(contact, now - contact.arrival_s, ANSWERED, contact.handle_s, agent.pool.index, agent.ident)
        self.env.timeout(contact.handle_s, agent).callbacks.append(self._complete)

    def _record(self, contact: Contact, wait_s: float, outcome: int, handle_s: float, pool: int,
                agent: int = -1) -> None:
        r = self._records
        r.kind.append(contact.kind)
        r.type_index.append(contact.type_index)
        r.site.append(contact.site)
        r.arrival_s.append(contact.arrival_s)
        r.wait_s.append(wait_s)
        r.outcome.append(outcome)
        r.handle_s.append(handle_s)
        r.pool.append(pool)
        r.deadline_s.append(contact.deadline_s)
        r.agent.append(agent)

    def _record_streaming(self, contact: Contact, wait_s: float, outcome: int, handle_s: float, pool: int,
                          agent: int = -1) -> None:
        """Streaming mode's ``_record``: a full block goes to the sink."""
        ContactCentre._record(self, contact, wait_s, outcome, handle_s, pool, agent)
        if len(self._records.kind) >= self._block_size:
            self._flush()

    def _flush(self) -> None:
        """Hand the records held to the sink and drop them (every record is final when written)."""
        block = self._records_log()
        for column in self._records:
            column.clear()
        self.sink.add(block)

    def _records_log(self) -> ReplicationLog:
        """A log of the records held (and the centre's description, for the metrics)."""
        columns = {name: np.asarray(column, dtype)
                   for name, column, dtype in zip(RecordColumns._fields, self._records, RECORD_DTYPES)}
        return ReplicationLog(
            type_labels=self.type_labels,
            type_kinds=self.type_kinds,
            pool_names=[p.name for p in self.pools],
            horizon_s=self.horizon_s,
            warmup_s=self.warmup_s,
            **columns,
            site_names=self.site_names,
        )

    def _complete(self, event) -> None:
        agent: Agent = event.value
        contact = agent.contact
        agent.contact = None
        self.completed[contact.kind] += 1
        followup = contact.followup
        if followup is not None:
            self._follow_up(contact, followup)
        if contact.kind == CALLBACKS:
            attempt = contact.callback
            if attempt.attempt != attempt.draw.first_answer:  # nobody answered
                if attempt.attempt < self.callback_cfg.max_attempts:
                    retry = _CallbackAttempt(attempt.call_arrival_s, attempt.counted, attempt.attempt + 1,
                                             attempt.draw, attempt.call_type)
                    self.env.timeout(self.callback_cfg.retry_after_min * 60.0, (retry, contact.site)).callbacks.append(
                        self._retry_due)
                elif attempt.counted:
                    self.callers["given_up"] += 1
        hooks = self.handled_hooks.get(contact.type_index)
        if hooks is not None:
            for hook in hooks:
                hook(contact)
        self._next_work(agent)

    def on_handled(self, type_label: str, callback) -> None:
        """Call ``callback(contact)`` whenever a contact of type ``type_label`` ('calls.repair_report')
        has been handled. Used by the field model (work orders, follow-ups, verified alarms)."""
        if type_label in self.type_index:
            self.handled_hooks.setdefault(self.type_index[type_label], []).append(callback)

    def return_visit_deadline(self, due_s: float, deadline_h: float, working_days: float | None) -> float:
        """When a return visit falling due at ``due_s`` must be done: ``working_days`` of working
        time after it (the clock starting at the next working instant), else ``deadline_h`` later."""
        if working_days:
            return self.working.add(due_s, working_days * self.working.day_s)
        return due_s + deadline_h * HOUR_S

    def add_return_visit(self, site: int, call_type: str, handle_s: float, deadline_in_s: float) -> None:
        """A return visit for a call of ``call_type`` falls due now (its work order has closed)."""
        now = self.env.now
        type_index = self.return_type[call_type]
        visit = Contact(KIND_INDEX["return_visits"], type_index, site, now, handle_s, INF, now + deadline_in_s,
                        self._queue_for(type_index, site), None)
        self._place_outbound(visit)

    def _place_outbound(self, visit: Contact) -> None:
        """Offer an outbound call now, or at the next calling hour (its arrival then; deadline kept)."""
        now = self.env.now
        start = self.calling.next_open(now) if self.calling is not None else now
        if start > now:
            if start < self.horizon_s:
                visit.arrival_s = start
                self.env.timeout(start - now, visit).callbacks.append(self._outbound_due)
            return
        self.arrived[visit.kind] += 1
        self._offer(visit)

    def _outbound_due(self, event) -> None:
        visit = event.value
        self.arrived[visit.kind] += 1
        self._offer(visit)

    def _next_work(self, agent: Agent) -> None:
        """A free agent leaves, takes its break, or takes the next contact, in that order."""
        pool = agent.pool
        if agent.off_due:
            self._leave(agent)
            return
        if agent.break_due_s > 0:
            self._begin_break(agent, agent.break_due_s)
            return
        for queue in pool.queues:
            if queue.waiting:
                items = queue.items
                contact = items.popleft()
                while contact.state != WAITING:
                    contact = items.popleft()
                queue.waiting -= 1
                self._queue_change(contact.kind, -1)
                self._start(agent, contact)
                return
        agent.state = IDLE
        pool.idle.append(agent)

    def _follow_up(self, contact: Contact, f: _Followups) -> None:
        now = self.env.now
        if f.expert_handle_s >= 0:
            expert = Contact(KIND_INDEX["expert"], f.expert_type, contact.site, now, f.expert_handle_s,
                             f.expert_patience_s, INF, self._queue_for(f.expert_type, contact.site), None)
            self.arrived[expert.kind] += 1
            self._offer(expert)
        if f.return_due_in_s >= 0:
            due = _DueReturnVisit(contact.site, f)
            self.env.timeout(f.return_due_in_s, due).callbacks.append(self._return_visit_due)

    def _return_visit_due(self, event) -> None:
        due: _DueReturnVisit = event.value
        now = self.env.now
        f = due.followups
        deadline = (self.working.add(now, f.return_working_days * self.working.day_s) if f.return_working_days
                    else now + f.return_deadline_s)
        visit = Contact(KIND_INDEX["return_visits"], f.return_type, due.site, now, f.return_handle_s, INF,
                        deadline, self._queue_for(f.return_type, due.site), None)
        self._place_outbound(visit)

    def _queue_for(self, type_index: int, site: int) -> ContactQueue:
        """The queue a contact of this type from this site joins (a fixed post's, or the centre's)."""
        queue = self.routes.get((type_index, site))
        if queue is None:
            cover = self.cover_routes.get((type_index, site)) if self.cover_routes else None
            if cover is not None:
                second = self.env.now % DAY_S
                if any(a <= second < b or a <= second + DAY_S < b for a, b in cover[1]):
                    return cover[0]
            queue = self.queues[(self.type_kinds[type_index], self.type_priority[type_index])]
        return queue

    # ------------------------------------------------------------------ rosters

    def _change_present(self, pool: AgentPool, delta: int) -> None:
        pool.present += delta
        pool.present_log.append((self.env.now, delta))

    def _shift_start(self, event) -> None:
        pool, inst = event.value
        inst: ShiftInstance
        env = self.env
        now = env.now
        first = self._agents_made
        self._agents_made += inst.agents
        agents = [Agent(pool, inst.end_s, first + i) for i in range(inst.agents)]
        for agent, breaks in zip(agents, inst.breaks):
            agent.state = IDLE
            self._change_present(pool, +1)
            for start_s, length_s in breaks:
                if start_s >= now:
                    env.timeout(start_s - now, (agent, length_s)).callbacks.append(self._break_due)
        env.timeout(inst.end_s - now, agents).callbacks.append(self._shift_end)
        for agent in agents:
            self._next_work(agent)

    def _break_due(self, event) -> None:
        agent, length_s = event.value
        if agent.state == IDLE:
            agent.pool.idle.remove(agent)
            self._begin_break(agent, length_s)
        elif agent.state in (BUSY, BREAK):
            agent.break_due_s += length_s  # taken as soon as the contact or the current break ends

    def _begin_break(self, agent: Agent, length_s: float) -> None:
        agent.state = BREAK
        agent.break_due_s = 0.0
        self._change_present(agent.pool, -1)
        self.env.timeout(length_s, agent).callbacks.append(self._break_end)

    def _break_end(self, event) -> None:
        agent: Agent = event.value
        if agent.off_due:
            agent.state = OFF
            return
        agent.state = IDLE
        self._change_present(agent.pool, +1)
        self._next_work(agent)

    def _shift_end(self, event) -> None:
        for agent in event.value:
            if agent.state == IDLE:
                agent.pool.idle.remove(agent)
                agent.state = OFF
                self._change_present(agent.pool, -1)
            elif agent.state in (BUSY, BREAK):
                agent.off_due = True

    def _leave(self, agent: Agent) -> None:
        """An agent who finished the contact it held at the end of its shift goes home."""
        agent.state = OFF
        agent.pool.overtime_s += self.env.now - agent.shift_end_s
        self._change_present(agent.pool, -1)

    # ------------------------------------------------------------------ the end

    def _finish(self) -> ReplicationLog:
        """Close the books: waiting contacts become open records; agents still busy are counted."""
        for queue in self.queues.values():
            for contact in queue.items:
                if contact.state == WAITING:
                    self._record(contact, self.horizon_s - contact.arrival_s, OPEN, 0.0, -1)
        for kind in range(len(CONTACT_KINDS)):
            self._queue_change(kind, 0)
        if self.sink is None:
            in_service = [0] * len(CONTACT_KINDS)
            r = self._records
            for kind, outcome in zip(r.kind, r.outcome):
                if outcome == ANSWERED:
                    in_service[kind] += 1
            log = self._records_log()
        else:
            self._flush()
            in_service = [int(n) for n in self.sink.answered_by_kind]
            self.sink.finish()
            log = ReplicationLog(type_labels=self.type_labels, type_kinds=self.type_kinds,
                                 pool_names=[p.name for p in self.pools], horizon_s=self.horizon_s,
                                 warmup_s=self.warmup_s, site_names=self.site_names, summary=self.sink)
        for kind in range(len(CONTACT_KINDS)):
            in_service[kind] -= self.completed[kind]
        log.arrived = dict(enumerate(self.arrived))
        log.completed = dict(enumerate(self.completed))
        log.in_service_at_end = dict(enumerate(in_service))
        log.present_logs = [p.present_log for p in self.pools]
        log.overtime_s = [p.overtime_s for p in self.pools]
        log.queue_area_s = list(self.queue_area)
        log.callers = dict(self.callers)
        return log


@dataclass
class _DueReturnVisit:
    site: int
    followups: _Followups


class _Feeder:
    """Feeds one arrival stream into the centre, a day of pre-drawn contacts at a time."""

    __slots__ = ("centre", "stream", "kind", "type_index", "site", "queue", "day", "last_day", "times",
                 "handles", "patience", "deadline_s", "followups", "i", "n", "rngs", "spec", "callbacks")

    def __init__(self, centre: ContactCentre, stream: ArrivalStream):
        self.centre = centre
        self.stream = stream
        self.spec = stream.spec
        self.kind = KIND_INDEX[stream.kind]
        self.type_index = centre.type_index[f"{stream.kind}.{stream.type_name}"]
        self.site = centre.site_names.index(stream.site)
        self.queue = centre._queue_for(self.type_index, self.site)
        self.day = -1
        self.last_day = math.ceil(centre.horizon_s / DAY_S) - 1
        self.i = self.n = 0
        seed, rep, name = centre.seed, centre.replication, stream.name
        attributes = ("arrivals", "handle", "patience", "escalate", "expert_handle", "expert_patience",
                      "return_share", "return_delay", "return_handle", "callback_answer", "callback_handle",
                      "callback_no_answer")
        self.rngs = {a: stream_rng(seed, rep, f"{name}:{a}") for a in attributes}
        deadline_h = getattr(self.spec, "deadline_h", None)
        self.deadline_s = INF if deadline_h is None else deadline_h * HOUR_S

    def _draw_day(self) -> None:
        """Draw the next day's arrivals and every attribute of their contacts."""
        centre, spec, rngs = self.centre, self.spec, self.rngs
        times = self.stream.arrivals(self.day, rngs["arrivals"])
        times = times[times < centre.horizon_s]
        n = len(times)
        self.times = times.tolist()
        self.handles = spec.handle_time_s.sample(rngs["handle"], n).tolist()
        patience = getattr(spec, "patience_s", None)
        self.patience = [INF] * n if patience is None else patience.sample(rngs["patience"], n).tolist()
        self.followups = None
        self.callbacks = None
        if isinstance(spec, CallType):
            self.followups = self._draw_followups(spec, n)
            cfg = centre.callback_cfg
            if cfg is not None and self.type_index in centre.callback_type:
                first = (rngs["callback_answer"].geometric(cfg.answer_share, n).tolist() if cfg.answer_share > 0
                         else [cfg.max_attempts + 1] * n)
                handle = cfg.handle_time_s.sample(rngs["callback_handle"], n).tolist()
                no_answer = cfg.no_answer_s.sample(rngs["callback_no_answer"], n).tolist()
                self.callbacks = [_CallbackDraw(f, h, q) for f, h, q in zip(first, handle, no_answer)]
        self.i, self.n = 0, n

    def _draw_followups(self, spec: CallType, n: int) -> list[_Followups | None] | None:
        rngs = self.rngs
        name = self.stream.type_name
        rv = spec.return_visit
        escalating = spec.escalate_share > 0
        returning = rv is not None and rv.share > 0 and name not in self.centre.return_visits_from_field
        if not (escalating or returning):
            return None
        out: list[_Followups | None] = [None] * n
        if escalating:
            escalate = (rngs["escalate"].random(n) < spec.escalate_share).tolist()
            expert_handle = spec.expert_handle_time_s.sample(rngs["expert_handle"], n).tolist()
            expert_patience = (spec.patience_s.sample(rngs["expert_patience"], n).tolist()
                               if spec.patience_s is not None else [INF] * n)
        if returning:
            owes = (rngs["return_share"].random(n) < rv.share).tolist()
            delay = (rv.delay_h.sample(rngs["return_delay"], n) * HOUR_S).tolist()
            rv_handle = rv.handle_time_s.sample(rngs["return_handle"], n).tolist()
        for k in range(n):
            f = None
            if escalating and escalate[k]:
                f = _Followups(expert_handle_s=expert_handle[k], expert_patience_s=expert_patience[k],
                               expert_type=self.centre.expert_type[name])
            if returning and owes[k]:
                f = f or _Followups()
                f.return_due_in_s = delay[k]
                f.return_handle_s = rv_handle[k]
                f.return_deadline_s = rv.deadline_h * HOUR_S
                f.return_working_days = rv.deadline_working_days or 0.0
                f.return_type = self.centre.return_type[name]
            out[k] = f
        return out

    def advance(self) -> None:
        """Schedule the next arrival of this stream, drawing new days as needed."""
        while self.i >= self.n:
            if self.day >= self.last_day:
                return
            self.day += 1
            self._draw_day()
        env = self.centre.env
        env.timeout(self.times[self.i] - env.now, self).callbacks.append(_arrive)


def _arrive(event) -> None:
    feeder: _Feeder = event.value
    centre = feeder.centre
    i = feeder.i
    feeder.i = i + 1
    arrival_s = centre.env.now  # the clock's own time (times[i] may differ in the last bit)
    queue = feeder.queue if not centre.cover_routes else centre._queue_for(feeder.type_index, feeder.site)
    contact = Contact(feeder.kind, feeder.type_index, feeder.site, arrival_s, feeder.handles[i],
                      feeder.patience[i], arrival_s + feeder.deadline_s, queue,
                      feeder.followups[i] if feeder.followups is not None else None,
                      feeder.callbacks[i] if feeder.callbacks is not None else None)
    centre.arrived[feeder.kind] += 1
    centre._offer(contact)
    feeder.advance()
