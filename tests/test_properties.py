"""Property tests: random valid scenarios load, simulate without crashing, and keep the books.

Every generated scenario is small (a few sites and contact types, a few agents, up to three
days) so that one example runs well under a second.
"""

from __future__ import annotations

import datetime as dt
import json
import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import distributions, floats, shift_breaks

from sim.engine.contact_centre import ABANDONED_OUTCOME, ANSWERED, OPEN, ContactCentre
from sim.engine.arrivals import arrival_streams
from sim.scenario.loader import load_scenario
from sim.results.report import to_json
from sim.engine.rng import stream_rng
from sim.scenario.shift_instances import shift_instances
from sim.running.runner import simulate
from sim.scenario import CONTACT_KINDS, WEEKDAYS
from sim.units import DAY_S, RATE_FIELDS

EPS = 1e-6

# --------------------------------------------------------------------------- generators


#: Largest value of each rate field, chosen so a stream brings at most a few dozen contacts a day.
RATE_MAX = {
    "rate_per_day": 100.0, "rate_per_household_per_month": 10.0, "rate_per_household_per_day": 0.3,
    "rate_per_vehicle_gate_per_day": 30.0, "rate_per_pedestrian_gate_per_day": 30.0,
    "rate_per_camera_per_day": 15.0, "rate_per_building_per_day": 15.0,
    "rate_per_hour": 4.0, "rate_per_minute": 0.07,
}
assert set(RATE_MAX) == set(RATE_FIELDS)


@st.composite
def stream(draw, profiles: list[str], kind: str) -> dict:
    field = draw(st.sampled_from(list(RATE_MAX)))
    rate = 0.0 if draw(st.integers(0, 5)) == 5 else draw(floats(RATE_MAX[field] / 20, RATE_MAX[field]))
    out = {field: rate, "handle_time_s": draw(distributions(600)),
           "priority": draw(st.integers(0, 9))}
    if draw(st.booleans()):
        out["profile"] = draw(st.sampled_from(profiles))
    if kind in ("calls", "remote_ops") and draw(st.booleans()):
        out["patience_s"] = draw(distributions(300))
    if kind == "tickets":
        out["deadline_h"] = draw(floats(0.1, 48))
    if kind == "calls":
        if draw(st.booleans()):
            out["escalate_share"] = draw(floats(0.01, 1))
            out["expert_handle_time_s"] = draw(distributions(900))
        if draw(st.booleans()):
            out["return_visit"] = {"share": draw(floats(0, 1)), "delay_h": draw(distributions(12)),
                                   "deadline_h": draw(floats(0.1, 48)), "handle_time_s": draw(distributions(300)),
                                   "priority": draw(st.integers(0, 9))}
    return out


@st.composite
def weights(draw, n: int) -> list[float]:
    values = draw(st.lists(st.one_of(st.just(0.0), floats(0, 5)), min_size=n, max_size=n))
    if sum(values) <= 0:
        values[draw(st.integers(0, n - 1))] = draw(floats(0.1, 5))
    return values


@st.composite
def profile(draw) -> dict:
    out = {"hour_of_day": draw(weights(24)), "day_of_week": draw(weights(7))}
    if draw(st.booleans()):
        out["sinusoid"] = {"amplitude": draw(floats(0, 0.95)), "period_h": draw(floats(0.5, 48)),
                           "phase_h": draw(floats(-24, 24))}
    return out


@st.composite
def shift(draw) -> dict:
    length_h = draw(floats(0.25, 24))
    agents = 0 if draw(st.integers(0, 4)) == 4 else draw(st.integers(1, 4))
    out = {"start": f"{draw(st.integers(0, 23)):02d}:{draw(st.integers(0, 59)):02d}", "length_h": length_h,
           "agents": agents}
    if draw(st.booleans()):
        out["days"] = draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=7, unique=True))
    breaks = draw(shift_breaks(length_h, agents))
    if breaks:
        out["breaks"] = breaks
    return out


