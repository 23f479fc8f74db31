"""The tests' PostgreSQL server: found where Debian installs it, and, when it cannot be found,
a failure under CI (``CI`` set) rather than a skip, so CI cannot silently test one backend."""

from __future__ import annotations

import pytest

import library_fixtures


def test_the_binaries_are_found_here():
    bindir = library_fixtures.postgres_bindir()
    assert bindir is not None and (bindir / "initdb").exists() and (bindir / "pg_ctl").exists()


@pytest.mark.parametrize("ci, outcome", [("1", pytest.fail.Exception), (None, pytest.skip.Exception)])
def test_missing_binaries_fail_under_ci_and_skip_elsewhere(monkeypatch, ci, outcome):
    monkeypatch.setattr(library_fixtures, "postgres_bindir", lambda: None)
    if ci:
        monkeypatch.setenv("CI", ci)
    else:
        monkeypatch.delenv("CI", raising=False)
    with pytest.raises(outcome, match="PostgreSQL binaries"):
        library_fixtures._start_postgres()
