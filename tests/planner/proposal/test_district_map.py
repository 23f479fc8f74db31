"""The sites on a map, coloured by district (planner.proposal.district_map): points where the
locations put them (x/y as given; latitude/longitude in km about their centre), one colour per
district and grey for a site in none, the names given (never a key; no English in the Chinese
figure), a round scale length, and a map for every valid layout: one site, sites on one spot,
both kinds of location, more districts than the palette has colours."""

from __future__ import annotations

import copy
import math
import random
import re

import pytest
from matplotlib.colors import to_hex
from matplotlib.text import Text

from planner.proposal.district_map import NO_DISTRICT, district_colours, district_map, district_map_png, map_planes, scale_km
from sim.scenario.district import EARTH_RADIUS_KM
from sim.scenario.loader import load_raw, load_scenario, validate
from ui import names as ui_names

TEMPLATE = "scenarios/portfolios/district_east.yaml"


@pytest.fixture(scope="module")
def raw():
    return load_raw(TEMPLATE)[0]


def key_names(scenario, lang: str) -> dict[str, str]:
    """The app's names of the sites and districts (ui.names: the scenario's own, then the templates')."""
    own = ui_names.display_names(scenario.model_dump(mode="json"))
    return {k: ui_names.key_name(k, lang, own) for k in [*scenario.sites, *scenario.portfolio.districts]}


def points(fig, district: str) -> list[tuple[float, float]]:
    """The points drawn for ``district`` ("" for the sites in no district), every panel's."""
    return [tuple(map(float, p)) for ax in fig.axes for c in ax.collections if c.get_gid() == district
            for p in c.get_offsets()]


def colours(fig, district: str) -> set[str]:
    return {to_hex(c) for ax in fig.axes for col in ax.collections if col.get_gid() == district
            for c in col.get_edgecolors()}


def words(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text().strip()]


def test_the_template_puts_each_site_where_its_location_says_in_the_districts_colour():
    scenario = load_scenario(TEMPLATE)
    locations = scenario.portfolio.locations
    for lang in ("zh", "en"):
        named = key_names(scenario, lang)
        fig = district_map(scenario, lang, named)
        (ax,) = fig.axes
        drawn = points(fig, "east")
        assert sorted(drawn) == sorted((locations[s].x_km, locations[s].y_km) for s in scenario.sites)
        assert len(colours(fig, "east")) == 1 and not points(fig, "")
        labels = {a.get_text(): a.xy for a in ax.texts if a.get_text() in named.values()}
        assert {labels[named[s]] for s in scenario.sites} == {(locations[s].x_km, locations[s].y_km) for s in scenario.sites}
        shown = " ".join(words(fig))
        assert named["east"] in shown and "20" in shown  # the district's name and its reach limit
        assert not re.search(r"\b(cuihu|jinxiu|qinyuan|east|e_bike)\b", shown)  # no key
        if lang == "zh":
            assert not re.search(r"[A-Za-z]", shown), shown
            assert "公里" in shown or "米" in shown
        else:
            assert re.search(r"\d+ (km|m)\b", shown) and "e-bike" in shown
    assert district_map_png(scenario, "zh", key_names(scenario, "zh"))[:8] == b"\x89PNG\r\n\x1a\n"


