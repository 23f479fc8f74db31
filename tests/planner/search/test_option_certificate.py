"""The certificate over the design options (planner.search.certificate) against the optimum found
by enumeration on a small case: a desk and an expert pool, the desk taking the experts' calls
(merge_pool) cheaper when experts are dear, dearer when they are cheap."""

from __future__ import annotations

import pytest

from planner.costs.team import cost_model
from planner.search.certificate import certify_options, note_verification, switch_off
from planner.search.design import compliant_design, design_options, initial_design, switch_on
from planner.search.optimise import Evaluator, optimise, settle_rep_days
from planner.search.options import Searches, run_search, search_options
from planner.search.settings import FULL_PLAN
from sim import load_scenario
from sim.results.centre_kpis import kpi_targets
from tests.planner.search.test_design import ESCALATING, MOVES, _best

SETTINGS = FULL_PLAN.but(replications=3, search_days=None, verify_replications=3, screen_replications=0, moves=MOVES)
MERGE = "merge_pool:experts>agents"


def _case(expert_wage: int, *more: str):
    """The scenario, its design options, an evaluator as the search's, and the enumerated optimum
    with the option off and on."""
    scenario = load_scenario("scenarios/validation/mmc_12.yaml",
                             ESCALATING + [f"costs.wages_yuan_per_month.expert_agent={expert_wage}", *more])
    options = design_options(scenario)
    assert [o.name for o in options] == [MERGE]
    evaluate = Evaluator(scenario, 3, scenario.seed, pool=None, targets=kpi_targets(scenario, list(scenario.centre.pools)),
                         options=options, costs=cost_model(scenario), count=[0], judge="mean",
                         settle_rep_days=settle_rep_days(scenario, 3))
    without = _best(scenario, [(d, e) for d in range(1, 8) for e in range(1, 3)], with_merge=False)
    merged = _best(scenario, [(d, 1) for d in range(1, 8)], with_merge=True)
    return scenario, options, evaluate, without, merged


def test_switching_an_option_on_with_the_moves_after_it_finds_the_enumerated_optimum():
    """The search without options ends at the best design without the merge; switched on there
    and followed by the repair and descent (the expert seat gone, the desk's people set again),
    the certificate reaches the enumerated optimum, cheaper than the design it was given, and
    takes it."""
    scenario, options, evaluate, without, merged = _case(20000)
    assert merged.cost_yuan < without.cost_yuan          # the case is one the option makes cheaper
    count = [0]
    start = compliant_design(scenario, initial_design(scenario))
    searches = search_options(evaluate, scenario, [], start, SETTINGS, lambda _e: None, count)
    assert searches.best_key == frozenset()
    given = searches.runs[frozenset()].evaluation
    assert given.cost_yuan == pytest.approx(without.cost_yuan, abs=0.01)
    trials = certify_options(evaluate, scenario, options, searches, SETTINGS, lambda _e: None, count)
    assert trials[0].option == MERGE and trials[0].switch == "on" and trials[0].outcome == "cheaper"
    assert searches.best_key == frozenset({MERGE})
    best = searches.runs[searches.best_key].evaluation
    assert best.feasible and MERGE in best.design.options
    assert best.cost_yuan == pytest.approx(min(merged.cost_yuan, without.cost_yuan), abs=0.01)
    assert trials[0].cost_yuan == pytest.approx(best.cost_yuan) and trials[0].saving_yuan > 0
    # the design's steps: the search's it started from, the switch, then the certificate's own
    steps = searches.runs[searches.best_key].steps
    switched = [s.action for s in steps].index("option")
    assert steps[switched].change.option == MERGE and steps[switched].change.on
    assert [s.lever for s in steps[switched + 1:]] == trials[0].moves
    assert [s.lever for s in steps[:switched]] == [s.lever for s in searches.runs[frozenset()].steps]
    # tried again on the design taken: switching it off is dearer, and nothing more is taken
    assert [(t.switch, t.outcome) for t in trials[1:]] == [("off", "dearer")]
    assert searches.report[MERGE]["chosen"]
    # verification's word on the design taken: the plan when it was found met, else not verified
    note_verification(trials, searches, {}, frozenset({MERGE}))
    assert trials[0].verified == "met" and trials[1].verified is None
    note_verification(trials, searches, {}, None)
    assert trials[0].verified == "not_verified"


