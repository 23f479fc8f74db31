"""The design search against optima found by enumeration on small cases, its certificate tried
again move by move, its lower bound, and its design options (planner.search)."""

from __future__ import annotations

import itertools
import json

import pytest

from planner.costs.team import cost_model
from planner.search.design import Design, apply_design, design_options, initial_design
from planner.search.optimise import Evaluator, Search, optimise, settle_rep_days
from sim import load_scenario
from sim.results.centre_kpis import kpi_targets

#: A desk open around the clock with a morning and an evening peak, on two 12-hour shifts.
TWO_SHIFTS = [
    "calendar.horizon_days=2", "calendar.warmup_days=0", "replications=3",
    "demand.calls.single.rate_per_minute=1.2", "demand.calls.single.profile=peaks",
    "demand.profiles={peaks: {hour_of_day: [0.2, 0.2, 0.2, 0.2, 0.2, 0.4, 1.2, 2.5, 3.0, 2.0, 1.0, 0.8,"
    " 0.8, 0.8, 0.8, 1.0, 1.4, 2.2, 3.0, 2.4, 1.2, 0.6, 0.3, 0.2]}}",
    "centre.pools.agents.roster={shifts: {a: {start: '00:00', length_h: 12, agents: 3},"
    " b: {start: '12:00', length_h: 12, agents: 3}}}",
    "targets.calls.answer_within_s=20", "targets.calls.service_level=0.8",
]
MOVES = frozenset({"add", "remove", "transfer", "retime"})


def _design(base: Design, a: int, b: int, offset_min: int) -> Design:
    roster = base.roster("centre.pools.agents")
    for name, count, start in (("a", a, offset_min), ("b", b, offset_min + 720)):
        roster["shifts"][name].update(agents=count, start=f"{start // 60 % 24:02d}:{start % 60:02d}")
    return base.replace("centre.pools.agents", roster)


def _evaluator(scenario, reps, seed):
    return Evaluator(scenario, reps, seed, pool=None, targets=kpi_targets(scenario, list(scenario.centre.pools)),
                     options=[], costs=cost_model(scenario), count=[0], judge="mean",
                         settle_rep_days=settle_rep_days(scenario, 3))


@pytest.fixture(scope="module")
def two_shifts():
    scenario = load_scenario("scenarios/validation/mmc_12.yaml", TWO_SHIFTS)
    result = optimise(scenario, replications=3, search_days=None, verify_replications=3, use_options=False,
                      screen_replications=0, moves=MOVES)
    return scenario, result


def test_search_finds_the_enumerated_optimum_of_counts_and_start_times(two_shifts):
    scenario, result = two_shifts
    evaluate = _evaluator(scenario, 3, scenario.seed)
    base = initial_design(scenario)
    best = None
    for a, b, offset in itertools.product(range(0, 5), range(0, 5), range(0, 720, 60)):
        trial = evaluate(_design(base, a, b, offset))
        if trial is not None and trial.feasible and (best is None or trial.cost_yuan < best.cost_yuan - 1e-6):
            best = trial
    assert best is not None
    assert result.search.feasible
    # The search's design is as cheap as the cheapest feasible one of the whole space.
    assert result.search.cost_yuan == pytest.approx(best.cost_yuan, rel=1e-9), (result.search.staffing, best.staffing)


def test_certificate_holds_when_every_cheaper_move_is_tried_again(two_shifts):
    scenario, result = two_shifts
    evaluate = _evaluator(scenario, 3, scenario.seed)
    final = evaluate(result.search.design)
    search = Search(evaluate, scenario, [], set(), [], lambda _m: None, max_steps=60, max_per_shift=50, base_reps=3,
                    design_moves=True, allowed=MOVES)
    cheaper = search.cheaper_moves(result.search.design, final.cost_yuan)
    assert cheaper, "a design with people has cheaper neighbours to try"
    for _, move in cheaper:
        trial = evaluate(move.design)
        assert trial is None or not trial.feasible, move.label
    tried = {t.move for t in result.certificate if t.kind != "compound"}
    assert tried == {move.label for _, move in cheaper}
    assert not any(t.feasible for t in result.certificate)


