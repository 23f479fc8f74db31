"""Does the rule-of-thumb plan meet the targets? Its headcount, put on the scenario's rosters and
simulated like any plan.

The norms give full-time people by role; the simulation needs people on shifts. For each role
the norms' people become weekly eight-hour shift-days (people × 5 ÷ the relief factor, the
inverse of ``planner.plan.headcount_by_role``) and are spread over the scenario's shifts of that
role in proportion to the shifts' own person-hours (largest remainder rounding):

* security: the norms' guards (by area, plus any fixed-post quota) staff the fixed posts first
  (traditional model; up to their rostered people), the rest the guard teams;
* butlers / customer service: the service desk's seats first (up to their rostered people), the
  rest the zone butlers;
* technicians: the technician teams; call-centre expert seats and any role the norms do not
  foresee get nobody (and their coverage checks are switched off so the plan can be simulated).
"""

from __future__ import annotations

import math

from planner.costs.norms import NormsPlan
from planner.rostering.levers import get_path, levers, with_staffing
from planner.rostering import headcount
from sim.scenario.loader import validate
from sim.scenario import Scenario


def norms_staffing(scenario: Scenario, norms: NormsPlan) -> Scenario:
    """The scenario with its shifts staffed from the norms' headcount (see module doc)."""
    costs = scenario.costs
    relief = headcount([1] * 7, working_days_per_year=costs.working_days_per_year,
                       holidays=costs.holiday_overtime_days).relief_factor
    people = norms.headcount_by_role()
    budget = {  # eight-hour shift-days a week that the norms' people can work, by kind of post
        "security": (people.get("guard", 0.0) + people.get("post_guard", 0.0)) * 5 / relief,
        "service": people.get("butler", 0.0) * 5 / relief,
        "technician": people.get("technician", 0.0) * 5 / relief,
    }
    all_levers = levers(scenario)
    # Which budget each lever draws from, in the order the budget is spent.
    # Fixed posts and the desk are filled up to their rostered people at most; the patrol guards,
    # the zone butlers and the technicians take what is left.
    order = [("security", ("post",), "post_guard", 1.0), ("security", ("team",), "guard", 50.0),
             ("service", ("pool",), "agent", 1.0), ("service", ("team",), "butler", 50.0),
             ("technician", ("team",), "technician", 50.0)]
    zones = sum(site.zones for site in scenario.sites.values())
    sites = len(scenario.sites)
    staffing = {lever.path: 0 for lever in all_levers}
    for source, kinds, role, cap in order:
        chosen = [lv for lv in all_levers if lv.group[0] in kinds and lv.role == role]
        if not chosen:
            continue
        copies = zones if role == "butler" else sites if role in ("guard", "technician", "post_guard") else 1
        # Shift-days a week one more person on each lever costs, and the shape to keep.
        unit = {lv.path: lv.person_hours_per_week / 8 * copies for lv in chosen}
        data = scenario.model_dump(mode="json")
        shape = {lv.path: max(int(get_path(data, lv.path)), 0) for lv in chosen}
        want = sum(unit[p] * shape[p] for p in unit)
        if want <= 0:
            continue
        scale = min(budget[source] / want, cap)
        raw = {p: shape[p] * scale for p in shape}
        counts = {p: math.floor(v) for p, v in raw.items()}
        spent = sum(unit[p] * counts[p] for p in counts)
        for p in sorted(raw, key=lambda q: raw[q] - counts[q], reverse=True):  # largest remainder
            if raw[p] - counts[p] > 1e-9 and spent + unit[p] <= budget[source] + 1e-9:
                counts[p] += 1
                spent += unit[p]
        budget[source] -= spent
        staffing.update(counts)
    data = scenario.model_dump(mode="json")
    for pool in data["centre"]["pools"].values():
        pool["opening_hours"] = None
    if data.get("field"):
        for post in data["field"]["posts"].values():
            post["opening_hours"] = None
    return with_staffing(validate(data), staffing)
