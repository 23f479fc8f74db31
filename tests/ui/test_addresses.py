"""ui/addresses.py: which request paths are sent to the app's root (the browser test of the
redirect itself is in tests/ui/test_library_browser.py, on serve.py)."""

from __future__ import annotations

import re

from conftest import REPO
from ui.addresses import PAGE_PATHS, is_unknown_page


def test_the_page_paths_are_the_apps_own():
    """PAGE_PATHS is app.py's url_paths: a page added there and not here would be redirected away."""
    assert set(re.findall(r'url_path="([^"]+)"', (REPO / "app.py").read_text(encoding="utf-8"))) == PAGE_PATHS


def test_unknown_pages_and_what_is_left_alone():
    for path in ("/xyz", "/simulate/old", "/Simulate", "/home/x", "/%2e%2e/etc/passwd"):
        assert is_unknown_page(path), path
    for path in ("/", "", "/simulate", "/scenario", "/library/", "/_stcore/health", "/_planner/signin",
                 "/media/abc.png", "/simulate/_stcore/health", "/index.html", "/favicon.png"):
        assert not is_unknown_page(path), path
