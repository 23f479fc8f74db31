"""Shift covering: staffing requirements per interval of the week turned into shifts, an
integer program solved with ``scipy.optimize.milp`` (HiGHS).

:func:`cover_week` is Dantzig's (1954) set covering. Requirement ``r_i`` =
   people needed in interval ``i`` of the week (Monday 00:00 first, ``interval_min`` long, any
   length dividing 10,080 min). A column is a shift pattern started on one day; ``x_j`` = people
   starting it. ``min Σ_j c_j x_j  s.t.  Σ_j a_ij x_j ≥ r_i  ∀ i,  x_j ∈ Z≥0``. The LP
   relaxation is solved too: its optimum is a lower bound on the integer cost (``lp_bound``),
   and ``gap`` is how far the integer plan is above it.

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

Days off and relief: :mod:`planner.rostering.people`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real
from typing import Iterable, Optional, Sequence, Union

import numpy as np
from scipy import sparse
from scipy.optimize import Bounds, LinearConstraint, milp

__all__ = [
    "DEFAULT_LENGTHS",
    "PlannedShift",
    "ShiftPattern",
    "ShiftPlan",
    "WEEKDAYS",
    "cover_week",
    "coverage_matrix",
    "default_patterns",
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

    def table(self) -> list[tuple[str, list[float], float]]:
        """The weekly table (:meth:`to_text`'s rows): per shift used, its people Mon..Sun and in
        the week; then the shifts worked each day ("shifts") and the paid hours ("paid hours")."""
        rows = [(self.patterns[p].name, self.people[:, p].tolist(), float(self.people[:, p].sum()))
                for p in self._used_patterns()]
        tot = self.daily_shifts
        hours = np.array([sum(self.people[d, p] * _paid_h(self.patterns[p], self.paid_breaks)
                              for p in range(len(self.patterns))) for d in range(7)])
        return rows + [("shifts", tot.tolist(), float(tot.sum())), ("paid hours", hours.tolist(), float(hours.sum()))]

    @property
    def covers_requirement(self) -> bool | None:
        """Whether the people on duty cover the requirement in every interval (None: no intervals)."""
        return bool((self.surplus >= -1e-6).all()) if len(self.requirements) else None

    def to_text(self) -> str:
        """A printable weekly table: rows are shifts, columns Mon..Sun, people per cell, with
        the cost, the LP bound and the integrality gap."""
        def cell(v) -> str:
            if abs(v) <= _EPS:
                return "."
            return f"{v:.0f}" if abs(v - round(v)) <= 1e-6 else f"{v:.2f}"

        rows = self.table()
        width = max([len(name) for name, _, _ in rows] + [5])
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
        for name, days, week in rows:
            show = (lambda v: f"{v:.1f}") if name == "paid hours" else cell
            lines.append(f"{name:<{width}} " + " ".join(f"{show(v):>6}" for v in days) + f" {show(week):>6}")
        sur = self.surplus
        if n:
            worst = int(np.argmax(sur))
            lines.append(f"coverage >= requirement in every interval: {self.covers_requirement}; surplus "
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
