"""Districts in a scenario (portfolio.locations, portfolio.districts; sim.scenario.district): the
template loads within its reach, and the loader refuses a site out of reach, a site in two
districts, an unknown site, a site without a location and a location of neither or both kinds,
each naming the field, the value and what is allowed, in English and in Chinese."""

from __future__ import annotations

import copy
import math

import pytest

from sim.scenario.district import BetweenSites, positions_km, distance_km, Location
from sim.scenario.errors import ScenarioError
from sim.scenario.loader import load_raw, load_scenario, replace_sites, validate
from ui import i18n, names

TEMPLATE = "scenarios/portfolios/district_east.yaml"


@pytest.fixture(scope="module")
def raw():
    return load_raw(TEMPLATE)[0]


def refused(data) -> list:
    with pytest.raises(ScenarioError) as caught:
        validate(data)
    return caught.value.issues


def test_the_template_is_one_district_of_five_to_eight_sites_within_reach():
    scenario = load_scenario(TEMPLATE)
    (district,) = scenario.portfolio.districts.values()
    assert 5 <= len(district.sites) <= 8 and sorted(district.sites) == sorted(scenario.sites)
    pos = positions_km(scenario.portfolio.locations, district.sites)
    spread = max(distance_km(pos[a], pos[b]) for a in pos for b in pos)
    assert 1.0 < spread <= 3.5
    farthest = district.travel.minutes(spread, district.reach_mode)
    assert farthest <= district.reach_min
    # road factor × distance ÷ speed + access, by hand for the farthest pair
    assert farthest == pytest.approx(1.3 * spread / 15 * 60 + 3)


def test_a_site_out_of_reach_is_refused_naming_it_and_the_limit(raw):
    data = copy.deepcopy(raw)
    data["portfolio"]["locations"]["taoli"] = {"x_km": 2.2, "y_km": 1.8}
    (issue,) = refused(data)
    assert issue.path == "portfolio.districts.east.sites.4" and issue.value == "taoli"
    assert issue.code == "district_out_of_reach" and issue.params["reach"] == 20
    assert "'taoli'" in issue.message and "reach_min = 20 min" in issue.message
    minutes = BetweenSites().minutes(math.hypot(3.1, 2.5), "e_bike")  # to qinyuan, the farthest
    assert issue.params["other"] == "qinyuan" and issue.params["minutes"] == pytest.approx(minutes)
    zh = i18n.problem_text(issue, "zh")
    assert "超过片区的可达时限 20 分钟" in zh and f"{minutes:.1f} 分钟" in zh
    # by car the same site is within reach
    data["portfolio"]["districts"]["east"]["reach_mode"] = "car"
    validate(data)


def test_a_site_in_two_districts_an_unknown_site_and_a_site_without_location_are_refused(raw):
    data = copy.deepcopy(raw)
    data["portfolio"]["districts"]["west"] = {"sites": ["cuihu", "nowhere"]}
    del data["portfolio"]["locations"]["lanshan"]
    issues = {i.path: i for i in refused(data)}
    assert issues["portfolio.districts.west.sites.0"].code == "district_site_twice"
    assert "already in district 'east'" in issues["portfolio.districts.west.sites.0"].message
    unknown = issues["portfolio.districts.west.sites.1"]
    assert unknown.value == "nowhere" and unknown.code == "unknown_portfolio_site" and "cuihu" in unknown.message
    missing = issues["portfolio.districts.east.sites.3"]
    assert missing.code == "district_no_location" and "portfolio.locations.lanshan" in missing.message
    names.use(names.display_names(raw))  # the district's and the sites' names, as the app has them
    for issue in issues.values():
        zh = i18n.problem_text(issue, "zh")
        assert zh and not any("a" <= c.lower() <= "z" for c in zh), zh
    assert "已属于片区「东片区」" in i18n.problem_text(issues["portfolio.districts.west.sites.0"], "zh")
    names.use(None)


