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

from sim.lazy import lazy_face

__all__ = ["ScenarioError", "RunResult", "load_scenario", "simulate"]

#: Where each name of the package's face lives: imported on first use (PEP 562), so that
#: ``import sim.units`` or ``python -m sim --help`` does not load pandas, SciPy and pydantic.
_FACE = {"ScenarioError": "sim.scenario.errors", "load_scenario": "sim.scenario.loader",
         "RunResult": "sim.running.runner", "simulate": "sim.running.runner"}

__getattr__, __dir__ = lazy_face(__name__, _FACE)
