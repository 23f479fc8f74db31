"""One SearchSettings for every search: checked where it is made (a message naming the field,
the value and what is allowed), and the full plan, the quick plan, the portfolio's and the
benchmark's each a named instance of it that the command line, the app and the portfolio use."""

from __future__ import annotations

import pytest

from planner.cli import _parser as build_parser
from planner.portfolio.planning import Settings
from planner.search.optimise import optimise
from planner.search.settings import FULL_PLAN, HEAD_COUNTS_PLAN, PORTFOLIO_PLAN, QUICK_PLAN, SearchSettings
from sim.scenario.loader import load_scenario


@pytest.mark.parametrize("field, value, allowed", [("judge", "intervals", "'mean', 'interval'"),
                                                   ("option_strategy", "random", "'singles', 'greedy'"),
                                                   ("start", "norms", "'analytic', 'scenario'")])
def test_a_choice_not_allowed_is_refused_naming_the_field_the_value_and_the_choices(field, value, allowed):
    with pytest.raises(ValueError) as caught:
        SearchSettings(**{field: value})
    assert str(caught.value) == f"{field} must be one of {allowed}, got {value!r}"


@pytest.mark.parametrize("changes, field", [({"replications": 0}, "replications"), ({"search_days": 0}, "search_days"),
                                            ({"verify_replications": 2.5}, "verify_replications"),
                                            ({"screen_replications": -1}, "screen_replications"),
                                            ({"groups": "field.teams.guards"}, "groups")])
def test_a_size_out_of_range_is_refused_naming_it(changes, field):
    with pytest.raises(ValueError, match=f"^{field} must"):
        FULL_PLAN.but(**changes)


def test_a_change_names_a_setting_and_sets_become_frozen():
    assert FULL_PLAN.but() is FULL_PLAN and FULL_PLAN.but(seed=7).seed == 7 and FULL_PLAN.seed is None
    assert FULL_PLAN.but(moves={"add", "remove"}).moves == frozenset({"add", "remove"})
    with pytest.raises(TypeError, match="not a search setting: search_dayz"):
        FULL_PLAN.but(search_dayz=3)
    assert FULL_PLAN.but(groups=["b", "a"]).to_dict()["groups"] == ["a", "b"]


def test_the_named_settings_differ_only_where_they_say():
    def differ(a: SearchSettings, b: SearchSettings) -> set[str]:
        return {k for k, v in a.to_dict().items() if b.to_dict()[k] != v}

    assert FULL_PLAN == SearchSettings() and (FULL_PLAN.replications, FULL_PLAN.search_days) == (6, 7.0)
    assert differ(FULL_PLAN, QUICK_PLAN) == {"replications", "search_days", "verify_replications", "verify_cap",
                                             "verify_rounds", "max_verifications", "option_strategy", "max_candidates"}
    assert differ(FULL_PLAN, PORTFOLIO_PLAN) == {"replications", "search_days", "verify_replications", "verify_rounds",
                                                 "certify_options"}
    assert differ(FULL_PLAN, HEAD_COUNTS_PLAN) == {"design_moves", "use_options"}


def test_the_command_line_and_the_portfolio_take_their_defaults_from_the_named_settings():
    plan = build_parser().parse_args(["plan", "x.yaml", "--out", "o"])
    assert (plan.replications, plan.search_days, plan.start, plan.verify_replications) == \
        (FULL_PLAN.replications, FULL_PLAN.search_days, FULL_PLAN.start, FULL_PLAN.verify_replications)
    folio = build_parser().parse_args(["portfolio", "x.yaml", "--out", "o"])
    assert (folio.replications, folio.search_days, folio.verify_replications) == \
        (PORTFOLIO_PLAN.replications, PORTFOLIO_PLAN.search_days, PORTFOLIO_PLAN.verify_replications)
    site = Settings().search(design_moves=False, groups=["field.teams.guards"], search_days=7.0)
    assert site == PORTFOLIO_PLAN.but(design_moves=False, groups=frozenset({"field.teams.guards"}), search_days=7.0)


def test_a_bad_setting_stops_a_search_before_it_simulates_anything():
    scenario = load_scenario("scenarios/validation/mmc_12.yaml")
    with pytest.raises(ValueError, match="judge must be one of"):
        optimise(scenario, judge="interval95", on_candidate=lambda n: pytest.fail("simulated"))
