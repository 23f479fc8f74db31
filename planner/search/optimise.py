"""Simulation-based staffing: the cheapest staffing whose every target is met with confidence.

The decision variables (**levers**) are the head counts of the scenario's shifts: each shift of
each contact-centre pool, field team and (in the traditional model) fixed post, or a rotation's
people per crew. A candidate staffing is evaluated by simulating it with a fixed seed, so every
candidate sees the same residents, failures and incidents (common random numbers) and
differences between candidates are differences of staffing, not of luck.

The search (an iterative staffing algorithm in the spirit of Feldman, Mandelbaum, Massey & Whitt
2008, on shift head counts instead of per-interval targets):

1. **Add** while a target is missed or inconclusive: for the target with the largest relative
   shortfall, try one more person on each lever that can affect it (the shifts of the pools or
   teams that serve it) and keep the one that most reduces the total shortfall per person-hour
   among those that help that target; when no single person helps (an overloaded queue), try
   2, 4, 8, ... at once. A target no single person helps (a gap no shift covers, too
   few events to narrow its interval) is set aside and reported, and the search goes on.
2. **Remove** while possible: try one person fewer on each lever, most person-hours first, and
   keep a removal when every target met so far is still met; stop when no single removal keeps
   them met.
3. **Verify**: simulate the result again with a fresh seed and the full horizon. While a target
   is inconclusive (its interval straddles the target: few events, such as expert calls), double
   the replications (up to 4×); if a target is then missed, go back to step 1 judging candidates
   on full-length runs, and take the final evidence from yet another fresh seed. Report each
   target's achieved value, interval and verdict.

A target is met when the whole 95% interval of its replications lies on the right side
(``sim.results.stats.verdict``), so a plan is only as sure as its replications allow.
"""

from __future__ import annotations

import math
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from sim.scenario.errors import ScenarioError
from sim.scenario.loader import apply_overrides, validate
from sim.results.centre_kpis import KpiKey, kpi_targets
from sim.running.runner import RunResult, extend, simulate
from sim.scenario import CONTACT_KINDS, Scenario

#: Relative shortfall below which a target counts as met (guards against float noise).
_EPS = 1e-12


@dataclass(frozen=True)
class Lever:
    """One integer the planner may change: the people on a shift (or per crew of a rotation)."""

    path: str
    group: tuple[str, str]      # ("pool" | "team" | "post", name)
    role: str
    person_hours_per_week: float

    @property
    def label(self) -> str:
        return self.path.replace(".roster.shifts.", " / ").replace(".roster.rotation.", " / rotation ")


def _get(data: dict, path: str):
    node = data
    for part in path.split("."):
        node = node[part]
    return node


def _roster_levers(prefix: str, roster, group, role) -> list[Lever]:
    if roster.rotation is not None:
        rot = roster.rotation
        worked_h = sum(roster.shifts[name].length_h for name in rot.cycle if name != "off")
        per_week = rot.crews * worked_h * 7 / len(rot.cycle)
        return [Lever(f"{prefix}.roster.rotation.people_per_crew", group, role, per_week)]
    return [Lever(f"{prefix}.roster.shifts.{name}.agents", group, role, shift.length_h * len(shift.days))
            for name, shift in roster.shifts.items()]


def levers(scenario: Scenario) -> list[Lever]:
    """Every staffing lever of the scenario (posts only under the traditional model)."""
    out: list[Lever] = []
    for name, pool in scenario.centre.pools.items():
        role = "expert_agent" if pool.skills == ["expert"] else "agent"
        out += _roster_levers(f"centre.pools.{name}", pool.roster, ("pool", name), role)
    if scenario.field is not None:
        for name, team in scenario.field.teams.items():
            out += _roster_levers(f"field.teams.{name}", team.roster, ("team", name), team.role)
        if scenario.operating_model == "traditional":
            for name, post in scenario.field.posts.items():
                out += _roster_levers(f"field.posts.{name}", post.roster, ("post", name), "post_guard")
    return out


