"""The notebooks run as scripts (short horizons, 3 replications) and their assertions hold;
jupytext reads them as percent-format notebooks."""

import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py"))
ENV = {**os.environ, "NOTEBOOK_REPLICATIONS": "3", "NOTEBOOK_DAYS": "3", "MPLBACKEND": "Agg"}
ENV.pop("NOTEBOOK_SAVE_FIGURES", None)


def test_four_notebooks():
    assert [p.name[:2] for p in NOTEBOOKS] == ["01", "02", "03", "04"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs(path):
    done = subprocess.run([sys.executable, str(path)], cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "all conclusions hold" in done.stdout


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_jupytext(path):
    pytest.importorskip("jupytext")
    done = subprocess.run([sys.executable, "-m", "jupytext", "--to", "ipynb", "--output", "-", str(path.relative_to(ROOT))],
                          cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    import json
    cells = json.loads(done.stdout)["cells"]
    assert any(c["cell_type"] == "markdown" for c in cells) and any(c["cell_type"] == "code" for c in cells)
