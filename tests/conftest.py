"""Shared fixtures: the repository root, the M/M/12 example scenario as data, and a writer of
scenario files; and how ``pytest -n`` shares the tests out (:func:`pytest_xdist_make_scheduler`)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

#: the library's fixtures (a throwaway PostgreSQL server among them), for tests/sim/library
pytest_plugins = ["library_fixtures", "app_fixtures"]

REPO = Path(__file__).resolve().parents[1]
MMC_12 = REPO / "scenarios" / "validation" / "mmc_12.yaml"
_MMC_12_DATA = yaml.safe_load(MMC_12.read_text(encoding="utf-8"))


@pytest.fixture
def repo_root() -> Path:
    return REPO


@pytest.fixture
def mmc12_data() -> dict:
    """A fresh, mutable copy of scenarios/validation/mmc_12.yaml as plain data."""
    return copy.deepcopy(_MMC_12_DATA)


@pytest.fixture
def write_yaml(tmp_path):
    """``write_yaml(data_or_text, name="scenario.yaml")`` writes a scenario file into tmp_path
    and returns its path (data is dumped as block-style YAML, text is written as is)."""

    def write(content, name: str = "scenario.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        text = content if isinstance(content, str) else yaml.safe_dump(content, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        return path

    return write


# --------------------------------------------------------------------------- sharing out under xdist

#: Modules whose tests each take minutes and share nothing but what every test process starts
#: once (the app server, the browser): under ``pytest -n`` each test is a unit of its own.
ONE_BY_ONE = {"tests/ui/test_app_browser.py"}
#: Tests of ONE_BY_ONE that share a unit (one process, so one app server): the flow and the
#: every-page tests look at one scenario, which the server simulates, plans and compares once
#: for the three (tests/ui/test_app_browser.py's HOUSEHOLDS).
TOGETHER = {"tests/ui/test_app_browser.py::test_flow_in_the_browser_english_then_chinese": "default site",
            "tests/ui/test_app_browser.py::test_every_page_in_each_language_shows_words_not_keys": "default site"}
#: Modules queued before the others, longest units first (ONE_BY_ONE's tests, TOGETHER's unit
#: first of them; the portfolio's plans; the library app's server and flows; the proposal's
#: plan): a unit of minutes taken last leaves the other process idle until it ends.
FIRST = ("tests/ui/test_app_browser.py", "tests/planner/portfolio/test_portfolio.py",
         "tests/ui/test_library_browser.py", "tests/planner/proposal/test_proposal.py")


def _unit(nodeid: str) -> str:
    """The unit of work a test is handed out in: its module, or for ONE_BY_ONE the test itself
    (its parameters together) unless TOGETHER names a shared one."""
    module, _, name = nodeid.partition("::")
    if module not in ONE_BY_ONE:
        return module
    test = f"{module}::{name.split('[')[0]}"
    return TOGETHER.get(test, test)


def pytest_xdist_make_scheduler(config, log):
    """``pytest -n`` (scripts/test.sh) hands out units (:func:`_unit`) in collection order, each
    to the next process with at most two tests left to run, instead of xdist's default: chunks
    of consecutive tests, up to a quarter of those left, so the browser tests, consecutive near
    the end of the collection, could all queue on one process while the other ran out of work.
    A module's module- and session-scoped fixtures (a plan, a server) are made on one process,
    and TOGETHER's tests share one app server. Any other ``--dist`` is xdist's own."""
    if config.getvalue("dist") != "load":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class Units(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _unit(nodeid)

    config.option.loadscopereorder = False  # collection order: FIRST's modules first
    return Units(config, log)


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """On an xdist process (whose collection orders the queue), FIRST's modules first; TOGETHER's
    tests must exist (a renamed one would silently lose its shared server)."""
    if not hasattr(config, "workerinput"):
        return
    names = {item.nodeid.split("[")[0] for item in items}
    modules = {name.split("::")[0] for name in names}
    lost = [test for test in TOGETHER if test.split("::")[0] in modules and test not in names]
    if lost:
        raise pytest.UsageError(f"tests/conftest.py's TOGETHER names tests that are not collected: {lost}")

    def rank(item) -> int:
        module = item.nodeid.split("::")[0]
        return FIRST.index(module) if module in FIRST else len(FIRST)

    items.sort(key=rank)