def groups_for(key: KpiKey, scenario: Scenario) -> set[tuple[str, str]]:
    """The pools, teams or posts whose staffing can move this KPI."""
    stream = key.stream
    groups: set[tuple[str, str]] = set()
    field_ops = scenario.field
    posts = field_ops.posts if field_ops is not None and scenario.operating_model == "traditional" else {}
    kind = stream.split(".", 1)[0]
    if kind in CONTACT_KINDS and stream != kind:
        # A contact type ('calls.emergency', a per-type commitment): the posts that handle it, or
        # the pools with its kind's skill when the centre serves it.
        by_post = {name for name, post in posts.items() if kind in post.handles or stream in post.handles}
        groups |= {("post", name) for name in by_post}
        if not by_post:
            groups |= {("pool", name) for name, pool in scenario.centre.pools.items() if kind in pool.skills}
    elif stream in CONTACT_KINDS:
        by_post = {name for name, post in posts.items()
                   if stream in post.handles or any(h.startswith(f"{stream}.") for h in post.handles)}
        groups |= {("post", name) for name in by_post}
        types = set(getattr(scenario.demand, stream, {}) or {})
        at_posts = {t for post in posts.values() for t in types if stream in post.handles or f"{stream}.{t}" in post.handles}
        if not types or types - at_posts:  # the centre still serves some of this kind
            groups |= {("pool", name) for name, pool in scenario.centre.pools.items() if stream in pool.skills}
    elif stream == "staff" and key.group:
        name = key.group.split("/")[-1]
        groups.add(("post", name) if "/" in key.group else ("pool", name))
    elif field_ops is not None:
        roles = {"work_orders": "technician", "equipment": "technician", "incidents": "guard", "patrols": "guard",
                 "butlers": "butler"}
        role = roles.get(stream.split(".")[0])
        if stream == "field_staff" and key.group:
            groups.add(("team", key.group))
        elif role == "guard":
            named = {p.team for p in field_ops.patrols.values()} | {i.team for i in field_ops.incidents.values()}
            groups |= {("team", t) for t in named if t in field_ops.teams}
        elif role is not None:
            groups |= {("team", name) for name, team in field_ops.teams.items() if team.role == role}
    return groups


@dataclass
class Evaluation:
    """A simulated candidate: its staffing, KPI table and verdict per target."""

    staffing: dict[str, int]
    run: RunResult
    shortfalls: dict[KpiKey, float]

    @property
    def feasible(self) -> bool:
        return all(s <= _EPS for s in self.shortfalls.values())

    @property
    def total_shortfall(self) -> float:
        return sum(self.shortfalls.values())


@dataclass
class Step:
    """One accepted move of the search."""

    action: str
    lever: str
    value: int
    person_hours_per_week: float
    unmet: list[str]


@dataclass
class PlanResult:
    """The planner's answer: staffing, its evidence, how it was found and how long it took."""

    scenario: Scenario
    staffing: dict[str, int]
    levers: list[Lever]
    evidence: RunResult
    search: Evaluation
    steps: list[Step] = field(default_factory=list)
    evaluations: int = 0
    seconds: float = 0.0
    #: Targets no single added person could move (e.g. a gap no shift covers): reported, not chased.
    set_aside: list[str] = field(default_factory=list)

    @property
    def unmet(self) -> list[str]:
        table = self.evidence.kpi_table()
        bad = table[table["direction"].notna() & (table["status"] != "met")]
        return [f"{r.stream}{'[' + r.group + ']' if isinstance(r.group, str) else ''}.{r.metric}" for r in bad.itertuples()]


def with_staffing(scenario: Scenario, staffing: dict[str, int]) -> Scenario:
    """A copy of ``scenario`` with the given head counts."""
    data = scenario.model_dump(mode="json")
    return validate(apply_overrides(data, [f"{path}={value}" for path, value in staffing.items()], strict=False))


def _shortfalls(run: RunResult, targets: dict[KpiKey, tuple[str, float]]) -> dict[KpiKey, float]:
    """Relative distance of each target's confidence bound from the target (0 when met)."""
    table = run.kpi_table()
    out = {}
    for row in table.itertuples():
        key = KpiKey(row.stream, row.metric, row.group if isinstance(row.group, str) else None)
        if key not in targets:
            continue
        direction, bound = targets[key]
        low = row.ci_low if not math.isnan(row.ci_low) else row.mean
        high = row.ci_high if not math.isnan(row.ci_high) else row.mean
        if math.isnan(row.mean):
            out[key] = 0.0
        elif direction == ">=":
            out[key] = max(bound - low, 0.0) / max(abs(bound), 1e-9)
        else:
            out[key] = max(high - bound, 0.0) / max(abs(bound), 1e-9)
    return out


