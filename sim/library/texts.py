"""A scenario's YAML checked before the library keeps it, and read back for a run.

The library keeps the text exactly as given once it validates: the loader's bounded parsing
(size, depth, aliases), then the schema and its cross-checks. ``extends`` may name only a bundled
template (``default`` or ``default.yaml`` of ``scenarios/``), never a file of the server: the
problem codes are the loader's and the app's (sim.scenario.problems), so both word them."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

#: The bundled templates a kept scenario may extend.
TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "scenarios"


def templates() -> list[str]:
    return sorted(p.stem for p in TEMPLATE_DIR.glob("*.yaml")) if TEMPLATE_DIR.is_dir() else []


def scenario_data(text: str, shown: str = "scenario.yaml") -> dict:
    """The scenario ``text`` as data a loader takes (``sim.scenario.loader.load_scenario`` of a
    mapping), its ``extends`` the bundled template's path. Raises ScenarioError (sim.scenario.errors)."""
    from sim.scenario.errors import MISSING, ScenarioError
    from sim.scenario.loader import parse_scenario_text
    from sim.scenario.problems import issue

    data, locations, base = parse_scenario_text(text, shown)
    if base is not None:
        name = base.removesuffix(".yaml") if isinstance(base, str) else None
        if name not in templates():
            line = locations.get(("extends",), (None, None))[1]
            raise ScenarioError([issue("extends", base if base is not None else MISSING, "upload_extends", shown, line,
                                       templates=templates())])
        data["extends"] = str(TEMPLATE_DIR / f"{name}.yaml")
    return data


def check_scenario_text(text: Any, shown: str = "scenario.yaml") -> str:
    """``text`` itself when it is a valid scenario; else ScenarioError naming every problem."""
    from sim.scenario.errors import MISSING, ScenarioError
    from sim.scenario.loader import load_raw, validate
    from sim.scenario.problems import issue

    if not isinstance(text, str):
        raise ScenarioError([issue("", MISSING, "not_mapping", shown, kind=f"a {type(text).__name__}")])
    data, locations = load_raw(scenario_data(text, shown))
    validate(copy.deepcopy(data), locations)
    return text
