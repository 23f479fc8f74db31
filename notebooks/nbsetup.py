"""What every notebook sets up first: headless figures when run as a script (in a Jupyter kernel
the figures show inline), the repository on the import path, run sizes from the environment
(NOTEBOOK_REPLICATIONS, NOTEBOOK_DAYS) and figure saving (NOTEBOOK_SAVE_FIGURES: PNGs to
notebooks/figures/, never committed)."""

from __future__ import annotations

import os
import pathlib
import sys

import matplotlib

IN_KERNEL = "ipykernel" in sys.modules
if not IN_KERNEL:
    matplotlib.use("Agg")

ROOT = pathlib.Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

REPLICATIONS = int(os.environ.get("NOTEBOOK_REPLICATIONS", "10"))
SAVE = bool(os.environ.get("NOTEBOOK_SAVE_FIGURES"))
FIGURES = ROOT / "notebooks" / "figures"


def days(default: float) -> float:
    """Simulated days per replication: NOTEBOOK_DAYS, or the notebook's default."""
    return float(os.environ.get("NOTEBOOK_DAYS", default))


def save(fig, name: str) -> None:
    """Save a figure when NOTEBOOK_SAVE_FIGURES is set."""
    if SAVE:
        FIGURES.mkdir(parents=True, exist_ok=True)
        fig.savefig(FIGURES / name, dpi=120, bbox_inches="tight")
