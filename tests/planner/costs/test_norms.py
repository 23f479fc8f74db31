"""The rule-of-thumb staffing plan (DOMAIN.md §5): grade ratios, the minimum of 2 butlers, the
0.9 factor above 500,000 m², fixed posts at 8,760 / (250 × 8) people. Expected values are worked
out here from the norms table, not copied from a run."""

from __future__ import annotations

import json
import math

import pytest

from planner.costs.norms import GRADE_NORMS, fte_per_24h_post, rule_of_thumb_plan
from sim.scenario.loader import load_scenario
from sim.scenario import Site
from sim.scenario.costs import Costs


def site(**kw) -> Site:
    base = dict(households=2000, floor_area_m2=200_000, green_area_m2=30_000, grade=1)
    base.update(kw)
    return Site(**base)


def row(plan, role, contains=""):
    rows = [r for r in plan.rows if r.role == role and contains in r.basis_en]
    assert len(rows) == 1, [r.basis_en for r in plan.rows if r.role == role]
    return rows[0]


# --------------------------------------------------------------------------- ratios by grade


@pytest.mark.parametrize("staffing, per", [("mid", 450), ("low", 500), ("high", 400)])
def test_grade_1_butlers_are_households_over_the_ratio(staffing, per):
    plan = rule_of_thumb_plan(site(), staffing=staffing, monitoring_room=False)
    butler = row(plan, "butler")
    assert butler.headcount == pytest.approx(2000 / per)
    assert butler.ratio == per
    assert butler.headcount_rounded == math.ceil(2000 / per)
    assert f"{per:,}" in butler.basis_en and f"{per:,}户" in butler.basis_zh


@pytest.mark.parametrize("grade, butlers_per, cleaning_per, security_per, green_per, maint_per", [
    (1, (400 + 500) / 2, 9000, 7000, 12500, 22500),
    (2, (500 + 600) / 2, 11000, 9000, 17500, 27500),
    (3, (600 + 700) / 2, 13000, 11000, 22500, 32500),
    (4, (700 + 800) / 2, 15000, 13500, 27500, 37500),
])
def test_every_grade_uses_the_middle_of_its_ranges(grade, butlers_per, cleaning_per, security_per, green_per, maint_per):
    plan = rule_of_thumb_plan(site(grade=grade), monitoring_room=False)
    assert row(plan, "butler").headcount == pytest.approx(2000 / butlers_per)
    assert row(plan, "cleaner").headcount == pytest.approx(200_000 / cleaning_per)
    assert row(plan, "guard").headcount == pytest.approx(200_000 / security_per)
    assert row(plan, "greener").headcount == pytest.approx(30_000 / green_per)
    assert row(plan, "technician").headcount == pytest.approx(200_000 / maint_per)


def test_grade_argument_overrides_the_sites_grade():
    plan = rule_of_thumb_plan(site(grade=1), grade=4, monitoring_room=False)
    assert plan.grade == 4
    assert row(plan, "butler").headcount == pytest.approx(2000 / 750)


def test_greening_uses_green_area_not_floor_area():
    assert row(rule_of_thumb_plan(site(green_area_m2=0), monitoring_room=False), "greener").headcount == 0
    assert row(rule_of_thumb_plan(site(green_area_m2=25_000), monitoring_room=False), "greener").headcount == 2


# --------------------------------------------------------------------------- minimum, large sites


@pytest.mark.parametrize("grade, expected", [(1, 2.0), (2, 2.0), (3, 300 / 650), (4, 300 / 750)])
def test_grades_1_and_2_have_at_least_two_butlers(grade, expected):
    plan = rule_of_thumb_plan(site(households=300, grade=grade), monitoring_room=False)
    butler = row(plan, "butler")
    assert butler.headcount == pytest.approx(expected)
    if grade <= 2:
        assert "at least 2" in butler.basis_en and "不少于2人" in butler.basis_zh


