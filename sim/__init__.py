"""Discrete-event simulation of a property-management site's contact centre workload.

>>> from sim import load_scenario, simulate
>>> run = simulate(load_scenario("scenarios/default.yaml"), replications=3)
>>> run.kpi_table()        # pandas DataFrame: mean, 95% interval, target, met
"""

from sim.scenario.errors import ScenarioError
from sim.scenario.loader import load_scenario
from sim.running.runner import RunResult, simulate

__all__ = ["ScenarioError", "RunResult", "load_scenario", "simulate"]
