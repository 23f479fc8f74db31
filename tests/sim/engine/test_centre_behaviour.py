"""The contact centre's rules: rosters, breaks and overtime, routing, priorities, follow-ups,
several sites on one centre, and the warm-up."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from sim import load_scenario, simulate
from sim.engine.contact_centre import ANSWERED, KIND_INDEX, ContactCentre
from sim.scenario.loader import deep_merge
from sim.results.centre_kpis import busy_seconds, present_seconds
from sim.scenario.shift_instances import agents_on_duty, shift_instances
from sim.units import DAY_S, HOUR_S

Z99 = stats.norm.ppf(0.995)


def make(changes: dict | None = None):
    base = {
        "name": "t",
        "calendar": {"start_date": "2026-01-05", "horizon_days": 5},
        "sites": {"a": {"households": 1000}},
        "demand": {"calls": {"c": {"rate_per_hour": 6, "handle_time_s": {"dist": "exponential", "mean": 120}}}},
        "centre": {"pools": {"desk": {"skills": ["calls"], "opening_hours": None,
                                       "roster": {"shifts": {"day": {"start": "08:00", "length_h": 8, "agents": 1}}}}}},
    }
    return load_scenario(deep_merge(base, changes or {}))


def answer_times(log, kind="calls"):
    m = (log.outcome == ANSWERED) & (log.kind == KIND_INDEX[kind])
    return log.arrival_s[m] + log.wait_s[m]


def test_agents_start_work_only_on_shift_and_finish_what_they_hold():
    scenario = make({"demand": {"calls": {"c": {"rate_per_hour": 20, "handle_time_s": {"dist": "exponential", "mean": 600}}}}})
    log = ContactCentre(scenario, 1, 0).run()
    clock = answer_times(log) % DAY_S
    assert clock.min() >= 8 * HOUR_S and clock.max() < 16 * HOUR_S
    # Overloaded: the agent is busy at 16:00 every day and works on; overtime is measured.
    assert log.overtime_s[0] > 0
    finish = answer_times(log) + log.handle_s[(log.outcome == ANSWERED)]
    days = np.arange(5)
    last_finish = [finish[(finish > d * DAY_S + 8 * HOUR_S) & (finish < (d + 1) * DAY_S)].max() for d in days]
    expected = sum(max(f - (d * DAY_S + 16 * HOUR_S), 0.0) for d, f in zip(days, last_finish))
    assert log.overtime_s[0] == pytest.approx(expected)


def test_breaks_take_agents_off_and_present_time_is_exact():
    scenario = make({"centre": {"pools": {"desk": {"roster": {"shifts": {"day": {
        "agents": 2, "breaks": [{"after_h": 3, "length_min": 45, "stagger_min": 60}]}}}}}},
        "demand": {"calls": {"c": {"rate_per_hour": 0.5, "handle_time_s": {"dist": "deterministic", "value": 1}}}}})
    log = ContactCentre(scenario, 2, 0).run()
    present = present_seconds(log, 0, np.array([0.0, log.horizon_s]))[0]
    instances = shift_instances("desk", scenario.centre.pools["desk"], scenario.calendar)
    grid = np.arange(0, log.horizon_s, 1.0)
    rostered = agents_on_duty(instances, grid).sum()  # 1-second grid, breaks excluded
    # Present = rostered time without breaks, plus seconds of overtime and late breaks (1 s jobs).
    assert abs(present - rostered) <= 2 * 5 * 3 + log.overtime_s[0]
    assert rostered == pytest.approx(5 * 2 * (8 * HOUR_S - 45 * 60), abs=2)
    # Nobody starts work during a nominal break while the other agent is also away.
    clock = answer_times(log) % DAY_S
    both_away = (clock >= 11 * HOUR_S + 3600) & (clock < 11 * HOUR_S + 45 * 60)
    assert not both_away.any()


def test_shift_running_past_midnight_covers_the_first_morning():
    scenario = make({"centre": {"pools": {"desk": {"roster": {"shifts": {"day": None, "night": {
        "start": "22:00", "length_h": 8, "agents": 1}}}}}}})
    log = ContactCentre(scenario, 3, 0).run()
    clock = answer_times(log) % DAY_S
    assert ((clock < 6 * HOUR_S) | (clock >= 22 * HOUR_S)).all()
    assert (answer_times(log) < 6 * HOUR_S).any(), "the shift begun the evening before the start works day 0"


def test_remote_operations_are_served_before_calls():
    scenario = make({
        "demand": {"remote_ops": {"gate": {"rate_per_hour": 12, "handle_time_s": {"dist": "exponential", "mean": 120}}},
                   "calls": {"c": {"rate_per_hour": 12}}},
        "centre": {"pools": {"desk": {"skills": ["calls", "remote_ops"], "roster": {"shifts": {"day": {
            "start": "00:00", "length_h": 24, "agents": 1}}}}}},
        "calendar": {"horizon_days": 20}, "targets": {"calls": None, "remote_ops": None},
    })
    result = simulate(scenario, replications=3)
    table = result.kpi_table().set_index(["stream", "metric"])
    gate, call = table.loc[("remote_ops", "mean_wait_s")], table.loc[("calls", "mean_wait_s")]
    assert gate["ci_high"] < call["ci_low"] / 2


def test_specialists_are_used_before_generalists():
    scenario = make({
        "demand": {"remote_ops": {"gate": {"rate_per_hour": 2, "handle_time_s": {"dist": "exponential", "mean": 60}}}},
        "centre": {"pools": {
            "desk": {"skills": ["calls", "remote_ops"]},
            "phones": {"skills": ["calls"], "opening_hours": None,
                       "roster": {"shifts": {"day": {"start": "08:00", "length_h": 8, "agents": 2}}}}}},
        "targets": {"remote_ops": None},
    })
    log = ContactCentre(scenario, 4, 0).run()
    # Routing applies when a call arrives and finds free agents (the overnight backlog is
    # shared by whoever comes on duty at 08:00).
    calls = (log.kind == KIND_INDEX["calls"]) & (log.outcome == ANSWERED) & (log.wait_s == 0)
    by_phones = (log.pool[calls] == log.pool_names.index("phones")).mean()
    assert by_phones > 0.9


def test_escalations_and_return_visits_follow_handled_calls():
    scenario = make({
        "demand": {"calls": {"c": {
            "rate_per_hour": 30, "escalate_share": 0.3,
            "expert_handle_time_s": {"dist": "exponential", "mean": 300},
            "return_visit": {"share": 1.0, "delay_h": {"dist": "deterministic", "value": 1},
                             "deadline_h": 24, "handle_time_s": {"dist": "deterministic", "value": 60}}}}},
        "centre": {"pools": {
            "desk": {"skills": ["calls", "return_visits"], "roster": {"shifts": {"day": {
                "start": "00:00", "length_h": 24, "agents": 10}}}},
            "experts": {"skills": ["expert"], "opening_hours": None, "roster": {"shifts": {"day": {
                "start": "00:00", "length_h": 24, "agents": 6}}}}}},
    })
    log = ContactCentre(scenario, 5, 0).run()
    call = (log.kind == KIND_INDEX["calls"]) & (log.outcome == ANSWERED)
    finish = log.arrival_s[call] + log.wait_s[call] + log.handle_s[call]
    # Every expert transfer starts when a call finishes; about 30% of finished calls escalate.
    expert_arrivals = log.arrival_s[log.kind == KIND_INDEX["expert"]]
    assert np.isin(expert_arrivals, finish).all()
    n = len(finish[finish < log.horizon_s])
    share = len(expert_arrivals) / n
    assert abs(share - 0.3) <= Z99 * math.sqrt(0.3 * 0.7 / n)
    # Every finished call owes a return visit due exactly one hour later, with a 24 h deadline.
    visits = log.kind == KIND_INDEX["return_visits"]
    due = np.sort(finish[finish + HOUR_S < log.horizon_s] + HOUR_S)
    np.testing.assert_allclose(np.sort(log.arrival_s[visits]), due)
    np.testing.assert_allclose(log.deadline_s[visits], log.arrival_s[visits] + 24 * HOUR_S)


def test_ticket_deadlines_count_night_tickets_late():
    """Tickets are worked 08:00–16:00 only; with a 2 h deadline, those arriving after 16:00 or
    before about 06:00 cannot be done in time, and the KPI agrees with the records."""
    scenario = make({
        "demand": {"calls": None, "tickets": {"app": {"rate_per_hour": 4, "deadline_h": 2,
                                                     "handle_time_s": {"dist": "deterministic", "value": 60}}}},
        "centre": {"pools": {"desk": {"skills": ["tickets"], "roster": {"shifts": {"day": {"agents": 2}}}}}},
        "calendar": {"horizon_days": 10}, "targets": {"calls": None},
    })
    result = simulate(scenario, replications=3, keep_logs=True)
    for r in result.results:
        log = r.log
        m = log.kind == KIND_INDEX["tickets"]
        finish = log.arrival_s[m] + log.wait_s[m] + log.handle_s[m]
        answered = log.outcome[m] == ANSWERED
        on_time = answered & (finish <= log.deadline_s[m])
        late = (answered & (finish > log.deadline_s[m])) | (~answered & (log.deadline_s[m] <= log.horizon_s))
        assert r.kpis[next(k for k in r.kpis if k.stream == "tickets" and k.metric == "on_time_rate")] == pytest.approx(
            on_time.sum() / (on_time.sum() + late.sum()))
        clock = log.arrival_s[m] % DAY_S
        assert not on_time[(clock < 5.9 * HOUR_S) | (clock > 16 * HOUR_S)].any()
        assert on_time[(clock > 8 * HOUR_S) & (clock < 13 * HOUR_S)].mean() > 0.95


def test_several_sites_share_one_centre_in_proportion_to_households():
    scenario = make({"sites": {"a": {"households": 1000}, "b": {"households": 3000}},
                     "demand": {"calls": {"c": {"rate_per_hour": None, "rate_per_household_per_day": 0.01}}},
                     "centre": {"pools": {"desk": {"roster": {"shifts": {"day": {"agents": 3}}}}}},
                     "calendar": {"horizon_days": 20}})
    log = ContactCentre(scenario, 6, 0).run()
    site_b = (log.site == log.site_names.index("b")).mean()
    n = len(log.site)
    assert abs(site_b - 0.75) <= Z99 * math.sqrt(0.75 * 0.25 / n)
    expected = 4000 * 0.01 * 20
    assert abs(n - expected) <= Z99 * math.sqrt(expected)


def test_warm_up_is_discarded():
    scenario = make({"calendar": {"horizon_days": 10, "warmup_days": 4},
                     "centre": {"pools": {"desk": {"roster": {"shifts": {"day": {"start": "00:00", "length_h": 24, "agents": 2}}}}}}})
    result = simulate(scenario, replications=4)
    offered = result.replication_table().query("stream == 'calls' and metric == 'offered'")["value"]
    expected = 6 * 24 * 6  # 6 per hour over the 6 days after the warm-up
    z = stats.norm.ppf(1 - 0.01 / (2 * len(offered)))  # 1% family-wise over the replications
    for value in offered:
        assert abs(value - expected) <= z * math.sqrt(expected)
    occupancy = result.replication_table().query("stream == 'staff' and metric == 'occupancy'")["value"]
    busy_share = 6 * 120 / 3600 / 2
    assert occupancy.between(busy_share * 0.8, busy_share * 1.2).all()


def test_busy_time_is_never_more_than_present_time_in_any_hour():
    log = ContactCentre(load_scenario("scenarios/default.yaml", ["calendar.horizon_days=3"]), 7, 0).run()
    edges = np.arange(0, log.horizon_s + 1, HOUR_S)
    for pool in range(len(log.pool_names)):
        assert (busy_seconds(log, pool, edges) <= present_seconds(log, pool, edges) + 1e-6).all()