def names(prefix: str, n: int) -> list[str]:
    return [f"{prefix}{i}" for i in range(n)]


@st.composite
def scenarios(draw) -> dict:
    sites = {name: {"households": draw(st.integers(0, 300)), "buildings": draw(st.integers(0, 6)),
                    "vehicle_gates": draw(st.integers(0, 3)), "pedestrian_gates": draw(st.integers(0, 3)),
                    "cameras": draw(st.integers(0, 6)),
                    "demand_multiplier": 0.0 if draw(st.integers(0, 5)) == 5 else draw(floats(0.2, 2))}
             for name in names("site", draw(st.integers(1, 3)))}
    profiles = {name: draw(profile()) for name in names("profile", draw(st.integers(0, 2)))}
    profile_names = [*profiles, "flat"]
    calls = {name: draw(stream(profile_names, "calls")) for name in names("call", draw(st.integers(1, 3)))}
    remote_ops = {name: draw(stream(profile_names, "remote_ops")) for name in names("op", draw(st.integers(0, 2)))}
    tickets = {name: draw(stream(profile_names, "tickets")) for name in names("ticket", draw(st.integers(0, 2)))}

    start = draw(st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)))
    horizon = draw(floats(0.5, 3))
    targets = ["calls", "remote_ops", "tickets", *(f"calls.{n}" for n in calls), *(f"tickets.{n}" for n in tickets)]
    dated = {}
    for name in names("event", draw(st.integers(0, 2))):
        first = start + dt.timedelta(days=draw(st.integers(-3, 3)))
        dated[name] = {"start_date": first, "end_date": first + dt.timedelta(days=draw(st.integers(0, 3))),
                       "multiplier": draw(floats(0, 3)),
                       "applies_to": draw(st.lists(st.sampled_from(targets), max_size=3, unique=True))}

    in_use = {"calls"} | ({"remote_ops"} if remote_ops else set()) | ({"tickets"} if tickets else set())
    if any(c.get("escalate_share", 0) > 0 for c in calls.values()):
        in_use.add("expert")
    if any("return_visit" in c for c in calls.values()):
        in_use.add("return_visits")
    skills = ["calls", "remote_ops", "tickets", "return_visits", "expert"]
    pools = {}
    for i, name in enumerate(names("pool", draw(st.integers(1, 3)))):
        chosen = set(draw(st.lists(st.sampled_from(skills), min_size=0 if i == 0 else 1, max_size=5, unique=True)))
        if i == 0:
            chosen |= in_use  # one pool serves every kind in use
        pools[name] = {"skills": [s for s in skills if s in chosen],
                       "roster": {"shifts": {s: draw(shift()) for s in names("shift", draw(st.integers(1, 3)))}},
                       "opening_hours": None}
    data = {
        "name": "property",
        "seed": draw(st.integers(0, 10_000)),
        "replications": 2,
        "calendar": {"start_date": start, "horizon_days": horizon,
                     "warmup_days": horizon * draw(floats(0, 0.9))},
        "sites": sites,
        "demand": {"profiles": profiles, "calls": calls, "remote_ops": remote_ops, "tickets": tickets,
                   "dated_multipliers": dated},
        "centre": {"pools": pools},
    }
    if draw(st.booleans()):
        data["targets"] = {"calls": None, "remote_ops": {"answer_within_s": 30, "max_asa_s": 20},
                           "expert": None, "tickets": {"on_time": 0.5}, "return_visits": None,
                           "staff": {"max_occupancy": 0.9}}
    return data


# --------------------------------------------------------------------------- re-derivations


