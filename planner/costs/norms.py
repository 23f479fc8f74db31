"""The rule-of-thumb staffing plan (DOMAIN.md §5): headcount by role from the grade's "one person
per so many households or square metres" norms, plus fixed-post quotas. It is what planners write
today, and what the simulation-based plan is compared against.

Norms (one person per, [src] m.dewk.cn/wygw/jhfy/202404/322247.html):

======  ==================  ==============  ==============  ==============  ==============
grade   butler / service    cleaning (GFA)  security (GFA)  greening        maintenance
======  ==================  ==============  ==============  ==============  ==============
1       400–500 households  8–10k m²        6–8k m²         10–15k m²       20–25k m²
2       500–600 (min 2)     10–12k m²       8–10k m²        15–20k m²       25–30k m²
3       600–700             12–14k m²       10–12k m²       20–25k m²       30–35k m²
4       700–800             14–16k m²       12–15k m²       25–30k m²       35–40k m²
======  ==================  ==============  ==============  ==============  ==============

Grades 1–2 have at least 2 butlers; sites of more than 500,000 m² of floor area take 0.9 of the
ratio headcount. Fixed posts ([src] ds.shitonglunwen.com/32183.html): each closed entrance 3
guards (3 × 8 h), a monitoring room at least 3, a patrol team of 2 per ~50,000 m². A post staffed
24 h a day needs 8,760 / (working days × hours per day) people: 4.38 at 250 × 8 [est].

:func:`scenario_norms` applies them completely to a scenario's site, as a bid's rule of thumb
does (DOMAIN §2, §5, §9): butlers by households; the front desk (客服前台) of each pool answering
calls as a 24-h post; a customer-service supervisor (客服主管) for the complaints the desk cannot
settle when the scenario has an expert pool; maintenance, cleaning and greening by area; patrol
guards by area (a team of 2 per 50,000 m²); every entrance a post of 3 guards (3 × 8 h); the
monitoring room at least 3; and the supervisors and team leaders (主管/领班) its departments need
by the scenario's span of control, the rule the plan is staffed by, so both are compared on the
same organisation. Entrances are the site's own count when it states one, else one per two
barrier lanes (a lane in and a lane out) [est].
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import Literal, Mapping

from sim.scenario import Scenario, Site
from sim.scenario.costs import ROLES, Costs

HOURS_PER_YEAR = 8760.0  # 365 × 24

#: One person per (low, high) units, by grade and role: households for butlers, m² of green area
#: for greeners, m² of floor area for the others.
GRADE_NORMS: dict[int, dict[str, tuple[float, float]]] = {
    1: {"butler": (400, 500), "cleaner": (8000, 10000), "guard": (6000, 8000),
        "greener": (10000, 15000), "technician": (20000, 25000)},
    2: {"butler": (500, 600), "cleaner": (10000, 12000), "guard": (8000, 10000),
        "greener": (15000, 20000), "technician": (25000, 30000)},
    3: {"butler": (600, 700), "cleaner": (12000, 14000), "guard": (10000, 12000),
        "greener": (20000, 25000), "technician": (30000, 35000)},
    4: {"butler": (700, 800), "cleaner": (14000, 16000), "guard": (12000, 15000),
        "greener": (25000, 30000), "technician": (35000, 40000)},
}
#: Fewest butlers by grade (grades 1–2: 2).
BUTLER_MINIMUM: dict[int, int] = {1: 2, 2: 2}

#: Role -> (site quantity, English basis, Chinese basis, unit, 单位) for the ratio norms.
_RATIO_ROLES: dict[str, tuple[str, str, str, str, str]] = {
    "butler": ("households", "butler / customer service by households", "管家/客服：按户数", "households", "户"),
    "cleaner": ("floor_area_m2", "cleaning by floor area", "保洁：按建筑面积", "m²", "㎡"),
    "guard": ("floor_area_m2", "security and order by floor area", "秩序维护：按建筑面积", "m²", "㎡"),
    "greener": ("green_area_m2", "greening by green area", "绿化：按绿化面积", "m² green", "㎡绿化面积"),
    "technician": ("floor_area_m2", "maintenance by floor area", "工程维修：按建筑面积", "m²", "㎡"),
}


def fte_per_24h_post(costs: Costs | None = None) -> float:
    """People needed to staff one post around the clock all year:
    8,760 h / (working days per year × hours per day); 4.38 at the defaults 250 × 8."""
    costs = costs or Costs()
    return HOURS_PER_YEAR / (costs.working_days_per_year * costs.hours_per_day)


def _ceil(value: float) -> int:
    """Round up, forgiving floating-point noise (4.000000001 is 4)."""
    return int(math.ceil(value - 1e-9))


@dataclass(frozen=True)
class NormsRow:
    """One line of the plan: ``headcount = quantity / ratio × factor`` for ratio norms (ratio is
    units per person), or ``quantity × ratio`` for posts (ratio is people per post)."""

    role: str
    basis_en: str
    basis_zh: str
    quantity: float
    unit: str
    ratio: float
    factor: float
    headcount: float
    headcount_rounded: int


@dataclass(frozen=True)
class NormsPlan:
    """The rule-of-thumb plan for a site: rows by role and post, totals, and the density check
    (DOMAIN §5: 2,000–4,000 m² of floor area per employee overall)."""

    grade: int
    staffing: str
    floor_area_m2: float
    large_site_factor: float
    rows: tuple[NormsRow, ...]
    round_the_clock_roles: frozenset[str] = field(default_factory=frozenset)

    @property
    def total_headcount(self) -> float:
        return sum(row.headcount for row in self.rows)

    @property
    def total_rounded(self) -> int:
        """Sum of the rows' rounded-up headcounts (each post or team is whole people)."""
        return sum(row.headcount_rounded for row in self.rows)

    @property
    def m2_per_employee(self) -> float:
        return self.floor_area_m2 / self.total_rounded if self.total_rounded else math.inf

    def headcount_by_role(self, rounded: bool = False) -> dict[str, float]:
        """Headcount summed by role, in :data:`sim.scenario.costs.ROLES` order: the input of
        :func:`planner.costs.budget.budget`."""
        out: dict[str, float] = {}
        for row in sorted(self.rows, key=lambda r: ROLES.index(r.role) if r.role in ROLES else len(ROLES)):
            out[row.role] = out.get(row.role, 0.0) + (row.headcount_rounded if rounded else row.headcount)
        return out

    def to_dict(self) -> dict:
        return {
            "grade": self.grade,
            "staffing": self.staffing,
            "floor_area_m2": self.floor_area_m2,
            "large_site_factor": self.large_site_factor,
            "rows": [asdict(row) for row in self.rows],
            "headcount_by_role": self.headcount_by_role(),
            "headcount_by_role_rounded": self.headcount_by_role(rounded=True),
            "total_headcount": self.total_headcount,
            "total_rounded": self.total_rounded,
            "m2_per_employee": self.m2_per_employee,
            "round_the_clock_roles": sorted(self.round_the_clock_roles),
        }


