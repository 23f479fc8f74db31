"""Field operations against theory and against their own books.

* With (almost) no travel and exponential work, the work-order queue is M/M/n (Erlang C), and
  with two priorities, non-preemptive priority M/M/n (Cobham); work orders arrive as the
  departures of an uncongested call stream (M/M/∞ output is Poisson, Burke's theorem).
* Without incidents, patrol rounds happen exactly on schedule.
* The travel model agrees with the geometry of uniform points in a square.
* Work orders are conserved (created = closed + open), and every second of every person's
  shift is idle, on a break, travelling or working (staff-time conservation).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from planner.queueing.erlang import ErlangC, priority_mean_waits_s
from sim import load_scenario, simulate
from sim.field.geometry import MEAN_EUCLIDEAN_UNIT_SQUARE, MEAN_RECTILINEAR_UNIT_SQUARE, Travel, square_site
from sim.scenario.loader import deep_merge
from sim.running.replication import SiteModel
from sim.units import DAY_S, HOUR_S, MINUTE_S

FAMILY_ALPHA = 0.01


def interval(values, comparisons: int) -> tuple[float, float]:
    x = np.asarray(values, dtype=float)
    half = stats.t.ppf(1 - FAMILY_ALPHA / (2 * comparisons), len(x) - 1) * x.std(ddof=1) / math.sqrt(len(x))
    return x.mean() - half, x.mean() + half


def work_order_queue(changes: dict | None = None):
    """Calls (plenty of agents) open work orders for three technicians working around the clock
    at one point (no travel): M/M/3 with λ = 4/h and mean work 30 min."""
    base = {
        "name": "wo_mmn",
        "replications": 6,
        "calendar": {"horizon_days": 30, "warmup_days": 2},
        "sites": {"s": {"households": 0, "land_area_m2": 1.0, "vacant_share": 0}},
        "demand": {"calls": {"repair": {"rate_per_hour": 4, "handle_time_s": {"dist": "exponential", "mean": 60}}}},
        "centre": {"pools": {"desk": {"skills": ["calls"], "roster": {"shifts": {"all": {"start": "00:00", "length_h": 24, "agents": 30}}}}}},
        "field": {
            "travel": {"walking_speed_m_per_s": 1e9, "access_s": 0},
            "teams": {"technicians": {"role": "technician", "skills": ["general"], "roster": {"shifts": {
                "all": {"start": "00:00", "length_h": 24, "agents": 3}}}}},
            "work_orders": {"vacant_checks_per_week": 0, "from_calls": {"repair": {
                "priority": "routine", "work_time_min": {"dist": "exponential", "mean": 30}}}},
        },
    }
    return load_scenario(deep_merge(base, changes or {}))


def order_waits(result, label_prefix="call.") -> list[dict[str, np.ndarray]]:
    """Per replication: response times (s) of work orders by priority, created after warm-up."""
    out = []
    for r in result.results:
        log = r.log
        tasks = [t for f in log.field for t in f.tasks if t.kind == "work_order" and t.created_s >= log.warmup_s
                 and not math.isnan(t.on_site_s)]
        by = {}
        for t in tasks:
            by.setdefault(t.priority, []).append(t.on_site_s - t.created_s)
        out.append({p: np.array(v) for p, v in by.items()})
    return out


def test_work_orders_queue_like_erlang_c():
    result = simulate(work_order_queue(), keep_logs=True)
    waits = [w[2] for w in order_waits(result)]
    theory = ErlangC(arrival_rate_per_s=4 / HOUR_S, mean_handle_s=30 * MINUTE_S, agents=3)
    checks = {"mean wait": ([w.mean() for w in waits], theory.mean_wait_s),
              "P(wait)": ([(w > 1e-6).mean() for w in waits], theory.p_wait)}
    for what, (values, expected) in checks.items():
        low, high = interval(values, len(checks))
        assert low <= expected <= high, f"{what}: Erlang C {expected:.4g} outside [{low:.4g}, {high:.4g}]"
    # Power: one technician more would be rejected.
    wrong = ErlangC(arrival_rate_per_s=4 / HOUR_S, mean_handle_s=30 * MINUTE_S, agents=4).mean_wait_s
    low, high = interval(checks["mean wait"][0], 2)
    assert not (low <= wrong <= high)


def test_work_order_priorities_match_cobham():
    scenario = work_order_queue({
        "demand": {"calls": {"urgent_repair": {"rate_per_hour": 1.5, "handle_time_s": {"dist": "exponential", "mean": 60}},
                             "repair": {"rate_per_hour": 2.5}}},
        "field": {"work_orders": {"from_calls": {"urgent_repair": {
            "priority": "urgent", "work_time_min": {"dist": "exponential", "mean": 30}}}}},
    })
    result = simulate(scenario, keep_logs=True)
    per_rep = order_waits(result)
    expected = priority_mean_waits_s([1.5 / HOUR_S, 2.5 / HOUR_S], 30 * MINUTE_S, 3)
    for priority, theory in zip((1, 2), expected):
        low, high = interval([w[priority].mean() for w in per_rep], 2)
        assert low <= theory <= high, f"priority {priority}: Cobham {theory:.4g} outside [{low:.4g}, {high:.4g}]"


def patrol_site(changes: dict | None = None):
    base = {
        "name": "patrol",
        "calendar": {"horizon_days": 3},
        "sites": {"s": {"households": 0, "land_area_m2": 40000, "vacant_share": 0}},
        "demand": {"calls": {}},
        "centre": {"pools": {"desk": {"skills": ["calls"], "roster": {"shifts": {"all": {"start": "00:00", "length_h": 24, "agents": 1}}}}}},
        "targets": {"calls": None},
        "field": {
            "teams": {"guards": {"role": "guard", "roster": {"shifts": {"all": {"start": "00:00", "length_h": 24, "agents": 1}}}}},
            "work_orders": {"vacant_checks_per_week": 0},
            "patrols": {"loop": {"checkpoints": 8, "check_s": {"dist": "deterministic", "value": 30},
                                 "schedule": [{"start": "00:00", "end": "24:00", "every_h": 1}]}},
        },
    }
    return load_scenario(deep_merge(base, changes or {}))


def test_patrol_rounds_happen_exactly_as_scheduled_without_incidents():
    scenario = patrol_site()
    log = SiteModel(scenario, 1, 0).run()
    f = log.field[0]
    rounds = [t for t in f.tasks if t.kind == "patrol_round"]
    assert f.patrol_required["loop"] == 72 == len(rounds)
    assert all(not math.isnan(t.done_s) for t in rounds) and f.patrol_missed["loop"] == 0
    assert [t.created_s for t in rounds] == [h * HOUR_S for h in range(72)]
    # Within a shift the guard starts every round from the same place, so every checkpoint is
    # visited exactly once an hour (the first round of each day starts from the office).
    for visits in f.checkpoint_visits["loop"]:
        v = np.asarray(visits)
        same_day = (v[1:] // 86400) == (v[:-1] // 86400)
        after_first_round = v[:-1] % 86400 >= HOUR_S
        np.testing.assert_allclose(np.diff(v)[same_day & after_first_round], HOUR_S, atol=1e-6)


def test_incidents_take_guards_off_rounds_which_resume():
    scenario = patrol_site({"field": {"incidents": {"dispute": {"rate_per_day": 12, "handle_time_min": {"dist": "deterministic", "value": 10}}}}})
    model = SiteModel(scenario, 2, 0)
    log = model.run()
    f = log.field[0]
    rounds = [t for t in f.tasks if t.kind == "patrol_round"]
    incidents = [t for t in f.tasks if t.kind == "incident"]
    assert len(incidents) > 10
    assert model.fields[0].teams["guards"].preemptions > 0, "incidents must interrupt rounds"
    # Interrupted rounds take longer, yet each completed checkpoint leg is exactly one visit:
    # rounds resume where they stopped, nothing is skipped or visited twice.
    durations = np.array([t.done_s - t.on_site_s for t in rounds if not math.isnan(t.done_s)])
    assert durations.max() > durations.min() + 9 * MINUTE_S
    assert sum(len(v) for v in f.checkpoint_visits["loop"]) == sum(t.leg_index for t in rounds)
    # Incidents are never preempted: each is handled in one go once the guard arrives.
    for t in incidents:
        if not math.isnan(t.done_s):
            assert t.done_s - t.on_site_s == pytest.approx(10 * MINUTE_S)


def test_mean_distance_matches_uniform_points_in_a_square():
    rng = np.random.default_rng(11)
    area = 90000.0
    side = math.sqrt(area)
    a, b = rng.uniform(0, side, (20000, 2)), rng.uniform(0, side, (20000, 2))
    for metric, constant in (("euclidean", MEAN_EUCLIDEAN_UNIT_SQUARE), ("rectilinear", MEAN_RECTILINEAR_UNIT_SQUARE)):
        travel = Travel(1.0, metric)
        d = np.array([travel.distance_m(tuple(p), tuple(q)) for p, q in zip(a, b)])
        half = stats.norm.ppf(1 - 0.01 / 4) * d.std(ddof=1) / math.sqrt(len(d))
        assert abs(d.mean() - constant * math.sqrt(area)) <= half, metric
    assert MEAN_EUCLIDEAN_UNIT_SQUARE == pytest.approx(0.5214, abs=1e-4)


@pytest.mark.parametrize("zones", [1, 2, 3, 4, 5, 7, 12])
def test_zones_tile_the_site_with_equal_areas(zones):
    site = square_site(10000.0, [f"z{i}" for i in range(zones)])
    areas = [(z.x1 - z.x0) * (z.y1 - z.y0) for z in site.zones]
    np.testing.assert_allclose(areas, 10000.0 / zones)
    rng = np.random.default_rng(zones)
    for x, y in rng.uniform(0, 100, (500, 2)):
        assert sum(z.x0 <= x < z.x1 and z.y0 <= y < z.y1 for z in site.zones) == 1


@pytest.fixture(scope="module")
def default_logs():
    scenario = load_scenario("scenarios/default.yaml", ["calendar.horizon_days=10"])
    return scenario, [SiteModel(scenario, 3, rep).run() for rep in range(2)]


def test_work_orders_are_conserved(default_logs):
    _, logs = default_logs
    for log in logs:
        orders = [t for f in log.field for t in f.tasks if t.kind == "work_order"]
        closed = [t for t in orders if not math.isnan(t.done_s)]
        still_open = [t for t in orders if math.isnan(t.done_s)]
        assert len(orders) == len(closed) + len(still_open) and len(closed) > 100
        assert all(t.done_s >= t.on_site_s >= t.created_s for t in closed)
        # Every call that opens work orders did so: repair, emergency and booking calls handled.
        sources = {t.meta["source"] for t in orders}
        assert {"call.repair_report", "vacant_check", "patrol_fault"} <= sources


def test_backlog_counter_agrees_with_the_open_orders():
    scenario = load_scenario("scenarios/default.yaml", ["calendar.horizon_days=5"])
    model = SiteModel(scenario, 9, 0)
    log = model.run()
    site = model.fields[0]
    assert site.open_orders == sum(1 for t in site.tasks if t.kind == "work_order" and math.isnan(t.done_s))
    assert len(log.field[0].backlog_end_of_day) == 5 and min(log.field[0].backlog_end_of_day) >= 0


def test_staff_time_adds_up_to_time_on_duty(default_logs):
    scenario, logs = default_logs
    horizon = scenario.calendar.horizon_days * 86400
    for log in logs:
        for f in log.field:
            for name, totals in f.team_time_s.items():
                assert set(totals) <= {"idle", "break"} | {k for k in totals if k.startswith(("work:", "travel:"))}
        model = SiteModel(scenario, 3, 0)
        model.run()
        for team in model.fields[0].teams.values():
            for person in team.people:
                left = person.left_s if not math.isnan(person.left_s) else horizon
                assert sum(person.time_s.values()) == pytest.approx(left - person.start_s, abs=1e-6)
                assert person.overtime_s >= 0
        break


def test_closed_repairs_owe_return_visits_to_the_centre(default_logs):
    _, logs = default_logs
    for log in logs:
        repairs = [t for f in log.field for t in f.tasks if t.kind == "work_order" and t.meta["call_type"] == "repair_report"
                   and not math.isnan(t.done_s)]
        closes = np.sort([t.done_s for t in repairs])
        label = log.type_labels.index("return_visits.repair_report")
        visits = np.sort(log.arrival_s[log.type_index == label])
        # Each return visit falls due exactly when a repair work order closed, and is placed then, or
        # at 09:00 when it closed outside the calling hours (09:00–20:00); one whose 09:00 lies
        # past the horizon is not placed yet.
        day, clock = np.floor(closes / 86400.0), closes % 86400.0
        placed = np.where((clock >= 9 * 3600) & (clock < 20 * 3600), closes,
                          np.where(clock < 9 * 3600, day * 86400 + 9 * 3600, (day + 1) * 86400 + 9 * 3600))
        placed = np.sort(placed[placed < log.horizon_s])
        assert len(visits) == len(placed) > 50  # every repair is followed up (share 1.0)
        np.testing.assert_array_equal(visits, placed)


def test_traditional_and_centralised_differ_only_in_the_switch():
    a = load_scenario("scenarios/default.yaml")
    b = load_scenario("scenarios/default_centralised.yaml")
    da, db = a.model_dump(), b.model_dump()
    assert da.pop("operating_model") == "traditional" and db.pop("operating_model") == "centralised"
    da.pop("name"), db.pop("name"), da.pop("description"), db.pop("description")
    da.pop("description_zh"), db.pop("description_zh")
    assert da == db
    ta = SiteModel(a, 4, 0).centre
    tb = SiteModel(b, 4, 0).centre
    assert [p.name for p in ta.pools] == ["service_desk", "experts", "cuihu/main_gate", "cuihu/car_park",
                                           "cuihu/monitoring_room"]
    assert [p.name for p in tb.pools] == ["service_desk", "experts"]


def test_butlers_with_a_trade_take_its_small_repairs_in_their_zone_while_on_shift():
    """Multi-skilled butlers (a butler team listing ``general`` among its skills): a routine or
    planned general order goes to its zone's butler only when one with at least an hour of the
    shift left (08:00-17:00 on the default site: dispatched by 16:00) can take it next; every
    other order, and every order of a site whose butlers list no trade, to the technicians."""
    from sim.field.team import ROUTINE
    from sim.field.work_orders import BUTLER_REPAIR_LEAD_S

    def orders(overrides):
        scenario = load_scenario("scenarios/default.yaml", ["calendar.horizon_days=7"] + overrides)
        return [t for rep in range(2) for f in SiteModel(scenario, 5, rep).run().field for t in f.tasks
                if t.kind == "work_order" and "dispatched_s" in t.meta], scenario

    plain, _ = orders([])
    assert plain and all(t.meta["team"] == "technicians" for t in plain)
    mixed, scenario = orders(["field.teams.butlers.skills=[general]"])
    site = SiteModel(scenario, 5, 0).fields[0]
    last_h = 17 - BUTLER_REPAIR_LEAD_S / 3600
    routine_in_hours = 0
    for order in mixed:
        hour = order.meta["dispatched_s"] % DAY_S / 3600
        small = order.priority >= ROUTINE and order.meta["trade"] == "general"
        routine_in_hours += order.priority == ROUTINE and small and 8 < hour < last_h
        if order.meta["team"].startswith("butlers:"):
            assert small and 8 <= hour <= last_h, (order.meta, hour)
            zone = site.geometry.zones[site.zone_of(order.legs[0].location)].name
            assert order.meta["team"] == f"butlers:{zone}"
        else:
            assert order.meta["team"] == "technicians"
    # a routine repair comes before a butler's visits and inspections: most in their hours are theirs
    assert sum(o.meta["team"].startswith("butlers:") for o in mixed if o.priority == ROUTINE) > 0.5 * routine_in_hours > 10
