"""Where a staffed group and one of its head counts sit in a scenario file, as values: a
``GroupPath`` (``field.teams.guards``) knows its kind and name, a ``RosterSlot`` (a shift's
``agents`` or a rotation's ``people_per_crew``) knows its group and shift. Both are equal to (and
hash as) their plain path, so a path given as text finds them. Light: no pydantic, so the
search's events and the CLIs' parsers can name groups without loading the schema."""

from __future__ import annotations

GROUP_PLACES = {"pool": "centre.pools", "team": "field.teams", "post": "field.posts"}


class GroupPath(str):
    """A staffed group's path in a scenario file (``field.teams.guards``) that knows its group:
    ``kind`` and ``name`` are values, never read back from the text. Equal to (and hashed as)
    the plain path, so a path given as text finds it."""

    kind: str
    name: str

    def __new__(cls, kind: str, name: str) -> "GroupPath":
        path = super().__new__(cls, f"{GROUP_PLACES[kind]}.{name}")
        path.kind, path.name = kind, name
        return path

    def __reduce__(self):
        return GroupPath, (self.kind, self.name)

    @property
    def key(self) -> tuple[str, str]:
        return (self.kind, self.name)


class RosterSlot(str):
    """The path of one head count of a group's roster in a scenario file: a shift's ``agents``
    (``field.posts.gate.roster.shifts.night.agents``) or, with ``shift`` None, a rotation's
    ``people_per_crew``. Knows its ``group`` (a GroupPath) and ``shift`` as values; equal to
    (and hashed as) the plain path."""

    group: GroupPath
    shift: str | None

    def __new__(cls, group: GroupPath, shift: str | None = None) -> "RosterSlot":
        tail = "rotation.people_per_crew" if shift is None else f"shifts.{shift}.agents"
        slot = super().__new__(cls, f"{group}.roster.{tail}")
        slot.group, slot.shift = group, shift
        return slot

    def __reduce__(self):
        return RosterSlot, (self.group, self.shift)
