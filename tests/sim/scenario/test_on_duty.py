"""The one count of people on duty (sim.scenario.on_duty) against counts made independently:
minute by minute by brute force on small random rosters (shifts past midnight, days off,
rotations), and against the simulation's own shift instances with their breaks."""

from __future__ import annotations

import datetime as dt
import math
import random
from types import SimpleNamespace

import numpy as np
import pytest
from pydantic import ValidationError

from sim.scenario import WEEKDAYS, Calendar
from sim.scenario.on_duty import Duty
from sim.scenario.roster import Roster
from sim.scenario.shift_instances import agents_on_duty, shift_instances

LENGTHS_H = [2, 4, 7.5, 8, 9, 10, 12, 24]


def _random_roster(rng: random.Random, rotation: bool) -> Roster | None:
    shifts = {}
    for i in range(rng.randint(1, 3)):
        start = f"{rng.randrange(24):02d}:{rng.choice(['00', '15', '30', '45'])}"
        shifts[f"s{i}"] = {"start": start, "length_h": rng.choice(LENGTHS_H),
                           "days": rng.sample(list(WEEKDAYS), rng.randint(1, 7)),
                           "agents": rng.randint(0, 3) if not rotation else rng.choice([0, 0, 1])}
    data = {"shifts": shifts}
    if rotation:
        names = list(shifts) + ["off"]
        cycle = [rng.choice(names) for _ in range(rng.randint(2, 8))]
        if "off" not in cycle:
            cycle[-1] = "off"
        data["rotation"] = {"crews": rng.randint(1, 4), "people_per_crew": rng.randint(0, 2), "cycle": cycle,
                            "offset_days": rng.randint(0, 3)}
    try:
        return Roster.model_validate(data)
    except ValidationError:  # e.g. more than six working days in a row
        return None


def _rosters(seed: int, rotation: bool, count: int):
    """``count`` valid random rosters (with a rotation or without), the same ones every run."""
    rng = random.Random(seed)
    made = 0
    while made < count:
        roster = _random_roster(rng, rotation)
        if roster is not None:
            made += 1
            yield rng, roster


def _brute_force(roster: Roster) -> list[int]:
    """People on duty at each minute of the period, shift by shift and minute by minute."""
    rot = roster.rotation
    days = 7 if rot is None else 7 * len(rot.cycle) // math.gcd(7, len(rot.cycle))
    period = days * 1440
    count = [0] * period
    for day in range(days):
        worked = []
        for shift in roster.shifts.values():
            if rot is not None or WEEKDAYS[day % 7] in shift.days:
                worked.append((shift, shift.agents))
        if rot is not None:
            for crew in range(rot.crews):
                name = rot.cycle[(day + crew * rot.offset_days) % len(rot.cycle)]
                if name != "off":
                    worked.append((roster.shifts[name], rot.people_per_crew))
        for shift, people in worked:
            hh, mm = map(int, shift.start.split(":"))
            first = day * 1440 + hh * 60 + mm
            for minute in range(first, first + int(round(shift.length_h * 60))):
                count[minute % period] += people
    return count


@pytest.mark.parametrize("rotation", [False, True])
def test_the_count_is_the_brute_force_count_minute_by_minute(rotation):
    for _, roster in _rosters(33 + rotation, rotation, 40):
        duty = Duty.of_roster(roster)
        expected = np.array(_brute_force(roster), dtype=float)
        on = duty.by_minute()
        assert np.array_equal(on, expected)
        # The same roster written as JSON (the search's designs) counts the same.
        assert np.array_equal(Duty.of_json(roster.model_dump(mode="json")).by_minute(), expected)
        # The views by hour are the count's means and maxima, and the week's least is its minimum.
        weeks = expected.reshape(-1, 7 * 1440)
        assert duty.by_hour_of_week() == pytest.approx(weeks.mean(axis=0).reshape(168, 60).mean(axis=1))
        assert duty.by_hour_of_day() == pytest.approx(expected.reshape(-1, 24, 60).mean(axis=(0, 2)))
        assert duty.most_by_hour_of_week().tolist() == weeks.max(axis=0).reshape(168, 60).max(axis=1).tolist()
        assert duty.week_least().tolist() == weeks.min(axis=0).tolist()


def test_a_night_shift_on_sunday_is_on_duty_on_monday_morning():
    roster = Roster.model_validate({"shifts": {"night": {"start": "22:00", "length_h": 10, "days": ["sun"], "agents": 2}}})
    on = Duty.of_roster(roster).by_minute()
    assert on[:8 * 60].tolist() == [2] * 480 and on[8 * 60] == 0
    assert on[6 * 1440 + 22 * 60:].tolist() == [2] * 120 and on[6 * 1440 + 22 * 60 - 1] == 0
    assert on.sum() == 2 * 600


@pytest.mark.parametrize("rotation", [False, True])
def test_the_count_with_breaks_is_what_the_simulation_rosters(rotation):
    """The count with breaks agrees with the simulation's shift instances (sim.scenario.shift_instances)
    sampled in the middle of every minute of the period, on a calendar starting on a Monday."""
    for rng, roster in _rosters(7 + rotation, rotation, 10):
        data = roster.model_dump(mode="json")
        for shift in data["shifts"].values():
            if shift["length_h"] >= 4:
                shift["breaks"] = [{"after_h": 2, "length_min": 30, "stagger_min": rng.choice([0, 15, 20])}]
        roster = Roster.model_validate(data)
        duty = Duty.of_roster(roster)
        calendar = Calendar(start_date=dt.date(2024, 1, 1), horizon_days=duty.period_days)
        instances = shift_instances("p", SimpleNamespace(roster=roster), calendar)
        t = (np.arange(duty.period_days * 1440) + 0.5) * 60
        for breaks in (False, True):
            simulated = agents_on_duty(instances, t, count_breaks=breaks)
            # The first morning also holds the shifts begun the evening before the run (the period's last day).
            assert np.array_equal(duty.by_minute(breaks=breaks), simulated)


def test_plan_lines_count_a_rotation_by_its_type_round_the_clock():
    """plan.json's roster lines: a rotation's line (marked by its crews, not by its start) has its
    people per crew on duty at every hour, in the plan's rosters by hour and in the seats."""
    from planner.costs.team import roster_lines
    from planner.portfolio.budget import peak_on_duty
    from planner.rostering.on_duty import staffing_by_hour
    from sim import load_scenario

    rotation = ("{shifts: {day: {start: '08:00', length_h: 8, agents: 0}, evening: {start: '16:00', length_h: 8, agents: 0},"
                " night: {start: '00:00', length_h: 8, agents: 0}}, rotation: {crews: 4, people_per_crew: 2, cycle: "
                "[day, day, evening, evening, night, night, 'off', 'off'], offset_days: 2}}")
    scenario = load_scenario("scenarios/default.yaml", [f"field.posts.car_park.roster={rotation}"])
    lines = roster_lines(scenario)
    (line,) = [ln for ln in lines if ln.group == "car_park"]
    assert line.crews == 4
    on = line.people * line.copies
    assert on == 2 * len(scenario.sites)
    assert staffing_by_hour([ln.__dict__ for ln in lines])[("post", "car_park")] == [(tuple(WEEKDAYS), [on] * 24)]
    assert peak_on_duty(lines) == peak_on_duty([ln for ln in lines if ln is not line]) + on
    # The rotation's own count (its cycle) says the same: one crew on at every minute.
    assert Duty.of_roster(scenario.field.posts["car_park"].roster).by_minute().tolist() == [2] * (56 * 1440)
