"""The annual budget and property-fee estimate (物业服务费测算, DOMAIN.md §6) of a staffing plan.

:func:`budget` turns a headcount by role, a site and the scenario's :class:`~sim.scenario.costs.Costs`
into annual lines, each filed under a cost item of the regulation (物业服务收费管理办法 art. 11):

===========  ==========================================================  ==============================
category     item                                                        lines
===========  ==========================================================  ==============================
``1``        wages, social insurance and welfare                         per role: wages, social
                                                                         insurance, housing fund,
                                                                         welfare/union/training,
                                                                         statutory-holiday overtime,
                                                                         uniforms
``2``        running and maintenance of common parts and facilities      utilities, facility
                                                                         maintenance, lifts, contracts
                                                                         (fire-system testing, water
                                                                         tanks)
``3``        cleaning                                                    cleaning materials, contracts
                                                                         (pest control, septic tanks)
``4``        greening                                                    greening materials
``5``        security and order                                          security materials
``6``        office                                                      office, group call-centre share
``7``        fixed-asset depreciation                                    devices (both models: office
                                                                         equipment, tools, patrol
                                                                         system), call-centre seats
``8``        common-parts and public-liability insurance                 insurance
``9``        other costs agreed by the owners                            community culture, other
===========  ==========================================================  ==============================

Every line of items 2–9 is kept even when it is zero, and every one of the nine items has a
subtotal, so a cost table shows all nine. A contract is any entry of ``costs.contracts``
(units × price × times a year, filed under the item it names); a new line is one more ``put``.

then ``overhead``, ``contingency``, ``profit`` (lump sum) or ``commission``, and ``tax``.
Major repairs come from the special maintenance fund and are never in the budget.

Formulas (yuan per year; w = monthly wage of the role, h = its headcount, f = the year's wage
factor, 1 in the first year):

* wages = h × w × 12
* social insurance = h × max(w, floor) × 12 × social_insurance_rate, housing fund likewise with
  housing_fund_rate (floor = ``contribution_floor_yuan_per_month``, or the ``city_tier``'s floor)
* welfare, union and training = wages × welfare_union_training_rate
* uniforms = h × uniform_yuan_per_person_per_year (not wage-linked)
* statutory-holiday overtime, round-the-clock roles only =
  h × holiday_overtime_days × holiday_overtime_multiplier × w / paid_days_per_month
  × s, where s = 1 (``holiday_overtime_basis: headcount``: every person paid for every holiday)
  or working_days_per_year / 365 (``coverage``: only the holidays each person works)
* direct cost D = the sum of items 1–9; overhead O = overhead_rate × D;
  contingency K = contingency_rate × (D + O); cost C = D + O + K
* lump sum (包干制): profit P = profit_rate × C; commission (酬金制): commission P = commission_rate × C
  (C is then the spending on the owners' behalf)
* VAT = vat_rate × (C + P); surcharges = surcharge_rate × VAT (the estimate tables' convention:
  tax charged on the pre-tax price, no input-VAT deduction)
* total T = C + P + VAT + surcharges: the fee the site must bring in a year (fee = cost + tax +
  profit, or spending + commission + tax).

Income (:func:`income_lines`): the fee from owners = fee × floor area × (1 − u) × 12 × collection
rate, u the unsold share whose fee the developer pays (fee × floor area × u × 12 × its share);
parking, paid services, advertising and rental (the other income, not linked to the fee).

Results: cost per m²·month = T / (floor area × 12); break-even fee = (T − other income) / (floor
area × 12 × effective collection rate), the effective rate being (1 − u) × collection rate + u ×
the developer's share; surplus = income − T (above or below the target profit or commission);
labour share = item 1 / C. :func:`planner.costs.fee.fee_figure` is the one fee figure every
output prints.

Contract plan: year y has wage factor f = (1 + wage_growth_per_year)^(y−1) applied to the wages and
to the contribution floor (local bases are reset from average wages each year), so every
wage-linked line (wages, social insurance, housing fund, welfare, holiday overtime) grows by f;
every other line stays flat (prices of materials, contracts and devices are assumed fixed for the
contract, as is the fee); overhead, contingency, profit and tax are recomputed on the year's cost.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Iterable, Literal, Mapping

import pandas as pd

from planner.costs.norms import fte_per_24h_post
from sim.scenario import Site
from sim.scenario.costs import ROLES, Costs

OperatingModel = Literal["traditional", "centralised"]

#: Categories: the nine cost items of the regulation, then the margins and taxes, (English, 中文).
CATEGORIES: dict[str, tuple[str, str]] = {
    "1": ("wages, social insurance and welfare", "人员费用（工资、社保、福利）"),
    "2": ("running and maintenance of common parts and facilities", "公共部位及共用设施设备日常运行维护费"),
    "3": ("cleaning", "清洁卫生费"),
    "4": ("greening", "绿化养护费"),
    "5": ("security and order", "秩序维护费"),
    "6": ("office", "办公费"),
    "7": ("fixed-asset depreciation", "固定资产折旧"),
    "8": ("common-parts and public-liability insurance", "公共部位及公众责任保险"),
    "9": ("other costs agreed by the owners", "经业主同意的其他费用"),
    "overhead": ("company overhead", "企业管理费"),
    "contingency": ("contingency", "不可预见费"),
    "profit": ("profit", "利润"),
    "commission": ("commission", "酬金"),
    "tax": ("VAT and surcharges", "税金及附加"),
}
#: The cost items of the regulation (direct cost).
DIRECT_CATEGORIES: tuple[str, ...] = tuple(str(n) for n in range(1, 10))

ROLE_NAMES: dict[str, tuple[str, str]] = {
    "site_manager": ("site manager", "管理处主任"),
    "finance": ("finance", "财务"),
    "butler": ("butler", "管家"),
    "agent": ("call-centre agent", "呼叫中心客服"),
    "expert_agent": ("expert agent", "专家坐席"),
    "technician": ("technician", "维修工"),
    "guard": ("security guard", "秩序维护员"),
    "post_guard": ("fixed-post guard", "固定岗秩序维护员"),
    "supervisor": ("supervisor or team leader", "主管/领班"),
    "cleaner": ("cleaner", "保洁员"),
    "greener": ("greener", "绿化工"),
}

#: Roles staffed around the clock by default: security and the phone desk.
DEFAULT_ROUND_THE_CLOCK: frozenset[str] = frozenset({"guard", "post_guard", "agent"})
#: Roles that sit at a call-centre seat.
SEAT_ROLES: tuple[str, ...] = ("agent", "expert_agent")


@dataclass(frozen=True)
class Line:
    """One annual line of the budget."""

    key: str
    label_en: str
    label_zh: str
    category: str
    basis: str
    yuan_per_year: float
    role: str | None = None
    wage_linked: bool = False


def _fmt(x: float) -> str:
    return f"{x:,.2f}".rstrip("0").rstrip(".") if x != int(x) else f"{int(x):,}"


@dataclass(frozen=True)
class Budget:
    """An annual budget: its lines and the results. Built by :func:`budget`."""

    headcount_by_role: Mapping[str, float]
    site: Site
    costs: Costs
    round_the_clock_roles: frozenset[str]
    operating_model: str
    seats: float
    year: int
    wage_factor: float
    lines: tuple[Line, ...]
    #: Direct-cost lines made elsewhere (planner.costs.on_call: the standby allowance), kept for
    #: the contract years.
    extra_lines: tuple[Line, ...] = ()

    # ---------------------------------------------------------------- sums
    def subtotal(self, category: str) -> float:
        return math.fsum(line.yuan_per_year for line in self.lines if line.category == category)

    @property
    def subtotals_by_category(self) -> dict[str, float]:
        """Sum of the lines of each of the nine cost items (zero or not) and of each other
        category present, in :data:`CATEGORIES` order."""
        present = {line.category for line in self.lines} | set(DIRECT_CATEGORIES)
        return {cat: self.subtotal(cat) for cat in CATEGORIES if cat in present}

    @property
    def direct_cost_yuan_per_year(self) -> float:
        """Items 1–9."""
        return math.fsum(line.yuan_per_year for line in self.lines if line.category in DIRECT_CATEGORIES)

    @property
    def cost_yuan_per_year(self) -> float:
        """Direct cost + overhead + contingency (the spending, before profit or commission and tax)."""
        return math.fsum(line.yuan_per_year for line in self.lines
                         if line.category in DIRECT_CATEGORIES or line.category in ("overhead", "contingency"))

    @property
    def margin_yuan_per_year(self) -> float:
        """The target profit (lump sum) or the commission."""
        return math.fsum(line.yuan_per_year for line in self.lines if line.category in ("profit", "commission"))

    @property
    def tax_yuan_per_year(self) -> float:
        return self.subtotal("tax")

    @property
    def total_yuan_per_year(self) -> float:
        """Every line: the annual fee the site must bring in at the target margin."""
        return math.fsum(line.yuan_per_year for line in self.lines)

    @property
    def labour_yuan_per_year(self) -> float:
        """Item 1 (wages, on-costs, overtime, uniforms)."""
        return self.subtotal("1")

    @property
    def wage_linked_yuan_per_year(self) -> float:
        """The lines that grow with wages over the contract."""
        return math.fsum(line.yuan_per_year for line in self.lines if line.wage_linked)

    @property
    def labour_share_of_cost(self) -> float:
        """Item 1 / cost (DOMAIN §6: usually 55–70%)."""
        return self.labour_yuan_per_year / self.cost_yuan_per_year if self.cost_yuan_per_year else 0.0

    @property
    def headcount(self) -> float:
        return math.fsum(self.headcount_by_role.values())

    # ---------------------------------------------------------------- per m² and income
    @property
    def per_m2_month(self) -> float:
        """Total / (floor area × 12): the fee needed at 100% collection, yuan per m²·month."""
        return self.total_yuan_per_year / (self.site.floor_area_m2 * 12)

    @property
    def cost_per_m2_month(self) -> float:
        """Cost (before profit or commission and tax) per m² of floor area per month."""
        return self.cost_yuan_per_year / (self.site.floor_area_m2 * 12)

    @property
    def fee_base_m2_months(self) -> float:
        """What one yuan of fee per m²·month brings in a year: floor area × 12 × the effective
        collection rate ((1 − unsold share) × collection rate + unsold share × the developer's
        share of the fee)."""
        return self.site.floor_area_m2 * 12 * effective_collection_rate(self.costs)

    @property
    def other_income_yuan_per_year(self) -> float:
        """Income besides the fee: parking, paid services, advertising and rental."""
        return math.fsum(line.yuan_per_year for line in self.income_lines if not line.fee_linked)

    @property
    def break_even_fee_yuan_per_m2_month(self) -> float:
        """The fee at which income (the fee collected at the site's collection rate, the
        developer's payments on unsold floor area and the other income) equals the total, target
        margin included: (total − other income) / fee base."""
        return (self.total_yuan_per_year - self.other_income_yuan_per_year) / self.fee_base_m2_months

    @property
    def income_lines(self) -> tuple["IncomeLine", ...]:
        """The income at the fee charged, line by line (every line, zero or not)."""
        return income_lines(self.site, self.costs)

    @property
    def income_yuan_per_year(self) -> float:
        """Every income line at the fee charged."""
        return math.fsum(line.yuan_per_year for line in self.income_lines)

    @property
    def surplus_yuan_per_year(self) -> float:
        """Income − total: above (positive) or short of (negative) the target margin."""
        return self.income_yuan_per_year - self.total_yuan_per_year

    @property
    def margin_at_fee_yuan_per_year(self) -> float:
        """The profit (or commission) the charged fee actually leaves: income net of VAT and
        surcharges, less cost. Equals the target margin at the break-even fee."""
        c = self.costs
        return self.income_yuan_per_year / (1 + c.vat_rate * (1 + c.surcharge_rate)) - self.cost_yuan_per_year

    # ---------------------------------------------------------------- views
    def to_frame(self) -> pd.DataFrame:
        """One row per line: key, labels, category, role, basis, yuan per year, per m²·month."""
        rows = [asdict(line) for line in self.lines]
        frame = pd.DataFrame(rows, columns=[f.name for f in Line.__dataclass_fields__.values()])
        frame["category_en"] = frame["category"].map(lambda c: CATEGORIES[c][0])
        frame["category_zh"] = frame["category"].map(lambda c: CATEGORIES[c][1])
        frame["yuan_per_m2_month"] = frame["yuan_per_year"] / (self.site.floor_area_m2 * 12)
        return frame

    def summary(self) -> dict[str, float]:
        """The headline results."""
        return {
            "headcount": self.headcount,
            "direct_cost_yuan_per_year": self.direct_cost_yuan_per_year,
            "cost_yuan_per_year": self.cost_yuan_per_year,
            "margin_yuan_per_year": self.margin_yuan_per_year,
            "tax_yuan_per_year": self.tax_yuan_per_year,
            "total_yuan_per_year": self.total_yuan_per_year,
            "labour_yuan_per_year": self.labour_yuan_per_year,
            "labour_share_of_cost": self.labour_share_of_cost,
            "per_m2_month": self.per_m2_month,
            "cost_per_m2_month": self.cost_per_m2_month,
            "break_even_fee_yuan_per_m2_month": self.break_even_fee_yuan_per_m2_month,
            "fee_yuan_per_m2_month": self.costs.fee_yuan_per_m2_month,
            "collection_rate": self.costs.collection_rate,
            "income_yuan_per_year": self.income_yuan_per_year,
            "surplus_yuan_per_year": self.surplus_yuan_per_year,
            "margin_at_fee_yuan_per_year": self.margin_at_fee_yuan_per_year,
            "other_income_yuan_per_year": self.other_income_yuan_per_year,
            "effective_collection_rate": effective_collection_rate(self.costs),
        }

    def to_dict(self) -> dict:
        return {
            "year": self.year,
            "wage_factor": self.wage_factor,
            "operating_model": self.operating_model,
            "fee_model": self.costs.fee_model,
            "floor_area_m2": self.site.floor_area_m2,
            "headcount_by_role": dict(self.headcount_by_role),
            "round_the_clock_roles": sorted(self.round_the_clock_roles),
            "seats": self.seats,
            "lines": [asdict(line) for line in self.lines],
            "subtotals_by_category": self.subtotals_by_category,
            "income_lines": [asdict(line) for line in self.income_lines],
            **self.summary(),
        }

    # ---------------------------------------------------------------- contract
    def contract_plan(self) -> "ContractPlan":
        """The budget of each year of the contract (``costs.contract_years``); year 1 is this
        budget, later years grow the wage-linked lines by ``wage_growth_per_year`` (module
        docstring)."""
        years = []
        for year in range(1, self.costs.contract_years + 1):
            factor = (1 + self.costs.wage_growth_per_year) ** (year - 1)
            years.append(_build(self.headcount_by_role, self.site, self.costs, self.round_the_clock_roles,
                                self.operating_model, self.seats, year=year, wage_factor=factor,
                                extra=self.extra_lines))
        return ContractPlan(tuple(years))


@dataclass(frozen=True)
class IncomeLine:
    """One annual line of income; ``fee_linked`` lines scale with the property fee."""

    key: str
    label_en: str
    label_zh: str
    basis: str
    yuan_per_year: float
    fee_linked: bool = False


def effective_collection_rate(costs: Costs) -> float:
    """Share of the fee on the whole floor area that comes in: owners pay at the collection
    rate on the sold area, the developer its share of the fee on the unsold area."""
    inc = costs.income
    return (1 - inc.developer_vacant_share) * costs.collection_rate + inc.developer_vacant_share * inc.developer_vacant_fee_share


def income_lines(site: Site, costs: Costs) -> tuple[IncomeLine, ...]:
    """The site's income a year at the fee charged (DOMAIN §9), every line kept:

    * property fee = fee × floor area × (1 − unsold share) × 12 × collection rate
    * developer's vacant-unit fees = fee × floor area × unsold share × 12 × developer's share
    * parking = spaces × parking fee × 12 × parking collection rate
    * paid services = households × net margin per household
    * advertising and rental = the company's share, as given
    """
    c, inc, area = costs, costs.income, site.floor_area_m2
    fee, u = c.fee_yuan_per_m2_month, inc.developer_vacant_share
    return (
        IncomeLine("fee", "Property fee", "物业服务费收入",
                   f"{fee:g} × {_fmt(area)} m² × (1 − {u:g}) × 12 × {c.collection_rate:g}",
                   fee * area * (1 - u) * 12 * c.collection_rate, True),
        IncomeLine("developer_vacant", "Vacant-unit fees paid by the developer", "开发商空置房物业费",
                   f"{fee:g} × {_fmt(area)} m² × {u:g} × 12 × {inc.developer_vacant_fee_share:g}",
                   fee * area * u * 12 * inc.developer_vacant_fee_share, True),
        IncomeLine("parking", "Parking management", "停车管理服务费",
                   f"{inc.parking_spaces} spaces × {inc.parking_fee_yuan_per_space_per_month:g} × 12 × "
                   f"{inc.parking_collection_rate:g}",
                   inc.parking_spaces * inc.parking_fee_yuan_per_space_per_month * 12 * inc.parking_collection_rate),
        IncomeLine("paid_services", "Paid services (net)", "有偿服务收入（净）",
                   f"{site.households} households × {inc.paid_services_yuan_per_household_per_year:g}",
                   site.households * inc.paid_services_yuan_per_household_per_year),
        IncomeLine("advertising", "Advertising and common-area rental (company share)", "广告及公共场地经营收入（企业分成）",
                   "as given", inc.advertising_and_rental_yuan_per_year),
    )


@dataclass(frozen=True)
class ContractPlan:
    """Budgets year by year over the contract, the fee held constant."""

    years: tuple[Budget, ...]

    def to_frame(self) -> pd.DataFrame:
        """One row per year: the headline results and the subtotal of each category."""
        rows = []
        for b in self.years:
            row = {"year": b.year, "wage_factor": b.wage_factor}
            row.update(b.summary())
            row.update({f"category_{cat}": value for cat, value in b.subtotals_by_category.items()})
            rows.append(row)
        return pd.DataFrame(rows)

    @property
    def total_yuan(self) -> float:
        return math.fsum(b.total_yuan_per_year for b in self.years)

    @property
    def income_yuan(self) -> float:
        return math.fsum(b.income_yuan_per_year for b in self.years)

    @property
    def surplus_yuan(self) -> float:
        return math.fsum(b.surplus_yuan_per_year for b in self.years)

    @property
    def break_even_fee_yuan_per_m2_month(self) -> float:
        """The one fee, held for the whole contract, whose income (with the other income) covers
        every year's total."""
        other = math.fsum(b.other_income_yuan_per_year for b in self.years)
        return (self.total_yuan - other) / (self.years[0].fee_base_m2_months * len(self.years))

    def to_dict(self) -> dict:
        return {
            "years": [b.summary() | {"year": b.year, "wage_factor": b.wage_factor} for b in self.years],
            "total_yuan": self.total_yuan,
            "income_yuan": self.income_yuan,
            "surplus_yuan": self.surplus_yuan,
            "break_even_fee_yuan_per_m2_month": self.break_even_fee_yuan_per_m2_month,
        }


def budget(
    headcount_by_role: Mapping[str, float],
    site: Site,
    costs: Costs,
    *,
    round_the_clock_roles: Iterable[str] = DEFAULT_ROUND_THE_CLOCK,
    operating_model: OperatingModel = "traditional",
    seats: float | None = None,
    extra_lines: Iterable[Line] = (),
) -> Budget:
    """The first-year budget of a staffing plan (formulas in the module docstring).

    ``headcount_by_role``: full-time people by role (fractions allowed, e.g. 4.38 per 24-h post);
    every role needs a wage in ``costs.wages_yuan_per_month``. ``round_the_clock_roles``: roles
    paid statutory-holiday overtime (default guard, post_guard, agent). ``operating_model``:
    devices enter when they list the model; the group call-centre share and call-centre seats
    enter in the centralised model. ``seats``: call-centre seats at the site's charge; by default
    none in the traditional model, and in the centralised model the seat roles' (agent,
    expert_agent) headcount / people per 24-h post (each seat used around the clock by crews);
    giving it charges the seats under either model. ``extra_lines``: direct-cost lines built
    elsewhere (planner.costs.on_call.standby_lines), added before overhead and tax.
    """
    if operating_model not in ("traditional", "centralised"):
        raise ValueError(f"operating_model must be traditional or centralised, got {operating_model!r}")
    if site.floor_area_m2 <= 0:
        raise ValueError("site.floor_area_m2 is 0: the budget per m² and the fee need the gross floor area")
    headcount = {role: float(value) for role, value in headcount_by_role.items()}
    for role, value in headcount.items():
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"headcount of {role!r} must be a finite number ≥ 0, got {value}")
        if role not in costs.wages_yuan_per_month:
            raise ValueError(f"no wage for role {role!r} in costs.wages_yuan_per_month; "
                             f"roles with wages: {', '.join(costs.wages_yuan_per_month)}")
    if seats is None:
        seats = (math.fsum(headcount.get(r, 0.0) for r in SEAT_ROLES) / fte_per_24h_post(costs)
                 if operating_model == "centralised" else 0.0)
    elif not math.isfinite(seats) or seats < 0:
        raise ValueError(f"seats must be a finite number ≥ 0, got {seats}")
    return _build(headcount, site, costs, frozenset(round_the_clock_roles), operating_model, float(seats),
                  year=1, wage_factor=1.0, extra=tuple(extra_lines))


