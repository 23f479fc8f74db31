"""A district's shared teams (sim.field.district) against theory and their own books.

* With no travel between sites (co-located, no access time) and none inside them, the shared
  team's wait for emergencies is M/M/c on the pooled orders of all sites (Erlang C), within the
  replications' confidence intervals, at every site as in the pool; a team one larger or smaller
  is rejected. (With a constant travel T > 0 the service would be T + exponential work, M/G/c,
  which has no exact closed form: the exact check is the one without travel.)
* A district of one site whose shared team is the site's own team reduces to the site's own
  team exactly: same seed, same orders, same times, same KPIs, same time budget.
* An order at one site is served by a person from another, after the travel between them.
* People's time and work orders are conserved on the district template.
"""

from __future__ import annotations

import copy
import math

import numpy as np
import pytest
from scipy import stats

from planner.queueing.erlang import ErlangC
from sim import load_scenario, simulate
from sim.field.team import EMERGENCY
from sim.results.field_kpis import field_kpis
from sim.running.replication import SiteModel
from sim.scenario.district import BetweenSites
from sim.scenario.loader import deep_merge
from sim.units import DAY_S, HOUR_S, MINUTE_S

FAMILY_ALPHA = 0.01
RATE_PER_H, WORK_MIN = 4.0, 30.0  # pooled emergencies an hour, mean work
DESK = {"desk": {"skills": ["calls"], "roster": {"shifts": {"all": {"start": "00:00", "length_h": 24, "agents": 30}}}}}
ALL_DAY = {"roster": {"shifts": {"all": {"start": "00:00", "length_h": 24, "agents": 3}}}}


def interval(values, comparisons: int) -> tuple[float, float]:
    x = np.asarray(values, dtype=float)
    half = stats.t.ppf(1 - FAMILY_ALPHA / (2 * comparisons), len(x) - 1) * x.std(ddof=1) / math.sqrt(len(x))
    return x.mean() - half, x.mean() + half


def pooled_emergencies(sites: int = 3, agents: int = 3):
    """``sites`` sites at one point (no travel between them, no access time) with no travel inside
    them, each opening emergencies from calls at RATE_PER_H / sites an hour (exponential work,
    WORK_MIN), no team of their own; a district team of ``agents`` round the clock serves all."""
    names = [f"s{i}" for i in range(sites)]
    data = {
        "name": "district_mmc",
        "replications": 8,
        "calendar": {"horizon_days": 30, "warmup_days": 2},
        "sites": {n: {"households": 0, "land_area_m2": 1.0, "vacant_share": 0} for n in names},
        "demand": {"calls": {"burst": {"rate_per_hour": RATE_PER_H / sites, "handle_time_s": {"dist": "exponential", "mean": 60}}}},
        "centre": {"pools": DESK},
        "field": {
            "travel": {"walking_speed_m_per_s": 1e9, "access_s": 0},
            "work_orders": {"vacant_checks_per_week": 0, "from_calls": {"burst": {
                "priority": "emergency", "work_time_min": {"dist": "exponential", "mean": WORK_MIN}}}},
        },
        "portfolio": {
            "locations": {n: {"x_km": 0.0, "y_km": 0.0} for n in names},
            "districts": {"d": {"sites": names, "travel": {"access_min": 0},
                                "teams": {"shared": {"skills": ["general"], **copy.deepcopy(ALL_DAY)}}}},
        },
    }
    data["portfolio"]["districts"]["d"]["teams"]["shared"]["roster"]["shifts"]["all"]["agents"] = agents
    return load_scenario(data)


def emergency_waits(result, site: str | None = None) -> list[np.ndarray]:
    """Per replication: each emergency's wait from dispatch to arrival (s), created after warm-up
    (at ``site`` only, when given)."""
    out = []
    for r in result.results:
        log = r.log
        out.append(np.array([t.on_site_s - t.meta["dispatched_s"] for f in log.field if site in (None, f.site) for t in f.tasks
                             if t.kind == "work_order" and t.priority == EMERGENCY and t.created_s >= log.warmup_s
                             and not math.isnan(t.on_site_s)]))
    return out


