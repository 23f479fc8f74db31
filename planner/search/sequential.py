"""Verification's looks: an anytime-valid sequential rule, and the indifference zone that stops it.

Contract: a verification looks at its targets after ``first`` replications and, while a target
is open, at the points of a schedule fixed before any result is seen (:func:`looks`: ``first``,
2 × ``first``, 4 × ``first`` … up to ``cap``), never elsewhere. Each look judges every target
on an interval whose one-sided error on each side is at most ``ALPHA`` ÷ K, K the schedule's
length (:func:`look_level`: a Bonferroni split over the looks), its spread measured about the
target (sim.results.stats.mean_ci_about: the plain t interval shows a rare, skewed share above
its line too often, 7% of the time instead of 5% at 22 emergencies a replication), so a target whose true value sits
exactly on its line is declared met at some look with probability at most ``ALPHA`` (5%), and
missed with at most ``ALPHA``, however the looks went: "met at 95%" means what it says.
:func:`next_look` decides from a look's KPI rows whether to look again and where: it stops
when no open target's interval straddles its line, when every straddling target is **on its
line** (its interval straddles the line and is no wider than the indifference zone of
:func:`zone_width` either side: the data show its mean within the zone of the line, and no
number of replications may say on which side;
the plan reports it so, or a repair buys a margin), when the schedule ends, and when no
straddling target could be settled within it. Replications never escalate past ``cap``.
"""

from __future__ import annotations

import math

#: The chance of declaring a target at its line met (and, separately, missed) over all looks.
ALPHA = 0.05
#: The indifference zone of a share (a service level, an on-time rate, an availability, an
#: occupancy): 0.2 percentage points either side of the line.
ZONE_SHARE = 0.002
#: The indifference zone of any other KPI (seconds, hours): 0.2% of its target either side.
ZONE_RELATIVE = 0.002
#: Share-valued metrics (sim.results.centre_kpis.METRICS unit "share") get the absolute zone.
_SHARE_UNIT = "share"


def looks(first: int, cap: int) -> list[int]:
    """The replication counts at which a verification may look: ``first`` doubling up to
    ``cap`` (the last look is ``cap`` itself when the doubling does not land on it)."""
    first, cap = max(1, first), max(1, first, cap)
    out = [first]
    while out[-1] < cap:
        out.append(min(cap, 2 * out[-1]))
    return out


def look_level(first: int, cap: int) -> float:
    """The two-sided level of every look's interval: each side's error ``ALPHA`` ÷ K over the
    K looks of the schedule (0.9833 for 6 looks), and never below the 95% interval every other
    run shows (one or two looks: 2.5% a side, less than the rule allows)."""
    return max(0.95, 1.0 - 2.0 * ALPHA / len(looks(first, cap)))


def level_said(level: float) -> str:
    """A level as the app and the proposal say it: 0.98333 → 98.3%, 0.95 → 95%."""
    return f"{round(100 * float(level), 1):g}%"


def look_interval(first: int, cap: int) -> dict:
    """How every look judges (sim.results.run_result.RunResult's ``level`` and ``about_line``):
    :func:`look_level`, the spread about the target (sim.results.stats.mean_ci_about)."""
    return {"level": look_level(first, cap), "about_line": True}


def zone_width(metric: str, target: float) -> float:
    """Half-width of the indifference zone around ``target`` (module doc)."""
    from sim.results.centre_kpis import METRICS
    unit = METRICS.get(metric, ("",))[0]
    return ZONE_SHARE if unit == _SHARE_UNIT else ZONE_RELATIVE * abs(target)


def on_line(row) -> bool:
    """Whether a KPI row with a target is on its line: its interval straddles the target and
    is no wider than the indifference zone either side of its mean (so the mean is within the
    zone of the line, and more replications would only narrow an interval about the line)."""
    if row.status != "inconclusive":
        return False
    width = zone_width(row.metric, row.target)
    return row.mean - row.ci_low <= width and row.ci_high - row.mean <= width


def on_line_keys(run) -> list[str]:
    """The targets of a run (sim.results.run_result.RunResult) on their line (KpiKey's string form)."""
    return [str(k) for k, row in run.kpi_rows().items() if row.direction in (">=", "<=") and on_line(row)]


