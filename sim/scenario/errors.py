"""Scenario errors that name the field, the value and what is allowed."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping


@dataclass(frozen=True)
class Issue:
    """One problem in a scenario: the dotted field path, the offending value, the message, and
    where it was written (file and line) when that is known; ``code`` and ``params`` when the
    loader worded the message itself."""

    path: str
    value: Any
    message: str
    source: str | None = None
    line: int | None = None
    #: What the problem is as values, when the loader worded it itself (sim.scenario.problems):
    #: its code and parameters, from which the app says it in either language.
    code: str | None = None
    params: Mapping[str, Any] | None = field(default=None, compare=False)

    def __str__(self) -> str:
        where = ""
        if self.source:
            where = f"{self.source}:{self.line}: " if self.line else f"{self.source}: "
        shown = _show(self.value)
        field = self.path or "(scenario)"
        return f"{where}{field}" + (f" = {shown}" if shown is not None else "") + f": {self.message}"


def _show(value: Any) -> str | None:
    if value is _MISSING:
        return None
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 80 else text[:77] + "..."


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


_MISSING = _Missing()
MISSING: Any = _MISSING


class ScenarioError(ValueError):
    """A scenario that cannot be used; ``issues`` lists every problem found."""

    def __init__(self, issues: list[Issue]):
        self.issues = list(issues)
        super().__init__(self.message())

    def message(self) -> str:
        head = "invalid scenario" if len(self.issues) == 1 else f"invalid scenario ({len(self.issues)} problems)"
        return head + ":\n" + "\n".join(f"  - {issue}" for issue in self.issues)
