"""The proposal's tables as an Excel workbook (openpyxl), readable in Excel and LibreOffice.

Every table with a ``sheet`` goes to that sheet (several tables may share one, a blank row
apart), under its caption, with a styled header row (frozen on the sheet's first table), column
widths, and number formats matching the Word tables. Values are written as numbers, totals
included, so nothing needs recalculating; formulas appear only in a table's what-if column, where
a planner edits an input (the fee, the collection rate) and sees income and balance follow.
"""

from __future__ import annotations

import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from planner.proposal.formats import excel_format
from planner.proposal.model import Document, Table

HEADER_FILL = PatternFill("solid", fgColor="D9E2F3")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
ZH_FONT, EN_FONT = "SimSun", "Arial"
#: Excel column width units per cm of the Word column (one unit ≈ one digit).
UNITS_PER_CM = 5.2


def write_xlsx(doc: Document, path) -> None:
    """Write the tables of ``doc`` that name a sheet to ``path``."""
    zh = doc.lang == "zh"
    font_name = ZH_FONT if zh else EN_FONT
    wb = Workbook()
    wb.remove(wb.active)
    for table in doc.tables():
        if not table.sheet:
            continue
        if table.sheet in wb.sheetnames:
            ws = wb[table.sheet]
            first_row = ws.max_row + 3
            first_table = False
        else:
            ws = wb.create_sheet(table.sheet)
            first_row = 1
            first_table = True
            ws.sheet_properties.pageSetUpPr.fitToPage = True
            ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
            ws.page_setup.paperSize = ws.PAPERSIZE_A4
        _write_table(ws, table, first_row, first_table, font_name)
    wb.properties.title = f"{doc.title} {doc.subtitle}"
    wb.properties.creator = ""
    wb.properties.language = "zh-CN" if zh else "en-GB"
    wb.save(path)


def _write_table(ws, table: Table, top: int, first_table: bool, font_name: str) -> None:
    ws.cell(top, 1, table.caption).font = Font(name=font_name, bold=True, size=12)
    header = top + 1
    columns = list(table.columns)
    edit_col = len(columns) + 1 if table.what_if else None
    joiner = "" if font_name == ZH_FONT else " "  # header lines joined: Chinese without a space
    labels = [c.label.replace("\n", joiner) for c in columns] + ([table.what_if_label] if edit_col else [])
    for j, label in enumerate(labels, start=1):
        cell = ws.cell(header, j, label)
        cell.font = Font(name=font_name, bold=True, size=10)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    rows_by_key = {row.key: header + 1 + i for i, row in enumerate(table.rows) if row.key}
    for i, row in enumerate(table.rows):
        r = header + 1 + i
        bold = bool(row.emphasis)
        for j, value in enumerate(row.cells, start=1):
            cell = ws.cell(r, j)
            if value.numeric and value.value is not None:
                cell.value = float(value.value) if not isinstance(value.value, int) else value.value
                cell.number_format = excel_format(value.kind, value.prefix, value.suffix)
                cell.alignment = Alignment(horizontal="right", vertical="center")
            else:
                cell.value = None if value.value in (None, "") else value.text
                cell.alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
            cell.font = Font(name=font_name, bold=bold, size=10)
            cell.border = BORDER
            if row.emphasis:
                cell.fill = TOTAL_FILL
        if edit_col:
            _what_if_cell(ws, table, row, r, edit_col, rows_by_key, font_name)
    for j, column in enumerate(columns, start=1):
        letter = get_column_letter(j)
        width = max(column.width_cm * UNITS_PER_CM, ws.column_dimensions[letter].width or 0)
        ws.column_dimensions[letter].width = min(width, 60)
    if edit_col:
        ws.column_dimensions[get_column_letter(edit_col)].width = 18
    ws.row_dimensions[header].height = 30
    if first_table:
        ws.freeze_panes = ws.cell(header + 1, 1)


def _what_if_cell(ws, table: Table, row, r: int, col: int, rows_by_key: dict[str, int], font_name: str) -> None:
    """An editable copy of an input's value, or a formula over the inputs."""
    cell = ws.cell(r, col)
    cell.border = BORDER
    cell.font = Font(name=font_name, size=10, bold=bool(row.emphasis))
    source = row.cells[table.value_column]
    letter = get_column_letter(col)
    if row.key in table.what_if_inputs:
        cell.value = source.value
        cell.fill = INPUT_FILL
    elif row.key in table.what_if:
        formula = re.sub(r"\{(\w+)\}", lambda m: f"{letter}{rows_by_key[m.group(1)]}", table.what_if[row.key])
        cell.value = f"={formula}"
    else:
        return
    cell.number_format = excel_format(source.kind, source.prefix, source.suffix)
    cell.alignment = Alignment(horizontal="right", vertical="center")
