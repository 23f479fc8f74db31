"""Property tests of the whole model with field operations: random valid scenarios (a small
contact centre and a random ``field`` section) load, simulate without crashing, and keep the
books of work orders, people's time, patrols, equipment and return visits.

Every generated scenario is small (one or two sites of up to 600 households, up to four days,
a few people per team) so that one example runs well under a second. Patrols, incidents and
butlers' duties may name a team that does not exist (and work orders a call type or remote
operation that does not): the loader must reject exactly those references, and the model,
given such a scenario anyway, must skip that work and never give it to someone else.

Besides the books, the runs are watched for preemption: a person may be taken off only
preemptible work (rounds, planned jobs, inspections, visits), and the time people spend working
must equal the work the tasks received (so no work is done twice, lost or restarted).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import distributions, floats, shift_breaks

from sim.engine.contact_centre import ANSWERED
from sim.scenario.errors import ScenarioError
from sim.results.field_kpis import DUTIES, field_kpis
from sim.field.team import PRIORITY_NAMES, Person
from sim.scenario.loader import load_scenario
from sim.results.centre_kpis import METRICS, KpiKey
from sim.running.replication import SiteModel
from sim.results.report import to_json
from sim.scenario.shift_instances import shift_instances
from sim.running.runner import simulate
from sim.scenario import CONTACT_KINDS, WEEKDAYS, Scenario
from sim.units import DAY_S, HOUR_S, MINUTE_S

EPS = 1e-6
TRADES = ("electrical", "plumbing", "general")
#: Site quantities that equipment, planned jobs and incidents may scale with (households left
#: out: one job or failure per household would make an example far too slow).
SMALL_QUANTITIES = ("lifts", "vehicle_gates", "pedestrian_gates", "cameras", "buildings", "pumps")
TEAM_NAMES = {"technician": "technicians", "guard": "guards", "butler": "butlers"}
MISSING_TEAM = "nobody"  # a team name no generated scenario defines
TASK_KINDS = {"work_order", "patrol_round", "incident",
              *(f"butler.{duty}" for duty in ("inspection", "visit", "walk_in", "follow_up", "return_visit"))}

SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# --------------------------------------------------------------------------- generators


def shares() -> st.SearchStrategy[float]:
    """A share, often exactly 0 or 1 (the cases with exact books)."""
    return st.one_of(st.just(0.0), st.just(1.0), floats(0, 1))


@st.composite
def clock(draw) -> str:
    return f"{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}"


@st.composite
def shift(draw, max_agents: int) -> dict:
    """A valid shift: random start and length, maybe some weekdays, breaks that fit."""
    length_h = draw(floats(0.25, 24))
    agents = draw(st.integers(0, max_agents))
    out = {"start": draw(clock()), "length_h": length_h, "agents": agents}
    if draw(st.integers(0, 3)) == 0:
        out["days"] = draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=7, unique=True))
    breaks = draw(shift_breaks(length_h, agents))
    if breaks:
        out["breaks"] = breaks
    return out


@st.composite
def roster(draw, max_agents: int = 3) -> dict:
    """1-3 random shifts; often one of them round the clock, so that people meet their work."""
    shifts = {f"shift{i}": draw(shift(max_agents)) for i in range(draw(st.integers(1, 3)))}
    if draw(st.integers(0, 2)) == 0:
        shifts["shift0"] = {"start": draw(clock()), "length_h": 24, "agents": draw(st.integers(1, max_agents))}
    return {"shifts": shifts}


def priorities() -> st.SearchStrategy[str]:
    """A priority, emergency half the time (emergencies preempt rounds, visits, planned work)."""
    return st.one_of(st.just("emergency"), st.sampled_from(PRIORITY_NAMES))


@st.composite
def trade_mix(draw) -> dict:
    if draw(st.booleans()):
        return {draw(st.sampled_from(TRADES)): 1.0}
    electrical = draw(floats(0, 1))
    plumbing = draw(floats(0, 1 - electrical))
    return {"electrical": electrical, "plumbing": plumbing, "general": max(0.0, 1 - electrical - plumbing)}


@st.composite
def patrol_window(draw) -> dict:
    """Whole-minute starts and quarter-hour intervals keep every due time a whole second, so
    the test's own schedule is exact. ``end`` may be before ``start`` (wraps midnight), equal to
    it (all day) or 24:00."""
    start = draw(clock())
    end = draw(st.one_of(clock(), st.just("24:00"), st.just(start)))
    return {"start": start, "end": end, "every_h": draw(st.integers(2, 32)) / 4}


@st.composite
def field_section(draw, calls: list[str], remote_ops: list[str]) -> dict:
    # Each role's team usually exists (under the name work refers to by default), sometimes a
    # second technician team (work orders go to the first with the trade); 0-3 teams in all.
    chosen = [(role, name) for role, name in TEAM_NAMES.items() if draw(st.integers(0, 3))]
    if len(chosen) < 3 and draw(st.booleans()):
        chosen.append(("technician", "technicians2"))
    teams = {}
    for role, name in draw(st.permutations(chosen)):
        # Random rosters leave hours uncovered: no round-the-clock check here (the loader's own
        # tests cover it; tests/planner/rostering/test_posts_and_crews.py).
        team = {"role": role, "opening_hours": None, "roster": draw(roster())}
        if role == "technician" and draw(st.booleans()):
            team["skills"] = list(TRADES)
        elif role == "technician" or draw(st.integers(0, 3)) == 0:
            team["skills"] = draw(st.lists(st.sampled_from(TRADES), max_size=3, unique=True))
        if draw(st.booleans()):
            team["travel_mode"] = draw(st.sampled_from(["walking", "cart"]))
        teams[name] = team
    # References to teams: any defined one, or a missing one (rejected by the loader; the model skips that work).
    team_ref = st.sampled_from([*teams, *teams, MISSING_TEAM])

    work_orders = {
        "dispatch_delay_min": draw(distributions(10)),
        "from_calls": {name: {"share": draw(shares()), "priority": draw(priorities()),
                              "trades": draw(trade_mix()), "work_time_min": draw(distributions(90))}
                       for name in draw(st.lists(st.sampled_from(calls), min_size=1, max_size=3, unique=True))
                       + (["unknown_call"] if draw(st.integers(0, 4)) == 0 else [])},
        "patrol_fault_share": draw(st.one_of(st.just(0.0), floats(0, 0.3))),
        "patrol_fault_work_min": draw(distributions(60)),
        "planned": {},
        "vacant_checks_per_week": draw(floats(0, 2)),
        "vacant_check_min": draw(distributions(15)),
        "parts_wait": {"share": draw(shares()), "delay_h": draw(distributions(24)),
                       "second_visit_min": draw(distributions(30))},
        "rework": {"share": draw(shares()), "delay_days": draw(distributions(2))},
    }
    for name in [f"job{i}" for i in range(draw(st.integers(0, 2)))]:
        job = {"every_days": draw(floats(0.5, 7)), "jobs": draw(floats(0.1, 2)), "start": draw(clock()),
               "trade": draw(st.sampled_from(TRADES)), "work_time_min": draw(distributions(90))}
        if draw(st.booleans()):
            job["per"] = draw(st.sampled_from(SMALL_QUANTITIES))
        work_orders["planned"][name] = job

    equipment = {}
    for name in [f"eq{i}" for i in range(draw(st.integers(0, 3)))]:
        eq = {"failures_per_unit_per_year": draw(st.one_of(st.just(0.0), floats(0, 2000))),
              "priority": draw(priorities()),
              "trade": draw(st.sampled_from([None, *TRADES])), "work_time_min": draw(distributions(120))}
        if draw(st.booleans()):
            eq["count"] = draw(floats(0, 8))
        else:
            eq["per"] = draw(st.sampled_from(SMALL_QUANTITIES))
        if eq["trade"] is None or draw(st.booleans()):
            eq["contractor_arrival_min"] = draw(distributions(60))
        equipment[name] = eq

    patrols = {}
    for name in [f"route{i}" for i in range(draw(st.integers(0, 2)))]:
        route = {"checkpoints": draw(st.integers(1, 10)), "check_s": draw(distributions(600)),
                 "schedule": draw(st.lists(patrol_window(), min_size=1, max_size=3))}
        if draw(st.integers(0, 2)) == 0:
            route["team"] = draw(team_ref)  # else the default, "guards"
        patrols[name] = route

    incidents = {}
    for name in [f"incident{i}" for i in range(draw(st.integers(0, 3)))]:
        source = draw(st.sampled_from(["rate_per_day", "per_unit", "remote_op"]))
        inc = {"handle_time_min": draw(distributions(30)), "priority": draw(priorities())}
        if source == "rate_per_day":
            inc["rate_per_day"] = draw(floats(0, 24))
        elif source == "per_unit":
            inc["rate_per_unit_per_year"] = draw(floats(0, 300))
            inc["per"] = draw(st.sampled_from(SMALL_QUANTITIES))
        else:
            inc["from_remote_op"] = draw(st.sampled_from(remote_ops)) if remote_ops and draw(st.integers(0, 4)) else "unknown_op"
            inc["verified_share"] = draw(shares())
        if draw(st.integers(0, 2)) == 0:
            inc["team"] = draw(team_ref)  # else the default, "guards"
        incidents[name] = inc

    out = {"travel": {"walking_speed_m_per_s": draw(floats(0.5, 2)), "cart_speed_m_per_s": draw(floats(2, 8)),
                      "metric": draw(st.sampled_from(["rectilinear", "euclidean"])),
                      "circuity": draw(floats(1, 1.6)), "access_s": draw(floats(0, 120))},
           "teams": teams, "work_orders": work_orders, "equipment": equipment, "patrols": patrols,
           "incidents": incidents}
    if draw(st.integers(0, 3)):
        out["butlers"] = {
            "team": draw(st.one_of(st.just("butlers"), team_ref)),
            "inspection_checkpoints": draw(st.integers(1, 12)),
            "inspection_check_min": draw(distributions(5)),
            "inspection_start": draw(clock()),
            "visits_per_household_per_month": draw(floats(0, 2)),
            "visit_min": draw(distributions(30)),
            "visit_hours": [draw(clock()), draw(clock())],
            "walk_ins_per_household_per_month": draw(floats(0, 0.3)),
            "walk_in_min": draw(distributions(20)),
            "complaint_follow_up": draw(st.sampled_from([*calls, None, "unknown_call"])),
            "follow_up_min": draw(distributions(30)),
            "follow_up_deadline_h": draw(floats(0.5, 48)),
            "return_visits_by": draw(st.sampled_from(["centre", "butlers"])),
        }
    handles = ["calls", "remote_ops", *(f"calls.{c}" for c in calls), *(f"remote_ops.{o}" for o in remote_ops)]
    out["posts"] = {f"post{i}": {"handles": draw(st.lists(st.sampled_from(handles), min_size=1, max_size=3, unique=True)),
                                 "roster": draw(roster(2)), "opening_hours": None}
                    for i in range(draw(st.integers(0, 2)))}
    return out


@st.composite
def call_type(draw) -> dict:
    if draw(st.booleans()):
        out = {"rate_per_day": draw(floats(0, 60))}
    else:
        out = {"rate_per_household_per_month": draw(floats(0, 3))}
    out["handle_time_s"] = draw(distributions(600))
    out["priority"] = draw(st.integers(0, 9))
    if draw(st.booleans()):
        out["patience_s"] = draw(distributions(300))
    if draw(st.integers(0, 3)) == 0:
        out["escalate_share"] = draw(floats(0.01, 1))
        out["expert_handle_time_s"] = draw(distributions(900))
    if draw(st.integers(0, 3)):
        out["return_visit"] = {"share": draw(shares()), "delay_h": draw(distributions(12)),
                               "deadline_h": draw(floats(0.1, 48)), "handle_time_s": draw(distributions(300)),
                               "priority": draw(st.integers(0, 9))}
    return out


@st.composite
def remote_op_type(draw) -> dict:
    if draw(st.booleans()):
        out = {"rate_per_day": draw(floats(0, 40))}
    else:
        out = {"rate_per_camera_per_day": draw(floats(0, 5))}
    out["handle_time_s"] = draw(distributions(120))
    if draw(st.booleans()):
        out["patience_s"] = draw(distributions(300))
    return out


@st.composite
def scenarios(draw) -> dict:
    sites = {f"site{i}": {
        "households": draw(st.integers(0, 600)), "buildings": draw(st.integers(0, 8)),
        "vehicle_gates": draw(st.integers(0, 3)), "pedestrian_gates": draw(st.integers(0, 3)),
        "cameras": draw(st.integers(0, 10)), "lifts": draw(st.integers(0, 8)), "pumps": draw(st.integers(0, 4)),
        "land_area_m2": draw(floats(5_000, 200_000)), "zones": draw(st.integers(1, 4)),
        "vacant_share": draw(floats(0, 0.3)),
        "demand_multiplier": 0.0 if draw(st.integers(0, 7)) == 0 else draw(floats(0.2, 2)),
    } for i in range(draw(st.integers(1, 2)))}
    calls = {f"call{i}": draw(call_type()) for i in range(draw(st.integers(1, 3)))}
    remote_ops = {f"op{i}": draw(remote_op_type()) for i in range(draw(st.integers(0, 2)))}
    horizon = draw(floats(0.5, 4))

    in_use = {"calls"} | ({"remote_ops"} if remote_ops else set())
    if any(c.get("escalate_share", 0) > 0 for c in calls.values()):
        in_use.add("expert")
    if any("return_visit" in c for c in calls.values()):
        in_use.add("return_visits")
    skills = ["calls", "remote_ops", "return_visits", "expert"]
    pools = {}
    for i in range(draw(st.integers(1, 2))):
        chosen = set(draw(st.lists(st.sampled_from(skills), min_size=1, max_size=4, unique=True)))
        if i == 0:
            chosen |= in_use  # one pool serves every kind in use
        pools[f"pool{i}"] = {"skills": [s for s in skills if s in chosen], "roster": draw(roster(4)),
                             "opening_hours": None}
    return {
        "name": "field_property",
        "seed": draw(st.integers(0, 10_000)),
        "replications": 2,
        "calendar": {"start_date": draw(st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31))),
                     "horizon_days": horizon, "warmup_days": horizon * draw(floats(0, 0.9))},
        "operating_model": draw(st.sampled_from(["traditional", "centralised"])),
        "sites": sites,
        "demand": {"calls": calls, "remote_ops": remote_ops},
        "centre": {"pools": pools},
        "field": draw(field_section(list(calls), list(remote_ops))),
    }


# --------------------------------------------------------------------------- re-derivations


def round_times(route, horizon_s: float) -> list[float]:
    """Due times of a route's rounds, from its windows: every ``every_h`` from ``start`` for the
    window's length ((end - start) mod 24 h; a full day when end equals start), every day."""
    times = set()
    for window in route.schedule:
        start_s = (int(window.start[:2]) * 60 + int(window.start[3:])) * 60
        end_min = 1440 if window.end == "24:00" else int(window.end[:2]) * 60 + int(window.end[3:])
        length_s = ((end_min * 60 - start_s) % DAY_S) or DAY_S
        step_s = window.every_h * HOUR_S
        for day in range(-1, math.ceil(horizon_s / DAY_S) + 1):
            for k in range(math.ceil(length_s / step_s)):
                t = day * DAY_S + start_s + k * step_s
                if 0 <= t < horizon_s:
                    times.add(t)
    return sorted(times)


