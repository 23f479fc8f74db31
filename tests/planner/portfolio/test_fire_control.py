"""The fire control room (消防控制室) under both operating models: GB 25506-2010 §4.2.1 keeps it on
duty around the clock with two certified people a shift whoever answers the phone, so centralised
control (seed 000) replaces the gate and car-park posts but keeps the room: in the scenario
(which posts are staffed, at which sites), the simulation (what the room handles), the compliance
rules, the search (the room never below two; its own alarm checks as an option), the budget and
the portfolio's centralised side, and the warnings of a scenario that switches a room off."""

from __future__ import annotations

import pytest

from planner.costs.team import fte_per_shift_day, group_headcounts, roster_lines
from planner.plan import make_plan
from planner.portfolio.split import own_scenario
from planner.rostering.compliance import compliance_checks, raise_to_comply
from planner.search.design import DesignOption, design_options
from sim import load_scenario, simulate
from sim.scenario.errors import ScenarioError
from sim.scenario.fire_control import fire_control_warnings
from sim.scenario.loader import apply_overrides, validate
from sim.scenario.site import FIRE_CONTROL_ROOMS_BY_TYPE, Site

from test_portfolio import portfolio

DEFAULT, CENTRALISED = "scenarios/default.yaml", "scenarios/default_centralised.yaml"


def _with(scenario, *overrides):
    return validate(apply_overrides(scenario.model_dump(mode="json"), list(overrides), strict=False))


def test_a_site_has_a_fire_control_room_by_its_building_type_unless_it_says_otherwise():
    for building, rooms in FIRE_CONTROL_ROOMS_BY_TYPE.items():
        assert Site(households=10, building_type=building).fire_control_room_count == rooms
    assert FIRE_CONTROL_ROOMS_BY_TYPE["high_rise"] == 1 and FIRE_CONTROL_ROOMS_BY_TYPE["villa"] == 0
    assert Site(households=10, building_type="villa", fire_control_rooms=1).fire_control_room_count == 1
    assert Site(households=10).fire_control_room_count == 1  # the default: a high-rise site


def test_centralised_control_keeps_the_fire_control_room_and_drops_the_gate_posts():
    traditional, centralised = load_scenario(DEFAULT), load_scenario(CENTRALISED)
    assert list(traditional.staffed_posts()) == ["main_gate", "car_park", "monitoring_room"]
    assert list(centralised.staffed_posts()) == ["monitoring_room"]
    assert [g.path for g in centralised.staffed_groups() if g.kind == "post"] == ["field.posts.monitoring_room"]
    # A post's own switch keeps it (an entrance staffed under centralised control too) ...
    kept = load_scenario(CENTRALISED, ["field.posts.main_gate.staffed_when_centralised=true"])
    assert list(kept.staffed_posts()) == ["main_gate", "monitoring_room"]
    # ... and a site without a room (a villa estate; a room switched off) has none staffed.
    no_room = load_scenario(CENTRALISED, ["sites.cuihu.fire_control_rooms=0"])
    assert list(no_room.staffed_posts()) == []
    assert list(load_scenario(DEFAULT, ["sites.cuihu.building_type=villa"]).staffed_posts()) == ["main_gate", "car_park"]


def test_under_centralised_control_the_room_handles_no_calls_and_only_what_it_is_given():
    with pytest.raises(ScenarioError) as err:
        load_scenario(CENTRALISED, ["field.posts.monitoring_room.handles_when_centralised=[calls]"])
    assert "handles_when_centralised" in str(err.value) and "never the group's phone" in str(err.value)
    post = load_scenario(CENTRALISED).field.posts["monitoring_room"]
    assert post.handles_under("centralised") == [] and post.covers_under("centralised") is None
    assert post.handles_under("traditional") == ["remote_ops.alarm_check"]


def test_the_compliance_rule_is_checked_and_raised_under_both_models():
    for path in (DEFAULT, CENTRALISED):
        bad = load_scenario(path, ["field.posts.monitoring_room.roster.shifts.night.agents=1"])
        failed = [c for c in compliance_checks(bad) if not c.ok]
        assert [(c.rule, c.where, c.required, c.planned) for c in failed] == [
            ("fire_control", "field.posts.monitoring_room", 2, 1)]
        assert raise_to_comply(bad) == {"field.posts.monitoring_room.roster.shifts.night.agents": 2}
    # Under centralised control the entrance and car-park rules are not the site's: its gates are remote.
    rules = {c.rule for c in compliance_checks(load_scenario(CENTRALISED))}
    assert "fire_control" in rules and not rules & {"entrances", "car_parks"}


