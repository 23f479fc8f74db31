"""What a move of the search changes, as values: the group (its ``(kind, name)``), the shifts
(each with its start and length, so a shift the search made up is said by its times, never read
from its name), the field changed and by how much, or the design option switched.

A :class:`Change` is what the search's steps, its progress events and plan.json's steps carry;
the app and the proposal put it in words from these values. Its :attr:`Change.label` is the
move's one string form (``centre.pools.service_desk day +1``), written for the command line,
the logs and the descent's memo of failed moves, and never read back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sim.scenario.paths import GroupPath

ChangeKind = Literal["add", "remove", "transfer", "retime", "retime_all", "split", "resize", "consolidate",
                     "option", "compound"]
#: The field of a shift (or of a rotation) a change sets.
Field = Literal["agents", "people_per_crew", "start", "length_h"]


@dataclass(frozen=True)
class ShiftRef:
    """A shift as a change names it: its key and its times (a made-up shift has no other name)."""

    name: str
    start: str
    length_h: float

    @classmethod
    def of(cls, name: str, shift: dict) -> "ShiftRef":
        """The shift ``name`` of a roster (as JSON)."""
        return cls(name, str(shift["start"]), float(shift["length_h"]))


@dataclass(frozen=True)
class Change:
    """One move's change. ``group``: the staffed group; ``shift``: the shift changed (None for a
    rotation, every shift of the group, or an option); ``field`` and ``delta`` (people, or
    minutes for ``retime_all``), the new ``start`` and ``length_h``; ``other``: a transfer's
    shift to, a consolidation's second shift; ``made``: the shift a split or consolidation
    makes; ``option`` and ``on``: a design option switched; ``parts``: a compound's moves."""

    kind: ChangeKind
    group: GroupPath | None = None
    shift: ShiftRef | None = None
    field: Field | None = None
    delta: int | None = None
    start: str | None = None
    length_h: float | None = None
    other: ShiftRef | None = None
    made: ShiftRef | None = None
    option: str | None = None
    on: bool | None = None
    parts: tuple["Change", ...] = ()

    @property
    def label(self) -> str:
        """The move's one string form (the command line, logs, the certificate's moves)."""
        g, s = self.group, self.shift.name if self.shift is not None else None
        if self.kind == "compound":
            return ", then ".join(p.label for p in self.parts)
        if self.kind == "option":
            return f"{'with' if self.on else 'without'} {self.option}"
        if self.kind in ("add", "remove"):
            return f"{g} rotation {self.delta:+d} per crew" if s is None else f"{g} {s} {self.delta:+d}"
        if self.kind == "transfer":
            return f"{g} {s} → {self.other.name}"
        if self.kind == "retime":
            return f"{g} {s} starts {self.start}"
        if self.kind == "retime_all":
            return f"{g} every shift {self.delta:+d} min"
        if self.kind == "split":
            return f"{g} one of {s} to a new shift at {self.start}"
        if self.kind == "resize":
            return f"{g} {s} {self.length_h:g} h"
        if self.other is not None and self.other.name != s:  # consolidate
            return f"{g} one of {s} and one of {self.other.name} → one {self.length_h:g} h shift at {self.start}"
        return f"{g} two of {s} → one {self.length_h:g} h shift at {self.start}"

    def then(self, second: "Change") -> "Change":
        """This change and then ``second`` (a compound move)."""
        return Change("compound", self.group, parts=(*(self.parts or (self,)), *(second.parts or (second,))))

    def to_dict(self) -> dict[str, Any]:
        """plan.json's form: the fields that are set, the group as ``{"kind", "name"}``."""
        out: dict[str, Any] = {"kind": self.kind}
        if self.group is not None:
            out["group"] = {"kind": self.group.kind, "name": self.group.name}
        for name in ("shift", "other", "made"):
            ref = getattr(self, name)
            if ref is not None:
                out[name] = {"name": ref.name, "start": ref.start, "length_h": ref.length_h}
        for name in ("field", "delta", "start", "length_h", "option", "on"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        if self.parts:
            out["parts"] = [p.to_dict() for p in self.parts]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Change":
        """A change as :meth:`to_dict` wrote it."""
        group = data.get("group")
        refs = {name: ShiftRef(str(data[name]["name"]), str(data[name]["start"]), float(data[name]["length_h"]))
                for name in ("shift", "other", "made") if data.get(name)}
        return cls(data["kind"], GroupPath(group["kind"], group["name"]) if group else None,
                   field=data.get("field"), delta=data.get("delta"), start=data.get("start"),
                   length_h=data.get("length_h"), option=data.get("option"), on=data.get("on"),
                   parts=tuple(cls.from_dict(p) for p in data.get("parts") or ()), **refs)
