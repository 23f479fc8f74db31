"""The app's runs keep their limits (ui/runs.py, without a browser): a Stop ends a plan and its
worker processes within seconds, measured by the CPU this process tree uses after it; a run
whose estimated memory would take the app over its ceiling is refused before it starts, and the
estimate is checked against a measured replication."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from process_tree import IDLE_CPU_S_PER_S, cpu_rate_once_idle, rss_mb, tree_pids
from ui import runs, state


class Stop(Exception):
    """What the app's Stop raises in the planning thread (Streamlit raises its rerun there)."""


def _stop_after_2_s(run, least_children: int) -> None:
    """Run ``run(heartbeat)`` as the app runs it (in a side thread), stopped from its heartbeat
    once it has worked for two seconds: the call ends within 5 s, and the process tree's CPU is
    back to idle within 5 s of the Stop (its worker processes terminated, not left computing)."""
    beats, stop_clicked, outcome = [], threading.Event(), {}

    def heartbeat() -> None:
        beats.append(time.monotonic())
        if beats[-1] - beats[0] > 2.0:
            outcome["children"] = len(tree_pids(os.getpid())) - 1  # the pool's workers (and their fork server)
            stop_clicked.set()
            raise Stop()

    def work() -> None:
        try:
            run(heartbeat)
        except Stop:
            outcome["stopped"] = time.monotonic()

    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    assert stop_clicked.wait(240), "the run never worked for two seconds"
    clicked = time.monotonic()
    thread.join(10)
    assert not thread.is_alive() and "stopped" in outcome, "the run did not end at its Stop"
    assert outcome["stopped"] - clicked < 5
    assert outcome["children"] >= least_children
    rate = cpu_rate_once_idle(os.getpid(), clicked)
    assert rate <= IDLE_CPU_S_PER_S, f"{rate:.2f} CPU s/s {time.monotonic() - clicked:.1f} s after Stop"


def test_a_stopped_plan_ends_its_workers_and_the_tree_is_idle_within_5_s():
    """A full plan of the default site on every core (the Optimise and Compare pages): nothing is kept."""
    scenario = state.validate_data(state.load_template("default"))[0]
    settings = runs.plan_settings(scenario, "full")
    key = runs.plan_key(scenario, settings)
    _stop_after_2_s(lambda beat: runs.make_plan_record(scenario, settings, heartbeat=beat), least_children=2)
    assert runs.find_plan(key) is None


def test_a_stopped_simulation_ends_mid_replication_within_5_s():
    """The Simulate page's run of a site whose one replication takes far longer than 5 s (40,000
    households × 28 days): a Stop ends it mid-replication, its worker terminated, nothing kept."""
    scenario = _households(40_000)
    settings = runs.RunSettings("full", 28.0, 4, 7)
    _stop_after_2_s(lambda beat: runs.run_tables(scenario, settings, heartbeat=beat), least_children=1)
    text = state.canonical_json(runs.scenario_for(scenario, settings))
    assert not any(runs._replication_key(text, 7, n) in runs.replication_store() for n in range(4))


def _households(n: int, days: float | None = None):
    """The default site with ``n`` households (and a horizon of ``days``), as the loader accepts it."""
    data = state.load_template("default")
    for site in data["sites"].values():
        site["households"] = n
    if days is not None:
        data["calendar"]["horizon_days"] = days
    scenario, issues = state.validate_data(data)
    assert scenario is not None, issues
    return scenario


#: The user's scenario: accepted by the loader, yet one replication of a week holds ~1.4 GB.
HUGE_HOUSEHOLDS = 2_500_000


def test_a_run_over_the_memory_ceiling_is_refused_before_it_starts():
    """2,500,000 households: a quick simulation, a quick plan and a full plan are each refused
    at once (no replication simulated, no worker started), and this process stays under the
    app's ceiling; the refusal names what to reduce."""
    scenario = _households(HUGE_HOUSEHOLDS)
    for make in (lambda: runs.run_tables(scenario, runs.run_settings(scenario, "quick")),
                 lambda: runs.make_plan_record(scenario, runs.plan_settings(scenario, "quick")),
                 lambda: runs.make_plan_record(scenario, runs.plan_settings(scenario, "full"))):
        started, processes = time.perf_counter(), set(tree_pids(os.getpid()))
        with pytest.raises(runs.RunOverMemory) as refused:
            make()
        assert time.perf_counter() - started < 2.0 and set(tree_pids(os.getpid())) == processes
        assert refused.value.need_mb > runs.APP_MEMORY_CEILING_MB and refused.value.events_per_day > 200_000
        assert "households" in str(refused.value) and "simulated days" in str(refused.value)
    assert rss_mb(os.getpid()) < runs.APP_MEMORY_CEILING_MB


