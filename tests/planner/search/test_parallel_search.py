"""The search on every core (issue 37, point 6): a descent pass's and a repair step's neighbours
are simulated side by side in batches of fixed sizes, so the plan, and what it simulated, are
the same on one process, on a pool of any size and on Dask; and its decisions are those of
one-at-a-time evaluation."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

import pytest

from planner.search.optimise import optimise
from sim import load_scenario
from sim.results.report import to_json_dict
from sim.running.executors import make_executor, stop_pool
from test_design import TWO_SHIFTS

#: The two-shift desk started with too many on its night-side shift and too few on its day side:
#: the repair moves people across, the descent takes people away (and tries neighbours past the
#: one it takes: the batch's look ahead).
UNEVEN = [s for s in TWO_SHIFTS if not s.startswith("centre.pools.agents.roster")] + [
    "centre.pools.agents.roster={shifts: {a: {start: '00:00', length_h: 12, agents: 8},"
    " b: {start: '12:00', length_h: 12, agents: 2}}}"]


def _plan(**how) -> dict:
    scenario = load_scenario("scenarios/validation/mmc_12.yaml", UNEVEN)
    result = optimise(scenario, replications=4, search_days=None, verify_replications=4, use_options=False, **how)
    work = result.work.to_dict()
    del work["seconds"]
    return {"design": result.design.key, "cost": result.cost_yuan, "steps": [(s.action, s.lever) for s in result.steps],
            "certificate": [(t.move, t.feasible, t.reason) for t in result.certificate],
            "kpis": to_json_dict(result.evidence)["kpis"], "work": work}


@pytest.fixture(scope="module")
def serial():
    return _plan(workers=1)


def test_the_plan_and_its_work_are_the_same_on_1_2_and_4_workers(serial):
    assert {a for a, _ in serial["steps"]} >= {"move", "remove"}  # the repair and the descent both took moves
    assert _plan(workers=2) == serial
    with ProcessPoolExecutor(max_workers=4) as pool:
        assert _plan(executor=pool) == serial


def test_batches_decide_as_one_neighbour_at_a_time_does(serial):
    """One at a time (``batch=1``) simulates only what it tries; the batches simulate more (the
    neighbours past the one taken) but decide the same: same steps, certificate and plan."""
    alone = _plan(batch=1)
    assert {k: v for k, v in alone.items() if k != "work"} == {k: v for k, v in serial.items() if k != "work"}
    assert alone["work"]["candidates"] < serial["work"]["candidates"]


def test_the_plan_is_the_same_on_dask(serial):
    pytest.importorskip("distributed")
    with make_executor("dask", workers=2) as cluster:
        assert _plan(executor=cluster) == serial


class _Stop(Exception):
    pass


def test_a_search_stopped_during_a_batch_leaves_no_thread_waiting():
    """Stopped (its heartbeat raising, as the app's Stop does) while a batch's simulations run on
    the pool: the search ends at once and no thread of the batch is left waiting on the stopped
    pool (one would keep this process from exiting)."""
    import threading
    import time

    def batch_threads():
        return [t for t in threading.enumerate() if t.name.startswith("ThreadPoolExecutor") and t.is_alive()]

    def heartbeat():
        if batch_threads():
            raise _Stop()

    scenario = load_scenario("scenarios/validation/mmc_12.yaml", UNEVEN + ["calendar.horizon_days=6"])
    pool = ProcessPoolExecutor(max_workers=2)
    with pytest.raises(_Stop):
        optimise(scenario, replications=4, search_days=None, verify_replications=4, use_options=False,
                 executor=pool, heartbeat=heartbeat)
    stop_pool(pool)  # as its owner does on a stop (planner.portfolio.planning)
    deadline = time.monotonic() + 5
    while batch_threads() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not batch_threads()
