"""PDF from the DOCX through LibreOffice headless, and the page texts of a PDF (poppler's
pdftotext) to find the page of each heading for the table of contents.

LibreOffice runs with its own temporary profile (``-env:UserInstallation``; made once per
process, reused by later conversions, which start faster, and removed at exit or after a
failure), one conversion at a time, with a timeout, and with ``FONTCONFIG_FILE`` pointing at this
package's fonts.conf: the system configuration plus aliases that resolve Word's Chinese fonts
(宋体/SimSun, 黑体/SimHei, ...) to the installed Noto CJK SC fonts, so the PDF embeds real glyphs.

The Noto CJK fonts come as collections (one .ttc holding the Japanese, Korean, Simplified and
Traditional Chinese faces), and LibreOffice's PDF export embeds a collection's first face (the
Japanese one, with Japanese glyph forms) whichever face fontconfig chose. So the Simplified
Chinese faces are copied out of their collections once (:func:`fonts_conf`, into the user's cache)
and LibreOffice is given a configuration that offers those copies and not the collections.
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
#: The faces the document's fonts resolve to (fonts.conf): family and style.
SC_FACES = (("Noto Serif CJK SC", "Regular"), ("Noto Serif CJK SC", "Bold"),
            ("Noto Sans CJK SC", "Regular"), ("Noto Sans CJK SC", "Bold"))


def fonts_conf() -> Path:
    """The fontconfig file LibreOffice runs with: fonts.conf, plus the Simplified Chinese faces of
    the Noto CJK collections as fonts of their own (copied once into the user's cache) with the
    collections themselves left out (module doc). fonts.conf alone when a face cannot be copied
    (no fc-match, no fontTools, an unwritable cache)."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "planner-proposal-fonts"
    try:
        collections = set()
        for family, style in SC_FACES:
            found = subprocess.run(["fc-match", "-f", "%{file}|%{index}|%{postscriptname}", f"{family}:style={style}"],
                                   capture_output=True, text=True, timeout=30,
                                   env=dict(os.environ, FONTCONFIG_FILE=str(FONTS_CONF))).stdout
            path, index, name = found.split("|")
            if not path.lower().endswith((".ttc", ".otc")) or not name.startswith("Noto"):
                continue
            collections.add(path)
            target = cache / f"{name}.otf"
            if not target.exists():
                _copy_face(Path(path), int(index), target)
        if not collections:
            return FONTS_CONF
        conf = cache / "fonts.conf"
        rejected = "".join(f"<glob>{p}</glob>" for p in sorted(collections))
        text = (f'<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n<fontconfig>\n'
                f"  <include>{FONTS_CONF}</include>\n  <dir>{cache}</dir>\n"
                f"  <selectfont><rejectfont>{rejected}</rejectfont></selectfont>\n</fontconfig>\n")
        if not conf.exists() or conf.read_text(encoding="utf-8") != text:
            _write_beside(conf, text.encode())
        return conf
    except (OSError, ValueError, ImportError, subprocess.SubprocessError):
        return FONTS_CONF


def _copy_face(collection: Path, index: int, target: Path) -> None:
    """Face ``index`` of a font collection as a font file of its own (written whole, then renamed),
    its CFF font named as the face is (the collection's faces share one CFF table, named after the
    first face: NotoSerifCJKjp-Regular, which the PDF would show as the embedded font's name)."""
    from fontTools.ttLib import TTCollection

    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=target.parent, suffix=".otf.tmp")
    os.close(handle)
    try:
        face = TTCollection(str(collection), lazy=True).fonts[index]
        face_name = face["name"].getDebugName(6) or ""
        face.save(name, reorderTables=False)
        _rename_cff(Path(name), face_name)
        os.replace(name, target)
    finally:
        Path(name).unlink(missing_ok=True)


def _rename_cff(path: Path, name: str) -> None:
    """Name the CFF font in the font file ``path`` after its face ``name`` (NotoSerifCJKsc-Regular),
    in place: the collection's shared CFF names it and its sub-fonts (NotoSerifCJKjp-Regular,
    NotoSerifCJKjp-Regular-VKana, ...) after the first face, and a PDF names an embedded font so.
    Only names as long as the face's are changed (the language tag, jp for sc), in the CFF's name
    and string indexes at its start, so no offset moves; the table's checksum is mended."""
    import struct
    from array import array

    head, _, tail = name.partition("CJK")
    if not tail or len(tail) < 3 or tail[2] != "-":
        return
    data = bytearray(path.read_bytes())
    tables = struct.unpack(">H", data[4:6])[0]
    for entry in range(12, 12 + 16 * tables, 16):
        if data[entry:entry + 4] != b"CFF ":
            continue
        offset, length = struct.unpack(">II", data[entry + 8:entry + 16])
        names_end = offset + min(length, 65536)  # the name and string indexes lead the table
        own = f"{head}CJK{tail[:3]}".encode("ascii")
        for tag in (b"jp", b"kr", b"tc", b"hk", b"sc"):
            other = f"{head}CJK".encode("ascii") + tag + b"-"
            data[offset:names_end] = bytes(data[offset:names_end]).replace(other, own)
        words = array("I", bytes(data[offset:offset + length]) + b"\0" * (-length % 4))
        if struct.pack("=I", 1) != struct.pack(">I", 1):
            words.byteswap()
        data[entry + 4:entry + 8] = struct.pack(">I", sum(words) & 0xFFFFFFFF)
        path.write_bytes(data)
        return


def _write_beside(target: Path, content: bytes) -> None:
    handle, name = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
    with os.fdopen(handle, "wb") as out:
        out.write(content)
    os.replace(name, target)


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
                            "(Debian: apt-get install libreoffice-writer-nogui)", "no_office")
    out_dir.mkdir(parents=True, exist_ok=True)
    with _LOCK:
        # LibreOffice's own temporary files go inside its profile, so removing the profile
        # (at exit, after a failure or a kill) removes them too.
        scratch = Path(_profile()) / "tmp"
        scratch.mkdir(exist_ok=True)
        env = dict(os.environ, FONTCONFIG_FILE=str(fonts_conf()), TMPDIR=str(scratch), TMP=str(scratch), TEMP=str(scratch))
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
            raise ProposalError(f"LibreOffice did not convert {docx_path.name} to PDF within {timeout_s:g} s",
                                "pdf_timeout") from None
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
                                + (f": {detail[-1]}" if detail else ""), "pdf_failed")
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
