"""The portfolio's money: the group centre's cost, its allocation to the sites it serves, and each
site's budget with its share (DOMAIN §6, §9 "Group centre"; costs in ``portfolio.centre_costs``).

The centre's annual cost (yuan, before the sites' overheads, margins and taxes, which each site's
budget adds on its share) is the sum of these lines:

* labour: the agents and expert agents its rosters need (people by ``planner.costs.team``), with
  the budget's own labour formulas (wages, social insurance, housing fund, welfare, holiday
  overtime, uniforms: ``planner.costs.budget``); team leaders, one per ``agents_per_supervisor``
  agents (rounded up), at ``supervisor_wage_yuan_per_month`` with the same on-costs; the manager;
* seats: the most people on duty at once in any hour of the week × ``seat_cost_yuan_per_year``;
* platform licence: fixed + per site served;
* the 400 hotline: rental + answered call minutes a year × the per-minute charge (the
  scenario's expected calls × mean handle time);
* premises: seats × m² per seat × rent × 12;
* build cost: (fit-out + connection per site) / life years, straight line.

**Allocation** (:func:`allocate`): the cost is shared in whole fen (0.01 yuan) by the largest
remainder method, so the shares add up to the centre's cost in fen exactly, whatever the basis:
``contacts`` (expected contacts the centre handles for the site a year: calls, tickets, return
visits, escalations and remote operations), ``households`` or ``floor_area``.

**A site's budget** is ``planner.costs.budget.budget`` of its team at the site under its
operating model; a centralised site's group call-centre share line is its allocated share (and
its seats are the centre's, so it carries none of its own); a traditional site carries neither.
Its break-even fee therefore includes its share. Technicians on call at night in the site's plan
add their standby allowance under either model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from planner.costs.budget import Budget, budget
from planner.costs.on_call import standby_lines
from planner.costs.team import RosterLine, headcount_by_role
from planner.rostering.on_duty import line_duty
from sim.engine.arrivals import arrival_streams
from sim.scenario import Scenario, Site
from sim.scenario.on_duty import Duty
from sim.scenario.portfolio import ALLOCATION_BASES, CentreCosts, Portfolio

#: Roles of the centre's rosters.
CENTRE_ROLES = ("agent", "expert_agent")
DAYS_PER_YEAR = 365.0


@dataclass(frozen=True)
class CostLine:
    """One line of the centre's cost: a key, English and Chinese names, the basis and yuan a year."""

    key: str
    en: str
    zh: str
    basis: str
    yuan_per_year: float


@dataclass
class CentreBudget:
    """The group centre's annual cost, line by line."""

    lines: list[CostLine]
    headcount: dict[str, float]
    seats: int
    sites: int
    households: int

    @property
    def total_yuan_per_year(self) -> float:
        return math.fsum(line.yuan_per_year for line in self.lines)

    @property
    def total_fen(self) -> int:
        """The total in whole fen (the allocation's unit)."""
        return round(self.total_yuan_per_year * 100)

    def to_dict(self) -> dict:
        return {"lines": [line.__dict__ for line in self.lines], "headcount": self.headcount, "seats": self.seats,
                "sites": self.sites, "households": self.households,
                "total_yuan_per_year": round(self.total_yuan_per_year, 2)}


def _labour_only(costs):
    """``costs`` with every non-labour rate at zero: ``budget`` of it is labour alone."""
    zero = {name: 0.0 for name in ("utilities_yuan_per_m2_per_year", "facility_maintenance_yuan_per_m2_per_year",
                                   "lift_maintenance_yuan_per_lift_per_year", "cleaning_materials_yuan_per_m2_per_year",
                                   "greening_yuan_per_m2_green_per_year", "security_materials_yuan_per_m2_per_year",
                                   "office_yuan_per_year", "insurance_yuan_per_m2_per_year", "other_yuan_per_year",
                                   "call_centre_seat_cost_yuan_per_year", "group_call_centre_share_yuan_per_year",
                                   "overhead_rate", "contingency_rate", "profit_rate", "commission_rate", "vat_rate")}
    return costs.model_copy(update=zero | {"devices": {}})


def labour_yuan_per_year(headcount: dict[str, float], costs, round_the_clock=("agent", "expert_agent")) -> float:
    """Wages and on-costs of ``headcount`` (people by role), by the budget's formulas."""
    if not any(headcount.values()):
        return 0.0
    site = Site(households=0, floor_area_m2=1.0)
    return budget(headcount, site, _labour_only(costs), round_the_clock_roles=round_the_clock,
                  operating_model="traditional", seats=0).subtotal("1")


