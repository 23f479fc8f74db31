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


@pytest.mark.parametrize("expert_wage, chosen", [(20000, True), (1, False)])
def test_a_design_option_is_chosen_exactly_when_it_saves(expert_wage, chosen):
    scenario = load_scenario("scenarios/validation/mmc_12.yaml",
                             ESCALATING + [f"costs.wages_yuan_per_month.expert_agent={expert_wage}"])
    assert [o.name for o in design_options(scenario)] == ["merge_pool:experts>agents"]
    without = _best(scenario, [(d, e) for d in range(1, 8) for e in range(1, 3)], with_merge=False)
    merged = _best(scenario, [(d, 1) for d in range(1, 8)], with_merge=True)
    assert (merged.cost_yuan < without.cost_yuan) == chosen
    result = optimise(scenario, replications=3, search_days=None, verify_replications=3, screen_replications=0,
                      moves=MOVES)
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
