"""A fixed post answering the centre's contacts in given hours (sim.scenario.field.PostCover):
routing by the hour a contact arises, the night queue against M/M/1, the scenario's checks, and
the planner's ``night_cover`` option (the desk's night shift given to the fire control room)
against the optimum found by enumeration."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy import stats

from planner.costs.team import cost_model
from planner.search.design import apply_design, design_options, initial_design, shift_days_by_group
from planner.search.optimise import Evaluator, optimise, settle_rep_days
from sim import load_scenario
from sim.engine.contact_centre import ANSWERED, KIND_INDEX, ContactCentre
from sim.results.centre_kpis import kpi_targets
from sim.scenario.errors import ScenarioError
from sim.scenario.loader import deep_merge
from sim.units import DAY_S, HOUR_S

NIGHT = {"kinds": ["calls"], "hours": [["23:00", "07:00"]]}


def site(changes: dict | None = None):
    """A traditional site: a desk 07:00–23:00, a fire control room around the clock (two a
    shift) that checks alarms and, with ``covers``, takes the hotline at night."""
    base = {
        "name": "cover", "operating_model": "traditional", "replications": 3, "seed": 11,
        "calendar": {"start_date": "2026-01-05", "horizon_days": 4, "warmup_days": 0},
        "sites": {"s": {"households": 1000}},
        "demand": {"calls": {"c": {"rate_per_hour": 6, "handle_time_s": {"dist": "exponential", "mean": 120}}},
                   "remote_ops": {"alarm": {"rate_per_hour": 0.5, "handle_time_s": {"dist": "exponential", "mean": 60}}}},
        "centre": {"pools": {"desk": {"skills": ["calls", "remote_ops"], "opening_hours": None, "roster": {"shifts": {
            "early": {"start": "07:00", "length_h": 8, "agents": 1},
            "late": {"start": "15:00", "length_h": 8, "agents": 1}}}}}},
        "field": {"posts": {"room": {"kind": "fire_control", "handles": ["remote_ops.alarm"], "covers": NIGHT,
                                     "roster": {"shifts": {
                                         "day": {"start": "08:00", "length_h": 8, "agents": 2},
                                         "evening": {"start": "16:00", "length_h": 8, "agents": 2},
                                         "night": {"start": "00:00", "length_h": 8, "agents": 2}}}}}},
    }
    return load_scenario(deep_merge(base, changes or {}))


def test_contacts_arising_in_the_cover_hours_go_to_the_post_and_the_rest_to_the_desk():
    scenario = site()
    log = ContactCentre(scenario, 1, 0).run()
    desk, room = log.pool_names.index("desk"), log.pool_names.index("s/room")
    calls = (log.kind == KIND_INDEX["calls"]) & (log.outcome == ANSWERED)
    clock = log.arrival_s[calls] % DAY_S
    night = (clock >= 23 * HOUR_S) | (clock < 7 * HOUR_S)
    assert night.any() and (~night).any()
    assert (log.pool[calls][night] == room).all()
    # By day a call waits for the desk; one still waiting at 23:00 is answered by the desk's
    # overtime or stays in the desk's queue (it joined the queue when it arose).
    assert (log.pool[calls][~night] == desk).all()
    alarms = (log.kind == KIND_INDEX["remote_ops"]) & (log.outcome == ANSWERED)
    assert (log.pool[alarms] == room).all(), "the room handles its own alarms at every hour"
    # Conservation: every call has exactly one record.
    assert int((log.kind == KIND_INDEX["calls"]).sum()) == log.arrived[KIND_INDEX["calls"]]


def test_the_night_queue_is_an_m_m_1_queue_of_the_covered_calls():
    """The room (one person on at night, nothing else to do) answers the night's Poisson calls
    with exponential handling: the share that waits is ρ = λ/μ (M/M/1), judged per night on a
    99% interval (the nights are independent: the queue empties in minutes)."""
    rate_h, mean_s = 6.0, 120.0
    scenario = site({"calendar": {"horizon_days": 60},
                     "demand": {"remote_ops": {"alarm": {"rate_per_hour": 0}}},
                     "field": {"posts": {"room": {"kind": "other", "roster": {"shifts": {
                         "evening": {"agents": 1}, "night": {"agents": 1}, "day": {"agents": 1}}}}}}})
    log = ContactCentre(scenario, 2, 0).run()
    calls = (log.kind == KIND_INDEX["calls"]) & (log.outcome == ANSWERED)
    arrival = log.arrival_s[calls]
    # 00:00-07:00 (the room's night shift alone; 23:00-24:00 has the evening shift's end)
    clock = arrival % DAY_S
    inside = (clock >= 0.5 * HOUR_S) & (clock < 7 * HOUR_S)
    waited = log.wait_s[calls][inside] > 0
    night_of = (arrival[inside] // DAY_S).astype(int)
    shares = np.array([waited[night_of == d].mean() for d in np.unique(night_of)])
    rho = rate_h * mean_s / HOUR_S
    half = stats.t.ppf(0.995, len(shares) - 1) * shares.std(ddof=1) / np.sqrt(len(shares))
    assert abs(shares.mean() - rho) <= half, (shares.mean(), rho, half)


def test_a_cover_naming_no_contact_kind_is_refused_naming_the_field():
    with pytest.raises(ScenarioError, match=r"field\.posts\.room\.covers\.kinds\.0.*'phone' is neither a contact kind"):
        site({"field": {"posts": {"room": {"covers": {"kinds": ["phone"]}}}}})
    with pytest.raises(ScenarioError, match=r"field\.posts\.room\.handles\.0.*'remote_ops\.gate' is neither"):
        site({"field": {"posts": {"room": {"handles": ["remote_ops.gate"]}}}})
    with pytest.raises(ScenarioError, match="covers"):
        site({"field": {"posts": {"room": {"covers": {"hours": [["25:00", "07:00"]]}}}}})


# ----------------------------------------------------------------------------- the option

def option_site(night_rate_per_hour: float, room_alarms_per_hour: float):
    """The desk with a 07:00–23:00 day and a 23:00–07:00 night shift, and a fire control room
    (two a shift, one alarm check at a time each) without a cover: the option gives the desk's
    night to the room. Calls are few at night (``night_rate_per_hour``)."""
    profile = [night_rate_per_hour / 6.0] * 7 + [1.0] * 16 + [night_rate_per_hour / 6.0]
    return site({
        "calendar": {"horizon_days": 3},
        "demand": {"profiles": {"day_night": {"hour_of_day": profile}},
                   "calls": {"c": {"profile": "day_night", "patience_s": {"dist": "exponential", "mean": 300}}},
                   "remote_ops": {"alarm": {"rate_per_hour": room_alarms_per_hour,
                                            "handle_time_s": {"dist": "exponential", "mean": 900}}}},
        "centre": {"pools": {"desk": {"skills": ["calls", "remote_ops"], "opening_hours": {}, "roster": {"shifts": {
            "early": {"start": "07:00", "length_h": 8, "agents": 2},
            "late": {"start": "15:00", "length_h": 8, "agents": 2},
            "night": {"start": "23:00", "length_h": 8, "agents": 1}}}}}},
        "field": {"posts": {"room": {"covers": None}}},
        "targets": {"calls": {"answer_within_s": 60, "service_level": 0.8, "max_abandon_rate": None},
                    "remote_ops": None, "expert": None, "tickets": None, "return_visits": None, "response": None,
                    "staff": None},
    })


def test_the_option_takes_the_desks_night_shift_off_the_budget_and_covers_its_hours():
    scenario = option_site(1.0, 0.1)
    options = design_options(scenario)
    assert [o.name for o in options] == ["night_cover:desk>room"]
    design = initial_design(scenario)
    on = design.switch(options[0].name, True)
    applied = apply_design(scenario, on, options)
    assert list(applied.centre.pools["desk"].roster.shifts) == ["early", "late"]
    assert applied.field.posts["room"].covers.kinds == ["calls", "remote_ops"]  # the room's own alarms stay routed to it
    assert applied.field.posts["room"].covers.hours == [("23:00", "07:00")]
    before = shift_days_by_group(design, scenario, options)[("pool", "desk")][1]
    after = shift_days_by_group(on, scenario, options)[("pool", "desk")][1]
    assert before - after == pytest.approx(7.0)  # the night's one person, seven nights of 8 h


@pytest.mark.parametrize("room_alarms_per_hour, chosen", [(0.1, True), (12.0, False)])
def test_the_night_cover_option_is_chosen_exactly_when_it_saves_and_keeps_the_commitments(room_alarms_per_hour, chosen):
    """By enumeration over the desk's head counts with and without the option: the option is
    chosen exactly when the cheapest design meeting the target uses it (a busy room, its two
    people taken by long alarm checks, cannot answer the night's calls in time)."""
    scenario = option_site(1.0, room_alarms_per_hour)
    options = design_options(scenario)
    evaluate = Evaluator(scenario, 3, scenario.seed, pool=None, targets=kpi_targets(scenario, ["desk"]),
                         options=options, costs=cost_model(scenario), count=[0], judge="mean",
                         settle_rep_days=settle_rep_days(scenario, 3))
    base = initial_design(scenario)

    def best(on: bool):
        found = None
        for early, late, night in itertools.product(range(0, 3), range(0, 3), range(0, 3)):
            roster = base.roster("centre.pools.desk")
            for name, count in (("early", early), ("late", late), ("night", night)):
                roster["shifts"][name]["agents"] = count
            trial = evaluate(base.replace("centre.pools.desk", roster).switch(options[0].name, on))
            if trial is not None and trial.feasible and (found is None or trial.cost_yuan < found.cost_yuan - 1e-6):
                found = trial
        return found

    without, with_cover = best(False), best(True)
    assert without is not None
    assert (with_cover is not None and with_cover.cost_yuan < without.cost_yuan - 1e-6) == chosen
    result = optimise(scenario, replications=3, search_days=None, verify_replications=3, screen_replications=0,
                      moves=frozenset({"add", "remove"}))
    report = result.options["night_cover:desk>room"]
    assert report["chosen"] == chosen
    assert ("night_cover:desk>room" in result.design.options) == chosen
    best_cost = with_cover.cost_yuan if chosen else without.cost_yuan
    assert result.search.cost_yuan == pytest.approx(best_cost, abs=0.01)
    if chosen:
        assert "night" not in result.scenario.centre.pools["desk"].roster.shifts
        assert result.scenario.field.posts["room"].covers is not None
