"""The app's runs keep their limits (ui/runs.py, without a browser): a Stop ends a plan and its
worker processes within seconds, measured by the CPU this process tree uses after it."""

from __future__ import annotations

import os
import threading
import time

from process_tree import IDLE_CPU_S_PER_S, cpu_rate_once_idle, tree_pids
from ui import runs, state


class Stop(Exception):
    """What the app's Stop raises in the planning thread (Streamlit raises its rerun there)."""


def test_a_stopped_plan_ends_its_workers_and_the_tree_is_idle_within_5_s():
    """A full plan of the default site, run as the app runs it (in a side thread, on every core),
    stopped from its heartbeat once its workers have simulated for two seconds: the call ends,
    nothing is kept, and the process tree's CPU is back to idle within 5 s."""
    scenario = state.validate_data(state.load_template("default"))[0]
    settings = runs.plan_settings(scenario, "full")
    key = runs.plan_key(scenario, settings)
    beats, stop_clicked, outcome = [], threading.Event(), {}

    def heartbeat() -> None:
        beats.append(time.monotonic())
        if beats[-1] - beats[0] > 2.0:
            outcome["children"] = len(tree_pids(os.getpid())) - 1  # the pool's workers (and their fork server)
            stop_clicked.set()
            raise Stop()

    def plan() -> None:
        try:
            runs.make_plan_record(scenario, settings, heartbeat=heartbeat)
        except Stop:
            outcome["stopped"] = time.monotonic()

    thread = threading.Thread(target=plan, daemon=True)
    thread.start()
    assert stop_clicked.wait(240), "the plan never simulated for two seconds"
    clicked = time.monotonic()
    thread.join(10)
    assert not thread.is_alive() and "stopped" in outcome, "the plan did not end at its Stop"
    assert outcome["stopped"] - clicked < 5
    assert outcome["children"] >= 2 and runs.find_plan(key) is None
    rate = cpu_rate_once_idle(os.getpid(), clicked)
    assert rate <= IDLE_CPU_S_PER_S, f"{rate:.2f} CPU s/s {time.monotonic() - clicked:.1f} s after Stop"
