"""The proposal export: the staffing and cost chapters of a property management proposal
(物业管理方案: 管理服务人员配备方案, 服务费用收支测算) as Word, Excel and PDF, in Chinese or English.

``export_proposal(plan, out_dir, formats, lang)`` renders a plan (the dict of plan.json) and
returns the files written by format. Modules: ``text`` (every visible string, zh and en),
``model`` and ``content`` (the document model both writers render, built from the plan),
``options`` (formats, languages, the error), ``formats`` (how numbers are shown), ``charts``, ``docx_writer``, ``xlsx_writer``, ``pdf``
(LibreOffice headless, with ``fonts.conf``), ``export`` (staging and atomic replacement),
``chart_data`` (the figures' numbers, stored in plan.json when a plan is made). This module
imports none of them until an export runs. See docs/proposal.md.
"""

from __future__ import annotations

from pathlib import Path

from planner.proposal.options import EDITIONS, FORMATS, LANGS, ProposalError, check_options

__all__ = ["EDITIONS", "FORMATS", "LANGS", "ProposalError", "check_options", "export_proposal", "load_plan"]


def export_proposal(plan: dict, out_dir, formats=FORMATS, lang: str = "zh", edition: str = "internal") -> dict[str, Path]:
    """Write the proposal of ``plan`` (plan.json's dict) into ``out_dir`` as
    ``proposal_<lang>.<format>`` (the submission edition ``proposal_<lang>_submission.<format>``,
    planner.proposal.edition) for each of ``formats``; return {format: path}. Each file is
    written atomically. Raises :class:`ProposalError` on a bad format, language, edition or plan,
    on a submission of a plan that may not be submitted, or when the PDF cannot be made
    (LibreOffice missing or failing)."""
    from planner.proposal.export import export

    return export(plan, out_dir, formats=formats, lang=lang, edition=edition)


def load_plan(path) -> dict:
    """plan.json as a dict; :class:`ProposalError` naming the file when it cannot be read."""
    from planner.proposal.export import load_plan as _load

    return _load(path)


__all__ = ["EDITIONS", "FORMATS", "LANGS", "ProposalError", "check_options", "export_proposal", "load_plan"]