def test_pooled_emergencies_wait_as_erlang_c():
    result = simulate(pooled_emergencies(), keep_logs=True)
    waits = emergency_waits(result)
    served_by = {t.meta["team"] for r in result.results for f in r.log.field for t in f.tasks if t.kind == "work_order"}
    assert served_by == {"shared"}
    days = 28  # every site's orders reach the shared team: the pooled rate
    counts = [len(w) for w in waits]
    assert interval(counts, 1)[0] <= RATE_PER_H * 24 * days <= interval(counts, 1)[1]
    theory = ErlangC(arrival_rate_per_s=RATE_PER_H / HOUR_S, mean_handle_s=WORK_MIN * MINUTE_S, agents=3)
    checks = {"mean wait": ([w.mean() for w in waits], theory.mean_wait_s),
              "P(wait)": ([(w > 1e-6).mean() for w in waits], theory.p_wait),
              "P(wait > 10 min)": ([(w > 600).mean() for w in waits], 1 - theory.service_level(600.0))}
    for what, (values, expected) in checks.items():
        low, high = interval(values, len(checks) + 1)
        assert low <= expected <= high, f"{what}: Erlang C {expected:.4g} outside [{low:.4g}, {high:.4g}]"
    # Every site's emergencies wait as the pooled ones (Poisson arrivals see the time average).
    for site in ("s0", "s1", "s2"):
        low, high = interval([w.mean() for w in emergency_waits(result, site)], 3)
        assert low <= theory.mean_wait_s <= high, f"{site}: Erlang C {theory.mean_wait_s:.4g} outside [{low:.4g}, {high:.4g}]"
    # Power: a shared team of 2 or 4 would be rejected.
    low, high = interval(checks["mean wait"][0], 2)
    for agents in (2, 4):
        wrong = ErlangC(arrival_rate_per_s=RATE_PER_H / HOUR_S, mean_handle_s=WORK_MIN * MINUTE_S, agents=agents)
        assert not (low <= wrong.mean_wait_s <= high), agents


def one_site(shared: bool):
    """One site with travel inside it and emergencies, routine orders and preemptible planned
    work for three technicians round the clock: its own team, or (``shared``) the same team as a
    district's shared team, the site having none of its own."""
    team = {"role": "technician", "skills": ["electrical", "plumbing", "general"], **copy.deepcopy(ALL_DAY)}
    data = {
        "name": "one_site",
        "replications": 2,
        "calendar": {"horizon_days": 10, "warmup_days": 1},
        "sites": {"s": {"households": 800, "land_area_m2": 40000, "vacant_share": 0.05, "pumps": 3}},
        "demand": {"calls": {
            "repair": {"rate_per_hour": 1.5, "handle_time_s": {"dist": "exponential", "mean": 60}},
            "burst": {"rate_per_hour": 0.5, "handle_time_s": {"dist": "exponential", "mean": 60}}}},
        "centre": {"pools": DESK},
        "field": {
            "teams": {} if shared else {"technicians": team},
            "work_orders": {"dispatch_delay_min": {"dist": "lognormal", "mean": 3, "sd": 2}, "from_calls": {
                "repair": {"priority": "routine", "work_time_min": {"dist": "lognormal", "mean": 40, "sd": 20}},
                "burst": {"priority": "emergency", "work_time_min": {"dist": "exponential", "mean": 30}}},
                "planned": {"pump_check": {"every_days": 1, "start": "09:00", "jobs": 3,
                                           "work_time_min": {"dist": "deterministic", "value": 50}}}},
        },
    }
    if shared:
        team.pop("role")
        data["portfolio"] = {"locations": {"s": {"lat": 22.5, "lon": 114.0}},
                             "districts": {"d": {"sites": ["s"], "teams": {"technicians": team}}}}
    return load_scenario(data)


def test_a_district_of_one_site_is_the_site_with_its_own_team():
    own, shared = one_site(False), one_site(True)
    for rep in range(2):
        a, b = SiteModel(own, 7, rep).run(), SiteModel(shared, 7, rep).run()

        def orders(log):
            return [(t.meta["source"], t.priority, t.created_s, t.on_site_s, t.done_s, t.meta.get("on_time_chance"))
                    for t in log.field[0].tasks if t.kind == "work_order"]
        assert len(orders(a)) > 300 and any(t.kind == "work_order" and t.meta["source"].startswith("planned")
                                            for t in a.field[0].tasks)
        assert orders(a) == orders(b)
        horizon, warmup = own.calendar.horizon_days * DAY_S, own.calendar.warmup_days * DAY_S
        kpis_a = field_kpis(a.field, own, horizon, warmup)
        kpis_b = field_kpis(b.field, shared, horizon, warmup, b.districts)
        assert kpis_a == kpis_b  # every commitment's KPI, and the team's staff KPIs from the district's books
        assert any(k.stream == "work_orders.emergency" for k in kpis_b) and any(k.stream == "field_staff" for k in kpis_b)
        assert a.field[0].team_time_s["technicians"] == b.districts[0].team_time_s["technicians"]
        assert a.field[0].team_overtime_s["technicians"] == b.districts[0].team_overtime_s["technicians"]


