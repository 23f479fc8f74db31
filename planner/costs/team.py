"""The team a scenario's rosters need, and its budget: every shift as a roster line, the
full-time people per role to work them (relief for days off, leave and holidays, by
``planner.rostering.people.headcount``), the norms' people for the roles no queue decides, and the
budget of that team (``planner.costs.budget``)."""

from __future__ import annotations

from dataclasses import dataclass

from planner.costs.budget import Budget, budget
from planner.costs.norms import NormsPlan, rule_of_thumb_plan
from planner.costs.on_call import on_call_shift, price_factor, standby_lines, standby_yuan_per_year
from planner.rostering import headcount
from sim.scenario import WEEKDAYS, Scenario


#: Roles taken from the norms because no queue in the model decides them.
NORMS_ONLY_ROLES = ("site_manager", "finance", "cleaner", "greener")


@dataclass(frozen=True)
class RosterLine:
    """One shift of one pool, team or post with its head count before and after planning."""

    kind: str          # pool | team | post
    group: str
    role: str
    shift: str
    start: str
    length_h: float
    days: tuple[str, ...]
    people_before: int
    people: int
    copies: int        # the shift is worked this many times over (butler zones × sites, posts × sites)


def roster_lines(scenario: Scenario, before: Scenario | None = None) -> list[RosterLine]:
    """Every shift of ``scenario``, with its head count in ``before`` (default: the same)."""
    before = before or scenario
    lines = []
    sites = len(scenario.sites)
    zones = sum(site.zones for site in scenario.sites.values())
    groups = [("pool", name, "expert_agent" if pool.skills == ["expert"] else "agent", pool.roster, 1,
               before.centre.pools[name].roster) for name, pool in scenario.centre.pools.items()]
    if scenario.field is not None:
        for name, team in scenario.field.teams.items():
            copies = zones if team.role == "butler" else sites
            groups.append(("team", name, team.role, team.roster, copies, before.field.teams[name].roster))
        if scenario.operating_model == "traditional":
            groups += [("post", name, "post_guard", post.roster, sites, before.field.posts[name].roster)
                       for name, post in scenario.field.posts.items()]
    for kind, name, role, roster, copies, old in groups:
        if roster.rotation is not None:
            # A rotation is one line: its people per crew, working the crews' average hours a day.
            rot = roster.rotation
            hours = rot.crews * sum(roster.shifts[n].length_h for n in rot.cycle if n != "off") / len(rot.cycle)
            lines.append(RosterLine(kind, name, role, f"rotation×{rot.crews}", "—", hours, WEEKDAYS,
                                    old.rotation.people_per_crew, rot.people_per_crew, copies))
            continue
        for shift_name, shift in roster.shifts.items():
            if kind == "team" and shift_name == on_call_shift(scenario, name):
                continue  # worked on call at home: a standby allowance (planner.costs.on_call), not a shift
            lines.append(RosterLine(kind, name, role, shift_name, shift.start, shift.length_h,
                                    tuple(shift.days), old.shifts[shift_name].agents if shift_name in old.shifts else 0,
                                    shift.agents, copies))
    return lines


def headcount_by_role(lines: list[RosterLine], **relief) -> dict[str, float]:
    """People per role to work the rosters, with relief for days off, leave and holidays."""
    daily: dict[str, list[float]] = {}
    for line in lines:
        counts = daily.setdefault(line.role, [0.0] * 7)
        for day in line.days:
            counts[WEEKDAYS.index(day)] += line.people * line.copies * line.length_h / 8
    return {role: float(headcount(counts, **relief).fte) if sum(counts) else 0.0 for role, counts in daily.items()}


def site_norms(scenario: Scenario) -> NormsPlan:
    """The rule-of-thumb plan of the scenario's (first) site, security by floor area."""
    return rule_of_thumb_plan(next(iter(scenario.sites.values())), costs=scenario.costs, monitoring_room=False)


def site_budget(team: dict[str, float], scenario: Scenario, standby: bool = True) -> Budget | None:
    """The budget of ``team`` at the scenario's one site (None for several sites or no floor area),
    with the standby allowances of its on-call shifts (planner.costs.on_call) unless ``standby`` is false."""
    sites = list(scenario.sites.values())
    if len(sites) != 1 or sites[0].floor_area_m2 <= 0:
        return None
    return budget(team, sites[0], scenario.costs, operating_model=scenario.operating_model,
                  extra_lines=standby_lines(scenario) if standby else ())


