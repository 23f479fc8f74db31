"""The ``costs`` section of a scenario: wages, on-costs, non-labour rates, capital items, margins,
taxes and the fee (DOMAIN.md §6). Every rate is a scenario parameter with a default; monthly
money is in yuan (元), and each name carries its unit. The budget built from it is in
:mod:`planner.costs.budget`; the rule-of-thumb staffing plan in :mod:`planner.costs.norms`.

Sources of the defaults: DOMAIN.md §6 (marked [src] there) or estimates ([est]) a planner should
replace with the site's own figures.
"""

from __future__ import annotations

import math

from typing import Literal, Optional

from pydantic import Field, NonNegativeFloat, PositiveFloat, field_validator, model_validator

from sim.scenario.field import SiteQuantity
from sim.scenario.problems import problem
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
    # Both operating models own these [est]: a site office's equipment, the engineering team's
    # tools and the electronic patrol system (电子巡更) of the guards' rounds.
    "office_equipment": {"unit_cost_yuan": 40000, "count": 1, "life_years": 5,
                         "operating_models": ["traditional", "centralised"],
                         "note": "site office computers, printers, phones and furniture (办公设备)"},
    "engineering_tools": {"unit_cost_yuan": 30000, "count": 1, "life_years": 5,
                          "operating_models": ["traditional", "centralised"],
                          "note": "engineering tools and instruments (工程维修工具)"},
    "patrol_system": {"unit_cost_yuan": 12000, "count": 1, "life_years": 5,
                      "operating_models": ["traditional", "centralised"],
                      "note": "electronic patrol checkpoints and readers (电子巡更系统)"},
}

#: Social-insurance contribution floors (社保缴费基数下限), yuan a month, by city tier: the base of
#: every employer contribution is max(wage, floor). DOMAIN §9: tier-1 and tier-2 floors in 2024
#: were roughly 4,000–7,400 (Beijing about 6,800, Shanghai about 7,400, from the cities'
#: published notices); the tier values here are [est] within that span, tier 3 [est] below it.
CITY_TIER_FLOORS_YUAN_PER_MONTH: dict[str, float] = {"tier1": 6800.0, "tier2": 4500.0, "tier3": 4000.0}

#: Cost items (物业服务收费管理办法 art. 11) an outsourced contract may be filed under.
ContractCategory = Literal["2", "3", "4", "5", "6", "8", "9"]
#: What a contract's price scales with: a site count, or an area in m².
ContractQuantity = Literal["lifts", "vehicle_gates", "pedestrian_gates", "cameras", "buildings", "households",
                           "pumps", "floor_area_m2", "green_area_m2"]

#: Outsourced contracts (外包合同) of a residential site [est unless marked]: plain data,
#: validated into :class:`Contract`. Lift maintenance has its own field
#: (``lift_maintenance_yuan_per_lift_per_year``).
DEFAULT_CONTRACTS: dict[str, dict] = {
    "fire_system_testing": {"category": "2", "per": "floor_area_m2", "yuan_per_unit": 0.5,
                            "note": "消防设施维护保养及年度检测",
                            "source": "[est] market quotes 0.3–1.0 元/㎡·年; annual testing is required by "
                                      "the Fire Protection Law art. 16"},
    "water_tank_cleaning": {"category": "2", "count": 4, "times_per_year": 2, "yuan_per_unit": 3000,
                            "note": "二次供水水箱清洗消毒",
                            "source": "twice a year (DOMAIN §9; GB 17051: at least every six months); "
                                      "4 tanks and 3,000 元 a cleaning [est]"},
    "pest_control": {"category": "3", "per": "floor_area_m2", "yuan_per_unit": 0.1,
                     "note": "四害消杀", "source": "[est] 0.1 元/㎡·年"},
    "septic_tank_clearing": {"category": "3", "per": "buildings", "yuan_per_unit": 1500,
                             "note": "化粪池清掏", "source": "[est] once a year, 1,500 元 a building"},
}


