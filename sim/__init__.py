"""Discrete-event simulation of a property-management operation: the contact centre (a site's
own desk or a group's pooled call centre) and every site's field operations (technicians, guards,
butlers, fixed posts) on one SimPy clock, measured against the scenario's commitments.

Packages, from the bottom layer up (docs/architecture.md): ``units`` (units and rate
conversions), ``scenario`` (the scenario file: schema, loader, errors, rosters laid out as shift
instances), ``engine`` (arrivals, named random streams, the contact centre, working time),
``field`` (field operations), ``results`` (KPIs, statistics, reports), ``running`` (replications,
executors, sweeps, regression), ``files`` (atomic saves), ``records`` (fitting a scenario to a
site's records) and ``cli`` (``python -m sim``).

>>> from sim import load_scenario, simulate
>>> run = simulate(load_scenario("scenarios/default.yaml"), replications=3)
>>> run.kpi_table()        # pandas DataFrame: mean, 95% interval, target, met
"""

from sim.scenario.errors import ScenarioError
from sim.scenario.loader import load_scenario
from sim.running.runner import RunResult, simulate

__all__ = ["ScenarioError", "RunResult", "load_scenario", "simulate"]
