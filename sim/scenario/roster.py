"""Rosters in scenario files: shifts, breaks and opening hours, shared by contact-centre pools
and field teams."""

from __future__ import annotations

import math
import re
from typing import Literal, Optional

from pydantic import Field, field_validator, model_validator

from sim.scenario.problems import problem
from sim.scenario.strict import StrictModel

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_CLOCK = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")


def _drop_nulls(value):
    """Named items set to null are removed, so a scenario can delete one its base defines
    (and a whole mapping set to null is empty)."""
    if value is None:
        return {}
    if isinstance(value, dict):
        return {key: item for key, item in value.items() if item is not None}
    return value


def _clock_minutes(value: str) -> int:
    match = _CLOCK.match(value)
    if not match:
        raise problem("time_of_day", got=repr(value))
    return int(match.group(1)) * 60 + int(match.group(2))


class Break(StrictModel):
    """A break in a shift; the i-th person of the shift starts it ``i × stagger_min`` later, in
    waves when the shift has more people than staggered starts fit before its end (person i takes
    start ``i mod slots``, slots being the starts whose break ends within the shift)."""

    after_h: float = Field(ge=0, le=24)
    length_min: float = Field(gt=0, le=1440)
    stagger_min: float = Field(15.0, ge=0, le=1440)

    def slots(self, length_h: float, people: int) -> int:
        """Staggered starts of this break that end within a ``length_h`` shift (at least 1, at
        most ``people``): the 9th of 8 slots takes the first slot again, beside the 1st person."""
        room_min = length_h * 60 - self.after_h * 60 - self.length_min
        if self.stagger_min <= 0 or people <= 1:
            return max(people, 1)
        later = room_min / self.stagger_min + 1e-9  # staggered starts after the first that still fit
        if not later < people:  # also a stagger so small the ratio overflows
            return people
        return max(1, int(math.floor(later)) + 1)

    def offset_min(self, person: int, length_h: float, people: int) -> float:
        """When person ``person`` (0-based) of ``people`` starts the break, after the nominal time."""
        return (person % self.slots(length_h, people)) * self.stagger_min


class Shift(StrictModel):
    """``agents`` people start at ``start`` on each of ``days`` and work ``length_h`` hours
    (a shift may run past midnight)."""

    start: str = Field(description="time of day HH:MM")
    length_h: float = Field(gt=0, le=24)
    days: list[Weekday] = Field(default_factory=lambda: list(WEEKDAYS), min_length=1)
    agents: int = Field(ge=0, le=10_000)
    breaks: list[Break] = Field(default_factory=list)

    @field_validator("start")
    @classmethod
    def _clock(cls, value: str) -> str:
        _clock_minutes(value)
        return value

    @property
    def start_min(self) -> int:
        return _clock_minutes(self.start)

    @model_validator(mode="after")
    def _breaks_inside(self) -> "Shift":
        for number, brk in enumerate(self.breaks):
            # the staggered starts wrap round in waves (Break.slots); the first must fit
            if brk.after_h + brk.length_min / 60 > self.length_h + 1e-9:
                raise problem("break_after_shift", number=number, ordinal=number + 1, after_h=brk.after_h,
                              length_min=brk.length_min, shift_h=self.length_h)
        return self


class OpeningHours(StrictModel):
    """When a pool must have someone on duty; a roster that leaves a gap is rejected."""

    start: str = Field("00:00", description="HH:MM")
    end: str = Field("24:00", description="HH:MM, or 24:00 for midnight")
    days: list[Weekday] = Field(default_factory=lambda: list(WEEKDAYS), min_length=1)

    @field_validator("start")
    @classmethod
    def _clock_start(cls, value: str) -> str:
        _clock_minutes(value)
        return value

    @field_validator("end")
    @classmethod
    def _clock_end(cls, value: str) -> str:
        if value != "24:00":
            _clock_minutes(value)
        return value

    @property
    def start_min(self) -> int:
        return _clock_minutes(self.start)

    @property
    def end_min(self) -> int:
        return 1440 if self.end == "24:00" else _clock_minutes(self.end)

    def week_mask(self):
        """The minutes of the week (Monday 00:00 first, numpy bool array of 7 × 1440) inside the
        hours; hours that end at or before their start run past midnight (a night desk 20:00-08:00)."""
        import numpy as np

        week_min = 7 * 1440
        required = np.zeros(week_min, dtype=bool)
        end_min = self.end_min if self.end_min > self.start_min else self.end_min + 1440
        for day in self.days:
            base = WEEKDAYS.index(day) * 1440
            required[(base + np.arange(self.start_min, end_min)) % week_min] = True
        return required


#: Labour practice: no crew or person works more than six days in a row.
MOST_WORKING_DAYS_IN_A_ROW = 6


def longest_working_run(cycle: list[str]) -> int:
    """The longest run of working days (not ``off``) of a repeating cycle, counted round its end."""
    if "off" not in cycle:
        return len(cycle) * 2  # endless; twice the cycle says "more than any limit below its length"
    start = cycle.index("off")
    longest = run = 0
    for name in cycle[start:] + cycle[:start]:
        run = 0 if name == "off" else run + 1
        longest = max(longest, run)
    return longest


class Rotation(StrictModel):
    """Crews rotating through the shifts (e.g. 四班三运转, four crews on three shifts): on day d
    of the run, crew c works ``cycle[(d + c × offset_days) mod len(cycle)]``, a shift name or
    ``off``. Each crew has ``people_per_crew`` people; a shift worked by a crew ignores its
    ``days`` and adds its own ``agents`` (usually 0) outside the rotation."""

    crews: int = Field(ge=1, le=20)
    people_per_crew: int = Field(ge=0, le=10_000)
    cycle: list[str] = Field(min_length=1, max_length=366, description="shift names or off, one per day")
    offset_days: int = Field(2, ge=0, le=366, description="how far each crew is behind the previous one")


class Roster(StrictModel):
    """The shifts of a pool or team, and optionally crews rotating through them."""

    shifts: dict[str, Shift] = Field(min_length=1)
    rotation: Optional[Rotation] = None

    _named = field_validator("shifts", mode="before")(classmethod(lambda cls, v: _drop_nulls(v)))

    @model_validator(mode="after")
    def _rotation_uses_known_shifts(self) -> "Roster":
        if self.rotation is None:
            return self
        unknown = [name for name in self.rotation.cycle if name != "off" and name not in self.shifts]
        if unknown:
            raise problem("cycle_unknown_shifts", listed=str(unknown), unknown=unknown, shifts=list(self.shifts))
        cycle = self.rotation.cycle
        if "off" not in cycle:
            raise problem("cycle_no_day_off", most=MOST_WORKING_DAYS_IN_A_ROW)
        run = longest_working_run(cycle)
        if run > MOST_WORKING_DAYS_IN_A_ROW:
            raise problem("cycle_long_run", run=run, most=MOST_WORKING_DAYS_IN_A_ROW)
        for day, name in enumerate(cycle):
            following = cycle[(day + 1) % len(cycle)]
            if name == "off" or following == "off":
                continue
            a, b = self.shifts[name], self.shifts[following]
            if a.start_min + a.length_h * 60 > 1440 + b.start_min:
                raise problem("cycle_overlap", shift=name, following=following)
        return self
