"""The scenario library (scenarios/*.yaml): every scenario loads, says what it is and where its
numbers come from; the move-in surge really raises demand; the group portfolio is many sites
sharing one centre, and runs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sim.engine.arrivals import arrival_streams
from sim.scenario.loader import load_scenario
from sim.running.runner import simulate

REPO = Path(__file__).resolve().parents[3]
SCENARIOS = sorted((REPO / "scenarios").glob("*.yaml"))
SOURCE_MARKERS = ("DOMAIN", "seed", "[est]")


def _header(path: Path) -> str:
    """The comment block the file starts with (blank lines allowed inside it)."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if stripped.startswith("#"):
            lines.append(stripped)
        elif stripped and lines:
            break
        elif stripped:
            return ""
    return "\n".join(lines)


def _cites_sources(path: Path, seen: frozenset = frozenset()) -> bool:
    """The header names where the numbers come from, or (for a file that only switches something
    in its base, like default_centralised.yaml) the base it extends does."""
    header = _header(path)
    if any(marker in header for marker in SOURCE_MARKERS):
        return True
    text = path.read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("extends:"):
            base = (path.parent / line.split(":", 1)[1].strip().strip("'\"")).resolve()
            if base in seen or not base.exists():
                return False
            return _cites_sources(base, seen | {path.resolve()})
    return False


def test_library_is_there():
    names = {p.name for p in SCENARIOS}
    assert {"default.yaml", "villa_estate.yaml", "mixed_use.yaml", "move_in_surge.yaml",
            "group_portfolio.yaml"} <= names


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.name)
def test_scenario_loads_and_describes_itself(path):
    scenario = load_scenario(path)
    assert scenario.name
    assert scenario.description.strip(), f"{path.name} has no description"
    assert _header(path), f"{path.name} does not start with a comment block"
    assert _cites_sources(path), f"{path.name}'s header does not say where its numbers come from"


@pytest.mark.parametrize("path", SCENARIOS + [REPO / "scenarios" / "portfolios" / "group_portfolio_50.yaml"],
                         ids=lambda p: p.name)
def test_every_template_describes_itself_in_chinese_too(path):
    """The Chinese app shows ``description_zh``: each template has its own (not the one it
    extends), in Chinese words (numbers, units and file names aside)."""
    import re
    import yaml
    own = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert own.get("description_zh", "").strip(), f"{path.name} has no Chinese description of its own"
    text = re.sub(r"[\w./-]+\.(?:yaml|py)", " ", load_scenario(path).description_zh)
    assert re.search(r"[\u4e00-\u9fff]", text) and not re.search(r"[A-Za-z]{2,}", text), text


@pytest.mark.parametrize("name", ["villa_estate.yaml", "mixed_use.yaml", "move_in_surge.yaml",
                                  "group_portfolio.yaml"])
def test_new_scenarios_cite_sources_themselves(name):
    header = _header(REPO / "scenarios" / name)
    assert any(marker in header for marker in SOURCE_MARKERS)


def _daily_totals(scenario, day: int) -> dict[str, float]:
    totals: dict[str, float] = {}
    for stream in arrival_streams(scenario):
        key = f"{stream.kind}.{stream.type_name}"
        totals[key] = totals.get(key, 0.0) + stream.expected_arrivals(day)
    return totals


def test_move_in_surge_raises_demand_then_eases():
    s = load_scenario(REPO / "scenarios" / "move_in_surge.yaml")
    start = s.calendar.start_date
    peak = s.demand.dated_multipliers["move_in_peak"]
    tail = s.demand.dated_multipliers["move_in_tail"]
    assert peak.start_date == start and peak.multiplier > tail.multiplier > 1
    assert s.calendar.horizon_days >= (tail.end_date - start).days + 1 + 7  # the surge and after it

    def day_of(date: dt.date) -> int:
        return (date - start).days

    # Same weekday in the peak, the tail and after the surge (weeks 1, 3 and 5: Mondays).
    d_peak, d_tail, d_after = day_of(peak.start_date), day_of(tail.start_date), day_of(tail.end_date) + 1
    assert d_peak % 7 == d_tail % 7 == d_after % 7
    peak_day, tail_day, calm_day = (_daily_totals(s, d) for d in (d_peak, d_tail, d_after))
    for key in ("calls.repair_report", "calls.enquiry", "calls.booking", "tickets.app_ticket"):
        assert peak_day[key] == pytest.approx(2.5 * calm_day[key])
        assert tail_day[key] == pytest.approx(1.5 * calm_day[key])
    assert peak_day["calls.complaint"] == pytest.approx(2.0 * calm_day["calls.complaint"])
    # Unchanged streams stay unchanged.
    assert peak_day["calls.emergency"] == pytest.approx(calm_day["calls.emergency"])
    assert peak_day["remote_ops.vehicle_gate"] == pytest.approx(calm_day["remote_ops.vehicle_gate"])
    # The whole day's contacts are clearly higher in the surge.
    total = lambda d: sum(v for k, v in d.items() if not k.startswith("remote_ops"))  # noqa: E731
    assert total(peak_day) > 2 * total(calm_day)
    assert total(calm_day) < total(tail_day) < total(peak_day)