def two_sites(residual_at_b: bool, mobile_people: int = 1):
    """Sites a and b 2 km apart (e-bike), ``mobile_people`` district technicians based at a, and
    one technician of each site's own; b's is its residual crew when ``residual_at_b`` (else it
    does not share the district's queue and is kept busy by the test). No orders but the test's
    own."""
    data = {
        "name": "two_sites",
        "calendar": {"horizon_days": 1},
        "sites": {"a": {"households": 0, "land_area_m2": 40000, "vacant_share": 0},
                  "b": {"households": 0, "land_area_m2": 90000, "vacant_share": 0}},
        "demand": {"calls": {}},
        "centre": {"pools": DESK},
        "targets": {"calls": None},
        "field": {"work_orders": {"vacant_checks_per_week": 0},
                  "teams": {"technicians": {"role": "technician", "skills": ["general"], "opening_hours": None,
                                            "roster": {"shifts": {"all": {"start": "00:00", "length_h": 24,
                                                                          "agents": 1}}}}}},
        "portfolio": {"locations": {"a": {"x_km": 0.0, "y_km": 0.0}, "b": {"x_km": 1.2, "y_km": 1.6}},
                      "districts": {"d": {"sites": ["a", "b"], "teams": {"mobile": {
                          "skills": ["general"], "base": "a", "opening_hours": None,
                          "roster": {"shifts": {"all": {"start": "00:00", "length_h": 24, "agents": mobile_people}}}}}}}},
    }
    scenario = load_scenario(data)
    model = SiteModel(scenario, 1, 0)
    a, b = model.fields
    if not residual_at_b:
        b.teams["technicians"].shared = []
    return scenario, model, a, b


@pytest.mark.parametrize("residual_at_b", [False, True])
def test_an_order_at_one_site_is_served_from_another_after_the_travel_between_them(residual_at_b):
    scenario, model, a, b = two_sites(residual_at_b)
    where = (100.0, 250.0)
    opened = {}
    model.centre.env.timeout(HOUR_S).callbacks.append(lambda _e: opened.update(
        wo=b.work_orders.open("test", EMERGENCY, "general", 20 * MINUTE_S, where)))
    if not residual_at_b:  # b's own technician is busy on a long job from the start
        b.env.timeout(0.5 * HOUR_S).callbacks.append(lambda _e: b.work_orders.open(
            "test", 2, "general", 20 * HOUR_S, (0.0, 0.0)))
    log = model.run()
    wo = opened["wo"]
    if residual_at_b:  # the residual crew is free: it goes, from its own office
        assert wo.meta["team"] == "technicians"
        assert wo.on_site_s - HOUR_S == pytest.approx(b.teams["technicians"].travel.time_s(b.geometry.office, where))
        return
    assert wo.meta["team"] == "mobile" and wo.meta["site"] == "b"
    between_s = BetweenSites().minutes(2.0, "e_bike") * MINUTE_S  # 1.3 × 2 km ÷ 15 km/h + 3 min = 13.4 min
    inside_s = b.teams["technicians"].travel.time_s(b.geometry.office, where)  # walking, from b's gate
    assert between_s == pytest.approx(13.4 * MINUTE_S)
    assert wo.on_site_s - HOUR_S == pytest.approx(between_s + inside_s)
    assert wo.done_s == pytest.approx(wo.on_site_s + 20 * MINUTE_S)
    budget = log.districts[0].team_time_s["mobile"]
    assert budget["between:work_order"] == pytest.approx(between_s)
    assert budget["travel:work_order"] == pytest.approx(inside_s)  # from a's office: no travel inside a
    assert log.districts[0].team_km["mobile"] == pytest.approx(1.3 * 2.0)  # road factor × straight line
    (person,) = model.districts[0].teams["mobile"].people
    assert person.location == ("b", where)


