"""Shared fixtures: the repository root, the M/M/12 example scenario as data, and a writer of
scenario files."""

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
