"""Shifts turned into people: days off and relief (the second and third steps after
:mod:`planner.rostering.covering`).

1. **Days off** (:func:`cover_days_off`, the cyclic days-off covering problem, e.g. the post-office
   problem in Winston's *Operations Research*): people are assigned to days-off patterns so that
   each day has at least as many people working as it has shift starts.
2. **Relief** (:func:`headcount`): extra people for annual leave and public holidays, the same
   arithmetic as the rule of thumb 8,760 / (250 × 8) ≈ 4.38 people per 24-hour post, which
   :func:`crew_rotation_headcount` compares with four crews on three shifts (四班三运转).

Modelling choices:

* **Days off.** Default: two *consecutive* days off a week (7 patterns, 双休-style; the
  textbook cyclic model); ``consecutive=False`` allows *any* two days (C(7,2) = 21 patterns).
  A person works at most one shift a day, on any pattern; minimum rest between a late shift and
  an early one the next day is not modelled (assigning people to particular shifts is left to
  the rosterer), so the headcount is a lower bound in that respect.
* **Relief.** Each rostered person is scheduled ``365 × d / 7`` days a year (``d`` = working
  days a week, 260.7 for 5) but is available only ``working_days_per_year − annual_leave_days``
  days (250 = 365 − 104 rest days − 11 public holidays, so public holidays are already netted
  out of ``working_days_per_year``; pass ``working_days_per_year=None`` to derive it as
  ``365 × d / 7 − holidays``). ``relief_factor`` is the ratio. For a 24-hour post covered by
  three 8-hour shifts this gives 21 / 5 × 260.7 / 250 = 8,760 / 2,000 = 4.38 (no annual leave).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from numbers import Real
from typing import Optional

import numpy as np

from planner.rostering.covering import _solve, DAYS_PER_YEAR, HOURS_PER_YEAR, WEEKDAYS, ShiftPlan


@dataclass(frozen=True, eq=False)
class DaysOffPlan:
    """People per days-off pattern. ``patterns[k]`` is the tuple of weekday indices (0 = Monday)
    a person on pattern ``k`` has off (consecutive patterns in order, e.g. ``(6, 0)`` = Sunday
    and Monday); ``people[k]`` how many people have it."""

    daily_requirement: np.ndarray
    patterns: tuple[tuple[int, ...], ...]
    people: np.ndarray
    lp_bound: float
    optimal: bool
    consecutive: bool

    @property
    def total(self) -> int:
        return int(self.people.sum())

    @property
    def working(self) -> np.ndarray:
        """People working each weekday."""
        w = np.zeros(7, dtype=int)
        for pat, n in zip(self.patterns, self.people):
            for d in range(7):
                if d not in pat:
                    w[d] += n
        return w

    @property
    def surplus(self) -> np.ndarray:
        return self.working - self.daily_requirement

    def assignment(self) -> dict[str, int]:
        """``{"sat-sun off": n, ...}`` for the patterns in use."""
        def label(pat):
            if not pat:
                return "none"
            if self.consecutive:
                return WEEKDAYS[pat[0]] if len(pat) == 1 else f"{WEEKDAYS[pat[0]]}-{WEEKDAYS[pat[-1]]}"
            return ",".join(WEEKDAYS[d] for d in pat)
        return {label(pat) + " off": int(n) for pat, n in zip(self.patterns, self.people) if n}


def _days_off_patterns(days_off: int, consecutive: bool) -> tuple[tuple[int, ...], ...]:
    if days_off == 0:
        return ((),)
    if consecutive:
        return tuple(tuple((s + k) % 7 for k in range(days_off)) for s in range(7))
    return tuple(itertools.combinations(range(7), days_off))


def cover_days_off(daily_requirement, *, days_per_week_per_person: int = 5, consecutive: bool = True,
                   time_limit_s: float = 60.0) -> DaysOffPlan:
    """Fewest people, each working ``days_per_week_per_person`` days a week (the same days every
    week), so that weekday ``d`` has at least ``daily_requirement[d]`` people working.
    ``consecutive=True``: the days off are consecutive (7 patterns, wrapping Sunday→Monday);
    False: any days (C(7, k) patterns)."""
    try:
        req = np.asarray(daily_requirement, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("daily_requirement must be 7 numbers") from None
    if req.shape != (7,) or not np.isfinite(req).all() or (req < 0).any():
        raise ValueError(f"daily_requirement must be 7 finite numbers >= 0 (Monday first), got {daily_requirement!r}")
    if isinstance(days_per_week_per_person, bool) or not isinstance(days_per_week_per_person, int) \
            or not 1 <= days_per_week_per_person <= 7:
        raise ValueError(f"days_per_week_per_person must be an integer 1..7, got {days_per_week_per_person!r}")
    patterns = _days_off_patterns(7 - days_per_week_per_person, consecutive)
    A = np.array([[0.0 if d in pat else 1.0 for pat in patterns] for d in range(7)])
    c = np.ones(len(patterns))
    lp = _solve(c, A, req, np.inf, False, time_limit_s)
    ip = _solve(c, A, req, np.inf, True, time_limit_s)
    if ip.x is None or lp.x is None:
        raise RuntimeError(f"days-off covering not solved: {ip.message}")
    people = np.round(ip.x).astype(int)
    return DaysOffPlan(daily_requirement=req, patterns=patterns, people=people, lp_bound=float(lp.fun),
                       optimal=ip.status == 0, consecutive=consecutive)


@dataclass(frozen=True, eq=False)
class Headcount:
    """People needed to work a weekly plan.

    * ``roster_people``: people on the weekly roster (days-off integer program), all present;
    * ``relief_factor``: scheduled days / available days a year (see module docstring);
    * ``fte``: workload estimate ``shift-days a week / d × relief_factor`` (fractional; for a
      24-h post on three 8-h shifts with no annual leave it is the 4.38 of the rule of thumb);
    * ``people``: ``max(roster_people, ceil(fte))`` — enough to fill the roster every week and,
      over a year, enough available days for every shift-day after leave and holidays
      (assumes the roster's spare shift-days can be moved to cover absences);
    * ``people_conservative``: ``ceil(roster_people × relief_factor)``, relief on top of the
      whole roster (no credit for its spare days);
    * ``holiday_shift_days``: shift-days a year falling on public holidays (paid 3× in China);
    * ``hours_per_person_week``: the plan's paid hours a week / ``roster_people``.
    """

    daily_shifts: np.ndarray
    days_off: DaysOffPlan
    days_per_week_per_person: int
    working_days_per_year: float
    annual_leave_days: float
    relief_factor: float
    fte: float
    people: int
    people_conservative: int
    holiday_shift_days: float
    hours_per_person_week: Optional[float]

    @property
    def roster_people(self) -> int:
        return self.days_off.total

    @property
    def roster_lp(self) -> float:
        return self.days_off.lp_bound

    def to_text(self) -> str:
        d = self.days_off
        lines = [
            "shift-days  " + " ".join(f"{w.capitalize():>4}" for w in WEEKDAYS),
            "needed      " + " ".join(f"{v:>4g}" for v in self.daily_shifts),
            "working     " + " ".join(f"{v:>4d}" for v in d.working),
            f"roster: {self.roster_people} people ({'consecutive' if d.consecutive else 'any'} days off; "
            f"LP bound {d.lp_bound:.4g}); days off: {d.assignment()}",
            f"relief factor {self.relief_factor:.4f} (365 × {self.days_per_week_per_person}/7 scheduled days vs "
            f"{self.working_days_per_year:g} − {self.annual_leave_days:g} leave available); FTE {self.fte:.3f}; "
            f"people {self.people} (conservative {self.people_conservative})",
        ]
        if self.hours_per_person_week is not None:
            lines.append(f"paid hours per rostered person a week: {self.hours_per_person_week:.1f}; "
                         f"shift-days on public holidays a year: {self.holiday_shift_days:.1f}")
        return "\n".join(lines)


def headcount(plan, *, days_per_week_per_person: int = 5, annual_leave_days: float = 5.0, holidays: float = 11.0,
              working_days_per_year: Optional[float] = 250.0, consecutive_days_off: bool = True) -> Headcount:
    """People needed to work ``plan`` (a :class:`ShiftPlan`, or 7 shift-day counts Monday
    first): the days-off covering program (each person works at most
    ``days_per_week_per_person`` days, one shift a day) plus relief for annual leave and public
    holidays. ``annual_leave_days`` defaults to 5, the statutory minimum in China after one
    year of service. See :class:`Headcount` and the module docstring."""
    if isinstance(plan, ShiftPlan):
        daily = plan.daily_shifts.astype(float)
        paid = plan.paid_hours
    else:
        daily = np.asarray(plan, dtype=float)
        paid = None
    dpw = days_per_week_per_person
    days_off = cover_days_off(daily, days_per_week_per_person=dpw, consecutive=consecutive_days_off)
    for name, value in (("annual_leave_days", annual_leave_days), ("holidays", holidays)):
        if not isinstance(value, Real) or not math.isfinite(value) or value < 0:
            raise ValueError(f"{name} must be >= 0, got {value!r}")
    scheduled = DAYS_PER_YEAR * dpw / 7
    if working_days_per_year is None:
        working_days_per_year = scheduled - holidays
    if not isinstance(working_days_per_year, Real) or not 0 < working_days_per_year <= DAYS_PER_YEAR:
        raise ValueError(f"working_days_per_year must be in (0, 365], got {working_days_per_year!r}")
    available = working_days_per_year - annual_leave_days
    if available <= 0:
        raise ValueError("annual_leave_days leaves no working days")
    relief = scheduled / available
    fte = float(daily.sum()) / dpw * relief
    roster = days_off.total
    people = max(roster, math.ceil(fte - 1e-9))
    return Headcount(daily_shifts=daily, days_off=days_off, days_per_week_per_person=dpw,
                     working_days_per_year=float(working_days_per_year), annual_leave_days=float(annual_leave_days),
                     relief_factor=relief, fte=fte, people=people,
                     people_conservative=math.ceil(roster * relief - 1e-9),
                     holiday_shift_days=float(daily.sum()) / 7 * holidays,
                     hours_per_person_week=None if paid is None or roster == 0 else paid / roster)


# --------------------------------------------------------------------------------------------
# Crews on three shifts
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CrewRotation:
    """``crews`` crews of ``posts_24h`` people rotating over three 8-hour shifts (day 08:00,
    evening 16:00, night 00:00) keep ``posts_24h`` posts staffed around the clock.

    Cycle (length 2 × crews, each crew ``offset_days = 2`` behind the previous one):
    ``day, day, evening, evening, off, night, night, off`` (+ ``off, off`` per crew beyond 4):
    forward rotation with a full day off between the last evening and the first night, so no
    crew works evening then night back to back. Each person works ``168 / crews`` hours a week
    (42 for four crews) and ``8760 / crews`` a year; at the standard ``working_days_per_year ×
    hours_per_day`` (2,000 h) that is the ``rule_people`` of 8,760 / 2,000 = 4.38 per post."""

    posts_24h: int
    crews: int
    working_days_per_year: float = 250.0
    hours_per_day: float = 8.0

    @property
    def people(self) -> int:
        return self.posts_24h * self.crews

    @property
    def hours_per_person_week(self) -> float:
        return 168.0 / self.crews

    @property
    def hours_per_person_year(self) -> float:
        return HOURS_PER_YEAR / self.crews

    @property
    def rule_people(self) -> float:
        """The rule of thumb: 8,760 h a year per post / standard hours a year per person."""
        return self.posts_24h * HOURS_PER_YEAR / (self.working_days_per_year * self.hours_per_day)

    @property
    def equivalent_fte(self) -> float:
        """The crews' people counted at standard hours: people × hours a year / standard hours
        (equals ``rule_people``: both are the same 8,760 h per post)."""
        return self.people * self.hours_per_person_year / (self.working_days_per_year * self.hours_per_day)

    @property
    def cycle(self) -> list[str]:
        return ["day", "day", "evening", "evening", "off", "night", "night", "off"] + ["off", "off"] * (self.crews - 4)

    def to_roster_dict(self) -> dict:
        """The rotation in scenario roster form (shifts with ``agents: 0`` plus ``rotation``)."""
        return {"shifts": {"day": {"start": "08:00", "length_h": 8, "agents": 0},
                           "evening": {"start": "16:00", "length_h": 8, "agents": 0},
                           "night": {"start": "00:00", "length_h": 8, "agents": 0}},
                "rotation": {"crews": self.crews, "people_per_crew": self.posts_24h, "cycle": self.cycle,
                             "offset_days": 2}}


def crew_rotation_headcount(posts_24h: int, crews: int = 4, *, working_days_per_year: float = 250.0,
                            hours_per_day: float = 8.0) -> CrewRotation:
    """Headcount of ``posts_24h`` round-the-clock posts worked by ``crews`` crews on three 8-h
    shifts (四班三运转 for 4): ``people = posts × crews``, compared with the rule of thumb
    ``posts × 8760 / (working_days_per_year × hours_per_day)`` (4.38 per post). The two differ
    only by hours per person: 4 crews work 42 h a week (2,190 h a year) against 40 (2,000)."""
    if isinstance(posts_24h, bool) or not isinstance(posts_24h, int) or posts_24h < 0:
        raise ValueError(f"posts_24h must be an integer >= 0, got {posts_24h!r}")
    if isinstance(crews, bool) or not isinstance(crews, int) or not 4 <= crews <= 20:
        raise ValueError(f"crews must be an integer 4..20 (three shifts need a fourth crew for days off), got {crews!r}")
    if not working_days_per_year > 0 or not hours_per_day > 0:
        raise ValueError("working_days_per_year and hours_per_day must be > 0")
    return CrewRotation(posts_24h, crews, float(working_days_per_year), float(hours_per_day))
