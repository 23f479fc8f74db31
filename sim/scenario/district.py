"""Where a portfolio's sites are and which share field teams: ``portfolio.locations`` and
``portfolio.districts`` (片区, the "butterfly city" 蝶城 of DOMAIN §10; issue 38).

* ``locations``: a site's position, x/y in km on a local plane, or latitude/longitude (turned
  into km on the district's own plane by :func:`positions_km`, equirectangular about the
  district's mean latitude: good to well under 1% across a few km).
* ``districts``: named groups of sites, each with a travel model between its sites
  (road factor × straight-line distance ÷ the speed of the mode + an access time for parking and
  the gate) and a reach limit (every site within ``reach_min`` of every other, by
  ``reach_mode``), and the district's shared teams (``teams``: technicians by trade, on the
  field template's team schema with the mode they travel between sites by and the site where
  their shifts start). A site's own technicians (the field template's, or as many on each shift
  as ``residual`` says for that site) are its residual crew (驻场), tried first (sim.field.district).

:func:`district_problems` is the loader's check of the section (sim.scenario.loader).
[est] = an estimate a planner should replace with the group's own figures.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal, Optional

from pydantic import Field, model_validator

from sim.scenario.field import Team
from sim.scenario.problems import english, problem
from sim.scenario.strict import StrictModel

#: How district staff get from one site to another.
TRAVEL_MODES = ("e_bike", "car", "on_foot")
#: The Earth's mean radius (km), for latitude/longitude to km.
EARTH_RADIUS_KM = 6371.0088


class Location(StrictModel):
    """A site's position: ``x_km``/``y_km`` on a local plane, or ``lat``/``lon`` (degrees)."""

    x_km: Optional[float] = Field(None, ge=-1000, le=1000, description="east of the plane's origin (km)")
    y_km: Optional[float] = Field(None, ge=-1000, le=1000, description="north of the plane's origin (km)")
    lat: Optional[float] = Field(None, ge=-90, le=90, description="latitude (degrees north)")
    lon: Optional[float] = Field(None, ge=-180, le=180, description="longitude (degrees east)")

    @model_validator(mode="after")
    def _one_pair(self):
        xy = (self.x_km is not None, self.y_km is not None)
        geo = (self.lat is not None, self.lon is not None)
        if not ((all(xy) and not any(geo)) or (all(geo) and not any(xy))):
            raise problem("location_one_pair")
        return self

    @property
    def geographic(self) -> bool:
        return self.lat is not None


class SpeedByMode(StrictModel):
    """Mean door-to-door speed between sites by mode, on the road (km/h)."""

    e_bike: float = Field(15.0, gt=0, le=60, description="[est] an e-bike in town, stops included (GB 17761-2018 caps "
                          "an electric bicycle at 25 km/h)")
    car: float = Field(20.0, gt=0, le=120, description="[est] a car or patrol car on town streets at busy hours")
    on_foot: float = Field(4.32, gt=0, le=10, description="walking, 1.2 m/s: the field template's walking speed "
                           "(field.travel.walking_speed_m_per_s)")


class BetweenSites(StrictModel):
    """Travel between two sites of a district: road factor × straight-line distance ÷ speed +
    access (parking, locking the bike, through the gate to the site office)."""

    road_factor: float = Field(1.3, ge=1, le=5, description="[est] road distance over straight-line distance in a "
                               "town grid (about 1.2-1.4)")
    speed_km_per_h: SpeedByMode = Field(default_factory=SpeedByMode)
    access_min: float = Field(3.0, ge=0, le=120, description="[est] parking, locking up and through the gate, per trip")

    def minutes(self, distance_km: float, mode: str) -> float:
        """Minutes from one site's gate to another's, ``distance_km`` apart in a straight line."""
        if distance_km <= 0:
            return 0.0
        return self.road_factor * distance_km / getattr(self.speed_km_per_h, mode) * 60.0 + self.access_min


class Vehicle(StrictModel):
    """What one vehicle of a district team costs: its price depreciated straight-line over its
    life, and its running cost per road km travelled between sites (energy, tyres, upkeep)."""

    price_yuan: float = Field(gt=0, le=10_000_000, description="purchase price (yuan)")
    life_years: float = Field(gt=0, le=50, description="straight-line depreciation life (years)")
    running_yuan_per_km: float = Field(ge=0, le=100, description="running cost per road km (yuan)")


