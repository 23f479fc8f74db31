"""How much work a scenario asks of the simulator: expected events per simulated day.

The simulator's time and memory grow with the things that happen: contacts arriving (and the
expert, return-visit and work-order work they create), field tasks (patrol checkpoints, planned
jobs, failures, incidents, butler visits and inspections, vacant-unit checks) and people coming
on and off shift. :func:`expected_events_per_day` counts them on the busiest day the scenario
can have (the busiest weekday, every dated multiplier at once, a sinusoid at its peak), from the
scenario alone, before anything is drawn.

Two budgets use it (docs/scenario.md, "Limits"):

* :data:`MAX_EVENTS_PER_DAY` is part of validation: a scenario asking for more is refused, so
  the biggest scenario the validator accepts has a known cost per simulated day.
* :func:`run_events` (events per day × days × replications) is checked by the command lines
  and the app before a run starts (``sim.running.budget``).
"""

from __future__ import annotations

from sim.units import DAY_S, MONTH_S, rate_per_s

#: The most expected events on one simulated day of one replication (measured: about 25 µs of CPU
#: and 0.8 KB of memory per event, so at most ~6 s and ~200 MB per simulated day; ui.runs.KB_PER_EVENT).
#: Bundled scenarios ask for at most ~10,000.
MAX_EVENTS_PER_DAY = 250_000
#: Whole-run budgets (events per day × days × replications): the command lines refuse a run
#: above ``--max-events`` (this default) and print the estimate above the warning level; the
#: app, shared by many people, refuses above its own.
CLI_MAX_RUN_EVENTS = 2e9
CLI_WARN_RUN_EVENTS = 2e7
APP_MAX_RUN_EVENTS = 5e7
#: The longest a simulation of the app may run (checked between replications).
APP_MAX_RUN_SECONDS = 600.0
#: Measured cost per event (docs/scenario.md, Limits), for the time estimate printed before a run.
SECONDS_PER_EVENT = 25e-6


def expected_events_per_day(scenario) -> dict[str, float]:
    """Expected events on the busiest simulated day, by source ('contacts', 'field', 'staff')."""
    out = {"contacts": 0.0, "field": 0.0, "staff": 0.0}
    for source, _, events in event_sources(scenario):
        out[source] += events
    return out


def event_sources(scenario) -> list[tuple[str, str, float]]:
    """(source, field path that drives it, expected events on the busiest day) for every
    stream, field activity and roster of the scenario, summed over sites."""
    demand = scenario.demand
    dated = list(demand.dated_multipliers.values())
    found: dict[tuple[str, str], float] = {}

    def add(source: str, path: str, events: float) -> None:
        found[(source, path)] = found.get((source, path), 0.0) + events

    for site_name, site in scenario.sites.items():
        quantities = site.quantities()
        for kind, types in (("calls", demand.calls), ("remote_ops", demand.remote_ops), ("tickets", demand.tickets)):
            for name, stream in types.items():
                field, value = stream.rate_field
                per_day = rate_per_s(field, value, quantities) * site.demand_multiplier * DAY_S
                profile = demand.profiles.get(stream.profile)
                if profile is not None:
                    week = profile.day_of_week
                    per_day *= max(week) / (sum(week) / len(week))
                    if profile.sinusoid is not None:
                        per_day *= 1 + profile.sinusoid.amplitude
                for mult in dated:
                    if kind in mult.applies_to or f"{kind}.{name}" in mult.applies_to:
                        per_day *= max(mult.multiplier, 1.0)
                follow_on = 1.0
                if kind == "calls":
                    follow_on += stream.escalate_share
                    if stream.return_visit is not None:
                        follow_on += stream.return_visit.share
                    if scenario.field is not None and name in scenario.field.work_orders.from_calls:
                        follow_on += scenario.field.work_orders.from_calls[name].share
                add("contacts", f"demand.{kind}.{name}.{field}", per_day * follow_on)
        if scenario.field is not None:
            for path, events in _field_per_day(scenario.field, site, site.quantities()):
                add("field", path, events)
    for group in scenario.staffed_groups(simulated=True):
        add("staff", f"{group.path}.roster", _roster_per_day(group.roster) * scenario.copies(group))
    return [(source, path, events) for (source, path), events in found.items()]


def total_per_day(scenario) -> float:
    return sum(expected_events_per_day(scenario).values())


def run_events(scenario, days: float | None = None, replications: int | None = None) -> float:
    """Expected events of a whole run: busiest-day events × days × replications."""
    days = scenario.calendar.horizon_days if days is None else days
    replications = scenario.replications if replications is None else replications
    return total_per_day(scenario) * days * replications


def _field_per_day(field, site, quantities: dict[str, float]) -> list[tuple[str, float]]:
    def units(per) -> float:
        return 1.0 if per is None else float(quantities[per])

    out: list[tuple[str, float]] = []
    for name, route in field.patrols.items():
        for window in route.schedule:
            open_h = ((_minutes(window.end) - _minutes(window.start)) % 1440 or 1440) / 60
            out.append((f"field.patrols.{name}", (open_h / window.every_h + 1) * (route.checkpoints + 1)))
    wo = field.work_orders
    for name, job in wo.planned.items():
        out.append((f"field.work_orders.planned.{name}", job.jobs * units(job.per) / job.every_days))
    out.append(("field.work_orders.vacant_checks_per_week",
                site.households * site.vacant_share * wo.vacant_checks_per_week / 7))
    for name, kit in field.equipment.items():
        count = kit.count if kit.count is not None else units(kit.per)
        out.append((f"field.equipment.{name}", count * kit.failures_per_unit_per_year / 365))
    for name, incident in field.incidents.items():
        if incident.rate_per_day is not None:
            out.append((f"field.incidents.{name}.rate_per_day", incident.rate_per_day))
        elif incident.rate_per_unit_per_year is not None:
            out.append((f"field.incidents.{name}.rate_per_unit_per_year",
                        incident.rate_per_unit_per_year * units(incident.per) / 365))
    if field.butlers is not None:
        b = field.butlers
        out.append(("field.butlers.inspection_checkpoints", site.zones * (b.inspection_checkpoints + 1)))
        out.append(("field.butlers.visits_per_household_per_month",
                    site.households * (b.visits_per_household_per_month + b.walk_ins_per_household_per_month)
                    * DAY_S / MONTH_S))
    return out


def _roster_per_day(roster) -> float:
    """People starting a shift on an average day, each with a start, an end and their breaks."""
    people = 0.0
    for shift in roster.shifts.values():
        people += shift.agents * len(shift.days) / 7 * (2 + len(shift.breaks))
    if roster.rotation is not None:
        people += roster.rotation.crews * roster.rotation.people_per_crew * 4
    return people


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)