def team_and_budget(scenario: Scenario, lines: list[RosterLine] | None = None,
                    norms: NormsPlan | None = None) -> tuple[dict[str, float], Budget | None]:
    """Full-time people by role to work the scenario's rosters (``lines``, default its own), the
    norms' people for the roles no queue decides, and the budget of that team (None unless the
    scenario is one site with a floor area)."""
    costs = scenario.costs
    team = headcount_by_role(lines if lines is not None else roster_lines(scenario),
                             working_days_per_year=costs.working_days_per_year, holidays=costs.holiday_overtime_days)
    norms_heads = (norms or site_norms(scenario)).headcount_by_role()
    for role in NORMS_ONLY_ROLES:
        team[role] = norms_heads.get(role, 0.0)
    return team, site_budget(team, scenario)




@dataclass(frozen=True)
class CostModel:
    """The annual cost of a scenario's rosters, affine in the shift-days each role works: the
    budget's full-time people are ``shift-days a week / days a person works × relief`` (linear),
    and every budget line is linear in them or fixed. ``base_yuan_per_year`` is the cost with no
    rostered role; ``yuan_per_shift_day`` is what one more eight-hour shift-day a week of a role
    adds to the year (the budget's lines, on-costs, overheads and taxes included). Without a
    single-site budget it falls back to wages × 12 × (1 + the on-cost rates)."""

    base_yuan_per_year: float
    yuan_per_shift_day: dict[str, float]
    #: What a yuan of standby allowance (planner.costs.on_call) adds to the year's cost.
    standby_factor: float = 1.0

    def shift_days(self, scenario: Scenario) -> dict[str, float]:
        """Eight-hour shift-days a week by role of the scenario's rosters."""
        out: dict[str, float] = {}
        for line in roster_lines(scenario):
            out[line.role] = out.get(line.role, 0.0) + line.people * line.copies * line.length_h / 8 * len(line.days)
        return out

    def cost_yuan_per_year(self, scenario: Scenario) -> float:
        return self.cost_of_shift_days(self.shift_days(scenario)) + self.standby_factor * standby_yuan_per_year(scenario)

    def cost_of_shift_days(self, shift_days: dict[str, float]) -> float:
        """The annual cost of rosters working ``shift_days`` (eight-hour shift-days a week by role)."""
        return self.base_yuan_per_year + sum(days * self.rate(role) for role, days in shift_days.items())

    def rate(self, role: str) -> float:
        return self.yuan_per_shift_day.get(role, max(self.yuan_per_shift_day.values(), default=0.0))


def cost_model(scenario: Scenario) -> CostModel:
    """The scenario's :class:`CostModel` (its budget's slope per rostered role)."""
    costs = scenario.costs
    unit = headcount([1.0] * 7, working_days_per_year=costs.working_days_per_year, holidays=costs.holiday_overtime_days)
    fte_per_shift_day = unit.relief_factor / unit.days_per_week_per_person
    lines = roster_lines(scenario)
    roles = sorted({line.role for line in lines})
    sites = list(scenario.sites.values())
    base = None
    if len(sites) == 1 and sites[0].floor_area_m2 > 0:
        norms_heads = site_norms(scenario).headcount_by_role()
        fixed = {role: norms_heads.get(role, 0.0) for role in NORMS_ONLY_ROLES}
        base = site_budget(fixed, scenario, standby=False)
    if base is None:
        wages = costs.wages_yuan_per_month
        on_cost = 1 + costs.social_insurance_rate + costs.housing_fund_rate + costs.welfare_union_training_rate
        return CostModel(0.0, {role: wages.get(role, max(wages.values())) * 12 * on_cost * fte_per_shift_day
                               for role in roles})
    rates = {}
    for role in roles:
        more = site_budget({**fixed, role: fte_per_shift_day * 100}, scenario, standby=False)
        rates[role] = (more.total_yuan_per_year - base.total_yuan_per_year) / 100
    return CostModel(base.total_yuan_per_year, rates, price_factor(costs))