def test_every_bundled_template_runs_and_plans_within_the_ceiling():
    """No false refusal: every bundled template's quick and full simulation and plan, and the
    group's portfolio, pass the memory check on this server."""
    from planner.portfolio.planning import Settings
    from sim.running.executors import cap_workers

    for name in state.templates():
        scenario = state.validate_data(state.load_template(name))[0]
        for mode in ("quick", "full"):
            run = runs.run_settings(scenario, mode)
            runs.check_app_budget(scenario, run.horizon_days, run.replications)
            plan = runs.plan_settings(scenario, mode)
            runs.check_app_budget(scenario, plan.horizon_days, plan.search.verify_replications, cap_workers(None))
        if scenario.portfolio is not None:
            runs.check_portfolio_budget(scenario, Settings(), cap_workers(None))


#: One replication in a fresh process: its peak resident memory (VmHWM, the peak reset first) less
#: the resident memory before it (VmRSS), MB.
MEASURE = """
from pathlib import Path
from sim.running.runner import simulate
from ui import state
def kb(field):
    return next(int(line.split()[1]) for line in Path("/proc/self/status").read_text().splitlines() if line.startswith(field))
data = state.load_template("default")
for site in data["sites"].values():
    site["households"] = {households}
data["calendar"]["horizon_days"] = {days}
scenario = state.validate_data(data)[0]
Path("/proc/self/clear_refs").write_text("5")
before = kb("VmRSS:")
simulate(scenario, replications=1, keep_logs=False)
print((kb("VmHWM:") - before) / 1024)
"""


def test_the_memory_estimate_covers_a_measured_replication():
    """The calibration holds: one replication of the default site at 500,000 households
    (~46,000 events a day) grows a fresh process by no more than run_memory_mb says, and by
    at least half of it (the estimate is not padded out of use)."""
    import subprocess
    import sys

    households, days = 500_000, 1.0
    grew_mb = float(subprocess.run([sys.executable, "-c", MEASURE.format(households=households, days=days)],
                                   capture_output=True, text=True, check=True, cwd=Path(runs.__file__).parents[1]).stdout)
    estimate = runs.run_memory_mb(_households(households), days)
    assert estimate / 2 <= grew_mb <= estimate, (grew_mb, estimate)


def test_the_refusal_says_what_to_reduce_in_both_languages():
    """In the app: 2,500,000 households typed on the scenario page, the Simulate page's quick run
    and the Optimise page's plan are refused with a message in the page's language naming the
    households and the simulated days (no English word in Chinese), and no result is shown."""
    import re

    from streamlit.testing.v1 import AppTest

    for lang, words in (("zh", ("户数", "仿真天数", "MB")), ("en", ("households", "simulated days", "MB"))):
        at = AppTest.from_file(str(Path(runs.__file__).parents[1] / "app.py"), default_timeout=240)
        at.session_state["lang"] = lang
        at.run()
        key = f"site_cuihu_households__v{at.session_state['version']}_{lang}"
        at.number_input(key=key).set_value(HUGE_HOUSEHOLDS).run()
        assert at.session_state["data"]["sites"]["cuihu"]["households"] == HUGE_HOUSEHOLDS
        for page, button in (("simulate", "run_btn"), ("optimise", "optimise_btn")):
            at.switch_page(f"ui/pages/{page}.py").run()
            at.button(key=button).click().run()
            assert not at.exception, [e.value for e in at.exception]
            refusals = [e.value for e in at.error if all(w in e.value for w in words)]
            assert refusals, [e.value for e in at.error]
            if lang == "zh":
                assert not re.search(r"[A-Za-z]{2,}", refusals[0].replace("MB", "")), refusals[0]
            assert not re.search(r"\{\w+", refusals[0])
        assert "last_run" not in at.session_state or at.session_state["last_run"] is None
        assert rss_mb(os.getpid()) < runs.APP_MEMORY_CEILING_MB