def test_minimum_does_not_lower_a_larger_count():
    plan = rule_of_thumb_plan(site(households=1350), monitoring_room=False)
    assert row(plan, "butler").headcount == pytest.approx(1350 / 450)


def test_sites_over_500000_m2_take_0_9_of_the_ratio_headcount():
    big = rule_of_thumb_plan(site(floor_area_m2=600_000, households=6000, green_area_m2=90_000), monitoring_room=False)
    assert big.large_site_factor == 0.9
    assert row(big, "cleaner").headcount == pytest.approx(600_000 / 9000 * 0.9)
    assert row(big, "guard").headcount == pytest.approx(600_000 / 7000 * 0.9)
    assert row(big, "technician").headcount == pytest.approx(600_000 / 22500 * 0.9)
    assert row(big, "greener").headcount == pytest.approx(90_000 / 12500 * 0.9)
    assert row(big, "butler").headcount == pytest.approx(6000 / 450 * 0.9)
    assert "0.9" in row(big, "cleaner").basis_en


def test_exactly_500000_m2_is_not_over():
    plan = rule_of_thumb_plan(site(floor_area_m2=500_000), monitoring_room=False)
    assert plan.large_site_factor == 1.0
    assert row(plan, "cleaner").headcount == pytest.approx(500_000 / 9000)


def test_large_site_factor_applies_before_the_minimum():
    plan = rule_of_thumb_plan(site(households=500, floor_area_m2=600_000), monitoring_room=False)
    assert row(plan, "butler").headcount == pytest.approx(2.0)   # 500/450 × 0.9 = 1.0 < 2


# --------------------------------------------------------------------------- fixed posts


def test_a_24_hour_post_needs_8760_over_250_times_8_people():
    assert fte_per_24h_post(Costs()) == pytest.approx(8760 / (250 * 8))
    assert fte_per_24h_post(Costs()) == pytest.approx(4.38)
    assert fte_per_24h_post(Costs(working_days_per_year=240, hours_per_day=12)) == pytest.approx(8760 / 2880)


def test_24_hour_posts_and_closed_entrances():
    costs = Costs()
    plan = rule_of_thumb_plan(site(), costs=costs, posts_24h=3, closed_entrances=2, monitoring_room=False)
    posts = row(plan, "post_guard", "24-h")
    assert posts.headcount == pytest.approx(3 * 4.38)
    assert posts.headcount_rounded == math.ceil(3 * 4.38)
    assert "4.38" in posts.basis_en and "4.38" in posts.basis_zh
    assert row(plan, "post_guard", "entrances").headcount == 6
    assert plan.headcount_by_role()["post_guard"] == pytest.approx(3 * 4.38 + 6)
    assert "post_guard" in plan.round_the_clock_roles


def test_posts_follow_the_working_time_parameters():
    costs = Costs(working_days_per_year=200, hours_per_day=8)
    plan = rule_of_thumb_plan(site(), costs=costs, posts_24h=1, monitoring_room=False)
    assert row(plan, "post_guard", "24-h").headcount == pytest.approx(8760 / 1600)


def test_monitoring_room_has_at_least_three():
    around_the_clock = rule_of_thumb_plan(site())
    assert row(around_the_clock, "post_guard", "monitoring").headcount == pytest.approx(8760 / 2000)
    twelve_hour_days = rule_of_thumb_plan(site(), costs=Costs(hours_per_day=12))   # 8760/3000 = 2.92
    assert row(twelve_hour_days, "post_guard", "monitoring").headcount == 3


def test_patrol_quota_replaces_the_area_norm_for_guards():
    plan = rule_of_thumb_plan(site(floor_area_m2=125_000), security_method="patrol_quota", monitoring_room=False)
    guards = [r for r in plan.rows if r.role == "guard"]
    assert len(guards) == 1
    assert guards[0].headcount == pytest.approx(2 * 125_000 / 50_000)
    assert guards[0].headcount_rounded == 5


# --------------------------------------------------------------------------- totals and output


