"""The group portfolio (planner.portfolio): the allocation adds up to the centre's cost in fen
exactly on every basis; the break-even site count agrees with a brute-force evaluation over n of
real budgets; the planner meets or names every commitment on a small portfolio; compare names a
side that misses a commitment; the portfolio section is validated."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import pytest

from planner.costs.norms import rule_of_thumb_plan
from planner.costs.team import roster_lines
from planner.portfolio.budget import allocate, allocation_weights, centre_budget, site_budget
from planner.portfolio.decision import CentreCost, decision, migration_order, portfolio_money
from planner.portfolio.planning import CentrePlan, PortfolioPlan, Settings, SitePlan, plan_portfolio
from planner.portfolio.report import portfolio_dict, summary_text
from planner.portfolio.split import centre_scenario, site_models, site_scenario
from planner.search.analytic_start import with_analytic_rosters
from planner.search.design import design_options
from sim import load_scenario
from sim.results.centre_kpis import KpiKey
from sim.scenario.errors import ScenarioError
from sim.scenario.loader import replace_sites, validate
from sim.scenario.portfolio import ALLOCATION_BASES

SMALL = ["jinxiu", "qinyuan", "lanshan", "taoli"]


def portfolio(sites=SMALL, **changes):
    scenario = load_scenario("scenarios/group_portfolio.yaml")
    data = scenario.model_dump(mode="json")
    replace_sites(data, {name: data["sites"][name] for name in sites})
    for path, value in changes.items():
        node = data
        *head, last = path.split(".")
        for part in head:
            node = node[part]
        node[last] = value
    return validate(data)


def test_allocation_adds_up_to_the_centre_cost_in_fen_for_every_basis():
    scenario = portfolio()
    cs = centre_scenario(scenario, SMALL)
    start, _ = with_analytic_rosters(cs)
    total = centre_budget(start, roster_lines(start), scenario.portfolio).total_fen
    assert total > 0
    for basis in ALLOCATION_BASES:
        weights = allocation_weights(cs, basis)
        shares = allocate(total, weights)
        assert sum(shares.values()) == total, basis
        for name, share in shares.items():  # each within one fen of its exact proportion
            assert abs(share - total * weights[name] / sum(weights.values())) < 1.0
    rng = random.Random(7)
    for _ in range(200):
        weights = {f"s{i}": rng.choice([0.0, rng.random(), rng.randint(1, 10**6)]) for i in range(rng.randint(1, 30))}
        total = rng.randint(0, 10**10)
        assert sum(allocate(total, weights).values()) == total


def test_households_basis_shares_by_households():
    scenario = portfolio()
    weights = allocation_weights(scenario, "households")
    assert weights == {name: float(scenario.sites[name].households) for name in SMALL}
    shares = allocate(2_100_000, {"a": 600.0, "b": 700.0, "c": 800.0})
    assert shares == {"a": 600_000, "b": 700_000, "c": 800_000}


def _fake_plan(scenario) -> PortfolioPlan:
    """Every site's teams from the rule of thumb (no simulation): the money and the decision
    are what is tested here."""
    cs = centre_scenario(scenario, list(scenario.sites))
    start, _ = with_analytic_rosters(cs)
    sites = {}
    for name, site in scenario.sites.items():
        cent = rule_of_thumb_plan(site, costs=scenario.costs, monitoring_room=False).headcount_by_role()
        # the traditional site adds a 24-h post per entrance and a 24-h desk (about 4.4 people each)
        trad = cent | {"post_guard": 4.4 * (site.vehicle_gates + site.pedestrian_gates) / 2, "agent": 4.4}
        sites[name] = SitePlan(name, "centralised", [], [], {}, [], 0, 0.0, trad, cent)
    centre = CentrePlan(list(scenario.sites), roster_lines(start), [], {}, [], 0, 0.0, start)
    return PortfolioPlan(scenario, site_models(scenario), sites, centre, Settings(), 0.0, "serial")


@pytest.mark.parametrize("costs", [{"build_cost_yuan": 0.0, "platform_licence_yuan_per_year": 0.0,
                                    "manager_yuan_per_year": 0.0}, {}, {"build_cost_yuan": 1e8}])
def test_break_even_site_count_matches_brute_force_over_n(costs):
    scenario = portfolio(**{f"portfolio.centre_costs.{k}": v for k, v in costs.items()})
    plan = _fake_plan(scenario)
    money = portfolio_money(plan, "households")
    order = migration_order(money)
    curve = CentreCost(scenario, order)
    verdict = decision(plan, money, curve=curve)
    brute = None
    for n in range(1, len(order) + 1):
        names = order[:n]
        shares = allocate(round(curve(n) * 100), {s: float(scenario.sites[s].households) for s in names})
        centralised = math.fsum(site_budget(plan.sites[s].team_centralised, scenario.sites[s], scenario, "centralised",
                                            shares[s] / 100).total_yuan_per_year for s in names)
        traditional = math.fsum(money.sites[s].traditional.total_yuan_per_year for s in names)
        if centralised <= traditional + 1e-6:
            brute = n
            break
    assert verdict["break_even_sites"] == brute
    # The curve passes through the planned centre at the portfolio's own sites.
    assert curve(len(order)) == pytest.approx(money.centre.total_yuan_per_year, rel=1e-9)
    assert verdict["totals_yuan_per_year"]["all_traditional"] == pytest.approx(
        math.fsum(m.traditional.total_yuan_per_year for m in money.sites.values()))


def test_economies_of_scale_agents_per_1000_households_fall_as_sites_grow():
    scenario = portfolio()
    plan = _fake_plan(scenario)
    money = portfolio_money(plan)
    scale = decision(plan, money)["scale"]
    per_1000 = [p["agents_per_1000_households"] for p in scale]
    assert [p["sites"] for p in scale] == [1, 2, 3, 4]
    assert per_1000[-1] < per_1000[0]
    data = portfolio_dict(plan, money)
    shares = sum(s["allocation"]["share_fen"] for s in data["sites"].values())
    assert shares == data["allocation"]["centre_cost_fen"]
    assert "Break-even" in summary_text(data)


def test_site_scenario_keeps_a_desk_and_posts_under_the_traditional_model():
    scenario = portfolio()
    one = site_scenario(scenario, "jinxiu")
    assert one.operating_model == "traditional" and list(one.sites) == ["jinxiu"]
    assert "remote_seats" not in one.centre.pools and "remote_ops" in one.centre.pools["agents"].skills
    assert one.field is not None and one.field.posts
    centre = centre_scenario(scenario, ["jinxiu", "taoli"])
    assert centre.field is None and centre.operating_model == "centralised"


def test_portfolio_section_is_validated_naming_the_field():
    with pytest.raises(ScenarioError) as err:
        load_scenario("scenarios/group_portfolio.yaml", ["+portfolio.site_models.nowhere=traditional"])
    assert "portfolio.site_models.nowhere" in str(err.value) and "jinxiu" in str(err.value)
    with pytest.raises(ScenarioError) as err:
        load_scenario("scenarios/group_portfolio.yaml", ["portfolio.allocation_basis=rooms"])
    assert "portfolio.allocation_basis" in str(err.value) and "households" in str(err.value)
    mixed = load_scenario("scenarios/group_portfolio.yaml", ["+portfolio.site_models.jinxiu=traditional"])
    assert site_models(mixed)["jinxiu"] == "traditional" and site_models(mixed)["cuihu"] == "centralised"


def test_portfolio_planner_meets_or_names_every_commitment_on_a_small_portfolio():
    """Two sites, one traditional: the centre is planned on the other's demand, both sites' field
    and desk for the site; every targeted KPI of every plan is met or named as missed."""
    scenario = portfolio(["jinxiu", "qinyuan"], **{"portfolio.site_models": {"qinyuan": "traditional"},
                                                   "targets.calls.hourly_floor": None})
    settings = Settings(replications=2, search_days=1, site_search_days=1, verify_replications=3, horizon_days=2)
    plan = plan_portfolio(scenario, settings, executor="process", workers=2)
    assert plan.centre is not None and plan.centre.sites == ["jinxiu"]
    assert set(plan.sites) == {"jinxiu", "qinyuan"}
    # The pooled centre's commitments are met or named; on two simulated days a rare stream (a
    # couple of expert calls) may stay inconclusive, but none is missed outright.
    centre_targeted = [k for k in plan.centre.kpis if k.get("direction")]
    assert centre_targeted
    for k in centre_targeted:
        label = f"{k['stream']}{'[' + k['group'] + ']' if k.get('group') else ''}.{k['metric']}"
        assert (k["status"] == "met") != (label in plan.centre.missed), (label, k["status"], plan.centre.missed)
        assert k["status"] != "not_met", (label, k)
    for name, sp in plan.sites.items():
        targeted = [k for k in sp.kpis if k.get("direction")]
        assert targeted
        named = set(sp.missed_under("traditional"))
        for k in targeted:
            label = f"{k['stream']}{'[' + k['group'] + ']' if k.get('group') else ''}.{k['metric']}"
            assert (k["status"] == "met") != (label in named)
        # centralised, the gate posts go and the fire control room stays: two a shift around the
        # clock, 42 shift-days a week, 9 whole people by the relief rule (GB 25506-2010 §4.2.1)
        room = [ln for ln in sp.lines_under("centralised") if ln.kind == "post"]
        assert {ln.group for ln in room} == {"monitoring_room"} and {ln.people for ln in room} == {2}
        assert sp.team_centralised.get("post_guard", 0.0) == 9.0 < sp.team_traditional.get("post_guard", 0.0)
        # whole people, counted as the site's own plan counts them (team leaders by span of control)
        assert all(float(v).is_integer() for v in (*sp.team_traditional.values(), *sp.team_centralised.values()))
        assert sp.team_traditional.get("supervisor", 0.0) >= 1
    from planner.proposal.text import commitment_name

    data = portfolio_dict(plan, portfolio_money(plan), namer=commitment_name)
    assert data["sites"]["qinyuan"]["allocation"]["share_fen"] is None      # a traditional site carries no share
    assert data["sites"]["jinxiu"]["allocation"]["share_fen"] == data["allocation"]["centre_cost_fen"]
    assert data["targets_met"] == (not plan.missed)
    # what every task simulated, together: at least each plan's own evidence (planner.search.work)
    work = data["work"]["replication_days"]
    evidence = [plan.centre.evidence] + [sp.evidence for sp in plan.sites.values() if sp.shared_with is None]
    assert work["verification"] >= sum(e["replications"] * e["horizon_days"] for e in evidence) > 0
    assert work["search"] > 0 and work["total"] == pytest.approx(sum(work[p] for p in ("search", "verification",
                                                                                         "rule_of_thumb")), abs=1e-2)
    assert data["work"]["candidates"] == plan.centre.evaluations + sum(sp.evaluations for sp in plan.sites.values())
    assert all(isinstance(p["centre_agents"], int) for p in data["decision"].get("scale", []))
    # each site's plan in portfolio.json is where its own proposal starts: the same roster lines
    # and design options (the portfolio plans sites with them, as their own plans do)
    assert all(set(data["sites"][n]["design_options"]) == set(plan.sites[n].options) for n in plan.sites)
    from planner.portfolio.split import own_scenario

    for name in ("jinxiu", "qinyuan"):
        entry = json.loads(json.dumps(data["sites"][name]))
        own = own_scenario(scenario, name, entry["model"], 1.0, rosters=entry["rosters"],
                           options=entry["design_options"])
        # a centralised site staffs its field teams and its fire control room (the group centre its
        # seats); the room at two a shift, the fewest GB 25506 allows
        assert {k for k in entry["rosters"]} and sorted(
            (ln.group, ln.shift, ln.people) for ln in roster_lines(own)) == sorted(
            (ln.group, ln.shift, ln.people) for ln in plan.sites[name].lines_under(entry["model"]))
        if entry["model"] == "centralised":
            room = [ln for ln in roster_lines(own) if ln.kind == "post"]
            assert {ln.group for ln in room} == {"monitoring_room"} and {ln.people for ln in room} == {2}
    import re
    for where in [data["centre"]] + list(data["sites"].values()):   # every commitment named in words
        for k in where["kpis"]:
            if k.get("direction"):
                assert k["name"]["en"] and not re.search(r"[A-Za-z]{2,}|—|None", k["name"]["zh"]), k


def test_compare_names_a_side_that_misses_a_commitment():
    from planner.cli import compare_columns, compare_text

    good = load_scenario("scenarios/validation/mmc_12.yaml", [
        "demand.calls.single.rate_per_minute=3", "calendar.horizon_days=2", "replications=3",
        "centre.pools.agents.roster.shifts.all_day.agents=9", "sites.validation.floor_area_m2=50000"])
    short = load_scenario("scenarios/validation/mmc_12.yaml", [
        "demand.calls.single.rate_per_minute=3", "calendar.horizon_days=2", "replications=3",
        "centre.pools.agents.roster.shifts.all_day.agents=3", "sites.validation.floor_area_m2=50000"])
    columns = compare_columns([good, short], plan=False)
    assert columns[0].unmet == [] and columns[1].unmet
    text = compare_text(columns)
    assert "WARNING: side B" in text and "calls.service_level" in text and "WARNING: side A" not in text
    planned = compare_columns([short], plan=True, plan_replications=3, search_days=2)[0]
    assert planned.planned and planned.unmet == []


def test_portfolio_chapter_in_chinese_has_no_english_raw_keys_or_fractional_people_on_shifts(tmp_path):
    import re

    from planner.proposal.model import Paragraph, Table
    from planner.proposal.portfolio import build_portfolio_document, export_portfolio

    scenario = portfolio()
    plan = _fake_plan(scenario)
    data = portfolio_dict(plan, portfolio_money(plan))
    doc = build_portfolio_document(data, "zh")
    texts = [doc.title, doc.subtitle] + [v for _, v in doc.cover]
    for section in doc.sections:
        texts.append(section.heading)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                texts.append(block.text)
            elif isinstance(block, Table):
                texts += [block.caption, block.note] + [c.label for c in block.columns]
                texts += [cell.text for row in block.rows for cell in row.cells]
    for text in texts:  # the sites and the project by their names for people, never their keys
        assert not re.search(r"[A-Za-z]{2,}|None|\w+\.\w+_\w+", text), text
    shown = "\n".join(texts)
    assert scenario.proposal.project.zh in shown
    assert all(scenario.proposal.site_names[key].zh in shown for key in data["sites"])
    rosters = next(b for s in doc.sections for b in s.blocks if isinstance(b, Table) and "排班" in b.title)
    assert all(float(row.cells[-1].value).is_integer() for row in rosters.rows)
    # each shift named by its times (planner.rostering.shift_names: a 05:00 start is 早班, never
    # 夜班), and no two shifts of a group share a name
    from planner.rostering.shift_names import shift_kind

    staffed = [ln for ln in data["centre"]["staffing"] if ln["people"]]
    shown_names = [(row.cells[0].text, row.cells[1].text) for row in rosters.rows]
    assert len(set(shown_names)) == len(shown_names)
    # a group's shifts in order of their start (早班一 before 早班二)
    starts = [(row.cells[0].text, row.cells[2].text) for row in rosters.rows]
    assert starts == sorted(starts, key=lambda gs: ([g for g, _ in starts].index(gs[0]), gs[1]))
    staffed = sorted(staffed, key=lambda ln: ([ln_["group"] for ln_ in staffed].index(ln["group"]), ln["start"]))
    for line, (_, name) in zip(staffed, shown_names):
        assert name.startswith({"early": "早班", "middle": "中班", "night": "夜班", "day": "白班", "office": "行政班",
                                "all_day": "全天班"}[shift_kind(line["start"], line["length_h"], line["days"],
                                                 sum(ln["group"] == line["group"] for ln in data["centre"]["staffing"]) == 1)]), \
            (line, name)
    written = export_portfolio(data, tmp_path, formats=("docx", "xlsx"), lang="en")
    assert set(written) == {"docx", "xlsx"} and all(p.stat().st_size > 5000 for p in written.values())


def test_portfolio_page_plans_shows_the_allocation_and_offers_the_chapter(monkeypatch):
    """The app's portfolio page on the group template (the planner replaced by the rule-of-thumb
    plan above, so the page, not the search, is what runs): no exception, the results, the chapter
    downloads, and no English word in the Chinese page besides the site names."""
    import re

    from streamlit.testing.v1 import AppTest

    import planner.portfolio.planning as planning

    def fake(scenario, settings=None, **kwargs):
        kwargs["progress"](1, 1, "centre", 0.0)
        return _fake_plan(scenario)

    monkeypatch.setattr(planning, "plan_portfolio", fake)
    at = AppTest.from_file(str(Path(__file__).resolve().parents[3] / "app.py"), default_timeout=600)
    at.session_state["lang"] = "zh"
    at.run()
    at.selectbox(key="template_zh").set_value("group_portfolio").run()
    at.switch_page("ui/pages/portfolio.py").run()
    assert not at.exception, [e.value for e in at.exception]
    at.button(key="portfolio_btn").click().run()
    assert not at.exception, [e.value for e in at.exception]
    data = at.session_state["last_portfolio"]["data"]
    assert data["decision"]["scale"] and len(data["sites"]) == 12
    assert {d.key for d in at.download_button} >= {"portfolio_dl_docx", "portfolio_dl_xlsx"}
    shown = "\n".join(str(getattr(e, "value", "")) for kind in ("title", "markdown", "caption", "warning", "info",
                                                                 "success") for e in getattr(at, kind))
    shown += "\n".join(str(m.label) for m in at.metric)
    table = at.dataframe[0].value
    shown += "\n".join(" ".join(map(str, row)) for row in table.astype(str).itertuples(index=False))
    shown += "\n".join(map(str, table.columns))
    assert not re.search(r"[A-Za-z]{3,}", shown), shown   # sites by their Chinese names, never their keys
    assert all(name.zh in shown for name in load_scenario("scenarios/group_portfolio.yaml").proposal.site_names.values())


def test_a_300_site_portfolio_runs_on_a_dask_local_cluster_in_streaming_mode():
    """300 sites of 300 households under one centre (bench/bench_portfolio.py's portfolio, pools by
    square-root staffing), one day, two replications on a two-worker LocalCluster, streaming
    statistics: the counts agree with the arrival streams' expectations (Poisson, 5 sd)."""
    import sys

    from sim.engine.arrivals import arrival_streams
    from sim.running.executors import make_executor
    from sim.running.runner import simulate

    sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "bench"))
    import bench_portfolio

    scenario, _ = bench_portfolio.build(300, 300, 1.0, False, 1.0, 1)
    assert len(scenario.sites) == 300
    with make_executor("dask", workers=2) as ex:
        run = simulate(scenario, replications=2, executor=ex, streaming=True)
    table = run.kpi_table()
    offered = table[(table["stream"] == "calls") & (table["metric"] == "offered")]["mean"].iloc[0]
    expected = sum(st.expected_arrivals(0) for st in arrival_streams(scenario) if st.kind == "calls")
    assert abs(offered - expected) < 5 * math.sqrt(expected / 2) + 0.01 * expected, (offered, expected)
    level = table[(table["stream"] == "remote_ops") & (table["metric"] == "service_level")]["mean"].iloc[0]
    assert 0.5 < level <= 1.0