def peak_on_duty(lines: list[RosterLine]) -> int:
    """The most people on duty at once at any minute of the week (``planner.rostering.on_duty``:
    a rotation's line has its people per crew on round the clock)."""
    if not lines:
        return 0
    return int(round(Duty.of_shifts(line_duty(line.__dict__) for line in lines).by_minute().max()))


def expected_contacts_per_year(scenario: Scenario) -> dict[str, dict[str, float]]:
    """Expected contacts a year per site and kind (calls, tickets, remote_ops, return_visits,
    expert), from the scenario's arrival streams over its first week."""
    out: dict[str, dict[str, float]] = {name: {} for name in scenario.sites}
    for stream in arrival_streams(scenario):
        per_year = sum(stream.expected_arrivals(d) for d in range(7)) * DAYS_PER_YEAR / 7
        kinds = out[stream.site]
        kinds[stream.kind] = kinds.get(stream.kind, 0.0) + per_year
        spec = stream.spec
        rv = getattr(spec, "return_visit", None)
        if rv is not None and rv.share:
            kinds["return_visits"] = kinds.get("return_visits", 0.0) + per_year * rv.share
        esc = getattr(spec, "escalate_share", 0.0) or 0.0
        if esc:
            kinds["expert"] = kinds.get("expert", 0.0) + per_year * esc
    return out


def call_minutes_per_year(scenario: Scenario) -> float:
    """Expected answered call minutes a year (calls × mean handle time; escalations' expert time added)."""
    total = 0.0
    for stream in arrival_streams(scenario):
        if stream.kind != "calls":
            continue
        per_year = sum(stream.expected_arrivals(d) for d in range(7)) * DAYS_PER_YEAR / 7
        spec = stream.spec
        total += per_year * spec.handle_time_s.mean_value / 60
        esc = getattr(spec, "escalate_share", 0.0) or 0.0
        if esc:
            total += per_year * esc * spec.expert_handle_time_s.mean_value / 60
    return total


def centre_budget(centre: Scenario, lines: list[RosterLine], portfolio: Portfolio | None = None) -> CentreBudget:
    """The centre's annual cost (module doc): ``centre`` is the centre's scenario (its sites are
    the sites it serves), ``lines`` its planned rosters."""
    cc: CentreCosts = (portfolio or Portfolio()).centre_costs
    costs = centre.costs
    heads = headcount_by_role([ln for ln in lines if ln.role in CENTRE_ROLES],
                              working_days_per_year=costs.working_days_per_year, holidays=costs.holiday_overtime_days)
    heads = {role: heads.get(role, 0.0) for role in CENTRE_ROLES}
    n_sites = len(centre.sites)
    seats = peak_on_duty([ln for ln in lines if ln.role in CENTRE_ROLES])
    agents = sum(heads.values())
    leaders = math.ceil(agents / cc.agents_per_supervisor - 1e-9) if agents else 0
    with_leader = costs.model_copy(update={"wages_yuan_per_month": costs.wages_yuan_per_month
                                           | {"centre_supervisor": cc.supervisor_wage_yuan_per_month}})
    minutes = call_minutes_per_year(centre)
    out = [
        CostLine("labour.agent", "Agents: wages and on-costs", "客服坐席人员：工资及社保福利",
                 f"{heads['agent']:g} people", labour_yuan_per_year({"agent": heads["agent"]}, costs)),
        CostLine("labour.expert_agent", "Expert agents: wages and on-costs", "专家坐席人员：工资及社保福利",
                 f"{heads['expert_agent']:g} people",
                 labour_yuan_per_year({"expert_agent": heads["expert_agent"]}, costs)),
        CostLine("labour.supervisors", "Team leaders: wages and on-costs", "班组长：工资及社保福利",
                 f"{leaders} people (one per {cc.agents_per_supervisor:g} agents)",
                 labour_yuan_per_year({"centre_supervisor": float(leaders)}, with_leader, round_the_clock=())),
        CostLine("labour.manager", "Centre manager", "呼叫中心经理", "1 person, all on-costs", cc.manager_yuan_per_year),
        CostLine("seats", "Seats", "坐席设备", f"{seats} seats × {cc.seat_cost_yuan_per_year:,.0f}",
                 seats * cc.seat_cost_yuan_per_year),
        CostLine("platform", "Platform licence", "物联网平台许可", f"{cc.platform_licence_yuan_per_year:,.0f} + "
                 f"{n_sites} sites × {cc.platform_licence_yuan_per_site_per_year:,.0f}",
                 cc.platform_licence_yuan_per_year + n_sites * cc.platform_licence_yuan_per_site_per_year),
        CostLine("hotline", "400 hotline", "400热线", f"{cc.hotline_yuan_per_year:,.0f} + {minutes:,.0f} min × "
                 f"{cc.hotline_yuan_per_call_minute:g}", cc.hotline_yuan_per_year + minutes * cc.hotline_yuan_per_call_minute),
        CostLine("premises", "Premises", "场地租金", f"{seats} seats × {cc.premises_m2_per_seat:g} m² × "
                 f"{cc.premises_rent_yuan_per_m2_month:g} × 12",
                 seats * cc.premises_m2_per_seat * cc.premises_rent_yuan_per_m2_month * 12),
        CostLine("build", "Build cost, depreciated", "建设投入折旧", f"({cc.build_cost_yuan:,.0f} + {n_sites} sites × "
                 f"{cc.build_cost_per_site_yuan:,.0f}) / {cc.build_life_years:g} years",
                 (cc.build_cost_yuan + n_sites * cc.build_cost_per_site_yuan) / cc.build_life_years),
    ]
    households = sum(s.households for s in centre.sites.values())
    return CentreBudget([ln for ln in out if ln.yuan_per_year], heads | {"centre_supervisor": float(leaders)},
                        seats, n_sites, households)


