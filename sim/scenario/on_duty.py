"""People on duty: the one count of a roster's people at work, minute by minute, and its views
by hour. The loader's cover check, the compliance rules, the search, the plan's rosters by hour,
the proposal's charts, the portfolio's seats and the app all read it.

A roster is counted over its **period**, Monday 00:00 first: a week for weekly shifts; with a
rotation (``sim.scenario.roster.Rotation``) the days after which both its cycle and the weekdays
repeat (lcm(7, cycle length); cycle day 0 is a Monday). A shift running past the end of the
period wraps round to its start (Sunday's night shift is on on Monday morning). A shift is on
on its weekdays; under a rotation each crew works its cycle's shift of the day, and every shift
also puts its own people on every day, as the simulation's ``shift_instances`` does. A line that
stands for a whole rotation (plan.json's roster lines, which keep no cycle) has its people per
crew on duty round the clock. Breaks are left out unless asked for (``breaks=True``: each
person's staggered breaks, as the simulation takes them, to the minute).

Views: ``by_minute`` (the count over the period), ``week_least`` (each minute of the week, the
fewest on duty in any week of the period: what "someone on at every minute" reads),
``by_hour_of_week`` (mean people over each hour of the week: person-hours in the hour),
``by_hour_of_day`` (that mean over the days of the week), ``most_by_hour_of_week`` (the most
on duty at once in each hour, whole people).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Iterable

import numpy as np

from sim.scenario.roster import WEEKDAYS, Break, Roster, Rotation, _clock_minutes

DAY_MIN = 1440
WEEK_MIN = 7 * DAY_MIN


@dataclass(frozen=True)
class DutyShift:
    """``people`` come on at ``start_min`` (minute of the day) on each of ``days`` (weekday
    keys) for ``length_min`` minutes; ``breaks`` as in the scenario (staggered per person)."""

    start_min: int
    length_min: int
    days: tuple[str, ...]
    people: int
    breaks: tuple[Break, ...] = ()

    @classmethod
    def of(cls, start: str, length_h: float, days: Iterable[str], people: int, breaks=()) -> "DutyShift":
        """From a scenario's or plan's terms: start 'HH:MM', length in hours."""
        return cls(_clock_minutes(start), int(round(length_h * 60)), tuple(days), people, tuple(breaks))

    @classmethod
    def round_the_clock(cls, people: int) -> "DutyShift":
        """A whole rotation as one line: its people per crew on duty at every minute."""
        return cls(0, DAY_MIN, tuple(WEEKDAYS), people)


@dataclass(frozen=True)
class DutyRotation:
    """Crews rotating through named shifts: on day d of the period crew c works
    ``cycle[(d + c × offset_days) mod len(cycle)]`` (a shift name, or ``off``)."""

    crews: int
    people_per_crew: int
    cycle: tuple[str, ...]
    offset_days: int


@dataclass(frozen=True)
class Duty:
    """What a roster puts on duty: its shifts by name, and a rotation through them (or None)."""

    shifts: dict[str, DutyShift]
    rotation: DutyRotation | None = None

    @classmethod
    def of_roster(cls, roster: Roster) -> "Duty":
        """The count of a scenario's roster (``Roster``: a pool's, team's or post's)."""
        shifts = {name: DutyShift(s.start_min, int(round(s.length_h * 60)), tuple(s.days), s.agents, tuple(s.breaks))
                  for name, s in roster.shifts.items()}
        rot = roster.rotation
        return cls(shifts, None if rot is None else
                   DutyRotation(rot.crews, rot.people_per_crew, tuple(rot.cycle), rot.offset_days))

    @classmethod
    def of_json(cls, roster: dict) -> "Duty":
        """The count of a roster written as JSON (a scenario file's, or a design's in the search)."""
        shifts = {name: DutyShift.of(s["start"], s["length_h"], s.get("days") or WEEKDAYS, s["agents"])
                  for name, s in roster["shifts"].items()}
        rot = roster.get("rotation")
        return cls(shifts, None if not rot else DutyRotation(
            rot["crews"], rot["people_per_crew"], tuple(rot["cycle"]),
            rot.get("offset_days", Rotation.model_fields["offset_days"].default)))

    @classmethod
    def of_shifts(cls, shifts: Iterable[DutyShift]) -> "Duty":
        """The count of weekly shifts (no rotation)."""
        return cls({str(i): s for i, s in enumerate(shifts)})

    @property
    def period_days(self) -> int:
        """7, or with a rotation the days after which both its cycle and the weekdays repeat."""
        return 7 if self.rotation is None else math.lcm(7, len(self.rotation.cycle))

    def worked(self, day: int) -> list[tuple[DutyShift, int]]:
        """The shifts that start on day ``day`` of the period, each with the people who work it."""
        if self.rotation is None:
            weekday = WEEKDAYS[day % 7]
            return [(s, s.people) for s in self.shifts.values() if weekday in s.days]
        rot = self.rotation
        out = [(s, s.people) for s in self.shifts.values()]  # a shift's own people, every day
        for crew in range(rot.crews):
            name = rot.cycle[(day + crew * rot.offset_days) % len(rot.cycle)]
            if name != "off":
                out.append((self.shifts[name], rot.people_per_crew))
        return out

    def by_minute(self, breaks: bool = False) -> np.ndarray:
        """People on duty at each minute of the period (module doc); breaks taken when ``breaks``."""
        period = self.period_days * DAY_MIN
        level = np.zeros(period + 1)

        def add(start: int, length: int, people: float) -> None:
            start %= period
            for a, b in ((start, min(start + length, period)), (0, start + length - period)):
                if b > a:
                    level[a] += people
                    level[b] -= people

        for day in range(self.period_days):
            for shift, people in self.worked(day):
                if people <= 0:
                    continue
                start = day * DAY_MIN + shift.start_min
                add(start, shift.length_min, people)
                if breaks:
                    length_h = shift.length_min / 60
                    for person in range(people):
                        for brk in shift.breaks:
                            begin = round(brk.after_h * 60 + brk.offset_min(person, length_h, people))
                            add(start + begin, round(brk.length_min), -1)
        return np.cumsum(level)[:-1]

    def _weeks(self, breaks: bool = False) -> np.ndarray:
        """The count by minute, one row per week of the period."""
        return self.by_minute(breaks).reshape(-1, WEEK_MIN)

    def week_least(self) -> np.ndarray:
        """Each minute of the week (Monday 00:00 first), the fewest on duty in any week of the period."""
        return self._weeks().min(axis=0)

    def by_hour_of_week(self, breaks: bool = False) -> np.ndarray:
        """Mean people on duty over each of the 168 hours of the week (over the period's weeks):
        the person-minutes in the hour, divided once."""
        weeks = self._weeks(breaks)
        return weeks.sum(axis=0).reshape(168, 60).sum(axis=1) / (60 * len(weeks))

    def by_hour_of_day(self, breaks: bool = False) -> np.ndarray:
        """Mean people on duty over each clock hour, averaged over the days of the period."""
        return self.by_minute(breaks).reshape(-1, 24, 60).sum(axis=(0, 2)) / (60 * self.period_days)

    def most_by_hour_of_week(self) -> np.ndarray:
        """The most people on duty at once in each of the 168 hours of the week, in any week of
        the period (whole people)."""
        return self._weeks().max(axis=0).reshape(168, 60).max(axis=1).round().astype(int)
