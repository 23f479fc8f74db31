"""How a plan is searched and verified: one :class:`SearchSettings`, and the named settings of
the full plan, the app's quick plan, the portfolio's searches and the benchmark's head-count
search. ``optimise`` and ``make_plan`` take one; a keyword changes a field of it (checked here,
with a message naming the field, the value and what is allowed)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from typing import Literal, get_args

#: How a candidate is judged while searching: on its means, each clearing its target by a
#: safety margin (planner.search.evaluate.SETTLE_SAFETY), or on its 95% interval.
Judge = Literal["mean", "interval"]
#: How design options are searched: each on its own, then the saving ones together ("singles");
#: each once on top of the best combination so far ("greedy").
OptionStrategy = Literal["singles", "greedy"]
#: Where the search starts: the contact-centre rosters covering the Erlang C requirements
#: ("analytic", planner.search.analytic_start) or the scenario's own rosters.
Start = Literal["analytic", "scenario"]

#: Verification may raise its replications to this multiple of ``verify_replications`` to settle
#: a low-volume target whose interval still straddles the target with its mean on the right side.
VERIFY_CAP = 32
#: Verification rounds of one design: each repairs what the last found and is judged again on
#: fresh seeds.
VERIFY_ROUNDS = 3
#: Verifications in all (every candidate design and its repairs) before the chosen design's
#: last evidence is reported as it is.
MAX_VERIFICATIONS = 10


@dataclass(frozen=True)
class SearchSettings:
    """Run sizes and choices of one search (planner.search.optimise's module doc)."""

    #: replications of each candidate (common random numbers, seed ``seed``)
    replications: int = 6
    #: days of a candidate's runs (None: the scenario's horizon)
    search_days: float | None = 7.0
    #: replications and days of verification (None: the scenario's)
    verify_replications: int | None = None
    verify_days: float | None = None
    #: the search's seed (None: the scenario's); verification's are derived from it
    seed: int | None = None
    #: replications a candidate's mean must pass before the rest are run (0: no screen)
    screen_replications: int = 2
    max_steps: int = 60
    max_per_shift: int = 50
    #: moves that keep the people (transfers, retimes, splits, resizes), not only head counts
    design_moves: bool = True
    use_options: bool = True
    #: the kinds of design option searched (None: every kind)
    option_kinds: frozenset[str] | None = None
    #: the kinds of move (planner.search.design; None: every kind)
    moves: frozenset[str] | None = None
    #: the pools, teams and posts the search may change (None: every one)
    groups: frozenset[str] | None = None
    verify_cap: int = VERIFY_CAP
    verify_rounds: int = VERIFY_ROUNDS
    #: what a mean accepted while searching must be settleable on (None: this verification's budget)
    settle_budget_rep_days: float | None = None
    max_verifications: int = MAX_VERIFICATIONS
    #: candidates after which no further option search starts (None: no budget)
    max_candidates: int | None = None
    option_strategy: OptionStrategy = "singles"
    #: the certificate over the options after the "singles" search (planner.search.certificate):
    #: every option switched on or off on the searched design, with the moves that keep people
    certify_options: bool = True
    start: Start = "analytic"
    judge: Judge = "mean"
    #: neighbours of a descent pass simulated side by side at most (planner.search.descend; 1: one
    #: at a time). A fixed number, not the pool's size: every worker count simulates the same.
    batch: int = 8

    def __post_init__(self) -> None:
        for name, kind in (("judge", Judge), ("option_strategy", OptionStrategy), ("start", Start)):
            allowed = get_args(kind)
            if getattr(self, name) not in allowed:
                raise ValueError(f"{name} must be one of {', '.join(map(repr, allowed))}, got {getattr(self, name)!r}")
        for name, least in (("replications", 1), ("screen_replications", 0), ("max_steps", 0), ("max_per_shift", 1),
                            ("verify_cap", 1), ("verify_rounds", 1), ("max_verifications", 1),
                            ("verify_replications", 1), ("max_candidates", 0), ("batch", 1)):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < least):
                raise ValueError(f"{name} must be a whole number of at least {least}"
                                 + (" or None" if name in ("verify_replications", "max_candidates") else "")
                                 + f", got {value!r}")
        for name in ("search_days", "verify_days", "settle_budget_rep_days"):
            value = getattr(self, name)
            if value is not None and not value > 0:
                raise ValueError(f"{name} must be a number of days above 0 or None, got {value!r}")
        for name in ("option_kinds", "moves", "groups"):
            value = getattr(self, name)
            if value is not None:
                if isinstance(value, str) or not all(isinstance(v, str) for v in value):
                    raise ValueError(f"{name} must be a set of names or None, got {value!r}")
                object.__setattr__(self, name, frozenset(value))

    def but(self, **changes) -> SearchSettings:
        """These settings with ``changes`` (field names; a name that is not a field is refused)."""
        unknown = sorted(set(changes) - {f.name for f in fields(self)})
        if unknown:
            raise TypeError(f"not a search setting: {', '.join(unknown)} "
                            f"(the settings are {', '.join(f.name for f in fields(self))})")
        return replace(self, **changes) if changes else self

    def to_dict(self) -> dict:
        """The settings as JSON holds them (sets as sorted lists)."""
        return {k: sorted(v) if isinstance(v, frozenset) else v for k, v in asdict(self).items()}


#: The full plan (``python -m planner plan``, the app's full mode): candidates on week-long runs
#: × 6, verified on the scenario's horizon and replications.
FULL_PLAN = SearchSettings()
#: The app's quick plan: candidates on 3-day runs × 4 replications, each design option searched
#: once on top of the best so far (greedy) and none started after 80 candidates, the chosen
#: design verified once on a week × 4 (up to 4× while inconclusive, no repair, no other design).
#: It searches by the full plan's rule: the app sets ``settle_budget_rep_days`` to the full
#: plan's verification budget of the scenario (ui.runs.plan_settings).
QUICK_PLAN = SearchSettings(replications=4, search_days=3.0, verify_replications=4, verify_cap=4, verify_rounds=1,
                            max_verifications=1, option_strategy="greedy", max_candidates=80)
#: The portfolio's searches (planner.portfolio.planning.Settings): candidates × 3 on the centre's
#: 3-day runs (a site's are a week, ``site_search_days``), checked × 4 up to 32× while
#: inconclusive, two rounds of repair.
PORTFOLIO_PLAN = SearchSettings(replications=3, search_days=3.0, verify_replications=4, verify_cap=32, verify_rounds=2,
                                certify_options=False)
#: The benchmark's comparison (bench/bench_plan.py): the full plan on head counts alone, no
#: moves that keep people and no design options.
HEAD_COUNTS_PLAN = FULL_PLAN.but(design_moves=False, use_options=False)
