"""Shift scheduling (planner.rostering): set covering of a week's requirements, days off,
headcount and relief, crews on three shifts, and the export back into scenario rosters."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from types import SimpleNamespace

import numpy as np
import pytest

from planner.rostering import (
    ShiftPattern,
    cover_days_off,
    cover_week,
    coverage_matrix,
    crew_rotation_headcount,
    default_patterns,
    headcount,
    pattern_coverage,
)
from sim.scenario.shift_instances import agents_on_duty, shift_instances
from sim.scenario import Calendar
from sim.scenario.roster import Roster

HOURS = np.arange(168)
HOUR_OF_DAY = HOURS % 24
DAY = HOURS // 24
MONDAY = dt.date(2026, 1, 5)
POST_OFFICE = [17, 13, 15, 19, 14, 16, 11]  # Winston, Operations Research: Mon..Sun


def butler_desk_profile() -> np.ndarray:
    """A service-desk-like week: quiet nights, busy days, a lunch peak, lighter weekends."""
    r = np.where((HOUR_OF_DAY >= 8) & (HOUR_OF_DAY < 20), 4, 1)
    r = r + np.where((HOUR_OF_DAY >= 11) & (HOUR_OF_DAY < 14), 2, 0)
    r = r + np.where((HOUR_OF_DAY >= 18) & (HOUR_OF_DAY < 22) & (DAY < 5), 1, 0)
    return r - np.where((DAY >= 5) & (HOUR_OF_DAY >= 8) & (HOUR_OF_DAY < 20), 1, 0)


def on_duty_per_minute(roster_dict: dict, days: int = 14) -> np.ndarray:
    """People the simulator puts on duty at every minute of ``days`` days from a Monday."""
    roster = Roster.model_validate(roster_dict)
    calendar = Calendar(start_date=MONDAY, horizon_days=days)
    assert calendar.start_date.weekday() == 0
    instances = shift_instances("desk", SimpleNamespace(roster=roster), calendar)
    t = np.arange(days * 1440) * 60.0 + 1.0  # one second into every minute
    return agents_on_duty(instances, t)


# ---- days off -------------------------------------------------------------------------------


def test_post_office_problem_needs_23_people_with_five_consecutive_working_days():
    plan = cover_days_off(POST_OFFICE, days_per_week_per_person=5, consecutive=True)
    assert plan.total == 23
    assert plan.lp_bound == pytest.approx(67 / 3)  # the textbook LP optimum, fractional
    assert (plan.working >= np.array(POST_OFFICE)).all()
    # every pattern is two consecutive days off (Sunday-Monday wraps)
    assert len(plan.patterns) == 7
    for off in plan.patterns:
        assert len(off) == 2 and (off[1] - off[0]) % 7 == 1
    # and the same instance through headcount (7 shift-days counts instead of a plan)
    assert headcount(POST_OFFICE).roster_people == 23


@pytest.mark.parametrize("seed", range(6))
def test_any_two_days_off_reaches_the_counting_bound(seed):
    """With any 2 days off (21 patterns) N people suffice iff N >= max_d S_d and 5N >= Σ S_d,
    so the optimum is max(max S, ceil(ΣS / 5)); consecutive days off can never need fewer."""
    rng = np.random.default_rng(seed)
    daily = rng.integers(0, 30, size=7)
    free = cover_days_off(daily, consecutive=False)
    assert len(free.patterns) == math.comb(7, 2)
    assert free.total == max(int(daily.max()), math.ceil(daily.sum() / 5))
    assert (free.working >= daily).all()
    assert cover_days_off(daily, consecutive=True).total >= free.total


def test_working_every_day_needs_the_peak_day():
    assert cover_days_off(POST_OFFICE, days_per_week_per_person=7).total == max(POST_OFFICE)


# ---- shift covering ---------------------------------------------------------------------------


@pytest.mark.parametrize("n", [1, 3])
def test_constant_requirement_with_eight_hour_shifts_is_three_n_starts_a_day(n):
    plan = cover_week(np.full(168, n), default_patterns((8,)))
    assert (plan.daily_shifts == 3 * n).all()
    assert (plan.surplus == 0).all()
    assert plan.integer_cost == pytest.approx(168 * n)
    assert plan.lp_bound == pytest.approx(168 * n)
    assert plan.gap == pytest.approx(0, abs=1e-6)


def test_one_nine_hour_shift_with_a_break_exactly():
    """Needed: one person Monday 08-12 and 13-17. A 9-h shift at 08:00 with its hour off after
    4 h is the only way to cover it with 8 paid hours; any 8- or 12-h shift leaves 16:00-17:00
    or 12-13 surplus and costs more."""
    r = np.zeros(168)
    r[8:12] = 1
    r[13:17] = 1
    plan = cover_week(r)
    shifts = plan.shifts
    assert len(shifts) == 1
    only = shifts[0]
    assert (only.day, only.start, only.length_h, only.people) == ("mon", "08:00", 9.0, 1)
    assert (only.break_after_h, only.break_min) == (4.0, 60.0)
    assert (plan.surplus == 0).all()
    assert plan.integer_cost == pytest.approx(8.0)


@pytest.mark.parametrize("seed", range(3))
def test_lp_bound_below_integer_cost_and_coverage_everywhere(seed):
    rng = np.random.default_rng(100 + seed)
    r = rng.integers(0, 7, size=168)
    plan = cover_week(r)
    assert plan.optimal
    assert plan.lp_bound <= plan.integer_cost + 1e-6
    assert (plan.coverage >= r).all()
    # the reported coverage is the covering matrix times the shift starts
    A = coverage_matrix(plan.patterns)
    assert np.array_equal(A @ plan.people.ravel(), plan.coverage)
    # LP plan: fractional people, cost = the bound, covers too
    lp = cover_week(r, integer=False)
    assert lp.cost == pytest.approx(plan.lp_bound)
    assert (lp.coverage >= r - 1e-6).all()
    assert lp.integer_cost is None and lp.gap is None


def test_night_shift_on_sunday_wraps_into_monday():
    night = ShiftPattern("night", 22 * 60, 8)
    col = pattern_coverage(night, 6)  # started Sunday
    assert col[[166, 167, 0, 1, 2, 3, 4, 5]].all() and col.sum() == 8
    r = np.zeros(168)
    r[0:6] = 1  # Monday 00:00-06:00
    plan = cover_week(r, [night])
    assert [(s.day, s.start, s.people) for s in plan.shifts] == [("sun", "22:00", 1)]
    assert plan.coverage[166] == 1 and plan.coverage[167] == 1 and plan.coverage[6] == 0
    # in the simulator, Sunday's night shift is on duty Monday 00:00-06:00 of the run
    duty = on_duty_per_minute(plan.to_roster_dict(), days=1)
    assert (duty[: 6 * 60] == 1).all() and (duty[6 * 60:] == 0).all()


def test_coverage_is_conservative_for_partial_intervals_and_breaks():
    # a 30-min break at 4 h removes the whole hour at hourly resolution, only half at 30 min
    shift = ShiftPattern("b", 9 * 60, 8, break_after_h=4, break_min=30)
    assert pattern_coverage(shift, 0, 60).sum() == 7
    assert pattern_coverage(shift, 0, 30).sum() == 15
    # a shift starting at 09:30 does not count for the 09:00 hour
    late = ShiftPattern("late", 9 * 60 + 30, 8)
    cov = pattern_coverage(late, 0, 60)
    assert cov[9] == 0 and cov[10:17].all() and cov[17] == 0


def test_half_hour_intervals_and_steps():
    r = np.repeat(butler_desk_profile(), 2)  # 336 half hours
    plan = cover_week(r, default_patterns(start_step_min=30), interval_min=30)
    assert (plan.coverage >= r).all()
    duty = on_duty_per_minute(plan.to_roster_dict(), days=7)
    assert (duty.reshape(336, 30).min(axis=1) >= r).all()


# ---- export -----------------------------------------------------------------------------------


def test_roster_round_trips_into_the_simulator_and_covers_every_minute():
    r = butler_desk_profile()
    plan = cover_week(r)
    roster_dict = plan.to_roster_dict()
    roster = Roster.model_validate(roster_dict)
    # every entry is one pattern on a group of days with the same number of people
    per_pattern_day: dict[tuple, int] = {}
    for shift in roster.shifts.values():
        assert all(b.stagger_min == 0 for b in shift.breaks)
        for day in shift.days:
            key = (shift.start, shift.length_h, day)
            assert key not in per_pattern_day
            per_pattern_day[key] = shift.agents
    planned = {(s.start, s.length_h, s.day): s.people for s in plan.shifts}
    assert per_pattern_day == planned
    duty = on_duty_per_minute(roster_dict, days=14)  # two weeks: the week repeats
    per_hour = duty.reshape(14 * 24, 60)
    assert (per_hour.min(axis=1) >= np.tile(r, 2)).all()
    # the simulator's minimum per hour is exactly the plan's coverage (breaks unstaggered)
    assert np.array_equal(per_hour.min(axis=1)[168:], plan.coverage)


def test_days_with_different_counts_become_separate_entries():
    # 2 people 09-17 on weekdays, 1 at weekends: one 8-h pattern, two day groups
    r = np.where((HOUR_OF_DAY >= 9) & (HOUR_OF_DAY < 17), np.where(DAY < 5, 2, 1), 0)
    plan = cover_week(r, [ShiftPattern("day", 9 * 60, 8)])
    shifts = plan.to_roster_dict()["shifts"]
    assert {(tuple(s["days"]), s["agents"]) for s in shifts.values()} == {
        (("mon", "tue", "wed", "thu", "fri"), 2), (("sat", "sun"), 1)}
    assert all(s["start"] == "09:00" and s["length_h"] == 8 for s in shifts.values())
    Roster.model_validate({"shifts": shifts})


def test_text_table_has_days_shifts_and_the_bound():
    plan = cover_week(butler_desk_profile())
    text = plan.to_text()
    header = next(line for line in text.splitlines() if line.startswith("shift "))
    assert header.split()[1:8] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert "LP bound" in text and "gap" in text
    for s in plan.shifts:
        assert s.pattern in text
    totals = next(line for line in text.splitlines() if line.startswith("shifts "))
    assert [int(v) for v in totals.split()[1:8]] == list(plan.daily_shifts)


# ---- headcount and the 24-hour post ---------------------------------------------------------


def test_four_crews_keep_posts_staffed_and_match_the_rule_of_thumb():
    crews = crew_rotation_headcount(2)
    assert crews.people == 8
    assert crews.rule_people == pytest.approx(2 * 8760 / (250 * 8))
    assert crews.hours_per_person_week == pytest.approx(42)
    assert crews.equivalent_fte == pytest.approx(crews.rule_people)
    duty = on_duty_per_minute(crews.to_roster_dict(), days=16)
    assert (duty == 2).all()


def test_a_24h_post_costed_three_ways_agrees_roughly():
    """One post round the clock: shift covering + days off + relief (no annual leave) gives the
    8760 / (250 × 8) ≈ 4.38 rule exactly as FTE; four crews need 4 people working 42 h."""
    plan = cover_week(np.ones(168), default_patterns((8,)))
    hc = headcount(plan, annual_leave_days=0)
    rule = 8760 / (250 * 8)
    assert hc.fte == pytest.approx(rule)
    assert hc.relief_factor == pytest.approx(365 * 5 / 7 / 250)
    assert hc.roster_people >= math.ceil(21 / 5)
    assert (hc.days_off.working >= 3).all()
    crews = crew_rotation_headcount(1)
    assert abs(crews.people - hc.fte) / hc.fte < 0.1
    assert abs(crews.people - crews.rule_people) / crews.rule_people < 0.1
    # annual leave only adds people
    with_leave = headcount(plan, annual_leave_days=10)
    assert with_leave.fte > hc.fte and with_leave.people >= hc.people


def test_headcount_of_a_plan_uses_its_shift_days():
    plan = cover_week(butler_desk_profile())
    hc = headcount(plan)
    assert np.array_equal(hc.daily_shifts, plan.daily_shifts)
    assert (hc.days_off.working >= plan.daily_shifts).all()
    assert hc.people >= hc.roster_people >= math.ceil(plan.daily_shifts.sum() / 5)
    assert hc.hours_per_person_week == pytest.approx(plan.paid_hours / hc.roster_people)
    derived = headcount(plan, working_days_per_year=None, holidays=11)
    assert derived.working_days_per_year == pytest.approx(365 * 5 / 7 - 11)


# ---- bad input --------------------------------------------------------------------------------


def test_bad_inputs_are_rejected_with_a_reason():
    with pytest.raises(ValueError, match="168 values"):
        cover_week(np.ones(100))
    with pytest.raises(ValueError, match="dividing a week"):
        cover_week(np.ones(168), interval_min=11)
    with pytest.raises(ValueError, match=">= 0"):
        cover_week(-np.ones(168))
    with pytest.raises(ValueError, match="no pattern covers"):
        cover_week(np.ones(168), [ShiftPattern("day", 8 * 60, 8)])
    with pytest.raises(ValueError, match="ends after"):
        ShiftPattern("x", 0, 8, break_after_h=7.5, break_min=60)
    with pytest.raises(ValueError, match="start_min"):
        ShiftPattern("x", 1440, 8)
    with pytest.raises(ValueError, match="integer plan"):
        cover_week(np.ones(168), default_patterns((8,)), integer=False).to_roster_dict()
    with pytest.raises(ValueError, match="crews"):
        crew_rotation_headcount(1, crews=3)


def test_pattern_days_restrict_starts():
    weekday_only = ShiftPattern("office", 9 * 60, 9, break_after_h=4, break_min=60,
                                days=("mon", "tue", "wed", "thu", "fri"))
    r = np.where((HOUR_OF_DAY >= 9) & (HOUR_OF_DAY < 13) & (DAY < 5), 1, 0)
    plan = cover_week(r, [weekday_only])
    assert {s.day for s in plan.shifts} == {"mon", "tue", "wed", "thu", "fri"}
    r[5 * 24 + 10] = 1  # Saturday 10:00: no pattern may start on Saturday
    with pytest.raises(ValueError, match="Sat 10:00"):
        cover_week(r, [weekday_only])


def test_all_combinations_of_default_patterns_are_distinct():
    pats = default_patterns()
    assert len(pats) == 24 * 3
    assert len({(p.start_min, p.length_h, p.break_after_h) for p in pats}) == len(pats)
    assert all(a.name != b.name for a, b in itertools.combinations(pats[:10], 2))


@pytest.mark.parametrize("people", [1, 5, 8, 9, 17, 40])
def test_more_people_than_staggered_breaks_fit_take_them_in_waves(people):
    """An 8 h shift, a 30 min break after 4 h staggered 30 min: eight starts end within the shift
    (4:00 … 7:30 in); person i takes start i mod 8, so up to eight people stagger as before, a
    ninth takes the first start beside the first person, and every break ends within the shift
    whatever the head count; the shift is valid with 40 people."""
    roster = Roster.model_validate({"shifts": {"day": {"start": "08:00", "length_h": 8, "agents": people,
                                                        "breaks": [{"after_h": 4, "length_min": 30, "stagger_min": 30}]}}})
    brk = roster.shifts["day"].breaks[0]
    assert brk.slots(8, people) == min(people, 8)
    calendar = Calendar(start_date=dt.date(2024, 1, 1), horizon_days=1)
    (inst,) = shift_instances("desk", SimpleNamespace(roster=roster), calendar)
    offsets = [(b[0][0] - inst.start_s - 4 * 3600) / 60 for b in inst.breaks]
    assert offsets == [30.0 * (i % 8) for i in range(people)]
    assert all(b[0][0] + b[0][1] <= inst.end_s for b in inst.breaks)


def test_a_break_that_cannot_end_within_its_shift_is_refused():
    with pytest.raises(ValueError, match=r"break 0 \(after 7.8 h, 30.0 min\) ends after the 8.0 h shift"):
        Roster.model_validate({"shifts": {"day": {"start": "08:00", "length_h": 8, "agents": 1,
                                                  "breaks": [{"after_h": 7.8, "length_min": 30}]}}})
