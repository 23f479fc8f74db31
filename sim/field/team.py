"""Field teams: people who travel to tasks and work on them, on a roster.

Each person on a shift is one SimPy process, so one person is never in two places: they are
idle, travelling, working, or on a break, one at a time, and every second of their shift is
accounted to one of those (``time_s``), which the tests check adds up to the time on duty.

Dispatch rules (see docs/model.md):

* A new task goes to the **nearest idle qualified** person (travel time from where they are).
* If nobody is idle, an **emergency** task interrupts the nearest qualified person doing
  preemptible work (planned maintenance, a patrol round, an inspection, a household visit);
  the interrupted task is kept by that person and resumed after the emergency (they travel back).
  Otherwise the task waits in the team's queue.
* A person who becomes free resumes interrupted work first, then takes the waiting task with
  the highest priority (lowest number), oldest first, that they are qualified for.
* A task is a list of legs (go to a place, work there for some time): a repair is one leg, a
  patrol round or an inspection is one leg per checkpoint. ``on_site_s`` is the arrival at the
  first leg (the response time's clock stops there).
* **Stations** (``Team.stations``, the scenario's ``stations``: the site office, or one per
  zone): a person with nothing to do goes back to the nearest station no idle teammate holds or
  heads to (all held: the nearest), travelling as ``travel:station``; they are free all the
  while, and a task given to them on the way starts from the point they have reached. Shifts
  start at the stations, spread over them (:meth:`Team.start_place`). Without stations (the
  default) an idle person waits where the last job ended and every shift starts at ``home``.
* Breaks and the end of a shift wait for the task in hand to finish (overtime is measured);
  interrupted work still held at the end of a shift is handed back to the team's queue.
* **On call at home** (``Team.on_call``, a technician team's shift worked from home): in an
  on-call window an emergency nobody awake takes at once (idle, or preempted from preemptible
  work) waits in the queue and calls out one on-call person, unless enough are already on
  their way for the emergencies waiting. The person reaches the team's home (the site office)
  after the call-out delay, does emergencies only (the oldest first) until none waits, and goes
  home. Routine work is never a reason to call anyone out: it waits for the next awake shift.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import simpy

from sim.field.geometry import Travel

EMERGENCY, URGENT, ROUTINE, PLANNED = 0, 1, 2, 3
PRIORITY_NAMES = ("emergency", "urgent", "routine", "planned")
PRIORITY_INDEX = {name: i for i, name in enumerate(PRIORITY_NAMES)}
Point = tuple[float, float]


@dataclass
class Leg:
    """Go to ``location`` and work there for ``work_s`` seconds."""

    location: Point
    work_s: float
    label: str = ""
    #: The law ``work_s`` was drawn from (a distribution, and the scale to seconds), when it was a
    #: fresh draw that nothing reads before the work ends (sim.field.response_chance); None: unknown.
    law: tuple | None = None


@dataclass(eq=False)
class Task:
    """Work for a team. ``duty`` names what the time is spent on (for time budgets); ``skill``
    is the trade it needs (the scenario routes it to a team that has it)."""

    kind: str
    label: str
    priority: int
    legs: list[Leg]
    created_s: float
    duty: str
    skill: str | None = None
    preemptible: bool = False
    on_done: Callable[["Task"], None] | None = None
    on_leg: Callable[["Task", int], None] | None = None
    leg_index: int = 0
    on_site_s: float = math.nan
    done_s: float = math.nan
    seq: int = 0
    meta: dict = field(default_factory=dict)

    @property
    def sort_key(self) -> tuple[int, float, int]:
        return (self.priority, self.created_s, self.seq)


class Person:
    """One person on one shift of a team: a SimPy process from shift start to going home."""

    def __init__(self, team: "Team", start_s: float, end_s: float, breaks: tuple[tuple[float, float], ...], location: Point,
                 call_out: "OnCallWindow | None" = None):
        self.team = team
        #: Called out from home (on call): emergencies only, home when none waits.
        self.call_out = call_out
        self.env = team.env
        self.start_s = start_s
        self.left_s = math.nan
        self.end_s = end_s
        # A shift begun before the run (the evening before day 0) took its earlier breaks then.
        self.breaks = [b for b in breaks if b[0] >= start_s]
        self.location = location
        #: The station the person waits at or heads to while idle (sim.field.team: stations).
        self.station: Point | None = location if team.stations else None
        self.task: Task | None = None
        self.stack: list[Task] = []          # interrupted tasks, resumed last-in first-out
        self.wake: simpy.Event | None = None  # set while idle
        self.state = "idle"
        self.since = start_s
        self.break_end_s = math.nan  # the end of the break in hand
        self.time_s: dict[str, float] = {}
        self.overtime_s = 0.0
        self.activity_start = start_s
        self.activity_from: Point = location
        self.activity_to: Point = location
        self.process = self.env.process(self._shift())

    # -------------------------------------------------------------- accounting

    def _enter(self, state: str) -> None:
        now = self.env.now
        self.time_s[self.state] = self.time_s.get(self.state, 0.0) + (now - self.since)
        self.state, self.since = state, now

    # -------------------------------------------------------------- the shift

    def _shift(self):
        env, team = self.env, self.team
        team.on_duty.append(self)
        while True:
            if env.now >= self.end_s:
                break
            if self.breaks and env.now >= self.breaks[0][0]:
                _, length = self.breaks.pop(0)
                self._enter("break")
                self.break_end_s = env.now + length
                yield env.timeout(length)
                continue
            task = self.stack.pop() if self.stack else team.take(self)
            if task is None:
                if self.call_out is not None:
                    break  # nothing urgent left: home again
                yield from self._idle()
                continue
            yield from self._do(task)
        self._enter("off")
        self.left_s = env.now
        self.overtime_s = max(env.now - self.end_s, 0.0)
        team.on_duty.remove(self)
        for task in reversed(self.stack):
            team.submit(task, handover=True)
        self.stack.clear()
        if self.call_out is not None:
            self.call_out.free += 1

    def _idle(self):
        env = self.env
        station = self.team.station_for(self)
        returning = station is not None and station != self.location
        self._enter("travel:station" if returning else "idle")
        self.team.idle.append(self)
        self.wake = env.event()
        boundary = min([self.end_s] + [b[0] for b in self.breaks[:1]])
        if returning:
            yield from self._return(station, boundary)
        if self.state == "idle" and not self.wake.triggered:
            yield self.wake | env.timeout(max(boundary - env.now, 0.0))
        self.wake = None
        if self in self.team.idle:
            self.team.idle.remove(self)

    def _return(self, station: Point, boundary_s: float):
        """Head back to ``station``, free (in ``team.idle``) all the way, until there, woken by a
        task, or at ``boundary_s`` (a break, the shift's end); then idle there if arrived."""
        env = self.env
        self.station = station
        self.activity_start, self.activity_from, self.activity_to = env.now, self.location, station
        trip_s = self.team.travel.time_s(self.location, station)
        yield self.wake | env.timeout(min(trip_s, max(boundary_s - env.now, 0.0)))
        if env.now >= self.activity_start + trip_s and not self.wake.triggered:
            self.location = station
            self._enter("idle")
        else:
            self.location = self._along()

    def where(self) -> Point:
        """Where the person is now: on the way back to a station, the point reached so far."""
        return self._along() if self.state == "travel:station" else self.location

    def _along(self) -> Point:
        """The point reached now on the trip in hand (``activity_from`` → ``activity_to``), at an
        even pace over its travel time."""
        total = self.team.travel.time_s(self.activity_from, self.activity_to)
        frac = min((self.env.now - self.activity_start) / total, 1.0) if total > 0 else 1.0
        (x0, y0), (x1, y1) = self.activity_from, self.activity_to
        return (x0 + (x1 - x0) * frac, y0 + (y1 - y0) * frac)

    def assign(self, task: Task) -> None:
        """Give an idle person a task (called by the team)."""
        self.stack.append(task)
        self.team.idle.remove(self)
        self.wake.succeed()

    def _do(self, task: Task):
        env, team = self.env, self.team
        self.task = task
        while task.leg_index < len(task.legs):
            leg = task.legs[task.leg_index]
            try:
                place = team.place_of(task, leg)
                travel_s = team.travel.time_s(self.location, place)
                if travel_s > 0:
                    yield from self._travel(task, place, travel_s)
                self.location = place
                if math.isnan(task.on_site_s):
                    task.on_site_s = env.now
                self._enter(f"work:{task.duty}")
                self.activity_start = env.now
                yield env.timeout(leg.work_s)
                task.leg_index += 1
                if task.on_leg is not None:
                    task.on_leg(task, task.leg_index - 1)
            except simpy.Interrupt as interrupt:
                self._interrupted(task, leg)
                urgent: Task = interrupt.cause
                self.stack.append(task)
                self.task = None
                yield from self._do(urgent)
                return
        self.task = None
        task.done_s = env.now
        if task.on_done is not None:
            task.on_done(task)

    def _travel(self, task: Task, place: Point, travel_s: float):
        """Travel from here to ``place`` (``travel_s`` seconds by the team's travel model)."""
        self._enter(f"travel:{task.duty}")
        self.activity_start, self.activity_from, self.activity_to = self.env.now, self.location, place
        yield self.env.timeout(travel_s)

    def _interrupted(self, task: Task, leg: Leg) -> None:
        """Record how far the interrupted activity got."""
        now = self.env.now
        if self.state.startswith("travel"):
            self.location = self._along()
        else:
            leg.work_s = max(leg.work_s - (now - self.activity_start), 0.0)
        self.team.preemptions += 1


@dataclass
class OnCallWindow:
    """An on-call shift on one day: from ``start_s`` to ``end_s`` its ``free`` people are at home,
    on standby (one fewer while each called-out person is on the way or at work)."""

    start_s: float
    end_s: float
    free: int


class Team:
    """A team at one site (technicians, guards, the butlers of a zone): its queue and its people.
    Everyone in a team has the team's skills; specialist trades are separate teams.

    A site's team may be the residual crew (驻场) of a district whose shared teams serve the site
    too (sim.field.district): ``shared`` lists those teams and ``site`` names the site; a free
    person of the site's team then also takes the site's orders waiting in the shared teams'
    queues. A subclass places tasks in its own terms (:meth:`place_of`) and makes its own
    people (``person_type``)."""

    #: The class of the team's people.
    person_type: type = Person

    def __init__(self, env: simpy.Environment, name: str, skills: set[str], travel: Travel, home: Point):
        self.env = env
        self.name = name
        self.skills = skills
        self.travel = travel
        self.home = home
        self.queue: list[Task] = []
        self.idle: list[Person] = []
        self.on_duty: list[Person] = []
        self.people: list[Person] = []
        self.preemptions = 0
        self._seq = 0
        #: On call at home: the windows (sorted by start), the call-out delay (a function drawing
        #: seconds), people on their way now, and how many were called out.
        self.on_call: list[OnCallWindow] = []
        self.call_out_delay = None
        self.on_the_way = 0
        self.call_outs = 0
        #: The call-out delay's law (distribution, scale to seconds), the times of the call-outs
        #: still on their way, and the starts of the shifts to come (people arriving at ``home``):
        #: what sim.field.response_chance reads.
        self.call_out_law: tuple | None = None
        self.calls_on_the_way: list[float] = []
        self.shift_starts: list[tuple] = []  # (start_s, end_s, breaks, place) of each person
        #: Where idle people wait (sim.field.team: stations); empty: where their last job ended.
        self.stations: list[Point] = []
        #: The district teams whose queues hold this site's orders too (a residual crew), and the site.
        self.shared: list[Team] = []
        self.site: str | None = None

    def close_books(self) -> None:
        """Close the time accounts of the people still on duty at the horizon."""
        for person in self.people:
            if person.state != "off":
                person._enter(person.state)

    def place_of(self, task: Task, leg: Leg) -> Point:
        """Where ``leg`` of ``task`` is, in the terms of the team's travel model: at one site, the
        leg's location."""
        return leg.location

    def start_place(self, index: int) -> Point:
        """Where the ``index``-th person of a shift starts it: the stations in turn, else home."""
        return self.stations[index % len(self.stations)] if self.stations else self.home

    def station_for(self, person: Person) -> Point | None:
        """The station an idle ``person`` goes back to: the nearest (by travel time from where they
        are) that no other idle teammate holds or heads to; all held, the nearest; None without stations."""
        if not self.stations:
            return None
        held = {p.station for p in self.idle if p is not person}
        free = [s for s in self.stations if s not in held] or self.stations
        return min(free, key=lambda s: self.travel.time_s(person.location, s))

    def start_shift(self, start_s: float, end_s: float, breaks, place: Point | None = None) -> Person:
        person = self.person_type(self, start_s, end_s, breaks, self.home if place is None else place)
        self.people.append(person)
        return person

    def submit(self, task: Task, handover: bool = False) -> None:
        """Hand a task to the team: nearest idle person, else preempt for an emergency, else queue."""
        self._seq += 1
        task.seq = self._seq
        if self.idle:
            target = self.place_of(task, task.legs[task.leg_index])
            person = min(self.idle, key=lambda p: self.travel.time_s(p.where(), target))  # ties: longest idle
            person.assign(task)
            return
        if task.priority == EMERGENCY and not handover:
            busy = [p for p in self.on_duty if p.task is not None and p.task.preemptible and p.state != "break"]
            if busy:
                target = self.place_of(task, task.legs[0])
                person = min(busy, key=lambda p: self.travel.time_s(p.location, target))
                person.task = task  # taken at once: a second emergency this instant must not pick them
                person.process.interrupt(task)
                return
        self.queue.append(task)
        if task.priority == EMERGENCY and self.on_call:
            self._call_out()

    def _call_out(self) -> None:
        """Call one on-call person out if the emergencies waiting outnumber those on their way."""
        now = self.env.now
        window = next((w for w in self.on_call if w.start_s <= now < w.end_s and w.free > 0), None)
        waiting = sum(1 for t in self.queue if t.priority == EMERGENCY)
        if window is None or waiting <= self.on_the_way:
            return
        window.free -= 1
        self.on_the_way += 1
        self.call_outs += 1
        self.calls_on_the_way.append(now)

        def arrived(_e):
            self.on_the_way -= 1
            self.calls_on_the_way.remove(now)
            self.people.append(self.person_type(self, self.env.now, math.inf, (), self.home, call_out=window))
        self.env.timeout(self.call_out_delay()).callbacks.append(arrived)

    def take(self, person: Person) -> Task | None:
        """The waiting task a free person should do next, removed from the queue."""
        if self.shared:
            return self._take_shared(person)
        if not self.queue:
            return None
        if person.call_out is not None:  # called out from home: emergencies only
            urgent = [t for t in self.queue if t.priority == EMERGENCY]
            if not urgent:
                return None
            best = min(urgent, key=lambda t: t.sort_key)
            self.queue.remove(best)
            return best
        best = min(self.queue, key=lambda t: t.sort_key)
        self.queue.remove(best)
        return best

    def _take_shared(self, person: Person) -> Task | None:
        """A residual crew's :meth:`take`: the best of its own queue and of its site's orders of its
        skills waiting in the district's shared queues (emergencies only for a called-out person)."""
        waiting = [(t, self.queue) for t in self.queue]
        for team in self.shared:
            waiting += [(t, team.queue) for t in team.queue
                        if t.meta.get("site") == self.site and (t.skill is None or t.skill in self.skills)]
        if person.call_out is not None:
            waiting = [(t, q) for t, q in waiting if t.priority == EMERGENCY]
        if not waiting:
            return None
        best, queue = min(waiting, key=lambda w: w[0].sort_key)
        queue.remove(best)
        return best