def test_lower_bound_never_exceeds_the_plans_cost(two_shifts):
    _, result = two_shifts
    low = result.bound["bound_yuan_per_year"]
    assert 0 < low <= result.cost_yuan
    assert result.gap >= 0


ESCALATING = [
    "calendar.horizon_days=2", "calendar.warmup_days=0", "replications=3",
    "demand.calls.single.rate_per_minute=2", "demand.calls.single.escalate_share=0.05",
    "demand.calls.single.expert_handle_time_s={dist: exponential, mean: 300}",
    "+centre.pools.experts={skills: [expert], roster: {shifts: {all_day: {start: '00:00', length_h: 24, agents: 1}}}}",
    "centre.pools.agents.roster.shifts.all_day.agents=4",
    "targets.calls.answer_within_s=20", "targets.calls.service_level=0.8",
    "targets.expert={answer_within_s: 600, service_level: 0.5}",
]


def _best(scenario, design_counts, with_merge):
    """The cheapest feasible design by enumeration of the desk's (and expert pool's) people."""
    options = design_options(scenario)
    evaluate = Evaluator(scenario, 3, scenario.seed, pool=None,
                         targets=kpi_targets(scenario, list(scenario.centre.pools)), options=options,
                         costs=cost_model(scenario), count=[0], judge="mean",
                         settle_rep_days=settle_rep_days(scenario, 3))
    base = initial_design(scenario)
    best = None
    for desk, experts in design_counts:
        design = base
        for group, count in (("centre.pools.agents", desk), ("centre.pools.experts", experts)):
            roster = design.roster(group)
            roster["shifts"]["all_day"]["agents"] = count
            design = design.replace(group, roster)
        if with_merge:
            design = design.switch(options[0].name, True)
        trial = evaluate(design)
        if trial is not None and trial.feasible and (best is None or trial.cost_yuan < best.cost_yuan):
            best = trial
    return best


@pytest.mark.parametrize("strategy", ["singles", "greedy"])
@pytest.mark.parametrize("expert_wage, chosen", [(20000, True), (1, False)])
def test_a_design_option_is_chosen_exactly_when_it_saves(expert_wage, chosen, strategy):
    scenario = load_scenario("scenarios/validation/mmc_12.yaml",
                             ESCALATING + [f"costs.wages_yuan_per_month.expert_agent={expert_wage}"])
    assert [o.name for o in design_options(scenario)] == ["merge_pool:experts>agents"]
    without = _best(scenario, [(d, e) for d in range(1, 8) for e in range(1, 3)], with_merge=False)
    merged = _best(scenario, [(d, 1) for d in range(1, 8)], with_merge=True)
    assert (merged.cost_yuan < without.cost_yuan) == chosen
    result = optimise(scenario, replications=3, search_days=None, verify_replications=3, screen_replications=0,
                      moves=MOVES, option_strategy=strategy)
    assert result.options_not_searched == []
    report = result.options["merge_pool:experts>agents"]
    assert report["chosen"] == chosen
    assert ("merge_pool:experts>agents" in result.design.options) == chosen
    assert report["saving_yuan"] == pytest.approx(report["cost_without_yuan"] - report["cost_with_yuan"])
    assert report["cost_without_yuan"] == pytest.approx(without.cost_yuan, abs=0.01)
    assert report["cost_with_yuan"] == pytest.approx(merged.cost_yuan, abs=0.01)
    if chosen:
        assert "experts" not in result.scenario.centre.pools
        assert "expert" in result.scenario.centre.pools["agents"].skills


def test_a_design_applies_and_round_trips():
    scenario = load_scenario("scenarios/default.yaml")
    design = initial_design(scenario)
    again = apply_design(scenario, design)
    assert again.model_dump(mode="json") == scenario.model_dump(mode="json")
    assert json.loads(dict(design.rosters)["field.posts.main_gate"])["shifts"]["day"]["agents"] == 2


