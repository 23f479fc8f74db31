#!/usr/bin/env bash
# Opens the analysts' notebooks in JupyterLab: sets up (scripts/setup.sh), makes or refreshes each
# percent .py notebook's paired .ipynb (jupytext; the .py files are the source, the .ipynb are
# not committed), then serves JupyterLab on notebooks/ with the project's kernel (python3 of .venv).
# Edits saved in JupyterLab go to both files of a pair. Extra arguments go to `jupyter lab`
# (e.g. --no-browser --port 8899).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/jupytext --sync notebooks/[0-9][0-9]_*.py
root=(); [ "$(id -u)" -eq 0 ] && root=(--allow-root)   # JupyterLab refuses root without it
exec .venv/bin/jupyter lab --notebook-dir=notebooks "${root[@]}" "$@"