def test_totals_and_rounding():
    plan = rule_of_thumb_plan(site(), posts_24h=2)
    assert plan.total_headcount == pytest.approx(sum(r.headcount for r in plan.rows))
    assert plan.total_rounded == sum(math.ceil(r.headcount - 1e-9) for r in plan.rows)
    assert all(r.headcount_rounded >= r.headcount - 1e-9 for r in plan.rows)
    assert sum(plan.headcount_by_role().values()) == pytest.approx(plan.total_headcount)
    assert sum(plan.headcount_by_role(rounded=True).values()) == plan.total_rounded
    assert plan.m2_per_employee == pytest.approx(200_000 / plan.total_rounded)
    assert row(plan, "site_manager").headcount == 1 and row(plan, "finance").headcount == 1


def test_exact_ratios_are_not_rounded_up_by_float_noise():
    plan = rule_of_thumb_plan(site(floor_area_m2=90_000), monitoring_room=False)
    assert row(plan, "cleaner").headcount_rounded == 10    # 90,000 / 9,000


def test_to_dict_is_json_ready_and_bilingual():
    plan = rule_of_thumb_plan(site(), posts_24h=1)
    data = json.loads(json.dumps(plan.to_dict(), ensure_ascii=False))
    assert data["total_rounded"] == plan.total_rounded
    assert {r["role"] for r in data["rows"]} >= {"butler", "cleaner", "guard", "greener", "technician", "post_guard"}
    assert all(r["basis_en"] and r["basis_zh"] for r in data["rows"])
    with pytest.raises(Exception):
        plan.rows[0].headcount = 1   # frozen


def test_bad_inputs_are_refused():
    with pytest.raises(ValueError, match="floor_area_m2"):
        rule_of_thumb_plan(site(floor_area_m2=0))
    with pytest.raises(ValueError, match="staffing"):
        rule_of_thumb_plan(site(), staffing="medium")
    with pytest.raises(ValueError, match="posts_24h"):
        rule_of_thumb_plan(site(), posts_24h=-1)


def test_norms_table_is_ordered_by_grade():
    """Each grade serves more units per person than the one above it (DOMAIN §5)."""
    for role in GRADE_NORMS[1]:
        lows = [GRADE_NORMS[g][role][0] for g in (1, 2, 3, 4)]
        assert lows == sorted(lows) and all(lo < hi for lo, hi in (GRADE_NORMS[g][role] for g in (1, 2, 3, 4)))


def test_default_site_density_is_in_the_domain_range(repo_root):
    """DOMAIN §5: overall 2,000–4,000 m² of floor area per employee."""
    scenario = load_scenario(repo_root / "scenarios" / "default.yaml")
    plan = rule_of_thumb_plan(scenario.sites["cuihu"], costs=scenario.costs, posts_24h=2)
    assert 2000 <= plan.m2_per_employee <= 4000


# --------------------------------------------------------------------------- the norms applied completely


def test_scenario_norms_on_the_default_site_by_hand(repo_root):
    """Each norm's count on the default site (2,000 households, 200,000 m², 28,000 m² green, 4
    barrier lanes = 2 entrances, one desk answering calls, an expert pool, grade 1)."""
    from planner.costs.norms import scenario_norms

    scenario = load_scenario(repo_root / "scenarios" / "default.yaml")
    rows = {}
    for row in scenario_norms(scenario).rows:
        rows.setdefault(row.role, []).append(row.headcount)
    post = 8760 / (250 * 8)                                       # 4.38
    assert rows["butler"] == [pytest.approx(2000 / 450)]          # 1 per 400–500 households, mid 450
    assert rows["agent"] == [pytest.approx(post)]                 # the 24-h front desk
    assert rows["expert_agent"] == [1.0]                          # the customer-service supervisor
    assert rows["technician"] == [pytest.approx(200_000 / 22_500)]
    assert rows["cleaner"] == [pytest.approx(200_000 / 9_000)]
    assert rows["greener"] == [pytest.approx(28_000 / 12_500)]
    assert rows["guard"] == [pytest.approx(2 * 200_000 / 50_000)]  # patrol team of 2 per 50,000 m²
    assert rows["post_guard"] == [pytest.approx((2 + 1) * 3), pytest.approx(max(3, post))]  # (entrances + car park) × 3, monitoring room
    assert rows["site_manager"] == [1.0] and rows["finance"] == [1.0]


