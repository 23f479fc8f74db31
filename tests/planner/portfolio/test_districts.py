"""Districts planned both ways, costed and swept (issue 38, points 3 and 4;
planner.portfolio.districts, district_costs, district_report, district_sweep), on a small district
of three of the template's sites and small settings: structure and invariants, not figures."""

from __future__ import annotations

import math

import pytest

from planner.portfolio.budget import allocate
from planner.portfolio.district_costs import allocate_district, crew_cost, vehicle_cost
from planner.portfolio.district_report import district_dict, summary_lines
from planner.portfolio.district_sweep import farthest_km, scaled, stops_paying_km, sweep
from planner.portfolio.districts import district_data, plan_district
from planner.portfolio.planning import Settings
from sim import load_scenario
from sim.scenario.district import Vehicles
from sim.scenario.loader import replace_sites, validate

TEMPLATE = "scenarios/portfolios/district_east.yaml"
SMALL = ["jinxiu", "lanshan", "qinyuan"]
SETTINGS = Settings(replications=2, search_days=1, site_search_days=1, verify_replications=2, horizon_days=2)


def small_district():
    """Three of the template's sites, the shared team based at jinxiu."""
    data = load_scenario(TEMPLATE).model_dump(mode="json")
    replace_sites(data, {s: data["sites"][s] for s in SMALL})
    data["portfolio"]["districts"]["east"]["teams"]["mobile_repair"]["base"] = "jinxiu"
    return validate(data)


@pytest.fixture(scope="module")
def planned():
    scenario = small_district()
    return scenario, plan_district(scenario, "east", SETTINGS)


def test_a_district_is_planned_shared_and_with_own_teams_on_equal_commitments(planned):
    scenario, plan = planned
    block = district_dict(plan, scenario, "households")
    shared, own = block["shared"], block["own"]
    # every site of the district has its response commitments judged under each design, and
    # what is not shown met is named by site
    for design in (shared, own):
        for site in SMALL:
            rows = design["commitments"][site]
            assert rows and {r["stream"] for r in rows} >= {"work_orders.routine"}
            not_met = [r["stream"] for r in rows if r["status"] != "met"]
            assert design["missed"].get(site, []) == not_met
    assert block["met"] == {"shared": not shared["missed"], "own": not own["missed"]}
    # the saving is own teams − shared, the shared total the district's cost and the residual crews'
    assert block["saving_yuan_per_year"] == pytest.approx(own["total_yuan_per_year"] - shared["total_yuan_per_year"],
                                                          abs=0.02)
    residual = sum(x["total_yuan_per_year"] for x in shared["residual"].values())
    assert shared["total_yuan_per_year"] == pytest.approx(shared["district_cost_yuan_per_year"] + residual, abs=0.02)
    # people by district team and by site, in whole people
    assert shared["people"]["total"] == sum(shared["people"]["district"].values()) + sum(shared["people"]["sites"].values())
    assert own["people"]["total"] == sum(own["people"]["sites"].values()) > 0
    # the district's cost in fen, shared among its sites exactly
    assert shared["district_cost_fen"] == round(shared["district_cost_yuan_per_year"] * 100)
    assert sum(shared["allocation"]["share_fen"].values()) == shared["district_cost_fen"]
    assert set(shared["allocation"]["share_fen"]) == set(SMALL)
    # a cross-site dispatch: the shared team starts its shifts at jinxiu and serves orders at the
    # other sites, travelling between them (road km, hours between sites)
    assert any(shared["shared_orders_by_site"][s] > 0 for s in SMALL if s != "jinxiu")
    assert shared["km_per_year"] > 0 and shared["between_sites_h_per_day"] > 0
    (bikes,) = shared["vehicles"]
    assert bikes["mode"] == "e_bike" and bikes["running_yuan_per_year"] == pytest.approx(
        bikes["km_per_year"] * bikes["running_yuan_per_km"], abs=0.1)
    text = "\n".join(summary_lines({"east": block}))
    assert "District east" in text and "saving of sharing" in text and "own teams" in text