def next_look(rows: dict, open_keys, reps: int, first: int, cap: int) -> int | None:
    """The next look's replication count (the schedule's next point: looking costs no
    replication, so none is skipped), or None to stop (module doc). ``rows``: the look's KPI
    rows by key; ``open_keys``: the targets not shown met. A target missed for sure stops the
    verification (a repair follows); whether an undecided one could still be decided within
    the cap is projected from its interval (:func:`deciding_reps`, :func:`settling_replications`:
    a mean on the wrong side gets looks up to 4 × ``first`` before it is left to repair or report)."""
    open_rows = [rows[k] for k in open_keys if k in rows]
    straddling = [r for r in open_rows if r.status == "inconclusive"]
    if not straddling or len(straddling) < len(open_rows):
        return None          # every open target decided (or one missed for sure: repair it)
    undecided = [r for r in straddling if not on_line(r)]
    schedule = [n for n in looks(first, cap) if n > reps]
    if not undecided or not schedule:
        return None
    if settling_replications([deciding_reps(r, reps, cap) for r in undecided], reps, cap, first) is None:
        return None
    return schedule[0]


def look_until_settled(look, first: int, cap: int):
    """A verification's looks: ``look(n)`` simulates (or extends to) ``n`` replications and
    returns the result and what judges it, its KPI rows and open targets (None: nothing to
    judge, e.g. not a valid design); looks follow :func:`next_look`. The last look's result."""
    reps = first
    result, judged = look(reps)
    while judged is not None:
        more = next_look(*judged, reps, first, cap)
        if more is None:
            break
        reps = more
        result, judged = look(reps)
    return result


def deciding_reps(row, reps: int, cap: int) -> float:
    """Replications at which the row's target would be shown met, or its interval narrowed to
    the zone (on its line, or decided) within ``cap``, projected from its interval (the
    half-width shrinks as 1/√n): inf when its mean is on the wrong side and the cap cannot
    narrow it to the zone (more replications would only confirm a miss)."""
    if row.direction == ">=":
        margin, half = row.mean - row.target, row.mean - row.ci_low
    elif row.direction == "<=":
        margin, half = row.target - row.mean, row.ci_high - row.mean
    else:
        return math.inf
    if math.isnan(half) or math.isnan(margin):
        return math.inf
    met = reps * (half / margin) ** 2 if margin > 0 else math.inf
    zone = reps * (half / zone_width(row.metric, row.target)) ** 2
    return min(met, zone) if zone <= cap else met


def settling_replications(needs: list[float], reps: int, cap: int, verify_reps: int) -> int | None:
    """Verification's next replication count while targets are inconclusive, or None to stop.
    ``needs``: the replications each would be settled at (:func:`deciding_reps`; inf for a mean
    on the wrong side). Every target the budget ``cap`` can settle gets as many as it needs (at
    least double, 20% to spare), and one projected to need more than the budget (a rare stream
    near its line) holds back no other. When none can be settled within the budget, a target
    whose mean is on the right side doubles its replications up to the budget: the projection
    from a handful of events is itself noise (one urgent order late out of fifteen reads 93%
    where a hundred orders read 99%); a mean on the wrong side gets a little more data (doubling
    up to 4 × ``verify_reps``) before it is left to repair or report."""
    within = [n for n in needs if n <= cap]
    if within:
        return min(cap, max(2 * reps, math.ceil(1.2 * max(within))))
    if any(math.isfinite(n) for n in needs) or reps < 4 * verify_reps:
        return min(cap, 2 * reps)
    return None


def settled_run(scenario, first: int, cap: int, seed: int, **simulate_kw):
    """``scenario`` simulated on ``seed`` and judged as a verification is (the rule of thumb's
    run, planner.plan): looked at after ``first`` replications, then at the schedule's points
    while a target not shown met can still be settled (:func:`next_look`), every look's
    intervals at :func:`look_level`. ``simulate_kw`` go to sim.running.runner.simulate."""
    from sim.results.run_result import extend
    from sim.running.runner import simulate

    interval, run = look_interval(first, cap), None

    def look(reps: int):
        nonlocal run
        done = 0 if run is None else run.replications
        more = simulate(scenario, replications=reps - done, seed=seed, first=done, **simulate_kw)
        run = more if run is None else extend(run, more)
        run.level, run.about_line = interval["level"], interval["about_line"]
        rows = run.kpi_rows()
        return run, (rows, [k for k, row in rows.items() if row.direction in (">=", "<=") and row.status != "met"])

    return look_until_settled(look, first, cap)