def test_switching_a_chosen_option_off_finds_the_cheaper_design_without_it():
    """A search that chose the merge where experts cost next to nothing: switched off, with the
    moves after it, the certificate reaches the enumerated optimum without it and takes it."""
    scenario, options, evaluate, without, merged = _case(1)
    assert without.cost_yuan < merged.cost_yuan
    count = [0]
    start = switch_on(compliant_design(scenario, initial_design(scenario)), options[0])
    key = frozenset({MERGE})
    searches = Searches({key: run_search(evaluate, scenario, options, start, key, SETTINGS, lambda _e: None, None)},
                        set(), key)
    assert searches.runs[key].evaluation.cost_yuan == pytest.approx(merged.cost_yuan, abs=0.01)
    trials = certify_options(evaluate, scenario, options, searches, SETTINGS, lambda _e: None, count)
    assert [(t.switch, t.outcome) for t in trials] == [("off", "cheaper"), ("on", "dearer")]
    assert searches.best_key == frozenset()
    assert searches.runs[frozenset()].evaluation.cost_yuan == pytest.approx(without.cost_yuan, abs=0.01)
    assert trials[1].started_from == [] and trials[1].to_dict()["outcome"] == "dearer"


def test_a_spent_candidate_budget_tries_nothing_and_says_so():
    scenario, options, evaluate, _, _ = _case(20000)
    start = compliant_design(scenario, initial_design(scenario))
    searches = search_options(evaluate, scenario, [], start, SETTINGS, lambda _e: None, [0])
    trials = certify_options(evaluate, scenario, options, searches, SETTINGS.but(max_candidates=1), lambda _e: None,
                             [5])
    assert [(t.outcome, t.cost_yuan == t.cost_yuan) for t in trials] == [("not_tried", False)]
    assert searches.best_key == frozenset()


def test_the_plan_reports_each_option_tried_on_its_design():
    """The plan: the merge chosen by the options step, the certificate switches it off on the
    chosen design and finds that dearer; plan.json's ``search.certificate.options`` and the
    summary say so."""
    from planner.plan import make_plan, summary_text

    scenario, _, _, without, merged = _case(20000, "sites.validation.floor_area_m2=30000")  # the norms' basis
    plan = make_plan(scenario, start="scenario", replications=3, search_days=None, verify_replications=3,
                     screen_replications=0, moves=MOVES)
    result = plan.search
    assert MERGE in result.design.options
    assert [(t.option, t.switch, t.outcome) for t in result.option_certificate] == [(MERGE, "off", "dearer")]
    assert result.option_certificate[0].cost_yuan >= without.cost_yuan - 0.01
    assert result.search.cost_yuan == pytest.approx(merged.cost_yuan, abs=0.01)
    said = plan.to_dict()["search"]["certificate"]["options"]
    assert [(t["option"], t["switch"], t["outcome"], t["verified"]) for t in said] == [(MERGE, "off", "dearer", None)]
    assert said[0]["saving_yuan"] == pytest.approx(result.search.cost_yuan - said[0]["cost_yuan"], abs=0.01)
    summary = summary_text(plan)
    assert "Certificate over the design options: 1 switched" in summary
    assert f"  {result.option_certificate[0].text()}" in summary.splitlines()


def test_switching_second_line_off_puts_the_on_call_people_back_on_the_awake_shift():
    scenario = load_scenario("scenarios/default.yaml")
    option = next(o for o in design_options(scenario) if o.kind == "second_line")
    design = compliant_design(scenario, initial_design(scenario))
    group = f"field.teams.{option.source}"
    roster = design.roster(group)
    roster["shifts"][option.target]["agents"] = 3
    design = design.replace(group, roster)
    on = switch_on(design, option)
    assert on.roster(group)["shifts"][option.target]["agents"] == 2
    off = switch_off(on, option)
    assert off.roster(group) == design.roster(group) and option.name not in off.options


def test_an_option_whose_shortfall_nothing_repairs_is_reported_missing_its_target():
    """No repair step allowed: the merge switched on leaves the desk short of its calls' service
    level (its mean below the line), named as missed; the design given stays the best."""
    scenario, options, evaluate, _, _ = _case(20000)
    start = compliant_design(scenario, initial_design(scenario))
    searches = search_options(evaluate, scenario, [], start, SETTINGS, lambda _e: None, [0])
    trials = certify_options(evaluate, scenario, options, searches, SETTINGS.but(max_steps=0), lambda _e: None, [0])
    assert [(t.switch, t.outcome, t.targets) for t in trials] == [("on", "misses", ["calls.service_level"])]
    assert searches.best_key == frozenset()
    assert "misses calls.service_level" in trials[0].text()
