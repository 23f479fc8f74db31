"""Fixtures of the app's tests, as a plugin (tests/conftest.py's ``pytest_plugins``) rather than a
tests/ui/conftest.py, which would shadow ``from conftest import REPO`` for every test module:

* ``own_library``: the app's tests never touch the planner's own library
  (~/.local/share/butler-staffing): each test under tests/ui/ runs on a library of its own, a
  SQLite file in its temporary folder (ui.session opens the library of XDG_DATA_HOME when no team
  database is set);
* ``browser``: one headless Debian Chromium per test process, driven by Playwright, shared by
  every browser test module (a second sync Playwright in one process is refused)."""

from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
UI_TESTS = Path(__file__).resolve().parent / "ui"


@pytest.fixture(autouse=True)
def own_library(request, monkeypatch):
    if UI_TESTS not in Path(str(request.node.fspath)).resolve().parents:
        return
    monkeypatch.delenv("PLANNER_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(request.getfixturevalue("tmp_path") / "data"))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
