"""PDF from the DOCX through LibreOffice headless, and the page texts of a PDF (poppler's
pdftotext) to find the page of each heading for the table of contents.

LibreOffice runs with its own temporary profile (``-env:UserInstallation``; made once per
process, reused by later conversions, which start faster, and removed at exit or after a
failure), one conversion at a time, with a timeout, and with ``FONTCONFIG_FILE`` pointing at this
package's fonts.conf: the system configuration plus aliases that resolve Word's Chinese fonts
(宋体/SimSun, 黑体/SimHei, ...) to the installed Noto CJK SC fonts, so the PDF embeds real glyphs.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
from pathlib import Path

from planner.proposal.options import ProposalError

FONTS_CONF = Path(__file__).with_name("fonts.conf")
TIMEOUT_S = 180


def soffice() -> str | None:
    """The LibreOffice executable on PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


_LOCK = threading.Lock()
_PROFILE: list[str] = []


def _profile() -> str:
    """This process's LibreOffice profile directory (made on first use)."""
    if not _PROFILE:
        path = tempfile.mkdtemp(prefix="proposal-lo-profile-")
        atexit.register(shutil.rmtree, path, ignore_errors=True)
        _PROFILE.append(path)
    return _PROFILE[0]


def _drop_profile() -> None:
    if _PROFILE:
        shutil.rmtree(_PROFILE.pop(), ignore_errors=True)


def convert_to_pdf(docx_path: Path, out_dir: Path, timeout_s: float = TIMEOUT_S) -> Path:
    """Convert ``docx_path`` to ``out_dir/<stem>.pdf`` and return that path."""
    exe = soffice()
    if exe is None:
        raise ProposalError("--proposal pdf needs LibreOffice: soffice is not on PATH "
                            "(Debian: apt-get install libreoffice-writer-nogui)")
    out_dir.mkdir(parents=True, exist_ok=True)
    with _LOCK:
        # LibreOffice's own temporary files go inside its profile, so removing the profile
        # (at exit, after a failure or a kill) removes them too.
        scratch = Path(_profile()) / "tmp"
        scratch.mkdir(exist_ok=True)
        env = dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF), TMPDIR=str(scratch), TMP=str(scratch), TEMP=str(scratch))
        command = [exe, f"-env:UserInstallation={Path(_profile()).as_uri()}", "--headless", "--norestore",
                   "--nologo", "--nodefault", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out_dir),
                   str(docx_path)]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                                   start_new_session=True)
        try:
            _, err = process.communicate(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            _drop_profile()
            raise ProposalError(f"LibreOffice did not convert {docx_path.name} to PDF within {timeout_s:g} s") from None
        except BaseException:
            # Ctrl-C or a termination signal: LibreOffice runs in its own session, so it would
            # outlive us and keep its profile; stop it and remove the profile before leaving.
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.communicate()
            _drop_profile()
            raise
        pdf = out_dir / f"{docx_path.stem}.pdf"
        if process.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
            _drop_profile()
            detail = err.decode("utf-8", "replace").strip().splitlines()
            raise ProposalError(f"LibreOffice could not convert {docx_path.name} to PDF (exit {process.returncode})"
                                + (f": {detail[-1]}" if detail else ""))
    return pdf


def page_texts(pdf: Path) -> list[str] | None:
    """The text of each page (pdftotext), or None when poppler is not installed."""
    exe = shutil.which("pdftotext")
    if exe is None:
        return None
    done = subprocess.run([exe, "-layout", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, timeout=120)
    if done.returncode != 0:
        return None
    pages = done.stdout.decode("utf-8", "replace").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def heading_pages(pages: list[str], headings: list[str]) -> dict[int, int]:
    """Page number (1-based) of each heading (by index). The table of contents lists every
    heading, so the search starts after the first page holding the last heading (the TOC's end),
    and goes forward heading by heading."""
    squashed = [_squash(p) for p in pages]
    keys = [_squash(h) for h in headings]
    if not keys:
        return {}
    toc_end = next((i for i, page in enumerate(squashed) if keys[-1] in page), -1)
    out, start = {}, toc_end + 1
    for index, key in enumerate(keys):
        found = next((i for i in range(start, len(squashed)) if key in squashed[i]), None)
        if found is not None:
            out[index] = found + 1
            start = found
    return out
