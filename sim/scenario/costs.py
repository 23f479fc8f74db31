"""The ``costs`` section of a scenario: wages, on-costs, non-labour rates, capital items, margins,
taxes and the fee (DOMAIN.md §6). Every rate is a scenario parameter with a default; monthly
money is in yuan (元), and each name carries its unit. The budget built from it is in
:mod:`planner.costs.budget`; the rule-of-thumb staffing plan in :mod:`planner.costs.norms`.

Sources of the defaults: DOMAIN.md §6 (marked [src] there) or estimates ([est]) a planner should
replace with the site's own figures.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field, NonNegativeFloat, PositiveFloat, field_validator, model_validator

from sim.scenario.field import SiteQuantity
from sim.scenario.strict import StrictModel

#: The roles the staffing plan and the budget know, in reporting order.
ROLES: tuple[str, ...] = (
    "site_manager", "finance", "butler", "agent", "expert_agent", "technician",
    "guard", "post_guard", "cleaner", "greener",
)

#: Default monthly gross wages, yuan, tier-2 city (DOMAIN §6 ranges, mid-points; [est] where the
#: brief gives none: expert agent, finance, greener).
DEFAULT_WAGES_YUAN_PER_MONTH: dict[str, float] = {
    "site_manager": 11500.0,   # 8,000–15,000
    "finance": 5000.0,         # [est]
    "butler": 4650.0,          # butler or agent 3,800–5,500
    "agent": 4650.0,           # call-centre seat (呼叫中心客服): as butler
    "expert_agent": 5500.0,    # 专家坐席: top of the agent range [est]
    "technician": 5500.0,      # 4,500–6,500
    "guard": 3600.0,           # 3,200–4,000
    "post_guard": 3600.0,      # fixed-post guard (固定岗): as guard
    "supervisor": 6500.0,      # 主管/领班: between the front line and the site manager [est]
    "cleaner": 2700.0,         # 2,400–3,000
    "greener": 3000.0,         # [est] between cleaner and guard
}

#: Capital items of the centralised model (DOMAIN §2, §6), all [est]: plain data, validated into
#: :class:`Device` by the schema.
DEFAULT_DEVICES: dict[str, dict] = {
    "barrier_gate": {"unit_cost_yuan": 15000, "per": "vehicle_gates", "life_years": 8,
                     "note": "remote-controlled barrier with plate recognition (道闸)"},
    "pedestrian_gate": {"unit_cost_yuan": 12000, "per": "pedestrian_gates", "life_years": 8,
                        "note": "pedestrian gate with face/card reader"},
    "video_intercom": {"unit_cost_yuan": 15000, "per": "buildings", "life_years": 8,
                       "note": "building door station with remote opening (可视对讲/远程门控)"},
    "ptz_camera": {"unit_cost_yuan": 4000, "per": "cameras", "units_per": 0.1, "life_years": 5,
                   "note": "PTZ dome cameras watched remotely (监控球机), one per ten cameras"},
    "patrol_cart": {"unit_cost_yuan": 15000, "count": 2, "life_years": 5, "note": "electric patrol cart"},
    "tablet": {"unit_cost_yuan": 3000, "count": 6, "life_years": 3, "note": "mobile butlers' tablets"},
    "iot_gateway": {"unit_cost_yuan": 50000, "count": 1, "life_years": 5,
                    "note": "site gateway and integration to the IoT remote-control platform"},
}


class Device(StrictModel):
    """A capital item (固定资产), depreciated straight-line over its life: ``count`` units, or
    ``units_per`` for each unit of the site quantity ``per``. It enters the budget only under the
    operating models listed in ``operating_models``."""

    unit_cost_yuan: PositiveFloat = Field(description="purchase and installation cost of one unit, yuan")
    count: Optional[NonNegativeFloat] = Field(None, description="units at the site (give this or per)")
    per: Optional[SiteQuantity] = Field(None, description="site quantity the number of units scales with")
    units_per: PositiveFloat = Field(1.0, description="units for each one of per (e.g. 2 per building)")
    life_years: PositiveFloat = Field(description="depreciation period, years")
    residual_share: float = Field(0.0, ge=0, lt=1, description="residual value as a share of cost (净残值率)")
    operating_models: list[Literal["traditional", "centralised"]] = Field(
        default_factory=lambda: ["centralised"], min_length=1,
        description="operating models whose budget includes the item")
    note: str = Field("", description="what the item is, for people")

    @model_validator(mode="after")
    def _count_or_per(self) -> "Device":
        if (self.count is None) == (self.per is None):
            raise ValueError("give exactly one of count or per")
        return self

    def units(self, quantities: dict[str, float]) -> float:
        """Units at a site with these quantities (``Site.quantities()``)."""
        if self.count is not None:
            return float(self.count)
        return float(quantities[self.per]) * self.units_per

    def depreciation_yuan_per_year(self, quantities: dict[str, float]) -> float:
        """Straight-line depreciation: units × unit cost × (1 − residual share) / life."""
        return self.units(quantities) * self.unit_cost_yuan * (1.0 - self.residual_share) / self.life_years


class Costs(StrictModel):
    """Cost rates for the staffing budget and the property-fee estimate (物业服务费测算, DOMAIN
    §6). Monthly money in yuan; annual lines in yuan per year. Defaults are tier-2-city figures
    from DOMAIN §6 or estimates: replace them with the site's own."""

    # ---------------------------------------------------------------- labour
    wages_yuan_per_month: dict[str, PositiveFloat] = Field(
        default_factory=lambda: dict(DEFAULT_WAGES_YUAN_PER_MONTH),
        description="gross monthly wage by role (site_manager, finance, butler, agent, expert_agent, "
                    "technician, guard, post_guard, cleaner, greener, or a new role), each > 0; roles given "
                    "override the defaults one by one, null removes one")
    social_insurance_rate: float = Field(
        0.30, ge=0, le=1, description="employer social insurance (社保) as a share of the contribution base")
    housing_fund_rate: float = Field(
        0.07, ge=0, le=0.12, description="employer housing fund (公积金) share of the contribution base, 5–12%")
    contribution_floor_yuan_per_month: NonNegativeFloat = Field(
        1300.0, description="lowest contribution base (缴费基数下限): the base is max(wage, floor)")
    welfare_union_training_rate: float = Field(
        0.16, ge=0, le=1, description="welfare, union and training (福利费/工会经费/教育经费) as a share of wages")
    uniform_yuan_per_person_per_year: NonNegativeFloat = Field(500.0, description="uniforms (服装费) per head")
    holiday_overtime_days: NonNegativeFloat = Field(
        11.0, le=366, description="statutory holidays a year (法定节假日) worked on round-the-clock posts")
    holiday_overtime_multiplier: NonNegativeFloat = Field(
        3.0, description="pay for a worked statutory holiday, in daily wages, on top of the monthly wage")
    holiday_overtime_basis: Literal["headcount", "coverage"] = Field(
        "headcount", description="headcount: every person of a round-the-clock role is paid for every "
        "holiday (the usual estimate table); coverage: only the holidays each works, "
        "working_days_per_year/365 of them")
    paid_days_per_month: PositiveFloat = Field(
        21.75, le=31, description="daily wage = monthly wage / this (月计薪天数, (365 − 104)/12)")
    working_days_per_year: float = Field(
        250.0, gt=0, le=366, description="days a full-time person works: sets people per 24-hour post")
    hours_per_day: float = Field(8.0, gt=0, le=24, description="hours of a working day (one shift)")

    # ---------------------------------------------------------------- non-labour, per year
    utilities_yuan_per_m2_per_year: NonNegativeFloat = Field(
        4.8, description="common-area electricity and water (公共水电: lifts, pumps, lighting), per m² of floor area [est]")
    facility_maintenance_yuan_per_m2_per_year: NonNegativeFloat = Field(
        2.4, description="routine running and maintenance of common parts and facilities, per m² of floor area [est]")
    lift_maintenance_yuan_per_lift_per_year: NonNegativeFloat = Field(
        8000.0, description="lift maintenance contract and annual inspection, per lift [est]")
    cleaning_materials_yuan_per_m2_per_year: NonNegativeFloat = Field(
        1.2, description="cleaning materials, garbage removal, pest control, per m² of floor area [est]")
    greening_yuan_per_m2_green_per_year: NonNegativeFloat = Field(
        3.0, description="plants, fertiliser, water, tools, per m² of green area [est]")
    security_materials_yuan_per_m2_per_year: NonNegativeFloat = Field(
        0.2, description="radios, patrol system, fire-fighting consumables, per m² of floor area [est]")
    office_yuan_per_year: NonNegativeFloat = Field(
        60000.0, description="office costs (办公费): supplies, phones, network, travel, per site [est]")
    insurance_yuan_per_m2_per_year: NonNegativeFloat = Field(
        0.15, description="common-parts and public-liability insurance, per m² of floor area [est]")
    other_yuan_per_year: NonNegativeFloat = Field(
        0.0, description="other costs agreed by the owners (regulation item 9), per site")

    # ---------------------------------------------------------------- centralised model
    devices: dict[str, Device] = Field(
        default_factory=lambda: {name: dict(item) for name, item in DEFAULT_DEVICES.items()},
        description="capital items depreciated straight-line; the defaults are the centralised model's "
                    "remote-control devices [est]; items given merge over the default of the same name, "
                    "null removes one, devices: null removes all")
    call_centre_seat_cost_yuan_per_year: NonNegativeFloat = Field(
        6000.0, description="annual cost of one call-centre seat: workstation, headset, licences, "
        "depreciated [est]; centralised model, or when the budget is given seats")
    group_call_centre_share_yuan_per_year: NonNegativeFloat = Field(
        50000.0, description="the site's share of the group call centre's platform, premises and "
        "supervision (not of the agents the site's plan lists) [est]; centralised model only")

    # ---------------------------------------------------------------- margins, taxes, fee
    overhead_rate: float = Field(
        0.0, ge=0, le=1, description="company management overhead (企业管理费分摊) as a share of direct cost")
    contingency_rate: float = Field(
        0.02, ge=0, le=1, description="contingency (不可预见费) as a share of direct cost plus overhead")
    profit_rate: float = Field(
        0.08, ge=0, le=1, description="target profit as a share of cost, lump-sum model (5–10%)")
    vat_rate: float = Field(
        0.06, ge=0, le=1, description="VAT on cost plus profit (or commission): 6% general taxpayer, 3% small")
    surcharge_rate: float = Field(
        0.12, ge=0, le=1, description="surcharges (城建税及教育费附加) as a share of the VAT")
    fee_model: Literal["lump_sum", "commission"] = Field(
        "lump_sum", description="lump_sum (包干制): fee = cost + tax + profit; commission (酬金制): "
        "fee = spending + commission (+ tax)")
    commission_rate: float = Field(
        0.10, ge=0, le=1, description="commission (酬金) as a share of spending, commission model")
    fee_yuan_per_m2_month: NonNegativeFloat = Field(
        2.0, description="property fee charged (物业费), yuan per m² of floor area per month: the income")
    collection_rate: float = Field(0.9, gt=0, le=1, description="share of the fee collected (收缴率)")
    contract_years: int = Field(3, ge=1, le=30, description="contract period for the plan over years")
    wage_growth_per_year: float = Field(
        0.05, ge=-0.5, le=1, description="yearly growth of wages and every wage-linked line")

    @field_validator("wages_yuan_per_month", mode="before")
    @classmethod
    def _over_defaults(cls, value):
        """Roles given replace the defaults one by one; a role set to null is removed."""
        if not isinstance(value, dict):
            return value
        merged = dict(DEFAULT_WAGES_YUAN_PER_MONTH)
        for role, wage in value.items():
            if wage is None:
                merged.pop(role, None)
            else:
                merged[role] = wage
        return merged

    @field_validator("devices", mode="before")
    @classmethod
    def _over_default_devices(cls, value):
        """Devices given merge over the default of the same name field by field (giving
        ``count`` drops the default's ``per`` and the reverse); a device set to null is removed,
        and ``devices: null`` removes them all."""
        if value is None:
            return {}
        if not isinstance(value, dict):
            return value
        merged: dict = {name: dict(item) for name, item in DEFAULT_DEVICES.items()}
        for name, item in value.items():
            if item is None:
                merged.pop(name, None)
            elif isinstance(item, dict) and isinstance(merged.get(name), dict):
                base = merged[name]
                if "count" in item and "per" not in item:
                    base.pop("per", None)
                    base.pop("units_per", None)
                if "per" in item and "count" not in item:
                    base.pop("count", None)
                merged[name] = {**base, **item}
            else:
                merged[name] = item
        return merged

    def daily_wage_yuan(self, role: str) -> float:
        """Monthly wage / paid days per month."""
        return self.wages_yuan_per_month[role] / self.paid_days_per_month
