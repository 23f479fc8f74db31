"""A month's rota (排班表) of one pool, team or post: which of its people works which shift on
which day, with their days off.

Input: the group's shifts (each worked by ``people`` on its weekdays), its whole people (编制,
planner.costs.team) and the month. Method:

1. **Days off.** Heads on shift each weekday are covered by consecutive-two-days-off patterns
   (the days-off covering of planner.rostering.people); the people beyond what the covering
   needs get patterns too, spread over the week, and are the day's spare (备班: relief for leave
   and sickness, on duty but on no shift). When every weekday needs the same heads, each
   person's days off move one day later every week (counted from the first of the month), so
   nobody always has the same weekend; otherwise they stay on the weekdays the covering chose.
   Either way each person has ``7 − days_per_week`` days off in every seven days counted from
   the first of the month (consecutive within the week's pattern).
2. **Shifts.** Each day the shifts are filled in order of their start, first by the people who
   worked the same shift the day before (people keep their shift), then by those who rested
   longest, skipping anyone whose previous shift ended less than ``min_rest_h`` hours before.

A rotation's crews (四班三运转) follow the rotation's own cycle instead (:func:`rotation_rota`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from planner.rostering.people import cover_days_off
from sim.scenario import WEEKDAYS

OFF = "off"
SPARE = "spare"


@dataclass(frozen=True)
class RotaShift:
    """One shift of the group: its key, start (HH:MM), length and weekdays, and the people on it."""

    key: str
    start: str
    length_h: float
    days: tuple[str, ...]
    people: int

    @property
    def start_min(self) -> int:
        return int(self.start[:2]) * 60 + int(self.start[3:5])


@dataclass
class Rota:
    """``grid[p][d]``: what person ``p`` (0-based; shown as p + 1) does on ``dates[d]``: a shift
    key, :data:`OFF` or :data:`SPARE`. ``short`` lists the shift-days that could not be filled
    (empty when the people suffice)."""

    dates: list[dt.date]
    shifts: list[RotaShift]
    grid: list[list[str]]
    short: list[tuple[dt.date, str, int]] = field(default_factory=list)

    @property
    def people(self) -> int:
        return len(self.grid)

    def on_shift(self, day: int, key: str) -> list[int]:
        """The people (0-based) on shift ``key`` on day ``day``."""
        return [p for p, row in enumerate(self.grid) if row[day] == key]

    def with_status(self, day: int, status: str) -> list[int]:
        return self.on_shift(day, status)

    def to_dict(self) -> dict:
        return {"dates": [d.isoformat() for d in self.dates],
                "shifts": [{"key": s.key, "start": s.start, "length_h": s.length_h, "days": list(s.days),
                            "people": s.people} for s in self.shifts],
                "grid": self.grid, "short": [[d.isoformat(), k, n] for d, k, n in self.short]}


def month_dates(first: dt.date) -> list[dt.date]:
    """Every date of the calendar month of ``first`` (from its first day)."""
    start = first.replace(day=1)
    nxt = (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return [start + dt.timedelta(days=i) for i in range((nxt - start).days)]


def _patterns(shifts: list[RotaShift], people: int, days_per_week: int) -> tuple[list[tuple[int, ...]], bool]:
    need = [sum(s.people for s in shifts if WEEKDAYS[d] in s.days) for d in range(7)]
    plan = cover_days_off(need, days_per_week_per_person=days_per_week)
    out: list[tuple[int, ...]] = []
    for pattern, count in zip(plan.patterns, plan.people):
        out += [pattern] * int(count)
    extra = people - len(out)
    # spare people: their days off spread over the week, starting with the weekdays that need least
    order = sorted(range(len(plan.patterns)), key=lambda k: sum(need[d] for d in plan.patterns[k]))
    for i in range(max(extra, 0)):
        out.append(plan.patterns[order[i % len(order)]])
    return out, len(set(need)) == 1


def month_rota(shifts: list[RotaShift], people: int, dates: list[dt.date], *, days_per_week: int = 5,
               min_rest_h: float = 8.0) -> Rota:
    """The rota of ``people`` working ``shifts`` over ``dates`` (module docstring)."""
    patterns, uniform = _patterns(shifts, people, days_per_week)
    people = max(people, len(patterns))
    grid = [[OFF] * len(dates) for _ in range(people)]
    ends = [None] * people          # minute (from the first date) the person's last shift ended
    last = [None] * people          # the person's shift key on the previous day
    short = []
    ordered = sorted(shifts, key=lambda s: s.start_min)
    first = dates[0]
    for d, date in enumerate(dates):
        week = (date - first).days // 7 if uniform else 0
        working = [p for p in range(people) if (date.weekday() - week) % 7 not in patterns[p]]
        free = set(working)
        today = {}
        for shift in ordered:
            if WEEKDAYS[date.weekday()] not in shift.days:
                continue
            start = (date - first).days * 1440 + shift.start_min
            rested = [p for p in free if ends[p] is None or start - ends[p] >= min_rest_h * 60]
            rested.sort(key=lambda p: (last[p] != shift.key, -(start - ends[p]) if ends[p] is not None else -10**9, p))
            chosen = rested[:shift.people]
            if len(chosen) < shift.people:
                short.append((date, shift.key, shift.people - len(chosen)))
            for p in chosen:
                grid[p][d] = shift.key
                free.discard(p)
                today[p] = start + round(shift.length_h * 60)
        for p in range(people):
            if p in today:
                ends[p], last[p] = today[p], grid[p][d]
            elif p in free:
                grid[p][d], last[p] = SPARE, None
            else:
                last[p] = None
    return Rota(list(dates), list(shifts), grid, short)


def rotation_rota(cycle: list[str], crews: int, people_per_crew: int, offset_days: int, people: int,
                  dates: list[dt.date], start_date: dt.date) -> Rota:
    """The rota of a rotation: crew ``c`` works ``cycle[(day + c × offset_days) % len(cycle)]``
    counted from ``start_date`` (as planner.rostering.people.CrewRotation and the simulation
    do); people beyond ``crews × people_per_crew`` are spare on every day they are not off
    (two days off a week, Saturday and Sunday)."""
    grid = []
    for c in range(crews):
        row = []
        for date in dates:
            key = cycle[((date - start_date).days + c * offset_days) % len(cycle)]
            row.append(OFF if key == "off" else key)
        grid += [list(row) for _ in range(people_per_crew)]
    for _ in range(max(people - crews * people_per_crew, 0)):
        grid.append([OFF if date.weekday() >= 5 else SPARE for date in dates])
    return Rota(list(dates), [], grid)
