"""A small site with move-in phases (planner.phases) for the planner's and the proposal's tests:
the M/M/12 validation desk with a budget, three phases at 30%, 60% and 90% occupancy (the
second named), planned with few short replications."""

from __future__ import annotations

import json
from pathlib import Path

from sim import load_scenario

REPO = Path(__file__).resolve().parents[1]
#: The desk at 3 calls a minute, two days, with the floor area and households a budget needs.
SMALL = ["demand.calls.single.rate_per_minute=3", "calendar.horizon_days=2", "sites.validation.floor_area_m2=50000",
         "sites.validation.households=500", "centre.pools.agents.roster.shifts.all_day.agents=9"]
THREE_PHASES = "+move_in={phases: [{from_month: 1, to_month: 6, occupancy: 0.3}, {name: 入伙中期, from_month: 7, " \
               "to_month: 18, occupancy: 0.6}, {from_month: 19, occupancy: 0.9}]}"
SETTINGS = dict(start="scenario", replications=3, search_days=None, verify_replications=3)


def small_site(*more: str):
    return load_scenario(REPO / "scenarios/validation/mmc_12.yaml", [*SMALL, *more])


def small_phased_plan() -> dict:
    """The small site planned through its three phases, as plan.json holds it."""
    from planner.phases import make_phased_plan, phased_plan_dict

    done = make_phased_plan(small_site(THREE_PHASES), **SETTINGS)
    return json.loads(json.dumps(phased_plan_dict(done), ensure_ascii=False, allow_nan=False))