def optimise(scenario: Scenario, *, replications: int = 6, search_days: float | None = 14,
             verify_replications: int | None = None, verify_days: float | None = None, seed: int | None = None,
             workers: int = 1, max_steps: int = 60, max_per_shift: int = 50, progress=None,
             on_candidate=None) -> PlanResult:
    """Find the cheapest staffing of the scenario's shifts that meets every target (see module doc).

    ``search_days``/``replications`` size the runs used while searching (common random numbers,
    seed ``seed``); the answer is then verified with ``verify_replications`` × ``verify_days``
    (defaults: the scenario's) under a different seed. ``progress(message)`` is called as it goes, and ``on_candidate(n)`` after the n-th candidate
    simulation (an app's Stop button can end a search there)."""
    started = time.perf_counter()
    seed = scenario.seed if seed is None else seed
    search_scenario = scenario
    if search_days is not None and search_days < scenario.calendar.horizon_days:
        search_scenario = with_staffing(scenario, {"calendar.horizon_days": search_days})  # type: ignore[dict-item]
    verify_days = verify_days or scenario.calendar.horizon_days
    verify_scenario = with_staffing(scenario, {"calendar.horizon_days": verify_days})  # type: ignore[dict-item]
    verify_reps = verify_replications or scenario.replications
    all_levers = levers(scenario)
    data = scenario.model_dump(mode="json")
    staffing = {lever.path: int(_get(data, lever.path)) for lever in all_levers}
    targets = kpi_targets(scenario, list(scenario.centre.pools))
    count = [0]
    from sim.running.executors import cap_workers

    workers = cap_workers(workers)
    pool = ProcessPoolExecutor(max_workers=workers) if workers > 1 else None

    def evaluator(base: Scenario, reps: int, run_seed: int):
        cache: dict[tuple, Evaluation | None] = {}

        def evaluate(candidate: dict[str, int], earlier: Evaluation | None = None) -> Evaluation | None:
            """The candidate simulated (None when it is not a valid scenario, e.g. a roster gap);
            ``earlier``, the same candidate with fewer replications, is extended, not repeated."""
            key = tuple(sorted(candidate.items()))
            if key not in cache:
                try:
                    trial_scenario = with_staffing(base, candidate)
                except ScenarioError:
                    cache[key] = None
                    return None
                count[0] += 1
                done = earlier.run.replications if earlier is not None else 0
                run = simulate(trial_scenario, replications=reps - done, seed=run_seed, executor=pool, first=done)
                if earlier is not None:
                    run = extend(earlier.run, run)
                all_targets = kpi_targets(run.scenario, list(run.scenario.centre.pools)) | targets
                cache[key] = Evaluation(dict(candidate), run, _shortfalls(run, all_targets))
                if on_candidate is not None:
                    on_candidate(count[0])
            return cache[key]
        return evaluate

    def say(message: str) -> None:
        if progress is not None:
            progress(message)

    steps: list[Step] = []
    stuck: set[KpiKey] = set()
    try:
        evaluate = evaluator(search_scenario, replications, seed)
        current = _add_until_met(evaluate(staffing), evaluate, scenario, staffing, all_levers, stuck, steps, say,
                                 max_steps, max_per_shift)
        current = _remove_while_met(current, evaluate, staffing, all_levers, steps, say)
        # 3. Verify on fresh random numbers and the full horizon; more replications while a
        #    target is inconclusive; if one is missed, add staff judged on full-length runs.
        verify = evaluator(verify_scenario, verify_reps, seed + 1_000_003)
        evidence = verify(staffing)
        reps = verify_reps
        while _open(evidence, stuck) and reps < 4 * verify_reps and _inconclusive(evidence, stuck):
            reps *= 2
            say(f"inconclusive on fresh random numbers: {reps} replications")
            verify = evaluator(verify_scenario, reps, seed + 1_000_003)
            evidence = verify(staffing, earlier=evidence)
        if _open(evidence, stuck):
            say("verification found targets not met: adding staff judged on full-length runs")
            repair = evaluator(verify_scenario, reps, seed + 2_000_003)
            _add_until_met(repair(staffing), repair, scenario, staffing, all_levers, stuck, steps, say,
                           max_steps, max_per_shift)
            evidence = evaluator(verify_scenario, reps, seed + 3_000_017)(staffing)
        say("verified with fresh random numbers")
    finally:
        if pool is not None:
            pool.shutdown()
    final = with_staffing(verify_scenario, staffing)
    return PlanResult(final, dict(staffing), all_levers, evidence.run, current, steps, count[0],
                      time.perf_counter() - started,
                      sorted(f"{k.stream}.{k.metric}" + (f"[{k.group}]" if k.group else "") for k in stuck))


