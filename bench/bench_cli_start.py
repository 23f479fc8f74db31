"""How fast the command-line tools start: ``python -m planner --help`` and ``python -m sim --help``.

What it measures
    The wall time of each command in a fresh interpreter (``subprocess``, best of ``--repeat``),
    beside two references measured in the same run: a bare interpreter (``python -c pass``) and
    one importing what the CLIs no longer import at start (pandas, SciPy's statistics, pydantic
    and SimPy: the libraries the loader, the runner and the reports need).

How to run
    .venv/bin/python bench/bench_cli_start.py [--repeat 7]

What the ratio means
    ratio = a CLI's start / the bare interpreter's. Near 1 the CLI adds little to Python's own
    start; the heavy reference's ratio shows what importing the libraries at start would cost.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def best_s(command: list[str], repeat: int) -> float:
    """The least wall time of ``repeat`` runs of ``command`` (output discarded)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - started)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    python = sys.executable
    bare = best_s([python, "-c", "pass"], args.repeat)
    rows = [("python -c pass (reference)", bare),
            ("import pandas, scipy.stats, pydantic, simpy", best_s(
                [python, "-c", "import pandas, scipy.stats, pydantic, simpy"], args.repeat)),
            ("python -m planner --help", best_s([python, "-m", "planner", "--help"], args.repeat)),
            ("python -m sim --help", best_s([python, "-m", "sim", "--help"], args.repeat))]
    load = os.getloadavg()[0]
    print(f"best of {args.repeat} runs each; load average {load:.2f} on {os.cpu_count()} cores")
    for name, seconds in rows:
        print(f"{name:48s} {seconds:6.3f} s   ratio to bare {seconds / bare:5.2f}")


if __name__ == "__main__":
    main()
