"""The command-line tools start without the heavy libraries: building the parsers of
``python -m planner`` and ``python -m sim`` (what ``--help`` does) imports neither pandas, SciPy,
pydantic nor SimPy; they are imported where a command uses them (bench/bench_cli_start.py
measures the start time; a timed assertion would fail on a loaded machine)."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO

HEAVY = ("pandas", "scipy", "pydantic", "simpy", "matplotlib", "numpy")


def _imported_after(code: str) -> list[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=REPO, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_parsers_build_without_the_heavy_libraries():
    assert _imported_after("from planner.cli import _parser; _parser().format_help()") == []
    assert _imported_after("from sim.cli import _parser; _parser().format_help()") == []


def test_the_probe_sees_a_heavy_import():
    """The check can fail: importing the loader brings pydantic."""
    assert "pydantic" in _imported_after("import sim.scenario.loader")


def test_help_runs_and_the_package_face_still_works():
    for module in ("planner", "sim"):
        out = subprocess.run([sys.executable, "-m", module, "--help"], cwd=REPO, capture_output=True, text=True)
        assert out.returncode == 0 and "usage:" in out.stdout, out.stderr
    import sim
    from sim.scenario import Scenario
    assert sim.load_scenario.__module__ == "sim.scenario.loader" and Scenario.__name__ == "Scenario"
    assert {"simulate", "load_scenario", "RunResult", "ScenarioError"} <= set(dir(sim))
