"""Every notebook runs in a real Jupyter kernel (jupytext reads the percent .py as a notebook,
nbclient executes it cell by cell in ipykernel's python3 kernel, as JupyterLab would) at small
sizes (short horizons, 3 replications), and its assertions hold: a notebook that works as a
script but breaks in a kernel fails here."""

import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py"))
ENV = {**os.environ, "NOTEBOOK_REPLICATIONS": "3", "NOTEBOOK_DAYS": "3", "MPLBACKEND": "Agg"}
ENV.pop("NOTEBOOK_SAVE_FIGURES", None)


def test_five_notebooks():
    assert [p.name[:2] for p in NOTEBOOKS] == ["01", "02", "03", "04", "05"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_in_a_kernel(path, monkeypatch):
    import jupytext
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    for name, value in ENV.items():
        if os.environ.get(name) != value:
            monkeypatch.setenv(name, value)
    monkeypatch.delenv("NOTEBOOK_SAVE_FIGURES", raising=False)
    monkeypatch.delenv("MPLBACKEND", raising=False)    # the kernel's own inline backend, as in JupyterLab
    notebook = jupytext.read(path)
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute()
    except CellExecutionError as exc:
        pytest.fail(f"{path.name} failed in the kernel:\n{str(exc)[-4000:]}")
    printed = "".join(o.get("text", "") for c in notebook.cells if c.cell_type == "code"
                      for o in c.get("outputs", []) if o.get("output_type") == "stream")
    assert "all conclusions hold" in printed
    assert any(o.get("output_type") == "display_data" and "image/png" in o.get("data", {})
               for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])), "no figure shown inline"


def test_notebooks_are_paired_with_ipynb():
    """Each percent .py declares its pairing with an .ipynb (jupytext formats), so JupyterLab
    saves edits to both."""
    import jupytext

    for path in NOTEBOOKS:
        assert jupytext.read(path).metadata["jupytext"]["formats"] == "ipynb,py:percent", path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_jupytext(path):
    pytest.importorskip("jupytext")
    done = subprocess.run([sys.executable, "-m", "jupytext", "--to", "ipynb", "--output", "-", str(path.relative_to(ROOT))],
                          cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    import json
    cells = json.loads(done.stdout)["cells"]
    assert any(c["cell_type"] == "markdown" for c in cells) and any(c["cell_type"] == "code" for c in cells)