def stream_patience(scenario, seed: int, replication: int) -> dict[tuple[str, int], tuple[np.ndarray, np.ndarray]]:
    """(type label, site index) -> (arrival times, patience) of every contact the arrival
    streams bring, drawn again from their named random streams the way the feeder draws them."""
    horizon_s = scenario.calendar.horizon_days * DAY_S
    site_index = {name: i for i, name in enumerate(scenario.sites)}
    out = {}
    for stream in arrival_streams(scenario):
        arrivals = stream_rng(seed, replication, f"{stream.name}:arrivals")
        patience_rng = stream_rng(seed, replication, f"{stream.name}:patience")
        spec = getattr(stream.spec, "patience_s", None)
        all_times, all_patience = [np.empty(0)], [np.empty(0)]
        for day in range(math.ceil(horizon_s / DAY_S)):
            times = stream.arrivals(day, arrivals)
            times = times[times < horizon_s]
            all_times.append(times)
            all_patience.append(spec.sample(patience_rng, len(times)) if spec is not None else np.full(len(times), np.inf))
        out[(f"{stream.kind}.{stream.type_name}", site_index[stream.site])] = (
            np.concatenate(all_times), np.concatenate(all_patience))
    return out


def running_levels(changes: dict[str, tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, dict]:
    """Each named level (the running sum of its (times, deltas) changes) at every time any of
    them changes, after all the changes at that time."""
    at = np.unique(np.concatenate([t for t, _ in changes.values()]))
    levels = {}
    for key, (t, d) in changes.items():
        order = np.argsort(t, kind="stable")
        running = np.r_[0.0, np.cumsum(d[order])]
        levels[key] = running[np.searchsorted(t[order], at, side="right")]
    return at, levels


# --------------------------------------------------------------------------- the properties


def check_log(scenario, log, seed: int) -> None:
    horizon = log.horizon_s
    n_kinds = len(CONTACT_KINDS)
    label = np.array(log.type_labels, dtype=object)

    # Every record is whole: finite, non-negative waits, arrivals inside the horizon.
    bad = ~(np.isfinite(log.wait_s) & (log.wait_s >= 0))
    assert not bad.any(), f"waits must be finite and >= 0: {log.wait_s[bad][:5]} ({CONTACT_KINDS[log.kind[bad][0]]})"
    assert np.all(log.arrival_s >= 0) and np.all(log.arrival_s < horizon)
    assert np.all(log.arrival_s + log.wait_s <= horizon + EPS)
    assert set(np.unique(log.outcome)) <= {OPEN, ANSWERED, ABANDONED_OUTCOME}
    for k in range(n_kinds):
        assert np.all(np.array(log.type_kinds)[log.type_index[log.kind == k]] == k)

    # Conservation: every arrival ends in exactly one record; every answer is done or in hand.
    answered = log.outcome == ANSWERED
    end = log.arrival_s + log.wait_s + log.handle_s
    for k in range(n_kinds):
        mine = log.kind == k
        n_answered = int(np.sum(mine & answered))
        n_abandoned = int(np.sum(mine & (log.outcome == ABANDONED_OUTCOME)))
        n_open = int(np.sum(mine & (log.outcome == OPEN)))
        assert log.arrived[k] == n_answered + n_abandoned + n_open, (CONTACT_KINDS[k], log.arrived[k], n_answered, n_abandoned, n_open)
        assert n_answered == log.completed[k] + log.in_service_at_end[k]
        assert log.in_service_at_end[k] >= 0
        # Re-derived from the records: a contact answered at a and handled for h is done at a + h.
        surely_done = int(np.sum(mine & answered & (end < horizon - EPS)))
        maybe_done = int(np.sum(mine & answered & (end <= horizon + EPS)))
        assert surely_done <= log.completed[k] <= maybe_done, (CONTACT_KINDS[k], surely_done, log.completed[k], maybe_done)

    # Answered contacts were served by a pool with their skill; the others by none.
    pool_skills = [scenario.centre.pools[name].skills for name in log.pool_names]
    for kind, pool in zip(log.kind[answered], log.pool[answered]):
        assert pool >= 0 and CONTACT_KINDS[kind] in pool_skills[pool]
    assert np.all(log.pool[~answered] == -1)
    assert np.all(log.handle_s[answered] >= 0)
    assert not np.any((log.kind == CONTACT_KINDS.index("return_visits")) & (log.outcome == ABANDONED_OUTCOME))

    # Patience: nobody is answered after giving up; abandonments happen exactly at patience.
    drawn = stream_patience(scenario, seed, 0)
    from_streams = np.isin(log.kind, [CONTACT_KINDS.index(k) for k in ("calls", "remote_ops", "tickets")])
    matched = {key: np.zeros(len(times), bool) for key, (times, _) in drawn.items()}
    for i in np.flatnonzero(from_streams):
        key = (label[log.type_index[i]], int(log.site[i]))
        times, patience = drawn[key]
        j = int(np.searchsorted(times, log.arrival_s[i]))
        j = min((c for c in (j - 1, j) if 0 <= c < len(times)), key=lambda c: abs(times[c] - log.arrival_s[i]),
                default=None)
        assert j is not None and abs(times[j] - log.arrival_s[i]) <= EPS and not matched[key][j], (
            f"cannot re-derive the patience of {key} arriving at {log.arrival_s[i]}: did the feeder's draws change?")
        matched[key][j] = True
        p, wait, outcome = patience[j], log.wait_s[i], log.outcome[i]
        tol = EPS * max(1.0, p if math.isfinite(p) else 0.0)
        if outcome == ANSWERED:
            assert wait <= p + tol, (key, wait, p)
        elif outcome == ABANDONED_OUTCOME:
            assert abs(wait - p) <= tol, (key, wait, p)
        else:
            assert wait <= p + tol, (key, "open", wait, p)
    assert all(m.all() for m in matched.values()), "some drawn arrivals left no record"

    # Staffing: presence never negative; never fewer present than busy; never more present than
    # the roster has on duty plus those working over the end of their shift on a contact.
    for p, present_log in enumerate(log.present_logs):
        name = log.pool_names[p]
        times = np.array([t for t, _ in present_log], dtype=float)
        deltas = np.array([d for _, d in present_log], dtype=float)
        assert np.all(np.cumsum(deltas) >= 0), (name, present_log)
        assert np.all(np.diff(times) >= 0) and np.all((times >= 0) & (times <= horizon))
        served = answered & (log.pool == p)
        begin, done = log.arrival_s[served] + log.wait_s[served], end[served]
        shifts = shift_instances(name, scenario.centre.pools[name], scenario.calendar)
        shift_on = np.array([max(i.start_s, 0.0) for i in shifts])
        shift_off = np.array([i.end_s for i in shifts])
        shift_agents = np.array([i.agents for i in shifts], dtype=float)
        inner = done - begin > 2 * EPS
        # Busy intervals are shrunk by EPS for the lower bound on presence, and grown by EPS (as
        # are shifts) for the upper bound.
        t, level = running_levels({
            "present": (times, deltas),
            "busy": (np.r_[begin[inner] + EPS, done[inner] - EPS], np.r_[np.ones(inner.sum()), -np.ones(inner.sum())]),
            "bound": (np.r_[begin - EPS, done + EPS, shift_on - EPS, shift_off + EPS],
                      np.r_[np.ones(len(begin)), -np.ones(len(begin)), shift_agents, -shift_agents]),
        })
        present, busy, bound = level["present"], level["busy"], level["bound"]
        inside = t < horizon  # nothing at the horizon itself happens (a shift ending then, say)
        t, present, busy, bound = t[inside], present[inside], busy[inside], bound[inside]
        bad = busy > present
        assert not bad.any(), (name, "busy > present", t[bad][:3], busy[bad][:3], present[bad][:3])
        bad = present > bound
        assert not bad.any(), (name, "present > rostered + busy", t[bad][:3], present[bad][:3], bound[bad][:3])

    # Queue discipline: first come first served within a kind and priority, and a pool never
    # answers a contact while one of higher priority that it serves is waiting.
    priority = np.array([type_priority(scenario, lab) for lab in log.type_labels])[log.type_index]
    leave = log.arrival_s + log.wait_s  # answered, abandoned, or the horizon for open ones
    for k in range(n_kinds):
        for prio in np.unique(priority[log.kind == k]):
            queue = answered & (log.kind == k) & (priority == prio)
            order = np.argsort(log.arrival_s[queue], kind="stable")
            answer_times = leave[queue][order]
            assert np.all(np.diff(answer_times) >= -EPS), (CONTACT_KINDS[k], int(prio), "not FIFO")
    for p, name in enumerate(log.pool_names):
        skills = [CONTACT_KINDS.index(s) for s in scenario.centre.pools[name].skills]
        mine = np.flatnonzero(answered & (log.pool == p))
        others = np.flatnonzero(np.isin(log.kind, skills))
        if not len(mine) or not len(others):
            continue
        t = leave[mine][:, None]
        waiting_before = ((log.arrival_s[others][None, :] < t - EPS) & (leave[others][None, :] > t + EPS)
                          & (priority[others][None, :] < priority[mine][:, None]))
        assert not waiting_before.any(), (name, "answered a contact while a higher-priority one waited")


def type_priority(scenario, label: str) -> int:
    """The queue priority of a contact type, read from the scenario."""
    kind, name = label.split(".", 1)
    demand = scenario.demand
    if kind == "expert":
        return demand.calls[name].priority
    if kind == "return_visits":
        return demand.calls[name].return_visit.priority
    return getattr(demand, kind)[name].priority


def same_log(a, b) -> None:
    for name in ("kind", "type_index", "site", "arrival_s", "wait_s", "outcome", "handle_s", "pool", "deadline_s"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    for name in ("arrived", "completed", "in_service_at_end", "present_logs", "overtime_s", "type_labels"):
        assert getattr(a, name) == getattr(b, name), name


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=scenarios(), seed=st.integers(0, 2**31 - 1))
def test_random_valid_scenarios_simulate_and_keep_the_books(data, seed):
    scenario = load_scenario(data)
    log = ContactCentre(scenario, seed, 0).run()
    check_log(scenario, log, seed)
    same_log(log, ContactCentre(scenario, seed, 0).run())


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=scenarios())
def test_random_scenarios_report_as_json_without_nan(data):
    run = simulate(load_scenario(data), replications=2)
    assert run.replications == 2

    def no_constants(name):
        raise AssertionError(f"{name} in the JSON report")

    report = json.loads(to_json(run), parse_constant=no_constants)
    assert report["replications"] == 2 and report["scenario"] == "property"
    assert report["kpis"], "a run reports at least its offered volumes"
    for row in report["kpis"]:
        for key in ("mean", "target"):
            assert row[key] is None or math.isfinite(row[key])


def test_waits_are_never_negative_with_sparse_arrivals():
    """Regression: an arrival scheduled as now + (t - now) can land an ulp before t, so a
    contact answered at once got wait_s = now - t < 0 (seed 78 here gave -1.8e-12 s)."""
    scenario = load_scenario({
        "name": "sparse", "calendar": {"horizon_days": 1}, "sites": {"s": {"households": 0}},
        "demand": {"calls": {"c": {"rate_per_day": 30, "handle_time_s": {"dist": "deterministic", "value": 1}}}},
        "centre": {"pools": {"p": {"skills": ["calls"],
                                   "roster": {"shifts": {"all": {"start": "00:00", "length_h": 24, "agents": 1}}}}}},
    })
    for seed in range(100):
        log = ContactCentre(scenario, seed, 0).run()
        assert log.wait_s.min(initial=0.0) >= 0, (seed, log.wait_s.min())
