"""A whole scenario (the root of a scenario file): its sites, demand, contact centre, field
operations, commitments and costs."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field, field_validator

from sim.scenario.calendar import Calendar
from sim.scenario.centre import Centre
from sim.scenario.costs import Costs
from sim.scenario.demand import Demand
from sim.scenario.field import FieldOps
from sim.scenario.proposal import ProposalText
from sim.scenario.organisation import Organisation
from sim.scenario.names import DisplayName
from sim.scenario.portfolio import Portfolio
from sim.scenario.roster import _drop_nulls
from sim.scenario.site import Site
from sim.scenario.strict import StrictModel
from sim.scenario.targets import Targets


class Scenario(StrictModel):
    """A whole scenario: sites, their demand, the contact centre's staff and the targets."""

    name: str = Field(min_length=1, max_length=200, description="short identifier used in reports")
    description: str = Field("", description="what the scenario shows, for people (English)")
    description_zh: str = Field("", max_length=2000, description="the same in Chinese: the Chinese app shows and edits it")
    seed: int = Field(1, ge=0, le=2**63 - 1, description="root of every random stream")
    replications: int = Field(10, ge=1, le=10000, description="independent runs; intervals need ≥ 2")
    calendar: Calendar = Field(default_factory=Calendar)
    sites: dict[str, Site] = Field(min_length=1)
    demand: Demand
    centre: Centre
    operating_model: Literal["traditional", "centralised"] = Field(
        "centralised", description="traditional: fixed posts handle their site's remote operations; "
        "centralised: the contact centre's remote-operation seats do")
    field: Optional[FieldOps] = Field(None, description="field operations at every site; null: contact centre only")
    targets: Targets = Field(default_factory=Targets)
    costs: Costs = Field(default_factory=Costs, description="wages, on-costs, rates, taxes and fee for the "
                         "budget and fee estimate (DOMAIN §6)")
    proposal: ProposalText = Field(default_factory=ProposalText, description="names and texts of the bid "
                                   "document: bidder, project, site names, training plan, qualifications by post")
    organisation: Organisation = Field(default_factory=Organisation, description="supervisors and team leaders by "
                                       "span of control (DOMAIN §9)")
    display_names: dict[str, DisplayName] = Field(
        default_factory=dict, description="names for people of the scenario's keys (a site, pool, team, post, "
        "shift, profile, contact type, route...): key → {zh: 中文名, en: English name}")
    portfolio: Optional[Portfolio] = Field(None, description="a group's sites under one call centre: each site's "
                                           "operating model, the centre's costs and their allocation (planner.portfolio)")

    _named = field_validator("sites", mode="before")(classmethod(lambda cls, v: _drop_nulls(v)))

