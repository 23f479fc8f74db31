"""The proposal as a Word document (python-docx, with the OOXML python-docx has no API for).

A4 portrait; numbered headings in the built-in Heading 1/2 styles (Word's navigation pane and
TOC use them); a TOC field whose cached entries carry the page numbers found by a first PDF pass
(``toc_pages``; without it the entries have none until Word updates the field); captions
"表 3-1 …" / "Table 3.1 …" with a SEQ field per chapter (identifier 表3 / Table3, so Word and
LibreOffice both number from 1 in each chapter); a footer with a PAGE field; tables with a
repeated header row, right-aligned numbers and bold totals. Chinese text is set in 宋体 (body)
and 黑体 (headings) through ``w:eastAsia`` on the styles and on every run; Latin text in Times
New Roman and Arial. The PDF resolves SimSun/SimHei through planner/proposal/fonts.conf.
"""

from __future__ import annotations

import io

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT, WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from planner.proposal.model import Document, Figure, Paragraph, Table

PAGE_WIDTH_CM, PAGE_HEIGHT_CM = 21.0, 29.7
MARGINS_CM = {"top": 2.5, "bottom": 2.3, "left": 2.5, "right": 2.5}
TEXT_WIDTH_CM = PAGE_WIDTH_CM - MARGINS_CM["left"] - MARGINS_CM["right"]
#: (Latin, East Asian) fonts of body text and headings.
BODY_FONTS = ("Times New Roman", "SimSun")
HEADING_FONTS = ("Arial", "SimHei")
HEADER_FILL = "D9E2F3"
#: Tables with merged group cells and at most this many rows, and other tables of at most half
#: as many, are kept on one page (keep-with-next on every row); longer ones break with their
#: header row repeated (a table of 13-24 rows that was kept whole left half a page empty).
KEEP_TOGETHER_ROWS = 12
#: A longer table may break across pages (its header repeats), but never leaves fewer than
#: this many rows with its caption and header, nor this many at the end on a page of their own,
#: and never inside a merged group of rows.
KEEP_ENDS_ROWS = 3
TOTAL_FILL = "F2F2F2"


def write_docx(doc: Document, path, images: dict[str, bytes], toc_pages: dict[int, int] | None = None) -> None:
    """Write ``doc`` to ``path``. ``images``: PNG bytes by figure number; ``toc_pages``: page
    number of each section (index into ``doc.sections``) for the TOC's cached entries."""
    d = docx.Document()
    zh = doc.lang == "zh"
    _page_setup(d)
    _styles(d, zh)
    _footer(d, doc)
    _cover(d, doc)
    _toc(d, doc, toc_pages or {})
    bookmark = 0
    for index, section in enumerate(doc.sections):
        p = d.add_paragraph(style=f"Heading {section.level}")
        if index == 0:  # the body starts on the page after the table of contents
            p.paragraph_format.page_break_before = True
        _bookmarked_run(p, section.heading, _toc_anchor(index), bookmark, HEADING_FONTS)
        bookmark += 1
        for block in section.blocks:
            if isinstance(block, Paragraph):
                _paragraph(d, block, zh)
            elif isinstance(block, Table):
                if block.in_docx:
                    _table(d, block)
            elif isinstance(block, Figure):
                _figure(d, block, images[block.number])
    props = d.core_properties
    props.title = f"{doc.title}：{doc.subtitle}" if zh else f"{doc.title}: {doc.subtitle}"
    props.author = ""
    props.language = "zh-CN" if zh else "en-GB"
    d.save(path)


# ---------------------------------------------------------------------------- page, styles

def _page_setup(d) -> None:
    section = d.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    section.top_margin, section.bottom_margin = Cm(MARGINS_CM["top"]), Cm(MARGINS_CM["bottom"])
    section.left_margin, section.right_margin = Cm(MARGINS_CM["left"]), Cm(MARGINS_CM["right"])
    section.header_distance, section.footer_distance = Cm(1.3), Cm(1.2)
    section.different_first_page_header_footer = True


def _set_fonts(rpr, fonts: tuple[str, str], zh: bool | None = None) -> None:
    """Explicit Latin and East Asian fonts on an rPr (theme fonts removed: they would win)."""
    for old in rpr.findall(qn("w:rFonts")):
        rpr.remove(old)
    fonts_el = OxmlElement("w:rFonts")
    latin, east_asian = fonts
    for attr, value in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asian), ("w:cs", latin)):
        fonts_el.set(qn(attr), value)
    rpr.insert(0, fonts_el)
    if zh is not None:
        for old in rpr.findall(qn("w:lang")):
            rpr.remove(old)
        # Latin text keeps Western line breaking (a Chinese w:val lets numbers break anywhere).
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), "en-US" if zh else "en-GB")
        lang.set(qn("w:eastAsia"), "zh-CN")
        rpr.append(lang)


