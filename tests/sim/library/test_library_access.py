"""Analysts' access on SQLite and PostgreSQL: ``python -m sim run`` and ``python -m planner plan``
with ``--from-library NAME[@VERSION]`` give what they give for the same text as a file, and the
notebooks' functions read the same version."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import REPO
from sim.library.access import load_library_scenario, parse_reference
from sim.library.errors import InvalidInput
from sim.library.store import open_library
from sim.scenario.loader import load_scenario

MMC = REPO / "scenarios" / "validation" / "mmc_12.yaml"
PLAN = ["--set", "demand.calls.single.rate_per_minute=2", "--set", "calendar.horizon_days=2",
        "--set", "sites.validation.floor_area_m2=30000", "--replications", "2", "--verify-replications", "2",
        "--workers", "1", "--start", "scenario", "--search-days", "1"]


@pytest.fixture
def kept(db_url, text):
    """A library whose organisation keeps 'M/M/12' (version 1: the file; version 2: another
    seed) and 'centralised' (a template's child)."""
    library = open_library(db_url)
    library.create_organisation("Acme")
    workspace = library.workspace(library.create_account("Acme", "ann", "password-a", "planner"))
    first = workspace.create_scenario("M/M/12", MMC.read_text(encoding="utf-8"))
    other_seed = MMC.read_text(encoding="utf-8").replace("\nseed: ", "\nseed: 99 #", 1)
    workspace.save_version(first.scenario_id, other_seed, base=1)
    workspace.create_scenario("centralised", text)
    library.close()
    return db_url


def _cli(module: str, db_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PLANNER_DATABASE_URL": db_url}
    env.pop("PLANNER_ORGANISATION", None)
    return subprocess.run([sys.executable, "-m", module, *args], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=900)


def test_sim_run_from_the_library_is_the_file_run(kept, tmp_path):
    runs = {}
    for name, source in (("file", [str(MMC)]), ("library", ["--from-library", "M/M/12@1"])):
        out = _cli("sim", kept, "run", *source, "--days", "1", "--replications", "2", "--json", str(tmp_path / f"{name}.json"))
        assert out.returncode == 0, out.stderr
        runs[name] = json.loads((tmp_path / f"{name}.json").read_text(encoding="utf-8"))
    assert runs["file"] == runs["library"]
    latest = _cli("sim", kept, "check", "--from-library", "M/M/12")
    assert latest.returncode == 0 and "M/M/12: valid scenario" in latest.stdout


def test_planner_plan_from_the_library_plans_as_the_file(kept, tmp_path):
    plans = {}
    for name, source in (("file", [str(MMC)]), ("library", ["--from-library", "M/M/12@1"])):
        out = _cli("planner", kept, "plan", *source, "--out", str(tmp_path / name), *PLAN)
        assert out.returncode == 0, out.stderr
        plans[name] = json.loads((tmp_path / name / "plan.json").read_text(encoding="utf-8"))
        plans[name].pop("timing", None)
    assert plans["file"]["staffing"] == plans["library"]["staffing"]
    assert plans["file"]["budget"] == plans["library"]["budget"]


@pytest.mark.parametrize("args, words", [
    (["--from-library", "nothing"], "not found"), (["--from-library", "M/M/12@0"], "version"),
    (["--from-library", "M/M/12@7"], "version 7"), ([str(MMC), "--from-library", "M/M/12"], "one of them"), ([], "one of them"),
])
def test_bad_references_are_clear_errors(kept, args, words):
    out = _cli("sim", kept, "check", *args)
    assert out.returncode == 2 and words in out.stderr and "Traceback" not in out.stderr, out.stderr


def test_notebooks_read_a_version(kept, monkeypatch):
    monkeypatch.delenv("PLANNER_ORGANISATION", raising=False)
    assert load_library_scenario("M/M/12@2", url=kept).seed == 99
    assert load_library_scenario("M/M/12@1", url=kept) == load_scenario(MMC)
    assert load_library_scenario("centralised", url=kept).operating_model == "centralised"
    assert parse_reference("a@b@3") == ("a@b", 3) and parse_reference(" x ") == ("x", None)
    with pytest.raises(InvalidInput, match="--from-library"):
        parse_reference("@3")