def _build(headcount: Mapping[str, float], site: Site, costs: Costs, rtc: frozenset[str],
           operating_model: str, seats: float, *, year: int, wage_factor: float, extra: tuple[Line, ...] = ()) -> Budget:
    c = costs
    lines: list[Line] = []

    def add(key, en, zh, category, basis, value, role=None, wage_linked=False):
        if value:
            lines.append(Line(key, en, zh, category, basis, float(value), role, wage_linked))

    # ---- (1) labour, per role
    floor = c.floor_yuan_per_month * wage_factor
    grown = f" × {wage_factor:.4f} (year {year} wage growth)" if wage_factor != 1 else ""
    order = sorted(headcount, key=lambda r: (ROLES.index(r) if r in ROLES else len(ROLES), r))
    for role in order:
        h = headcount[role]
        if h == 0:
            continue
        en_role, zh_role = ROLE_NAMES.get(role, (role, role))
        wage = c.wages_yuan_per_month[role] * wage_factor
        base = max(wage, floor)
        base_note = "floor base" if floor > wage else "wage"
        wages = h * wage * 12
        add(f"wages.{role}", f"Wages: {en_role}", f"工资：{zh_role}", "1",
            f"{_fmt(h)} people × {_fmt(c.wages_yuan_per_month[role])} 元/month × 12{grown}", wages, role, True)
        add(f"social_insurance.{role}", f"Social insurance: {en_role}", f"社会保险：{zh_role}", "1",
            f"{_fmt(h)} × max(wage, floor {_fmt(floor)}) = {_fmt(base)} ({base_note}) × 12 × {c.social_insurance_rate:g}",
            h * base * 12 * c.social_insurance_rate, role, True)
        add(f"housing_fund.{role}", f"Housing fund: {en_role}", f"住房公积金：{zh_role}", "1",
            f"{_fmt(h)} × {_fmt(base)} ({base_note}) × 12 × {c.housing_fund_rate:g}",
            h * base * 12 * c.housing_fund_rate, role, True)
        add(f"welfare.{role}", f"Welfare, union and training: {en_role}", f"福利费、工会经费、职工教育经费：{zh_role}", "1",
            f"wages × {c.welfare_union_training_rate:g}", wages * c.welfare_union_training_rate, role, True)
        if role in rtc:
            share = c.working_days_per_year / 365 if c.holiday_overtime_basis == "coverage" else 1.0
            share_note = f" × {c.working_days_per_year:g}/365 (holidays each works)" if share != 1 else ""
            add(f"holiday_overtime.{role}", f"Statutory-holiday overtime: {en_role}", f"法定节假日加班费：{zh_role}", "1",
                f"{_fmt(h)} × {c.holiday_overtime_days:g} days × {c.holiday_overtime_multiplier:g} × "
                f"{_fmt(wage)}/{c.paid_days_per_month:g} daily wage{share_note}",
                h * c.holiday_overtime_days * c.holiday_overtime_multiplier * wage / c.paid_days_per_month * share,
                role, True)
        add(f"uniforms.{role}", f"Uniforms: {en_role}", f"服装费：{zh_role}", "1",
            f"{_fmt(h)} × {_fmt(c.uniform_yuan_per_person_per_year)} 元/year",
            h * c.uniform_yuan_per_person_per_year, role, False)

    # ---- (2)–(9) non-labour: every line is kept, zero or not, so each of the nine items shows
    def put(key, en, zh, category, basis, value):
        lines.append(Line(key, en, zh, category, basis, float(value), None, False))

    area, green = site.floor_area_m2, site.green_area_m2
    quantities = site.quantities()
    amounts = {**quantities, "floor_area_m2": area, "green_area_m2": green}
    put("utilities", "Common-area utilities", "公共水电费", "2",
        f"{_fmt(area)} m² × {c.utilities_yuan_per_m2_per_year:g} 元/m²·year", area * c.utilities_yuan_per_m2_per_year)
    put("facility_maintenance", "Facility running and maintenance", "共用设施设备日常运行维护费", "2",
        f"{_fmt(area)} m² × {c.facility_maintenance_yuan_per_m2_per_year:g} 元/m²·year",
        area * c.facility_maintenance_yuan_per_m2_per_year)
    put("lift_maintenance", "Lift maintenance (contract)", "电梯维保费（外包）", "2",
        f"{site.lifts} lifts × {_fmt(c.lift_maintenance_yuan_per_lift_per_year)} 元/year",
        site.lifts * c.lift_maintenance_yuan_per_lift_per_year)
    put("cleaning_materials", "Cleaning materials and garbage removal", "清洁用品及垃圾清运费", "3",
        f"{_fmt(area)} m² × {c.cleaning_materials_yuan_per_m2_per_year:g} 元/m²·year",
        area * c.cleaning_materials_yuan_per_m2_per_year)
    put("greening", "Greening materials", "绿化养护费", "4",
        f"{_fmt(green)} m² green × {c.greening_yuan_per_m2_green_per_year:g} 元/m²·year",
        green * c.greening_yuan_per_m2_green_per_year)
    put("security_materials", "Security materials", "秩序维护物料费", "5",
        f"{_fmt(area)} m² × {c.security_materials_yuan_per_m2_per_year:g} 元/m²·year",
        area * c.security_materials_yuan_per_m2_per_year)
    put("office", "Office", "办公费", "6", "per site", c.office_yuan_per_year)
    if operating_model == "centralised":
        put("group_call_centre_share", "Share of the group call centre", "集团呼叫中心分摊", "6",
            "per site, centralised model", c.group_call_centre_share_yuan_per_year)
    for name, contract in c.contracts.items():
        units = contract.units(amounts)
        put(f"contract.{name}", f"Contract: {name.replace('_', ' ')}", f"外包：{contract.note or name}", contract.category,
            f"{_fmt(units)} × {_fmt(contract.yuan_per_unit)} 元 × {contract.times_per_year:g} a year",
            contract.yuan_per_year(amounts))
    for name, device in c.devices.items():
        if operating_model not in device.operating_models:
            continue
        units = device.units(quantities)
        put(f"depreciation.{name}", f"Depreciation: {name.replace('_', ' ')}", f"折旧：{device.note or name}", "7",
            f"{_fmt(units)} unit(s) × {_fmt(device.unit_cost_yuan)} 元 × (1 − {device.residual_share:g}) / "
            f"{device.life_years:g} years", device.depreciation_yuan_per_year(quantities))
    if seats:
        put("call_centre_seats", "Call-centre seats", "呼叫中心坐席费用", "7",
            f"{_fmt(seats)} seats × {_fmt(c.call_centre_seat_cost_yuan_per_year)} 元/year",
            seats * c.call_centre_seat_cost_yuan_per_year)
    put("insurance", "Common-parts and public-liability insurance", "公共部位及公众责任保险费", "8",
        f"{_fmt(area)} m² × {c.insurance_yuan_per_m2_per_year:g} 元/m²·year", area * c.insurance_yuan_per_m2_per_year)
    put("community_culture", "Community culture activities", "社区文化活动费", "9",
        f"{site.households} households × {_fmt(c.community_culture_yuan_per_household_per_year)} 元/year",
        site.households * c.community_culture_yuan_per_household_per_year)
    put("other", "Other costs agreed by the owners", "经业主同意的其他费用", "9", "per site", c.other_yuan_per_year)
    lines += [line for line in extra if line.yuan_per_year]

    # ---- overhead, contingency, margin, tax
    direct = math.fsum(line.yuan_per_year for line in lines)
    overhead = c.overhead_rate * direct
    put("overhead", "Company overhead", "企业管理费", "overhead", f"direct cost × {c.overhead_rate:g}", overhead)
    contingency = c.contingency_rate * (direct + overhead)
    put("contingency", "Contingency", "不可预见费", "contingency",
        f"(direct cost + overhead) × {c.contingency_rate:g}", contingency)
    cost = math.fsum(line.yuan_per_year for line in lines)
    if c.fee_model == "lump_sum":
        margin = c.profit_rate * cost
        add("profit", "Profit", "利润", "profit", f"cost × {c.profit_rate:g} (lump sum, 包干制)", margin)
    else:
        margin = c.commission_rate * cost
        add("commission", "Commission", "酬金", "commission",
            f"spending × {c.commission_rate:g} (commission, 酬金制)", margin)
    vat = c.vat_rate * (cost + margin)
    add("vat", "VAT", "增值税", "tax", f"(cost + {'profit' if c.fee_model == 'lump_sum' else 'commission'}) "
        f"× {c.vat_rate:g}", vat)
    add("surcharges", "VAT surcharges", "城建税及教育费附加", "tax", f"VAT × {c.surcharge_rate:g}",
        vat * c.surcharge_rate)

    return Budget(headcount_by_role=dict(headcount), site=site, costs=costs, round_the_clock_roles=rtc,
                  operating_model=operating_model, seats=seats, year=year, wage_factor=wage_factor,
                  lines=tuple(lines), extra_lines=extra)