def handled_bounds(log, label: str, site: int) -> tuple[int, int]:
    """How many contacts of type ``label`` from ``site`` surely / at most were handled (the
    field hooks run when the handling ends, which must be before the horizon)."""
    if label not in log.type_labels:
        return 0, 0
    mine = (log.type_index == log.type_labels.index(label)) & (log.site == site) & (log.outcome == ANSWERED)
    end = log.arrival_s + log.wait_s + log.handle_s
    return int(np.sum(mine & (end < log.horizon_s - EPS))), int(np.sum(mine & (end <= log.horizon_s + EPS)))


def technician_team_for(ops, trade: str) -> str | None:
    """The first technician team (in scenario order) with the trade, as the docs promise."""
    return next((name for name, cfg in ops.teams.items() if cfg.role == "technician" and trade in cfg.skills), None)


def attends_incidents(ops, team: str) -> bool:
    """Incidents go to a guard or technician team of that name (butlers work per zone)."""
    return team in ops.teams and ops.teams[team].role in ("guard", "technician")


def butler_teams_exist(ops) -> bool:
    b = ops.butlers
    return b is not None and b.team in ops.teams and ops.teams[b.team].role == "butler"


# --------------------------------------------------------------------------- the properties


def check_tasks(s, site_field, flog) -> None:
    """Work-order conservation and well-formed task times (and no work for missing teams)."""
    horizon, ops = site_field.horizon_s, s.field
    for t in flog.tasks:
        assert t.kind in TASK_KINDS, t.kind
        assert 0 <= t.created_s <= horizon, (t.kind, t.created_s)
        assert 0 <= t.leg_index <= len(t.legs) and t.legs
        assert all(math.isfinite(leg.work_s) and leg.work_s >= 0 for leg in t.legs), (t.kind, [leg.work_s for leg in t.legs])
        if not math.isnan(t.on_site_s):
            assert t.created_s <= t.on_site_s <= horizon, (t.kind, t.created_s, t.on_site_s)
        if not math.isnan(t.done_s):
            assert t.created_s <= t.on_site_s <= t.done_s <= horizon, (t.kind, t.created_s, t.on_site_s, t.done_s)
            if t.meta.get("source") != "contractor":  # a contractor's visit is not a person's legs
                assert t.leg_index == len(t.legs), (t.kind, t.leg_index, len(t.legs))
        if not math.isnan(t.done_s) and not t.preemptible and len(t.legs) == 1:
            # Never preempted: once on site, the work takes exactly its time.
            assert abs(t.done_s - t.on_site_s - t.legs[0].work_s) <= EPS * max(1.0, t.done_s), (
                t.kind, t.label, t.on_site_s, t.done_s, t.legs[0].work_s)
        if t.kind != "work_order":
            continue
        meta = t.meta
        if meta["source"] == "contractor":
            assert ops.equipment[meta["equipment"]].trade is None and meta["team"] is None
            continue
        butlers = [n for n, cfg in ops.teams.items() if cfg.role == "butler" and meta["trade"] in cfg.skills]
        if meta["team"] is not None and meta["team"].split(":")[0] in butlers and ":" in meta["team"]:
            # a small repair its zone's butler took (docs/field.md, multi-skilled butlers)
            assert t.priority >= PRIORITY_NAMES.index("routine"), (meta["team"], t.priority)
        else:
            assert meta["team"] == technician_team_for(ops, meta["trade"]), (meta["trade"], meta["team"])
        if meta["team"] is None:
            assert math.isnan(t.on_site_s), "a work order nobody can do was attended"
        assert t.preemptible == (t.priority == PRIORITY_NAMES.index("planned"))
        if meta["rework"]:
            assert meta["call_type"] is None
        if meta["call_type"] is not None:
            assert meta["source"] == f"call.{meta['call_type']}" and meta["call_type"] in s.demand.calls
        if not math.isnan(t.done_s):
            assert meta["visits"] == (2 if meta.get("parts_wait") else 1), meta
            assert len(t.legs) == (2 if meta.get("parts_wait") else 1)
    orders = [t for t in flog.tasks if t.kind == "work_order"]
    closed = [t for t in orders if not math.isnan(t.done_s)]
    still_open = [t for t in orders if math.isnan(t.done_s)]
    assert len(orders) == len(closed) + len(still_open)

    # Planned maintenance: each batch has the whole jobs, plus one with the fractional chance.
    site = site_field.site
    for name, job in ops.work_orders.planned.items():
        count = job.jobs * (1.0 if job.per is None else getattr(site, job.per))
        first = (int(job.start[:2]) * 60 + int(job.start[3:])) * MINUTE_S
        batches = [first + k * job.every_days * DAY_S for k in range(int(horizon / (job.every_days * DAY_S)) + 2)]
        created = np.array([t.created_s for t in orders if t.meta["source"] == f"planned.{name}" and not t.meta["rework"]])
        matched = 0
        for b in batches:
            n = int(np.sum(np.abs(created - b) <= 1e-3))
            matched += n
            if b < horizon - 1e-3:
                assert int(count) <= n <= math.ceil(count), (name, b, n, count)
        assert matched == len(created), (name, "planned work orders off the calendar")