def _style(d, name: str, base: str | None = None):
    styles = d.styles
    try:
        return styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        if base:
            style.base_style = styles[base]
        return style


def _styles(d, zh: bool) -> None:
    body_pt = 12 if zh else 11
    defaults = d.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr, BODY_FONTS, zh)

    normal = d.styles["Normal"]
    _set_fonts(normal.element.get_or_add_rPr(), BODY_FONTS, zh)
    normal.font.size = Pt(body_pt)
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
    pf.line_spacing = 1.3 if zh else 1.15
    pf.space_before, pf.space_after = Pt(0), Pt(4)

    for level, size, before, after in ((1, 16, 18, 12), (2, 14, 12, 6)):
        style = d.styles[f"Heading {level}"]
        _set_fonts(style.element.get_or_add_rPr(), HEADING_FONTS, zh)
        style.font.size = Pt(size)
        style.font.bold = not zh
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        spf = style.paragraph_format
        spf.space_before, spf.space_after = Pt(before), Pt(after)
        spf.keep_with_next = True
        # Chapters and appendices follow on (a page each would leave half-empty pages); only the
        # first starts a page, after the table of contents.
        spf.page_break_before = False
        spf.line_spacing = 1.2
        spf.first_line_indent = None

    caption = d.styles["Caption"]
    _set_fonts(caption.element.get_or_add_rPr(), HEADING_FONTS, zh)
    caption.font.size = Pt(10.5)
    caption.font.bold = not zh
    caption.font.italic = False
    caption.font.color.rgb = RGBColor(0, 0, 0)
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.space_before, caption.paragraph_format.space_after = Pt(6), Pt(4)

    cell = _style(d, "Table Text", "Normal")
    cell.font.size = Pt(9)
    cpf = cell.paragraph_format
    cpf.line_spacing, cpf.space_before, cpf.space_after = 1.0, Pt(1), Pt(1)
    cpf.first_line_indent = None

    note = _style(d, "Table Note", "Normal")
    note.font.size = Pt(9)
    note.paragraph_format.space_after = Pt(8)
    note.paragraph_format.line_spacing = 1.15

    for level in (1, 2):
        toc = _style(d, f"toc {level}", "Normal")
        toc.paragraph_format.left_indent = Cm(0 if level == 1 else 0.8)
        toc.paragraph_format.space_after = Pt(3 if level == 1 else 1)
        toc.paragraph_format.tab_stops.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        if level == 1:
            toc.font.bold = not zh
            _set_fonts(toc.element.get_or_add_rPr(), HEADING_FONTS if zh else BODY_FONTS, zh)


def _run(paragraph, text: str, fonts=BODY_FONTS, *, bold: bool | None = None, size_pt: float | None = None):
    """A run with its Latin and East Asian fonts set (w:eastAsia on the run, as on the styles)."""
    run = paragraph.add_run(text)
    _set_fonts(run._r.get_or_add_rPr(), fonts)
    if bold is not None:
        run.bold = bold
    if size_pt is not None:
        run.font.size = Pt(size_pt)
    return run


def _field(paragraph, instruction: str, cached: str, fonts=BODY_FONTS, **run_kwargs) -> None:
    """A complex field (PAGE, SEQ, ...) with ``cached`` as its shown result."""
    def char(kind):
        run = _run(paragraph, "", fonts, **run_kwargs)
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run._r.append(el)

    char("begin")
    run = _run(paragraph, "", fonts, **run_kwargs)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    char("separate")
    _run(paragraph, cached, fonts, **run_kwargs)
    char("end")


def _footer(d, doc: Document) -> None:
    footer = d.sections[0].footer
    p = footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, doc.labels["page_before"], size_pt=9)
    _field(p, "PAGE", "1", size_pt=9)
    if doc.labels["page_after"]:
        _run(p, doc.labels["page_after"], size_pt=9)


# ---------------------------------------------------------------------------- cover and TOC

