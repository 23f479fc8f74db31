"""Rosters: crew rotations (四班三运转), coverage checks, and what a roster puts on duty."""

from __future__ import annotations

import numpy as np
import pytest

from sim import ScenarioError
from sim.scenario import WEEKDAYS
from sim.scenario.loader import load_raw, validate
from sim.scenario.shift_instances import agents_on_duty, shift_instances

THREE_SHIFTS = {"day": {"start": "08:00", "length_h": 8, "agents": 0},
                "evening": {"start": "16:00", "length_h": 8, "agents": 0},
                "night": {"start": "00:00", "length_h": 8, "agents": 0}}
FOUR_CREWS = {"crews": 4, "people_per_crew": 2, "offset_days": 2,
              "cycle": ["day", "day", "evening", "evening", "night", "night", "off", "off"]}


def default_with_desk(roster: dict):
    data, locations = load_raw("scenarios/default.yaml")
    data["centre"]["pools"]["service_desk"]["roster"] = roster
    return validate(data, locations)


def test_four_crews_on_three_shifts_keep_a_post_staffed_around_the_clock():
    scenario = default_with_desk({"shifts": THREE_SHIFTS, "rotation": FOUR_CREWS})
    instances = shift_instances("desk", scenario.centre.pools["service_desk"], scenario.calendar)
    t = np.arange(0, scenario.calendar.horizon_days * 86400, 300.0)
    assert (agents_on_duty(instances, t) == 2).all()
    # Each crew works 6 days in 8: 18 shifts in 24 days, and never two shifts at once.
    for crew in range(1, 5):
        mine = sorted((i.start_s, i.end_s) for i in instances if i.shift.endswith(f"crew {crew}"))
        assert len([s for s in mine if 0 <= s[0] < 24 * 86400]) == 18
        assert all(a_end <= b_start for (_, a_end), (b_start, _) in zip(mine, mine[1:]))
    # 2 people around the clock = 48 person-hours a day, worked by 4 crews × 2 = 8 people.
    worked_h = sum(i.agents * (i.end_s - i.start_s) for i in instances if 0 <= i.start_s < 24 * 86400) / 3600
    assert worked_h / 24 == pytest.approx(48)


def test_a_rotation_that_leaves_a_gap_is_rejected_with_the_gap():
    with pytest.raises(ScenarioError) as err:
        default_with_desk({"shifts": THREE_SHIFTS, "rotation": {**FOUR_CREWS, "crews": 3}})
    message = str(err.value)
    assert "centre.pools.service_desk.roster" in message and "no agent on duty on day" in message


def test_a_rotation_putting_a_crew_on_overlapping_shifts_is_rejected():
    shifts = {**THREE_SHIFTS, "night": {"start": "20:00", "length_h": 14, "agents": 0}}
    with pytest.raises(ScenarioError) as err:
        default_with_desk({"shifts": shifts, "rotation": {**FOUR_CREWS, "cycle": ["night", "day", "off"]}})
    assert "cannot work both" in str(err.value)


def test_rotation_cycle_must_name_shifts():
    with pytest.raises(ScenarioError) as err:
        default_with_desk({"shifts": THREE_SHIFTS, "rotation": {**FOUR_CREWS, "cycle": ["day", "graveyard"]}})
    assert "graveyard" in str(err.value)


@pytest.mark.parametrize("cycle, run", [
    (["day"] * 7 + ["off"], 7),                                   # seven in a row inside the cycle
    (["day", "day", "day", "off", "day", "day", "day", "day"], 7),  # four at the end + three at the start
    (["day", "evening", "night"], None),                          # no day off at all
])
def test_a_rotation_with_more_than_six_working_days_in_a_row_is_refused(cycle, run):
    with pytest.raises(ScenarioError) as err:
        default_with_desk({"shifts": THREE_SHIFTS, "rotation": {**FOUR_CREWS, "crews": 1, "cycle": cycle}})
    message = str(err.value)
    assert "centre.pools.service_desk.roster" in message
    assert (f"{run} working days in a row" if run else "no day off") in message


def test_six_working_days_in_a_row_round_the_cycle_are_allowed():
    from sim.scenario.roster import longest_working_run
    assert longest_working_run(["day", "day", "day", "off", "day", "day", "day"]) == 6
    assert longest_working_run(FOUR_CREWS["cycle"]) == 6
    default_with_desk({"shifts": THREE_SHIFTS, "rotation": FOUR_CREWS})


def test_people_on_duty_by_hour_on_each_day_and_averaged_over_the_week():
    """planner.rostering.on_duty by hand: a night shift counts on the next morning's hours, an
    office shift only on weekdays, copies multiply; and for shifts starting on the hour the
    week's mean of the days' whole people is the search's averaged cover, hour by hour."""
    import random

    from planner.rostering.on_duty import people_by_hour, people_on_day, staffing_by_hour

    night = ("22:00", 10, ("mon",), 1)
    assert people_on_day([night], "mon") == [0] * 22 + [1, 1]
    assert people_on_day([night], "tue") == [1] * 8 + [0] * 16
    assert people_on_day([night], "wed") == [0] * 24
    office = ("08:30", 8, ("mon", "tue", "wed", "thu", "fri"), 2)
    lines = [{"kind": "team", "group": "butlers", "start": "08:30", "length_h": 8, "days": office[2], "people": 1,
              "copies": 2},
             {"kind": "pool", "group": "desk", "start": "00:00", "length_h": 24, "days": WEEKDAYS, "people": 1}]
    by_group = staffing_by_hour(lines)
    assert by_group[("team", "butlers")] == [(office[2], [0] * 8 + [2] * 9 + [0] * 7), (("sat", "sun"), [0] * 24)]
    assert by_group[("pool", "desk")] == [(tuple(WEEKDAYS), [1] * 24)]
    rng = random.Random(7)
    for _ in range(200):
        shifts = [(f"{rng.randrange(24):02d}:00", rng.choice([4, 8, 9, 12]), tuple(rng.sample(WEEKDAYS, rng.randint(1, 7))),
                   rng.randint(0, 3)) for _ in range(rng.randint(1, 4))]
        week = [sum(people_on_day(shifts, d)[h] for d in WEEKDAYS) / 7 for h in range(24)]
        assert week == pytest.approx(people_by_hour(shifts))
