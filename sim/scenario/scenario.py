"""A whole scenario (the root of a scenario file): its sites, demand, contact centre, field
operations, commitments and costs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Optional

from pydantic import Field, field_validator

from sim.scenario.calendar import Calendar
from sim.scenario.centre import Centre
from sim.scenario.costs import Costs
from sim.scenario.demand import Demand
from sim.scenario.field import FieldOps
from sim.scenario.move_in import MoveIn
from sim.scenario.proposal import ProposalText
from sim.scenario.organisation import Organisation
from sim.scenario.paths import GROUP_PLACES, GroupPath, RosterSlot  # noqa: F401 (the scenario's names for them)
from sim.scenario.names import DisplayName
from sim.scenario.portfolio import Portfolio
from sim.scenario.roster import _drop_nulls
from sim.scenario.site import Site
from sim.scenario.strict import StrictModel
from sim.scenario.targets import Targets
from sim.scenario.uncertainty import DemandUncertainty


#: Where each kind of staffed group lives in a scenario file.
@dataclass(frozen=True)
class StaffedGroup:
    """One staffed group of a scenario: a contact-centre pool (坐席组), a field team (班组) or a
    fixed post (固定岗) staffed under the scenario's operating model, with the wage role its
    people are paid as, its roster and its copies (a post at several sites, a butler team per zone)."""

    kind: Literal["pool", "team", "post"]
    name: str
    role: str
    roster: Any
    spec: Any

    @property
    def path(self) -> GroupPath:
        """Where the group lives in the scenario file (``centre.pools.<name>``, ``field.teams.<name>``
        or ``field.posts.<name>``)."""
        return GroupPath(self.kind, self.name)

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.name)


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
    demand_uncertainty: Optional[DemandUncertainty] = Field(
        None, description="how far the demand forecast may be off, per stream family (a lognormal spread or named "
        "cases); planner plan --robust P plans for it; null: the forecast alone")
    centre: Centre
    operating_model: Literal["traditional", "centralised"] = Field(
        "centralised", description="traditional: fixed posts handle their site's remote operations; "
        "centralised: the contact centre's remote-operation seats do")
    field: Optional[FieldOps] = Field(None, description="field operations at every site; null: contact centre only")
    targets: Targets = Field(default_factory=Targets)
    costs: Costs = Field(default_factory=Costs, description="wages, on-costs, rates, taxes and fee for the "
                         "budget and fee estimate (DOMAIN §6)")
    proposal: ProposalText = Field(default_factory=ProposalText, description="names and texts of the bid "
                                   "document: bidder, project, overview, date of preparation, contact and phone, site names, "
                                   "training plan, qualifications by post")
    organisation: Organisation = Field(default_factory=Organisation, description="supervisors and team leaders by "
                                       "span of control (DOMAIN §9)")
    display_names: dict[str, DisplayName] = Field(
        default_factory=dict, description="names for people of the scenario's keys (a site, pool, team, post, "
        "shift, profile, contact type, route...): key → {zh: 中文名, en: English name}")
    portfolio: Optional[Portfolio] = Field(None, description="a group's sites under one call centre: each site's "
                                           "operating model, the centre's costs and their allocation (planner.portfolio)")
    move_in: Optional[MoveIn] = Field(None, description="move-in phases (入伙期): the occupancy of each run of "
                                      "contract months, scaling the demand that grows with residents "
                                      "(sim.scenario.move_in); planner plan plans each phase; null: lived in from the start")

    _named = field_validator("sites", mode="before")(classmethod(lambda cls, v: _drop_nulls(v)))


    def post_sites(self, name: str, model: str | None = None) -> list[str]:
        """The sites at which the fixed post ``name`` is staffed under ``model`` (default: the
        scenario's operating model): every site for a post that is, except that the i-th
        fire-control post (in order) is staffed only at the sites with more than i fire control
        rooms (``Site.fire_control_room_count``)."""
        post = self.field.posts[name] if self.field is not None else None
        if post is None or not post.staffed_under(model or self.operating_model):
            return []
        if post.kind != "fire_control":
            return list(self.sites)
        index = [n for n, p in self.field.posts.items() if p.kind == "fire_control"].index(name)
        return [s for s, site in self.sites.items() if site.fire_control_room_count > index]

    def staffed_posts(self, model: str | None = None) -> dict[str, Any]:
        """The fixed posts staffed at one site or more under ``model`` (default: the scenario's
        operating model): all of them in the traditional model; under centralised control those
        that keep their switch, a fire control room by default."""
        if self.field is None:
            return {}
        return {name: post for name, post in self.field.posts.items() if self.post_sites(name, model)}

    def copies(self, group: StaffedGroup) -> int:
        """How many times the group's roster is worked: a pool once, a butler team per zone, any
        other team per site, a post at the sites that staff it (``post_sites``)."""
        if group.kind == "pool":
            return 1
        if group.kind == "team":
            return sum(s.zones for s in self.sites.values()) if group.role == "butler" else len(self.sites)
        return len(self.post_sites(group.name))

    def staffed_groups(self, simulated: bool = False) -> list[StaffedGroup]:
        """Every group the scenario's site staffs and pays: its pools (none when the group runs
        the centre), the field teams, the posts staffed under the operating model, in that order
        (the order of every table that lists them). ``simulated``: every group the simulation
        works instead, a group centre's pools included (the loader's cover check, the workload)."""
        pools = self.centre.pools if simulated else self.centre.staffed_pools
        out = [StaffedGroup("pool", name, "expert_agent" if pool.skills == ["expert"] else "agent", pool.roster, pool)
               for name, pool in pools.items()]
        if self.field is not None:
            out += [StaffedGroup("team", name, team.role, team.roster, team) for name, team in self.field.teams.items()]
            out += [StaffedGroup("post", name, "post_guard", post.roster, post) for name, post in self.staffed_posts().items()]
        return out