def _cover(d, doc: Document) -> None:
    zh = doc.lang == "zh"
    for _ in range(5):
        d.add_paragraph()
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, doc.title, HEADING_FONTS, bold=not zh, size_pt=26)
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(48)
    _run(p, doc.subtitle, HEADING_FONTS, bold=False, size_pt=18)
    table = d.add_table(rows=len(doc.cover), cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = (4.6, 8.8)
    _fixed_layout(table, widths)
    for row, (label, value) in zip(table.rows, doc.cover):
        for cell, text, bold, width in zip(row.cells, (label, value), (True, False), widths):
            cell.width = Cm(width)
            para = cell.paragraphs[0]
            para.paragraph_format.space_before, para.paragraph_format.space_after = Pt(4), Pt(4)
            _run(para, text, HEADING_FONTS if bold else BODY_FONTS, bold=bold and not zh, size_pt=12)
            _cell_border(cell, bottom="single")
    for _ in range(3):
        d.add_paragraph()
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, doc.date, size_pt=12)
    p.runs[-1].add_break(WD_BREAK.PAGE)


def _toc_anchor(index: int) -> str:
    return f"_Toc{index + 1:08d}"


def _toc(d, doc: Document, pages: dict[int, int]) -> None:
    zh = doc.lang == "zh"
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(18)
    _run(p, doc.labels["toc"], HEADING_FONTS, bold=not zh, size_pt=16)
    begin = d.add_paragraph(style="toc 1")
    for kind, text in (("begin", None), ("instr", ' TOC \\o "1-2" \\h \\z \\u '), ("separate", None)):
        run = _run(begin, "")
        if kind == "instr":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        run._r.append(el)
    first = True
    for index, section in enumerate(doc.sections):
        para = begin if first else d.add_paragraph(style=f"toc {section.level}")
        if first:
            para.style = d.styles[f"toc {section.level}"]
            first = False
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), _toc_anchor(index))
        link.set(qn("w:history"), "1")
        para._p.append(link)
        fonts = HEADING_FONTS if section.level == 1 and zh else BODY_FONTS
        for text in (section.heading, "\t", str(pages.get(index, ""))):
            r = _run(para, text, fonts)
            link.append(r._r)
    end = d.add_paragraph()
    run = _run(end, "")
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), "end")
    run._r.append(el)


def _bookmarked_run(paragraph, text: str, name: str, bookmark_id: int, fonts) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(bookmark_id))
    start.set(qn("w:name"), name)
    paragraph._p.append(start)
    _run(paragraph, text, fonts)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(bookmark_id))
    paragraph._p.append(end)


# ---------------------------------------------------------------------------- blocks

def _paragraph(d, block: Paragraph, zh: bool) -> None:
    if block.style == "bullet":
        p = d.add_paragraph(style="List Bullet")
    elif block.style == "note":
        p = d.add_paragraph(style="Table Note")
    else:
        p = d.add_paragraph()
        if zh:
            p.paragraph_format.first_line_indent = Pt(24)
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _run(p, block.text)


def _caption(d, item, keep_with_next: bool) -> None:
    p = d.add_paragraph(style="Caption")
    p.paragraph_format.keep_with_next = keep_with_next
    sep = item.number[len(item.chapter):-len(str(item.seq))]
    _run(p, f"{item.label} {item.chapter}{sep}", HEADING_FONTS)
    _field(p, f"SEQ {item.label}{item.chapter} \\* ARABIC", str(item.seq), HEADING_FONTS)
    _run(p, f" {item.title}", HEADING_FONTS)


def _widths(table: Table) -> list[float]:
    widths = [c.width_cm for c in table.columns]
    total = sum(widths)
    scale = TEXT_WIDTH_CM / total if total > TEXT_WIDTH_CM else 1.0
    return [w * scale for w in widths]


def _insert(parent, child, successors: tuple[str, ...]) -> None:
    """Insert ``child`` before the first of ``successors`` present (OOXML fixes child order)."""
    for tag in successors:
        found = parent.find(qn(f"w:{tag}"))
        if found is not None:
            found.addprevious(child)
            return
    parent.append(child)


def _fixed_layout(table, widths: list[float]) -> None:
    table.autofit = False  # w:tblLayout w:type="fixed"
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths):
        col.set(qn("w:w"), str(int(width * 567)))


def _cell_margins(table, cm: float) -> None:
    mar = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(int(cm * 567)))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    _insert(table._tbl.tblPr, mar, ("tblLook", "tblCaption", "tblDescription"))


def _shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    _insert(tc_pr, shd, ("noWrap", "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark"))