def test_a_crew_costs_its_whole_people_and_a_shared_team_a_vehicle_for_each_on_duty_at_the_peak():
    costs = load_scenario(TEMPLATE).costs
    roster = {"shifts": {"day": {"start": "08:00", "length_h": 9, "agents": 4},
                         "evening": {"start": "17:00", "length_h": 7, "agents": 2},
                         "night": {"start": "00:00", "length_h": 8, "agents": 1}}}
    awake = crew_cost("t", roster, costs)
    on_call = crew_cost("t", roster, costs, on_call="night", allowance_yuan=50.0)
    # the on-call night is paid an allowance, not a shift: fewer people, 365 allowances a year
    assert on_call.people < awake.people and on_call.wages_yuan_per_year < awake.wages_yuan_per_year
    assert on_call.standby_yuan_per_year == pytest.approx(365 * 50.0)
    # four on the day shift are the most on duty at once; an e-bike each, price over its life
    bikes = vehicle_cost("t", "e_bike", roster, Vehicles(), km_per_year=1000.0)
    assert bikes.count == 4
    assert bikes.depreciation_yuan_per_year == pytest.approx(4 * bikes.price_yuan / bikes.life_years)
    assert bikes.running_yuan_per_year == pytest.approx(1000.0 * bikes.running_yuan_per_km)
    assert vehicle_cost("t", "on_foot", roster, Vehicles()) is None


@pytest.mark.parametrize("basis", ["contacts", "households", "floor_area"])
def test_the_district_cost_is_allocated_in_whole_fen_adding_up_exactly(basis):
    scenario = small_district()
    for total in (1234567.891, 0.07, 99999.995, 2 / 3 * 1e6):
        total_fen, shares = allocate_district(total, scenario, SMALL, basis)
        assert total_fen == round(total * 100) and sum(shares.values()) == total_fen
        assert all(isinstance(v, int) and v >= 0 for v in shares.values())
    shares = allocate(100, {"a": 1 / 3, "b": 1 / 3, "c": 1 / 3})
    assert sum(shares.values()) == 100 and sorted(shares.values()) == [33, 33, 34]


def test_the_spread_sweep_scales_about_the_centre_and_stops_at_the_reach_limit(planned):
    scenario, plan = planned
    base = farthest_km(scenario, "east")
    doubled = scaled(district_data(scenario, "east"), "east", 2.0)
    from sim.scenario import Scenario

    assert farthest_km(Scenario.model_validate(doubled), "east") == pytest.approx(2 * base)
    # factor 1 is the plan itself; a factor past the reach limit is reported, not planned
    result = sweep(scenario, "east", SETTINGS, plan, (1.0, 50.0))
    (point,) = result["points"]
    assert point["factor"] == 1.0 and point["saving_yuan_per_year"] == pytest.approx(plan.saving_yuan_per_year, abs=0.01)
    assert [p["factor"] for p in result["out_of_reach"]] == [50.0] and result["out_of_reach"][0]["farthest_km"] > result["reach_km"]


def test_where_sharing_stops_paying_is_interpolated_between_the_points_either_side():
    points = [{"farthest_km": 1.0, "saving_yuan_per_year": 300.0}, {"farthest_km": 2.0, "saving_yuan_per_year": 100.0},
              {"farthest_km": 4.0, "saving_yuan_per_year": -100.0}]
    assert stops_paying_km(points) == pytest.approx(3.0)
    assert stops_paying_km(points[:2]) is None
    assert stops_paying_km(points[2:]) == 4.0
    assert math.isclose(stops_paying_km([points[0], {"farthest_km": 3.0, "saving_yuan_per_year": 0.0}]), 3.0)


def _portfolio_json(scenario, plan) -> dict:
    """portfolio.json of a portfolio whose sites and centre were not planned (the money and the
    decision of nothing), with the district planned both ways: the districts block is under test."""
    from planner.portfolio.decision import portfolio_money
    from planner.portfolio.planning import PortfolioPlan
    from planner.portfolio.report import portfolio_dict
    from planner.portfolio.split import site_models

    folio = PortfolioPlan(scenario, site_models(scenario), {}, None, SETTINGS, 0.0, "serial", districts={"east": plan},
                          district_sweeps={"east": sweep(scenario, "east", SETTINGS, plan, (1.0,))})
    return portfolio_dict(folio, portfolio_money(folio))