def _ratio(low_high: tuple[float, float], staffing: str) -> float:
    """Units per person: ``low`` staffing (fewest people) takes the high end of the range."""
    low, high = low_high
    return {"low": high, "mid": (low + high) / 2, "high": low}[staffing]


def rule_of_thumb_plan(
    site: Site,
    *,
    costs: Costs | None = None,
    grade: int | None = None,
    staffing: Literal["low", "mid", "high"] = "mid",
    posts_24h: int = 0,
    closed_entrances: int = 0,
    monitoring_room: bool = True,
    security_method: Literal["area", "patrol_quota"] = "area",
    site_managers: float = 1,
    finance_staff: float = 1,
    desk_posts_24h: int = 0,
    cs_supervisors: float = 0,
    large_site_m2: float = 500_000.0,
    large_site_factor: float = 0.9,
    norms: Mapping[int, Mapping[str, tuple[float, float]]] = GRADE_NORMS,
) -> NormsPlan:
    """The DOMAIN §5 plan for ``site`` (its ``grade``, ``households``, ``floor_area_m2`` and
    ``green_area_m2``).

    * Ratio norms: headcount = quantity / (units per person) × factor, the factor being
      ``large_site_factor`` (0.9) when the floor area exceeds ``large_site_m2`` (500,000 m²), else
      1. ``staffing`` picks the point of each range: ``mid`` (default) the middle, ``low`` the
      fewest people (the top of the range of units per person), ``high`` the most. Butlers are at
      least :data:`BUTLER_MINIMUM` (2 for grades 1–2).
    * Security: ``security_method="area"`` uses the floor-area norm (guards doing order and
      patrol); ``"patrol_quota"`` uses the quota of a patrol team of 2 per 50,000 m² instead.
    * Fixed posts (role ``post_guard``), added on top: ``posts_24h`` posts staffed around the clock
      at :func:`fte_per_24h_post` people each (≈ 4.38); ``closed_entrances`` at 3 guards each (the
      quota's 3 × 8-h shifts, no relief for days off); the monitoring room (``monitoring_room``)
      at the larger of the quota 3 and one person on duty around the clock (4.38).
    * Management: ``site_managers`` (管理处主任) and ``finance_staff``, 1 each [est].
    * Customer service besides the butlers: ``desk_posts_24h`` front desks (role ``agent``) staffed
      around the clock at :func:`fte_per_24h_post` people each, and ``cs_supervisors`` customer-
      service supervisors (role ``expert_agent``), who settle what the desk cannot.
    """
    costs = costs or Costs()
    grade = site.grade if grade is None else grade
    if grade not in norms:
        raise ValueError(f"grade must be one of {sorted(norms)}, got {grade}")
    if staffing not in ("low", "mid", "high"):
        raise ValueError(f"staffing must be low, mid or high, got {staffing!r}")
    if security_method not in ("area", "patrol_quota"):
        raise ValueError(f"security_method must be area or patrol_quota, got {security_method!r}")
    if site.floor_area_m2 <= 0:
        raise ValueError("site.floor_area_m2 is 0: the cleaning, security and maintenance norms need the gross floor area")
    for name, value in (("posts_24h", posts_24h), ("closed_entrances", closed_entrances),
                        ("site_managers", site_managers), ("finance_staff", finance_staff),
                        ("desk_posts_24h", desk_posts_24h), ("cs_supervisors", cs_supervisors)):
        if value < 0:
            raise ValueError(f"{name} must be ≥ 0, got {value}")
    factor = large_site_factor if site.floor_area_m2 > large_site_m2 else 1.0
    factor_note = f" × {factor:g} (over {large_site_m2:,.0f} m²)" if factor != 1.0 else ""
    factor_note_zh = f" × {factor:g}（超过{large_site_m2:,.0f}㎡）" if factor != 1.0 else ""
    quantities = {"households": float(site.households), "floor_area_m2": site.floor_area_m2,
                  "green_area_m2": site.green_area_m2}
    rows: list[NormsRow] = []

    def add(role, basis_en, basis_zh, quantity, unit, ratio, row_factor, headcount):
        rows.append(NormsRow(role, basis_en, basis_zh, float(quantity), unit, float(ratio), float(row_factor),
                             float(headcount), _ceil(headcount)))

    def add_post(role, basis_en, basis_zh, quantity, unit, people_per):
        if quantity > 0:
            add(role, basis_en, basis_zh, quantity, unit, people_per, 1.0, quantity * people_per)

    add_post("site_manager", "site manager [est]", "管理处主任", site_managers, "people", 1.0)
    add_post("finance", "finance [est]", "财务", finance_staff, "people", 1.0)
    grade_norms = norms[grade]
    for role, (quantity_name, basis_en, basis_zh, unit, unit_zh) in _RATIO_ROLES.items():
        if role == "guard" and security_method == "patrol_quota":
            continue
        ratio = _ratio(grade_norms[role], staffing)
        quantity = quantities[quantity_name]
        headcount = quantity / ratio * factor
        en = f"{basis_en}, grade {grade}: 1 per {ratio:,.0f} {unit}{factor_note}"
        zh = f"{basis_zh}，{grade}级：每{ratio:,.0f}{unit_zh}配1人{factor_note_zh}"
        minimum = BUTLER_MINIMUM.get(grade, 0) if role == "butler" else 0
        if headcount < minimum:
            headcount = float(minimum)
            en += f"; at least {minimum}"
            zh += f"；不少于{minimum}人"
        add(role, en, zh, quantity, unit, ratio, factor, headcount)
    fte = fte_per_24h_post(costs)
    days, hours = costs.working_days_per_year, costs.hours_per_day
    add_post("agent", f"24-h front desk: 8,760 / ({days:g} × {hours:g}) = {fte:.2f} people each",
             f"24小时客服前台：每岗 8760/({days:g}×{hours:g}) = {fte:.2f}，取整计人", desk_posts_24h, "posts", fte)
    add_post("expert_agent", "customer-service supervisor (complaints the desk cannot settle) [est]",
             "客服主管（处理前台无法解决的投诉）", cs_supervisors, "people", 1.0)
    if security_method == "patrol_quota":
        teams = site.floor_area_m2 / 50_000.0
        add("guard", "patrol team of 2 per 50,000 m² of floor area", "巡逻队：每5万㎡配2人",
            site.floor_area_m2, "m²", 25_000.0, 1.0, 2 * teams)
    add_post("post_guard", f"24-h fixed posts: 8,760 / ({days:g} × {hours:g}) = {fte:.2f} people each",
             f"24小时固定岗：每岗 8760/({days:g}×{hours:g}) = {fte:.2f}，取整计人", posts_24h, "posts", fte)
    add_post("post_guard", "closed entrances: 3 guards each (3 × 8 h)", "封闭出入口：每个3人（3×8小时）",
             closed_entrances, "entrances", 3.0)
    if monitoring_room:
        people = max(3.0, fte)
        add_post("post_guard", f"monitoring room: at least 3, one on duty 24 h = {fte:.2f}",
                 f"监控室：不少于3人，24小时一人值守 = {fte:.2f}，取整计人", 1, "rooms", people)
    # Security (guards and fixed posts) works around the clock: its statutory holidays are paid overtime.
    round_the_clock = frozenset(r.role for r in rows if r.role in ("guard", "post_guard") and r.headcount > 0)
    return NormsPlan(grade=grade, staffing=staffing, floor_area_m2=site.floor_area_m2,
                     large_site_factor=factor, rows=tuple(rows), round_the_clock_roles=round_the_clock)


