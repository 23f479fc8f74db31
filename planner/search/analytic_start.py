"""The analytic starting point of the staffing search: hourly requirements from queueing theory,
covered by shifts (DOMAIN §7: SIPP per hour of the week, then set covering).

For each contact-centre pool (a contact kind is assigned to the most specialised pool that has
its skill; under the traditional model the remote operations handled at fixed posts are left
out):

* the hourly arrival rate of every stream it serves, averaged over the simulated days by hour of
  the week (profiles, weekdays and dated multipliers included); escalations arrive at the call
  rate × the escalation share, return visits and tickets are deferrable and counted at their
  daily average;
* the requirement in each hour is Erlang C's ``required_agents`` for the pooled load at the
  strictest service-level target among the kinds someone waits on (and the staff occupancy cap),
  at least one person when the pool's opening hours say so;
* the pool's **own shifts** (the planner's start times, lengths, days and breaks) are kept and
  only their head counts chosen: the fewest person-hours of those shifts, each with the same
  people on every day it is worked, covering every hour of its opening hours (an integer
  program, breaks ignored,
  :func:`cover_with_own_shifts`); so the roster stays a few named shifts a site can run. Only
  when the own shifts leave an hour that needs someone uncovered does
  ``planner.rostering.cover_week`` cover the week with standard shifts
  (8 h, or 9 h with an hour's break, starting at usual hours) instead.

The simulation search then corrects what the stationary approximation misses (non-stationarity,
abandonment, priorities, shared pools). Field teams and posts keep the scenario's rosters.
"""

from __future__ import annotations

import copy
import math

import numpy as np

from planner.queueing.erlang import required_agents
from planner.rostering import cover_week, default_patterns
from planner.rostering.covering import ShiftPattern, _solve, pattern_coverage
from sim.engine.arrivals import arrival_streams
from sim.scenario.loader import validate
from sim.scenario import CONTACT_KINDS, WEEKDAYS, ContactTarget, Scenario
from sim.scenario.errors import ScenarioError
from sim.scenario.roster import _clock_minutes
from sim.units import DAY_S, HOUR_S

#: Usual shift starts (hours) and shapes: 8 h, or 9 h with an hour's break after 4 h.
STANDARD_STARTS_H = (0, 7, 8, 9, 10, 12, 14, 15, 16, 17, 18, 22, 23)
STANDARD_LENGTHS = (8, (9, 4, 60))


def _serving_pool(scenario: Scenario, kind: str) -> str | None:
    pools = [(len(p.skills), i, name) for i, (name, p) in enumerate(scenario.centre.pools.items()) if kind in p.skills]
    return min(pools)[2] if pools else None


def _posted_types(scenario: Scenario) -> set[str]:
    out = set()
    for post in scenario.staffed_posts().values():
        for handled in post.handles_under(scenario.operating_model):
            if handled in CONTACT_KINDS:
                out |= {f"{handled}.{t}" for t in getattr(scenario.demand, handled, {}) or {}}
            else:
                out.add(handled)
    return out


def hour_of_week_rates(stream, scenario: Scenario) -> np.ndarray:
    """Mean arrival rate per hour of the week (168 values, Monday first), per second: the exact
    rate at each hour's midpoint (profiles, dated multipliers, sinusoid), averaged over the
    simulated days (at least one week) by weekday."""
    days = max(7, math.ceil(scenario.calendar.horizon_days))  # every weekday at least once
    totals, counts = np.zeros(168), np.zeros(168)
    first = scenario.calendar.start_date.weekday()
    midpoints = (np.arange(24) + 0.5) * HOUR_S
    for day in range(days):
        weekday = (first + day) % 7
        totals[weekday * 24:(weekday + 1) * 24] += stream.rate_per_s(day * DAY_S + midpoints)
        counts[weekday * 24:(weekday + 1) * 24] += 1
    return totals / np.maximum(counts, 1)