@pytest.mark.parametrize("location", [{"x_km": 1.0}, {"x_km": 1.0, "y_km": 2.0, "lat": 22.5, "lon": 114.0}, {}])
def test_a_location_needs_one_pair(raw, location):
    data = copy.deepcopy(raw)
    data["portfolio"]["locations"]["cuihu"] = location
    (issue,) = refused(data)
    assert issue.path == "portfolio.locations.cuihu" and issue.code == "location_one_pair"
    assert "x_km and y_km, or lat and lon" in issue.message and "二者选一" in i18n.problem_text(issue, "zh")


def test_latitude_and_longitude_become_km_on_the_district_plane(raw):
    # 0.01° of latitude is 1.112 km everywhere; 0.01° of longitude at 30° north is 0.963 km
    locations = {"a": Location(lat=30.0, lon=120.0), "b": Location(lat=30.01, lon=120.0),
                 "c": Location(lat=30.0, lon=120.01)}
    pos = positions_km(locations, ["a", "b", "c"])
    assert distance_km(pos["a"], pos["b"]) == pytest.approx(1.1119, rel=1e-3)
    assert distance_km(pos["a"], pos["c"]) == pytest.approx(1.1119 * math.cos(math.radians(30.0033)), rel=1e-3)
    data = copy.deepcopy(raw)
    data["portfolio"]["locations"]["cuihu"] = {"lat": 30.0, "lon": 120.0}
    (issue,) = refused(data)
    assert issue.code == "district_mixed_locations"


def test_a_team_base_outside_the_district_is_refused(raw):
    data = copy.deepcopy(raw)
    data["portfolio"]["districts"]["east"]["teams"]["mobile_repair"]["base"] = "binjiang"
    (issue,) = refused(data)
    assert issue.path == "portfolio.districts.east.teams.mobile_repair.base" and issue.code == "not_district_site"


def test_replacing_sites_keeps_a_district_to_the_sites_still_there(raw):
    data = replace_sites(copy.deepcopy(raw), {k: raw["sites"].get(k, {}) for k in ("cuihu", "jinxiu")})
    assert data["portfolio"]["districts"]["east"]["sites"] == ["cuihu", "jinxiu"]
    assert set(data["portfolio"]["locations"]) == {"cuihu", "jinxiu"}


def test_a_sites_residual_crew_may_differ_from_the_template(raw):
    from sim.running.replication import SiteModel

    data = copy.deepcopy(raw)
    data["calendar"] = {**data.get("calendar", {}), "horizon_days": 2}
    data["portfolio"]["districts"]["east"]["residual"] = {"cuihu": {"technicians": {"day": 2, "evening": 1}},
                                                         "jinxiu": {"technicians": {"day": 0}}}
    scenario = validate(data)
    model = SiteModel(scenario, scenario.seed, 0)
    model.run()
    sites = {f.site_name: f for f in model.fields}
    started = {name: sorted(round(p.start_s / 3600) for p in f.teams["technicians"].people) for name, f in sites.items()}
    assert started["cuihu"] == [8, 8, 17, 32, 32, 41]  # two by day, one in the evening, each day
    assert started["jinxiu"] == [] and started["huayuan"] == [8, 32]  # none; the template's one by day


@pytest.mark.parametrize("residual,path,code", [
    ({"binjiang": {"technicians": {"day": 1}}}, "portfolio.districts.east.residual.binjiang", "not_district_site"),
    ({"cuihu": {"guards": {"day": 1}}}, "portfolio.districts.east.residual.cuihu.guards", "no_technician_team"),
    ({"cuihu": {"technicians": {"late": 1}}}, "portfolio.districts.east.residual.cuihu.technicians.late", "on_call_shift"),
    ({"cuihu": {"technicians": {"day": -1}}}, "portfolio.districts.east.residual.cuihu.technicians.day",
     "greater_than_equal"),
])
def test_a_residual_crew_of_no_site_team_or_shift_of_the_district_is_refused(raw, residual, path, code):
    data = copy.deepcopy(raw)
    data["portfolio"]["districts"]["east"]["residual"] = residual
    (issue,) = refused(data)
    assert issue.path == path and issue.code == code