def _cell_border(cell, **sides) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    for side, kind in sides.items():
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), kind)
        el.set(qn("w:sz"), "6")
        el.set(qn("w:color"), "808080")
        borders.append(el)
    _insert(tc_pr, borders, ("shd", "noWrap", "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark"))


_TR_PR_ORDER = ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter", "cantSplit", "trHeight",
                "tblHeader", "tblCellSpacing", "jc", "hidden")


def _row_flag(row, tag: str) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    _insert(tr_pr, OxmlElement(f"w:{tag}"), _TR_PR_ORDER[_TR_PR_ORDER.index(tag) + 1:])


def _set_style(paragraph, style_id: str) -> None:
    """Set a paragraph's style by id (python-docx's by-name setter is slow on big tables)."""
    paragraph._p.get_or_add_pPr().style = style_id


def _table(d, table: Table) -> None:
    _caption(d, table, keep_with_next=True)
    cell_style = d.styles["Table Text"].style_id
    widths = _widths(table)
    t = d.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    t.style = d.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_layout(t, widths)
    if table.font_pt < 9 or len(table.columns) > 7:
        _cell_margins(t, 0.1)
    header = t.rows[0]
    _row_flag(header, "tblHeader")
    _row_flag(header, "cantSplit")
    for cell, column, width in zip(header.cells, table.columns, widths):
        cell.width = Cm(width)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        _shade(cell, HEADER_FILL)
        p = cell.paragraphs[0]
        _set_style(p, cell_style)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = True
        for i, part in enumerate(column.label.split("\n")):
            run = _run(p, part, HEADING_FONTS, bold=True, size_pt=table.font_pt)
            if i < column.label.count("\n"):
                run.add_break()
    keep_together = len(table.rows) <= (KEEP_TOGETHER_ROWS if table.merge_first_column else KEEP_TOGETHER_ROWS // 2)
    for i, (row, data) in enumerate(zip(t.rows[1:], table.rows)):
        _row_flag(row, "cantSplit")
        for cell, value, column, width in zip(row.cells, data.cells, table.columns, widths):
            cell.width = Cm(width)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            p = cell.paragraphs[0]
            _set_style(p, cell_style)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if value.numeric else WD_ALIGN_PARAGRAPH.LEFT
            if value.text == "—" and not value.numeric:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.keep_with_next = i < len(table.rows) - 1 and (
                keep_together or i < KEEP_ENDS_ROWS or i >= len(table.rows) - 1 - KEEP_ENDS_ROWS
                or (table.merge_first_column and _same_group(table.rows[i], table.rows[i + 1])))
            _run(p, value.text, bold=bool(data.emphasis) or None, size_pt=table.font_pt)
            if data.emphasis:
                _shade(cell, TOTAL_FILL)
    if table.merge_first_column:
        _merge_first_column(t, table)
    if table.note:
        p = d.add_paragraph(style="Table Note")
        _run(p, table.note, size_pt=9)
    else:
        d.add_paragraph(style="Table Note")


def _same_group(row, following) -> bool:
    """Whether ``following`` continues ``row``'s merged group (a page break between them would
    leave the rows on the next page without their group's name)."""
    return not row.emphasis and not following.emphasis and following.cells[0].text == row.cells[0].text


def _merge_first_column(t, table: Table) -> None:
    """Merge runs of equal text in the first column (departments), totals excluded."""
    rows = table.rows
    start = 0
    while start < len(rows):
        end = start
        text = rows[start].cells[0].text
        while end + 1 < len(rows) and not rows[end + 1].emphasis and rows[end + 1].cells[0].text == text \
                and not rows[start].emphasis:
            end += 1
        if end > start:
            top, bottom = t.cell(start + 1, 0), t.cell(end + 1, 0)
            for r in range(start + 2, end + 2):
                for p in t.cell(r, 0).paragraphs:
                    for run in list(p.runs):
                        run._r.getparent().remove(run._r)
            merged = top.merge(bottom)
            for extra in merged.paragraphs[1:]:
                extra._p.getparent().remove(extra._p)
            merged.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        start = end + 1


def _figure(d, figure: Figure, png: bytes) -> None:
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.keep_with_next = True
    p.paragraph_format.space_before = Pt(6)
    p.paragraph_format.line_spacing = 1.0
    p.add_run().add_picture(io.BytesIO(png), width=Cm(TEXT_WIDTH_CM))
    _caption(d, figure, keep_with_next=bool(figure.note))
    if figure.note:
        note = d.add_paragraph(style="Table Note")
        _run(note, figure.note, size_pt=9)