def test_the_budget_pays_the_room_under_centralised_control():
    centralised = load_scenario(CENTRALISED)
    posts = [line for line in roster_lines(centralised) if line.kind == "post"]
    assert {line.group for line in posts} == {"monitoring_room"}
    assert all(line.people >= 2 and line.copies == 1 for line in posts)
    (room,) = group_headcounts(posts, fte_per_shift_day(centralised.costs))
    # Two people on three 8-hour shifts every day: 42 shift-days a week, by the relief rule 8.94 -> 9.
    assert room.shift_days_per_week == 42 and room.people == 9
    assert not [line for line in roster_lines(load_scenario(CENTRALISED, ["sites.cuihu.fire_control_rooms=0"]))
                if line.kind == "post"]


def test_the_rooms_alarm_checks_are_an_option_of_the_sites_own_centre_only():
    names = [o.name for o in design_options(load_scenario(CENTRALISED))]
    assert "room_alarms:monitoring_room>remote_ops.alarm_check" in names
    assert not [n for n in names if n.startswith("night_cover")]  # never the group's phone
    assert not [o for o in design_options(load_scenario(DEFAULT)) if o.kind == "room_alarms"]
    group_site = own_scenario(portfolio(), "jinxiu", "centralised")
    assert list(group_site.staffed_posts()) == ["monitoring_room"]
    assert not [o for o in design_options(group_site) if o.kind == "room_alarms"]


def test_with_the_option_on_the_room_answers_its_sites_alarm_checks():
    base = load_scenario(CENTRALISED, ["calendar.horizon_days=2", "replications=2"])
    data = base.model_dump(mode="json")
    DesignOption.parse("room_alarms:monitoring_room>remote_ops.alarm_check").apply(data)
    on = validate(data)
    assert on.field.posts["monitoring_room"].handles_when_centralised == ["remote_ops.alarm_check"]

    def alarm_checks(run):
        table = run.kpi_table()
        rows = table[(table.stream == "staff") & (table.metric == "occupancy")]
        return {str(g): m for g, m in zip(rows.group, rows["mean"])}

    off_occupancy, on_occupancy = alarm_checks(simulate(base)), alarm_checks(simulate(on))
    room = "cuihu/monitoring_room"
    assert room not in off_occupancy  # off: the room is staffed for its own duty, outside the model
    assert on_occupancy[room] > 0     # on: it works its site's alarm checks


def test_a_centralised_plan_never_staffs_the_room_with_fewer_than_two():
    # The site's room starts at one a shift (breaking GB 25506): the plan raises it to two a shift
    # and pays the nine people it takes, under centralised control.
    site = own_scenario(portfolio(), "jinxiu", "centralised", horizon_days=2)
    shifts = list(site.field.posts["monitoring_room"].roster.shifts)
    site = _with(site, *[f"field.posts.monitoring_room.roster.shifts.{n}.agents=1" for n in shifts])
    plan = make_plan(site, start="scenario", replications=2, search_days=None, verify_replications=2,
                     design_moves=False, use_options=False)
    room = [line for line in plan.lines if line.kind == "post"]
    assert room and {line.group for line in room} == {"monitoring_room"}
    assert all(line.people >= 2 for line in room)
    assert all(c.ok for c in compliance_checks(plan.search.planned) if c.rule == "fire_control")
    people = {g.group: g.people for g in group_headcounts(room, fte_per_shift_day(site.costs))}
    assert people["monitoring_room"] >= 9
    assert plan.headcount["post_guard"] >= 9


def test_switching_a_room_off_warns_naming_the_standard_unless_a_local_rule_is_given():
    assert fire_control_warnings(load_scenario(DEFAULT)) == []
    assert fire_control_warnings(load_scenario("scenarios/villa_estate.yaml")) == []
    (warning,) = fire_control_warnings(load_scenario(DEFAULT, ["sites.cuihu.fire_control_rooms=0"]))
    assert warning.path == "sites.cuihu.fire_control_rooms"
    assert "GB 25506-2010" in warning.en and "GB 25506-2010" in warning.zh and "消防控制室" in warning.zh
    assert fire_control_warnings(load_scenario(DEFAULT, ["sites.cuihu.fire_control_rooms=0",
                                                         "sites.cuihu.fire_control_source=local rule [est]"])) == []
    (no_post,) = fire_control_warnings(load_scenario(DEFAULT, ["field.posts.monitoring_room=null"]))
    assert no_post.path == "sites.cuihu.fire_control_rooms" and "not staffed" in no_post.en
    (off,) = fire_control_warnings(load_scenario(CENTRALISED,
                                                 ["field.posts.monitoring_room.staffed_when_centralised=false"]))
    assert off.path == "field.posts.monitoring_room.staffed_when_centralised"
