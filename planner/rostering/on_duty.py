"""People on duty by hour of the day: what a site's general manager reads first of a roster (who
is on at the peak and who at night).

Shifts are given as ``(start "HH:MM", length_h, days, people)``. ``people_by_hour(shifts)``: for
each clock hour, the people whose shift covers it, averaged over the seven weekdays (a shift of
five days counts 5/7 of its people), as the planner's search weighs cover. ``people_on_day(shifts,
day)``: whole people on one weekday, a shift past midnight counting on the next day's early hours.
``staffing_by_hour(lines)``: per pool, team and post of plan.json's roster lines (people times
copies: butler zones, sites), the weekdays with the same cover together. Breaks are ignored.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from sim.scenario import WEEKDAYS
from sim.scenario.roster import _clock_minutes

Shift = tuple[str, float, Sequence[str], float]


def _hours(start: str, length_h: float) -> range:
    """Hours since the start day's midnight that the shift covers (24 and on: the next day)."""
    begin = _clock_minutes(start)
    return range(begin // 60, (begin + int(round(length_h * 60)) - 1) // 60 + 1) if length_h > 0 else range(0)


def people_by_hour(shifts: Iterable[Shift]) -> list[float]:
    """People on duty in each clock hour, averaged over the week (module doc)."""
    cover = [0.0] * 24
    for start, length_h, days, people in shifts:
        begin = _clock_minutes(start)
        weight = people * len(days) / 7
        for minute in range(begin, begin + int(round(length_h * 60)), 60):
            cover[(minute // 60) % 24] += weight
    return cover


def people_on_day(shifts: Iterable[Shift], day: str) -> list[int]:
    """Whole people on duty in each clock hour of ``day`` (a weekday key, 'mon'...)."""
    before = WEEKDAYS[(WEEKDAYS.index(day) - 1) % 7]
    cover = [0] * 24
    for start, length_h, days, people in shifts:
        for hour in _hours(start, length_h):
            if (hour < 24 and day in days) or (24 <= hour < 48 and before in days):
                cover[hour % 24] += int(people)
    return cover


def staffing_by_hour(lines: Iterable[dict]) -> dict[tuple[str, str], list[tuple[tuple[str, ...], list[int]]]]:
    """``{(kind, group): [(weekdays, 24 whole people), ...]}`` for plan.json's roster lines,
    weekdays with the same cover together (one entry when every day is alike), groups in the
    order they first appear; rotations (no clock times of their own) are left out."""
    shifts: dict[tuple[str, str], list[Shift]] = {}
    for line in lines:
        if line["start"][:2].isdigit():
            shifts.setdefault((line["kind"], line["group"]), []).append(
                (line["start"], line["length_h"], line["days"], line["people"] * line.get("copies", 1)))
    out = {}
    for group, rows in shifts.items():
        patterns: dict[tuple[int, ...], list[str]] = {}
        for day in WEEKDAYS:
            patterns.setdefault(tuple(people_on_day(rows, day)), []).append(day)
        out[group] = [(tuple(days), list(cover)) for cover, days in patterns.items()]
    return out
