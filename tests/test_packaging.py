"""The built wheel holds every package and module of the repository and runs from where it is
installed (issue 33: a listed package was once left out of the wheel)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO

ROOTS = ("sim", "planner", "ui")


def _repo_modules() -> set[str]:
    """Every module file (as a wheel member name) of every package directory, that is every
    directory under sim/, planner/ and ui/ holding an __init__.py."""
    members = set()
    for root in ROOTS:
        for init in (REPO / root).rglob("__init__.py"):
            members.update(path.relative_to(REPO).as_posix() for path in init.parent.glob("*.py"))
    return members


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel built (offline, with the environment's setuptools) from a copy of the sources,
    so the build leaves nothing in the repository."""
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(REPO / name, src / name)
    for root in ROOTS:
        shutil.copytree(REPO / root, src / root, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    out = tmp / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
                    "-q", "-w", str(out), str(src)], check=True, capture_output=True, text=True)
    (built,) = out.glob("*.whl")
    return built


def test_wheel_holds_every_module_and_the_fonts_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = _repo_modules() | {"planner/proposal/fonts.conf"}
    assert "planner/portfolio/__init__.py" in expected
    assert sorted(expected - names) == []


def test_installed_wheel_runs_the_portfolio_command_from_where_it_is_installed(wheel, tmp_path):
    target = tmp_path / "installed"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q", "--target", str(target),
                    str(wheel)], check=True, capture_output=True, text=True)
    # Run outside the repository, so only the installed copy (and the environment's dependencies)
    # can be imported.
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = subprocess.run([sys.executable, "-c", "import planner.portfolio.planning as m; print(m.__file__)"],
                           cwd=tmp_path, env=env, check=True, capture_output=True, text=True)
    assert Path(where.stdout.strip()).is_relative_to(target)
    run = subprocess.run([sys.executable, "-m", "planner", "portfolio", "--help"],
                         cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("usage: python -m planner portfolio")
