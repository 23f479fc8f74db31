"""Clocks in working time (工作时间): the working calendar of a scenario (calendar.working_hours,
holidays and make-up working days) as intervals of simulated seconds, and the two operations a
commitment in working time needs: the first working instant at or after a time, and the instant
a given amount of working time after it ("within one working day" = one working day's hours of
working time from when the clock starts; outside working hours it has not started yet)."""

from __future__ import annotations

import bisect
import datetime as dt

from sim.scenario import Calendar, OpeningHours
from sim.units import DAY_S

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
#: Days of the calendar laid out past the horizon, for deadlines that fall after it.
_BEYOND_DAYS = 60


class WorkingTime:
    """The working intervals of ``calendar`` (or of daily ``hours`` with no holidays), from day 0
    to the horizon and some weeks beyond, as sorted [start, end) pairs in simulated seconds."""

    def __init__(self, calendar: Calendar, hours: OpeningHours | None = None, holidays: bool = True):
        hours = hours if hours is not None else calendar.working_hours
        off = set(calendar.holidays) if holidays else set()
        on = set(calendar.workdays) if holidays else set()
        days = int(calendar.horizon_days) + _BEYOND_DAYS
        self.starts: list[float] = []
        self.ends: list[float] = []
        for day in range(days):
            date = calendar.start_date + dt.timedelta(days=day)
            working = (_WEEKDAYS[date.weekday()] in hours.days or date in on) and date not in off
            if working:
                self.starts.append(day * DAY_S + hours.start_min * 60.0)
                self.ends.append(day * DAY_S + hours.end_min * 60.0)
        self.day_s = (hours.end_min - hours.start_min) * 60.0

    def is_open(self, t: float) -> bool:
        i = bisect.bisect_right(self.starts, t) - 1
        return i >= 0 and t < self.ends[i]

    def next_open(self, t: float) -> float:
        """The first working instant at or after ``t`` (inf when none is laid out)."""
        i = bisect.bisect_right(self.starts, t) - 1
        if i >= 0 and t < self.ends[i]:
            return t
        return self.starts[i + 1] if i + 1 < len(self.starts) else float("inf")

    def add(self, t: float, working_s: float) -> float:
        """The instant ``working_s`` seconds of working time after ``t``."""
        i = bisect.bisect_right(self.starts, t) - 1
        if i < 0 or t >= self.ends[i]:
            i += 1
            if i >= len(self.starts):
                return float("inf")
            t = self.starts[i]
        left = working_s
        while i < len(self.starts):
            t = max(t, self.starts[i])
            room = self.ends[i] - t
            if left <= room:
                return t + left
            left -= room
            i += 1
        return float("inf")

    def between(self, a: float, b: float) -> float:
        """Working seconds in [a, b]."""
        total = 0.0
        i = max(bisect.bisect_right(self.starts, a) - 1, 0)
        while i < len(self.starts) and self.starts[i] < b:
            total += max(0.0, min(self.ends[i], b) - max(self.starts[i], a))
            i += 1
        return total
