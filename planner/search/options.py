"""Options: one search per combination of design options, chosen greedily (the search's step 3).

Contract: :func:`search_options` runs the search (repair, planner.search.repair, then descent,
planner.search.descend) without options from the start design, then once for each option
switched on the best design without options ("singles": then each saving option on top of the
best combination so far, cheapest first; "greedy": each option once on top of the best so far),
all on one evaluator (the same random numbers; a design met twice is simulated once). It returns
:class:`Searches`: every search as it ended (:class:`SearchRun`), the best combination (the
cheapest that gives up no target the search without options kept), each option's saving
against the same design without it (``report``) and the options the candidate budget
(``max_candidates``) did not start. It raises ScenarioError when no search could start.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from planner.search.descend import Search, Trial
from planner.search.design import Design, DesignOption, switch_on
from planner.search.evaluate import Evaluation, Evaluator, _open
from planner.search.events import SearchEvent, options_of
from planner.search.repair import Step
from planner.search.settings import SearchSettings
from sim.results.centre_kpis import KpiKey
from sim.scenario import Scenario
from sim.scenario.errors import ScenarioError


class SearchRun(NamedTuple):
    """One search (one combination of design options) as it ended: its last evaluation, the
    certificate of its descent (empty when it gave up), the moves taken, the targets it set
    aside and the search itself."""

    evaluation: Evaluation
    certificate: list[Trial]
    steps: list[Step]
    stuck: set[KpiKey]
    search: Search


@dataclass
class Searches:
    """Every search by its options, the best combination, and what each option saved."""

    runs: dict[frozenset, SearchRun]
    #: the targets the search without options set aside
    base_stuck: set[KpiKey]
    best_key: frozenset = frozenset()
    #: per design option: chosen or not, the best cost with and without it, the saving
    report: dict[str, dict] = field(default_factory=dict)
    #: design options whose search the candidate budget did not start
    not_searched: list[str] = field(default_factory=list)

    def gives_up(self, key) -> bool:
        # An option that gives up a target the search without options kept (sets it aside)
        # is no saving: it ranks after every design that keeps all those targets.
        runs = self.runs
        return bool(_open(runs[key].evaluation, runs[key].stuck)) or bool(runs[key].stuck - self.base_stuck)

    def rank(self, key):
        return (self.gives_up(key), self.runs[key].evaluation.cost_yuan)


def run_search(evaluate: Evaluator, scenario: Scenario, options: list[DesignOption], design: Design, key: frozenset,
               settings: SearchSettings, say, may_set_aside: set[KpiKey] | None, label: str | None = None) -> SearchRun | None:
    """One search from ``design`` (the options ``key`` on): repair, then descent unless it gave
    up (set aside a target not in ``may_set_aside``; None: any may be). None when ``design`` is
    not a valid scenario. Its simulations are counted under ``label`` (default: its options)."""
    s = settings
    steps: list[Step] = []
    stuck: set[KpiKey] = set()
    evaluate.search = "+".join(sorted(key)) if label is None else label
    first = evaluate(design)
    if first is None:
        return None
    say(SearchEvent("search", options_of(key)))
    search = Search(evaluate, scenario, options, stuck, steps, say, max_steps=s.max_steps,
                    max_per_shift=s.max_per_shift, base_reps=s.replications, design_moves=s.design_moves,
                    allowed=s.moves, groups=s.groups, may_set_aside=may_set_aside, batch=s.batch)
    current = search.repair(first)
    if search.gave_up:
        say(SearchEvent("gave_up", options_of(key)))
        return SearchRun(current, [], steps, stuck, search)
    current, certificate = search.descend(current)
    return SearchRun(current, certificate, steps, stuck, search)


def search_options(evaluate: Evaluator, scenario: Scenario, options: list[DesignOption], start: Design,
                   settings: SearchSettings, say, count: list[int]) -> Searches:
    """The searches of ``start`` without options and with them (module doc), on ``evaluate``;
    ``count[0]`` is the candidates simulated so far (the budget's count)."""
    s = settings
    runs: dict[frozenset, SearchRun] = {}
    unstarted: list[frozenset] = []        # searches the candidate budget did not start

    def over_budget(key: frozenset) -> bool:
        """Whether the candidate budget is spent: the search with ``key`` is then not started."""
        if s.max_candidates is None or count[0] < s.max_candidates:
            return False
        say(SearchEvent("budget_spent", options_of(key), budget=s.max_candidates))
        unstarted.append(key)
        return True

    def search_from(design: Design, key: frozenset) -> None:
        if key and over_budget(key):
            return
        # An option search that must set aside a target the search without options kept has
        # lost (gives_up below): it stops there instead of descending.
        may_set_aside = runs[frozenset()].stuck if key and frozenset() in runs else None
        run = run_search(evaluate, scenario, options, design, key, settings, say, may_set_aside)
        if run is not None:
            runs[key] = run

    # 3. Options, chosen greedily: each on its own from the best design without options
    #    (repair what it breaks, then descend); then, cheapest saving first, each further
    #    option on top of the best combination so far while it saves.
    search_from(start, frozenset())
    base = runs[frozenset()].evaluation.design if frozenset() in runs else start
    base_cost = evaluate.cost(base)
    # The option taking most off the design first (it most likely saves most); ties by name.
    ordered = sorted(options, key=lambda o: (evaluate.cost(switch_on(base, o)) - base_cost, o.name))
    searches = Searches(runs, runs[frozenset()].stuck if frozenset() in runs else set())
    gives_up, rank = searches.gives_up, searches.rank

    by_name = {o.name: o for o in options}
    if s.option_strategy == "greedy" and frozenset() in runs:
        best_key = frozenset()
        for option in ordered:
            key = best_key | {option.name}
            if any(option.conflicts(by_name[k]) for k in best_key):
                continue
            search_from(switch_on(runs[best_key].evaluation.design, option), key)
            if key in runs and rank(key) < rank(best_key):
                best_key = key
    else:
        # Each option's search moves every roster: switching one on frees or loads people well
        # beyond its own pools (restricting the search to them was tried and cost 6% more).
        for option in ordered:
            search_from(switch_on(base, option), frozenset({option.name}))
    if not runs:
        raise ScenarioError([])

    best_key = min(runs, key=rank)
    singles = sorted((k for k in runs if frozenset() in runs and len(k) == 1 and k != best_key
                      and rank(k) < rank(frozenset())), key=rank) if s.option_strategy == "singles" else []
    for single in singles:
        key = best_key | single
        option = by_name[next(iter(single))]
        if key in runs or any(option.conflicts(by_name[k]) for k in best_key):
            continue
        search_from(switch_on(runs[best_key].evaluation.design, option), key)
        if key in runs and rank(key) < rank(best_key):
            best_key = key
    searches.best_key = best_key
    # (an option skipped because it conflicts with one chosen, or whose design is not valid, was
    # not left out by the budget)
    searches.not_searched = [o.name for o in ordered if any(o.name in k for k in unstarted)
                             and not any(o.name in k for k in runs)]
    searches.report = option_report(searches, options)
    return searches


def option_report(searches: Searches, options: list[DesignOption]) -> dict[str, dict]:
    """Per design option searched with and without: chosen or not (in ``searches.best_key``), the
    best cost with it and without it in the combination it was last judged in (the chosen one
    when it is in it), the saving, and whether its design keeps every target."""
    runs, best_key, out = searches.runs, searches.best_key, {}
    for option in options:
        with_keys = [k for k in runs if option.name in k and (k - {option.name}) in runs]
        if not with_keys:
            continue
        # the combination it was last judged in: the chosen one when it is in it
        key = best_key if best_key in with_keys else max(with_keys, key=len)
        with_cost, without_cost = runs[key].evaluation.cost_yuan, runs[key - {option.name}].evaluation.cost_yuan
        out[option.name] = {
            "kind": option.kind, "source": option.source, "target": option.target,
            "chosen": option.name in best_key, "cost_with_yuan": round(with_cost, 2),
            "cost_without_yuan": round(without_cost, 2), "saving_yuan": round(without_cost - with_cost, 2),
            "with_options": sorted(key - {option.name}),
            "meets_targets_with": not searches.gives_up(key)}
    return out
