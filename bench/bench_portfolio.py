"""A group portfolio: many sites sharing one call centre, one replication -- how far does it scale,
in time and memory, in the exact and the streaming mode?

What it measures
    A portfolio built from ``scenarios/default_centralised.yaml`` (loaded with
    ``sim.scenario.loader.load_raw``, edited, checked with ``sim.scenario.loader.validate``): ``--sites`` N copies
    of the default site scaled to about ``--households`` (default 1,000) households each -- every
    per-site quantity (households, buildings, gates, cameras, lifts, pumps, areas) scaled by
    households / 2,000 -- all served by the one contact centre (centralised model: calls, app
    tickets, return visits and remote gate/door/alarm operations of every site go to it). Field
    operations are switched off (``field: null``) unless ``--field``. Horizon ``--days`` (default
    7), one replication, no warm-up.

    The centre's pools are scaled with N by the square-root law: for every pool and shift, the
    peak offered load R (Erlangs) over the hours and weekdays the shift covers is computed from
    the arrival streams (rate x hour-of-day x day-of-week weight x mean handle time; return
    visits and expert escalations at their daily mean), and the shift gets
    ``ceil(R + beta*sqrt(R))`` agents (``planner.queueing.erlang.square_root_staffing``, ``--beta``
    default 1.0), plus the agents on a break at any one time; each break's stagger is narrowed
    so that every person's break still ends within the shift. The resulting occupancy of each pool is printed to show the queue is stable.

    Every (sites, days, mode) case runs in a fresh Python process (so one case's memory cannot
    hide another's), ``--repeat`` times, the modes alternating, the best time kept: ``exact`` (the default: one record per contact kept
    until the end) and ``streaming`` (``sim.results.streaming``: records folded into accumulators in
    blocks of ``--block-size``, then dropped; ``--trace DIR`` also writes them to Parquet).
    Timed in the child: building the model and running the horizon (``SiteModel(...).run()``),
    then every KPI the API computes (``replication_kpis``, ``by_hour_of_day``, ``type_kpis``,
    ``centre_histograms``) separately. Events are counted from SimPy's own event-id counter
    (every event scheduled: timeouts and process steps, as ``bench_year.py`` counts them, but
    without wrapping ``env.schedule``, which would slow the run). Memory: the child's peak
    resident set (``VmHWM`` of /proc/self/status, the whole process) and its resident set after
    imports and building the scenario (``VmRSS`` then), so peak - base is what the run added.
    ``--tracemalloc`` adds tracemalloc's peak of Python allocations, at the cost of a much
    slower run (so off by default). The 1-minute load average is printed before and after.

    The exact mode's memory grows with the number of contacts (a record each, in lists during
    the run); the streaming mode holds at most one block of records, so its peak stays near
    its base whatever the horizon. The two modes' KPIs are printed side by side (counts and
    rates agree; percentiles within the fine histogram's 0.5%).

Planning mode (``--plan SCENARIO``)
    Times ``planner.portfolio.planning.plan_portfolio`` on a portfolio scenario (e.g.
    ``scenarios/portfolios/group_portfolio_50.yaml``) with the planner's run sizes given by
    ``--plan-replications``, ``--plan-search-days``, ``--plan-verify`` and ``--plan-days``, on
    ``--workers`` processes, and in the same invocation the reference: the plan of the
    portfolio's first site alone (``split.site_scenario``, one task, one process) with the same
    sizes. Prints both times, their ratio, the tasks (the centre and the distinct sites) and
    the centre's agents per 1,000 households, so a figure measured on a loaded machine can be
    read against its own reference.

How to run
    /work/main/.venv/bin/python bench/bench_portfolio.py --plan scenarios/portfolios/group_portfolio_50.yaml
        [--workers 2] [--plan-replications 2] [--plan-search-days 1] [--plan-verify 2] [--plan-days 2]
    /work/main/.venv/bin/python bench/bench_portfolio.py [--sites 300[,1000]] [--days 7[,14]]
        [--modes exact,streaming] [--households 1000] [--beta 1.0] [--field]
        [--block-size 65536] [--trace DIR] [--tracemalloc] [--seed 1] [--repeat 1]

    From the repository root (from elsewhere the repository root is put on sys.path).

What the figures mean
    events/s = SimPy events scheduled / simulation wall time: compare it with the single-site
    figure of ``bench_year.py`` to see whether the engine slows down with the size of the
    portfolio. contacts/s is the same throughput per contact. The ratios streaming / exact
    (wall time, peak memory, memory added by the run) are measured in the same invocation.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import subprocess
import sys
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

try:
    import sim  # noqa: F401
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import simpy

from sim.engine.arrivals import arrival_streams
from sim.scenario.loader import load_raw, replace_sites, validate
from sim.results.centre_kpis import replication_kpis
from sim.running.replication import SiteModel

try:
    from planner.queueing.erlang import square_root_staffing
except ImportError:  # keep the benchmark independent of the planner package
    def square_root_staffing(offered_load_erl: float, beta: float) -> int:
        return max(0, math.ceil(offered_load_erl + beta * math.sqrt(offered_load_erl)))

REPO = Path(__file__).resolve().parents[1]
BASE = REPO / "scenarios" / "default_centralised.yaml"
SCALED = ("households", "buildings", "vehicle_gates", "pedestrian_gates", "cameras", "lifts", "pumps",
          "land_area_m2", "floor_area_m2", "green_area_m2")


def count_events(env: simpy.Environment):
    """A function giving the number of events scheduled on ``env`` since this call.

    SimPy numbers every scheduled event from its own counter (``env._eid``, an
    ``itertools.count``); reading it costs nothing during the run, unlike wrapping
    ``env.schedule``. Falls back to wrapping ``env.schedule`` if the counter is not there."""
    eid = getattr(env, "_eid", None)
    if eid is not None:
        probe = next(eid)                      # uses one number; the difference below excludes it
        return lambda: next(eid) - probe - 1
    count = 0
    schedule = env.schedule

    def counted(event, priority=1, delay=0):
        nonlocal count
        count += 1
        return schedule(event, priority, delay)

    env.schedule = counted
    return lambda: count


def offered_load_by_skill(scenario) -> dict[str, list[list[float]]]:
    """Offered load (Erlangs) per skill, [weekday][hour] (weekday 0 = the start date's weekday)."""
    load: dict[str, list[list[float]]] = defaultdict(lambda: [[0.0] * 24 for _ in range(7)])

    def add(skill: str, day: int, hour: int, erl: float) -> None:
        load[skill][day][hour] += erl

    for st in arrival_streams(scenario):
        spec = st.spec
        mean_s = spec.handle_time_s.mean_value
        for d in range(7):
            w_day = st.day_weights[(st.start_weekday + d) % 7]
            for h in range(24):
                rate = st.base_rate_per_s * w_day * st.hour_weights[h]
                add(st.kind, d, h, rate * mean_s)
        # Follow-ups at their daily mean (they come hours later, spread over the day).
        rv = getattr(spec, "return_visit", None)
        esc = getattr(spec, "escalate_share", 0.0) or 0.0
        for d in range(7):
            for h in range(24):
                if rv is not None:
                    add("return_visits", d, h, st.base_rate_per_s * rv.share * rv.handle_time_s.mean_value)
                if esc:
                    add("expert", d, h, st.base_rate_per_s * esc * spec.expert_handle_time_s.mean_value)
    return dict(load)


def staff_pools(data: dict, scenario, beta: float) -> dict[str, float]:
    """Set every shift's agents in ``data`` by square-root staffing; returns each pool's peak load."""
    load = offered_load_by_skill(scenario)
    peaks = {}
    for pool_name, pool in scenario.centre.pools.items():
        pool_load = [[sum(load.get(skill, [[0.0] * 24] * 7)[d][h] for skill in pool.skills) for h in range(24)]
                     for d in range(7)]
        peaks[pool_name] = max(max(row) for row in pool_load)
        for shift_name, shift in pool.roster.shifts.items():
            hh, mm = map(int, shift.start.split(":"))
            hours = [(hh + k) % 24 for k in range(math.ceil(shift.length_h + mm / 60))]
            r = max(pool_load[d][h] for d in range(7) for h in hours)
            raw = data["centre"]["pools"][pool_name]["roster"]["shifts"][shift_name]
            n = square_root_staffing(r, beta)
            # Breaks: stagger them evenly over the room the shift leaves (they must end within it),
            # and add the agents who are on a break at any one time.
            breaks = []
            extra = 0
            for b in shift.breaks:
                room = shift.length_h * 60 - b.after_h * 60 - b.length_min
                extra = max(extra, math.ceil(n * b.length_min / (room + b.length_min)) if n > 1 else 0)
            n += extra
            for b, rb in zip(shift.breaks, raw.get("breaks", [])):
                room = shift.length_h * 60 - b.after_h * 60 - b.length_min
                rb = dict(rb)
                if n > 1:
                    rb["stagger_min"] = min(b.stagger_min, room / (n - 1))
                breaks.append(rb)
            if breaks:
                raw["breaks"] = breaks
            raw["agents"] = n
    return peaks


def build(n_sites: int, households: int, days: float, field: bool, beta: float, seed: int):
    data, locations = load_raw(BASE)
    (base_name, base_site), = data["sites"].items()
    factor = households / base_site["households"]
    site = dict(base_site)
    for key in SCALED:
        if key in site:
            site[key] = max(1, round(site[key] * factor)) if isinstance(site[key], int) else site[key] * factor
    site["zones"] = max(1, round(base_site.get("zones", 1) * factor))
    replace_sites(data, {f"site{i:04d}": dict(site) for i in range(n_sites)})
    if not field:
        data["field"] = None
    data["calendar"]["horizon_days"] = days
    data["calendar"]["warmup_days"] = 0
    data["replications"] = 1
    data["seed"] = seed
    first = validate(data, {})          # with the base staffing: only to read the arrival streams
    peaks = staff_pools(data, first, beta)
    return validate(data, {}), peaks


def status_mb(field_name: str) -> float:
    """A field of /proc/self/status in MB (VmRSS: resident now; VmHWM: peak resident)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # not Linux: peak only


def child(args) -> dict:
    """One case in this process: returns its figures."""
    from sim.results.histograms import centre_histograms
    from sim.results.centre_kpis import by_hour_of_day, centre_summary, type_kpis
    from sim.results.streaming import StreamingOptions, StreamingSummary

    t0 = time.perf_counter()
    scenario, peaks = build(args.sites, args.households, args.days, args.field, args.beta, args.seed)
    build_s = time.perf_counter() - t0
    base_mb = status_mb("VmRSS")

    if args.tracemalloc:
        tracemalloc.start()
    streaming = args.mode == "streaming"
    sink = StreamingSummary(scenario, 0, StreamingOptions(args.block_size, args.trace)) if streaming else None
    t0 = time.perf_counter()
    model = SiteModel(scenario, scenario.seed, 0, sink)
    events = count_events(model.centre.env)
    log = model.run()
    sim_s = time.perf_counter() - t0
    n_events = events()
    t0 = time.perf_counter()
    summary = centre_summary(log, scenario)
    kpis = replication_kpis(log, scenario, summary)
    by_hour_of_day(log, scenario, summary)
    type_kpis(log, scenario, summary)
    centre_histograms(log)
    kpi_s = time.perf_counter() - t0
    traced_peak = tracemalloc.get_traced_memory()[1] if args.tracemalloc else None
    if args.tracemalloc:
        tracemalloc.stop()
    out = {
        "sites": args.sites, "days": args.days, "mode": args.mode, "build_s": build_s, "sim_s": sim_s,
        "kpi_s": kpi_s, "events": n_events, "contacts": int(sum(log.arrived.values())),
        "households": sum(s.households for s in scenario.sites.values()),
        "base_mb": base_mb, "peak_mb": status_mb("VmHWM"),
        "traced_mb": None if traced_peak is None else traced_peak / 2**20,
        "records_held_peak": sink.peak_held if sink else int(len(log.kind)), "blocks": sink.blocks if sink else 1,
        "field_tasks": sum(len(f.tasks) for f in log.field),
        "field_held_peak": (sink.field_peak_held if sink else sum(len(f.tasks) for f in log.field)),
        "pools": {name: [", ".join(f"{s}={sh.agents}" for s, sh in pool.roster.shifts.items()), peaks[name]]
                  for name, pool in scenario.centre.pools.items()},
        "kpis": {str(k): v for k, v in kpis.items()},
    }
    return out


SHOWN = ("calls.offered", "calls.service_level", "calls.asa_s", "calls.wait_p95_s", "remote_ops.offered",
         "remote_ops.service_level", "remote_ops.wait_p95_s", "expert.abandon_rate", "tickets.on_time_rate",
         "return_visits.mean_completion_h", "staff[service_desk].occupancy")


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def plan_mode(args) -> int:
    """Time a portfolio plan against the plan of its first site alone (module doc)."""
    from planner.portfolio.decision import decision, portfolio_money
    from planner.portfolio.planning import Settings, _plan_task, plan_portfolio
    from planner.portfolio.split import site_models, site_scenario
    from planner.search.design import group_paths
    from sim.scenario.loader import load_scenario

    scenario = load_scenario(args.plan)
    settings = Settings(replications=args.plan_replications, search_days=args.plan_search_days,
                        site_search_days=args.plan_site_search_days or args.plan_search_days,
                        verify_replications=args.plan_verify, horizon_days=args.plan_days)
    models = site_models(scenario)
    print(f"portfolio planning benchmark: {scenario.name}, {len(scenario.sites)} sites "
          f"({sum(m == 'centralised' for m in models.values())} centralised), "
          f"{sum(s.households for s in scenario.sites.values()):,} households; {settings}; "
          f"{args.workers} workers, {os.cpu_count()} cores; load average before {load_average()}")
    first = next(iter(scenario.sites))
    one = site_scenario(scenario, first, horizon_days=settings.horizon_days)
    t0 = time.perf_counter()
    reference = _plan_task(one, list(group_paths(one)), settings, settings.site_design_moves)
    reference_s = time.perf_counter() - t0
    print(f"  reference: site {first} alone, one process: {reference_s:.1f} s ({reference['cpu_seconds']:.1f} CPU-s)")
    t0 = time.perf_counter()
    plan = plan_portfolio(scenario, settings, executor="process", workers=args.workers,
                          progress=lambda done, total, task, secs: print(f"    [{done}/{total}] {task} {secs:.0f} s",
                                                                       flush=True))
    plan_s = time.perf_counter() - t0
    money = portfolio_money(plan)
    verdict = decision(plan, money)
    tasks = 1 + len({p.name for p in plan.sites.values() if p.shared_with is None})
    last = verdict["scale"][-1] if verdict.get("scale") else {}
    print(f"  portfolio: {plan_s:.1f} s for {tasks} tasks (the centre and the distinct sites); "
          f"ratio to the reference {plan_s / reference_s:.2f}")
    print(f"  centre: {last.get('centre_agents')} agents, {last.get('agents_per_1000_households')} per 1,000 "
          f"households; break-even at {verdict.get('break_even_sites')} sites; commitments not shown met: "
          f"{sum(len(v) for v in plan.missed.values())} in {len(plan.missed)} plans {dict(plan.missed)}")
    for note in plan.notes:
        print(f"  {note}")
    print(f"load average after {load_average()}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", default="300", help="sites N, or a comma-separated list (default 300)")
    parser.add_argument("--days", default="7", help="horizon in days, or a list (default 7)")
    parser.add_argument("--modes", default="exact,streaming", help="exact, streaming or both (default both)")
    parser.add_argument("--households", type=int, default=1000, help="households per site (default 1000)")
    parser.add_argument("--beta", type=float, default=1.0, help="square-root staffing beta (default 1.0)")
    parser.add_argument("--field", action="store_true", help="keep field operations (default: field: null)")
    parser.add_argument("--block-size", type=int, default=65_536, help="streaming block size (default 65536)")
    parser.add_argument("--trace", metavar="DIR", help="streaming: also write the records to Parquet in DIR")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations (slow)")
    parser.add_argument("--seed", type=int, default=1, help="seed (default 1)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="fresh processes per case, modes alternating; best time kept (default 1)")
    parser.add_argument("--plan", metavar="SCENARIO", help="time planning this portfolio scenario (see the doc)")
    parser.add_argument("--workers", type=int, default=2, help="planning mode: worker processes (default 2)")
    parser.add_argument("--plan-replications", type=int, default=2)
    parser.add_argument("--plan-search-days", type=float, default=1.0)
    parser.add_argument("--plan-site-search-days", type=float, default=None,
                        help="a site's candidates (default: --plan-search-days)")
    parser.add_argument("--plan-verify", type=int, default=2)
    parser.add_argument("--plan-days", type=float, default=2.0)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--mode", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.plan:
        return plan_mode(args)
    if args.child:
        args.sites, args.days = int(args.sites), float(args.days)
        print(json.dumps(child(args)))
        return 0

    modes = [m.strip() for m in args.modes.split(",")]
    if set(modes) - {"exact", "streaming"}:
        parser.error("--modes: exact and/or streaming")
    cases = [(int(n), float(d)) for n in args.sites.split(",") for d in args.days.split(",")]
    print(f"portfolio benchmark: {args.households:,} households per site, 1 replication, field "
          f"{'on' if args.field else 'off'}, block size {args.block_size:,} "
          f"(Python {platform.python_version()}, SimPy {simpy.__version__}, {os.cpu_count()} cores); "
          f"load average before {load_average()}")
    results = {}
    for n_sites, days in cases:
        for mode in [m for _ in range(args.repeat) for m in modes]:
            cmd = [sys.executable, str(Path(__file__).resolve()), "--child", "--mode", mode,
                   "--sites", str(n_sites), "--days", str(days), "--households", str(args.households),
                   "--beta", str(args.beta), "--block-size", str(args.block_size), "--seed", str(args.seed)]
            cmd += ["--field"] * args.field + ["--tracemalloc"] * args.tracemalloc
            cmd += ["--trace", args.trace] if (args.trace and mode == "streaming") else []
            done = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO)
            if done.returncode != 0:
                print(done.stderr, file=sys.stderr)
                return 1
            r = json.loads(done.stdout.strip().splitlines()[-1])
            best = results.get((n_sites, days, mode))
            r["times"] = (best["times"] if best else []) + [r["sim_s"] + r["kpi_s"]]
            if best is None or r["sim_s"] + r["kpi_s"] < best["sim_s"] + best["kpi_s"]:
                results[(n_sites, days, mode)] = r
            else:
                best["times"] = r["times"]
        first = results[(n_sites, days, modes[0])]
        tasks = max(results[(n_sites, days, m)]["field_tasks"] for m in modes)
        print(f"\n{n_sites} sites, {first['households']:,} households, {days:g} days: "
              f"{first['contacts']:,} contacts, {first['events']:,} events"
              + (f", {tasks:,} field tasks" if args.field and tasks else ""))
        for name, (shifts, peak) in first["pools"].items():
            occ = first["kpis"].get(f"staff[{name}].occupancy")
            print(f"  pool {name}: peak offered load {peak:.1f} erl, agents per shift {shifts}; occupancy {occ:.1%}")
        print(f"  {'mode':<10} {'sim s':>7} {'KPIs s':>7} {'events/s':>9} {'contacts/s':>10} {'base MB':>8} "
              f"{'peak MB':>8} {'added MB':>9} {'records held':>13}" + ("  field tasks held" if args.field else "")
              + ("  traced MB" if args.tracemalloc else ""))
        for mode in modes:
            r = results[(n_sites, days, mode)]
            print(f"  {mode:<10} {r['sim_s']:>7.2f} {r['kpi_s']:>7.2f} {r['events'] / r['sim_s']:>9,.0f} "
                  f"{r['contacts'] / r['sim_s']:>10,.0f} {r['base_mb']:>8,.0f} {r['peak_mb']:>8,.0f} "
                  f"{r['peak_mb'] - r['base_mb']:>9,.0f} {r['records_held_peak']:>13,}"
                  + (f"  {r['field_held_peak']:>16,}" if args.field else "")
                  + (f"  {r['traced_mb']:>9,.0f}" if args.tracemalloc else ""))
        if args.repeat > 1:
            for mode in modes:
                times = ", ".join(f"{t:.2f}" for t in results[(n_sites, days, mode)]["times"])
                print(f"  {mode} times (simulation + KPIs) of the {args.repeat} runs: {times} s (best kept)")
        if len(modes) == 2:
            e, s = results[(n_sites, days, "exact")], results[(n_sites, days, "streaming")]
            t_e, t_s = e["sim_s"] + e["kpi_s"], s["sim_s"] + s["kpi_s"]
            print(f"  streaming / exact: time (simulation + KPIs) {t_s / t_e:.2f}, peak memory "
                  f"{s['peak_mb'] / e['peak_mb']:.2f}, memory added by the run "
                  f"{(s['peak_mb'] - s['base_mb']) / max(e['peak_mb'] - e['base_mb'], 1e-9):.2f}")
            print(f"  {'KPI':<32} {'exact':>12} {'streaming':>12}")
            for key in SHOWN:
                if key in e["kpis"]:
                    print(f"  {key:<32} {e['kpis'][key]:>12.6g} {s['kpis'][key]:>12.6g}")
    print(f"\nload average after {load_average()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