class CountOrPer(StrictModel):
    """Units given as ``count``, or as a site quantity ``per`` scaled by ``_units_of`` (exactly
    one of them): the one rule behind a contract's and a device's units. Subclasses declare both
    fields."""

    @model_validator(mode="after")
    def _count_or_per(self):
        if (self.count is None) == (self.per is None):
            raise problem("count_or_per")
        return self

    def _units_of(self, quantity: float) -> float:
        """Units for ``quantity`` of the site quantity ``per``: the quantity itself."""
        return quantity

    def units(self, quantities: dict[str, float]) -> float:
        """Units at a site with these quantities (``Site.quantities()`` plus its areas)."""
        return float(self.count) if self.count is not None else self._units_of(float(quantities[self.per]))


class Contract(CountOrPer):
    """An outsourced service contract (外包合同): ``yuan_per_unit`` for each of ``count`` units, or
    for each unit of the site quantity ``per`` (an area in m² or a count), ``times_per_year`` times
    a year, filed under cost item ``category``."""

    category: ContractCategory = Field(description="cost item of art. 11 the contract is filed under (2–9)")
    yuan_per_unit: NonNegativeFloat = Field(description="price of one unit for one service, yuan")
    count: Optional[NonNegativeFloat] = Field(None, description="units served (give this or per)")
    per: Optional[ContractQuantity] = Field(None, description="site quantity (count or m²) the price is per")
    times_per_year: PositiveFloat = Field(1.0, le=366, description="services a year")
    note: str = Field("", description="what the contract is, for people (Chinese name in the proposal)")
    source: str = Field("", description="where the price comes from ([est] for an estimate)")

    def yuan_per_year(self, quantities: dict[str, float]) -> float:
        """units × price × times a year."""
        return self.units(quantities) * self.yuan_per_unit * self.times_per_year


class Income(StrictModel):
    """Income besides the property fee (DOMAIN §9), yuan; every line is shown, zero or not. The
    fee itself is ``costs.fee_yuan_per_m2_month`` at ``costs.collection_rate``, except on the
    floor area the developer has not sold, whose fee the developer pays (``developer_vacant_*``)."""

    parking_spaces: int = Field(0, ge=0, le=1_000_000, description="parking spaces managed (车位)")
    parking_fee_yuan_per_space_per_month: NonNegativeFloat = Field(
        0.0, description="parking management fee (车位管理费), yuan per space per month")
    parking_collection_rate: float = Field(0.9, gt=0, le=1, description="share of the parking fee collected")
    paid_services_yuan_per_household_per_year: NonNegativeFloat = Field(
        0.0, description="net margin of paid services (有偿服务) per household a year")
    advertising_and_rental_yuan_per_year: NonNegativeFloat = Field(
        0.0, description="the company's share of advertising and common-area rental (公共收益, shared with owners)")
    developer_vacant_share: float = Field(
        0.0, ge=0, lt=1, description="share of the floor area unsold, whose fee the developer pays (开发商空置房)")
    developer_vacant_fee_share: float = Field(
        1.0, ge=0, le=1, description="share of the fee the developer pays on unsold floor area")