def entrances(site: Site) -> int:
    """Closed entrances of a site, each a post of the norms: its own ``entrances`` and ``car_parks``
    (a car park with its own entrance) when the site states them, else one per two barrier lanes
    (in and out) [est], at least one when it has any gate."""
    own = getattr(site, "entrances", 0) + getattr(site, "car_parks", 0)
    if own > 0:
        return own
    if site.vehicle_gates:
        return _ceil(site.vehicle_gates / 2)
    return 1 if site.pedestrian_gates else 0


def scenario_norms(scenario: Scenario, *, grade: int | None = None,
                   staffing: Literal["low", "mid", "high"] = "mid") -> NormsPlan:
    """The norms applied completely to the scenario's (first) site (module docstring): the rule
    of thumb a bid writes today, in either operating model."""
    site = next(iter(scenario.sites.values()))
    pools = scenario.centre.pools.values()
    desks = sum(1 for pool in pools if "calls" in pool.skills)
    supervisors = 1 if any(pool.skills == ["expert"] for pool in pools) else 0
    plan = rule_of_thumb_plan(site, costs=scenario.costs, grade=grade, staffing=staffing,
                              closed_entrances=entrances(site), monitoring_room=True,
                              security_method="patrol_quota", desk_posts_24h=desks, cs_supervisors=supervisors)
    return with_leaders(plan, scenario)


def with_leaders(plan: NormsPlan, scenario: Scenario) -> NormsPlan:
    """The norms' plan with the supervisors and team leaders (主管/领班) its departments need by the
    scenario's span of control, the rule the plan itself is staffed by (planner.costs.team), so
    the two are compared on the same organisation; unchanged when the wages have no supervisor."""
    from dataclasses import replace

    from planner.costs.leaders import DEPARTMENTS, SUPERVISOR_ROLE, leaders_by_department

    if SUPERVISOR_ROLE not in scenario.costs.wages_yuan_per_month:
        return plan
    span = scenario.organisation.span_of_control
    heads = plan.headcount_by_role(rounded=True)
    leaders = sum(leaders_by_department(heads, span).values())
    if leaders <= 0:
        return plan
    front = sum(heads.get(role, 0.0) for roles in DEPARTMENTS.values() for role in roles)
    row = NormsRow(SUPERVISOR_ROLE, f"supervisors and team leaders: 1 per {span} front-line people of a department",
                   f"主管/领班：各部门每{span}名一线人员配1人", float(front), "people", float(span), 1.0,
                   float(leaders), int(leaders))
    return replace(plan, rows=plan.rows + (row,))
