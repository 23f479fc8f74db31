"""A lower bound on the cost of any design that meets the commitments, and the plan's gap to it.

For each pool, fixed post and field team of the plan, no design can roster fewer person-hours a
week than the larger of:

* **cover**: the hours its opening hours say someone must be on duty (pools and posts), one
  person each hour, or a post's fewest people a shift where its rules set one (two in a fire
  control room: planner.rostering.compliance.per_shift_minimum; the search never leaves them);
* **work**: the busy hours its people spend on the work it receives (the plan's evidence:
  people present × occupancy or utilisation), divided by the occupancy or utilisation cap the
  targets set (1 when none is set): a design meeting the cap needs at least that much presence.

Priced with the plan's cost model (planner.costs.team.CostModel), the sum is a lower bound on
the annual cost, *given the work measured on the plan* (a different design changes travel and
rework a little, and the rule leaves out everything that makes queues wait, so the bound is
loose where waiting, not work, sets the staffing: an answering desk at 7% occupancy).
"""

from __future__ import annotations

from planner.costs.team import CostModel
from planner.rostering.compliance import per_shift_minimum
from sim.results.centre_kpis import KpiKey, kpi_targets
from sim.running.runner import RunResult
from sim.scenario import Scenario

HOURS_PER_WEEK = 168.0


def _open_hours_per_week(opening_hours) -> float:
    if opening_hours is None:
        return 0.0
    span = (opening_hours.end_min - opening_hours.start_min) % 1440 or 1440
    return span / 60 * len(opening_hours.days)


def lower_bound(scenario: Scenario, evidence: RunResult, costs: CostModel) -> dict:
    """The bound (yuan a year) and its parts per group: cover and work hours a week."""
    table = evidence.kpi_table()
    means = {(r.stream, r.metric, r.group if isinstance(r.group, str) else None): r.mean for r in table.itertuples()}
    targets = kpi_targets(scenario, list(scenario.centre.pools))

    def cap(stream: str, metric: str, group: str) -> float:
        direction, bound = targets.get(KpiKey(stream, metric, group), ("<=", 1.0))
        return bound if direction == "<=" and bound > 0 else 1.0
    parts, shift_days = {}, {}

    def add(group: str, role: str, cover_h: float, busy_h: float, limit: float) -> None:
        need = max(cover_h, busy_h / limit)
        parts[group] = {"role": role, "cover_h_per_week": round(cover_h, 3), "work_h_per_week": round(busy_h, 3),
                        "cap": limit, "bound_h_per_week": round(need, 3)}
        shift_days[role] = shift_days.get(role, 0.0) + need / 8

    def busy(stream: str, metric: str, group: str, present_metric: str) -> float:
        present = means.get((stream, present_metric, group), 0.0)
        level = means.get((stream, metric, group), 0.0)
        return 0.0 if present != present or level != level else present * level * HOURS_PER_WEEK

    for name, pool in scenario.centre.staffed_pools.items():
        role = "expert_agent" if pool.skills == ["expert"] else "agent"
        add(f"pool {name}", role, _open_hours_per_week(pool.opening_hours),
            busy("staff", "occupancy", name, "agents_present"), cap("staff", "occupancy", name))
    field = scenario.field
    if field is not None:
        for name, post in scenario.staffed_posts().items():
            for site in scenario.post_sites(name):
                add(f"post {site}/{name}", "post_guard",
                    max(1, per_shift_minimum(post)) * _open_hours_per_week(post.opening_hours),
                    busy("staff", "occupancy", f"{site}/{name}", "agents_present"), 1.0)
        for name, team in field.teams.items():
            add(f"team {name}", team.role, 0.0, busy("field_staff", "utilisation", name, "people_on_duty"),
                cap("field_staff", "utilisation", name))
    return {"bound_yuan_per_year": costs.cost_of_shift_days(shift_days), "groups": parts}
