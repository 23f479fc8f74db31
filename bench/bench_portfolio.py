"""A group portfolio: many sites sharing one call centre, one replication -- how far does it scale?

What it measures
    A portfolio built from ``scenarios/default_centralised.yaml`` (loaded with
    ``sim.loader.load_raw``, edited, checked with ``sim.loader.validate``): ``--sites`` N copies
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
    ``ceil(R + beta*sqrt(R))`` agents (``planner.erlang.square_root_staffing``, ``--beta``
    default 1.0), plus the agents on a break at any one time; each break's stagger is narrowed
    so that every person's break still ends within the shift. The resulting occupancy of each pool is printed to show the queue is stable.

    Timed: building the model and running the horizon (``SiteModel(scenario, seed, 0).run()``),
    then the KPIs (``replication_kpis``) separately. Events are counted from SimPy's own event-id counter
    (every event scheduled: timeouts and process steps, as ``bench_year.py`` counts them, but
    without wrapping ``env.schedule``, which would slow the run). Peak memory is
    ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` (the whole process, MB); ``--tracemalloc`` adds
    tracemalloc's peak of Python allocations, at the cost of a much slower run (so off by default).

    Memory grows with the number of contacts: the product keeps one record per contact (arrival,
    wait, outcome, ... in its log arrays) for the KPIs, so a week of a 300,000-household
    portfolio holds every one of its contacts in memory until the run ends.

How to run
    /work/main/.venv/bin/python bench/bench_portfolio.py [--sites 300] [--households 1000]
        [--days 7] [--beta 1.0] [--field] [--tracemalloc] [--seed 1]

    From the repository root (from elsewhere the repository root is put on sys.path).

What the figures mean
    events/s = SimPy events scheduled / simulation wall time: compare it with the single-site
    figure of ``bench_year.py`` to see whether the engine slows down with the size of the
    portfolio (it should not: per-event work is independent of N, so wall time should grow
    linearly with contacts). contacts/s is the same throughput per contact.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
import math
import platform
import resource
import sys
import time
import tracemalloc
from pathlib import Path

try:
    import sim  # noqa: F401
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import simpy

from sim.demand import arrival_streams
from sim.loader import load_raw, validate
from sim.metrics import replication_kpis
from sim.model import SiteModel

try:
    from planner.erlang import square_root_staffing
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
    data["sites"] = {f"site{i:04d}": dict(site) for i in range(n_sites)}
    if not field:
        data["field"] = None
    data["calendar"]["horizon_days"] = days
    data["calendar"]["warmup_days"] = 0
    data["replications"] = 1
    data["seed"] = seed
    first = validate(data, {})          # with the base staffing: only to read the arrival streams
    peaks = staff_pools(data, first, beta)
    return validate(data, {}), peaks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=300, help="sites N (default 300)")
    parser.add_argument("--households", type=int, default=1000, help="households per site (default 1000)")
    parser.add_argument("--days", type=float, default=7.0, help="horizon in days (default 7)")
    parser.add_argument("--beta", type=float, default=1.0, help="square-root staffing beta (default 1.0)")
    parser.add_argument("--field", action="store_true", help="keep field operations (default: field: null)")
    parser.add_argument("--tracemalloc", action="store_true", help="also trace Python allocations (slow)")
    parser.add_argument("--seed", type=int, default=1, help="seed (default 1)")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    scenario, peaks = build(args.sites, args.households, args.days, args.field, args.beta, args.seed)
    build_s = time.perf_counter() - t0

    if args.tracemalloc:
        tracemalloc.start()
    t0 = time.perf_counter()
    model = SiteModel(scenario, scenario.seed, 0)
    events = count_events(model.centre.env)
    log = model.run()
    sim_s = time.perf_counter() - t0
    n_events = events()
    t0 = time.perf_counter()
    kpis = replication_kpis(log, scenario)
    kpi_s = time.perf_counter() - t0
    traced_peak = tracemalloc.get_traced_memory()[1] if args.tracemalloc else None
    if args.tracemalloc:
        tracemalloc.stop()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux

    households = sum(s.households for s in scenario.sites.values())
    contacts = int(sum(log.arrived.values()))
    print(f"portfolio: {args.sites} sites x {args.households:,} households = {households:,} households, "
          f"{args.days:g} days, 1 replication, field {'on' if args.field else 'off'} "
          f"(Python {platform.python_version()}, SimPy {simpy.__version__})")
    for name, pool in scenario.centre.pools.items():
        shifts = ", ".join(f"{s}={sh.agents}" for s, sh in pool.roster.shifts.items())
        occ = kpis.get(next((k for k in kpis if k.stream == "staff" and k.metric == "occupancy" and k.group == name), None))
        print(f"  pool {name}: peak offered load {peaks[name]:.1f} erl, agents per shift {shifts}; "
              f"occupancy {occ:.1%}" if occ is not None else "")
    for stream in ("calls", "remote_ops", "expert", "tickets", "return_visits"):
        parts = []
        for metric in ("offered", "service_level", "mean_wait_s", "abandon_rate", "on_time_rate", "open_at_end"):
            value = next((v for k, v in kpis.items() if k.stream == stream and k.metric == metric and k.group is None), None)
            if value is not None:
                parts.append(f"{metric} {value:,.0f}" if metric in ("offered", "open_at_end") else f"{metric} {value:.3g}")
        if parts:
            print(f"  {stream}: " + ", ".join(parts))
    if args.field:
        print(f"  field tasks {sum(len(f.tasks) for f in log.field):,}")
    print(f"build + validate {build_s:.2f} s (not in the rates below)")
    print(f"simulation {sim_s:.2f} s, KPIs {kpi_s:.2f} s")
    print(f"contacts {contacts:,}  events {n_events:,}")
    print(f"events/s {n_events / sim_s:,.0f}  contacts/s {contacts / sim_s:,.0f}")
    print(f"peak memory (ru_maxrss) {rss_mb:,.0f} MB"
          + (f", tracemalloc peak {traced_peak / 2**20:,.0f} MB" if traced_peak is not None else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