def test_move_in_surge_covers_the_surge():
    s = load_scenario(REPO / "scenarios" / "move_in_surge.yaml")
    last_day = s.calendar.start_date + dt.timedelta(days=s.calendar.horizon_days - 1)
    for m in s.demand.dated_multipliers.values():
        assert s.calendar.start_date <= m.start_date <= m.end_date <= last_day


def test_mixed_use_shop_demand_in_business_hours():
    s = load_scenario(REPO / "scenarios" / "mixed_use.yaml")
    shops = [st for st in arrival_streams(s) if st.type_name.startswith("shop_")]
    assert {st.type_name for st in shops} >= {"shop_repair", "shop_enquiry"}
    for st in shops:
        weekday = st.hourly_rates_per_s(0)           # 2026-06-01, a Monday
        saturday = st.hourly_rates_per_s(5)
        assert weekday[:9].sum() == 0                # closed before 09:00
        assert weekday[10:22].sum() > 0.9 * weekday.sum()
        assert saturday.sum() > weekday.sum()
    assert "shop_repair" in s.field.work_orders.from_calls


def test_villa_estate_is_large_and_sparse():
    s = load_scenario(REPO / "scenarios" / "villa_estate.yaml")
    (site,) = s.sites.values()
    assert site.households <= 400 and site.land_area_m2 >= 200_000 and site.grade == 1
    assert s.field.teams["guards"].travel_mode == "cart"
    base = load_scenario(REPO / "scenarios" / "default.yaml")
    assert s.field.patrols["main_route"].checkpoints > base.field.patrols["main_route"].checkpoints

    def per_household(sc, kind):
        (st,) = sc.sites.values()
        return sum(a.expected_arrivals(0) for a in arrival_streams(sc) if a.kind == kind) / st.households

    assert per_household(s, "calls") > per_household(base, "calls")
    assert per_household(s, "remote_ops") > 2 * per_household(base, "remote_ops")


def test_group_portfolio_shares_one_centre():
    s = load_scenario(REPO / "scenarios" / "group_portfolio.yaml")
    assert s.operating_model == "centralised"
    assert len(s.sites) >= 10
    households = [site.households for site in s.sites.values()]
    assert min(households) >= 500 and max(households) <= 3000 and len(set(households)) > 5
    assert len({site.vehicle_gates for site in s.sites.values()}) > 1
    # One centre: its pools serve every site's streams (pools are not per site).
    skills = {skill for pool in s.centre.pools.values() for skill in pool.skills}
    assert {"calls", "remote_ops", "tickets", "return_visits", "expert"} <= skills
    assert {st.site for st in arrival_streams(s)} == set(s.sites)


def test_group_portfolio_runs():
    s = load_scenario(REPO / "scenarios" / "group_portfolio.yaml", ["calendar.horizon_days=1"])
    run = simulate(s, replications=1)
    table = run.kpi_table()
    offered = table[(table.stream == "remote_ops") & (table.metric == "offered")]["mean"].iloc[0]
    assert offered > 1000                           # ≈ 2,260 a day over the group
    pools = set(table[table.stream == "staff"]["group"].dropna())
    assert set(s.centre.pools) <= pools             # the shared pools worked
    assert not any("/" in p for p in pools)         # centralised: no site posts staffed


def test_a_description_in_one_language_does_not_inherit_the_base_text_in_the_other(tmp_path):
    """A scenario that extends a template and writes only its English description is about
    itself: the template's Chinese description (about the template) must not be shown for it."""
    base = load_scenario("scenarios/default.yaml")
    assert base.description and base.description_zh
    child = tmp_path / "site.yaml"
    child.write_text(f"extends: {Path('scenarios/default.yaml').resolve()}\nname: my_site\n"
                     "description: Our own site, 1,200 households.\n", encoding="utf-8")
    loaded = load_scenario(child)
    assert loaded.description == "Our own site, 1,200 households." and loaded.description_zh == ""
    mapping = load_scenario({"extends": "scenarios/default.yaml", "description_zh": "本项目"})
    assert mapping.description_zh == "本项目" and mapping.description == ""
    # Writing neither keeps both; writing both keeps both of the child's.
    assert load_scenario({"extends": "scenarios/default.yaml"}).description_zh == base.description_zh
