"""The team a scenario's rosters need, and its budget: every shift as a roster line, the
full-time people per role to work them (relief for days off, leave and holidays, by
``planner.rostering.people.headcount``), the norms' people for the roles no queue decides, and the
budget of that team (``planner.costs.budget``)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from planner.costs.budget import Budget, budget
from planner.costs.leaders import DEPARTMENTS, SUPERVISOR_ROLE, leaders_by_department  # noqa: F401 (re-exported)
from planner.costs.norms import NormsPlan, rule_of_thumb_plan
from planner.costs.on_call import on_call_shift, price_factor, standby_lines, standby_yuan_per_year
from planner.rostering import cover_days_off, headcount
from planner.rostering.shift_names import shift_names
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
    name_zh: str = ""  # the shift's name on site (早班, 中班, 夜班...; planner.rostering.shift_names)
    name_en: str = ""
    #: A rotation's crews: the line stands for the whole rotation, its people per crew on duty
    #: round the clock (its start is no clock time); 0 for a shift.
    crews: int = 0


def roster_lines(scenario: Scenario, before: Scenario | None = None) -> list[RosterLine]:
    """Every shift of ``scenario``, with its head count in ``before`` (default: the same)."""
    before = before or scenario
    lines = []
    groups = []
    for group in scenario.staffed_groups():
        old = {"pool": before.centre.pools, "team": before.field.teams if before.field else {},
               "post": before.field.posts if before.field else {}}[group.kind][group.name]
        groups.append((group.kind, group.name, group.role, group.roster, scenario.copies(group), old.roster))
    for kind, name, role, roster, copies, old in groups:
        if roster.rotation is not None:
            # A rotation is one line: its people per crew, working the crews' average hours a day.
            rot = roster.rotation
            hours = rot.crews * sum(roster.shifts[n].length_h for n in rot.cycle if n != "off") / len(rot.cycle)
            lines.append(RosterLine(kind, name, role, f"rotation×{rot.crews}", "—", hours, WEEKDAYS,
                                    old.rotation.people_per_crew, rot.people_per_crew, copies,
                                    "四班三运转" if rot.crews == 4 else f"{rot.crews}班轮转",
                                    "four crews on three shifts" if rot.crews == 4 else f"{rot.crews} crews rotating",
                                    crews=rot.crews))
            continue
        names = shift_names((key, s.start, s.length_h, s.days) for key, s in roster.shifts.items())
        for shift_name, shift in roster.shifts.items():
            if kind == "team" and shift_name == on_call_shift(scenario, name):
                continue  # worked on call at home: a standby allowance (planner.costs.on_call), not a shift
            lines.append(RosterLine(kind, name, role, shift_name, shift.start, shift.length_h,
                                    tuple(shift.days), old.shifts[shift_name].agents if shift_name in old.shifts else 0,
                                    shift.agents, copies, *names[shift_name]))
    return lines


@dataclass(frozen=True)
class GroupHeadcount:
    """The whole people (编制) of one pool, team or post: its eight-hour shift-days a week, the
    full-time equivalent ``shift-days / days a person works × relief`` and that rounded up."""

    kind: str
    group: str
    role: str
    shift_days_per_week: float
    fte: float
    people: int
    crews: int | None = None     # a rotation's crews (四班三运转: 4)
    people_per_crew: int | None = None
    roster_people: int = 0       # people a weekly roster with two days off each needs (heads, not hours)

    def to_dict(self) -> dict:
        return {"kind": self.kind, "group": self.group, "role": self.role,
                "shift_days_per_week": round(self.shift_days_per_week, 4), "fte": round(self.fte, 4),
                "people": self.people, "crews": self.crews, "people_per_crew": self.people_per_crew,
                "roster_people": self.roster_people}


def whole_people(fte: float) -> int:
    """Whole people for ``fte`` full-time equivalents: rounded up (4.38 → 5), with a tolerance
    for floating-point sums (4.0000000001 → 4)."""
    return max(0, math.ceil(fte - 1e-9))


def fte_per_shift_day(costs) -> float:
    """Full-time equivalents one eight-hour shift-day a week needs: relief / days a person works
    (1.0429 / 5 at the defaults, so a 24-h post of 21 shift-days is 4.38)."""
    unit = headcount([1.0] * 7, working_days_per_year=costs.working_days_per_year, holidays=costs.holiday_overtime_days)
    return unit.relief_factor / unit.days_per_week_per_person


@lru_cache(maxsize=4096)
def roster_people(daily_heads: tuple[int, ...], days_per_week_per_person: int = 5) -> int:
    """People a weekly roster needs when weekday ``d`` has ``daily_heads[d]`` people on shift and
    each person works ``days_per_week_per_person`` days with consecutive days off (the days-off
    covering of planner.rostering.people)."""
    if not any(daily_heads):
        return 0
    return cover_days_off(list(daily_heads), days_per_week_per_person=days_per_week_per_person).total


def group_people(fte: float, rostered: int) -> int:
    """A group's whole people: its full-time equivalents rounded up, and never fewer than its
    weekly roster needs (short shifts count less than a shift-day but still a person)."""
    return max(whole_people(fte), rostered)


def group_headcounts(lines: list[RosterLine], per_shift_day: float) -> list[GroupHeadcount]:
    """Whole people per pool, team and post of ``lines`` (each group's relief is its own: a
    post's people cover that post's days off and leave)."""
    groups: dict[tuple[str, str], list] = {}
    for line in lines:
        entry = groups.setdefault((line.kind, line.group), [line.role, 0.0, None, None, [0] * 7])
        entry[1] += line.people * line.copies * line.length_h / 8 * len(line.days)
        if line.crews:
            entry[2], entry[3] = line.crews, line.people * line.copies
        else:
            for day in line.days:
                entry[4][WEEKDAYS.index(day)] += line.people * line.copies
    out = []
    for (kind, group), (role, days, crews, per_crew, heads) in groups.items():
        fte = days * per_shift_day
        rostered = crews * per_crew if crews else roster_people(tuple(heads))
        out.append(GroupHeadcount(kind, group, role, days, fte, group_people(fte, rostered), crews, per_crew, rostered))
    return out


def headcount_by_role(lines: list[RosterLine], **relief) -> dict[str, float]:
    """Whole people per role to work the rosters: per pool, team and post, shift-days a week /
    days a person works × relief, rounded up (:func:`group_headcounts`), summed by role."""
    unit = headcount([1.0] * 7, **relief)
    out: dict[str, float] = {}
    for group in group_headcounts(lines, unit.relief_factor / unit.days_per_week_per_person):
        out[group.role] = out.get(group.role, 0.0) + float(group.people)
    return out


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
    """:func:`site_team` and the budget of that team (None unless the scenario is one site with a
    floor area)."""
    team = site_team(scenario, lines, norms)
    return team, site_budget(team, scenario)


def site_team(scenario: Scenario, lines: list[RosterLine] | None = None,
              norms: NormsPlan | None = None) -> dict[str, float]:
    """Whole people by role: those who work the scenario's rosters (``lines``, default its own),
    the norms' people (rounded up) for the roles no queue decides, and the supervisors and team
    leaders their departments need (``organisation.span_of_control``)."""
    costs = scenario.costs
    team = headcount_by_role(lines if lines is not None else roster_lines(scenario),
                             working_days_per_year=costs.working_days_per_year, holidays=costs.holiday_overtime_days)
    norms_heads = (norms or site_norms(scenario)).headcount_by_role(rounded=True)
    for role in NORMS_ONLY_ROLES:
        team[role] = float(norms_heads.get(role, 0.0))
    if SUPERVISOR_ROLE in costs.wages_yuan_per_month:
        team[SUPERVISOR_ROLE] = float(sum(leaders_by_department(team, scenario.organisation.span_of_control).values()))
    return team




@dataclass(frozen=True)
class CostModel:
    """The annual cost of a scenario's rosters in whole people, exactly the budget's
    (:func:`team_and_budget`): every budget line is linear in each role's people or fixed, so the
    budget is ``base_yuan_per_year`` (the roles no roster decides) plus ``yuan_per_person`` of
    each role times its whole people: per pool, team and post, ``shift-days a week ×
    fte_per_shift_day`` rounded up, and the supervisors and team leaders their departments need
    (``span_of_control``). ``yuan_per_person`` is the budget's slope (lines, on-costs, overheads
    and taxes included). Without a single-site budget it falls back to wages × 12 × (1 + the
    on-cost rates). :meth:`cost_of_shift_days` is the linear relaxation (fractional people, no
    leaders): never above the whole-people cost, so a lower bound priced with it is one."""

    base_yuan_per_year: float
    yuan_per_person: dict[str, float]
    fte_per_shift_day: float
    span_of_control: int | None = None
    fixed_people: dict[str, float] | None = None

    @property
    def yuan_per_shift_day(self) -> dict[str, float]:
        return {role: rate * self.fte_per_shift_day for role, rate in self.yuan_per_person.items()}
    #: What a yuan of standby allowance (planner.costs.on_call) adds to the year's cost.
    standby_factor: float = 1.0

    def shift_days(self, scenario: Scenario) -> dict[str, float]:
        """Eight-hour shift-days a week by role of the scenario's rosters."""
        out: dict[str, float] = {}
        for line in roster_lines(scenario):
            out[line.role] = out.get(line.role, 0.0) + line.people * line.copies * line.length_h / 8 * len(line.days)
        return out

    def cost_yuan_per_year(self, scenario: Scenario) -> float:
        groups = {(g.kind, g.group): (g.role, g.shift_days_per_week, g.roster_people)
                  for g in group_headcounts(roster_lines(scenario), self.fte_per_shift_day)}
        return self.cost_of_groups(groups) + self.standby_factor * standby_yuan_per_year(scenario)

    def people_by_role(self, groups: dict[tuple[str, str], tuple[str, float, int]]) -> dict[str, float]:
        """Whole people by role of groups ``{(kind, name): (role, shift-days a week, people its
        weekly roster needs)}`` (:func:`group_people`), with the fixed roles and the supervisors
        and team leaders."""
        people = dict(self.fixed_people or {})
        for role, days, rostered in groups.values():
            people[role] = people.get(role, 0.0) + group_people(days * self.fte_per_shift_day, rostered)
        if self.span_of_control:
            people[SUPERVISOR_ROLE] = float(sum(leaders_by_department(people, self.span_of_control).values()))
        return people

    def cost_of_groups(self, groups: dict[tuple[str, str], tuple[str, float, int]]) -> float:
        """The annual cost of groups ``{(kind, name): (role, shift-days a week, roster people)}``
        in whole people."""
        fixed = self.fixed_people or {}
        return self.base_yuan_per_year + sum(
            (people - fixed.get(role, 0.0)) * self.rate(role) for role, people in self.people_by_role(groups).items())

    def cost_of_shift_days(self, shift_days: dict[str, float]) -> float:
        """The linear relaxation: fractional people for ``shift_days`` (eight-hour shift-days a
        week by role), no leaders; never above :meth:`cost_of_groups` of the same rosters."""
        return self.base_yuan_per_year + sum(days * self.fte_per_shift_day * self.rate(role)
                                             for role, days in shift_days.items())

    def rate(self, role: str) -> float:
        return self.yuan_per_person.get(role, max(self.yuan_per_person.values(), default=0.0))


