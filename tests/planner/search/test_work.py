"""A plan counts what it simulated in replication-days (planner.search.work): every simulation
the search and the verification ran is counted once, in its phase, and the plan's own rule-of-
thumb run is added; plan.json and the summary carry it."""

from __future__ import annotations

import pytest

import planner.search.evaluate as evaluate_module
from planner.search.optimise import optimise
from planner.search.work import PHASES, Work
from sim import load_scenario
from test_design import MOVES, TWO_SHIFTS


def test_every_simulation_is_counted_once_in_its_phase(monkeypatch):
    """A spy on the search's one call to the simulator (the real simulation still runs) sums
    what was simulated; the plan's count must equal it, and its verification must hold at
    least the evidence's own replications."""
    simulated = []
    real = evaluate_module.simulate

    def spy(scenario, *, replications, **kwargs):
        simulated.append(replications * scenario.calendar.horizon_days)
        return real(scenario, replications=replications, **kwargs)

    monkeypatch.setattr(evaluate_module, "simulate", spy)
    scenario = load_scenario("scenarios/validation/mmc_12.yaml", TWO_SHIFTS)
    result = optimise(scenario, replications=3, search_days=None, verify_replications=3, use_options=False,
                      screen_replications=0, moves=MOVES)
    days = result.work.replication_days
    assert days["search"] + days["verification"] == pytest.approx(sum(simulated))
    assert days["verification"] >= result.evidence.replications * result.evidence.horizon_days
    assert days["search"] > 0 and days["rule_of_thumb"] == 0
    # the search without options is the only search here; repairs after verification count under
    # search but belong to no option search, so the searches hold all of it only without them
    assert set(result.work.searches) == {""}
    if result.repaired:
        assert 0 < result.work.searches[""] < days["search"]
    else:
        assert result.work.searches[""] == pytest.approx(days["search"])
    assert result.work.candidates == result.evaluations
    out = result.work.to_dict()
    assert set(out["replication_days"]) == set(PHASES) | {"total"}
    assert out["replication_days"]["total"] == pytest.approx(sum(simulated), abs=1e-2)


def test_work_adds_and_refuses_an_unknown_phase():
    work = Work()
    work.add("search", 3, 7.0, search="")
    work.add("rule_of_thumb", 10, 28.0)
    assert work.total == 21 + 280 and work.searches == {"": 21}
    both = work.merged(work)
    assert both.total == 2 * work.total and both.searches == {"": 42}
    with pytest.raises(ValueError, match="phase must be one of"):
        work.add("searching", 1, 1.0)
