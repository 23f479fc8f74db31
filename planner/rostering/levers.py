"""The staffing levers of a scenario: every integer a planner may change (the people on each
shift of each contact-centre pool, field team and, in the traditional model, fixed post, or a
rotation's people per crew), and how to apply a set of them to a scenario."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sim.scenario import Scenario
from sim.scenario.loader import apply_overrides, validate


@dataclass(frozen=True)
class Lever:
    """One integer the planner may change: the people on a shift (or per crew of a rotation)."""

    path: str                   # where the scenario file holds it (written, never read back)
    group: tuple[str, str]      # ("pool" | "team" | "post", name)
    role: str
    person_hours_per_week: float
    #: the shift (None: a rotation's people per crew) and the field the lever sets
    shift: str | None = None
    field: Literal["agents", "people_per_crew"] = "agents"

    @property
    def label(self) -> str:
        return f"{self.group[1]} / " + (self.shift if self.shift is not None else "rotation people_per_crew")


def get_path(data: dict, path: str):
    """The value at dotted ``path`` of a scenario's dict (``centre.pools.desk.roster.shifts.day.agents``)."""
    node = data
    for part in path.split("."):
        node = node[part]
    return node


def _roster_levers(prefix: str, roster, group, role) -> list[Lever]:
    if roster.rotation is not None:
        rot = roster.rotation
        worked_h = sum(roster.shifts[name].length_h for name in rot.cycle if name != "off")
        per_week = rot.crews * worked_h * 7 / len(rot.cycle)
        return [Lever(f"{prefix}.roster.rotation.people_per_crew", group, role, per_week, None, "people_per_crew")]
    return [Lever(f"{prefix}.roster.shifts.{name}.agents", group, role, shift.length_h * len(shift.days), name)
            for name, shift in roster.shifts.items()]


def levers(scenario: Scenario) -> list[Lever]:
    """Every staffing lever of the scenario's staffed groups (``Scenario.staffed_groups``: the posts
    of the operating model)."""
    out: list[Lever] = []
    for group in scenario.staffed_groups():
        out += _roster_levers(group.path, group.roster, group.key, group.role)
    return out


def with_staffing(scenario: Scenario, staffing: dict[str, int]) -> Scenario:
    """A copy of ``scenario`` with the given head counts."""
    data = scenario.model_dump(mode="json")
    return validate(apply_overrides(data, [f"{path}={value}" for path, value in staffing.items()], strict=False))


