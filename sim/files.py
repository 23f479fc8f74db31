"""Saving files so that they are never half-written: a temporary file beside the target, then an
atomic rename (``write_atomic``); the temporary file has the permissions of a plain new file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def temp_beside(path: Path, suffix: str = "") -> tuple[int, str]:
    """A new temporary file in ``path``'s directory (for an atomic replace of ``path``), with
    the permissions a plain new file gets (mkstemp's are owner-only): (descriptor, name)."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
    umask = os.umask(0)
    os.umask(umask)
    os.fchmod(fd, 0o666 & ~umask)
    return fd, tmp


def write_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` so that the file is either the old one or the whole new one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = temp_beside(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