def pool_requirements(scenario: Scenario) -> dict[str, np.ndarray]:
    """People each contact-centre pool needs in every hour of the week (168 values)."""
    posted = _posted_types(scenario)
    waited_rate = {name: np.zeros(168) for name in scenario.centre.pools}
    waited_work = {name: np.zeros(168) for name in scenario.centre.pools}
    deferred_work = {name: np.zeros(168) for name in scenario.centre.pools}
    targets: dict[str, list[ContactTarget]] = {name: [] for name in scenario.centre.pools}
    for stream in arrival_streams(scenario):
        label = f"{stream.kind}.{stream.type_name}"
        if label in posted:
            continue
        rate = hour_of_week_rates(stream, scenario)
        spec = stream.spec
        handle = spec.handle_time_s.mean_value
        pool = _serving_pool(scenario, stream.kind)
        if pool is not None:
            if stream.kind == "tickets":
                deferred_work[pool] += rate.mean() * handle
            else:
                waited_rate[pool] += rate
                waited_work[pool] += rate * handle
                target = getattr(scenario.targets, stream.kind, None)
                if isinstance(target, ContactTarget):
                    targets[pool].append(target)
        if stream.kind != "calls":
            continue
        if spec.escalate_share > 0 and (expert := _serving_pool(scenario, "expert")) is not None:
            waited_rate[expert] += rate * spec.escalate_share
            waited_work[expert] += rate * spec.escalate_share * spec.expert_handle_time_s.mean_value
            if isinstance(scenario.targets.expert, ContactTarget):
                targets[expert].append(scenario.targets.expert)
        rv = spec.return_visit
        if rv is not None and rv.share > 0 and (back := _serving_pool(scenario, "return_visits")) is not None:
            deferred_work[back] += rate.mean() * rv.share * rv.handle_time_s.mean_value
    max_occupancy = scenario.targets.staff.max_occupancy if scenario.targets.staff else 1.0
    out = {}
    for name, pool in scenario.centre.pools.items():
        need = np.zeros(168, dtype=int)
        strict = min(targets[name], key=lambda t: (-(t.service_level or 0), t.answer_within_s), default=None)
        for h in range(168):
            rate = waited_rate[name][h]
            work = waited_work[name][h] + deferred_work[name][h]  # erlangs
            if work <= 0:
                continue
            if strict is not None and strict.service_level is not None and rate > 0:
                # Deferrable work lengthens the effective handle time of the contacts that wait.
                answer = required_agents(rate, work / rate, service_level=strict.service_level,
                                         within_s=strict.answer_within_s, max_occupancy=max_occupancy)
                need[h] = int(answer.agents_on_phone)
            else:
                need[h] = math.ceil(work / max_occupancy - 1e-9)
        hours = pool.opening_hours
        if hours is not None:
            end = hours.end_min if hours.end_min > hours.start_min else hours.end_min + 1440
            for day in hours.days:
                base = WEEKDAYS.index(day) * 24
                for minute in range(hours.start_min, end, 60):
                    h = (base + minute // 60) % 168
                    need[h] = max(need[h], 1)
        out[name] = need
    return out


def _within_opening_hours(need: np.ndarray, hours) -> np.ndarray:
    """The requirement inside the pool's opening hours only (its own shifts need not cover a
    night the scenario leaves closed, as an expert pool open 08:00–22:00); all of it without
    opening hours."""
    if hours is None:
        return need
    inside = np.zeros(168, dtype=bool)
    end = hours.end_min if hours.end_min > hours.start_min else hours.end_min + 1440
    for day in hours.days:
        base = WEEKDAYS.index(day) * 24
        for minute in range(hours.start_min, end, 60):
            inside[(base + minute // 60) % 168] = True
    return np.where(inside, need, 0)


def cover_with_own_shifts(need: np.ndarray, roster: dict) -> tuple[dict, float, float] | None:
    """Head counts of ``roster``'s own shifts (same people on every day a shift is worked) that
    cover ``need`` (168 hourly requirements) with the fewest person-hours a week: the roster with
    those counts, the LP bound and the integer optimum (person-hours). None when a rotation, or
    an hour needing someone is on no shift."""
    if roster.get("rotation") or not roster.get("shifts"):
        return None
    names = list(roster["shifts"])
    columns, hours = [], []
    for name in names:
        shift = roster["shifts"][name]
        pattern = ShiftPattern(name, _clock_minutes(shift["start"]), float(shift["length_h"]))
        cover = sum(pattern_coverage(pattern, WEEKDAYS.index(day)).astype(float) for day in shift["days"])
        columns.append(np.minimum(cover, 1.0))
        hours.append(float(shift["length_h"]) * len(shift["days"]))
    A = np.column_stack(columns)
    if ((need > 0) & (A.sum(axis=1) == 0)).any():
        return None
    c = np.array(hours)
    lp = _solve(c, A, need.astype(float), np.inf, False, 30.0)
    ip = _solve(c, A, need.astype(float), np.inf, True, 30.0)
    if ip.x is None or lp.x is None:
        return None
    counts = np.round(ip.x).astype(int)
    shifts = {name: {**roster["shifts"][name], "agents": int(n)} for name, n in zip(names, counts)}
    return {**roster, "shifts": shifts}, float(lp.fun), float(c @ counts)


def with_analytic_rosters(scenario: Scenario) -> tuple[Scenario, dict[str, dict]]:
    """The scenario with every contact-centre pool's head counts covering its analytic
    requirements, on its own shifts where they can (module docstring), else on standard shifts;
    also the covering's summary (LP bound, cost, gap, how) per pool."""
    patterns = default_patterns(STANDARD_LENGTHS, starts_min=[h * 60 for h in STANDARD_STARTS_H])
    data = scenario.model_dump(mode="json")
    report = {}
    for name, need in pool_requirements(scenario).items():
        if need.sum() == 0:
            continue
        own = cover_with_own_shifts(_within_opening_hours(need, scenario.centre.pools[name].opening_hours),
                                    data["centre"]["pools"][name]["roster"])
        if own is not None:
            trial = copy.deepcopy(data)
            trial["centre"]["pools"][name]["roster"] = own[0]
            try:
                validate(trial)
            except ScenarioError:
                own = None
        if own is not None:
            roster, lp_bound, cost = own
            text = "; ".join(f"{n} {s['start']} {s['length_h']:g} h × {s['agents']}" for n, s in roster["shifts"].items())
            report[name] = {"requirements": need.tolist(), "lp_bound": lp_bound, "integer_cost": cost,
                            "gap": max(cost - lp_bound, 0.0), "roster_text": text, "shifts": "own",
                            "roster_table": [], "covers_requirement": None}
        else:
            plan = cover_week(need, patterns, cost_per_shift=0.5)
            roster = plan.to_roster_dict()
            report[name] = {"requirements": need.tolist(), "lp_bound": plan.lp_bound, "integer_cost": plan.integer_cost,
                            "gap": plan.gap, "roster_text": plan.to_text(), "shifts": "standard",
                            # the weekly table of the text, as values (the app shows it in words)
                            # (a shift's row carries its start and length: the app names it by them)
                            "roster_table": [{"shift": shift, "days": days, "week": week, **_times(plan, shift)}
                                             for shift, days, week in plan.table()],
                            "covers_requirement": plan.covers_requirement}
        data["centre"]["pools"][name]["roster"] = roster
    return validate(data), report


def _times(plan, shift: str) -> dict:
    """A weekly table row's shift start and length ({} for the table's totals rows)."""
    pattern = next((p for p in plan.patterns if p.name == shift), None)
    return {} if pattern is None else {"start": pattern.start, "length_h": pattern.length_h}
