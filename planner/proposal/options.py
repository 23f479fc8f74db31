"""The proposal's options: its output formats and languages, how they are checked, and the error
every step of an export raises (:class:`ProposalError`, a message naming what and what is allowed)."""

from __future__ import annotations

#: Output formats, in the order they are written (the PDF is converted from the DOCX).
FORMATS: tuple[str, ...] = ("docx", "xlsx", "pdf")
#: Languages: Chinese (the default) and English.
LANGS: tuple[str, ...] = ("zh", "en")
#: Editions (planner.proposal.edition), the default first: the internal one keeps everything for
#: the team's review; the submission is what a bid hands in (the app offers it first).
EDITIONS: tuple[str, ...] = ("internal", "submission")


class ProposalError(ValueError):
    """A proposal cannot be made: a bad option, an unreadable plan, or a missing tool. The
    message says what and what is allowed; ``code`` names what failed so the app says it in its
    language without reading the message: a plan.json that cannot be used (``not_plan``,
    ``old_plan``, ``plan_field``, ``not_json``, ``too_deep``), a portfolio.json (``not_portfolio``),
    a plan that may not be submitted (``not_submittable``), a missing tool (``no_font``,
    ``no_office``) or a PDF conversion that failed (``pdf_timeout``, ``pdf_failed``)."""

    def __init__(self, message: str, code: str | None = None):
        super().__init__(message)
        self.code = code


def check_options(formats, lang: str) -> tuple[str, ...]:
    """``formats`` (a comma-separated string or a sequence) as a tuple in FORMATS order, after
    checking them and ``lang``; ProposalError naming the option, the value and what is allowed."""
    if isinstance(formats, str):
        formats = [f.strip() for f in formats.split(",")]
    formats = [str(f).strip().lower() for f in formats]
    if not any(formats):
        raise ProposalError(f"--proposal: no format given; allowed: {', '.join(FORMATS)} (comma-separated)")
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ProposalError(f"--proposal: unknown format {','.join(unknown)!r}; allowed: {', '.join(FORMATS)} "
                            f"(comma-separated, e.g. docx,xlsx,pdf)")
    if lang not in LANGS:
        raise ProposalError(f"--lang: unknown language {lang!r}; allowed: {', '.join(LANGS)}")
    return tuple(f for f in FORMATS if f in formats)


def file_stem(lang: str, edition: str) -> str:
    """The files' name: proposal_zh (the internal edition, as before editions), proposal_zh_submission."""
    return f"proposal_{lang}" if edition == "internal" else f"proposal_{lang}_{edition}"