def test_cli_portfolio_refuses_bad_options_naming_them(tmp_path):
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[3]
    for args, needle in ((["--days", "0"], "--days"), (["--verify-replications", "0"], "--verify-replications"),
                         (["--set", "portfolio.allocation_basis=rooms"], "portfolio.allocation_basis")):
        done = subprocess.run([sys.executable, "-m", "planner", "portfolio", "scenarios/group_portfolio.yaml",
                               "--out", str(tmp_path), *args], cwd=root, capture_output=True, text=True, timeout=120)
        assert done.returncode == 2 and needle in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_a_commitment_not_shown_met_is_named_with_its_mean_target_interval_and_verdict():
    import re

    from planner.proposal.portfolio import evidence_text

    kpis = [{"stream": "work_orders.urgent", "metric": "response_within_target", "unit": "share", "mean": 0.9375,
             "ci95": [0.79, 1.0], "target": 0.9, "direction": ">=", "status": "inconclusive"},
            {"stream": "calls", "metric": "service_level", "unit": "share", "mean": 0.7,
             "ci95": [0.66, 0.74], "target": 0.8, "direction": ">=", "status": "missed"}]
    zh = evidence_text("work_orders.urgent.response_within_target", kpis, "zh")
    assert "93.8%" in zh and "≥90.0%" in zh and "79.0%" in zh and "100.0%" in zh and "结论待定" in zh
    assert not re.search(r"[A-Za-z]", zh)
    assert "未达标" in evidence_text("calls.service_level", kpis, "zh")
    assert "straddles" in evidence_text("work_orders.urgent.response_within_target", kpis, "en")
    assert evidence_text("calls.abandon_rate", kpis, "zh") == ""      # no row: nothing invented


