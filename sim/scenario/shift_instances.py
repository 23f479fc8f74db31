"""Rosters: a pool's shifts laid out over the simulated days.

A shift instance is one shift on one day: ``agents`` people come on duty at its start and go
off at its end. Person i of the shift takes each break ``i × stagger_min`` after the break's
nominal time, in waves when more people are on than staggered starts fit before the shift ends
(``Break.slots``: person i takes start ``i mod slots``). Work in progress at a break or at the end of a shift is finished first: the
break then starts (full length) and the shift's overtime is counted. See docs/model.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.scenario import WEEKDAYS, Calendar
from sim.units import DAY_S, HOUR_S, MINUTE_S


@dataclass(frozen=True)
class ShiftInstance:
    """One shift on one day. Times in seconds from the start of the run; ``breaks[i]`` lists
    (start_s, length_s) of person i's breaks."""

    pool: str
    shift: str
    start_s: float
    end_s: float
    agents: int
    breaks: tuple[tuple[tuple[float, float], ...], ...]


def shift_instances(pool_name: str, pool, calendar: Calendar) -> list[ShiftInstance]:
    """Every shift instance of a pool or team (anything with a ``roster``) that overlaps the
    run, in order of start time (including shifts begun the day before the start that run past
    midnight). With a rotation, each crew's working day is its own instance (shift 'name/crew k')."""
    roster = pool.roster
    horizon_s = calendar.horizon_days * DAY_S
    first_weekday = calendar.start_date.weekday()
    out = []
    for day in range(-1, math.ceil(calendar.horizon_days)):
        weekday = WEEKDAYS[(first_weekday + day) % 7]
        worked: list[tuple[str, object, int]] = []
        for shift_name, shift in roster.shifts.items():
            if roster.rotation is None and weekday not in shift.days:
                continue
            worked.append((shift_name, shift, shift.agents))
        if roster.rotation is not None:
            rot = roster.rotation
            for crew in range(rot.crews):
                name = rot.cycle[(day + crew * rot.offset_days) % len(rot.cycle)]
                if name != "off":
                    worked.append((f"{name}/crew {crew + 1}", roster.shifts[name], rot.people_per_crew))
        for shift_name, shift, people in worked:
            if people == 0:
                continue
            start = day * DAY_S + shift.start_min * MINUTE_S
            end = start + shift.length_h * HOUR_S
            if end <= 0 or start >= horizon_s:
                continue
            breaks = tuple(
                tuple(
                    (start + b.after_h * HOUR_S + b.offset_min(person, shift.length_h, people) * MINUTE_S,
                     b.length_min * MINUTE_S)
                    for b in shift.breaks
                )
                for person in range(people)
            )
            out.append(ShiftInstance(pool_name, shift_name, start, end, people, breaks))
    out.sort(key=lambda s: (s.start_s, s.shift))
    return out


def agents_on_duty(instances: list[ShiftInstance], t_s: np.ndarray, count_breaks: bool = True) -> np.ndarray:
    """How many people the roster has working at each time in ``t_s`` (breaks excluded when
    ``count_breaks``; overtime, which depends on the work, not counted)."""
    t = np.asarray(t_s, dtype=float)
    level = np.zeros(t.shape)
    for inst in instances:
        level += inst.agents * ((t >= inst.start_s) & (t < inst.end_s))
        if count_breaks:
            for person in inst.breaks:
                for start, length in person:
                    level -= (t >= start) & (t < start + length)
    return level
