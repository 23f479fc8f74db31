"""``export_proposal``: build the document once, write the chosen formats, replace the files at
the end.

Everything is written into a staging directory first; only when every requested file is
complete are they moved into ``out_dir`` (os.replace from the same directory), so a failed
export leaves the previous files as they were and no half-written one.

The DOCX's table of contents carries page numbers: a first LibreOffice pass turns the DOCX into
a PDF, pdftotext finds each heading's page, and the DOCX is written again with those numbers
(then converted again when a PDF was asked for). Without LibreOffice the TOC has no numbers
(Word fills them when the field is updated).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from planner.proposal.options import FORMATS, ProposalError, check_options, file_stem
from planner.proposal import charts, pdf
from planner.proposal.content import build_document
from planner.proposal.docx_writer import write_docx
from planner.proposal.model import Document
from planner.proposal.xlsx_writer import write_xlsx
from sim.files import temp_beside


#: A plan.json is a few hundred KB; anything far bigger is not one.
MAX_PLAN_BYTES = 50_000_000


def load_plan(path) -> dict:
    """plan.json as a dict; ProposalError naming the file when it is missing or not a plan."""
    path = Path(path)
    try:
        if path.is_dir() or (path.exists() and not path.is_file()):
            raise ProposalError(f"PLAN_JSON: {path} is not a regular file; give a plan.json written by "
                                f"`python -m planner plan`")
        if path.exists() and path.stat().st_size > MAX_PLAN_BYTES:
            raise ProposalError(f"PLAN_JSON: {path} is larger than {MAX_PLAN_BYTES:,} bytes; a plan.json is far smaller")
        plan = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ProposalError(f"PLAN_JSON: {path} does not exist; give a plan.json written by "
                            f"`python -m planner plan`") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProposalError(f"PLAN_JSON: cannot read {path}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise ProposalError(f"PLAN_JSON: {path} is not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
                            f"give a plan.json written by `python -m planner plan`") from None
    except RecursionError:
        raise ProposalError(f"PLAN_JSON: {path} is nested too deeply to be a plan.json") from None
    if isinstance(plan, dict) and plan.get("kind") == "portfolio":
        return plan  # a portfolio.json: its chapter (planner.proposal.portfolio) checks it as it renders
    if not isinstance(plan, dict) or "staffing" not in plan or "evidence" not in plan:
        raise ProposalError(f"PLAN_JSON: {path} is not a plan.json (no staffing and evidence); give a plan.json "
                            f"written by `python -m planner plan`")
    from planner.proposal.content import check_plan

    try:
        check_plan(plan)
    except ProposalError as exc:
        raise ProposalError(f"PLAN_JSON: {path}: {exc}") from None
    return plan


def export(plan: dict, out_dir, formats=FORMATS, lang: str = "zh", edition: str = "internal") -> dict[str, Path]:
    formats = check_export(formats, lang)
    return write_document(build_document(plan, lang, edition=edition), out_dir, file_stem(lang, edition), formats)



def check_export(formats, lang: str) -> tuple[str, ...]:
    """The formats checked (``check_options``), and a PDF refused before any work when
    LibreOffice is missing."""
    formats = check_options(formats, lang)
    if "pdf" in formats and pdf.soffice() is None:
        raise ProposalError("--proposal pdf needs LibreOffice: soffice is not on PATH "
                            "(Debian: apt-get install libreoffice-writer-nogui)", "no_office")
    return formats


def write_document(doc: Document, out_dir, stem: str, formats) -> dict[str, Path]:
    """Write ``doc`` as ``{stem}.{fmt}`` for each of ``formats`` (checked by ``check_export``)
    into ``out_dir``: staged, then moved into place together (module doc). The proposal and the
    portfolio chapter both write through here."""
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ProposalError(f"--out: cannot create {out_dir}: {exc}") from None
    staged: dict[str, Path] = {}
    with tempfile.TemporaryDirectory(prefix=f"{stem}-") as work_dir:
        work = Path(work_dir)
        if "xlsx" in formats:
            staged["xlsx"] = work / f"{stem}.xlsx"
            write_xlsx(doc, staged["xlsx"])
        if "docx" in formats or "pdf" in formats:
            images = {figure.number: charts.render(figure) for figure in doc.figures()}
            docx_path = work / f"{stem}.docx"
            write_docx(doc, docx_path, images)
            if pdf.soffice() is not None:  # (a PDF asked for without it was refused by check_export)
                first = pdf.convert_to_pdf(docx_path, work / "first-pass")
                texts = pdf.page_texts(first)
                if texts is not None:
                    pages = pdf.heading_pages(texts, [s.heading for s in doc.sections])
                    write_docx(doc, docx_path, images, toc_pages=pages)
                    if "pdf" in formats:
                        staged["pdf"] = pdf.convert_to_pdf(docx_path, work / "final")
                elif "pdf" in formats:
                    staged["pdf"] = first
            if "docx" in formats:
                staged["docx"] = docx_path
        return _publish(staged, out_dir, stem)


def _publish(staged: dict[str, Path], out_dir: Path, stem: str) -> dict[str, Path]:
    """Copy the staged files next to their targets, then replace the targets."""
    temps: dict[str, Path] = {}
    try:
        for fmt, source in staged.items():
            handle, name = temp_beside(out_dir / stem, suffix=f".{fmt}.tmp")
            os.close(handle)
            shutil.copyfile(source, name)
            temps[fmt] = Path(name)
        out = {}
        for fmt in FORMATS:
            if fmt in temps:
                target = out_dir / f"{stem}.{fmt}"
                os.replace(temps.pop(fmt), target)
                out[fmt] = target
        return out
    except OSError as exc:
        raise ProposalError(f"--out: cannot write the proposal to {out_dir}: {exc}") from None
    finally:
        for leftover in temps.values():
            leftover.unlink(missing_ok=True)
