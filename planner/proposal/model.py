"""The document model both writers render: sections of paragraphs, tables of typed cells, and
figures. A table's numbers live here once, so Word and Excel cannot disagree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from planner.proposal.formats import NUMERIC, format_value


@dataclass(frozen=True)
class Cell:
    """A value and how to show it (``kind`` of :mod:`planner.proposal.formats`)."""

    value: Any
    kind: str = "text"
    prefix: str = ""
    suffix: str = ""

    @property
    def text(self) -> str:
        return format_value(self.value, self.kind, self.prefix, self.suffix)

    @property
    def numeric(self) -> bool:
        return self.kind in NUMERIC


@dataclass(frozen=True)
class Column:
    label: str
    width_cm: float
    numeric: bool = False


@dataclass
class Row:
    cells: list[Cell]
    #: "" (plain), "group" (a heading row inside the table) or "total" (bold).
    emphasis: str = ""
    #: Name for the Excel what-if formulas (Table.what_if).
    key: str = ""


@dataclass
class Table:
    """A numbered table. ``sheet``: the Excel sheet it goes to (None: Word only); several tables
    may share a sheet. ``what_if``: Excel only, an extra column where the rows named in
    ``what_if_inputs`` repeat their value (column ``value_column``) as editable inputs and the
    rows named in ``what_if`` hold formulas over them, written ``{key}``."""

    label: str            # 表 / Table
    number: str           # 3-1 / 3.1
    chapter: str          # 3, A
    seq: int              # 1, 2, ...
    title: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    note: str = ""
    sheet: str | None = None
    in_docx: bool = True
    font_pt: float = 9.0
    merge_first_column: bool = False
    what_if: dict[str, str] = field(default_factory=dict)
    what_if_inputs: tuple[str, ...] = ()
    what_if_label: str = ""
    value_column: int = 1

    @property
    def caption(self) -> str:
        return f"{self.label} {self.number} {self.title}"


@dataclass
class Figure:
    """A numbered chart: ``chart`` names the drawing in :mod:`planner.proposal.charts`, ``data``
    holds its numbers and labels (already in the document's language)."""

    label: str
    number: str
    chapter: str
    seq: int
    title: str
    chart: str
    data: dict
    height_cm: float = 9.0
    note: str = ""

    @property
    def caption(self) -> str:
        return f"{self.label} {self.number} {self.title}"


@dataclass
class Paragraph:
    text: str
    style: str = "body"   # body | note | bullet


@dataclass
class Section:
    number: str
    title: str
    level: int
    blocks: list = field(default_factory=list)
    #: The heading as printed (number and title).
    heading: str = ""


@dataclass
class Document:
    lang: str
    title: str
    subtitle: str
    cover: list[tuple[str, str]]
    date: str
    sections: list[Section]
    labels: dict[str, str] = field(default_factory=dict)

    def tables(self) -> list[Table]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Table)]

    def figures(self) -> list[Figure]:
        return [b for s in self.sections for b in s.blocks if isinstance(b, Figure)]