def test_norms_rosters_are_the_norms_own(repo_root):
    """Three eight-hour shifts for 24-h posts, the office day for butlers and the supervisor; the
    scenario's own shifts (07:00, 15:00, 23:00 at the desk) are gone."""
    from planner.costs.norms import scenario_norms
    from planner.costs.norms_check import norms_rosters, shift_days_per_week
    from planner.costs.team import roster_lines

    scenario = load_scenario(repo_root / "scenarios" / "default.yaml")
    norms = scenario_norms(scenario)
    lines = {(l.group, l.start): l for l in roster_lines(norms_rosters(scenario, norms))}
    three = ("08:00", "16:00", "00:00")
    assert all(lines[("service_desk", s)].people == 1 and lines[("service_desk", s)].length_h == 8 for s in three)
    assert all(lines[("main_gate", s)].people == 2 for s in three)          # 2 entrances, 1 guard each a shift
    assert all(lines[("car_park", s)].people == 1 for s in three)           # the car park's own post
    assert all(lines[("monitoring_room", s)].people == 1 for s in three)
    assert lines[("experts", "08:30")].days == ("mon", "tue", "wed", "thu", "fri")
    assert lines[("butlers", "08:30")].people == 1 and lines[("butlers", "08:30")].copies == 4
    assert ("service_desk", "07:00") not in lines
    people = norms.headcount_by_role()
    for group, role in (("guards", "guard"), ("technicians", "technician")):
        worked = sum(lines[(group, s)].people * 7 for s in three)
        assert worked <= shift_days_per_week(people[role], scenario) + 1e-9
    assert lines[("technicians", "16:00")].people == 1 and lines[("technicians", "00:00")].people == 1


def test_what_the_fee_buys_is_the_strongest_grade_that_breaks_even(repo_root):
    from planner.costs.budget import budget
    from planner.costs.fee import fee_figure, fee_sentence, strongest_grade
    from planner.costs.norms import scenario_norms

    assert strongest_grade(3.0, {1: 3.5, 2: 3.0, 3: 2.5, 4: 2.0}) == 2
    assert strongest_grade(1.0, {1: 3.5, 2: 3.0}) is None
    scenario = load_scenario(repo_root / "scenarios" / "default.yaml")
    site = scenario.sites["cuihu"]

    def grade_budget(grade):
        return budget(scenario_norms(scenario, grade=grade).headcount_by_role(rounded=True), site, scenario.costs)

    fees = {g: grade_budget(g).break_even_fee_yuan_per_m2_month for g in (1, 2, 3, 4)}
    assert fees[1] > fees[2] > fees[3] > fees[4]        # weaker grades need fewer people
    charged = (fees[2] + fees[3]) / 2
    costs = scenario.costs.model_copy(update={"fee_yuan_per_m2_month": charged})
    b = budget(scenario_norms(scenario).headcount_by_role(rounded=True), site, costs)
    fig = fee_figure(b, lambda g: budget(scenario_norms(scenario, grade=g).headcount_by_role(rounded=True), site, costs))
    assert fig.grade_bought == 3 and fig.break_even_fee == pytest.approx(fees[1])
    assert fig.surplus_yuan_per_year < 0
    text = fee_sentence(fig.to_dict(), "zh")
    assert f"{fees[1]:.2f}" in text and "可支撑3级" in text and "缺口" in text
    assert "按各等级服务标准的人员配置定额分别判断" in text     # judged by each grade's norms, said so
    english = fee_sentence(fig.to_dict(), "en")
    assert "judged by the staffing norms of each grade" in english and "service grade 3" in english
