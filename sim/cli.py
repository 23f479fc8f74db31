"""Command line: ``python -m sim run SCENARIO ...``, ``python -m sim check SCENARIO`` and
``python -m sim fit RECORDS... --site NAME --base BASE --out SCENARIO`` (sim/records/cli.py).

Bad input (a wrong scenario field, a missing file, a bad option) prints one clear message and
exits with status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys

from sim.scenario.errors import ScenarioError
from sim.files import write_atomic
from sim.records.cli import add_fit_parser, fit_main
from sim.running.budget import BudgetError, check_budget
from sim.running.executors import cap_workers
from sim.scenario.workload import CLI_MAX_RUN_EVENTS

# The loader (pydantic), the runner and the reports (pandas, SciPy) are imported where a command
# uses them: ``python -m sim --help`` starts without them (bench/bench_cli_start.py).


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m sim", description="Simulate a property-management contact centre.")
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="simulate a scenario and print its KPIs against the targets")
    run.add_argument("scenario", nargs="?", help="scenario YAML file (or --from-library)")
    library_option(run)
    run.add_argument("--days", type=float, help="horizon in days (overrides calendar.horizon_days)")
    run.add_argument("--replications", type=int, help="independent replications (overrides replications)")
    run.add_argument("--seed", type=int, help="random seed (overrides seed)")
    run.add_argument("--set", action="append", default=[], metavar="PATH=VALUE",
                     help="override one field, e.g. --set sites.cuihu.households=3000 (repeatable)")
    run.add_argument("--json", metavar="FILE", help="also write the KPI report as JSON")
    run.add_argument("--workers", type=int, default=1, help="processes to spread replications over (default 1)")
    run.add_argument("--executor", choices=("serial", "process", "dask"),
                     help="where replications run (default: process when --workers > 1, else serial); "
                          "dask uses $SIM_DASK_SCHEDULER or a LocalCluster")
    run.add_argument("--streaming", action="store_true",
                     help="compute the KPIs from streaming statistics instead of keeping every contact's "
                          "record (bounded memory; percentiles within 0.5%%: docs/metrics.md)")
    run.add_argument("--max-events", type=float, default=CLI_MAX_RUN_EVENTS, metavar="N",
                     help="refuse a run expected to simulate more events than this (default %(default).0e; "
                          "docs/scenario.md, Limits)")
    run.add_argument("--trace", metavar="DIR",
                     help="also write every contact's record to DIR/replication_NNNN.parquet (implies --streaming)")
    sw = sub.add_parser("sweep", help="run a scenario at every point of a grid of field values (same seed)")
    sw.add_argument("scenario", help="scenario YAML file")
    sw.add_argument("--grid", action="append", default=[], metavar="PATH=V1,V2,...",
                    help="values of one field, read as YAML scalars (repeatable; the cartesian product runs)")
    sw.add_argument("--set", action="append", default=[], metavar="PATH=VALUE")
    sw.add_argument("--days", type=float, help="horizon in days (overrides calendar.horizon_days)")
    sw.add_argument("--replications", type=int, help="replications per point")
    sw.add_argument("--seed", type=int, help="random seed, the same at every point")
    sw.add_argument("--out", metavar="FILE.csv", help="write the tidy table as CSV")
    sw.add_argument("--parquet", metavar="FILE.parquet", help="write the tidy table as Parquet")
    sw.add_argument("--executor", choices=("serial", "process", "dask"),
                    help="where replications run (default: process when --workers > 1, else serial)")
    sw.add_argument("--workers", type=int, default=1, help="workers (default 1)")
    sw.add_argument("--streaming", action="store_true", help="run every replication in streaming mode")
    sw.add_argument("--max-events", type=float, default=CLI_MAX_RUN_EVENTS, metavar="N",
                    help="refuse a sweep expected to simulate more events than this, all points together "
                         "(default %(default).0e)")
    check = sub.add_parser("check", help="validate a scenario and print what it contains")
    check.add_argument("scenario", nargs="?", help="scenario YAML file (or --from-library)")
    library_option(check)
    check.add_argument("--set", action="append", default=[], metavar="PATH=VALUE")
    sub.add_parser("schema", help="print the scenario field reference (docs/scenario.md)")
    regress = sub.add_parser("regress", help="compare scenarios' KPIs with stored baselines; exit 1 if any moved")
    regress.add_argument("scenarios", nargs="*", help="scenario files (default: every scenarios/*.yaml)")
    regress.add_argument("--set", action="append", default=[], metavar="PATH=VALUE")
    regress.add_argument("--update", action="store_true", help="rewrite the baselines and print what changed")
    regress.add_argument("--baselines", default="scenarios/baselines", help="baseline directory")
    regress.add_argument("--workers", type=int, default=1)
    add_fit_parser(sub)
    return parser


def library_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from-library", metavar="NAME[@VERSION]",
                        help="the scenario from the team's library instead of a file: its latest version, or VERSION "
                             "(PLANNER_DATABASE_URL, PLANNER_ORGANISATION: docs/library.md)")


def scenario_source(args: argparse.Namespace):
    """The scenario a command names: its file, or the data of ``--from-library`` (sim.library.access).
    Raises ScenarioError for neither or both, or what the library refuses."""
    from sim.scenario.errors import Issue

    if (args.scenario is None) == (args.from_library is None):
        raise ScenarioError([Issue("", args.scenario or args.from_library,
                                   "give a scenario file or --from-library NAME[@VERSION], one of them")])
    if args.scenario is not None:
        return args.scenario
    from sim.library.access import library_scenario_data
    from sim.library.errors import LibraryError

    try:
        return library_scenario_data(args.from_library)
    except LibraryError as exc:
        raise ScenarioError([Issue("--from-library", args.from_library, str(exc))]) from None


def progress_line(done: int, total: int) -> None:
    """A one-line progress bar on standard error (only when it is a terminal)."""
    if not sys.stderr.isatty():
        return
    width = 30
    filled = round(width * done / total)
    end = "\n" if done >= total else ""
    print(f"\r  replications [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", end=end, file=sys.stderr, flush=True)


@contextlib.contextmanager
def exit_on_termination():
    """Turn SIGTERM (a kill, a closed terminal's SIGHUP) into SystemExit, so that every
    ``finally`` and temporary folder is cleaned up as on Ctrl-C."""
    import signal

    def stop(signum, frame):
        raise SystemExit(128 + signum)

    previous = {}
    for sig in (signal.SIGTERM, signal.SIGHUP):
        try:
            previous[sig] = signal.signal(sig, stop)
        except (ValueError, OSError):  # not the main thread
            pass
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def run_cli(body, argv, *, interrupted: str, memory_hint: str) -> int:
    """Run a CLI's ``body(argv)`` so that SIGTERM, Ctrl-C and running out of memory end it
    with one line instead of a traceback (exit 130 on an interrupt, 2 out of memory)."""
    try:
        with exit_on_termination():
            return body(argv)
    except KeyboardInterrupt:
        print(f"interrupted: stopped before finishing; {interrupted}", file=sys.stderr)
        return 130
    except MemoryError:
        print(f"error: ran out of memory; {memory_hint} (docs/scenario.md, Limits)", file=sys.stderr)
        return 2


def main(argv: list[str] | None = None) -> int:
    return run_cli(_main, argv, interrupted="nothing was written",
                   memory_hint="lower calendar.horizon_days, replications or the demand, or use --streaming")


def check_output_dir(path: str, option: str) -> str | None:
    """Why ``path`` cannot take output files (checked before any work), or None: it is created
    when missing, and must be a writable directory."""
    if os.path.exists(path) and not os.path.isdir(path):
        return f"{option} {path}: exists and is not a directory"
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as exc:
        return f"{option} {path}: cannot create the directory: {exc.strerror or exc}"
    import tempfile

    try:
        with tempfile.TemporaryFile(dir=path):
            pass
    except OSError as exc:
        return f"{option} {path}: cannot write in the directory: {exc.strerror or exc}"
    return None


def check_output_file(path: str, option: str) -> str | None:
    """Why the file ``path`` cannot be written (checked before any work), or None. A missing
    folder is fine when it can be created (its nearest existing ancestor is a writable folder)."""
    if os.path.isdir(path):
        return f"{option} {path}: cannot write a file there: it is a directory"
    folder = os.path.dirname(os.path.abspath(path))
    while not os.path.exists(folder):
        folder = os.path.dirname(folder)
    if not os.path.isdir(folder):
        return f"{option} {path}: cannot write it: {folder} is a file, not a directory"
    if not os.access(folder, os.W_OK) or (os.path.exists(path) and not os.access(path, os.W_OK)):
        return f"{option} {path}: cannot write it: not writable"
    return None


def _main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "schema":
        from sim.scenario.reference import render

        print(render(), end="")
        return 0
    if args.command == "regress":
        from pathlib import Path

        from sim.running.regress import default_scenarios, regress

        try:
            return regress(args.scenarios or default_scenarios(), args.set, args.update, Path(args.baselines),
                           workers=cap_workers(args.workers))
        except ScenarioError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        except OSError as exc:
            print(f"error: cannot write the baselines in {args.baselines}: {exc.strerror or exc}", file=sys.stderr)
            return 2
    if args.command == "sweep":
        return _sweep(args)
    if args.command == "fit":
        return fit_main(args)
    overrides = list(args.set)
    if args.command == "run":
        overrides += [f"{path}={value}" for path, value in
                      (("calendar.horizon_days", args.days), ("replications", args.replications), ("seed", args.seed))
                      if value is not None]
    from sim.scenario.loader import load_scenario

    try:
        scenario = load_scenario(scenario_source(args), overrides)
    except ScenarioError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    from sim.scenario.fire_control import fire_control_warnings

    for warning in fire_control_warnings(scenario):
        print(f"warning: {warning.path}: {warning.en}", file=sys.stderr)
    if args.command == "check":
        from sim.scenario.workload import run_events, total_per_day

        print(f"{args.scenario or args.from_library}: valid scenario '{scenario.name}' with {len(scenario.sites)} site(s), "
              f"{len(scenario.centre.pools)} agent pool(s); about {total_per_day(scenario):,.0f} events on its "
              f"busiest simulated day, {run_events(scenario):,.0f} in a run")
        return 0
    if args.workers < 1:
        print(f"error: --workers must be at least 1, got {args.workers}", file=sys.stderr)
        return 2
    problems = [p for p in (check_output_dir(args.trace, "--trace") if args.trace else None,
                            check_output_file(args.json, "--json") if args.json else None) if p]
    if problems:
        print(f"error: {problems[0]}", file=sys.stderr)
        return 2
    try:
        estimate = check_budget(scenario, args.max_events)
    except BudgetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if estimate:
        print(estimate, file=sys.stderr)
    from sim.results.report import kpi_text_table, to_json
    from sim.running.runner import simulate

    workers = cap_workers(args.workers)
    kind = args.executor or ("process" if args.workers > 1 else "serial")
    mode = {"streaming": args.streaming, "trace_dir": args.trace}
    try:
        if kind == "serial":
            run = simulate(scenario, progress=progress_line, **mode)
        else:
            from sim.running.executors import make_executor

            with make_executor(kind, args.workers if kind == "dask" else workers) as executor:
                run = simulate(scenario, executor=executor, workers=workers, progress=progress_line, **mode)
    except OSError as exc:
        print(f"error: cannot write the trace to {args.trace}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(kpi_text_table(run))
    if args.json:
        try:
            write_atomic(args.json, to_json(run))
        except OSError as exc:
            print(f"error: cannot write {args.json}: {exc}", file=sys.stderr)
            return 2
    return 0


def _sweep(args: argparse.Namespace) -> int:
    """``python -m sim sweep``: the tidy KPI table of every grid point (printed, and written)."""
    from sim.running.executors import make_executor
    from sim.running.sweep import parse_grid, sweep, write_csv, write_parquet

    if args.workers < 1:
        print(f"error: --workers must be at least 1, got {args.workers}", file=sys.stderr)
        return 2
    problems = [p for p in (check_output_file(args.out, "--out") if args.out else None,
                            check_output_file(args.parquet, "--parquet") if args.parquet else None) if p]
    if problems:
        print(f"error: {problems[0]}", file=sys.stderr)
        return 2
    workers = args.workers if args.executor == "dask" else cap_workers(args.workers)
    try:
        grid = parse_grid(args.grid)
        kind = args.executor or ("process" if workers > 1 else "serial")
        with make_executor(kind, workers) as executor:
            table = sweep(args.scenario, grid, overrides=args.set, replications=args.replications,
                          seed=args.seed, days=args.days, executor=executor, workers=workers,
                          progress=progress_line, streaming=args.streaming, max_events=args.max_events)
    except (ScenarioError, BudgetError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(table.to_string(index=False))
    for path, write in ((args.out, write_csv), (args.parquet, write_parquet)):
        if path:
            try:
                write(table, path)
            except OSError as exc:
                print(f"error: cannot write {path}: {exc}", file=sys.stderr)
                return 2
    return 0
