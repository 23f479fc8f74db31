"""Addresses the app does not have are sent to its root, not to Streamlit's English "Page not found".

Streamlit answers every address it has no file for with its page, whose browser code then shows
an English "Page not found" dialog for a path that names no page: a typo or an old bookmark left
a Chinese user facing English. :class:`UnknownPagesToRoot` (serve.py mounts it) redirects a GET
or HEAD of such an address to ``/`` with its query kept (the language, the scenario), before
Streamlit sees it. Left alone: the pages' own paths (:data:`PAGE_PATHS`, app.py's ``url_path``;
tests/ui/test_addresses.py keeps the two equal), Streamlit's and the sign-in routes' prefixes
(:data:`SERVER_PREFIXES`), any path through ``_stcore`` (Streamlit's browser code looks for the
server's root by asking ``/<page>/_stcore/health`` and needs its 404 there), and any path
naming a file Streamlit serves (its scripts and styles).
"""

from __future__ import annotations

import os
from functools import lru_cache
from urllib.parse import unquote

#: The pages' ``url_path`` in app.py (the Scenario page at the root and by its name).
PAGE_PATHS = frozenset({"home", "scenario", "simulate", "optimise", "compare", "portfolio", "export", "library"})
#: First path segments the server answers itself: Streamlit's core, media, components and
#: static files, and the sign-in routes (ui/signin_routes.py).
SERVER_PREFIXES = frozenset({"_stcore", "_planner", "media", "component", "app", "static", "~"})


@lru_cache(maxsize=1)
def _static_dir() -> str:
    from streamlit import file_util

    return os.path.realpath(file_util.get_static_dir())


def is_unknown_page(path: str) -> bool:
    """Whether ``path`` (an HTTP request's path) names neither a page, nor a server route, nor
    a file Streamlit serves."""
    parts = [part for part in unquote(path).split("/") if part]
    if not parts:
        return False
    if parts[0] in SERVER_PREFIXES or (len(parts) == 1 and parts[0] in PAGE_PATHS) or "_stcore" in parts:
        return False  # (the browser finds the server's root by asking a page's path for _stcore/health)
    static = _static_dir()
    served = os.path.realpath(os.path.join(static, *parts))
    return not (served.startswith(static + os.sep) and os.path.isfile(served))


class UnknownPagesToRoot:
    """ASGI middleware: a GET or HEAD of an unknown page (:func:`is_unknown_page`) is answered
    with a redirect (307) to ``/`` and the same query; everything else passes through."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope.get("method") in ("GET", "HEAD") and is_unknown_page(scope.get("path", "/")):
            query = scope.get("query_string", b"").decode("latin-1")
            location = "/" + (f"?{query}" if query else "")
            await send({"type": "http.response.start", "status": 307,
                        "headers": [(b"location", location.encode("latin-1")), (b"content-length", b"0")]})
            await send({"type": "http.response.body", "body": b""})
            return
        await self.app(scope, receive, send)