#: A desk open around the clock with a long midday-to-evening peak, on three 8-hour shifts, two
#: agents on the day and evening shifts: one agent more than the peak's hours need on each.
PEAKED = [
    "calendar.horizon_days=3", "calendar.warmup_days=0", "replications=3",
    "demand.calls.single.rate_per_minute=0.5", "demand.calls.single.profile=day",
    "demand.profiles={day: {hour_of_day: [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.2, 0.4, 0.6, 0.8, 2.0, 2.2, 2.2, 2.0, 1.8,"
    " 1.8, 2.0, 2.2, 2.2, 2.0, 0.8, 0.5, 0.3, 0.1]}}",
    "centre.pools.agents.roster={shifts: {night: {start: '23:00', length_h: 8, agents: 1},"
    " day: {start: '07:00', length_h: 8, agents: 2}, evening: {start: '15:00', length_h: 8, agents: 2}}}",
    "targets.calls={answer_within_s: 20, service_level: 0.8, hourly_floor: 0.6}",
]


def test_two_shifts_second_agents_become_one_peak_shift_as_enumeration_finds():
    """The optimum over the day and evening shifts' people, with or without one peak shift (8 or
    9 h, 08:00–12:00 starts), found by enumeration uses the peak shift; the search reaches a
    design as cheap (its consolidation move), where add/remove/transfer/retime alone cannot."""
    scenario = load_scenario("scenarios/validation/mmc_12.yaml", PEAKED)
    evaluate = _evaluator(scenario, 3, scenario.seed)
    base = initial_design(scenario)
    best: dict[bool, float] = {}
    for day, evening in itertools.product(range(1, 4), range(1, 4)):
        for peak in [None] + [(length, start) for length in (8, 9) for start in range(8, 13)]:
            roster = base.roster("centre.pools.agents")
            roster["shifts"]["day"]["agents"], roster["shifts"]["evening"]["agents"] = day, evening
            if peak:
                roster["shifts"]["peak"] = {**roster["shifts"]["day"], "start": f"{peak[1]:02d}:00",
                                            "length_h": peak[0], "agents": 1}
            trial = evaluate(base.replace("centre.pools.agents", roster))
            if trial is not None and trial.feasible:
                best[peak is not None] = min(best.get(peak is not None, float("inf")), trial.cost_yuan)
    assert best[True] < best[False]            # the case is one a peak shift makes cheaper
    result = optimise(scenario, replications=3, search_days=None, verify_replications=3, use_options=False,
                      screen_replications=0)
    assert result.search.feasible
    assert result.search.cost_yuan <= best[True] + 1e-6, result.search.staffing
    plain = optimise(scenario, replications=3, search_days=None, verify_replications=3, use_options=False,
                     screen_replications=0, moves=MOVES)
    assert plain.search.cost_yuan > best[True] + 1e-6   # the other moves stop at two on each shift


def test_consolidation_draws_one_from_each_shift_and_places_the_new_shift_at_the_need():
    from planner.search.design import best_window_start, consolidate_moves

    scenario = load_scenario("scenarios/validation/mmc_12.yaml", PEAKED)
    design = initial_design(scenario)
    need = [0.0] * 24
    for hour in range(10, 20):
        need[hour] = 1.0
    assert best_window_start(need, 10) == "10:00" and best_window_start(need, 8) == "10:00"
    assert best_window_start([1.0 if h in (23, 0, 1) else 0.0 for h in range(24)], 8) == "18:00"  # wraps midnight
    moves = list(consolidate_moves(design, "centre.pools.agents", {"day": need, "evening": need}))
    assert moves and all(m.kind == "consolidate" for m in moves)
    for move in moves:
        shifts = move.design.roster("centre.pools.agents")["shifts"]
        people = sum(s["agents"] for s in shifts.values())
        assert people == 4                                 # five on the roster, two drawn, one added
        hours = sum(s["agents"] * s["length_h"] for s in shifts.values())
        assert hours < 5 * 8                               # fewer paid hours
        new = [s for n, s in shifts.items() if n not in ("night", "day", "evening")]
        assert len(new) == 1 and new[0]["agents"] == 1
        start = int(new[0]["start"][:2])                   # as much of the need as its length can cover
        covered = {(start + h) % 24 for h in range(int(new[0]["length_h"]))}
        assert len(covered & set(range(10, 20))) == min(10, new[0]["length_h"])
    # a pair whose shift has one person only, or a shift not in need, is not drawn from
    assert not list(consolidate_moves(design, "centre.pools.agents", {"night": need}))