def test_the_chapter_has_the_district_section_in_words_in_both_languages(planned, tmp_path):
    import re

    from planner.portfolio.report import summary_text
    from planner.proposal.model import Paragraph, Table
    from planner.proposal.portfolio import build_portfolio_document, export_portfolio

    scenario, plan = planned
    data = _portfolio_json(scenario, plan)
    block = data["districts"]["east"]
    assert block["sweep"]["points"][0]["factor"] == 1.0
    assert "District east" in summary_text(data) and "spread sweep" in summary_text(data)
    for lang, title in (("zh", "片区共享维修与巡逻"), ("en", "District shared repair and patrol")):
        doc = build_portfolio_document(data, lang)
        (section,) = [s for s in doc.sections if s.title == title]
        texts = [section.heading]
        tables = [b for b in section.blocks if isinstance(b, Table)]
        for b in section.blocks:
            if isinstance(b, Paragraph):
                texts.append(b.text)
            elif isinstance(b, Table):
                texts += [b.caption, b.note] + [c.label for c in b.columns] + [c.text for r in b.rows for c in r.cells]
        (table, sweep_table) = tables
        # the district's sites drawn where portfolio.json puts them, titled with the district's name
        from planner.proposal.charts import render
        from planner.proposal.model import Figure

        (figure,) = [b for b in section.blocks if isinstance(b, Figure)]
        assert figure.chart == "district_map" and figure.data["points"] == block["locations_km"]
        assert set(figure.data["site_names"]) == set(block["sites"])
        texts += [figure.title] + list(figure.data["site_names"].values())
        assert render(figure).startswith(b"\x89PNG")
        # a row per site and the total; whole people only; the shares add up to the district's cost
        assert len(table.rows) == len(SMALL) + 1
        assert all(float(r.cells[i].value).is_integer() for r in table.rows for i in (1, 2))
        assert sum(r.cells[3].value for r in table.rows[:-1]) == pytest.approx(table.rows[-1].cells[3].value, abs=0.005)
        if lang == "zh":
            for text in texts:  # no English, raw keys or None in the Chinese text
                assert not re.search(r"[A-Za-z]{2,}|None|\w+\.\w+_\w+", text), text
            assert "东片区" in "\n".join(texts)
    written = export_portfolio(data, tmp_path, formats=("docx", "xlsx"), lang="zh")
    assert set(written) == {"docx", "xlsx"}


def test_a_sweep_factor_out_of_range_is_refused_by_name_before_anything_runs(tmp_path, capsys):
    from planner.cli import main

    status = main(["portfolio", TEMPLATE, "--out", str(tmp_path / "d"), "--district-sweep", "1", "-2"])
    assert status == 2 and "--district-sweep" in capsys.readouterr().err and not (tmp_path / "d").exists()


def test_planning_a_district_stops_when_asked_before_its_first_candidate():
    from planner.portfolio.districts import plan_districts

    class Stop(Exception):
        pass

    def stop():
        raise Stop()

    with pytest.raises(Stop):
        plan_districts(small_district(), SETTINGS, should_stop=stop)


@pytest.mark.parametrize("unreachable", [False, True])
def test_the_search_adds_the_people_that_close_the_shortfall_and_drops_those_that_do_not(unreachable):
    """A slot ``a`` whose third person meets the site's target, a slot ``b`` that helps nobody
    (two people to start with), and maybe a second target no head count reaches."""
    from planner.portfolio.districts import search

    def judge(counts):
        short = {"site": 3 - counts["a"]} if counts["a"] < 3 else {}
        return short | ({"far": 1.0} if unreachable else {})

    found = search({"a": 0, "b": 2}, judge, lambda c: 10.0 * c["a"] + 5.0 * c["b"], lambda c, short: list(c))
    assert found.counts == {"a": 3, "b": 0}
    assert found.short == ({"far": 1.0} if unreachable else {}) and found.yuan_per_year == 30.0


def test_the_work_of_both_designs_is_counted_in_replication_days(planned):
    scenario, plan = planned
    for design, sites in ((plan.shared, 1), (plan.own, len(SMALL))):
        work = design.evidence["replication_days"]
        assert work["search"] == design.evaluations * SETTINGS.replications * SETTINGS.site_search_days > 0
        assert work["verification"] >= sites * SETTINGS.verify_replications * SETTINGS.horizon_days
    assert "replication-days" in "\n".join(summary_lines({"east": district_dict(plan, scenario, "households")}))