def allocation_weights(scenario: Scenario, basis: str) -> dict[str, float]:
    """Each site's weight on ``basis`` (contacts, households or floor_area)."""
    if basis not in ALLOCATION_BASES:
        raise ValueError(f"allocation basis must be one of {', '.join(ALLOCATION_BASES)}, got {basis!r}")
    if basis == "households":
        return {name: float(s.households) for name, s in scenario.sites.items()}
    if basis == "floor_area":
        return {name: float(s.floor_area_m2) for name, s in scenario.sites.items()}
    return {name: math.fsum(kinds.values()) for name, kinds in expected_contacts_per_year(scenario).items()}


def allocate(total_fen: int, weights: dict[str, float]) -> dict[str, int]:
    """``total_fen`` shared in whole fen in proportion to ``weights`` by the largest remainder
    method: the shares add up to ``total_fen`` exactly (equal shares when every weight is 0)."""
    if total_fen < 0:
        raise ValueError(f"the cost to allocate must be ≥ 0, got {total_fen} fen")
    if not weights:
        raise ValueError("no site to allocate the centre's cost to")
    if any(not math.isfinite(w) or w < 0 for w in weights.values()):
        raise ValueError(f"allocation weights must be finite and ≥ 0, got {weights}")
    total_w = math.fsum(weights.values())
    names = list(weights)
    exact = {n: (total_fen * weights[n] / total_w if total_w > 0 else total_fen / len(names)) for n in names}
    shares = {n: math.floor(exact[n]) for n in names}
    left = total_fen - sum(shares.values())
    for n in sorted(names, key=lambda n: (-(exact[n] - shares[n]), names.index(n)))[:left]:
        shares[n] += 1
    return shares


def site_budget(team: dict[str, float], site: Site, scenario: Scenario, model: str, share_yuan: float = 0.0,
                planned: Scenario | None = None) -> Budget:
    """The budget of ``team`` at ``site`` under ``model`` carrying ``share_yuan`` of the centre, with
    the standby allowances of the on-call shifts of ``planned`` (the site's plan; its field teams
    are the site's under either model: planner.costs.on_call)."""
    costs = scenario.costs.model_copy(update={"group_call_centre_share_yuan_per_year": share_yuan})
    return budget(team, site, costs, operating_model=model, seats=0.0,
                  extra_lines=standby_lines(planned) if planned is not None else ())


def gross_up(site: Site, scenario: Scenario) -> float:
    """What one yuan of centre cost adds to a site's total (overhead, contingency, margin, taxes):
    a site's total is affine in its share."""
    team = {"site_manager": 1.0}
    low = site_budget(team, site, scenario, "centralised", 0.0).total_yuan_per_year
    high = site_budget(team, site, scenario, "centralised", 1e6).total_yuan_per_year
    return (high - low) / 1e6


@dataclass
class SiteMoney:
    """One site's budgets under both models and its allocated share."""

    name: str
    model: str
    households: int
    floor_area_m2: float
    weight: float
    share_yuan: float
    traditional: Budget
    centralised: Budget
    devices_yuan_per_year: float = 0.0
    extra: dict = field(default_factory=dict)

    @property
    def chosen(self) -> Budget:
        return self.centralised if self.model == "centralised" else self.traditional

    @property
    def saving_yuan_per_year(self) -> float:
        """Traditional minus centralised (share included): what migrating the site saves."""
        return self.traditional.total_yuan_per_year - self.centralised.total_yuan_per_year
