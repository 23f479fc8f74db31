"""The ``portfolio`` section of a multi-site scenario: how a group runs its sites and what its
group call centre costs (DOMAIN §2, §6, §9 "Group centre"; seed 000).

* ``site_models``: the operating model of each site named (the others take the scenario's
  ``operating_model``), so a group part-way through its migration can be planned;
* ``allocation_basis``: how the centre's cost is shared among the sites it serves (contacts it
  handled for each, households or floor area);
* the centre's own cost lines, each with its source: seats, platform licence, the 400 hotline,
  premises, the build cost depreciated over its life, and supervision.

The planner (``planner.portfolio``) reads it; the simulation reads only ``districts`` (shared
teams, sim.field.district) and the ``locations`` of their sites. Money in yuan, per year
unless the name says otherwise. [est] = an estimate a planner should replace with the group's
own figures.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, NonNegativeFloat, PositiveFloat

from sim.scenario.district import District, Location
from sim.scenario.strict import StrictModel

#: How the centre's cost may be shared among the sites it serves.
ALLOCATION_BASES = ("contacts", "households", "floor_area")


class CentreCosts(StrictModel):
    """The group call centre's cost lines besides its agents' labour (which the budget takes from
    the planned rosters and the scenario's wages and on-costs)."""

    seat_cost_yuan_per_year: NonNegativeFloat = Field(
        6000.0, description="one seat (workstation, headset, softphone licence), depreciated, per year [est]")
    platform_licence_yuan_per_year: NonNegativeFloat = Field(
        300000.0, description="IoT remote-control and work-order platform licence and support (seed 000) [est]")
    platform_licence_yuan_per_site_per_year: NonNegativeFloat = Field(
        6000.0, description="platform licence per site connected (device and user counts) [est]")
    hotline_yuan_per_year: NonNegativeFloat = Field(
        24000.0, description="the 400 number (one national number, seed 000): rental, trunk lines [est]")
    hotline_yuan_per_call_minute: NonNegativeFloat = Field(
        0.10, description="400-number call charge per minute of answered calls [est]")
    premises_m2_per_seat: PositiveFloat = Field(
        8.0, description="floor area of the centre per seat, aisles and rooms included [est]")
    premises_rent_yuan_per_m2_month: NonNegativeFloat = Field(
        60.0, description="rent and service charge of the centre's offices, tier-2 city [est]")
    build_cost_yuan: NonNegativeFloat = Field(
        1500000.0, description="fitting out the centre: video wall, network, servers, integration [est]")
    build_life_years: PositiveFloat = Field(5.0, description="depreciation period of the build cost, years [est]")
    build_cost_per_site_yuan: NonNegativeFloat = Field(
        20000.0, description="connecting one site to the centre: integration and commissioning [est]")
    agents_per_supervisor: PositiveFloat = Field(
        10.0, description="agents per team leader (DOMAIN §9: a team of more than about 8–12 has one)")
    supervisor_wage_yuan_per_month: PositiveFloat = Field(
        7000.0, description="team leader's gross monthly wage [est]")
    manager_yuan_per_year: NonNegativeFloat = Field(
        250000.0, description="the centre manager, all on-costs included [est]")


class Portfolio(StrictModel):
    """A group's sites under one call centre: each site's operating model, the centre's costs and
    how they are shared (``planner.portfolio``)."""

    site_models: dict[str, Literal["traditional", "centralised"]] = Field(
        default_factory=dict, description="operating model of a site named in sites; the others take "
        "the scenario's operating_model (a group part-way through its migration)")
    allocation_basis: Literal["contacts", "households", "floor_area"] = Field(
        "contacts", description="how the centre's cost is shared among the sites it serves: contacts it "
        "handled for each (DOMAIN §9: usually by contact volume or floor area), households or floor area")
    centre_costs: CentreCosts = Field(default_factory=CentreCosts)
    max_sites_per_centre: int = Field(
        50, ge=1, le=100000, description="management span of one centre (seed 000: about 50 sites)")
    locations: dict[str, Location] = Field(
        default_factory=dict, description="where a site named in sites is: x/y in km or latitude/longitude "
        "(sim.scenario.district)")
    districts: dict[str, District] = Field(
        default_factory=dict, description="districts (片区/蝶城): sites close enough to share field teams, with the "
        "travel between them, the reach limit and the shared teams (sim.scenario.district)")
