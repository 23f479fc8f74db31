"""``python -m sim fit RECORDS... --site NAME --base BASE.yaml --out SCENARIO.yaml``: the demand of a
site fitted to its own records, written as a scenario that extends the base; ``--check DIR``
also simulates it and sets its KPIs beside the records' (sim/records/check.py)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from sim.files import write_atomic
from sim.records.schema import KINDS
from sim.scenario.errors import ScenarioError


def add_fit_parser(sub) -> None:
    fit = sub.add_parser("fit", help="fit a scenario's demand to a site's records (call logs, tickets, gate events, work orders)")
    fit.add_argument("records", nargs="+", metavar="KIND=FILE",
                     help=f"CSV or Excel exports; KIND is one of {', '.join(KINDS)} (a bare FILE's kind is read from "
                          "its name, e.g. calls_june.csv)")
    fit.add_argument("--site", required=True, help="the site of the base scenario the records come from")
    fit.add_argument("--base", required=True, metavar="BASE.yaml",
                     help="scenario the fitted one extends (its site quantities turn counts into rates)")
    fit.add_argument("--out", required=True, metavar="SCENARIO.yaml", help="the fitted scenario to write")
    fit.add_argument("--start", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                     help="first day of the period (default: the first record's day); records before are skipped")
    fit.add_argument("--end", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                     help="last day of the period (default: the last record's day); records after are skipped")
    fit.add_argument("--map", action="append", default=[], metavar="KIND.FIELD=COLUMN",
                     help="the export's column for a field, e.g. --map calls.time=来电时间 (repeatable)")
    fit.add_argument("--utc-offset-h", type=float, default=8.0, metavar="HOURS",
                     help="the site's offset from UTC, for times written with an offset (…+08:00, …Z): they are "
                          "turned into the site's local time (default 8, China)")
    fit.add_argument("--level", type=float, default=0.95, help="confidence level of the intervals (default 0.95)")
    fit.add_argument("--report", metavar="FILE.json", help="also write every estimate and skipped row count as JSON")
    fit.add_argument("--check", metavar="DIR",
                     help="also simulate the fitted scenario and write its KPIs beside the records' to DIR")
    fit.add_argument("--replications", type=int, default=5, help="replications of the check (default 5)")


def fit_main(args: argparse.Namespace) -> int:
    from sim.records.fitting import fit_demand
    from sim.records.reading import RecordsError, parse_mapping, read_all
    from sim.records.render import render_scenario, report_json
    from sim.scenario.loader import load_scenario

    if not 0.5 <= args.level < 1:
        print(f"error: --level must be in [0.5, 1), got {args.level}", file=sys.stderr)
        return 2
    if not -12 <= args.utc_offset_h <= 14:
        print(f"error: --utc-offset-h must be between -12 and 14 hours, got {args.utc_offset_h:g}", file=sys.stderr)
        return 2
    try:
        mapping = parse_mapping(args.map)
        base = load_scenario(args.base)
        period = None
        if args.start or args.end:
            from sim.records.reading import period_of, read_records, parse_source
            if not (args.start and args.end):
                sets = [read_records(p, k, mapping.get(k), utc_offset_h=args.utc_offset_h)
                        for k, p in map(parse_source, args.records)]
                first, last = period_of(sets)
                period = (args.start or first, args.end or last)
            else:
                period = (args.start, args.end)
        sets, period = read_all(args.records, mapping, period, utc_offset_h=args.utc_offset_h)
        if args.site not in base.sites:
            raise RecordsError([f"--site {args.site!r}: not a site of {args.base}; its sites: {', '.join(base.sites)}"])
        fit = fit_demand(sets, period, base, args.site, level=args.level)
    except (RecordsError, ScenarioError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for rs in sets:
        print(rs.summary())
    for note in fit.notes:
        print(note)
    text = render_scenario(fit, args.site, args.base, args.out, args.records)
    try:
        write_atomic(args.out, text)
        if args.report:
            write_atomic(args.report, report_json(fit))
    except OSError as exc:
        print(f"error: cannot write: {exc}", file=sys.stderr)
        return 2
    try:
        fitted = load_scenario(args.out)
    except ScenarioError as exc:   # a defect of the fit, not of the input: say so plainly
        print(f"error: the fitted scenario {args.out} does not load: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {args.out}: {len(fit.estimates)} fitted numbers, period {period[0]} to {period[1]}")
    if args.check:
        from sim.records.check import check_fit, write_check
        result = check_fit(fitted, sets, replications=max(1, args.replications), level=args.level)
        paths = write_check(result, Path(args.check))
        print(result.text())
        print("wrote " + ", ".join(str(p) for p in paths))
    return 0