def check_people(s, site_field, flog) -> None:
    """Staff-time conservation, rosters, and nobody holding two things at once."""
    horizon = site_field.horizon_s
    ops = s.field
    held_anywhere: list = []
    assert set(site_field.teams) == set(flog.team_time_s) == set(flog.team_roles)
    for name, team in site_field.teams.items():
        base = name.split(":")[0]
        cfg = ops.teams[base]
        assert flog.team_roles[name] == cfg.role != "post"
        # Everyone the roster puts on duty comes, at the shift's start (the run's start for a
        # shift begun the day before), and takes at most the breaks that fall in the run.
        groups: dict[tuple[float, float], list[float]] = {}
        for inst in shift_instances(base, cfg, s.calendar):
            key = (max(inst.start_s, 0.0), inst.end_s)
            due = sum(length for person in inst.breaks for start, length in person if 0 <= start < horizon)
            agents, budget = groups.get(key, (0, 0.0))
            groups[key] = (agents + inst.agents, budget + due)
        assert len(team.people) == sum(a for a, _ in groups.values()), (name, len(team.people), groups)
        breaks_taken: dict[tuple[float, float], float] = {}
        totals: dict[str, float] = {}
        for p in team.people:
            key = (p.start_s, p.end_s)
            assert key in groups, (name, key, list(groups))
            on_duty_s = (p.left_s if not math.isnan(p.left_s) else horizon) - p.start_s
            assert abs(sum(p.time_s.values()) - on_duty_s) <= EPS, (name, p.time_s, on_duty_s)
            for state, seconds in p.time_s.items():
                kind, _, duty = state.partition(":")
                assert state in ("idle", "break") or (kind in ("work", "travel") and duty in DUTIES), state
                assert seconds >= 0, (state, seconds)
                totals[state] = totals.get(state, 0.0) + seconds
            assert p.overtime_s >= 0
            if math.isnan(p.left_s):
                assert p.overtime_s == 0 and p in team.on_duty
            else:
                assert p.left_s >= p.end_s and abs(p.overtime_s - (p.left_s - p.end_s)) <= EPS
                assert p not in team.on_duty and p.task is None and not p.stack
            breaks_taken[key] = breaks_taken.get(key, 0.0) + p.time_s.get("break", 0.0)
        for key, taken in breaks_taken.items():
            assert taken <= groups[key][1] + EPS, (name, key, "breaks taken", taken, "rostered in the run", groups[key][1])
        # The log's budget is the people's.
        assert set(totals) == set(flog.team_time_s[name])
        for state, seconds in totals.items():
            assert abs(flog.team_time_s[name][state] - seconds) <= EPS
        assert abs(flog.team_overtime_s[name] - sum(p.overtime_s for p in team.people)) <= EPS
        working = sum(v for k, v in totals.items() if k.startswith(("work:", "travel:")))
        assert working <= sum(totals.values()) + EPS

        # One person, one thing: nobody is on duty twice, idle people hold nothing, and every
        # task in hand, interrupted or waiting is held once, by the team whose work it is.
        assert len(set(map(id, team.on_duty))) == len(team.on_duty)
        assert len(set(map(id, team.idle))) == len(team.idle)
        assert all(p in team.on_duty and p.task is None and not p.stack for p in team.idle)
        held = list(team.queue) + [p.task for p in team.people if p.task is not None] + [t for p in team.people for t in p.stack]
        for t in held:
            assert math.isnan(t.done_s) and t.leg_index < len(t.legs), (name, t.kind, t.done_s)
            assert not t.meta.get("missed")
            if t.kind == "work_order":
                assert t.meta["team"] == name
            elif t.kind == "incident":
                assert ops.incidents[t.label].team == name
            elif t.kind == "patrol_round":
                assert ops.patrols[t.label.split(":")[0]].team == base
            else:
                assert ops.butlers.team == base and name == f"{base}:z{t.meta['zone'] + 1}"
        held_anywhere += held
    assert len(set(map(id, held_anywhere))) == len(held_anywhere), "a task is held twice"