def _butler_site(calls_from_h: int, technicians_start: str):
    """A 400-household site of two zones whose repair calls (general trade, routine) come from
    ``calls_from_h`` for 6 hours; technicians on one 9-hour shift from ``technicians_start``,
    butlers (one team per zone) 08:00-17:00 with household visits and a daily inspection of
    their own; one desk agent (not searched)."""
    from sim.scenario.loader import deep_merge

    hours = [0] * 24
    for h in range(calls_from_h, calls_from_h + 6):
        hours[h % 24] = 1
    return load_scenario(deep_merge({
        "name": "butler_repairs", "replications": 3, "seed": 11, "calendar": {"horizon_days": 3, "warmup_days": 0},
        "sites": {"s": {"households": 400, "zones": 2, "land_area_m2": 10000.0, "vacant_share": 0}},
        "demand": {"profiles": {"calls": {"hour_of_day": hours}},
                   "calls": {"repair": {"rate_per_hour": 1.5, "profile": "calls",
                                        "handle_time_s": {"dist": "exponential", "mean": 60}}}},
        "centre": {"pools": {"desk": {"skills": ["calls"], "roster": {"shifts": {
            "all": {"start": "00:00", "length_h": 24, "agents": 1}}}}}},
        "field": {
            "travel": {"walking_speed_m_per_s": 1.2, "access_s": 0},
            "teams": {"technicians": {"role": "technician", "skills": ["general"], "opening_hours": None,  # days only
                                      "roster": {"shifts": {
                          "day": {"start": technicians_start, "length_h": 9, "agents": 2}}}},
                      "butlers": {"role": "butler", "roster": {"shifts": {
                          "day": {"start": "08:00", "length_h": 9, "agents": 1}}}}},
            "work_orders": {"vacant_checks_per_week": 0, "patrol_fault_share": 0, "from_calls": {"repair": {
                "priority": "routine", "work_time_min": {"dist": "exponential", "mean": 20}}}},
            "butlers": {"visits_per_household_per_month": 0.5, "complaint_follow_up": None,
                        "walk_ins_per_household_per_month": 0, "inspection_checkpoints": 4,
                        "visit_hours": ["09:00", "17:00"]},
        },
        "targets": {"field": {"response": {"routine": {"within_min": 60, "share": 0.8}}}},
    }, {}))


@pytest.mark.parametrize("calls_from_h, technicians_start, chosen", [(9, "08:00", True), (18, "15:00", False)])
def test_butlers_taking_small_repairs_is_chosen_exactly_when_the_enumerated_optimum_says_it_saves(
        calls_from_h, technicians_start, chosen):
    """Multi-skilled butlers (design option butler_repairs): with repairs reported in the
    butlers' hours their zone's butler takes them between visits and one technician fewer
    meets the target; with repairs only in the evening, after the butlers have gone home, the
    option changes nothing and is not chosen. The search's cost with and without it equals the
    cheapest design found by enumerating both teams' people (0-3 technicians, 0-2 butlers a zone)."""
    scenario = _butler_site(calls_from_h, technicians_start)
    options = design_options(scenario)
    assert [o.name for o in options] == ["butler_repairs:butlers>general"]
    evaluate = Evaluator(scenario, 3, scenario.seed, pool=None, targets=kpi_targets(scenario, list(scenario.centre.pools)),
                         options=options, costs=cost_model(scenario), count=[0], judge="mean",
                         settle_rep_days=settle_rep_days(scenario, 3))
    best: dict[bool, float] = {}
    for on, technicians, butlers in itertools.product((False, True), range(4), range(3)):
        design = initial_design(scenario)
        for group, people in (("field.teams.technicians", technicians), ("field.teams.butlers", butlers)):
            roster = design.roster(group)
            roster["shifts"]["day"]["agents"] = people
            design = design.replace(group, roster)
        trial = evaluate(design.switch(options[0].name, True) if on else design)
        if trial is not None and trial.feasible:
            best[on] = min(best.get(on, float("inf")), trial.cost_yuan)
    assert (best[True] < best[False]) == chosen
    result = optimise(scenario, replications=3, search_days=None, verify_replications=3, screen_replications=0,
                      moves=frozenset({"add", "remove"}),
                      groups=frozenset({"field.teams.technicians", "field.teams.butlers"}))
    report = result.options["butler_repairs:butlers>general"]
    assert report["cost_without_yuan"] == pytest.approx(best[False], abs=0.01)
    assert report["cost_with_yuan"] == pytest.approx(best[True], abs=0.01)
    assert report["chosen"] == chosen == ("butler_repairs:butlers>general" in result.design.options)
    if chosen:
        assert result.scenario.field.teams["butlers"].skills == ["general"]


