"""Parameter sweeps: one scenario run at every point of a grid of field values.

``sweep(scenario_path, {"demand.calls.single.rate_per_minute": [9, 10], ...})`` runs the
cartesian product of the values, every point with the same seed (common random numbers, so
differences between points are not sampling noise), and returns a tidy table: one row per
(point, KPI), with a column per grid path then stream, metric, group, mean, ci_low, ci_high,
target, status.

Every (point, chunk of replications) task is submitted to the executor at once, so the workers
stay busy across points; a point's replications are split into contiguous chunks of about
total replications ÷ (2 × workers) (never spanning two points), so there are about two tasks per
worker and the per-task overhead (pickling a scenario, starting a task) stays small beside the
replications it carries. Results are assembled by point and replication number, so the table is
identical whichever executor ran it and in whatever order the tasks finished.

CLI: ``python -m sim sweep SCENARIO --grid path=v1,v2 [--grid ...] [--out FILE.csv]
[--parquet FILE.parquet] [--executor serial|process|dask] [--workers W] [--streaming]``.
"""

from __future__ import annotations

import itertools
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from sim.scenario.errors import MISSING, Issue, ScenarioError
from sim.scenario.loader import load_scenario
from sim.files import temp_beside
from sim.running.runner import RunResult, run_jobs, streaming_options
from sim.results.streaming import BLOCK_SIZE

KPI_COLUMNS = ["stream", "metric", "group", "mean", "ci_low", "ci_high", "target", "status"]


def parse_grid(specs: Iterable[str]) -> dict[str, list[Any]]:
    """``["a.b=1,2", "c=x,y"]`` → ``{"a.b": [1, 2], "c": ["x", "y"]}``; values are YAML scalars.
    Raises :class:`ScenarioError` naming the path and value of every bad entry."""
    specs = list(specs)
    grid: dict[str, list[Any]] = {}
    issues: list[Issue] = [] if specs else [Issue("(grid)", MISSING, "give at least one --grid path=v1,v2,...", "--grid")]
    for spec in specs:
        path, sep, raw = spec.partition("=")
        path = path.strip()
        if not sep or not path:
            issues.append(Issue(path or "(grid)", spec, "a grid is written path=v1,v2,... (e.g. --grid seed=1,2)", "--grid"))
            continue
        if path in grid:
            issues.append(Issue(path, spec, "this path is already in the grid; give each path once", "--grid"))
            continue
        values = []
        for text in raw.split(","):
            if not text.strip():
                issues.append(Issue(path, raw, "empty value in the grid; write path=v1,v2,...", "--grid"))
                break
            try:
                value = yaml.safe_load(text)
            except yaml.YAMLError:
                issues.append(Issue(path, text.strip(), "not a YAML scalar", "--grid"))
                break
            if isinstance(value, (list, dict)):
                issues.append(Issue(path, text.strip(), "grid values must be scalars (numbers, text, true/false, null)", "--grid"))
                break
            values.append(value)
        else:
            if len(set(map(repr, values))) != len(values):
                issues.append(Issue(path, raw, "the grid repeats a value", "--grid"))
            else:
                grid[path] = values
    if issues:
        raise ScenarioError(issues)
    return grid


#: The most points a sweep may have (every point is loaded and checked before any runs).
MAX_POINTS = 10_000


def grid_points(grid: Mapping[str, Sequence[Any]]) -> list[dict[str, Any]]:
    """The cartesian product of the grid, first path varying slowest."""
    paths = list(grid)
    return [dict(zip(paths, combo)) for combo in itertools.product(*(grid[p] for p in paths))]


def _override(path: str, value: Any) -> str:
    text = yaml.safe_dump([value], default_flow_style=True, allow_unicode=True).strip()
    return f"{path}={text[1:-1]}"  # the value as YAML flow text, without the list's brackets


def chunk_replications(counts: Sequence[int], workers: int) -> list[list[list[int]]]:
    """Per point, its replication numbers (0 .. count - 1) in contiguous chunks of about
    sum(counts) ÷ (2 × workers) (at least one replication each): about two tasks per worker."""
    size = max(1, math.ceil(sum(counts) / (2 * max(workers, 1))))
    return [[[int(r) for r in c] for c in np.array_split(np.arange(n), math.ceil(n / size))] for n in counts]