def check_patrols(s, site_field, flog) -> None:
    """Rounds fall due exactly on the schedule; the books of required, done, missed and visits."""
    ops, horizon, warmup = s.field, site_field.horizon_s, site_field.warmup_s
    rounds_all = [t for t in flog.tasks if t.kind == "patrol_round"]
    expected_labels = set()
    for route_name, route in ops.patrols.items():
        team_cfg = ops.teams.get(route.team)
        if team_cfg is None:
            continue  # a missing team: skipped
        zones = [z.name for z in site_field.geometry.zones]
        labels = [f"{route_name}:{z}" for z in zones] if team_cfg.role == "butler" else [route_name]
        due = round_times(route, horizon)
        for label in labels:
            expected_labels.add(label)
            rounds = [t for t in rounds_all if t.label == label]
            assert [t.created_s for t in rounds] == due, (label, [t.created_s for t in rounds][:5], due[:5])
            assert all(len(t.legs) == route.checkpoints for t in rounds)
            counted = [t for t in rounds if t.created_s >= warmup]
            required = flog.patrol_required[label]
            finished = sum(1 for t in counted if not math.isnan(t.done_s))
            missed = [t for t in counted if t.meta.get("missed")]
            assert required == len(counted) >= finished, (label, required, len(counted), finished)
            assert flog.patrol_missed[label] == len(missed) >= 0
            assert finished + len(missed) <= required
            assert all(math.isnan(t.done_s) for t in rounds if t.meta.get("missed"))
            visits = flog.checkpoint_visits[label]
            assert len(visits) == route.checkpoints
            assert sum(len(v) for v in visits) == sum(t.leg_index for t in rounds), label
            for v in visits:
                assert all(0 <= a <= b < horizon for a, b in zip(v, v[1:] + [horizon - EPS])), label
    assert set(flog.patrol_required) == set(flog.patrol_missed) == set(flog.checkpoint_visits) == expected_labels
    assert {t.label for t in rounds_all} <= expected_labels, "rounds for a route whose team is missing"


