"""A scenario version or a plan of the library by ``NAME[@VERSION]``, for the CLIs
(``--from-library``) and notebooks, so they and the app share one source of truth.

Whoever can open the database may read it: the organisation is named by ``organisation`` or
``PLANNER_ORGANISATION``, or is the only one; the reads go through a viewer's workspace of it
(scoped and read-only like the app's).

>>> from sim.library.access import load_library_scenario
>>> scenario = load_library_scenario("Cuihu bid@3")      # version 3; "Cuihu bid" is the latest
"""

from __future__ import annotations

import json
import os
from typing import Iterable

from sim.library.errors import InvalidInput, NotFound
from sim.library.store import AccountInfo, Library, VersionInfo, Workspace, open_library

ORGANISATION_ENV = "PLANNER_ORGANISATION"


def parse_reference(reference: str) -> tuple[str, int | None]:
    """("NAME", VERSION or None) of ``NAME[@VERSION]``; InvalidInput naming --from-library."""
    text = str(reference or "").strip()
    name, at, number = text.rpartition("@")
    if not at:
        name, number = text, ""
    if not name.strip():
        raise InvalidInput("--from-library", "give a scenario's name: NAME or NAME@VERSION", "请给出场景名称：名称 或 名称@版本")
    if at and not (number.isdigit() and int(number) >= 1):
        raise InvalidInput("--from-library", f"version must be a whole number from 1, got {number!r}",
                           f"版本必须是从 1 起的整数，现为 {number!r}")
    return name.strip(), int(number) if at else None


def reader(library: Library, organisation: str | None = None) -> Workspace:
    """A read-only (viewer's) workspace of the named organisation, or of the only one."""
    organisation = organisation or os.environ.get(ORGANISATION_ENV) or None
    known = library.organisations()
    if organisation is None:
        if len(known) != 1:
            names = ", ".join(name for _, name in known) or "none yet"
            raise InvalidInput(ORGANISATION_ENV, f"name the organisation (one of: {names})", f"请指定组织（{names}）")
        organisation_id, organisation = known[0]
    else:
        organisation_id = next((i for i, name in known if name == organisation), None)
        if organisation_id is None:
            raise NotFound(f"organisation {organisation!r}", f"组织「{organisation}」")
    return library.workspace(AccountInfo("", "analyst", "viewer", organisation_id, organisation))


def library_version(reference: str, organisation: str | None = None, url: str | None = None) -> VersionInfo:
    """The version ``NAME[@VERSION]`` (the latest without @) of the library at ``url``
    (default: PLANNER_DATABASE_URL or the local file)."""
    name, number = parse_reference(reference)
    library = open_library(url)
    try:
        workspace = reader(library, organisation)
        return workspace.version(workspace.find(name).id, number)
    finally:
        library.close()


def library_scenario_data(reference: str, organisation: str | None = None, url: str | None = None) -> dict:
    """The data of a library version, as ``sim.scenario.loader.load_scenario`` takes it."""
    from sim.library.texts import scenario_data

    version = library_version(reference, organisation, url)
    return scenario_data(version.yaml_text, f"{version.scenario}@{version.number}")


def load_library_scenario(reference: str, overrides: Iterable[str] = (), organisation: str | None = None,
                          url: str | None = None):
    """The validated Scenario of a library version (``overrides`` as ``--set`` PATH=VALUE)."""
    from sim.scenario.loader import load_scenario

    return load_scenario(library_scenario_data(reference, organisation, url), overrides)


def load_library_plan(reference: str, organisation: str | None = None, url: str | None = None) -> dict:
    """The newest kept plan (plan.json or portfolio.json, as data) of a library version."""
    name, number = parse_reference(reference)
    library = open_library(url)
    try:
        workspace = reader(library, organisation)
        scenario = workspace.find(name)
        plans = workspace.plans(scenario.id, number if number is not None else scenario.latest)
        if not plans:
            raise NotFound(f"plan of {reference!r}", f"「{reference}」的规划")
        return json.loads(plans[0].json_text)
    finally:
        library.close()