def sweep(scenario: str | Path | Mapping[str, Any], grid: Mapping[str, Sequence[Any]], *,
          overrides: Iterable[str] = (), replications: int | None = None, seed: int | None = None,
          days: float | None = None, executor=None, workers: int = 1, progress=None,
          streaming: bool = False, block_size: int = BLOCK_SIZE, max_events: float | None = None) -> pd.DataFrame:
    """Run ``scenario`` at every point of ``grid`` (``{path: values}``) with the same seed and
    return the tidy KPI table. Every point is loaded (and checked) before any runs, so a bad
    value fails fast with a :class:`ScenarioError` naming its path and value.

    The tasks of every point go to ``executor`` at once (or to a new process pool of
    ``workers``, or run here when ``workers`` is 1); ``progress(done, total)`` counts the
    replications of the whole sweep. ``streaming``: each replication in streaming mode
    (sim/results/streaming.py)."""
    base = list(overrides)
    base += [f"{path}={value}" for path, value in
             (("calendar.horizon_days", days), ("replications", replications), ("seed", seed)) if value is not None]
    if math.prod(len(values) for values in grid.values()) > MAX_POINTS:
        raise ScenarioError([Issue("(grid)", MISSING, f"the grid has "
                                   f"{math.prod(len(values) for values in grid.values()):,} points; at most {MAX_POINTS:,}")])
    points = grid_points(grid)
    if not points:
        raise ScenarioError([Issue("(grid)", MISSING, "the grid has no points")])
    scenarios = []
    issues: list[Issue] = []
    for point in points:
        try:
            scenarios.append(load_scenario(scenario, base + [_override(p, v) for p, v in point.items()]))
        except ScenarioError as exc:
            issues += [i for i in exc.issues if i not in issues]
    if issues:
        raise ScenarioError(issues)
    if max_events is not None:
        from sim.running.budget import BudgetError
        from sim.scenario.workload import run_events

        total = sum(run_events(s) for s in scenarios)
        if total > max_events:
            raise BudgetError(f"the sweep would simulate about {total:,.0f} events over {len(points)} points; "
                              f"the budget is {max_events:,.0f} (--max-events): fewer points, days or replications")
    seeds = {s.seed for s in scenarios}
    if len(seeds) != 1 and "seed" not in grid:
        raise ScenarioError([Issue("seed", sorted(seeds), "every point of a sweep must use the same seed")])
    options = streaming_options(streaming, block_size, None, False)
    n_workers = max(workers, getattr(executor, "_max_workers", 1)) if executor is not None else workers
    chunks = chunk_replications([s.replications for s in scenarios], n_workers)
    owners = [i for i, point_chunks in enumerate(chunks) for _ in point_chunks]
    jobs = [(scen, scen.seed, c, False, options) for scen, point_chunks in zip(scenarios, chunks) for c in point_chunks]
    parts = run_jobs(jobs, executor=executor, workers=workers, progress=progress)
    results: list[list] = [[] for _ in points]
    for owner, part in zip(owners, parts):
        results[owner] += part
    frames = []
    for point, scen, point_results in zip(points, scenarios, results):
        run = RunResult(scen, scen.seed, sorted(point_results, key=lambda r: r.replication))
        table = run.kpi_table()[KPI_COLUMNS].copy()
        for i, (path, value) in enumerate(point.items()):
            table.insert(i, path, [value] * len(table))
        frames.append(table)
    out = pd.concat(frames, ignore_index=True)
    for path in grid:  # one type per column (Parquet needs it): mixed values become text
        kinds = {"number" if isinstance(v, (int, float)) and not isinstance(v, bool) else type(v).__name__
                 for v in grid[path] if v is not None}
        if len(kinds) > 1:
            out[path] = out[path].map(lambda v: None if v is None else str(v))
    for col in ("group", "status"):
        out[col] = out[col].map(lambda v: v if isinstance(v, str) else None).astype(object)
    return out


def write_csv(table: pd.DataFrame, path: str | Path) -> None:
    from sim.files import write_atomic

    write_atomic(path, table.to_csv(index=False, lineterminator="\n"))


def write_parquet(table: pd.DataFrame, path: str | Path) -> None:
    """Write ``table`` to ``path`` atomically (a temp file in the same directory, then replace)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = temp_beside(path)
    os.close(fd)
    try:
        table.to_parquet(tmp, index=False)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