def check_sources(s, log, site_index: int, site_field, flog) -> None:
    """Work reaches the field from the centre and the site as configured, and only there."""
    ops = s.field
    tasks = flog.tasks
    # Incidents: none for a missing team; one per verified handled remote operation.
    for name, inc in ops.incidents.items():
        mine = [t for t in tasks if t.kind == "incident" and t.label == name]
        if not attends_incidents(ops, inc.team):
            assert not mine, (name, inc.team, "incidents for a team that cannot take them")
            continue
        if inc.from_remote_op:
            surely, maybe = handled_bounds(log, f"remote_ops.{inc.from_remote_op}", site_index)
            assert len(mine) <= (maybe if inc.verified_share > 0 else 0), (name, len(mine), maybe)
            if inc.verified_share == 1:
                assert surely <= len(mine), (name, surely, len(mine))
    # Work orders opened by handled calls.
    for call, spec in ops.work_orders.from_calls.items():
        mine = [t for t in tasks if t.kind == "work_order" and t.meta["call_type"] == call]
        surely, maybe = handled_bounds(log, f"calls.{call}", site_index)
        assert len(mine) <= (maybe if spec.share > 0 else 0), (call, len(mine), maybe)
        if spec.share == 1:
            assert surely <= len(mine), (call, surely, len(mine))
    # Butlers: nothing without their zone teams; otherwise inspections as required and a
    # follow-up for every handled complaint.
    butler_tasks = [t for t in tasks if t.kind.startswith("butler.")]
    if not butler_teams_exist(ops):
        assert not butler_tasks and flog.inspections_required == 0 and flog.visit_quota == 0
        return
    b = ops.butlers
    zones = len(site_field.geometry.zones)
    inspections = [t for t in butler_tasks if t.kind == "butler.inspection"]
    assert sum(1 for t in inspections if t.created_s >= site_field.warmup_s) == flog.inspections_required
    assert all(len(t.legs) == b.inspection_checkpoints for t in inspections)
    assert all(0 <= t.meta["zone"] < zones for t in butler_tasks)
    if b.complaint_follow_up in s.demand.calls:
        surely, maybe = handled_bounds(log, f"calls.{b.complaint_follow_up}", site_index)
        n = sum(1 for t in butler_tasks if t.kind == "butler.follow_up")
        assert surely <= n <= maybe, (b.complaint_follow_up, surely, n, maybe)
    else:
        assert not any(t.kind == "butler.follow_up" for t in butler_tasks)


def check_return_visits(s, log) -> None:
    """A closed work order opened by a call owes its return visit (share of them) to the centre
    or to the zone's butlers, never to both; none falls due on the centre's own timer."""
    ops = s.field
    by_butlers = ops.butlers is not None and ops.butlers.return_visits_by == "butlers"
    owed_to_butlers = [0, 0]  # at least, at most
    for site_index, flog in enumerate(log.field):
        for call, spec in ops.work_orders.from_calls.items():
            rv = s.demand.calls[call].return_visit if call in s.demand.calls else None
            label = f"return_visits.{call}"
            closed = sum(1 for t in flog.tasks if t.kind == "work_order" and t.meta["call_type"] == call
                         and not math.isnan(t.done_s))
            n_centre = (int(np.sum((log.type_index == log.type_labels.index(label)) & (log.site == site_index)))
                        if label in log.type_labels else 0)
            if rv is None or rv.share == 0:
                assert n_centre == 0
                continue
            if by_butlers:
                assert n_centre == 0, (call, "return visits went to the centre, not the butlers")
                owed_to_butlers[0] += closed if rv.share == 1 else 0
                owed_to_butlers[1] += closed
            else:
                assert n_centre <= closed, (call, n_centre, closed)
                if rv.share == 1:
                    assert n_centre == closed, (call, n_centre, closed)
    if by_butlers:
        n = sum(1 for f in log.field for t in f.tasks if t.kind == "butler.return_visit")
        assert n <= owed_to_butlers[1]
        if butler_teams_exist(ops):
            assert owed_to_butlers[0] <= n, (owed_to_butlers, n)


def check_equipment(s, site_field, flog) -> None:
    window = site_field.horizon_s - site_field.warmup_s
    assert set(flog.equipment_units) == set(flog.equipment_down_s) == set(s.field.equipment)
    for name, eq in s.field.equipment.items():
        units = flog.equipment_units[name]
        assert units == round(eq.count if eq.per is None else getattr(site_field.site, eq.per))
        assert 0 <= flog.equipment_down_s[name] <= units * window + EPS, (name, flog.equipment_down_s[name], units, window)