class Device(CountOrPer):
    """A capital item (固定资产), depreciated straight-line over its life: ``count`` units, or
    ``units_per`` for each unit of the site quantity ``per``. It enters the budget only under the
    operating models listed in ``operating_models``."""

    unit_cost_yuan: PositiveFloat = Field(description="purchase and installation cost of one unit, yuan")
    count: Optional[NonNegativeFloat] = Field(None, description="units at the site (give this or per)")
    per: Optional[SiteQuantity] = Field(None, description="site quantity the number of units scales with")
    units_per: PositiveFloat = Field(1.0, description="units for each one of per (e.g. 2 per building); the units of a site are rounded up to whole ones")
    life_years: PositiveFloat = Field(description="depreciation period, years")
    residual_share: float = Field(0.0, ge=0, lt=1, description="residual value as a share of cost (净残值率)")
    operating_models: list[Literal["traditional", "centralised"]] = Field(
        default_factory=lambda: ["centralised"], min_length=1,
        description="operating models whose budget includes the item")
    note: str = Field("", description="what the item is, for people")

    def _units_of(self, quantity: float) -> float:
        """Whole units: ``per`` × ``units_per`` rounded up, as nobody buys a fifth of a camera."""
        return float(math.ceil(quantity * self.units_per - 1e-9))

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
    city_tier: Literal["tier1", "tier2", "tier3"] = Field(
        "tier2", description="city tier (城市等级): sets the contribution floor when none is given "
        "(tier1 6,800, tier2 4,500, tier3 4,000 yuan a month [est from published city notices])")
    contribution_floor_yuan_per_month: Optional[NonNegativeFloat] = Field(
        None, description="lowest contribution base (缴费基数下限): the base is max(wage, floor); "
        "null takes the city tier's floor")
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
        1.2, description="cleaning materials and garbage removal, per m² of floor area [est]")
    greening_yuan_per_m2_green_per_year: NonNegativeFloat = Field(
        3.0, description="plants, fertiliser, water, tools, per m² of green area [est]")
    security_materials_yuan_per_m2_per_year: NonNegativeFloat = Field(
        0.2, description="radios, patrol system, fire-fighting consumables, per m² of floor area [est]")
    office_yuan_per_year: NonNegativeFloat = Field(
        60000.0, description="office costs (办公费): supplies, phones, network, travel, per site [est]")
    insurance_yuan_per_m2_per_year: NonNegativeFloat = Field(
        0.15, description="common-parts and public-liability insurance, per m² of floor area [est]")
    contracts: dict[str, Contract] = Field(
        default_factory=lambda: {name: dict(item) for name, item in DEFAULT_CONTRACTS.items()},
        description="outsourced contracts (fire-system testing, water-tank cleaning, pest control, septic "
                    "tanks by default [est]); items given merge over the default of the same name, null "
                    "removes one, contracts: null removes all")
    community_culture_yuan_per_household_per_year: NonNegativeFloat = Field(
        10.0, description="community culture activities (社区文化活动), per household a year [est]; cost item 9")
    other_yuan_per_year: NonNegativeFloat = Field(
        0.0, description="other costs agreed by the owners (regulation item 9), per site")
    income: Income = Field(default_factory=Income, description="income besides the property fee")

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
        0.05, ge=0, le=1, description="company management overhead (企业管理费分摊: head office, "
        "quality inspection, systems) as a share of direct cost [est]")
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
        return _over_defaults(value, DEFAULT_DEVICES)

    @field_validator("contracts", mode="before")
    @classmethod
    def _over_default_contracts(cls, value):
        """Contracts given merge over the default of the same name field by field (giving
        ``count`` drops the default's ``per`` and the reverse); null removes one, and
        ``contracts: null`` removes them all."""
        return _over_defaults(value, DEFAULT_CONTRACTS)

    @property
    def floor_yuan_per_month(self) -> float:
        """The contribution floor in force: the one given, else the city tier's."""
        if self.contribution_floor_yuan_per_month is not None:
            return float(self.contribution_floor_yuan_per_month)
        return CITY_TIER_FLOORS_YUAN_PER_MONTH[self.city_tier]

    def daily_wage_yuan(self, role: str) -> float:
        """Monthly wage / paid days per month."""
        return self.wages_yuan_per_month[role] / self.paid_days_per_month


def _over_defaults(value, defaults: dict):
    """Items given merged over the defaults of the same name field by field: giving ``count``
    drops the default's ``per`` (and ``units_per``), giving ``per`` drops its ``count``; an item
    set to null is removed, and null for the whole removes them all."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        return value
    merged: dict = {name: dict(item) for name, item in defaults.items()}
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