def test_a_target_no_staffing_moves_is_set_aside_after_one_saturated_trial_as_the_whole_doubling_finds():
    """Repairs reached in 2 min cannot be had (getting into a building takes five): after one more
    technician on the shift has not helped, the search tries the most people its doubling would
    add (32) once and sets the target aside, instead of simulating every step; and indeed none of
    the doubling's adds (1, 2, 4, ..., 32) moves it."""
    from planner.search.design import count_moves
    from sim.results.centre_kpis import KpiKey

    data = _butler_site(9, "08:00").model_dump(mode="json")
    data["field"]["travel"]["access_s"] = 300  # five minutes into any building
    data["targets"]["field"]["response"]["routine"] = {"within_min": 2, "share": 0.8}
    scenario = load_scenario(data)
    evaluate = Evaluator(scenario, 3, scenario.seed, pool=None, targets=kpi_targets(scenario, list(scenario.centre.pools)),
                         options=[], costs=cost_model(scenario), count=[0], judge="mean",
                         settle_rep_days=settle_rep_days(scenario, 3))
    search = Search(evaluate, scenario, [], set(), [], lambda _m: None, max_steps=5, max_per_shift=50, base_reps=3,
                    design_moves=False, groups=frozenset({"field.teams.technicians"}))
    first = evaluate(initial_design(scenario))
    key = KpiKey("work_orders.routine", "response_within_target")
    assert first.shortfalls[key] > 0
    before = evaluate.count[0]
    search.repair(first)
    assert key in search.stuck and evaluate.count[0] - before == 2  # +1 on the one shift, then the saturated trial
    for step in (1, 2, 4, 8, 16, 32):
        (move,) = count_moves(first.design, "field.teams.technicians", step)
        assert evaluate(move.design).shortfalls[key] >= first.shortfalls[key]


def test_a_spent_candidate_budget_starts_no_option_search_and_says_which_were_not_searched():
    """The quick plan's budget is a count of candidates (a seeded plan reproduces on any
    machine): once spent, no option search starts; the search without options still finishes,
    its certificate whole, and the options never searched are named (plan.json, the summary)."""
    scenario = load_scenario("scenarios/validation/mmc_12.yaml",
                             ESCALATING + ["costs.wages_yuan_per_month.expert_agent=20000"])
    kwargs = dict(replications=3, search_days=None, verify_replications=3, screen_replications=0, moves=MOVES)
    free = optimise(scenario, **kwargs)
    spent = optimise(scenario, max_candidates=1, option_strategy="greedy", **kwargs)
    assert spent.options_not_searched == ["merge_pool:experts>agents"] and spent.options == {}
    assert not spent.design.options and "experts" in spent.scenario.centre.pools
    assert spent.evaluations < free.evaluations
    assert spent.certificate and not any(t.feasible for t in spent.certificate)
    # The budget is counted, not timed: the same call gives the same plan.
    again = optimise(scenario, max_candidates=1, option_strategy="greedy", **kwargs)
    assert again.design == spent.design and again.evaluations == spent.evaluations
    with pytest.raises(ValueError, match="option_strategy"):
        optimise(scenario, option_strategy="random", **kwargs)


