"""The budget and fee estimate (DOMAIN.md §6): lines add up, per-m² figures scale back to the
year, the contribution floor binds only for low wages, holiday overtime only for round-the-clock
roles, the break-even fee leaves no surplus, the contract plan grows labour with wages, and bad
cost parameters are named by the loader. Expected values are derived here from the inputs."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from planner.costs.budget import CATEGORIES, DIRECT_CATEGORIES, budget
from planner.costs.norms import rule_of_thumb_plan
from sim.scenario.errors import ScenarioError
from sim.scenario.loader import load_scenario
from sim.scenario import Site
from sim.scenario.costs import Costs

AREA = 120_000.0


def site(**kw) -> Site:
    base = dict(households=1200, floor_area_m2=AREA, green_area_m2=20_000, lifts=24, buildings=12,
                vehicle_gates=4, pedestrian_gates=4, cameras=80)
    base.update(kw)
    return Site(**base)


#: Every non-labour rate and device off: only what a test turns on is in the budget.
BARE = dict(
    utilities_yuan_per_m2_per_year=0, facility_maintenance_yuan_per_m2_per_year=0,
    lift_maintenance_yuan_per_lift_per_year=0, cleaning_materials_yuan_per_m2_per_year=0,
    greening_yuan_per_m2_green_per_year=0, security_materials_yuan_per_m2_per_year=0,
    office_yuan_per_year=0, insurance_yuan_per_m2_per_year=0, other_yuan_per_year=0,
    devices=None, contracts=None, community_culture_yuan_per_household_per_year=0,
    call_centre_seat_cost_yuan_per_year=0, group_call_centre_share_yuan_per_year=0,
    overhead_rate=0, contingency_rate=0, profit_rate=0, vat_rate=0, surcharge_rate=0,
    uniform_yuan_per_person_per_year=0, welfare_union_training_rate=0,
    social_insurance_rate=0, housing_fund_rate=0,
)


def bare(**kw) -> Costs:
    return Costs(**{**BARE, **kw})


def value(b, key) -> float:
    hits = [line.yuan_per_year for line in b.lines if line.key == key]
    assert len(hits) <= 1
    return hits[0] if hits else 0.0


def default_budget(**kw):
    plan = rule_of_thumb_plan(site(), posts_24h=2)
    return budget(plan.headcount_by_role(), site(), Costs(**kw), round_the_clock_roles=plan.round_the_clock_roles)


# --------------------------------------------------------------------------- a budget worked by hand


def test_small_budget_worked_by_hand():
    costs = bare(wages_yuan_per_month={"guard": 4000}, contribution_floor_yuan_per_month=1300,
                 social_insurance_rate=0.3, housing_fund_rate=0.1, welfare_union_training_rate=0.1,
                 uniform_yuan_per_person_per_year=600, holiday_overtime_days=10, holiday_overtime_multiplier=3,
                 paid_days_per_month=20, office_yuan_per_year=10_000, overhead_rate=0.1,
                 contingency_rate=0.05, profit_rate=0.1, vat_rate=0.06, surcharge_rate=0.12)
    b = budget({"guard": 2}, site(), costs, round_the_clock_roles={"guard"})
    wages = 2 * 4000 * 12                        # 96,000
    social = wages * 0.3                         # 28,800
    fund = wages * 0.1                           # 9,600
    welfare = wages * 0.1                        # 9,600
    overtime = 2 * 10 * 3 * (4000 / 20)          # 12,000
    uniforms = 2 * 600                           # 1,200
    direct = wages + social + fund + welfare + overtime + uniforms + 10_000
    overhead = 0.1 * direct
    contingency = 0.05 * (direct + overhead)
    cost = direct + overhead + contingency
    profit = 0.1 * cost
    vat = 0.06 * (cost + profit)
    total = cost + profit + vat + 0.12 * vat
    assert value(b, "wages.guard") == pytest.approx(wages)
    assert value(b, "social_insurance.guard") == pytest.approx(social)
    assert value(b, "housing_fund.guard") == pytest.approx(fund)
    assert value(b, "welfare.guard") == pytest.approx(welfare)
    assert value(b, "holiday_overtime.guard") == pytest.approx(overtime)
    assert value(b, "uniforms.guard") == pytest.approx(uniforms)
    assert b.direct_cost_yuan_per_year == pytest.approx(direct)
    assert b.cost_yuan_per_year == pytest.approx(cost)
    assert b.margin_yuan_per_year == pytest.approx(profit)
    assert b.tax_yuan_per_year == pytest.approx(vat * 1.12)
    assert b.total_yuan_per_year == pytest.approx(total)
    assert b.labour_share_of_cost == pytest.approx((direct - 10_000) / cost)


def test_commission_model_fee_is_spending_plus_commission_plus_tax():
    costs = bare(wages_yuan_per_month={"cleaner": 3000}, office_yuan_per_year=20_000, fee_model="commission",
                 commission_rate=0.1, profit_rate=0.08, vat_rate=0.06, surcharge_rate=0.12)
    b = budget({"cleaner": 5}, site(), costs, round_the_clock_roles=set())
    spending = 5 * 3000 * 12 + 20_000
    assert b.cost_yuan_per_year == pytest.approx(spending)
    assert value(b, "commission") == pytest.approx(0.1 * spending)
    assert value(b, "profit") == 0
    assert b.total_yuan_per_year == pytest.approx(spending * 1.1 * (1 + 0.06 * 1.12))


# --------------------------------------------------------------------------- sums


def test_lines_sum_to_subtotals_and_totals_exactly():
    b = default_budget()
    lines = [line.yuan_per_year for line in b.lines]
    assert b.total_yuan_per_year == math.fsum(lines)
    subtotals = b.subtotals_by_category
    for category, subtotal in subtotals.items():
        assert subtotal == math.fsum(line.yuan_per_year for line in b.lines if line.category == category)
    assert set(subtotals) == {line.category for line in b.lines}
    assert math.fsum(subtotals.values()) == pytest.approx(b.total_yuan_per_year, rel=1e-15, abs=1e-6)
    assert b.direct_cost_yuan_per_year == math.fsum(line.yuan_per_year for line in b.lines
                                                    if line.category in DIRECT_CATEGORIES)
    assert b.total_yuan_per_year == pytest.approx(
        b.cost_yuan_per_year + b.margin_yuan_per_year + b.tax_yuan_per_year, rel=1e-15)
    frame = b.to_frame()
    assert isinstance(frame, pd.DataFrame) and len(frame) == len(b.lines)
    assert frame["yuan_per_year"].sum() == pytest.approx(b.total_yuan_per_year, rel=1e-12)
    assert set(frame["category"]) <= set(CATEGORIES)


def test_per_m2_month_times_area_times_12_is_the_year():
    b = default_budget()
    assert b.per_m2_month * AREA * 12 == pytest.approx(b.total_yuan_per_year, rel=1e-12)
    assert b.cost_per_m2_month * AREA * 12 == pytest.approx(b.cost_yuan_per_year, rel=1e-12)
    frame = b.to_frame()
    assert frame["yuan_per_m2_month"].sum() * AREA * 12 == pytest.approx(b.total_yuan_per_year, rel=1e-12)


def test_to_dict_is_json_ready():
    b = default_budget()
    data = json.loads(json.dumps(b.to_dict(), ensure_ascii=False))
    assert data["total_yuan_per_year"] == pytest.approx(b.total_yuan_per_year)
    assert len(data["lines"]) == len(b.lines)
    assert all(line["label_en"] and line["label_zh"] and line["basis"] for line in data["lines"])


# --------------------------------------------------------------------------- labour on-costs


@pytest.mark.parametrize("wage, base", [(1000.0, 1300.0), (1299.0, 1300.0), (5000.0, 5000.0)])
def test_contribution_floor_binds_only_for_low_wages(wage, base):
    costs = bare(wages_yuan_per_month={"cleaner": wage}, contribution_floor_yuan_per_month=1300,
                 social_insurance_rate=0.3, housing_fund_rate=0.07)
    b = budget({"cleaner": 3}, site(), costs, round_the_clock_roles=set())
    assert value(b, "social_insurance.cleaner") == pytest.approx(3 * base * 12 * 0.3)
    assert value(b, "housing_fund.cleaner") == pytest.approx(3 * base * 12 * 0.07)
    assert value(b, "wages.cleaner") == pytest.approx(3 * wage * 12)


def test_holiday_overtime_only_for_round_the_clock_roles():
    costs = Costs(**{**BARE, "wages_yuan_per_month": {"guard": 3480, "cleaner": 2610}})
    b = budget({"guard": 4.38, "cleaner": 10}, site(), costs, round_the_clock_roles={"guard"})
    keys = {line.key for line in b.lines if line.key.startswith("holiday_overtime")}
    assert keys == {"holiday_overtime.guard"}
    assert value(b, "holiday_overtime.guard") == pytest.approx(4.38 * 11 * 3 * 3480 / 21.75)
    none = budget({"guard": 4.38, "cleaner": 10}, site(), costs, round_the_clock_roles=set())
    assert not [line for line in none.lines if line.key.startswith("holiday_overtime")]
    assert b.total_yuan_per_year - none.total_yuan_per_year == pytest.approx(4.38 * 11 * 3 * 3480 / 21.75)


def test_holiday_overtime_coverage_basis_counts_only_holidays_worked():
    costs = bare(wages_yuan_per_month={"guard": 3480}, holiday_overtime_basis="coverage")
    b = budget({"guard": 4.38}, site(), costs, round_the_clock_roles={"guard"})
    assert value(b, "holiday_overtime.guard") == pytest.approx(4.38 * 11 * 3 * 3480 / 21.75 * 250 / 365)


def test_roles_without_a_wage_and_bad_headcounts_are_refused():
    with pytest.raises(ValueError, match="plumber"):
        budget({"plumber": 1}, site(), Costs())
    with pytest.raises(ValueError, match="guard"):
        budget({"guard": -1}, site(), Costs())
    with pytest.raises(ValueError, match="floor_area_m2"):
        budget({"guard": 1}, site(floor_area_m2=0), Costs())
    extra = Costs(wages_yuan_per_month={"plumber": 5000})
    assert extra.wages_yuan_per_month["plumber"] == 5000 and "guard" in extra.wages_yuan_per_month
    assert value(budget({"plumber": 1}, site(), extra), "wages.plumber") == pytest.approx(60_000)


# --------------------------------------------------------------------------- non-labour and the centralised model


def test_area_rates_and_lifts():
    costs = bare(utilities_yuan_per_m2_per_year=2.0, greening_yuan_per_m2_green_per_year=4.0,
                 lift_maintenance_yuan_per_lift_per_year=7000, insurance_yuan_per_m2_per_year=0.1)
    b = budget({}, site(), costs)
    assert value(b, "utilities") == pytest.approx(AREA * 2.0)
    assert value(b, "greening") == pytest.approx(20_000 * 4.0)
    assert value(b, "lift_maintenance") == pytest.approx(24 * 7000)
    assert value(b, "insurance") == pytest.approx(AREA * 0.1)
    assert {line.category for line in b.lines if line.yuan_per_year} == {"2", "4", "8"}
    # Every one of the nine cost items is in the budget, zero or not (art. 11).
    assert set(DIRECT_CATEGORIES) <= set(b.subtotals_by_category)
    assert b.subtotals_by_category["7"] == 0 and b.subtotals_by_category["1"] == 0


def test_contracts_culture_and_overhead_by_hand():
    costs = bare(contracts={"fire_system_testing": {"yuan_per_unit": 0.4},
                            "water_tank_cleaning": {"count": 3, "yuan_per_unit": 2000, "times_per_year": 2},
                            "pest_control": None, "septic_tank_clearing": None,
                            "waste": {"category": "3", "per": "households", "yuan_per_unit": 12}},
                 community_culture_yuan_per_household_per_year=8, overhead_rate=0.05, office_yuan_per_year=1000)
    b = budget({}, site(), costs)
    fire, tanks, waste = AREA * 0.4, 3 * 2000 * 2, 1200 * 12
    assert value(b, "contract.fire_system_testing") == pytest.approx(fire)
    assert value(b, "contract.water_tank_cleaning") == pytest.approx(tanks)
    assert value(b, "contract.waste") == pytest.approx(waste)
    assert "contract.pest_control" not in {line.key for line in b.lines}
    assert value(b, "community_culture") == pytest.approx(1200 * 8)
    assert b.subtotal("2") == pytest.approx(fire + tanks)
    assert b.subtotal("3") == pytest.approx(waste)
    assert b.subtotal("9") == pytest.approx(1200 * 8)
    direct = fire + tanks + waste + 1200 * 8 + 1000
    assert b.direct_cost_yuan_per_year == pytest.approx(direct)
    assert value(b, "overhead") == pytest.approx(0.05 * direct)


def test_depreciation_in_both_models_by_default():
    for model in ("traditional", "centralised"):
        b = budget({}, site(), Costs(), operating_model=model)
        both = [k for k, d in Costs().devices.items() if "traditional" in d.operating_models]
        assert both and all(value(b, f"depreciation.{k}") > 0 for k in both)
        assert b.subtotal("7") > 0


@pytest.mark.parametrize("tier, floor", [("tier1", 6800), ("tier2", 4500), ("tier3", 4000)])
def test_city_tier_sets_the_contribution_floor(tier, floor):
    costs = bare(wages_yuan_per_month={"cleaner": 2700}, city_tier=tier, social_insurance_rate=0.3)
    assert costs.floor_yuan_per_month == floor
    b = budget({"cleaner": 2}, site(), costs, round_the_clock_roles=set())
    assert value(b, "social_insurance.cleaner") == pytest.approx(2 * floor * 12 * 0.3)
    given = bare(wages_yuan_per_month={"cleaner": 2700}, city_tier=tier, contribution_floor_yuan_per_month=3000)
    assert given.floor_yuan_per_month == 3000


def test_income_lines_by_hand_and_break_even_with_other_income():
    income = dict(parking_spaces=500, parking_fee_yuan_per_space_per_month=60, parking_collection_rate=0.8,
                  paid_services_yuan_per_household_per_year=20, advertising_and_rental_yuan_per_year=30_000,
                  developer_vacant_share=0.1, developer_vacant_fee_share=0.7)
    costs = bare(wages_yuan_per_month={"guard": 4000}, office_yuan_per_year=100_000, fee_yuan_per_m2_month=2.0,
                 collection_rate=0.9, income=income)
    b = budget({"guard": 10}, site(), costs, round_the_clock_roles=set())
    lines = {line.key: line.yuan_per_year for line in b.income_lines}
    assert lines["fee"] == pytest.approx(2.0 * AREA * 0.9 * 12 * 0.9)
    assert lines["developer_vacant"] == pytest.approx(2.0 * AREA * 0.1 * 12 * 0.7)
    assert lines["parking"] == pytest.approx(500 * 60 * 12 * 0.8)
    assert lines["paid_services"] == pytest.approx(1200 * 20)
    assert lines["advertising"] == pytest.approx(30_000)
    other = 500 * 60 * 12 * 0.8 + 1200 * 20 + 30_000
    assert b.other_income_yuan_per_year == pytest.approx(other)
    assert b.income_yuan_per_year == pytest.approx(sum(lines.values()))
    base = AREA * 12 * (0.9 * 0.9 + 0.1 * 0.7)
    assert b.break_even_fee_yuan_per_m2_month == pytest.approx((b.total_yuan_per_year - other) / base)
    at_fee = budget({"guard": 10}, site(), costs.model_copy(update={"fee_yuan_per_m2_month": b.break_even_fee_yuan_per_m2_month}),
                    round_the_clock_roles=set())
    assert at_fee.surplus_yuan_per_year == pytest.approx(0, abs=1e-6 * at_fee.total_yuan_per_year)
    # Every income line is listed even when zero.
    assert [line.key for line in budget({}, site(), bare()).income_lines] == \
        ["fee", "developer_vacant", "parking", "paid_services", "advertising"]


def test_devices_seats_and_group_share_only_in_the_centralised_model():
    costs = bare(devices={"barrier_gate": None, "pedestrian_gate": None, "video_intercom": None, "ptz_camera": None,
                          "patrol_cart": None, "tablet": None, "iot_gateway": None, "office_equipment": None,
                          "engineering_tools": None, "gate": {"unit_cost_yuan": 16_000, "per": "vehicle_gates", "life_years": 8,
                                   "residual_share": 0.05},
                          "intercom": {"unit_cost_yuan": 9_000, "per": "buildings", "units_per": 2, "life_years": 6},
                          "patrol_system": {"unit_cost_yuan": 30_000, "count": 1, "life_years": 5,
                                            "operating_models": ["traditional", "centralised"]}},
                 call_centre_seat_cost_yuan_per_year=5000, group_call_centre_share_yuan_per_year=40_000,
                 wages_yuan_per_month={"agent": 4500})
    central = budget({"agent": 8.76}, site(), costs, operating_model="centralised", round_the_clock_roles=set())
    assert value(central, "depreciation.gate") == pytest.approx(4 * 16_000 * 0.95 / 8)
    assert value(central, "depreciation.intercom") == pytest.approx(12 * 2 * 9_000 / 6)
    assert value(central, "depreciation.patrol_system") == pytest.approx(30_000 / 5)
    assert value(central, "call_centre_seats") == pytest.approx(8.76 / 4.38 * 5000)   # 2 seats round the clock
    assert value(central, "group_call_centre_share") == pytest.approx(40_000)
    assert central.subtotal("7") == pytest.approx(4 * 16_000 * 0.95 / 8 + 12 * 2 * 9_000 / 6 + 6_000 + 10_000)

    traditional = budget({"agent": 8.76}, site(), costs, operating_model="traditional", round_the_clock_roles=set())
    assert {line.key for line in traditional.lines if line.category in ("6", "7")} == {"office", "depreciation.patrol_system"}
    listed = budget({"agent": 8.76}, site(), costs, operating_model="traditional", seats=3, round_the_clock_roles=set())
    assert value(listed, "call_centre_seats") == pytest.approx(15_000)


def test_devices_merge_over_the_defaults(repo_root):
    scenario = load_scenario(repo_root / "scenarios" / "default.yaml",
                             ["costs.devices.tablet.count=10", "costs.devices.patrol_cart=null",
                              "+costs.devices.drone={unit_cost_yuan: 20000, count: 1, life_years: 4}",
                              "costs.devices.barrier_gate.count=3"])
    devices = scenario.costs.devices
    assert devices["tablet"].count == 10 and devices["tablet"].unit_cost_yuan == Costs().devices["tablet"].unit_cost_yuan
    assert "patrol_cart" not in devices and devices["drone"].life_years == 4
    assert devices["barrier_gate"].per is None and devices["barrier_gate"].count == 3
    assert set(devices) - {"drone"} == set(Costs().devices) - {"patrol_cart"}
    assert Costs(devices=None).devices == {}


# --------------------------------------------------------------------------- fee, income, surplus


def test_break_even_fee_makes_surplus_zero_at_full_collection():
    b = default_budget(collection_rate=1.0)
    fee = b.break_even_fee_yuan_per_m2_month
    assert fee == pytest.approx(b.per_m2_month)
    at_fee = default_budget(collection_rate=1.0, fee_yuan_per_m2_month=fee)
    assert at_fee.income_yuan_per_year == pytest.approx(fee * AREA * 12)
    assert at_fee.surplus_yuan_per_year == pytest.approx(0, abs=1e-6 * at_fee.total_yuan_per_year)
    assert at_fee.margin_at_fee_yuan_per_year == pytest.approx(at_fee.margin_yuan_per_year)


def test_income_and_surplus_follow_the_collection_rate():
    b = default_budget(fee_yuan_per_m2_month=2.5, collection_rate=0.9)
    assert b.income_yuan_per_year == pytest.approx(2.5 * AREA * 12 * 0.9)
    assert b.surplus_yuan_per_year == pytest.approx(2.5 * AREA * 12 * 0.9 - b.total_yuan_per_year)
    assert b.break_even_fee_yuan_per_m2_month == pytest.approx(b.total_yuan_per_year / (AREA * 12 * 0.9))
    at_fee = default_budget(fee_yuan_per_m2_month=b.break_even_fee_yuan_per_m2_month, collection_rate=0.9)
    assert at_fee.surplus_yuan_per_year == pytest.approx(0, abs=1e-6 * at_fee.total_yuan_per_year)


# --------------------------------------------------------------------------- contract plan


def test_contract_plan_year_one_is_the_budget_and_labour_grows_with_wages():
    b = default_budget(wage_growth_per_year=0.05, contract_years=4)
    plan = b.contract_plan()
    assert len(plan.years) == 4
    first = plan.years[0]
    assert [(l.key, l.yuan_per_year) for l in first.lines] == [(l.key, l.yuan_per_year) for l in b.lines]
    for year, later in enumerate(plan.years, start=1):
        growth = 1.05 ** (year - 1)
        assert later.wage_linked_yuan_per_year == pytest.approx(b.wage_linked_yuan_per_year * growth)
        for line in b.lines:
            if line.category in DIRECT_CATEGORIES and not line.wage_linked:
                assert value(later, line.key) == pytest.approx(line.yuan_per_year)   # flat
        assert later.income_yuan_per_year == pytest.approx(b.income_yuan_per_year)   # fee fixed
        assert later.margin_yuan_per_year == pytest.approx(Costs().profit_rate * later.cost_yuan_per_year)
    frame = plan.to_frame()
    assert list(frame["year"]) == [1, 2, 3, 4]
    assert plan.total_yuan == pytest.approx(sum(y.total_yuan_per_year for y in plan.years))
    assert plan.surplus_yuan == pytest.approx(plan.income_yuan - plan.total_yuan)
    json.dumps(plan.to_dict())


def test_contract_plan_floor_grows_with_wages():
    costs = bare(wages_yuan_per_month={"cleaner": 1000}, contribution_floor_yuan_per_month=1300,
                 social_insurance_rate=0.3, contract_years=2, wage_growth_per_year=0.1)
    year2 = budget({"cleaner": 1}, site(), costs, round_the_clock_roles=set()).contract_plan().years[1]
    assert value(year2, "social_insurance.cleaner") == pytest.approx(1300 * 1.1 * 12 * 0.3)
    assert value(year2, "wages.cleaner") == pytest.approx(1000 * 1.1 * 12)


# --------------------------------------------------------------------------- the scenario's costs section


def test_default_scenario_costs_load_and_give_a_domain_range_fee(repo_root):
    scenario = load_scenario(repo_root / "scenarios" / "default.yaml")
    site_ = scenario.sites["cuihu"]
    assert site_.grade == 1 and site_.green_area_m2 > 0
    plan = rule_of_thumb_plan(site_, costs=scenario.costs, posts_24h=2)
    b = budget(plan.headcount_by_role(), site_, scenario.costs, round_the_clock_roles=plan.round_the_clock_roles)
    assert 1.2 <= b.per_m2_month <= 6.0          # DOMAIN §6: ordinary 1.2–2.5, high-end 3–6 元/㎡·月
    assert 0.55 <= b.labour_share_of_cost <= 0.80


@pytest.mark.parametrize("override, path, words", [
    ("costs.wages_yuan_per_month.guard=0", "costs.wages_yuan_per_month.guard", ["must be > 0"]),
    ("costs.wages_yuan_per_month.cleaner=-2500", "costs.wages_yuan_per_month.cleaner", ["-2500", "must be > 0"]),
    ("costs.vat_rate=1.5", "costs.vat_rate", ["1.5", "≤ 1"]),
    ("costs.housing_fund_rate=0.2", "costs.housing_fund_rate", ["≤ 0.12"]),
    ("costs.working_days_per_year=0", "costs.working_days_per_year", ["must be > 0"]),
    ("costs.fee_model=fixed", "costs.fee_model", ["lump_sum", "commission"]),
    ("costs.profit_rat=0.1", "costs.profit_rat", ["did you mean 'profit_rate'"]),
    ("costs.devices.tablet.count=null", "costs.devices.tablet", ["exactly one of count or per"]),
    ("costs.devices.tablet.life_years=0", "costs.devices.tablet.life_years", ["must be > 0"]),
    ("costs.devices.tablet.colour=black", "costs.devices.tablet.colour", ["allowed fields", "unit_cost_yuan"]),
    ("sites.cuihu.grade=5", "sites.cuihu.grade", ["≤ 4"]),
    ("costs.city_tier=tier9", "costs.city_tier", ["tier1", "tier2", "tier3"]),
    ("costs.income.parking_collection_rate=0", "costs.income.parking_collection_rate", ["must be > 0"]),
    ("costs.income.developer_vacant_share=1", "costs.income.developer_vacant_share", ["< 1"]),
    ("costs.income.parking_spaces=-3", "costs.income.parking_spaces", ["-3", "≥ 0"]),
    ("costs.contracts.pest_control.per=null", "costs.contracts.pest_control", ["exactly one of count or per"]),
    ("costs.contracts.pest_control.category=1", "costs.contracts.pest_control.category", ["'2'"]),
    ("costs.community_culture_yuan_per_household_per_year=-1", "costs.community_culture_yuan_per_household_per_year", ["≥ 0"]),
    ("sites.cuihu.green_area_m2=-1", "sites.cuihu.green_area_m2", ["≥ 0"]),
])
def test_invalid_costs_name_the_field(repo_root, override, path, words):
    with pytest.raises(ScenarioError) as info:
        load_scenario(repo_root / "scenarios" / "default.yaml", [override])
    issues = info.value.issues
    assert len(issues) == 1, str(info.value)
    assert issues[0].path == path, str(info.value)
    for word in words:
        assert word in str(info.value), str(info.value)
