"""A package's face imported on first use (PEP 562): ``__getattr__`` and ``__dir__`` for a
package whose names live in its modules, so that importing one module of the package (or a
CLI's ``--help``) does not load the rest (pandas, SciPy, pydantic)."""

from __future__ import annotations

import importlib
from typing import Any, Callable, Mapping


def lazy_face(package: str, face: Mapping[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for ``package``, whose name ``n`` lives in module ``face[n]``."""

    def __getattr__(name: str) -> Any:
        if name in face:
            return getattr(importlib.import_module(face[name]), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    def __dir__() -> list[str]:
        return sorted(set(vars(importlib.import_module(package))) | set(face))

    return __getattr__, __dir__