def test_cli_proposal_renders_a_portfolio_json_and_refuses_an_incomplete_one(tmp_path):
    """``planner proposal portfolio.json`` writes the chapter again (another language, no
    re-planning); a file that says it is a portfolio but is not a complete one is a message."""
    import json
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[3]
    scenario = portfolio()
    plan = _fake_plan(scenario)
    (tmp_path / "portfolio.json").write_text(json.dumps(portfolio_dict(plan, portfolio_money(plan)), ensure_ascii=False))
    done = subprocess.run([sys.executable, "-m", "planner", "proposal", str(tmp_path / "portfolio.json"),
                           "--proposal", "docx,xlsx", "--lang", "en"], cwd=root, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "portfolio_en.docx").stat().st_size > 5000 and (tmp_path / "portfolio_en.xlsx").exists()
    (tmp_path / "bad.json").write_text(json.dumps({"kind": "portfolio", "sites": {"a": {}}}))
    done = subprocess.run([sys.executable, "-m", "planner", "proposal", str(tmp_path / "bad.json"), "--out",
                           str(tmp_path / "bad")], cwd=root, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and "portfolio.json" in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert not (tmp_path / "bad").exists() or not any((tmp_path / "bad").iterdir())   # nothing half-written


def test_a_centralised_site_planned_on_its_own_staffs_and_pays_no_desk_but_carries_its_share():
    """``own_scenario`` (the site's own proposal under the centralised model): the group runs the
    contact centre, so its pools are simulated but are no lever, no roster line, no target and no
    cost of the site, which carries its allocated share instead; a traditional site keeps its
    desk; a group centre under the traditional model is refused naming the field."""
    from planner.costs.team import team_and_budget
    from planner.portfolio.split import own_scenario
    from planner.rostering.levers import levers
    from planner.search.design import group_paths
    from sim.results.centre_kpis import kpi_targets

    scenario = portfolio(["jinxiu", "qinyuan"])
    own = own_scenario(scenario, "jinxiu", "centralised", 123_456.0)
    assert own.centre.operator == "group" and own.operating_model == "centralised" and list(own.sites) == ["jinxiu"]
    assert own.centre.pools and not own.centre.staffed_pools
    assert own.proposal.project.zh == "锦绣花园物业管理服务项目"  # the cover names the site, not the group
    assert not any(path.startswith("centre.") for path in group_paths(own))
    assert not any(lever.path.startswith("centre.") for lever in levers(own))
    # its field teams and its fire control room (kept under centralised control, GB 25506)
    assert {(line.kind, line.group if line.kind == "post" else "") for line in roster_lines(own)} == {
        ("team", ""), ("post", "monitoring_room")}
    targets = kpi_targets(own, list(own.centre.pools))
    assert targets and all(k.stream.split(".")[0] in ("work_orders", "equipment", "patrols", "incidents", "butlers",
                                                      "field_staff") for k in targets)
    team, budget = team_and_budget(own)
    assert not {"agent", "expert_agent"} & {role for role, n in team.items() if n}
    lines = {line.key: line.yuan_per_year for line in budget.lines}
    assert lines["group_call_centre_share"] == pytest.approx(123_456.0)
    assert lines.get("call_centre_seats", 0.0) == 0.0
    # its own plan starts from its plan in the portfolio: the rosters of the groups the site staffs
    team = next(iter(own.field.teams))
    roster = own.field.teams[team].roster.model_dump(mode="json")
    first = next(iter(roster["shifts"]))
    roster["shifts"][first]["agents"] += 1
    pool = next(iter(own.centre.pools))
    moved = own_scenario(scenario, "jinxiu", "centralised", 1.0, rosters={
        f"field.teams.{team}": roster, f"centre.pools.{pool}": {"shifts": {}}, "field.nowhere.x": {}, "x": {}})
    assert moved.field.teams[team].roster.shifts[first].agents == own.field.teams[team].roster.shifts[first].agents + 1
    assert moved.centre.pools == own.centre.pools  # the group's pools are not the site's to set
    # the app's portfolio page loads it as the scenario being edited: it round-trips the app's loader
    from ui.state import canonical_json, validate_data
    again, issues = validate_data(own.model_dump(mode="json"))
    assert not issues and canonical_json(again) == canonical_json(own)
    # the same site when the site runs its own centre: the desk is its lever, line, target and cost
    mine = validate(own.model_dump(mode="json") | {"centre": own.centre.model_dump(mode="json") | {"operator": "site"}})
    assert any(path.startswith("centre.") for path in group_paths(mine))
    assert KpiKey("calls", "service_level") in kpi_targets(mine, list(mine.centre.pools))
    assert team_and_budget(mine)[0].get("agent", 0) > 0
    traditional = own_scenario(scenario, "qinyuan", "traditional", 99.0)
    assert traditional.centre.operator == "site" and "pool" in {line.kind for line in roster_lines(traditional)}
    # the plan's design options come with its rosters: the traditional site takes them all, the
    # centralised site only its field teams' (the desk and the posts are not its own)
    names = [o.name for o in design_options(traditional)]
    assert {"merge_pool:experts>agents", "on_call:technicians>night"} <= set(names)
    both = own_scenario(scenario, "qinyuan", "traditional", options=["merge_pool:experts>agents",
                                                                     "on_call:technicians>night"])
    assert "experts" not in both.centre.pools and "expert" in both.centre.pools["agents"].skills
    assert both.field.teams["technicians"].on_call.shift == "night"
    field_only = own_scenario(scenario, "jinxiu", "centralised", 1.0, options=["merge_pool:experts>agents",
                                                                               "on_call:technicians>night"])
    assert field_only.centre.pools == own.centre.pools
    assert field_only.field.teams["technicians"].on_call.shift == "night"
    for bad, words in [("on_call:plumbers>night", ["no team 'plumbers'", "technicians"]),
                       ("merge_pool:experts>nobody", ["no pool 'nobody'"]), ("nap:x>y", ["kind", "second_line"])]:
        with pytest.raises(ValueError) as err:
            own_scenario(scenario, "qinyuan", "traditional", options=[bad])
        assert bad in str(err.value) and all(w in str(err.value) for w in words)
    with pytest.raises(ScenarioError) as err:
        validate(traditional.model_dump(mode="json") | {"centre": traditional.centre.model_dump(mode="json")
                                                        | {"operator": "group"}})
    assert "centre.operator" in str(err.value) and "centralised" in str(err.value)


def test_cli_plans_a_site_of_a_portfolio_as_its_own_proposal_with_its_share(tmp_path):
    """``planner plan SCENARIO --site NAME --portfolio portfolio.json``: the centralised site's plan
    has no desk and carries the share portfolio.json allocates it; wrong combinations are one
    message each (exit 2, nothing written)."""
    import json
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[3]
    scenario = portfolio()
    plan = _fake_plan(scenario)
    data = portfolio_dict(plan, portfolio_money(plan))
    (tmp_path / "portfolio.json").write_text(json.dumps(data, ensure_ascii=False))
    (tmp_path / "other.json").write_text(json.dumps(data | {"scenario": "another_group"}, ensure_ascii=False))
    bad_rosters = json.loads(json.dumps(data))
    bad_rosters["sites"]["jinxiu"]["rosters"] = {"field.teams.x": "everyone"}
    (tmp_path / "bad_rosters.json").write_text(json.dumps(bad_rosters, ensure_ascii=False))
    for name, options in [("bad_option", ["on_call:plumbers>night"]), ("odd_option", ["sleep:all>day"]),
                          ("not_options", "on_call")]:
        bad = json.loads(json.dumps(data))
        bad["sites"]["jinxiu"]["design_options"] = options
        (tmp_path / f"{name}.json").write_text(json.dumps(bad, ensure_ascii=False))

    def plan_cli(*args, out="out"):
        return subprocess.run([sys.executable, "-m", "planner", "plan", "scenarios/group_portfolio.yaml", "--out",
                               str(tmp_path / out), *args], cwd=root, capture_output=True, text=True, timeout=600)

    (tmp_path / "bad").mkdir()
    for args, words in [(["--site", "nowhere", "--portfolio", str(tmp_path / "portfolio.json")], ["--site", "cuihu"]),
                        (["--portfolio", str(tmp_path / "portfolio.json")], ["--site"]),
                        (["--site", "jinxiu"], ["--portfolio", "share"]),
                        (["--site", "jinxiu", "--portfolio", str(tmp_path / "other.json")], ["another_group"]),
                        (["--site", "jinxiu", "--portfolio", str(tmp_path / "missing.json")], ["does not exist"]),
                        (["--site", "jinxiu", "--portfolio", str(tmp_path / "bad_rosters.json")], ["rosters", "jinxiu"]),
                        (["--site", "jinxiu", "--portfolio", str(tmp_path / "bad_option.json")],
                         ["jinxiu", "on_call:plumbers>night", "no team 'plumbers'", "technicians"]),
                        (["--site", "jinxiu", "--portfolio", str(tmp_path / "odd_option.json")],
                         ["sleep:all>day", "merge_pool"]),
                        (["--site", "jinxiu", "--portfolio", str(tmp_path / "not_options.json")],
                         ["design options", "jinxiu"])]:
        done = plan_cli(*args, out="bad")
        assert done.returncode == 2 and all(w in done.stderr for w in words), (args, done.stderr)
        assert "Traceback" not in done.stderr and not any((tmp_path / "bad").iterdir())
    done = plan_cli("--site", "jinxiu", "--portfolio", str(tmp_path / "portfolio.json"), "--set",
                    "calendar.horizon_days=2", "--replications", "2", "--search-days", "1",
                    "--verify-replications", "2", "--workers", "1", "--proposal", "docx")
    assert done.returncode == 0, done.stderr
    written = json.loads((tmp_path / "out" / "plan.json").read_text())
    given = written["scenario_parameters"]
    assert list(given["sites"]) == ["jinxiu"] and given["centre"]["operator"] == "group"
    assert not written["charts"]["service_level_curve"] and not written["charts"]["demand_by_hour"]
    assert not [line for line in written["staffing"] if line["kind"] == "pool"]
    budget = {line["key"]: line["yuan_per_year"] for line in written["budget"]["lines"]}
    assert budget["group_call_centre_share"] == pytest.approx(data["sites"]["jinxiu"]["allocation"]["share_yuan_per_year"])
    import re

    import docx

    document = docx.Document(tmp_path / "out" / "proposal_zh.docx")
    cover = [cell.text for cell in document.tables[0]._cells]
    assert "锦绣花园物业管理服务项目" in cover and "集团多项目集中管控服务" not in cover  # the site's project
    body = "\n".join(p.text for p in document.paragraphs)
    parameters = [row.cells[0].text for table in document.tables for row in table.rows if "坐席组" in row.cells[0].text]
    assert parameters and not [p for p in parameters if "班次" in p]  # the group's pools, not their rosters
    body = body.rsplit("附录C", 1)[0]   # before the scenario parameters (the scenario file's field names)
    share = f"{round(data['sites']['jinxiu']['allocation']['share_yuan_per_year']):,}"
    assert "集团呼叫中心" in body and share in body and "本项目不配坐席" in body
    # GB: a national standard's number (the fire control room kept under centralised control)
    assert not set(re.findall(r"[A-Za-z]{2,}", body)) - {"Erlang", "SimPy", "APP", "Bonferroni", "Cobham", "GB"}


def test_a_site_whose_plan_puts_technicians_on_call_carries_their_standby_allowance_under_either_model():
    """The on-call night of a site's plan (a design option the portfolio may choose) is paid as a
    standby allowance in the site's budgets, traditional and centralised: its people are not on
    a shift, so without the line the night would cost nothing."""
    from planner.costs.on_call import standby_yuan_per_year
    from planner.costs.team import site_team
    from planner.portfolio.split import own_scenario

    scenario = portfolio()
    planned = own_scenario(scenario, "qinyuan", "traditional", options=["on_call:technicians>night"])
    lines = roster_lines(planned)
    assert ("technicians", "night") not in {(ln.group, ln.shift) for ln in lines}  # at home: no shift to staff
    allowance = standby_yuan_per_year(planned)
    assert allowance > 0
    team = site_team(planned, lines)
    site = scenario.sites["qinyuan"]
    for model, share in (("traditional", 0.0), ("centralised", 1000.0)):
        with_standby = site_budget(team, site, scenario, model, share, planned=planned)
        without = site_budget(team, site, scenario, model, share)
        standby = [ln for ln in with_standby.lines if ln.key.startswith("standby.")]
        assert [ln.key for ln in standby] == ["standby.technicians.night"]
        assert standby[0].yuan_per_year == pytest.approx(allowance)
        assert with_standby.total_yuan_per_year > without.total_yuan_per_year


def test_a_stopped_portfolio_ends_its_workers_and_is_idle_within_5_s():
    """Stop (``should_stop()`` true, polled while tasks run) two seconds into a portfolio's
    planning on a process pool: Stopped is raised at once and this process tree is back to idle
    within 5 s (the tasks under way are terminated, not waited for)."""
    import os
    import time

    from planner.portfolio.planning import Stopped
    from process_tree import IDLE_CPU_S_PER_S, cpu_rate_once_idle

    scenario = portfolio(["jinxiu", "qinyuan"])
    started = time.monotonic()
    with pytest.raises(Stopped):
        plan_portfolio(scenario, Settings(), executor="process", workers=2,
                       should_stop=lambda: time.monotonic() - started > 2.0)
    clicked = started + 2.0
    assert time.monotonic() - clicked < 5
    rate = cpu_rate_once_idle(os.getpid(), clicked)
    assert rate <= IDLE_CPU_S_PER_S, f"{rate:.2f} CPU s/s {time.monotonic() - clicked:.1f} s after Stop"


def test_the_centre_searched_on_every_worker_is_the_centre_searched_serially():
    """The centre is searched in the planning process with its simulations on the pool, beside
    the sites' tasks (planner.portfolio.planning): its plan, and every site's, are those of a
    serial run."""
    scenario = portfolio(["jinxiu"], **{"targets.calls.hourly_floor": None})
    settings = Settings(replications=2, search_days=1, site_search_days=1, verify_replications=3, horizon_days=2,
                        use_options=False)
    plans = {kind: plan_portfolio(scenario, settings, executor=kind, workers=2) for kind in ("serial", "process")}
    serial, pooled = plans["serial"], plans["process"]
    assert pooled.centre is not None and pooled.centre.evaluations > 1
    assert (pooled.centre.lines, pooled.centre.kpis) == (serial.centre.lines, serial.centre.kpis)
    assert {n: (p.lines, p.kpis) for n, p in pooled.sites.items()} == {n: (p.lines, p.kpis) for n, p in serial.sites.items()}
    assert pooled.work.to_dict() | {"seconds": 0} == serial.work.to_dict() | {"seconds": 0}
