"""The app's tests never touch the planner's own library (~/.local/share/butler-staffing): each
test runs on a library of its own, a SQLite file in its temporary folder (ui.session opens the
library of XDG_DATA_HOME when no team database is set)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def own_library(tmp_path, monkeypatch):
    monkeypatch.delenv("PLANNER_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