def cost_model(scenario: Scenario) -> CostModel:
    """The scenario's :class:`CostModel` (its budget's slope per person of each rostered role)."""
    costs = scenario.costs
    per_shift_day = fte_per_shift_day(costs)
    roles = sorted({line.role for line in roster_lines(scenario)} | set(costs.wages_yuan_per_month))
    sites = list(scenario.sites.values())
    base = None
    if len(sites) == 1 and sites[0].floor_area_m2 > 0:
        norms_heads = site_norms(scenario).headcount_by_role(rounded=True)
        fixed = {role: float(norms_heads.get(role, 0.0)) for role in NORMS_ONLY_ROLES}
        base = site_budget(fixed, scenario, standby=False)
    span = scenario.organisation.span_of_control if SUPERVISOR_ROLE in costs.wages_yuan_per_month else None
    if base is None:
        wages = costs.wages_yuan_per_month
        on_cost = 1 + costs.social_insurance_rate + costs.housing_fund_rate + costs.welfare_union_training_rate
        return CostModel(0.0, {role: wages.get(role, max(wages.values())) * 12 * on_cost for role in roles},
                         per_shift_day, span)
    rates = {}
    for role in roles:
        if role in fixed:
            continue
        more = site_budget({**fixed, role: 100.0}, scenario, standby=False)
        rates[role] = (more.total_yuan_per_year - base.total_yuan_per_year) / 100
    return CostModel(base.total_yuan_per_year, rates, per_shift_day, span, fixed, price_factor(costs))
