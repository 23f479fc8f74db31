"""Fixtures of the app's tests, as a plugin (tests/conftest.py's ``pytest_plugins``) rather than a
tests/ui/conftest.py, which would shadow ``from conftest import REPO`` for every test module:

* ``own_library``: the app's tests never touch the planner's own library
  (~/.local/share/butler-staffing): each test under tests/ui/ runs on a library of its own, a
  SQLite file in its temporary folder (ui.session opens the library of XDG_DATA_HOME when no team
  database is set);
* ``browser``: one headless Debian Chromium per test process, driven by Playwright, shared by
  every browser test module (a second sync Playwright in one process is refused);
* :func:`streamlit_server`: ``streamlit run SCRIPT`` on a free port, for the browser tests."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def streamlit_server(script: str, env: dict, log_path: Path):
    """``streamlit run script`` from the repository on a free loopback port with ``env``, its output
    in ``log_path``; yields (url, process) once it answers its health check (120 s at most), and
    stops it on leaving."""
    port = free_port()
    log = open(log_path, "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
        cwd=Path(__file__).resolve().parents[1], stdout=log, stderr=subprocess.STDOUT, env={**env, "PYTHONUNBUFFERED": "1"})
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {proc.returncode}:\n{log_path.read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not become healthy:\n{log_path.read_text()}")
            time.sleep(0.5)
        yield url, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
        log.close()