def test_people_time_and_work_orders_are_conserved_in_the_district_template():
    scenario = load_scenario("scenarios/portfolios/district_east.yaml", ["calendar.horizon_days=4"])
    horizon = scenario.calendar.horizon_days * DAY_S
    model = SiteModel(scenario, scenario.seed, 0)
    log = model.run()
    (district,) = model.districts
    people = [p for team in district.teams.values() for p in team.people]
    assert people and any(p.call_out is not None for p in people)  # the night technician was called out
    for person in people:
        left = person.left_s if not math.isnan(person.left_s) else horizon
        assert sum(person.time_s.values()) == pytest.approx(left - person.start_s, abs=1e-6)
        assert set(person.time_s) <= {"idle", "break", "off"} | {f"{state}:{duty}" for state in ("travel", "between", "work")
                                                                 for duty in ("work_order", "incident")}
    budget = log.districts[0].team_time_s["mobile_repair"]
    assert budget["between:work_order"] > 0 and budget["travel:work_order"] > 0
    served = {"mobile_repair": 0, "technicians": 0}
    for site, f in zip(model.fields, log.field):
        orders = [t for t in f.tasks if t.kind == "work_order"]
        closed = [t for t in orders if not math.isnan(t.done_s)]
        still_open = [t for t in orders if math.isnan(t.done_s)]
        assert len(orders) == len(closed) + len(still_open) and site.open_orders == len(still_open)
        assert all(t.done_s >= t.on_site_s >= t.created_s for t in closed)
        for t in orders:
            if t.meta.get("district"):
                served[t.meta["team"]] += 1
    assert served["mobile_repair"] > 0 and served["technicians"] > 0
    # a verified alarm's technician comes through the district too (the sites have no one at night)
    specialists = [t for f in log.field for t in f.tasks if t.kind == "incident_specialist"]
    assert specialists and all(t.meta.get("district") == "east" for t in specialists)


def test_every_site_of_a_district_is_judged_on_its_own_orders_and_the_district_on_all():
    from sim.results.district_kpis import district_commitments, response_shares
    from sim.results.verdicts import judge

    scenario = load_scenario("scenarios/portfolios/district_east.yaml", ["calendar.horizon_days=4",
                                                                         "calendar.warmup_days=1"])
    logs = [SiteModel(scenario, scenario.seed, rep).run() for rep in range(3)]
    target_min = scenario.targets.field.response["emergency"].within_min
    horizon, warmup = scenario.calendar.horizon_days * DAY_S, scenario.calendar.warmup_days * DAY_S
    for log in logs:
        (groups,) = response_shares(log, scenario).values()
        assert set(groups) == set(scenario.sites) | {"district"}
        for stream, (good, late) in groups["district"].items():  # the district is the sum of its sites
            assert (good, late) == tuple(sum(groups[s].get(stream, (0, 0))[i] for s in scenario.sites) for i in (0, 1))
            pooled = field_kpis(log.field, scenario, horizon, warmup)[
                next(k for k in field_kpis(log.field, scenario, horizon, warmup)
                     if k.stream == stream and k.metric == "response_within_target")]
            assert good / (good + late) == pytest.approx(pooled)
        for f in log.field:  # an emergency counts at its own site: on time if on site within the target
            mine = [t for t in f.tasks if t.kind == "work_order" and t.priority == EMERGENCY and t.created_s >= warmup
                    and t.meta["source"].startswith("call.")]
            on_time = sum(1 for t in mine if t.on_site_s - t.created_s <= target_min * MINUTE_S)
            assert groups[f.site].get("work_orders.emergency", (0, 0))[0] == on_time
    rows = district_commitments(logs, scenario)
    assert {(r.site, r.stream) for r in rows} >= {(s, "work_orders.routine") for s in scenario.sites}
    for r in rows:
        assert r.verdict == judge(">=", r.target_share, r.low, r.high, r.mean)


def test_the_nearest_free_district_person_goes():
    """Two shared technicians based at a, site b's own technician kept busy: the first order at b
    takes one of them there; the next order at b goes to that one, already at b (in-site travel
    only), not to the one at a's office."""
    scenario, model, a, b = two_sites(False, mobile_people=2)
    first, second = (40.0, 60.0), (250.0, 120.0)
    opened = {}
    b.env.timeout(0.5 * HOUR_S).callbacks.append(lambda _e: b.work_orders.open("test", 2, "general", 20 * HOUR_S, (0.0, 0.0)))
    b.env.timeout(HOUR_S).callbacks.append(lambda _e: opened.update(first=b.work_orders.open(
        "test", EMERGENCY, "general", 10 * MINUTE_S, first)))
    b.env.timeout(3 * HOUR_S).callbacks.append(lambda _e: opened.update(second=b.work_orders.open(
        "test", EMERGENCY, "general", 10 * MINUTE_S, second)))
    model.run()
    inside = b.teams["technicians"].travel
    assert opened["first"].on_site_s - HOUR_S == pytest.approx(
        BetweenSites().minutes(2.0, "e_bike") * MINUTE_S + inside.time_s(b.geometry.office, first))
    assert opened["second"].on_site_s - 3 * HOUR_S == pytest.approx(inside.time_s(first, second))
    people = model.districts[0].teams["mobile"].people
    assert len(people) == 2 and sorted(p.location[0] for p in people) == ["a", "b"]
