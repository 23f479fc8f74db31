"""The cost of a run, estimated before it starts (docs/scenario.md, Limits).

``check_budget`` is what the command lines and the app call: it refuses a run whose expected
events (busiest-day events × days × replications, ``sim.scenario.workload``) exceed the budget,
with a message giving the estimate and what to lower, and returns a one-line estimate to print
for a run big enough to take a while."""

from __future__ import annotations

from sim.scenario.workload import CLI_WARN_RUN_EVENTS, SECONDS_PER_EVENT, run_events


class BudgetError(ValueError):
    """A run that would exceed its event budget."""


def describe_seconds(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.0f} days"


def check_budget(scenario, budget: float, days: float | None = None, replications: int | None = None,
                 what: str = "--max-events", warn_above: float = CLI_WARN_RUN_EVENTS) -> str | None:
    """Raise :class:`BudgetError` when the run would exceed ``budget`` expected events; return an
    estimate line when it exceeds ``warn_above``, else None."""
    days = scenario.calendar.horizon_days if days is None else days
    replications = scenario.replications if replications is None else replications
    events = run_events(scenario, days, replications)
    estimate = (f"about {events:,.0f} events ({events / (days * replications):,.0f} per simulated day × "
                f"{days:g} days × {replications} replications), roughly {describe_seconds(events * SECONDS_PER_EVENT)} "
                f"of CPU")
    if events > budget:
        raise BudgetError(f"the run would take {estimate}; the budget is {budget:,.0f} events ({what}): "
                          f"lower calendar.horizon_days, replications or the scenario's demand")
    return f"estimated cost: {estimate}" if events > warn_above else None
