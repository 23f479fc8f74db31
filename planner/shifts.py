"""Shift scheduling: staffing requirements per interval of the week turned into shifts, and
shifts turned into people.

Three steps, all integer programs solved with ``scipy.optimize.milp`` (HiGHS):

1. **Shift covering** (:func:`cover_week`, Dantzig 1954 set covering). Requirement ``r_i`` =
   people needed in interval ``i`` of the week (Monday 00:00 first, ``interval_min`` long, any
   length dividing 10,080 min). A column is a shift pattern started on one day; ``x_j`` = people
   starting it. ``min Σ_j c_j x_j  s.t.  Σ_j a_ij x_j ≥ r_i  ∀ i,  x_j ∈ Z≥0``. The LP
   relaxation is solved too: its optimum is a lower bound on the integer cost (``lp_bound``),
   and ``gap`` is how far the integer plan is above it.
2. **Days off** (:func:`cover_days_off`, the cyclic days-off covering problem, e.g. the post-office
   problem in Winston's *Operations Research*): people are assigned to days-off patterns so that
   each day has at least as many people working as it has shift starts.
3. **Relief** (:func:`headcount`): extra people for annual leave and public holidays, the same
   arithmetic as the rule of thumb 8,760 / (250 × 8) ≈ 4.38 people per 24-hour post, which
   :func:`crew_rotation_headcount` compares with four crews on three shifts (四班三运转).

Modelling choices (documented, deliberate):

* **Week is periodic.** A shift started on Sunday that runs past midnight covers Monday morning
  of the same (repeating) week; likewise every shift crossing midnight covers the next day.
* **Coverage is conservative.** ``a_ij = 1`` only if a person on the shift is on duty (started,
  not ended, not on break) for the *whole* of interval ``i``. A shift starting or ending inside
  an interval does not count for it, and a break removes every interval it overlaps (a 30-min
  break with hourly intervals removes the whole hour). So the people on duty at every instant
  are at least the requirement of the interval containing it, whatever the alignment.
* **Breaks at a fixed offset.** A pattern has at most one break, ``break_after_h`` after its
  start, ``break_min`` long, taken by everyone on the shift at the same time (no staggering).
  To let the optimiser place breaks, give several patterns differing only in the offset
  (``default_patterns`` accepts a list of offsets). Exported rosters use ``stagger_min: 0`` so
  the simulation puts people on break exactly as this model does.
* **Cost.** ``c_j = cost_per_hour × paid hours + cost_per_shift``; paid hours are the shift
  length minus its break unless ``paid_breaks=True`` (the usual 9-hour attendance with a one-hour
  unpaid lunch is an 8-hour working day). ``cost_per_shift`` (default 0) is a fixed cost per
  shift worked (travel, handover); a small one also makes the solver prefer fewer, longer shifts
  among plans with the same hours.
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
from typing import Iterable, Optional, Sequence, Union

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

__all__ = [
    "CrewRotation",
    "DEFAULT_LENGTHS",
    "DaysOffPlan",
    "Headcount",
    "PlannedShift",
    "ShiftPattern",
    "ShiftPlan",
    "WEEKDAYS",
    "cover_days_off",
    "cover_week",
    "coverage_matrix",
    "crew_rotation_headcount",
    "default_patterns",
    "headcount",
    "pattern_coverage",
]

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_MIN = 1440
WEEK_MIN = 7 * DAY_MIN
HOURS_PER_YEAR = 8760.0
DAYS_PER_YEAR = 365.0
#: Lengths of the default patterns: 8 h, 9 h with a 60-min break after 4 h, 12 h.
DEFAULT_LENGTHS: tuple = (8.0, (9.0, 4.0, 60.0), 12.0)
_EPS = 1e-9
#: Relative MIP gap HiGHS stops at; costs are sums of paid hours, so this is optimal in practice.
_MIP_REL_GAP = 1e-7

Number = Union[int, float]


def _clock(minutes: float) -> str:
    minutes = int(round(minutes)) % DAY_MIN
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _fmt_num(value: float) -> str:
    return f"{value:g}"


def _days_label(days: Sequence[str]) -> str:
    """'mon-fri', 'mon,wed', 'sat-sun' for a list of weekday names in week order."""
    idx = sorted(WEEKDAYS.index(d) for d in days)
    runs: list[list[int]] = []
    for i in idx:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return ",".join(WEEKDAYS[r[0]] if len(r) == 1 else f"{WEEKDAYS[r[0]]}-{WEEKDAYS[r[-1]]}" for r in runs)


# --------------------------------------------------------------------------------------------
# Patterns and coverage
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShiftPattern:
    """A shift: starts ``start_min`` minutes after midnight (whole minutes, 0–1439), lasts
    ``length_h`` hours (at most 24, may run past midnight), and optionally has one break of
    ``break_min`` minutes ``break_after_h`` hours after the start, taken by everyone at once.
    ``days`` restricts the weekdays it may start on (default all)."""

    name: str
    start_min: int
    length_h: float
    break_after_h: Optional[float] = None
    break_min: float = 0.0
    days: tuple[str, ...] = WEEKDAYS

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise ValueError(f"pattern name must be a non-empty string, got {self.name!r}")
        if isinstance(self.start_min, bool) or not isinstance(self.start_min, Real) \
                or self.start_min != int(self.start_min) or not 0 <= self.start_min < DAY_MIN:
            raise ValueError(f"pattern {self.name!r}: start_min must be a whole number of minutes in "
                             f"0..1439, got {self.start_min!r}")
        object.__setattr__(self, "start_min", int(self.start_min))
        if not isinstance(self.length_h, Real) or not 0 < self.length_h <= 24 or not math.isfinite(self.length_h):
            raise ValueError(f"pattern {self.name!r}: length_h must be in (0, 24], got {self.length_h!r}")
        if not isinstance(self.break_min, Real) or not math.isfinite(self.break_min) or self.break_min < 0:
            raise ValueError(f"pattern {self.name!r}: break_min must be >= 0, got {self.break_min!r}")
        if self.break_after_h is None:
            if self.break_min:
                raise ValueError(f"pattern {self.name!r}: break_min given without break_after_h")
        else:
            if not isinstance(self.break_after_h, Real) or not math.isfinite(self.break_after_h) \
                    or self.break_after_h < 0:
                raise ValueError(f"pattern {self.name!r}: break_after_h must be >= 0, got {self.break_after_h!r}")
            if self.break_min <= 0:
                raise ValueError(f"pattern {self.name!r}: break_after_h given with break_min {self.break_min!r}; "
                                 f"a break needs a positive length")
            if self.break_after_h + self.break_min / 60 > self.length_h + _EPS:
                raise ValueError(f"pattern {self.name!r}: the break (after {self.break_after_h} h, "
                                 f"{self.break_min} min) ends after the {self.length_h} h shift")
        days = tuple(self.days)
        bad = [d for d in days if d not in WEEKDAYS]
        if bad or not days:
            raise ValueError(f"pattern {self.name!r}: days must be a non-empty subset of {WEEKDAYS}, got {self.days!r}")
        object.__setattr__(self, "days", tuple(d for d in WEEKDAYS if d in days))

    @property
    def start(self) -> str:
        """Start as 'HH:MM'."""
        return _clock(self.start_min)

    @property
    def has_break(self) -> bool:
        return self.break_after_h is not None and self.break_min > 0

    @property
    def work_h(self) -> float:
        """Hours on duty: the length minus the break."""
        return self.length_h - (self.break_min / 60 if self.has_break else 0.0)

    def duty_segments(self, day: int) -> list[tuple[float, float]]:
        """On-duty spans in minutes from Monday 00:00 (not wrapped) of the shift started on
        ``day`` (0 = Monday)."""
        start = day * DAY_MIN + self.start_min
        end = start + self.length_h * 60
        if not self.has_break:
            return [(start, end)]
        b0 = start + self.break_after_h * 60
        b1 = b0 + self.break_min
        return [(s, e) for s, e in ((start, b0), (b1, end)) if e - s > _EPS]

    def roster_breaks(self) -> list[dict]:
        """The break in scenario form (``stagger_min: 0``: everyone at the same time)."""
        if not self.has_break:
            return []
        return [{"after_h": float(self.break_after_h), "length_min": float(self.break_min), "stagger_min": 0.0}]


def _pattern_name(start_min: int, length_h: float, break_after_h, break_min) -> str:
    name = f"{_clock(start_min)} {_fmt_num(length_h)}h"
    if break_after_h is not None:
        name += f" (break {_fmt_num(break_after_h)}h+{_fmt_num(break_min)}m)"
    return name


def default_patterns(lengths: Iterable = DEFAULT_LENGTHS, *, start_step_min: int = 60,
                     starts_min: Optional[Iterable[int]] = None) -> tuple[ShiftPattern, ...]:
    """Every combination of a start and a length.

    ``lengths``: items are a length in hours (no break) or ``(length_h, break_after_h,
    break_min)``, where ``break_after_h`` may be a list of offsets (one pattern per offset).
    Starts are every ``start_step_min`` minutes from 00:00, or the given ``starts_min``.
    Names look like ``"07:00 9h (break 4h+60m)"``."""
    if starts_min is None:
        if isinstance(start_step_min, bool) or not isinstance(start_step_min, int) \
                or start_step_min <= 0 or DAY_MIN % start_step_min:
            raise ValueError(f"start_step_min must be a positive whole number of minutes dividing 1440, "
                             f"got {start_step_min!r}")
        starts = list(range(0, DAY_MIN, start_step_min))
    else:
        starts = sorted(set(int(s) for s in starts_min))
    specs: list[tuple[float, Optional[float], float]] = []
    for item in lengths:
        if isinstance(item, Real):
            specs.append((float(item), None, 0.0))
            continue
        try:
            length_h, offsets, break_min = item
        except (TypeError, ValueError):
            raise ValueError(f"a length is a number of hours or (length_h, break_after_h, break_min), got {item!r}") from None
        offsets = [offsets] if isinstance(offsets, Real) else list(offsets)
        for off in offsets:
            specs.append((float(length_h), float(off), float(break_min)))
    out = []
    for length_h, off, brk in specs:
        for s in starts:
            out.append(ShiftPattern(_pattern_name(s, length_h, off, brk), s, length_h, off, brk))
    names = [p.name for p in out]
    if len(set(names)) != len(names):
        raise ValueError("default_patterns: duplicate lengths or starts give duplicate patterns")
    return tuple(out)


def _check_interval(interval_min) -> int:
    if isinstance(interval_min, bool) or not isinstance(interval_min, Real) or interval_min != int(interval_min) \
            or interval_min <= 0 or WEEK_MIN % int(interval_min):
        raise ValueError(f"interval_min must be a whole number of minutes dividing a week (10080), got {interval_min!r}")
    return int(interval_min)


def pattern_coverage(pattern: ShiftPattern, day: int, interval_min: int = 60) -> np.ndarray:
    """0/1 vector over the week's intervals: 1 where one person on ``pattern`` started on
    ``day`` (0 = Monday) is on duty for the whole interval (periodic week)."""
    interval_min = _check_interval(interval_min)
    n = WEEK_MIN // interval_min
    out = np.zeros(n, dtype=np.int8)
    for a, b in pattern.duty_segments(day):
        k0 = math.ceil(a / interval_min - _EPS)
        k1 = math.floor(b / interval_min + _EPS)
        if k1 > k0:
            out[np.arange(k0, k1) % n] = 1
    return out


def coverage_matrix(patterns: Sequence[ShiftPattern], interval_min: int = 60) -> sparse.csc_array:
    """The covering matrix A (intervals × columns); column ``d × len(patterns) + p`` is pattern
    ``p`` started on day ``d``."""
    interval_min = _check_interval(interval_min)
    n = WEEK_MIN // interval_min
    rows, cols = [], []
    npat = len(patterns)
    for d in range(7):
        for p, pat in enumerate(patterns):
            idx = np.flatnonzero(pattern_coverage(pat, d, interval_min))
            rows.append(idx)
            cols.append(np.full(idx.size, d * npat + p))
    r = np.concatenate(rows) if rows else np.zeros(0, int)
    c = np.concatenate(cols) if cols else np.zeros(0, int)
    return sparse.csc_array((np.ones(r.size), (r, c)), shape=(n, 7 * npat))


def _interval_label(i: int, interval_min: int) -> str:
    minute = i * interval_min
    return f"{WEEKDAYS[minute // DAY_MIN].capitalize()} {_clock(minute % DAY_MIN)}"


# --------------------------------------------------------------------------------------------
# Shift covering
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedShift:
    """``people`` start ``pattern`` on ``day``."""

    day: str
    pattern: str
    start_min: int
    length_h: float
    people: float
    break_after_h: Optional[float] = None
    break_min: float = 0.0

    @property
    def start(self) -> str:
        return _clock(self.start_min)


@dataclass(frozen=True, eq=False)
class ShiftPlan:
    """The result of :func:`cover_week`.

    ``people[d, p]``: people starting ``patterns[p]`` on weekday ``d`` (ints when solved as an
    integer program). ``coverage[i]``: people on duty for the whole of interval ``i``;
    ``surplus = coverage − requirements``. ``cost`` is the plan's cost, ``lp_bound`` the LP
    relaxation's optimum; ``integer_cost`` is ``cost`` for an integer plan and None for an LP
    plan (``integer=False``). ``gap = integer_cost − lp_bound``; ``gap_rel = gap / integer_cost``.
    ``optimal`` is False if HiGHS stopped at its time limit (``mip_bound`` is then its best
    lower bound)."""

    requirements: np.ndarray
    interval_min: int
    patterns: tuple[ShiftPattern, ...]
    people: np.ndarray
    coverage: np.ndarray
    cost: float
    lp_bound: float
    integer_cost: Optional[float]
    mip_bound: Optional[float]
    optimal: bool
    status: str
    cost_per_hour: float
    paid_breaks: bool
    cost_per_shift: float = 0.0

    # ---- derived -----------------------------------------------------------------------
    @property
    def surplus(self) -> np.ndarray:
        return self.coverage - self.requirements

    @property
    def integer(self) -> bool:
        return self.integer_cost is not None

    @property
    def gap(self) -> Optional[float]:
        return None if self.integer_cost is None else max(self.integer_cost - self.lp_bound, 0.0)

    @property
    def gap_rel(self) -> Optional[float]:
        if self.integer_cost is None:
            return None
        return 0.0 if self.integer_cost <= 0 else self.gap / self.integer_cost

    @property
    def shifts(self) -> list[PlannedShift]:
        """Every (day, pattern) with people, in day then start order."""
        out = []
        for d in range(7):
            for p in sorted(range(len(self.patterns)), key=lambda p: (self.patterns[p].start_min, self.patterns[p].length_h, self.patterns[p].name)):
                n = self.people[d, p]
                if n > _EPS:
                    pat = self.patterns[p]
                    out.append(PlannedShift(WEEKDAYS[d], pat.name, pat.start_min, pat.length_h,
                                            n.item() if hasattr(n, "item") else n,
                                            pat.break_after_h if pat.has_break else None,
                                            pat.break_min if pat.has_break else 0.0))
        return out

    @property
    def daily_shifts(self) -> np.ndarray:
        """Shift starts (= people working) per weekday, Monday first."""
        return self.people.sum(axis=1)

    @property
    def paid_hours(self) -> float:
        """Paid hours a week (length minus unpaid breaks)."""
        return float(sum(self.people[:, p].sum() * _paid_h(pat, self.paid_breaks) for p, pat in enumerate(self.patterns)))

    @property
    def duty_hours(self) -> float:
        """Hours on duty a week (breaks excluded)."""
        return float(sum(self.people[:, p].sum() * pat.work_h for p, pat in enumerate(self.patterns)))

    def to_frame(self):
        """The shifts as a pandas DataFrame (day, pattern, start, length_h, people, break...)."""
        import pandas as pd

        return pd.DataFrame([{"day": s.day, "pattern": s.pattern, "start": s.start, "length_h": s.length_h,
                              "people": s.people, "break_after_h": s.break_after_h, "break_min": s.break_min}
                             for s in self.shifts])

    # ---- export ------------------------------------------------------------------------
    def _used_patterns(self) -> list[int]:
        used = [p for p in range(len(self.patterns)) if self.people[:, p].sum() > _EPS]
        return sorted(used, key=lambda p: (self.patterns[p].start_min, self.patterns[p].length_h, self.patterns[p].name))

    def to_roster_dict(self) -> dict:
        """The plan as a scenario roster, ``{"shifts": {name: {...}}}``: one entry per pattern
        used, with the days it is used on; when the number of people differs between days, one
        entry per group of days with the same number (named ``"<pattern> <days>"``). Breaks are
        exported with ``stagger_min: 0``. Needs an integer plan."""
        if not self.integer:
            raise ValueError("to_roster_dict needs an integer plan (cover_week(..., integer=True)); "
                             "an LP plan has fractional people")
        shifts: dict[str, dict] = {}
        for p in self._used_patterns():
            pat = self.patterns[p]
            groups: dict[int, list[str]] = {}
            for d in range(7):
                n = int(round(self.people[d, p]))
                if n > 0:
                    groups.setdefault(n, []).append(WEEKDAYS[d])
            ordered = sorted(groups.items(), key=lambda kv: WEEKDAYS.index(kv[1][0]))
            for n, days in ordered:
                name = pat.name if len(ordered) == 1 else f"{pat.name} {_days_label(days)}"
                length = int(pat.length_h) if float(pat.length_h).is_integer() else float(pat.length_h)
                shifts[name] = {"start": pat.start, "length_h": length, "days": list(days), "agents": n,
                                "breaks": pat.roster_breaks()}
        if not shifts:
            raise ValueError("the plan has no shifts (all requirements are zero); a roster needs at least one")
        return {"shifts": shifts}

    def to_text(self) -> str:
        """A printable weekly table: rows are shifts, columns Mon..Sun, people per cell, with
        the cost, the LP bound and the integrality gap."""
        def cell(v) -> str:
            if abs(v) <= _EPS:
                return "."
            return f"{v:.0f}" if abs(v - round(v)) <= 1e-6 else f"{v:.2f}"

        used = self._used_patterns()
        labels = [self.patterns[p].name for p in used] + ["shifts", "paid hours"]
        width = max([len(s) for s in labels] + [5])
        heads = [d.capitalize() for d in WEEKDAYS] + ["week"]
        lines = []
        n = len(self.requirements)
        head = f"Weekly shift plan: {n} intervals of {self.interval_min} min, cost {self.cost:g}"
        if self.integer:
            head += (f" (integer{'' if self.optimal else ', NOT proven optimal: ' + self.status}); "
                     f"LP bound {self.lp_bound:.6g}, integrality gap {self.gap:.6g} ({100 * self.gap_rel:.2f}%)")
        else:
            head += f" (LP relaxation, fractional people); LP bound {self.lp_bound:.6g}"
        lines.append(head)
        lines.append(f"{'shift':<{width}} " + " ".join(f"{h:>6}" for h in heads))
        for p in used:
            row = self.people[:, p]
            lines.append(f"{self.patterns[p].name:<{width}} " + " ".join(f"{cell(v):>6}" for v in row)
                         + f" {cell(row.sum()):>6}")
        tot = self.daily_shifts
        lines.append(f"{'shifts':<{width}} " + " ".join(f"{cell(v):>6}" for v in tot) + f" {cell(tot.sum()):>6}")
        hours = np.array([sum(self.people[d, p] * _paid_h(self.patterns[p], self.paid_breaks)
                              for p in range(len(self.patterns))) for d in range(7)])
        lines.append(f"{'paid hours':<{width}} " + " ".join(f"{v:>6.1f}" for v in hours) + f" {hours.sum():>6.1f}")
        sur = self.surplus
        if n:
            worst = int(np.argmax(sur))
            lines.append(f"coverage >= requirement in every interval: {bool((sur >= -1e-6).all())}; surplus "
                         f"{sur.sum() * self.interval_min / 60:.6g} person-hours, largest {sur[worst]:.6g} at "
                         f"{_interval_label(worst, self.interval_min)}")
        return "\n".join(lines)

    def __str__(self) -> str:  # pragma: no cover - convenience
        return self.to_text()


def _paid_h(pattern: ShiftPattern, paid_breaks: bool) -> float:
    return pattern.length_h if paid_breaks else pattern.work_h


def _as_requirements(requirements, interval_min: int) -> np.ndarray:
    try:
        r = np.asarray(requirements, dtype=float)
    except (TypeError, ValueError):
        raise ValueError("requirements must be an array of numbers") from None
    if r.ndim == 2 and r.shape[0] == 7 and DAY_MIN % interval_min == 0:
        r = r.ravel()
    n = WEEK_MIN // interval_min
    if r.ndim != 1 or r.size != n:
        shape = f", or shape (7, {n // 7})" if DAY_MIN % interval_min == 0 else ""
        raise ValueError(f"requirements must have {n} values (one per {interval_min}-min interval of the week, "
                         f"Monday 00:00 first){shape}; got shape {np.shape(requirements)}")
    if not np.isfinite(r).all() or (r < 0).any():
        raise ValueError("requirements must be finite and >= 0")
    return r


def _solve(c, A, lb, ub_x, integer: bool, time_limit_s: float):
    options = {"disp": False, "time_limit": float(time_limit_s)}
    if integer:
        options["mip_rel_gap"] = _MIP_REL_GAP
    return milp(c, constraints=LinearConstraint(A, lb=lb, ub=np.inf),
                integrality=np.ones(len(c)) if integer else np.zeros(len(c)),
                bounds=Bounds(0, ub_x), options=options)


def cover_week(requirements, patterns: Optional[Sequence[ShiftPattern]] = None, *, interval_min: int = 60,
               cost_per_hour: float = 1.0, cost_per_shift: float = 0.0, integer: bool = True,
               paid_breaks: bool = False, time_limit_s: float = 60.0) -> ShiftPlan:
    """Cheapest shifts covering ``requirements`` (people per interval of the week, Monday 00:00
    first) with ``patterns`` started on any of their days (default :func:`default_patterns`).

    Solves the LP relaxation (``lp_bound``) and, if ``integer``, the integer program; see the
    module docstring for the model. Raises ValueError if an interval needing people is not
    covered by any pattern, RuntimeError if HiGHS finds no plan."""
    interval_min = _check_interval(interval_min)
    r = _as_requirements(requirements, interval_min)
    patterns = tuple(default_patterns() if patterns is None else patterns)
    if not patterns:
        raise ValueError("patterns must not be empty")
    if not all(isinstance(p, ShiftPattern) for p in patterns):
        raise ValueError("patterns must be ShiftPattern instances")
    names = [p.name for p in patterns]
    if len(set(names)) != len(names):
        dup = sorted({n for n in names if names.count(n) > 1})
        raise ValueError(f"pattern names must be unique; repeated: {dup[:5]}")
    if not isinstance(cost_per_hour, Real) or not math.isfinite(cost_per_hour) or cost_per_hour <= 0:
        raise ValueError(f"cost_per_hour must be > 0, got {cost_per_hour!r}")
    if not isinstance(cost_per_shift, Real) or not math.isfinite(cost_per_shift) or cost_per_shift < 0:
        raise ValueError(f"cost_per_shift must be >= 0, got {cost_per_shift!r}")
    npat = len(patterns)
    A = coverage_matrix(patterns, interval_min)
    # A pattern not allowed on a day gets upper bound 0; it cannot cover anything then.
    allowed = np.array([[WEEKDAYS[d] in pat.days for pat in patterns] for d in range(7)]).ravel()
    A_allowed = A @ sparse.diags_array(allowed.astype(float))
    reachable = np.asarray(A_allowed.sum(axis=1)).ravel() > 0
    gaps = np.flatnonzero((r > 0) & ~reachable)
    if gaps.size:
        where = ", ".join(_interval_label(i, interval_min) for i in gaps[:5])
        raise ValueError(f"no pattern covers {gaps.size} interval(s) needing people, e.g. {where} "
                         f"(coverage counts only intervals a shift spans entirely, breaks excluded)")
    c = np.array([cost_per_hour * _paid_h(pat, paid_breaks) + cost_per_shift for pat in patterns] * 7)
    ub = np.where(allowed, np.inf, 0.0)

    lp = _solve(c, A, r, ub, False, time_limit_s)
    if lp.status != 0 or lp.x is None:
        raise RuntimeError(f"the LP relaxation was not solved: {lp.message}")
    lp_bound = float(lp.fun)
    if integer:
        res = _solve(c, A, r, ub, True, time_limit_s)
        if res.x is None:
            raise RuntimeError(f"HiGHS found no integer plan: {res.message}")
        x = np.round(res.x).astype(int)
        optimal = res.status == 0
        status = str(res.message)
        bound = getattr(res, "mip_dual_bound", None)
        mip_bound = None if bound is None else float(bound)
    else:
        x = np.clip(lp.x, 0.0, None)
        optimal, status, mip_bound = True, str(lp.message), None
    coverage = np.asarray(A @ x, dtype=float)
    if integer:
        coverage = np.round(coverage).astype(int)
    cost = float(c @ x)
    return ShiftPlan(requirements=r, interval_min=interval_min, patterns=patterns, people=x.reshape(7, npat),
                     coverage=coverage, cost=cost, lp_bound=lp_bound, integer_cost=cost if integer else None,
                     mip_bound=mip_bound, optimal=optimal, status=status, cost_per_hour=float(cost_per_hour),
                     paid_breaks=bool(paid_breaks), cost_per_shift=float(cost_per_shift))


# --------------------------------------------------------------------------------------------
# Days off and headcount
# --------------------------------------------------------------------------------------------


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