#: Two pools with nothing in common (calls; remote operations), each with people to spare.
TWO_POOLS = [
    "calendar.horizon_days=2", "calendar.warmup_days=0", "replications=3",
    "centre.pools.agents.roster.shifts.all_day.agents=15",
    "demand.remote_ops={gate: {rate_per_minute: 3, handle_time_s: {dist: exponential, mean: 60}}}",
    "+centre.pools.seats={skills: [remote_ops], roster: {shifts: {all_day: {start: '00:00', length_h: 24, agents: 8}}}}",
    "targets.remote_ops={answer_within_s: 30, service_level: 0.8}",
]


class _LookAtEverything(Search):
    """The descent without its memo: every pass looks at every cheaper neighbour."""

    def _skip(self, lazy, key):
        return False


def test_the_descent_does_not_look_again_at_what_failed_and_ends_where_looking_at_everything_ends():
    """Pools that share nothing: a removal that failed in one pool fails again while only the
    other pool changes (common random numbers), so skipping it until the final full pass changes
    nothing but the simulations spent; the certificate is still every cheaper neighbour."""
    scenario = load_scenario("scenarios/validation/mmc_12.yaml", TWO_POOLS)
    runs = {}
    for kind in (Search, _LookAtEverything):
        evaluate = _evaluator(scenario, 3, scenario.seed)
        search = kind(evaluate, scenario, [], set(), [], lambda _m: None, max_steps=60, max_per_shift=50,
                      base_reps=3, design_moves=True)
        start = evaluate(initial_design(scenario))
        final, certificate = search.descend(start)
        runs[kind] = (final, certificate, evaluate.count[0], search)
    (memo, cert, spent, search), (full, full_cert, full_spent, _) = runs[Search], runs[_LookAtEverything]
    assert memo.design.key == full.design.key
    assert {t.move for t in cert} == {t.move for t in full_cert}
    assert spent < full_spent
    assert {"centre.pools.agents", "centre.pools.seats"} <= {m.group for _, m in
                                                             search.cheaper_moves(memo.design, memo.cost_yuan)}
    assert {t.move for t in cert} == {m.label for _, m in search.cheaper_moves(memo.design, memo.cost_yuan)}
    assert not any(t.feasible for t in cert)


def test_touched_names_the_shifts_a_move_changes_as_they_were():
    from planner.search.design import count_moves, touched

    scenario = load_scenario("scenarios/validation/mmc_12.yaml", TWO_POOLS)
    design = initial_design(scenario)
    seats_move = next(count_moves(design, "centre.pools.seats", -1))
    assert touched(design, seats_move.design)[2:] == (
        ("centre.pools.seats", (("all_day", json.dumps(design.roster("centre.pools.seats")["shifts"]["all_day"],
                                                         sort_keys=True)),)),)
    # The same removal after the other pool changed: the same change to the same shift.
    other = next(count_moves(design, "centre.pools.agents", -1)).design
    again = next(count_moves(other, "centre.pools.seats", -1))
    assert touched(other, again.design) == touched(design, seats_move.design)
    # After its own shift changed it is another change.
    fewer = seats_move.design
    assert touched(fewer, next(count_moves(fewer, "centre.pools.seats", -1)).design) != touched(design, seats_move.design)


def test_lower_bound_counts_a_fire_control_room_at_two_a_shift():
    """The bound's cover of a post is its fewest people a shift where its rules set one: a fire
    control room is two people round its open hours (GB 25506), never one."""
    from planner.rostering.compliance import per_shift_minimum
    from planner.search.bound import _open_hours_per_week, lower_bound
    from sim import simulate
    scenario = load_scenario("scenarios/default.yaml",
                             overrides=["calendar.horizon_days=1", "calendar.warmup_days=0", "replications=1"])
    bound = lower_bound(scenario, simulate(scenario), cost_model(scenario))
    rooms = {name: post for name, post in scenario.staffed_posts().items() if post.kind == "fire_control"}
    assert rooms
    for name, post in rooms.items():
        for site in scenario.post_sites(name):
            part = bound["groups"][f"post {site}/{name}"]
            assert per_shift_minimum(post) == 2
            assert part["cover_h_per_week"] == pytest.approx(2 * _open_hours_per_week(post.opening_hours))
            assert part["bound_h_per_week"] >= part["cover_h_per_week"] > 0