def _open(evaluation: Evaluation, stuck: set[KpiKey]) -> list[KpiKey]:
    return [k for k, v in evaluation.shortfalls.items() if v > _EPS and k not in stuck]


def _inconclusive(evaluation: Evaluation, stuck: set[KpiKey]) -> bool:
    """Whether any open target's interval still straddles it (more replications could settle it)."""
    table = evaluation.run.kpi_table()
    open_keys = set(_open(evaluation, stuck))
    return any(KpiKey(r.stream, r.metric, r.group if isinstance(r.group, str) else None) in open_keys
               and r.status == "inconclusive" for r in table.itertuples())


def _add_until_met(current, evaluate, scenario, staffing, all_levers, stuck, steps, say, max_steps, max_per_shift):
    """1. Add people until every target is met (targets no lever helps are set aside)."""
    while len(steps) < max_steps:
        open_targets = {k: v for k, v in current.shortfalls.items() if v > _EPS and k not in stuck}
        if not open_targets:
            break
        worst = max(open_targets, key=lambda k: open_targets[k])
        groups = groups_for(worst, scenario)
        best, best_score = None, -math.inf
        step = 1
        while best is None and step <= max_per_shift:
            # One more person first; when nobody alone helps (an overloaded queue), 2, 4, 8, ...
            for lever in all_levers:
                if lever.group not in groups or staffing[lever.path] + step > max_per_shift:
                    continue
                trial = evaluate({**staffing, lever.path: staffing[lever.path] + step})
                if trial is None or trial.shortfalls.get(worst, 0.0) >= current.shortfalls[worst]:
                    continue  # must help the target it is added for
                score = (current.total_shortfall - trial.total_shortfall) / (lever.person_hours_per_week * step)
                if score > best_score:
                    best, best_score = (lever, trial), score
            if best is None:
                step *= 2
        if best is None:
            stuck.add(worst)
            say(f"no added staff on any shift moves {worst.stream}.{worst.metric}; set aside")
            continue
        lever, current = best
        staffing[lever.path] += step
        steps.append(Step("add", lever.path, staffing[lever.path], lever.person_hours_per_week,
                          [f"{k.stream}.{k.metric}" for k, v in current.shortfalls.items() if v > _EPS]))
        say(f"+{step} {lever.label} → {staffing[lever.path]}")
    return current


def _remove_while_met(current, evaluate, staffing, all_levers, steps, say):
    """2. Remove people, most person-hours first, while every target met so far stays met."""
    def keeps(trial: Evaluation | None) -> bool:
        return trial is not None and all(v <= _EPS for k, v in trial.shortfalls.items()
                                         if current.shortfalls.get(k, 0.0) <= _EPS)

    improved = True
    while improved:
        improved = False
        for lever in sorted(all_levers, key=lambda lv: -lv.person_hours_per_week):
            if staffing[lever.path] <= 0:
                continue
            trial = evaluate({**staffing, lever.path: staffing[lever.path] - 1})
            if keeps(trial) and trial.total_shortfall <= current.total_shortfall + _EPS:
                staffing[lever.path] -= 1
                current = trial
                improved = True
                steps.append(Step("remove", lever.path, staffing[lever.path], lever.person_hours_per_week, []))
                say(f"−1 {lever.label} → {staffing[lever.path]}")
    return current
