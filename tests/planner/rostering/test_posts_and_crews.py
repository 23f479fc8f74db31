"""Whole posts and crews (planner.costs.team), compliance rules (planner.rostering.compliance),
shift names (planner.rostering.shift_names) and a month's rota (planner.rostering.rota): by hand
arithmetic, on a violating and on the planned roster, and by enumeration of the rota's days."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from planner.costs.team import (CostModel, RosterLine, cost_model, fte_per_shift_day, group_headcounts,
                                headcount_by_role, leaders_by_department, roster_lines, team_and_budget, whole_people)
from planner.rostering.compliance import compliance_checks, compliance_problems, raise_to_comply
from planner.rostering.rota import OFF, SPARE, RotaShift, month_dates, month_rota
from planner.rostering.shift_names import shift_names
from planner.search.design import (apply_design, compliant_design, initial_design, merge_same_shifts, standby_name,
                                   shift_days_by_group)
from planner.search.analytic_start import cover_with_own_shifts
from sim import load_scenario
from sim.scenario import WEEKDAYS

DEFAULT = "scenarios/default.yaml"


def _line(group: str, shift: str, start: str, length_h: float, people: int, days=WEEKDAYS, role="post_guard",
          copies: int = 1) -> RosterLine:
    return RosterLine("post", group, role, shift, start, length_h, tuple(days), people, people, copies)


def test_a_24_hour_post_is_five_people_by_the_relief_rule():
    # Three 8-h shifts of one person every day: 21 shift-days a week. A person works 5 days a
    # week, 365 × 5 / 7 = 260.71 scheduled days, of which 250 − 5 (annual leave) are available:
    # relief 260.71 / 245 = 1.0641; 21 / 5 × 1.0641 = 4.469 -> 5 whole people.
    per_day = fte_per_shift_day(load_scenario(DEFAULT).costs)
    assert per_day == pytest.approx(365 * 5 / 7 / 245 / 5, rel=1e-12)
    lines = [_line("gate", name, start, 8, 1) for name, start in (("a", "08:00"), ("b", "16:00"), ("c", "00:00"))]
    (group,) = group_headcounts(lines, per_day)
    assert group.shift_days_per_week == 21
    assert group.fte == pytest.approx(21 / 5 * (365 * 5 / 7) / 245)
    assert group.people == 5
    # Without annual leave it is the rule of thumb's 8,760 / 2,000 = 4.38, still 5 people.
    assert whole_people(8760 / 2000) == 5
    assert whole_people(4.0 + 1e-12) == 4


def test_each_post_has_its_own_relief_and_rows_add_to_the_total():
    per_day = fte_per_shift_day(load_scenario(DEFAULT).costs)
    lines = [_line(g, n, s, 8, 1) for g in ("east", "west") for n, s in (("a", "08:00"), ("b", "16:00"), ("c", "00:00"))]
    groups = group_headcounts(lines, per_day)
    assert [g.people for g in groups] == [5, 5]        # 4.47 each, rounded up per post
    assert headcount_by_role(lines) == {"post_guard": 10.0}


def test_short_shifts_still_need_a_person_each_on_the_weekly_roster():
    # Four 4-hour shifts of one person every day: 14 shift-days (2.98 FTE), but 4 people are on
    # shift every day, and with two days off each a week 4 × 7 / 5 = 5.6 -> 6 people.
    per_day = fte_per_shift_day(load_scenario(DEFAULT).costs)
    lines = [_line("desk", f"s{h}", f"{h:02d}:00", 4, 1) for h in (6, 10, 14, 18)]
    (group,) = group_headcounts(lines, per_day)
    assert group.fte == pytest.approx(14 * per_day)
    assert group.roster_people == 6
    assert group.people == 6


def test_leaders_by_span_of_control():
    people = {"butler": 7, "agent": 8, "expert_agent": 3, "technician": 9, "guard": 9, "post_guard": 23}
    leaders = leaders_by_department(people, 10)
    assert leaders["customer_service"] == 1      # 18 // 10
    assert leaders["engineering"] == 0           # 9 < 10
    assert leaders["security"] == 3              # 32 // 10
    assert leaders["environment"] == 0


def test_cost_model_is_the_budget_of_the_whole_team_exactly():
    scenario = load_scenario(DEFAULT)
    team, budget = team_and_budget(scenario)
    assert all(float(v).is_integer() for v in team.values()), team
    assert team["supervisor"] == sum(leaders_by_department(team, scenario.organisation.span_of_control).values())
    model = cost_model(scenario)
    assert model.cost_yuan_per_year(scenario) == pytest.approx(budget.total_yuan_per_year, rel=1e-12)
    design = initial_design(scenario)
    assert model.cost_of_groups(shift_days_by_group(design, scenario, [])) == \
        pytest.approx(budget.total_yuan_per_year, rel=1e-12)
    # The linear relaxation never exceeds it (the lower bound is priced with it).
    assert model.cost_of_shift_days(model.shift_days(scenario)) <= budget.total_yuan_per_year


def test_one_more_person_on_a_shift_costs_whole_people():
    scenario = load_scenario(DEFAULT)
    model = cost_model(scenario)
    design = initial_design(scenario)
    base = model.cost_of_groups(shift_days_by_group(design, scenario, []))
    roster = design.roster("field.teams.technicians")
    # 7 h × 7 days: 36.75 + 6.125 = 42.875 shift-days × 0.21286 = 9.13 -> 10 technicians (from 8),
    # and engineering reaches the span of control of 10: one supervisor.
    roster["shifts"]["evening"]["agents"] += 1
    more = model.cost_of_groups(shift_days_by_group(design.replace("field.teams.technicians", roster), scenario, []))
    assert more - base == pytest.approx(2 * model.rate("technician") + model.rate("supervisor"), rel=1e-9)


def test_compliance_passes_on_the_default_and_fails_on_a_violating_roster():
    scenario = load_scenario(DEFAULT)
    checks = {c.rule: c for c in compliance_checks(scenario)}
    assert set(checks) == {"fire_control", "entrances", "car_parks", "team_hours"}
    assert all(c.ok for c in checks.values())
    assert checks["fire_control"].required == 2 and checks["entrances"].required == 2
    bad = load_scenario(DEFAULT, ["field.posts.monitoring_room.roster.shifts.night.agents=1",
                                  "field.posts.main_gate.roster.shifts.evening.agents=1"])
    failed = {c.rule for c in compliance_checks(bad) if not c.ok}
    assert failed == {"fire_control", "entrances"}
    assert len(compliance_problems(bad)) == 2
    raise_to = raise_to_comply(bad)
    assert raise_to["field.posts.monitoring_room.roster.shifts.night.agents"] == 2
    assert raise_to["field.posts.main_gate.roster.shifts.evening.agents"] == 2
    no_car_park = load_scenario(DEFAULT, ["field.posts.car_park=null"])
    assert [c.rule for c in compliance_checks(no_car_park) if not c.ok] == ["car_parks"]
    # Under centralised control the gate and car-park posts go (the centre's remote gates replace
    # them), the fire control room stays (GB 25506), and the guards and technicians keep their hours.
    centralised = compliance_checks(load_scenario("scenarios/default_centralised.yaml"))
    assert {(c.rule, c.where) for c in centralised} == {("team_hours", "field.teams.guards"),
                                                       ("team_hours", "field.teams.technicians"),
                                                       ("fire_control", "field.posts.monitoring_room")}
    assert all(c.ok for c in centralised)


def test_the_search_starts_compliant_and_refuses_a_violating_design():
    from planner.search.optimise import Evaluator
    from sim.results.centre_kpis import kpi_targets
    bad = load_scenario(DEFAULT, ["field.posts.monitoring_room.roster.shifts.night.agents=1"])
    design = compliant_design(bad, initial_design(bad))
    assert compliance_problems(apply_design(bad, design)) == []
    evaluate = Evaluator(bad, 1, 1, pool=None, targets=kpi_targets(bad, list(bad.centre.pools)), options=[],
                         costs=cost_model(bad), count=[0])
    assert evaluate.scenario(initial_design(bad)) is None
    assert evaluate.scenario(design) is not None


def test_guards_and_technicians_keep_someone_on_duty_or_on_call_at_every_minute():
    """A round-the-clock team (guards, technicians by default) never has an hour with nobody:
    the loader refuses the gap, so no design the search tries can open one; butlers do not."""
    from planner.search.design import retime_group_moves, retime_moves
    from planner.search.optimise import Evaluator
    from sim.results.centre_kpis import kpi_targets
    from sim import ScenarioError
    scenario = load_scenario(DEFAULT)
    teams = scenario.field.teams
    assert teams["guards"].opening_hours is not None and teams["technicians"].opening_hours is not None
    assert teams["butlers"].opening_hours is None
    with pytest.raises(ScenarioError) as error:
        load_scenario(DEFAULT, ["field.teams.guards.roster.shifts.day.start=09:00"])
    assert "field.teams.guards.roster" in str(error.value) and "08:00-09:00" in str(error.value)
    # Explicitly no hours: the same roster loads.
    load_scenario(DEFAULT, ["field.teams.guards.roster.shifts.day.start=09:00", "field.teams.guards.opening_hours=null"])
    # Butlers may start later: nobody needs them at 08:00.
    assert load_scenario(DEFAULT, ["field.teams.butlers.roster.shifts.day.start=09:00"]).field.teams["butlers"]
    # The night technician on call at home is cover.
    on_call = load_scenario(DEFAULT, ["field.teams.technicians.on_call={shift: night}"])
    assert on_call.field.teams["technicians"].on_call.shift == "night"
    evaluate = Evaluator(scenario, 1, 1, pool=None, targets=kpi_targets(scenario, list(scenario.centre.pools)),
                         options=[], costs=cost_model(scenario), count=[0])
    design = initial_design(scenario)
    moves = {m.label: m.design for m in retime_moves(design, "field.teams.guards")}
    assert evaluate.scenario(moves["field.teams.guards day starts 09:00"]) is None
    assert evaluate.scenario(moves["field.teams.guards day starts 07:00"]) is None  # 15:00-16:00 uncovered
    together = {m.label: m.design for m in retime_group_moves(design, "field.teams.guards")}
    assert evaluate.scenario(together["field.teams.guards every shift -60 min"]) is not None
    butler_moves = {m.label: m.design for m in retime_moves(design, "field.teams.butlers")}
    assert evaluate.scenario(butler_moves["field.teams.butlers day starts 09:00"]) is not None


def test_shift_names_are_chinese_unique_and_by_their_times():
    names = shift_names([("a", "07:00", 8, WEEKDAYS), ("b", "15:00", 8, WEEKDAYS), ("c", "23:00", 8, WEEKDAYS)])
    assert {k: v[0] for k, v in names.items()} == {"a": "早班", "b": "中班", "c": "夜班"}
    two = shift_names([("x", "08:00", 12, WEEKDAYS), ("y", "20:00", 12, WEEKDAYS)])
    assert [two["x"][0], two["y"][0]] == ["白班", "夜班"]
    office = shift_names([("o", "09:00", 8, ("mon", "tue", "wed", "thu", "fri")), ("e", "08:00", 8, WEEKDAYS)])
    assert office["o"][0] == "行政班"
    same = shift_names([("late", "08:00", 8, WEEKDAYS), ("p", "07:00", 8, WEEKDAYS), ("q", "09:00", 9, WEEKDAYS)])
    assert [same[k][0] for k in ("p", "late", "q")] == ["早班一", "早班二", "早班三"]
    assert shift_names([("only", "08:00", 9, WEEKDAYS)])["only"][0] == "白班"
    for line in roster_lines(load_scenario(DEFAULT)):
        assert line.name_zh and all("\u4e00" <= ch <= "\u9fff" for ch in line.name_zh), line
    by_group: dict[str, list[str]] = {}
    for line in roster_lines(load_scenario(DEFAULT)):
        by_group.setdefault(line.group, []).append(line.name_zh)
    assert all(len(v) == len(set(v)) for v in by_group.values())


def test_shifts_of_the_same_times_merge():
    scenario = load_scenario(DEFAULT)
    design = initial_design(scenario)
    roster = design.roster("centre.pools.service_desk")
    roster["shifts"]["early_copy"] = dict(roster["shifts"]["early"], agents=1)
    roster["shifts"]["tue"] = dict(roster["shifts"]["middle"], days=["tue"])
    roster["shifts"]["middle"]["days"] = [d for d in WEEKDAYS if d != "tue"]
    merged = merge_same_shifts(design.replace("centre.pools.service_desk", roster)).roster("centre.pools.service_desk")
    assert set(merged["shifts"]) == {"early", "middle", "night"}
    assert merged["shifts"]["early"]["agents"] == 3
    assert merged["shifts"]["middle"]["days"] == list(WEEKDAYS)


def test_a_shift_on_call_at_home_is_never_merged_with_the_awake_shift_of_its_hours():
    """A technician on call at home (second line) is paid an allowance, not a night shift:
    merging the two would make the plan pay a second awake night technician."""
    scenario = load_scenario(DEFAULT)
    design = initial_design(scenario)
    group = "field.teams.technicians"
    roster = design.roster(group)
    night = next(n for n, s in roster["shifts"].items() if s["start"] == "00:00")
    standby = {k: v for k, v in roster["shifts"][night].items() if k != "breaks"}
    roster["shifts"][standby_name(night)] = dict(standby, agents=1)
    roster["shifts"][night]["agents"] = 1
    merged = merge_same_shifts(design.replace(group, roster)).roster(group)
    assert merged["shifts"][night]["agents"] == 1
    assert merged["shifts"][standby_name(night)]["agents"] == 1


def test_the_analytic_start_keeps_the_scenarios_own_shift_times():
    import numpy as np
    roster = {"shifts": {"early": {"start": "07:00", "length_h": 8, "agents": 5, "days": list(WEEKDAYS)},
                         "middle": {"start": "15:00", "length_h": 8, "agents": 5, "days": list(WEEKDAYS)},
                         "night": {"start": "23:00", "length_h": 8, "agents": 5, "days": list(WEEKDAYS)}}}
    need = np.ones(168, dtype=int)
    need[[d * 24 + h for d in range(7) for h in range(9, 12)]] = 2   # 09–12 needs two
    out, lp, cost = cover_with_own_shifts(need, roster)
    assert {k: (s["start"], s["agents"]) for k, s in out["shifts"].items()} == \
        {"early": ("07:00", 2), "middle": ("15:00", 1), "night": ("23:00", 1)}
    assert cost == 4 * 8 * 7 and lp <= cost
    need[3] = 0
    uncovered = {"shifts": {"day": {"start": "08:00", "length_h": 8, "agents": 1, "days": list(WEEKDAYS)}}}
    assert cover_with_own_shifts(need, uncovered) is None


def _check_rota(rota, shifts):
    for d, date in enumerate(rota.dates):
        for shift in shifts:
            on = rota.on_shift(d, shift.key)
            assert len(on) == (shift.people if WEEKDAYS[date.weekday()] in shift.days else 0), (date, shift.key)
    for row in rota.grid:
        for block in range(0, len(rota.dates), 7):
            week = row[block:block + 7]
            if len(week) == 7:
                assert week.count(OFF) >= 2, row        # two days off in every seven
    assert rota.short == []


def test_a_month_rota_covers_every_shift_day_and_keeps_two_days_off_a_week():
    dates = month_dates(dt.date(2026, 6, 1))
    assert len(dates) == 30 and dates[0] == dt.date(2026, 6, 1)
    shifts = [RotaShift("early", "08:00", 8, WEEKDAYS, 1), RotaShift("middle", "16:00", 8, WEEKDAYS, 1),
              RotaShift("night", "00:00", 8, WEEKDAYS, 1)]
    rota = month_rota(shifts, 5, dates)
    assert rota.people == 5
    _check_rota(rota, shifts)
    # A weekday office shift and a daily one: days off where the need is lowest.
    shifts = [RotaShift("office", "09:00", 8, ("mon", "tue", "wed", "thu", "fri"), 2),
              RotaShift("day", "08:00", 9, WEEKDAYS, 1)]
    rota = month_rota(shifts, 5, dates)
    _check_rota(rota, shifts)


def test_rota_rests_at_least_eight_hours_between_shifts():
    dates = month_dates(dt.date(2026, 6, 1))
    shifts = [RotaShift("early", "07:00", 8, WEEKDAYS, 2), RotaShift("middle", "15:00", 8, WEEKDAYS, 2),
              RotaShift("night", "23:00", 8, WEEKDAYS, 1)]
    rota = month_rota(shifts, 9, dates)
    _check_rota(rota, shifts)
    start = {s.key: s.start_min for s in shifts}
    for row in rota.grid:
        for d in range(1, len(dates)):
            a, b = row[d - 1], row[d]
            if a in start and b in start:
                end = start[a] + 8 * 60
                assert 1440 + start[b] - end >= 8 * 60, (a, b)


def test_four_crews_on_three_shifts_get_relief_and_a_rota_by_their_cycle():
    from planner.plan import rotas
    from planner.rostering.people import crew_rotation_headcount
    roster = crew_rotation_headcount(1, 4).to_roster_dict()
    text = ("{shifts: {day: {start: '08:00', length_h: 8, agents: 0}, evening: {start: '16:00', length_h: 8, agents: 0},"
            " night: {start: '00:00', length_h: 8, agents: 0}}, rotation: {crews: 4, people_per_crew: 1, cycle: ["
            + ", ".join(f"'{n}'" for n in roster["rotation"]["cycle"]) + "], offset_days: 2}}")
    scenario = load_scenario(DEFAULT, [f"field.posts.car_park.roster={text}"])
    lines = roster_lines(scenario)
    groups = {g.group: g for g in group_headcounts(lines, fte_per_shift_day(scenario.costs))}
    car_park = groups["car_park"]
    # 4 crews × 1 person cover 8,760 h a year = 21 shift-days a week: 4.47 FTE -> 5 people, one of them relief.
    assert (car_park.crews, car_park.people_per_crew, car_park.roster_people) == (4, 1, 4)
    assert car_park.shift_days_per_week == pytest.approx(21)
    assert car_park.people == 5
    (rota,) = [r for r in rotas(lines, list(groups.values()), scenario) if r["group"] == "car_park"]
    assert rota["people"] == 5
    for d in range(len(rota["dates"])):
        worked = [row[d] for row in rota["grid"][:4]]
        assert sorted(w for w in worked if w != OFF) == ["day", "evening", "night"]   # one crew per shift, one off
    assert rota["names"]["night"][0] == "夜班"


def test_the_default_sites_analytic_start_keeps_every_pools_shifts():
    from planner.search.analytic_start import with_analytic_rosters
    scenario = load_scenario(DEFAULT)
    started, report = with_analytic_rosters(scenario)
    for name, pool in scenario.centre.pools.items():
        assert report[name]["shifts"] == "own"
        before = {k: (s.start, s.length_h, s.days) for k, s in pool.roster.shifts.items()}
        after = {k: (s.start, s.length_h, s.days) for k, s in started.centre.pools[name].roster.shifts.items()}
        assert after == before


#: Labour practice: nobody works more than six days in a row (a spare day on duty counts as work).
MOST_DAYS_IN_A_ROW = 6


def _longest_run_of_work(row: list[str]) -> int:
    longest = run = 0
    for cell in row:
        run = 0 if cell == OFF else run + 1
        longest = max(longest, run)
    return longest


@pytest.mark.parametrize("path", [DEFAULT, "scenarios/default_centralised.yaml"])
def test_no_rota_of_the_default_rosters_has_more_than_six_working_days_in_a_row(path):
    """Every rota the plan writes for the default scenarios' rosters (pools, teams, posts, and a
    post on a four-crew rotation), for a month starting on each weekday (the months of 2026 and
    2027 start on all seven): every person's longest run of days on shift or on duty is at most six."""
    from planner.plan import rotas
    from planner.rostering.people import crew_rotation_headcount
    cycle = crew_rotation_headcount(1, 4).to_roster_dict()["rotation"]["cycle"]
    rotation = ("{shifts: {day: {start: '08:00', length_h: 8, agents: 0}, evening: {start: '16:00', length_h: 8, agents: 0},"
                " night: {start: '00:00', length_h: 8, agents: 0}}, rotation: {crews: 4, people_per_crew: 1, cycle: ["
                + ", ".join(f"'{n}'" for n in cycle) + "], offset_days: 2}}")
    firsts = [dt.date(year, month, 1) for year in (2026, 2027) for month in range(1, 13)]
    assert {d.weekday() for d in firsts} == set(range(7))
    checked = 0
    for first in firsts:
        for extra in ([], [f"field.posts.car_park.roster={rotation}"]):
            scenario = load_scenario(path, [f"calendar.start_date={first.isoformat()}", *extra])
            lines = roster_lines(scenario)
            groups = group_headcounts(lines, fte_per_shift_day(scenario.costs))
            for rota in rotas(lines, groups, scenario):
                for person, row in enumerate(rota["grid"]):
                    assert _longest_run_of_work(row) <= MOST_DAYS_IN_A_ROW, (first, rota["group"], person + 1, row)
                checked += 1
    assert checked >= 2 * len(firsts) * 3