class Vehicles(StrictModel):
    """The vehicles a district team travels between sites by (its ``mode``); one for each of its
    people on duty at the busiest hour (an on-call technician called out takes one too) [est]."""

    e_bike: Vehicle = Field(default_factory=lambda: Vehicle(price_yuan=3500, life_years=4, running_yuan_per_km=0.05),
                            description="[est] an electric bicycle to GB 17761-2018 with a spare battery, 3,000-4,000 "
                            "yuan; 4 years, the shortest depreciation life of a vehicle other than aircraft, trains "
                            "and ships (企业所得税法实施条例 §60); about 1 kWh per 40 km at 0.6 yuan and upkeep, 0.05 "
                            "yuan/km [est]")
    car: Vehicle = Field(default_factory=lambda: Vehicle(price_yuan=100000, life_years=4, running_yuan_per_km=0.6),
                         description="[est] a small electric patrol car, about 100,000 yuan; 4 years, as an e-bike "
                         "(企业所得税法实施条例 §60); electricity about 15 kWh/100 km at 0.8 yuan, insurance and upkeep, 0.6 yuan/km [est]")


class DistrictTeam(Team):
    """A team shared by the sites of a district: the field template's team schema (roster, skills,
    on call at night, in-site travel mode), technicians only for now, with how they travel between
    sites and where their shifts start."""

    role: Literal["technician"] = "technician"
    mode: Literal["e_bike", "car", "on_foot"] = Field("e_bike", description="how they travel between sites")
    base: Optional[str] = Field(None, description="the site whose office their shifts start at (the district's base); "
                                "null: the district's first site")

    @model_validator(mode="after")
    def _no_stations(self):
        if self.stations is not None:  # idle stations are simulated for a site's own teams only (sim.field.team)
            raise problem("district_team_stations")
        return self


class District(StrictModel):
    """Sites that share field teams (片区/蝶城): close enough that staff reach each from any other
    within ``reach_min`` (DOMAIN §10: about 20 minutes by e-bike)."""

    sites: list[str] = Field(min_length=1, max_length=100, description="the district's sites (keys of sites)")
    travel: BetweenSites = Field(default_factory=BetweenSites)
    reach_min: float = Field(20.0, gt=0, le=240, description="every site within this of every other (DOMAIN §10: "
                             "about 20 minutes by e-bike, the operator's AGM remarks, 2023)")
    reach_mode: Literal["e_bike", "car", "on_foot"] = Field("e_bike", description="the mode the reach is measured by")
    teams: dict[str, DistrictTeam] = Field(default_factory=dict, description="the district's shared teams")
    vehicles: Vehicles = Field(default_factory=Vehicles, description="what a shared team's vehicles cost, by the "
                               "mode it travels between sites by (planner.portfolio.district_costs)")
    residual: dict[str, dict[str, dict[str, Annotated[int, Field(ge=0, le=10_000)]]]] = Field(
        default_factory=dict, description="a site's residual crew (驻场) where it differs from the field template: "
        "site → technician team → shift → people (0: none on that shift)")

    def residual_roster(self, site: str, team: str, roster):
        """``roster`` (the field template's, of ``team``) with the people of ``site``'s residual
        crew on each shift named in ``residual``."""
        given = self.residual.get(site, {}).get(team)
        if not given:
            return roster
        shifts = {name: shift.model_copy(update={"agents": given[name]}) if name in given else shift
                  for name, shift in roster.shifts.items()}
        return roster.model_copy(update={"shifts": shifts})

    @property
    def base(self) -> str:
        return self.sites[0]


