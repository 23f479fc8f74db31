"""People on duty by hour of the day: what a site's general manager reads first of a roster (who
is on at the peak and who at night), read from the one count (``sim.scenario.on_duty``).

Shifts are given as ``(start "HH:MM", length_h, days, people)``. ``people_by_hour(shifts)``: for
each clock hour, the mean people on duty over the hour, averaged over the seven weekdays (a shift
of five days counts 5/7 of its people), as the planner's search weighs cover. ``people_on_day(shifts,
day)``: the most people on duty at once in each clock hour of one weekday, a shift past midnight
counting on the next day's early hours. ``staffing_by_hour(lines)``: per pool, team and post of
plan.json's roster lines (people times copies: butler zones, sites; a rotation's line, marked by
its ``crews``, its people per crew round the clock), the weekdays with the same cover together.
Breaks are ignored.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from sim.scenario import WEEKDAYS
from sim.scenario.on_duty import Duty, DutyShift

Shift = tuple[str, float, Sequence[str], float]


def _duty(shifts: Iterable[Shift]) -> Duty:
    return Duty.of_shifts(DutyShift.of(start, length_h, days, people) for start, length_h, days, people in shifts)


def people_by_hour(shifts: Iterable[Shift]) -> list[float]:
    """Mean people on duty in each clock hour, averaged over the week (module doc)."""
    return [float(v) for v in _duty(shifts).by_hour_of_day()]


def people_on_day(shifts: Iterable[Shift], day: str) -> list[int]:
    """The most people on duty at once in each clock hour of ``day`` (a weekday key, 'mon'...)."""
    first = WEEKDAYS.index(day) * 24
    return [int(v) for v in _duty(shifts).most_by_hour_of_week()[first:first + 24]]


def line_duty(line: dict) -> DutyShift:
    """One roster line of plan.json (or ``RosterLine.__dict__``) as the count sees it: its people
    times its copies, a rotation's line (``crews`` > 0) on duty round the clock."""
    people = line["people"] * line.get("copies", 1)
    if line.get("crews"):
        return DutyShift.round_the_clock(people)
    return DutyShift.of(line["start"], line["length_h"], line["days"], people)


def staffing_by_hour(lines: Iterable[dict]) -> dict[tuple[str, str], list[tuple[tuple[str, ...], list[int]]]]:
    """``{(kind, group): [(weekdays, 24 whole people), ...]}`` for plan.json's roster lines,
    weekdays with the same cover together (one entry when every day is alike), groups in the
    order they first appear."""
    shifts: dict[tuple[str, str], list[DutyShift]] = {}
    for line in lines:
        shifts.setdefault((line["kind"], line["group"]), []).append(line_duty(line))
    out = {}
    for group, rows in shifts.items():
        most = Duty.of_shifts(rows).most_by_hour_of_week()
        patterns: dict[tuple[int, ...], list[str]] = {}
        for i, day in enumerate(WEEKDAYS):
            patterns.setdefault(tuple(int(v) for v in most[i * 24:(i + 1) * 24]), []).append(day)
        out[group] = [(tuple(days), list(cover)) for cover, days in patterns.items()]
    return out
