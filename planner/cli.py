"""Command line: ``python -m planner plan SCENARIO --out DIR [--proposal docx,xlsx,pdf --lang zh|en]
[--site NAME --portfolio PORTFOLIO_JSON]`` (one site of a portfolio as its own proposal),
``python -m planner proposal PLAN_JSON --out DIR [--proposal ...] [--lang ...]`` (the proposal of a
saved plan, without planning again), ``python -m planner compare A B`` and ``python -m planner
portfolio SCENARIO --out DIR`` (a group's sites and call centre, planner.portfolio).

Bad input prints one clear message and exits 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from contextlib import nullcontext
from typing import get_args

from planner.search.events import SearchEvent, render
from planner.search.settings import FULL_PLAN, PORTFOLIO_PLAN, Start
from planner.proposal import FORMATS, LANGS, ProposalError, check_options, export_proposal, load_plan
from planner.proposal.edition import check_edition, check_submission
from planner.proposal.options import EDITIONS, file_stem
from sim.scenario.errors import ScenarioError
from sim.files import write_atomic
from sim.results.kpi_key import KpiKey
from sim.results.verdicts import Verdicts
from sim.cli import check_output_dir, library_option, scenario_source
from sim.running.budget import BudgetError, check_budget
from sim.running.executors import cap_workers, make_executor
from sim.scenario.workload import CLI_MAX_RUN_EVENTS



# The planner, the loader (pydantic) and the runner (pandas, SciPy) are imported where a command
# uses them: ``python -m planner --help`` starts without them (bench/bench_cli_start.py).


def _warn(scenario) -> None:
    """Print what the scenario may do but a planner should know it does (a fire control room
    switched off: sim.scenario.fire_control)."""
    from sim.scenario.fire_control import fire_control_warnings

    for warning in fire_control_warnings(scenario):
        print(f"warning: {warning.path}: {warning.en}", file=sys.stderr)

def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m planner", description="Plan the staffing of a property-management site.")
    sub = parser.add_subparsers(dest="command", required=True)
    plan = sub.add_parser("plan", help="find the cheapest staffing that meets the targets; write plan.json and summary.txt")
    plan.add_argument("scenario", nargs="?", help="scenario YAML file (or --from-library)")
    library_option(plan)
    plan.add_argument("--out", required=True, help="output directory")
    plan.add_argument("--set", action="append", default=[], metavar="PATH=VALUE")
    plan.add_argument("--start", choices=get_args(Start), default=FULL_PLAN.start,
                      help="start from shifts covering the analytic requirements (default) or the scenario's rosters")
    plan.add_argument("--replications", type=int, default=FULL_PLAN.replications,
                      help=f"replications per candidate while searching (default {FULL_PLAN.replications})")
    plan.add_argument("--search-days", type=float, default=FULL_PLAN.search_days,
                      help=f"simulated days per candidate while searching (default {FULL_PLAN.search_days:g}; 14 finds "
                           f"leaner plans, slower)")
    plan.add_argument("--verify-replications", type=int, help="replications of the final check (default: the scenario's)")
    plan.add_argument("--workers", type=int, default=cap_workers(None))
    plan.add_argument("--executor", choices=("serial", "process", "dask"), default="process",
                      help="where the simulations run: here, a process pool of --workers (default) or a Dask cluster "
                           "(SIM_DASK_SCHEDULER, else a local one of --workers processes); the plan is the same on each")
    plan.add_argument("--site", metavar="NAME", help="plan one site of a portfolio scenario as its own proposal "
                      "(its own desk when traditional; the group centre's, unstaffed, when centralised)")
    plan.add_argument("--portfolio", metavar="PORTFOLIO_JSON",
                      help="with --site: the portfolio.json of `planner portfolio` on the same scenario: the site's "
                           "operating model and its allocated share of the group centre")
    _proposal_options(plan, default=None)
    plan.add_argument("--headroom", action="store_true",
                      help="also find how much more demand the plan takes (planner.headroom): plan.json's headroom")
    _headroom_options(plan)
    _robust_options(plan)
    room = sub.add_parser("headroom", help="how much more demand a saved plan.json takes, and the commitment that "
                                           "breaks first (no planning)")
    room.add_argument("plan_json", metavar="PLAN_JSON")
    room.add_argument("--json", action="store_true", help="print the headroom as plan.json holds it")
    room.add_argument("--workers", type=int, default=1)
    _headroom_options(room)
    proposal = sub.add_parser("proposal", help="the staffing and cost chapters of a saved plan.json (or the "
                                               "portfolio chapter of a portfolio.json) as Word, Excel and PDF "
                                               "(no planning)")
    proposal.add_argument("plan_json", metavar="PLAN_JSON")
    proposal.add_argument("--out", help="output directory (default: the directory of PLAN_JSON)")
    _proposal_options(proposal, default=",".join(FORMATS))
    folio = sub.add_parser("portfolio", help="plan a group portfolio: the centre on the pooled demand, each site's "
                                             "field; budgets, allocation, break-even; write portfolio.json")
    folio.add_argument("scenario")
    folio.add_argument("--out", required=True, help="output directory")
    folio.add_argument("--set", action="append", default=[], metavar="PATH=VALUE")
    folio.add_argument("--basis", choices=("contacts", "households", "floor_area"),
                       help="allocate the centre's cost by this (default: the scenario's portfolio.allocation_basis)")
    folio.add_argument("--replications", type=int, default=PORTFOLIO_PLAN.replications,
                       help=f"replications per candidate while searching (default {PORTFOLIO_PLAN.replications})")
    folio.add_argument("--search-days", type=float, default=PORTFOLIO_PLAN.search_days,
                       help=f"simulated days per candidate of the centre (default {PORTFOLIO_PLAN.search_days:g})")
    folio.add_argument("--site-search-days", type=float, default=7,
                       help="simulated days per candidate of a site (default 7: rare streams need a week)")
    folio.add_argument("--verify-replications", type=int, default=PORTFOLIO_PLAN.verify_replications,
                       help=f"replications of each final check (default {PORTFOLIO_PLAN.verify_replications})")
    folio.add_argument("--days", type=float, default=28, help="horizon of each final check, days (default 28)")
    folio.add_argument("--site-design-moves", action="store_true",
                       help="also retime, resize and move shifts at the sites (slower; the centre always does)")
    folio.add_argument("--head-counts-only", action="store_true",
                       help="plan the sites without design options (faster; the traditional side then costs more "
                            "than a site manager would run it)")
    folio.add_argument("--executor", choices=("serial", "process", "dask"), default="process",
                       help="where sites are planned in parallel (dask: SIM_DASK_SCHEDULER or a LocalCluster)")
    folio.add_argument("--workers", type=int, default=cap_workers(None))
    folio.add_argument("--district-sweep", type=float, nargs="*", metavar="FACTOR",
                       help="re-plan each district with its sites' spread scaled by these factors (none given: "
                            "0.5 1 1.5 2 3), up to the reach limit: where sharing stops paying")
    _proposal_options(folio, default=None, editions=False)
    compare = sub.add_parser("compare", help="two scenarios side by side: staff, cost, fee and every KPI")
    compare.add_argument("a")
    compare.add_argument("b")
    compare.add_argument("--replications", type=int)
    compare.add_argument("--days", type=float, help="horizon in days for both (default: each scenario's)")
    compare.add_argument("--workers", type=int, default=cap_workers(None))
    compare.add_argument("--as-given", action="store_true",
                         help="compare the scenarios' own rosters instead of planning each first (a side that "
                              "misses a commitment is named)")
    compare.add_argument("--search-days", type=float, default=3,
                         help="simulated days per candidate when planning each side (default 3)")
    compare.add_argument("--plan-replications", type=int, default=3,
                         help="replications per candidate when planning each side (default 3)")
    return parser


def _headroom_options(parser: argparse.ArgumentParser) -> None:
    from planner import headroom as h

    parser.add_argument("--headroom-replications", type=int, default=h.REPLICATIONS,
                        help=f"replications at each demand multiplier (default {h.REPLICATIONS})")
    parser.add_argument("--headroom-days", type=float, default=h.DAYS,
                        help=f"simulated days at each demand multiplier (default {h.DAYS:g})")
    parser.add_argument("--headroom-max", type=float, default=h.M_MAX,
                        help=f"largest demand multiplier tried (default {h.M_MAX:g})")
    parser.add_argument("--headroom-tolerance", type=float, default=h.TOLERANCE,
                        help=f"the multiplier is found to within this (default {h.TOLERANCE:g})")
    parser.add_argument("--headroom-families", action="store_true",
                        help="also each stream family's headroom (calls and tickets, remote operations, work orders, "
                             "incidents) on its own")


def _headroom_settings(args, scenario=None) -> dict:
    """The headroom's settings from the command line; ValueError naming the option when one is
    out of range (planner.headroom.check_settings; with ``scenario``, its days against its
    warm-up, and BudgetError when its runs at the largest multiplier exceed the CLI's budget)."""
    from planner.headroom import FAMILIES, check_settings, scaled

    settings = {"replications": args.headroom_replications, "days": args.headroom_days,
                "m_max": args.headroom_max, "tolerance": args.headroom_tolerance}
    try:
        check_settings(**settings, warmup_days=0.0 if scenario is None else scenario.calendar.warmup_days)
        if scenario is not None:
            check_budget(scaled(scenario, dict.fromkeys(FAMILIES, settings["m_max"])), CLI_MAX_RUN_EVENTS,
                         days=settings["days"], replications=settings["replications"],
                         what="--headroom-max, --headroom-days and --headroom-replications")
    except ValueError as exc:
        _by_flag(exc, {"replications": "--headroom-replications", "days": "--headroom-days", "m_max": "--headroom-max",
                       "tolerance": "--headroom-tolerance"})
    return settings | {"families": args.headroom_families}


def _by_flag(exc: ValueError, flags: dict[str, str]) -> None:
    """Raise ``exc`` again with the setting it starts with named by its option (``flags``);
    unchanged when it names none of them (the budget's message names its options itself)."""
    name = str(exc).split(" ", 1)[0]
    if name not in flags:
        raise exc
    raise ValueError(flags[name] + str(exc)[len(name):]) from None


def _robust_options(parser: argparse.ArgumentParser) -> None:
    from planner import robust as r

    parser.add_argument("--robust", type=float, metavar="P",
                        help="also plan for the scenario's demand_uncertainty: the cheapest design meeting every "
                             "commitment with probability at least P (0 < P < 1), its cost beside this plan's "
                             "(planner.robust): plan.json's robust")
    parser.add_argument("--robust-draws", type=int, default=r.DRAWS,
                        help=f"fresh demand draws the robust plan is checked on (default {r.DRAWS})")
    parser.add_argument("--robust-replications", type=int, default=r.REPLICATIONS,
                        help=f"replications of each draw (default {r.REPLICATIONS})")
    parser.add_argument("--robust-days", type=float, default=r.DAYS,
                        help=f"simulated days of each draw (default {r.DAYS:g})")
    parser.add_argument("--robust-seed", type=int, help="seed of the check's draws and runs (default: the "
                                                         "evidence's + 1)")


def _robust_settings(args, scenario=None) -> dict | None:
    """The robust plan's settings from the command line (None without --robust); ValueError
    naming the option out of range or, with ``scenario``, ``demand_uncertainty`` when it has
    none, and BudgetError when a check's run at the quantile demand exceeds the CLI's budget."""
    from planner.robust import check_settings, quantiles
    from planner.headroom import scaled

    if args.robust is None:
        return None
    settings = {"probability": args.robust, "draws": args.robust_draws, "replications": args.robust_replications,
                "days": args.robust_days}
    try:
        check_settings(**settings, warmup_days=0.0 if scenario is None else scenario.calendar.warmup_days)
    except ValueError as exc:
        _by_flag(exc, {"probability": "--robust", "draws": "--robust-draws", "replications": "--robust-replications",
                       "days": "--robust-days"})
    if scenario is not None:
        _, multipliers = quantiles(scenario, args.robust)  # ValueError naming demand_uncertainty
        check_budget(scaled(scenario, multipliers), CLI_MAX_RUN_EVENTS, days=args.robust_days,
                     replications=args.robust_replications, what="--robust-days and --robust-replications")
    return settings | {"seed": args.robust_seed}


def _plan_robust(args, scenario, plan, settings: dict, cluster):
    """The robust plan beside ``plan`` (planner.robust.plan_robust), planned as ``plan`` was."""
    from planner.plan import make_plan
    from planner.robust import plan_robust

    workers = 1 if args.executor == "serial" else cap_workers(args.workers)

    def make(scaled_scenario):
        return make_plan(scaled_scenario, FULL_PLAN, start=args.start, replications=args.replications,
                         search_days=args.search_days, verify_replications=args.verify_replications,
                         workers=workers, executor=cluster, progress=_say)
    return plan_robust(scenario, plan, make=make, workers=workers, **settings)


def _proposal_options(parser: argparse.ArgumentParser, default: str | None, editions: bool = True) -> None:
    parser.add_argument("--proposal", default=default, metavar="FORMATS",
                        help=f"write the proposal chapters as these comma-separated formats ({', '.join(FORMATS)})"
                             + (f"; default {default}" if default else ""))
    parser.add_argument("--lang", default="zh", metavar="LANG",
                        help=f"language of the proposal: {' or '.join(LANGS)} (default zh)")
    if not editions:  # the portfolio chapter has one edition
        return
    parser.add_argument("--edition", default="internal", metavar="EDITION",
                        help="submission: the bid's document (commitments as promised with their evidence; only of "
                             "a plan whose every commitment is shown met on the full verification), or internal: "
                             "everything for the team's review, verdict counts and parameters included (default internal)")


def _export(plan: dict, out: str, formats: tuple[str, ...], lang: str, edition: str = "internal") -> int:
    """Write the proposal; one message and 2 on failure."""
    try:
        if plan.get("kind") == "portfolio":  # portfolio.json: the chapter 集团呼叫中心与集中管控方案
            from planner.proposal.portfolio import export_portfolio

            written = export_portfolio(plan, out, formats=formats or FORMATS, lang=lang)
        else:
            written = export_proposal(plan, out, formats=formats, lang=lang, edition=edition)
    except ProposalError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path in written.values():
        print(f"wrote {path}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    from sim.cli import run_cli

    return run_cli(_main, argv, interrupted="no output was replaced",
                   memory_hint="lower calendar.horizon_days, replications or the demand")


def _main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from planner.plan import make_plan, summary_text
    from sim.scenario.loader import load_scenario
    if args.command == "portfolio":
        return _portfolio(args)
    if args.command == "headroom":
        return _headroom(args)
    formats: tuple[str, ...] = ()
    try:
        if args.command in ("plan", "proposal") and args.proposal is not None:
            formats = check_options(args.proposal, args.lang)
        elif args.command == "plan" and args.lang not in LANGS:
            raise ProposalError(f"--lang: unknown language {args.lang!r}; allowed: {', '.join(LANGS)}")
        if args.command in ("plan", "proposal"):
            check_edition(args.edition)
        if args.command == "proposal":
            plan = load_plan(args.plan_json)
            if args.edition == "submission" and plan.get("kind") != "portfolio":
                check_submission(plan)
    except ProposalError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.command == "proposal":
        out = args.out or os.path.dirname(os.path.abspath(args.plan_json))
        problem = check_output_dir(out, "--out")
        if problem:
            print(f"error: {problem}", file=sys.stderr)
            return 2
        return _export(plan, out, formats, args.lang, args.edition)
    for name in ("replications", "verify_replications", "workers"):
        value = getattr(args, name, None)
        if value is not None and value < 1:
            print(f"error: --{name.replace('_', '-')} must be at least 1, got {value}", file=sys.stderr)
            return 2
    if args.command == "plan" and not 0 < args.search_days <= 3660:
        print(f"error: --search-days must be > 0 and ≤ 3660, got {args.search_days:g}", file=sys.stderr)
        return 2
    room = robust = None
    if args.command == "plan" and args.headroom:
        try:
            room = _headroom_settings(args)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    if args.command == "plan":
        try:
            robust = _robust_settings(args)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    if args.command == "plan":
        # Before any planning: a folder that cannot take the outputs fails now, not after it.
        problem = check_output_dir(args.out, "--out")
        if problem:
            print(f"error: {problem}", file=sys.stderr)
            return 2
    try:
        if args.command == "plan":
            scenario = load_scenario(scenario_source(args), args.set)
            if args.site is not None or args.portfolio is not None:
                scenario = _own_site(scenario, args.site, args.portfolio)
            _warn(scenario)
            if room is not None:
                try:
                    room = _headroom_settings(args, scenario)
                except ValueError as exc:  # an option out of range for this scenario, or over the budget
                    print(f"error: {exc}", file=sys.stderr)
                    return 2
            if robust is not None:
                try:
                    robust = _robust_settings(args, scenario)
                except (ValueError, BudgetError) as exc:  # no demand_uncertainty, days in the warm-up, the budget
                    print(f"error: {exc}", file=sys.stderr)
                    return 2
        else:
            days = [f"calendar.horizon_days={args.days}"] if args.days else []
            scenarios = [load_scenario(path, days) for path in (args.a, args.b)]
    except (ScenarioError, ProposalError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        if args.command == "plan":
            # The search runs candidates of search_days × replications; the final check the scenario's run.
            check_budget(scenario, CLI_MAX_RUN_EVENTS, days=args.search_days, replications=args.replications)
            estimate = check_budget(scenario, CLI_MAX_RUN_EVENTS, replications=args.verify_replications)
        else:
            estimate = None
            for one in scenarios:
                estimate = check_budget(one, CLI_MAX_RUN_EVENTS, replications=args.replications) or estimate
    except BudgetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if estimate:
        print(estimate, file=sys.stderr)
    if args.command == "plan" and scenario.move_in is not None:
        return _plan_by_phase(args, scenario, formats, room, robust)
    if args.command == "plan":
        with (make_executor("dask", args.workers) if args.executor == "dask" else nullcontext()) as cluster:
            plan = make_plan(scenario, FULL_PLAN, start=args.start, replications=args.replications,
                             search_days=args.search_days, verify_replications=args.verify_replications,
                             workers=1 if args.executor == "serial" else cap_workers(args.workers), executor=cluster,
                             progress=_say)
            robust = None if robust is None else _plan_robust(args, scenario, plan, robust, cluster)
        found = None
        if room is not None:  # before plan.json and the summary: its runs are counted in their work
            from planner.headroom import plan_headroom

            found = plan_headroom(plan.search.scenario, plan.search.set_aside, plan.search.evidence.seed,
                                  workers=cap_workers(args.workers), **room)
            found.count_in(plan.search.work)
        if robust is not None:
            robust.count_in(plan.search.work)
        data = plan.to_dict()
        text = summary_text(plan)
        if found is not None:
            data["headroom"] = found.to_dict()
            text += "\n" + "\n".join(found.text())
        if robust is not None:
            data["robust"] = robust.to_dict()
            text += "\n" + "\n".join(robust.text())
        status = _write_outputs(args.out, data, text, formats, args.lang, args.edition)
        if status == 0:
            print(text)
        return status
    if not args.as_given and not 0 < args.search_days <= 3660:
        print(f"error: --search-days must be > 0 and ≤ 3660, got {args.search_days:g}", file=sys.stderr)
        return 2
    if not args.as_given and args.plan_replications < 1:
        print(f"error: --plan-replications must be at least 1, got {args.plan_replications}", file=sys.stderr)
        return 2
    columns = compare_columns(scenarios, plan=not args.as_given, replications=args.replications,
                              workers=cap_workers(args.workers), search_days=args.search_days,
                              plan_replications=args.plan_replications,
                              progress=_say)
    print(compare_text(columns))
    return 0


def _plan_by_phase(args, scenario, formats: tuple[str, ...], room, robust) -> int:
    """``planner plan`` of a scenario with move-in phases: each phase planned at its occupancy
    (planner.phases), plan.json the last phase's with the phases and the phased contract plan."""
    from planner.phases import make_phased_plan, phased_plan_dict, phased_summary
    from planner.plan import summary_text

    if room is not None:
        print("error: --headroom is not offered for a scenario with move-in phases (move_in.phases) yet; "
              "plan without it, or remove move_in to judge the filled site", file=sys.stderr)
        return 2
    if robust is not None:
        print("error: --robust is not offered for a scenario with move-in phases (move_in.phases) yet; "
              "plan without it, or remove move_in to plan the filled site robustly", file=sys.stderr)
        return 2
    with (make_executor("dask", args.workers) if args.executor == "dask" else nullcontext()) as cluster:
        phased = make_phased_plan(scenario, FULL_PLAN, start=args.start, replications=args.replications,
                                  search_days=args.search_days, verify_replications=args.verify_replications,
                                  workers=1 if args.executor == "serial" else cap_workers(args.workers),
                                  executor=cluster, progress=_say)
    text = summary_text(phased.steady) + "\n" + phased_summary(phased)
    status = _write_outputs(args.out, phased_plan_dict(phased), text, formats, args.lang, args.edition)
    if status == 0:
        print(text)
    return status


def _headroom(args) -> int:
    """``python -m planner headroom PLAN_JSON``: the headroom of a saved plan (its planned
    scenario, set-aside commitments and evidence seed), printed; nothing is written."""
    from planner.headroom import plan_headroom
    from sim.scenario.loader import validate

    try:
        settings = _headroom_settings(args)
        if args.workers < 1:
            raise ValueError(f"--workers must be at least 1, got {args.workers}")
        plan = load_plan(args.plan_json)
        if plan.get("kind") == "portfolio" or not isinstance(plan.get("scenario_parameters"), dict):
            raise ProposalError(f"{args.plan_json} is not a site's plan.json with its scenario_parameters; give the "
                                f"plan.json of `python -m planner plan`")
        seed, set_aside = (plan.get("evidence") or {}).get("seed"), plan.get("set_aside") or []
        if not isinstance(seed, int) or not isinstance(set_aside, list) or not all(isinstance(k, str) for k in set_aside):
            raise ProposalError(f"{args.plan_json} has no evidence seed or set-aside list; give the plan.json as "
                                f"`python -m planner plan` wrote it")
        for key in set_aside:
            try:
                KpiKey.parse(key)
            except ValueError as exc:
                raise ProposalError(f"{args.plan_json}: set_aside: {exc}") from None
        scenario = validate(plan["scenario_parameters"])
        settings = _headroom_settings(args, scenario)
    except (ValueError, ProposalError, ScenarioError, BudgetError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    found = plan_headroom(scenario, set_aside, seed, workers=cap_workers(args.workers), **settings)
    print(json.dumps(found.to_dict(), ensure_ascii=False, indent=2) if args.json else "\n".join(found.text()))
    return 0


def _own_site(scenario, site: str | None, portfolio_json: str | None):
    """The scenario of ``--site`` as its own proposal plans it (planner.portfolio.split.own_scenario):
    its model and share of the group centre from ``--portfolio``; ProposalError or ScenarioError
    naming what is wrong."""
    from planner.portfolio.split import own_scenario, site_models

    if site is None:
        raise ProposalError("--portfolio needs --site NAME: the site whose own proposal carries its share")
    if site not in scenario.sites:
        raise ProposalError(f"--site: no site {site!r} in {scenario.name}; sites: {', '.join(scenario.sites)}")
    model, share, rosters, options = site_models(scenario)[site], 0.0, None, None
    if portfolio_json is not None:
        data = load_plan(portfolio_json)
        if data.get("kind") != "portfolio":
            raise ProposalError(f"--portfolio: {portfolio_json} is a plan.json, not a portfolio.json; give the "
                                f"portfolio.json of `python -m planner portfolio`")
        if data.get("scenario") != scenario.name:
            raise ProposalError(f"--portfolio: {portfolio_json} was planned for scenario {data.get('scenario')!r}, "
                                f"not {scenario.name!r}")
        try:
            entry = data["sites"][site]
            model = entry["model"]
            share = float(entry["allocation"]["share_yuan_per_year"])
        except (KeyError, TypeError, ValueError):
            raise ProposalError(f"--portfolio: {portfolio_json} has no model and share for site {site!r}; "
                                f"give a complete portfolio.json") from None
        if model not in ("traditional", "centralised") or not (math.isfinite(share) and share >= 0):
            raise ProposalError(f"--portfolio: site {site!r} has model {model!r} and share {share!r}; a model is "
                                f"traditional or centralised and a share a number ≥ 0")
        rosters = entry.get("rosters") or None  # the site's plan in the portfolio: its own plan starts there
        if rosters is not None and not (isinstance(rosters, dict) and all(isinstance(r, dict) for r in rosters.values())):
            raise ProposalError(f"--portfolio: the rosters of site {site!r} in {portfolio_json} are not rosters; "
                                f"give the portfolio.json as `python -m planner portfolio` wrote it")
        options = entry.get("design_options") or None
        if options is not None and not (isinstance(options, list) and all(isinstance(o, str) for o in options)):
            raise ProposalError(f"--portfolio: the design options of site {site!r} in {portfolio_json} are not a "
                                f"list of option names; give the portfolio.json as `python -m planner portfolio` wrote it")
    elif model == "centralised":
        raise ProposalError(f"--site {site} is centralised: give --portfolio PORTFOLIO_JSON (of `python -m planner "
                            f"portfolio`) for its share of the group centre")
    try:
        return own_scenario(scenario, site, model, share if model == "centralised" else 0.0, rosters=rosters,
                            options=options)
    except ValueError as exc:
        raise ProposalError(f"--portfolio: site {site!r} in {portfolio_json}: {exc}") from None


#: Files a plan run writes; a new run replaces all of them, so a folder never mixes two runs.
def _run_files(out: str) -> list[str]:
    names = ["plan.json", "summary.txt"] + [f"{file_stem(lang, edition)}.{fmt}" for lang in LANGS for fmt in FORMATS
                                            for edition in EDITIONS]
    return [name for name in names if os.path.exists(os.path.join(out, name))]


def _write_outputs(out: str, data: dict, text: str, formats: tuple[str, ...], lang: str, edition: str = "internal") -> int:
    """plan.json, summary.txt and the proposal, staged in a folder inside ``out`` and moved into
    place together; the previous run's files that this run does not write are removed, so the
    folder holds one run. The staging folder goes on every exit path."""
    import shutil
    import tempfile

    try:
        stage = tempfile.mkdtemp(prefix=".plan-staging-", dir=out)
    except OSError as exc:
        print(f"error: cannot write to {out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    try:
        try:
            write_atomic(os.path.join(stage, "plan.json"), json.dumps(data, ensure_ascii=False, indent=2) + "\n")
            write_atomic(os.path.join(stage, "summary.txt"), text + "\n")
        except OSError as exc:
            print(f"error: cannot write to {out}: {exc.strerror or exc}", file=sys.stderr)
            return 2
        if formats:
            try:
                export_proposal(data, stage, formats=formats, lang=lang, edition=edition)
            except ProposalError as exc:
                print(f"error: {exc} (nothing in {out} was replaced)", file=sys.stderr)
                return 2
        new = sorted(os.listdir(stage))
        try:
            for name in new:
                os.replace(os.path.join(stage, name), os.path.join(out, name))
            for name in _run_files(out):
                if name not in new:
                    os.remove(os.path.join(out, name))
        except OSError as exc:
            print(f"error: cannot write to {out}: {exc.strerror or exc}", file=sys.stderr)
            return 2
        for name in new:
            if name.startswith("proposal_"):
                print(f"wrote {os.path.join(out, name)}", file=sys.stderr)
        return 0
    finally:
        shutil.rmtree(stage, ignore_errors=True)


class Column:
    """One side of a comparison: its scenario (planned or as given), run, team, budget and the
    commitments it misses."""

    def __init__(self, scenario, run, heads, cost, planned: bool):
        self.scenario, self.run, self.heads, self.cost, self.planned = scenario, run, heads, cost, planned
        self.unmet = [str(c.key) for c in Verdicts.of_run(run).not_met]


def _say(event: SearchEvent) -> None:
    """A search event on standard error, in English with things named by their keys."""
    print(f"  {render(event)}", file=sys.stderr)


def compare_columns(scenarios, *, plan: bool = True, replications=None, workers=1, search_days: float = 3,
                    plan_replications: int = 3, progress=None) -> list[Column]:
    """Each scenario planned (``make_plan``: the cheapest staffing meeting every commitment, its
    evidence on fresh random numbers) or, with ``plan=False``, simulated on its own rosters."""
    from planner.plan import make_plan, team_and_budget
    from sim.running.runner import simulate

    out = []
    for scenario in scenarios:
        if plan:
            if progress is not None:
                progress(SearchEvent("comparing", scenario=scenario.name, operating_model=scenario.operating_model))
            site = make_plan(scenario, replications=plan_replications, search_days=search_days,
                             verify_replications=replications, workers=workers, progress=progress)
            out.append(Column(site.search.planned, site.search.evidence, site.headcount, site.budget, True))
        else:
            run = simulate(scenario, replications=replications, workers=workers)
            out.append(Column(scenario, run, *team_and_budget(scenario), False))
    return out


def compare_text(columns: list[Column]) -> str:
    """Staff by role, annual cost, fee per m²·month and every KPI of two sides, headed by what
    each side misses: a comparison never hides that the two do not give the same service."""
    col_a, col_b = columns
    a, b = col_a.scenario, col_b.scenario
    (run_a, heads_a, cost_a), (run_b, heads_b, cost_b) = ((c.run, c.heads, c.cost) for c in columns)
    out = [f"{'':40} {a.name[:22]:>22} {b.name[:22]:>22}", f"{'operating model':40} {a.operating_model:>22} {b.operating_model:>22}",
           f"{'staffing':40} {'planned' if col_a.planned else 'as given':>22} {'planned' if col_b.planned else 'as given':>22}", ""]
    for side, col in (("A", col_a), ("B", col_b)):
        if col.unmet:
            out.append(f"WARNING: side {side} ({col.scenario.name}) misses {len(col.unmet)} commitment(s): "
                       f"{', '.join(col.unmet)}; the two sides do not give the same service")
    if col_a.unmet or col_b.unmet:
        out.append("")
    else:
        out += ["Both sides meet every commitment at 95% confidence: equal commitments.", ""]
    out.append("Staff (full-time people, relief included)")
    for role in sorted(set(heads_a) | set(heads_b)):
        out.append(f"  {role:38} {heads_a.get(role, 0):22.2f} {heads_b.get(role, 0):22.2f}")
    out.append(f"  {'total':38} {sum(heads_a.values()):22.2f} {sum(heads_b.values()):22.2f}")
    if cost_a and cost_b:
        out += ["", "Cost",
                f"  {'annual cost, yuan':38} {cost_a.total_yuan_per_year:22,.0f} {cost_b.total_yuan_per_year:22,.0f}",
                f"  {'fee, yuan/m²·month':38} {cost_a.per_m2_month:22.2f} {cost_b.per_m2_month:22.2f}",
                f"  {'break-even fee, yuan/m²·month':38} {cost_a.break_even_fee_yuan_per_m2_month:22.2f} {cost_b.break_even_fee_yuan_per_m2_month:22.2f}",
                f"  {'labour share of cost':38} {cost_a.labour_share_of_cost:22.1%} {cost_b.labour_share_of_cost:22.1%}"]
    out += ["", "KPIs (mean; * = target met at 95% confidence)"]
    ta, tb = run_a.kpi_table(), run_b.kpi_table()

    key = KpiKey.of_row

    rows_a = {key(r): r for r in ta.to_dict("records")}
    rows_b = {key(r): r for r in tb.to_dict("records")}
    for k in list(dict.fromkeys([*rows_a, *rows_b])):
        cells = []
        for rows in (rows_a, rows_b):
            r = rows.get(k)
            if r is None or (isinstance(r["mean"], float) and math.isnan(r["mean"])):
                cells.append("—")
            else:
                mark = " *" if r["status"] == "met" else (" !" if isinstance(r["status"], str) else "")
                cells.append(f"{r['mean']:.4g}{mark}")
        name = str(k)
        out.append(f"  {name[:38]:38} {cells[0]:>22} {cells[1]:>22}")
    return "\n".join(out)


def _portfolio(args) -> int:
    """``python -m planner portfolio``: plan, budget and decide; portfolio.json, portfolio_summary.txt
    and (with --proposal) the portfolio chapter, moved into --out together."""
    from planner.portfolio.decision import decision, portfolio_money
    from planner.portfolio.planning import Settings, plan_portfolio
    from planner.portfolio.report import portfolio_dict, summary_text as portfolio_text
    from sim.scenario.loader import load_scenario

    formats: tuple[str, ...] = ()
    try:
        if args.proposal is not None:
            formats = check_options(args.proposal, args.lang)
    except ProposalError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        settings = Settings(replications=args.replications, search_days=args.search_days,
                            site_search_days=args.site_search_days,
                            verify_replications=args.verify_replications, horizon_days=args.days,
                            site_design_moves=args.site_design_moves, use_options=not args.head_counts_only)
    except ValueError as exc:
        message = str(exc)
        for field, flag in (("verify_replications", "--verify-replications"), ("replications", "--replications"),
                            ("site_search_days", "--site-search-days"), ("search_days", "--search-days"),
                            ("horizon_days", "--days")):
            if message.startswith(field):
                message = flag + message[len(field):]
                break
        print(f"error: {message}", file=sys.stderr)
        return 2
    if args.workers < 1:
        print(f"error: --workers must be at least 1, got {args.workers}", file=sys.stderr)
        return 2
    sweep = _district_sweep(args.district_sweep)
    if isinstance(sweep, str):
        print(f"error: {sweep}", file=sys.stderr)
        return 2
    problem = check_output_dir(args.out, "--out")
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    try:
        scenario = load_scenario(args.scenario, args.set)
    except ScenarioError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    _warn(scenario)
    try:
        check_budget(scenario, CLI_MAX_RUN_EVENTS, days=args.days, replications=args.verify_replications)
    except BudgetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    workers = cap_workers(args.workers) if args.executor == "process" else args.workers
    plan = plan_portfolio(scenario, settings, executor=args.executor, workers=workers, district_sweep=sweep,
                          progress=lambda done, total, task, secs: print(f"  [{done}/{total}] {task} planned in {secs:.0f} s",
                                                                         file=sys.stderr))
    money = portfolio_money(plan, args.basis)
    from planner.proposal.text import commitment_name

    data = portfolio_dict(plan, money, decision(plan, money), namer=commitment_name)
    text = portfolio_text(data)
    status = _write_portfolio(args.out, data, text, formats, args.lang)
    if status == 0:
        print(text)
    return status


def _district_sweep(factors: list[float] | None) -> tuple[float, ...] | str:
    """The factors of ``--district-sweep`` (planner.portfolio.district_sweep.FACTORS when given
    none; none when the option is absent), or what is wrong with them."""
    from planner.portfolio.district_sweep import FACTORS

    if factors is None:
        return ()
    bad = [f for f in factors if not 0 < f <= 100]
    if bad:
        return f"--district-sweep: a factor must be > 0 and ≤ 100, got {bad[0]:g}"
    return tuple(factors) or FACTORS


def _write_portfolio(out: str, data: dict, text: str, formats: tuple[str, ...], lang: str) -> int:
    """portfolio.json, portfolio_summary.txt and the chapter, each written atomically."""
    try:
        write_atomic(os.path.join(out, "portfolio.json"), json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        write_atomic(os.path.join(out, "portfolio_summary.txt"), text + "\n")
    except OSError as exc:
        print(f"error: cannot write to {out}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    if formats:
        from planner.proposal.portfolio import export_portfolio

        try:
            for path in export_portfolio(data, out, formats=formats, lang=lang).values():
                print(f"wrote {path}", file=sys.stderr)
        except ProposalError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    return 0