def test_latitude_longitude_in_km_about_the_centre_beside_a_plane_of_x_y(raw):
    """Two districts, one by x/y and one by latitude/longitude, and a site in no district: two
    panels; the geographic sites' distances are the sphere's (within 0.5%) about their centre;
    one colour each district, the site in none grey; unnamed sites and districts by their order."""
    data = copy.deepcopy(raw)
    lat0, lon0 = 30.25, 120.15
    geo = {"lanshan": (lat0, lon0), "taoli": (lat0 + 0.012, lon0 + 0.01), "qinyuan": (lat0 - 0.004, lon0 + 0.02)}
    data["portfolio"]["locations"].update({s: {"lat": a, "lon": o} for s, (a, o) in geo.items()})
    data["portfolio"]["districts"]["east"]["sites"] = ["cuihu", "jinxiu", "huayuan"]
    data["portfolio"]["districts"]["west"] = {"sites": ["lanshan", "taoli"], "reach_mode": "car", "reach_min": 15}
    scenario = validate(data)
    planes = map_planes(scenario)
    assert [p.geographic for p in planes] == [False, True]
    fig = district_map(scenario, "zh")
    assert len(fig.axes) == 2
    west, alone = points(fig, "west"), points(fig, "")
    assert len(west) == 2 and len(alone) == 1
    at = planes[1].points
    assert sum(x for x, _ in at.values()) == pytest.approx(0, abs=1e-9)  # about the centre
    assert sum(y for _, y in at.values()) == pytest.approx(0, abs=1e-9)

    def sphere_km(a, b):  # haversine
        (p1, l1), (p2, l2) = (map(math.radians, geo[a]), map(math.radians, geo[b]))
        h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin((l2 - l1) / 2) ** 2
        return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))
    for a, b in (("lanshan", "taoli"), ("taoli", "qinyuan"), ("lanshan", "qinyuan")):
        assert math.dist(at[a], at[b]) == pytest.approx(sphere_km(a, b), rel=5e-3)
    assert sorted(west) == sorted(at[s] for s in ("lanshan", "taoli")) and alone == [at["qinyuan"]]
    east, westc = colours(fig, "east"), colours(fig, "west")
    assert len(east) == len(westc) == 1 and east != westc and colours(fig, "") == {NO_DISTRICT}
    shown = " ".join(words(fig))
    assert "片区 2：汽车 15 分钟内互达" in shown and "不属任何片区" in shown and "项目 " in shown
    assert not re.search(r"[A-Za-z]", shown), shown


def test_every_valid_layout_is_drawn(raw):
    """One site located, every site on one spot, a portfolio without locations (no map), and 50
    sites each its own district at random places: more districts than the palette's colours, each
    still its own colour."""
    one = copy.deepcopy(raw)
    one["portfolio"]["districts"] = {}
    one.pop("display_names")  # (the district's and its team's names name no key now)
    one["portfolio"]["locations"] = {"cuihu": {"x_km": 3.0, "y_km": -2.0}}
    fig = district_map(validate(one), "en")
    assert points(fig, "") == [(3.0, -2.0)]
    same = copy.deepcopy(raw)
    same["portfolio"]["locations"] = {s: {"x_km": 1.0, "y_km": 1.0} for s in same["portfolio"]["locations"]}
    assert len(points(district_map(validate(same), "zh"), "east")) == 6
    none = copy.deepcopy(raw)
    none["portfolio"]["districts"], none["portfolio"]["locations"] = {}, {}
    none.pop("display_names")
    assert district_map(validate(none), "zh") is None and district_map_png(validate(none), "zh") is None

    group = load_raw("scenarios/portfolios/group_portfolio_50.yaml")[0]
    rng = random.Random(7)
    sites = list(validate(group).sites)
    group.setdefault("portfolio", {})["locations"] = {s: {"lat": 31 + rng.uniform(-0.3, 0.3), "lon": 121 + rng.uniform(-0.3, 0.3)}
                                                      for s in sites}
    group["portfolio"]["districts"] = {f"d{i}": {"sites": [s]} for i, s in enumerate(sites)}
    scenario = validate(group)
    fig = district_map(scenario, "zh")
    drawn = {d: colours(fig, d) for d in scenario.portfolio.districts}
    assert all(len(c) == 1 for c in drawn.values()) and len(set().union(*drawn.values())) == len(sites)
    assert len(set(district_colours(len(sites)))) == len(sites)


@pytest.mark.parametrize("extent", [0.001, 0.05, 0.4, 1.0, 2.5, 3.0, 7.3, 12.0, 99.0, 640.0])
def test_the_scale_is_a_round_length_about_a_quarter_of_the_map(extent):
    length = scale_km(extent)
    mantissa = length / 10 ** math.floor(math.log10(length) + 1e-9)
    assert round(mantissa, 6) in (1.0, 2.0, 5.0)
    assert extent / 10 < length <= extent / 4 + 1e-12
