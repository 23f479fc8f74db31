"""Idle stations of field teams (issue 38 point 5, sim.field.team: stations): where idle people
wait, the trip back counted as travel, a task given on the way taken from the point reached, and
the mean response of zone stations against the office as the geometry predicts."""

from __future__ import annotations

import math

import numpy as np
import pytest
import simpy

from sim import load_scenario, simulate
from sim.field.geometry import Travel
from sim.field.team import ROUTINE, Leg, Task, Team
from sim.running.replication import SiteModel
from sim.scenario.district import DistrictTeam
from sim.scenario.loader import deep_merge
from tests.sim.field.test_field import interval

SIDE_M = 200.0  # a square site of 40,000 m², four zones of 100 m × 100 m in two rows


def test_an_idle_person_heads_back_and_a_task_on_the_way_starts_from_the_point_reached():
    env = simpy.Environment()
    team = Team(env, "guards", set(), Travel(1.0, access_s=0.0), home=(0.0, 0.0))
    team.stations = [(0.0, 0.0)]
    person = team.start_shift(0.0, 1000.0, (), team.start_place(0))
    first = Task("job", "a", ROUTINE, [Leg((100.0, 0.0), 0.0)], 0.0, "repair")
    second = Task("job", "b", ROUTINE, [Leg((100.0, 0.0), 0.0)], 150.0, "repair")
    env.timeout(0.0).callbacks.append(lambda _e: team.submit(first))
    env.timeout(150.0).callbacks.append(lambda _e: team.submit(second))
    env.run(until=1000.0)
    team.close_books()
    assert first.on_site_s == 100.0  # out 100 m at 1 m/s
    assert second.on_site_s == 200.0  # 50 m back towards the station at 150 s, so 50 m out again
    assert person.time_s["travel:repair"] == pytest.approx(150.0)
    assert person.time_s["travel:station"] == pytest.approx(50.0 + 100.0)  # the first trip back cut short, then all of it
    assert sum(person.time_s.values()) == pytest.approx(1000.0)
    assert person.location == (0.0, 0.0)


def rare_orders(stations: str | None):
    """Rare work orders (a call every 20 h, one minute's work) at uniform points of a square site of
    four equal zones, for four technicians around the clock walking 1 m/s with no access time: the
    response is the walk from wherever the dispatched technician waits."""
    base = {
        "name": "stations",
        "replications": 8,
        "calendar": {"horizon_days": 60, "warmup_days": 1},
        "sites": {"s": {"households": 400, "zones": 4, "land_area_m2": SIDE_M ** 2, "vacant_share": 0}},
        "demand": {"calls": {"repair": {"rate_per_hour": 0.05, "handle_time_s": {"dist": "exponential", "mean": 60}}}},
        "centre": {"pools": {"desk": {"skills": ["calls"], "roster": {"shifts": {"all": {"start": "00:00", "length_h": 24, "agents": 3}}}}}},
        "field": {
            "travel": {"walking_speed_m_per_s": 1.0, "access_s": 0},
            "teams": {"technicians": {"role": "technician", "skills": ["general"], "stations": stations, "roster": {"shifts": {
                "all": {"start": "00:00", "length_h": 24, "agents": 4}}}}},
            "work_orders": {"vacant_checks_per_week": 0, "from_calls": {"repair": {
                "priority": "routine", "work_time_min": {"dist": "deterministic", "value": 1}}}},
        },
    }
    return load_scenario(deep_merge(base, {}))


def mean_walks_m(scenario) -> list[float]:
    """Per replication: the mean walk (m) to the orders created after warm-up."""
    out = []
    for r in simulate(scenario, keep_logs=True).results:
        log = r.log
        walks = [t.on_site_s - t.created_s for f in log.field for t in f.tasks
                 if t.kind == "work_order" and t.created_s >= log.warmup_s and not math.isnan(t.on_site_s)]
        assert len(walks) > 40
        out.append(float(np.mean(walks)))
    return out


def test_zone_stations_shorten_the_mean_response_as_the_geometry_predicts():
    """Jobs uniform over a square of side L, rectilinear distance. From the office at the centre
    the mean walk is E|X − L/2| + E|Y − L/2| = L/4 + L/4 = L/2. With one technician waiting at the
    centre of each of the 2 × 2 zones (cells of side L/2) and the nearest one sent, the job is
    uniform in its own cell, so the walk is (L/2)/4 · 2 = L/4: half the office's. Orders are rare
    enough (0.2% of a technician's time) that the one at the job's zone is nearly always free."""
    office = interval(mean_walks_m(rare_orders("office")), comparisons=2)
    zones = interval(mean_walks_m(rare_orders("zones")), comparisons=2)
    assert office[0] <= SIDE_M / 2 <= office[1], office
    assert zones[0] <= SIDE_M / 4 <= zones[1], zones
    assert zones[1] < office[0]


@pytest.fixture(scope="module")
def stationed_model():
    scenario = load_scenario("scenarios/default.yaml", [
        "calendar.horizon_days=3", "field.teams.guards.stations=zones", "field.teams.technicians.stations=office",
        "field.teams.butlers.stations=office"])
    model = SiteModel(scenario, 3, 0)
    model.run()
    return scenario, model


def test_people_time_is_conserved_with_stations(stationed_model):
    scenario, model = stationed_model
    horizon = scenario.calendar.horizon_days * 86400
    back = 0.0
    for team in model.fields[0].teams.values():
        for person in team.people:
            left = person.left_s if not math.isnan(person.left_s) else horizon
            assert sum(person.time_s.values()) == pytest.approx(left - person.start_s, abs=1e-6)
            back += person.time_s.get("travel:station", 0.0)
    assert back > 0


def test_shifts_start_spread_over_the_stations(stationed_model):
    _, model = stationed_model
    field = model.fields[0]
    centres = {zone.centre for zone in field.geometry.zones}
    guards = field.teams["guards"]
    assert set(guards.stations) == centres
    by_shift: dict[float, list] = {}
    for start_s, _end, _breaks, place in guards.shift_starts:
        by_shift.setdefault(start_s, []).append(place)
    assert len(by_shift) >= 9  # three shifts a day for three days
    for places in by_shift.values():  # each of a shift's guards at a zone of their own while there are zones
        assert len(set(places)) == min(len(places), len(centres)) and set(places) <= centres
    assert {s[3] for s in field.teams["technicians"].shift_starts} == {field.geometry.office}
    for team in field.zone_teams["butlers"]:
        assert team.stations == [team.home]


def test_a_district_team_with_stations_is_refused():
    roster = {"shifts": {"all": {"start": "00:00", "length_h": 24, "agents": 1}}}
    assert DistrictTeam.model_validate({"roster": roster}).stations is None
    with pytest.raises(ValueError, match="district_team_stations"):
        DistrictTeam.model_validate({"roster": roster, "stations": "zones"})