def positions_km(locations: dict[str, Location], sites: list[str]) -> dict[str, tuple[float, float]]:
    """The sites' positions in km on one plane: x/y as given, or latitude/longitude projected about
    the sites' mean latitude and longitude (equirectangular). Sites without a location are left out."""
    located = [s for s in sites if s in locations]
    geo = [s for s in located if locations[s].geographic]
    out = {s: (locations[s].x_km, locations[s].y_km) for s in located if not locations[s].geographic}
    if geo:
        lat0 = sum(locations[s].lat for s in geo) / len(geo)
        lon0 = sum(locations[s].lon for s in geo) / len(geo)
        k = math.pi / 180 * EARTH_RADIUS_KM
        for s in geo:
            out[s] = ((locations[s].lon - lon0) * k * math.cos(math.radians(lat0)), (locations[s].lat - lat0) * k)
    return out


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def district_problems(scenario, first_roster_gap) -> list[tuple[str, str, str, dict]]:
    """The loader's checks of ``portfolio.locations`` and ``portfolio.districts``: known sites,
    one district per site, a location for every district site (of one kind in a district), every
    site within reach of every other, a team's base among the district's sites, and a shared
    team's roster covering its opening hours (``first_roster_gap``: the loader's, which imports
    this module). Returns (path, message, code, params) as sim.scenario.loader.check_scenario does."""
    out: list[tuple[str, str, str, dict]] = []

    def add(path: str, code: str, **params: Any) -> None:
        out.append((path, english(code, params), code, params))

    portfolio = scenario.portfolio
    if portfolio is None:
        return out
    sites = list(scenario.sites)
    for name in portfolio.locations:
        if name not in scenario.sites:
            add(f"portfolio.locations.{name}", "unknown_portfolio_site", site=name, sites=sites)
    first: dict[str, str] = {}
    for dname, district in portfolio.districts.items():
        where = f"portfolio.districts.{dname}"
        for i, site in enumerate(district.sites):
            if site not in scenario.sites:
                add(f"{where}.sites.{i}", "unknown_portfolio_site", site=site, sites=sites)
            elif site in first:
                add(f"{where}.sites.{i}", "district_site_twice", site=site, name=first[site], district=dname)
            elif site not in portfolio.locations:
                add(f"{where}.sites.{i}", "district_no_location", site=site, district=dname)
            first.setdefault(site, dname)
        located = [s for s in district.sites if s in portfolio.locations]
        kinds = {portfolio.locations[s].geographic for s in located}
        if len(kinds) > 1:
            add(f"{where}.sites", "district_mixed_locations", district=dname, sites=located)
        elif len(located) > 1:
            pos = positions_km(portfolio.locations, located)

            def minutes_between(a: str, b: str) -> float:
                return district.travel.minutes(distance_km(pos[a], pos[b]), district.reach_mode)
            minutes, a, b = max(((minutes_between(a, b), a, b) for i, a in enumerate(located) for b in located[i + 1:]),
                                key=lambda t: t[0])
            if minutes > district.reach_min:
                # name the site of the pair farther from all the others (the one out of place)
                if sum(minutes_between(a, s) for s in located) > sum(minutes_between(b, s) for s in located):
                    a, b = b, a
                index = district.sites.index(b)
                add(f"{where}.sites.{index}", "district_out_of_reach", site=b, other=a, sites=[a], district=dname,
                    minutes=minutes, reach=district.reach_min, mode=district.reach_mode)
        technicians = {n: t for n, t in (scenario.field.teams.items() if scenario.field is not None else ())
                       if t.role == "technician"}
        for site, crews in district.residual.items():
            if site not in district.sites:
                add(f"{where}.residual.{site}", "not_district_site", site=site, district=dname, sites=district.sites)
            for team, shifts in crews.items():
                if team not in technicians:
                    add(f"{where}.residual.{site}.{team}", "no_technician_team", team=team, teams=sorted(technicians))
                    continue
                roster = technicians[team].roster
                for shift in shifts:
                    if roster.rotation is not None or shift not in roster.shifts:
                        add(f"{where}.residual.{site}.{team}.{shift}", "on_call_shift", shift=shift, team=team,
                            shifts=[] if roster.rotation is not None else list(roster.shifts))
        for tname, team in district.teams.items():
            if team.base is not None and team.base not in district.sites:
                add(f"{where}.teams.{tname}.base", "not_district_site", site=team.base, district=dname, sites=district.sites)
            if team.opening_hours is not None:
                gap = first_roster_gap(team)
                if gap:
                    hours = team.opening_hours
                    add(f"{where}.teams.{tname}.roster", "group_gap", gap=gap, start=hours.start, end=hours.end,
                        days=list(hours.days), where=f"{where}.teams.{tname}")
    return out
