"""Move-in phases (sim.scenario.move_in): bad phases get one message naming the field, the value
and what is allowed; a scenario at an occupancy scales the demand residents make and nothing else."""

from __future__ import annotations

import pytest

from sim.scenario.errors import MISSING, ScenarioError
from sim.scenario.loader import load_scenario
from sim.scenario.move_in import at_occupancy

DEFAULT = "scenarios/default.yaml"
THREE = "[{from_month: 1, to_month: 6, occupancy: 0.3}, {from_month: 7, to_month: 18, occupancy: 0.6}, " \
        "{from_month: 19, occupancy: 0.9}]"


def _load(phases: str):
    return load_scenario(DEFAULT, [f"+move_in={{phases: {phases}}}"])


def test_three_phases_from_month_one_to_the_contract_end_load():
    phases = _load(THREE).move_in.phases
    assert [(p.from_month, p.to_month, p.occupancy) for p in phases] == [(1, 6, 0.3), (7, 18, 0.6), (19, None, 0.9)]
    assert [p.months(36) for p in phases] == [6, 12, 18]


@pytest.mark.parametrize("phases,path,value,words", [
    ("[{from_month: 1, to_month: 6, occupancy: 0.3}, {from_month: 6, occupancy: 0.9}]",
     "move_in.phases.1.from_month", 6, ["overlaps", "must start at month 7"]),
    ("[{from_month: 1, to_month: 6, occupancy: 0.3}, {from_month: 8, occupancy: 0.9}]",
     "move_in.phases.1.from_month", 8, ["gap", "must start at month 7"]),
    ("[{from_month: 1, to_month: 6, occupancy: 1.3}, {from_month: 7, occupancy: 0.9}]",
     "move_in.phases.0.occupancy", 1.3, ["between 0 and 1", "0–100%"]),
    ("[{from_month: 1, to_month: 6, occupancy: -0.1}, {from_month: 7, occupancy: 0.9}]",
     "move_in.phases.0.occupancy", -0.1, ["between 0 and 1"]),
    ("[{from_month: 1, to_month: 6, occupancy: 0.3}, {from_month: 7, to_month: 5, occupancy: 0.5}, "
     "{from_month: 6, occupancy: 0.9}]", "move_in.phases.1.to_month", 5, ["before from_month 7", "at least one month"]),
    ("[{from_month: 1, to_month: 0, occupancy: 0.3}, {from_month: 1, occupancy: 0.9}]",
     "move_in.phases.0.to_month", 0, ["≥ 1"]),
    ("[{from_month: 2, occupancy: 0.9}]", "move_in.phases.0.from_month", 2, ["must start at month 1"]),
    ("[{from_month: 1, to_month: 6, occupancy: 0.3}]", "move_in.phases.0.to_month", 6, ["before the contract's end"]),
    ("[{from_month: 1, occupancy: 0.3}, {from_month: 7, occupancy: 0.9}]", "move_in.phases.0.to_month", MISSING,
     ["only the last phase"]),
])
def test_bad_phases_get_one_message_naming_the_field_and_the_value(phases, path, value, words):
    with pytest.raises(ScenarioError) as caught:
        _load(phases)
    issues = caught.value.issues
    assert len(issues) == 1, [str(i) for i in issues]
    assert issues[0].path == path
    assert (issues[0].value is MISSING) if value is MISSING else issues[0].value == value
    assert all(word in issues[0].message for word in words), issues[0].message


def test_full_occupancy_is_the_scenario_itself():
    scenario = _load(THREE)
    full = at_occupancy(scenario, 1.0)
    assert full.move_in is None
    assert full == load_scenario(DEFAULT)


def test_occupancy_scales_what_residents_make_and_nothing_else():
    scenario = load_scenario(DEFAULT)
    low = at_occupancy(scenario, 0.3)
    for name, call in scenario.demand.calls.items():
        assert low.demand.calls[name].rate_field[1] == pytest.approx(0.3 * call.rate_field[1])
    for name, ticket in scenario.demand.tickets.items():
        assert low.demand.tickets[name].rate_field[1] == pytest.approx(0.3 * ticket.rate_field[1])
    ops = scenario.demand.remote_ops
    assert low.demand.remote_ops["vehicle_gate"].rate_field[1] == pytest.approx(0.3 * ops["vehicle_gate"].rate_field[1])
    assert low.demand.remote_ops["alarm_check"].rate_field == ops["alarm_check"].rate_field  # per camera
    assert low.field.incidents["dispute"].rate_per_day == pytest.approx(0.3 * scenario.field.incidents["dispute"].rate_per_day)
    assert low.field.incidents["lift_entrapment"] == scenario.field.incidents["lift_entrapment"]
    assert low.field.butlers.visits_per_household_per_month == pytest.approx(
        0.3 * scenario.field.butlers.visits_per_household_per_month)
    assert low.sites["cuihu"].vacant_share == pytest.approx(1 - 0.3 * (1 - scenario.sites["cuihu"].vacant_share))
    # equipment, planned maintenance, patrols, posts and the compliance rules stay
    for part in ("equipment", "patrols", "posts", "teams"):
        assert getattr(low.field, part) == getattr(scenario.field, part)
    assert low.field.work_orders.planned == scenario.field.work_orders.planned
    assert low.targets == scenario.targets and low.costs == scenario.costs