def same_value(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def check_kpis(s, log) -> None:
    """Field KPIs: finite or NaN, shares in [0, 1] (availability exactly, others up to float
    noise), the time budget adds up to eight hours, and the people's, equipment's and patrols'
    KPIs agree with the logs they summarise."""
    kpis = field_kpis(log.field, s, log.horizon_s, log.warmup_s)
    hours: dict[str, float] = {}
    for key, value in kpis.items():
        assert key.metric in METRICS, key
        assert not math.isinf(value), (key, value)
        if math.isnan(value):
            continue
        if key.metric in ("availability", "facility_availability"):
            assert 0 <= value <= 1, (key, value)
        elif METRICS[key.metric][0] == "share":
            assert -1e-12 <= value <= 1 + 1e-12, (key, value)
        else:
            assert value >= 0, (key, value)
        if key.metric.startswith("hours_"):
            hours[key.group] = hours.get(key.group, 0.0) + value
    # A person's eight hours: idle + break + every duty add up to eight.
    for team, total in hours.items():
        assert abs(total - 8) <= 1e-6, (team, total)

    # Re-derived from the logs: people (butler zone teams together), equipment, patrols.
    totals: dict[str, dict[str, float]] = {}
    for f in log.field:
        for team, times in f.team_time_s.items():
            bucket = totals.setdefault(team.split(":")[0], {})
            for state, seconds in times.items():
                bucket[state] = bucket.get(state, 0.0) + seconds
    for team, times in totals.items():
        on_duty = sum(times.values())
        key = KpiKey("field_staff", "utilisation", team)
        if on_duty <= 0:
            assert key not in kpis
            continue
        available = on_duty - times.get("break", 0.0)
        working = sum(v for k, v in times.items() if k.startswith(("work:", "travel:")))
        travel = sum(v for k, v in times.items() if k.startswith("travel:"))
        expected = (working / available, travel / available) if available > 0 else (math.nan, math.nan)
        assert same_value(kpis[key], expected[0]), (team, kpis[key], expected[0])
        assert same_value(kpis[KpiKey("field_staff", "travel_share", team)], expected[1])
        assert same_value(kpis[KpiKey("field_staff", "people_on_duty", team)], on_duty / log.horizon_s)
    window = log.horizon_s - log.warmup_s
    for name in s.field.equipment:
        units = sum(f.equipment_units[name] for f in log.field)
        key = KpiKey("equipment", "availability", name)
        if units:
            down = sum(f.equipment_down_s[name] for f in log.field)
            assert abs(kpis[key] - (1 - down / (units * window))) <= 1e-12, (name, kpis[key], down, units, window)
        else:
            assert key not in kpis
    required = sum(n for f in log.field for n in f.patrol_required.values())
    if required:
        done = sum(1 for f in log.field for t in f.tasks
                   if t.kind == "patrol_round" and t.created_s >= log.warmup_s and not math.isnan(t.done_s))
        assert same_value(kpis[KpiKey("patrols", "round_completion")], done / required)
        assert kpis[KpiKey("patrols", "rounds_missed")] == sum(n for f in log.field for n in f.patrol_missed.values())
    orders = [t for f in log.field for t in f.tasks if t.kind == "work_order" and t.created_s >= log.warmup_s]
    if orders:
        assert kpis[KpiKey("work_orders", "created")] == len(orders)
        assert kpis[KpiKey("work_orders", "closed")] == sum(1 for t in orders if not math.isnan(t.done_s))


def check_run(s, model, log) -> None:
    assert len(log.field) == len(model.fields) == len(s.sites)
    for k in range(len(CONTACT_KINDS)):
        assert log.arrived[k] == int(np.sum(log.kind == k)), CONTACT_KINDS[k]
    for site_index, (site_field, flog) in enumerate(zip(model.fields, log.field)):
        assert flog.site == list(s.sites)[site_index]
        check_tasks(s, site_field, flog)
        check_people(s, site_field, flog)
        check_patrols(s, site_field, flog)
        check_sources(s, log, site_index, site_field, flog)
        check_equipment(s, site_field, flog)
    check_return_visits(s, log)
    check_kpis(s, log)


def task_rows(log) -> list[tuple]:
    """Every task of a run as comparable values (NaN, which equals nothing, as None)."""
    def value(x):
        return None if isinstance(x, float) and math.isnan(x) else x
    return [(f.site, t.kind, t.label, t.priority, value(t.created_s), value(t.on_site_s), value(t.done_s),
             t.leg_index, len(t.legs)) for f in log.field for t in f.tasks]


def same_run(a, b) -> None:
    rows_a, rows_b = task_rows(a), task_rows(b)
    assert len(rows_a) == len(rows_b)
    for i, (ra, rb) in enumerate(zip(rows_a, rows_b)):
        assert ra == rb, (i, ra, rb)
    for name in ("kind", "type_index", "site", "arrival_s", "wait_s", "outcome", "handle_s", "pool", "deadline_s"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)
    for name in ("arrived", "completed", "in_service_at_end", "present_logs", "type_labels"):
        assert getattr(a, name) == getattr(b, name), name
    for fa, fb in zip(a.field, b.field):
        for name in ("team_time_s", "team_overtime_s", "patrol_required", "patrol_missed", "checkpoint_visits",
                     "equipment_down_s", "backlog_end_of_day", "visit_quota", "inspections_required"):
            assert getattr(fa, name) == getattr(fb, name), name


def reference_problems(data: dict) -> tuple[set[str], set[str]]:
    """Field paths the loader must reject (references to nothing: a missing team, call type or
    remote operation) and those it may reject (a team of a role that does not do that work:
    incidents for butlers, butlers' duties for guards; the model skips that work)."""
    f, demand = data["field"], data["demand"]
    teams = f["teams"]
    workers = {name for name, team in teams.items() if team["role"] != "post"}
    must, may = set(), set()

    def team_ref(path: str, team: str, roles: tuple[str, ...]) -> None:
        if team not in workers:
            must.add(path)
        elif teams[team]["role"] not in roles:
            may.add(path)

    for name, route in f["patrols"].items():
        team_ref(f"field.patrols.{name}.team", route.get("team", "guards"), ("guard", "technician", "butler"))
    for name, inc in f["incidents"].items():
        team_ref(f"field.incidents.{name}.team", inc.get("team", "guards"), ("guard", "technician"))
        if "from_remote_op" in inc and inc["from_remote_op"] not in demand["remote_ops"]:
            must.add(f"field.incidents.{name}.from_remote_op")
    if "butlers" in f:
        team_ref("field.butlers.team", f["butlers"].get("team", "butlers"), ("butler",))
        if f["butlers"].get("complaint_follow_up") not in (None, *demand["calls"]):
            may.add("field.butlers.complaint_follow_up")  # defaults to "complaint": may be absent
    must |= {f"field.work_orders.from_calls.{name}" for name in f["work_orders"]["from_calls"] if name not in demand["calls"]}
    return must, may


def load_checking_references(data: dict) -> Scenario:
    """``load_scenario(data)``; a scenario that refers to missing teams, call types or remote
    operations must be rejected for exactly that, and is then validated without the reference
    checks, so that the run shows the model skipping that work rather than failing."""
    must, may = reference_problems(data)
    try:
        scenario = load_scenario(data)
        rejected: set[str] = set()
    except ScenarioError as exc:
        rejected = {issue.path for issue in exc.issues}
        scenario = Scenario.model_validate(data)
    assert must <= rejected <= must | may, (sorted(must), sorted(rejected))
    return scenario


class Watched:
    """A run of the model that notes every task a person is taken off, and the work time each
    interrupted leg had before its first interruption (Person._interrupted shortens it to what
    is left)."""

    def __init__(self, scenario, seed: int):
        self.model = SiteModel(scenario, seed, 0)
        self.preempted: list = []
        self._legs: dict[int, tuple] = {}
        real = Person._interrupted

        def spy(person, task, leg):
            self.preempted.append(task)
            self._legs.setdefault(id(leg), (leg, leg.work_s))
            return real(person, task, leg)

        with mock.patch.object(Person, "_interrupted", spy):
            self.log = self.model.run()

    def original_work_s(self, leg) -> float:
        return self._legs.get(id(leg), (leg, leg.work_s))[1]


def check_work_done(watched: Watched) -> None:
    """Work conservation: the time people spent working on each duty equals the work the tasks
    of that duty received (whole legs done, the done part of an interrupted leg, and the leg in
    hand at the horizon). Catches work done twice, lost, or an interrupted leg restarted."""
    for site_field, flog in zip(watched.model.fields, watched.log.field):
        horizon = site_field.horizon_s
        by_people: dict[str, float] = {}
        working_on: dict[int, float] = {}
        for team in site_field.teams.values():
            for p in team.people:
                for state, seconds in p.time_s.items():
                    if state.startswith("work:"):
                        by_people[state[5:]] = by_people.get(state[5:], 0.0) + seconds
                if p.task is not None and p.state.startswith("work:") and math.isnan(p.left_s):
                    assert id(p.task) not in working_on
                    working_on[id(p.task)] = horizon - p.activity_start
        by_tasks: dict[str, float] = {}
        for t in flog.tasks:
            if t.meta.get("source") == "contractor":
                continue
            done = working_on.get(id(t), 0.0)
            for k, leg in enumerate(t.legs):
                if k < t.leg_index:
                    done += watched.original_work_s(leg)
                elif k == t.leg_index:
                    done += watched.original_work_s(leg) - leg.work_s
            if done:
                by_tasks[t.duty] = by_tasks.get(t.duty, 0.0) + done
        for duty in set(by_people) | set(by_tasks):
            a, b = by_people.get(duty, 0.0), by_tasks.get(duty, 0.0)
            assert abs(a - b) <= 1e-6 * max(1.0, a, b), (flog.site, duty, "people worked", a, "tasks received", b)


def no_json_constants(name: str):
    raise AssertionError(f"{name} in the JSON report")


@settings(max_examples=40, **SETTINGS)
@given(data=scenarios(), seed=st.integers(0, 2**31 - 1))
def test_random_field_scenarios_simulate_and_keep_the_books(data, seed):
    scenario = load_checking_references(data)
    watched = Watched(scenario, seed)
    model, log = watched.model, watched.log
    not_preemptible = [(t.kind, t.label, t.created_s) for t in watched.preempted if not t.preemptible]
    assert not not_preemptible, f"non-preemptible work was preempted: {not_preemptible[:3]}"
    check_run(scenario, model, log)
    check_work_done(watched)
    same_run(log, SiteModel(scenario, seed, 0).run())


@settings(max_examples=40, **SETTINGS)
@given(data=scenarios())
def test_random_field_scenarios_report_as_json_without_nan(data):
    scenario = load_checking_references(data)
    run = simulate(scenario, replications=2)
    assert run.replications == 2

    report = json.loads(to_json(run), parse_constant=no_json_constants)
    assert report["replications"] == 2 and report["scenario"] == "field_property"
    for row in report["kpis"]:
        for key in ("mean", "target"):
            assert row[key] is None or math.isfinite(row[key])
        if row["unit"] == "share" and row["mean"] is not None:
            assert 0 <= row["mean"] <= 1, row


# --------------------------------------------------------------------------- examples

DET = {"dist": "deterministic"}
ALL_DAY = {"shifts": {"all": {"start": "00:00", "length_h": 24, "agents": 1}}}


def small_site(field: dict, calendar: dict | None = None, demand: dict | None = None) -> dict:
    """One site with a 24-hour desk and the given field section."""
    skills = ["calls", "remote_ops"] + (["return_visits"] if demand and "return_visit" in str(demand) else [])
    return {"name": "example", "calendar": calendar or {"horizon_days": 1},
            "sites": {"s": {"households": 100, "cameras": 10, "land_area_m2": 10_000, "vacant_share": 0}},
            "demand": demand or {"calls": {}},
            "centre": {"pools": {"desk": {"skills": skills, "opening_hours": None,
                                          "roster": {"shifts": {"all": {"start": "00:00", "length_h": 24, "agents": 3}}}}}},
            "field": field}


def test_work_for_missing_teams_is_rejected_and_else_skipped():
    """Patrols, incidents and butlers' duties of teams the scenario does not define are
    rejected when loading; a Scenario built without that check runs and skips them, as it
    skips work orders of a trade no technician team has: nobody else does them."""
    data = small_site({
        "teams": {"technicians": {"role": "technician", "skills": ["general"], "roster": ALL_DAY}},
        "work_orders": {"vacant_checks_per_week": 0, "from_calls": {"leak": {
            "trades": {"plumbing": 1.0}, "work_time_min": {**DET, "value": 10}}}},
        "patrols": {"loop": {"checkpoints": 4, "schedule": [{"start": "22:00", "end": "06:00", "every_h": 1}]},
                    "east": {"team": MISSING_TEAM, "checkpoints": 4, "schedule": [{"start": "00:00", "end": "00:00", "every_h": 2}]}},
        "incidents": {"dispute": {"rate_per_day": 24, "handle_time_min": {**DET, "value": 5}},
                      "alarm": {"team": MISSING_TEAM, "from_remote_op": "alarm_check", "handle_time_min": {**DET, "value": 5}}},
        "butlers": {"complaint_follow_up": "leak", "return_visits_by": "butlers"},
    }, demand={"calls": {"leak": {"rate_per_day": 48, "handle_time_s": {**DET, "value": 60}, "return_visit": {
        "delay_h": {**DET, "value": 1}, "handle_time_s": {**DET, "value": 60}}}},
               "remote_ops": {"alarm_check": {"rate_per_day": 48, "handle_time_s": {**DET, "value": 30}}}})
    with pytest.raises(ScenarioError) as rejected:
        load_scenario(data)
    assert {issue.path for issue in rejected.value.issues} == {
        "field.patrols.loop.team", "field.patrols.east.team", "field.incidents.dispute.team",
        "field.incidents.alarm.team", "field.butlers.team"}
    # Given them anyway (the API takes any valid Scenario), the model skips that work.
    scenario = Scenario.model_validate(data)
    watched = Watched(scenario, 5)
    log = watched.log
    check_run(scenario, watched.model, log)
    check_work_done(watched)
    tasks = log.field[0].tasks
    orders = [t for t in tasks if t.kind == "work_order"]
    assert len(orders) > 20 and {t.kind for t in tasks} == {"work_order"}
    assert all(t.meta["team"] is None and math.isnan(t.on_site_s) for t in orders)
    assert log.field[0].patrol_required == {} and log.field[0].inspections_required == 0
    assert "return_visits.leak" not in {log.type_labels[i] for i in set(log.type_index.tolist())}
    report = json.loads(to_json(simulate(scenario, replications=2)), parse_constant=no_json_constants)
    assert report["kpis"]


# --------------------------------------------------------------------------- bugs found (regressions)


def test_patrols_and_incidents_of_a_post_role_team_are_rejected_or_skipped():
    """A patrol route or incident naming a team of role ``post`` (which has no field people)
    is rejected when loading, and skipped by a model given it anyway (a patrol raised KeyError)."""
    data = small_site({
        "teams": {"guards": {"role": "post", "roster": ALL_DAY}},
        "patrols": {"loop": {"checkpoints": 3, "schedule": [{"start": "00:00", "end": "24:00", "every_h": 1}]}},
        "incidents": {"dispute": {"rate_per_day": 12, "handle_time_min": {**DET, "value": 5}}},
    })
    try:
        scenario = load_scenario(data)
    except ScenarioError as exc:
        assert {issue.path for issue in exc.issues} == {"field.patrols.loop.team", "field.incidents.dispute.team"}
        scenario = Scenario.model_validate(data)  # given anyway, the model skips that work
    log = SiteModel(scenario, 1, 0).run()
    assert not [t for t in log.field[0].tasks if t.kind in ("patrol_round", "incident")]


@pytest.mark.parametrize("field", [
    {"patrols": {"loop": {"checkpoints": 3, "schedule": [{"start": "7:00", "end": "22:00", "every_h": 1}]}}},
    {"patrols": {"loop": {"checkpoints": 3, "schedule": [{"start": "07:00", "end": "25:00", "every_h": 1}]}}},
    {"work_orders": {"planned": {"pumps": {"every_days": 7, "start": "9am", "work_time_min": {**DET, "value": 30}}}}},
    {"butlers": {"inspection_start": "8"}},
    {"butlers": {"visit_hours": ["14:00", "26:00"]}},
], ids=["patrol start", "patrol end", "planned start", "inspection start", "visit hours"])
def test_times_of_day_in_the_field_section_are_checked_when_loading(field):
    """A time of day the model cannot read is a ScenarioError naming the field, not a
    ValueError in the middle of a run."""
    teams = {"guards": {"role": "guard", "roster": ALL_DAY}, "butlers": {"role": "butler", "roster": ALL_DAY},
             "technicians": {"role": "technician", "skills": ["general"], "roster": ALL_DAY}}
    with pytest.raises(ScenarioError):
        load_scenario(small_site({"teams": teams, **field}))


def test_a_break_that_ended_before_the_run_is_not_taken():
    """A night shift begun the evening before the run works its remaining hours on day 0; its
    break at 21:00 the evening before is over, so nobody takes it again at midnight (the
    contact centre skips such breaks too)."""
    scenario = load_scenario(small_site({"teams": {"guards": {"role": "guard", "opening_hours": None, "roster": {"shifts": {
        "night": {"start": "20:00", "length_h": 8, "agents": 1, "breaks": [{"after_h": 1, "length_min": 30}]}}}}}}))
    model = SiteModel(scenario, 1, 0)
    model.run()
    (early,) = [p for p in model.fields[0].teams["guards"].people if p.start_s == 0]
    assert early.time_s.get("break", 0.0) == 0, early.time_s
    assert model.fields[0].teams["guards"].people[1].time_s.get("break") == 30 * MINUTE_S


def test_an_emergency_in_hand_is_not_preempted_by_another():
    """Two incident types verified from the same alarm arrive at the same instant while the
    only guard is on a (preemptible) round: the first incident takes the guard off the round,
    and the second must wait, not take the guard off the first incident."""
    scenario = load_scenario(small_site({
        "teams": {"guards": {"role": "guard", "roster": ALL_DAY}},
        "patrols": {"loop": {"checkpoints": 2, "check_s": {**DET, "value": 20_000},
                             "schedule": [{"start": "00:00", "end": "01:00", "every_h": 1}]}},
        "incidents": {"intruder": {"from_remote_op": "alarm_check", "handle_time_min": {**DET, "value": 10}},
                      "fire": {"from_remote_op": "alarm_check", "handle_time_min": {**DET, "value": 10}}},
    }, demand={"calls": {}, "remote_ops": {"alarm_check": {"rate_per_hour": 2, "handle_time_s": {**DET, "value": 60}}}}))
    watched = Watched(scenario, 0)
    preempted = watched.preempted
    assert preempted, "the round is interrupted"
    assert all(t.preemptible for t in preempted), [(t.kind, t.label, t.created_s) for t in preempted if not t.preemptible][:3]
    check_work_done(watched)


def test_rework_rate_is_a_share():
    """rework_rate is reported as a share (runner clips its interval to [0, 1]); with a warm-up,
    rework orders of work closed during the warm-up were counted over orders closed after it
    (here 6 over 1)."""
    scenario = load_scenario(small_site({
        "teams": {"technicians": {"role": "technician", "skills": ["general"], "opening_hours": None,
                                  "roster": {"shifts": {"morning": {"start": "08:00", "length_h": 4, "agents": 1}}}}},
        "work_orders": {"dispatch_delay_min": {**DET, "value": 0}, "vacant_checks_per_week": 0,
                        "planned": {"batch": {"every_days": 10, "jobs": 5, "work_time_min": {**DET, "value": 10}},
                                    "daily": {"every_days": 1, "jobs": 1, "work_time_min": {**DET, "value": 10}}},
                        "rework": {"share": 1.0, "delay_days": {**DET, "value": 1.3}}},
    }, calendar={"horizon_days": 2, "warmup_days": 1}))
    log = SiteModel(scenario, 1, 0).run()
    kpis = field_kpis(log.field, scenario, log.horizon_s, log.warmup_s)
    assert 0 <= kpis[KpiKey("work_orders", "rework_rate")] <= 1


def test_availability_of_equipment_down_the_whole_window_is_zero_not_negative():
    """Six pumps fail at once and nobody can repair them (no plumber): each is down for the
    whole window, so availability is 0; summing six windows and dividing by six windows gave
    1 − 1.0000000000000002 = −2.2e-16, a share below zero in the report."""
    scenario = load_scenario(small_site({"equipment": {"pump": {
        "count": 6, "failures_per_unit_per_year": 1e6, "trade": "plumbing", "work_time_min": {**DET, "value": 60}}}},
        calendar={"horizon_days": 0.7, "warmup_days": 0.2}))
    log = SiteModel(scenario, 1, 0).run()
    kpis = field_kpis(log.field, scenario, log.horizon_s, log.warmup_s)
    assert kpis[KpiKey("equipment", "availability", "pump")] == 0 == kpis[KpiKey("equipment", "facility_availability")]
