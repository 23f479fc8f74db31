"""The certificate over the design options: one option changed on the searched design, then the
people-keeping moves (after the search's step 3, before verification).

Contract: :func:`certify_options` takes the searches (planner.search.options.Searches) and, on
the best combination's design, switches on each design option not chosen (one that cannot be on
with a chosen one, two on-call kinds of one team, takes that one's place) and switches off each
chosen one, and from each such design runs the search's repair and descent
(planner.search.options.run_search: with the option on, the people it frees are removed; with it
off, the people it leaves short are added), on the same evaluator (the same random numbers; a
design met twice is simulated once). Each is an :class:`OptionTrial` with its outcome:
``cheaper`` (meets every target the search without options kept, for less: the search takes it,
it becomes the best combination and every option is tried again on its design), ``dearer``
(meets them for no less: dearer or the same), ``misses`` (a target's mean is on the wrong side
after the repair, or a target nothing helped was set aside: named), ``not_shown`` (every open
target's mean is on its right side, but not by the margin verification's budget could show,
planner.search.evaluate), ``not_valid`` (no valid scenario) or ``not_tried`` (the candidate
budget was spent). The cheapest design a change of one option and the people-keeping moves
reach is then the plan's design or is dearer: "one obvious change by hand makes it cheaper" is
ruled out over the options as the descent's certificate rules it out over head counts and
shifts. :func:`note_verification` says what verification made of each design taken.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from planner.search.changes import Change
from planner.search.design import Design, DesignOption, standby_name, switch_on
from planner.search.evaluate import Evaluator, _open
from planner.search.options import Searches, SearchRun, option_report, run_search
from planner.search.repair import Step
from planner.search.settings import SearchSettings
from sim.results.centre_kpis import KpiKey
from sim.scenario import Scenario
from sim.scenario.scenario import GroupPath

#: What a trial of one option can come to (module doc).
OUTCOMES = ("cheaper", "dearer", "misses", "not_shown", "not_valid", "not_tried")


@dataclass
class OptionTrial:
    """One design option switched on (or off) on the best design and the search that followed."""

    option: str
    #: "on" or "off"
    switch: str
    #: the options of the design it started from (the best combination then)
    started_from: list[str]
    #: chosen options switched off to make room for it (an on-call kind of the same team)
    made_room: list[str]
    #: the best combination's cost when it was tried, and the cost the search reached from it
    best_cost_yuan: float
    cost_yuan: float
    outcome: str
    #: the targets missed (``misses``) or not shown met (``not_shown``), KpiKey's string form
    targets: list[str] = field(default_factory=list)
    #: the moves the search took from the switched design (repair, then descent)
    moves: list[str] = field(default_factory=list)
    #: a design taken (``cheaper``), as verification on fresh random numbers judged it
    #: (:func:`note_verification`): "met" (the plan), "not_met" (missed or not shown after its
    #: repairs: ``verified_targets``), "bettered" (a later trial took a cheaper design of the
    #: same options) or "not_verified" (verification stopped before it); None otherwise
    verified: str | None = None
    verified_targets: list[str] = field(default_factory=list)
    #: the design the search reached (the runs' design it stands for)
    design_key: tuple | None = field(default=None, repr=False)

    @property
    def saving_yuan(self) -> float:
        return self.best_cost_yuan - self.cost_yuan

    def to_dict(self) -> dict:
        """plan.json's form (``search.certificate.options``)."""
        cost = None if math.isnan(self.cost_yuan) else round(self.cost_yuan, 2)
        return {"option": self.option, "switch": self.switch, "started_from": self.started_from,
                "made_room": self.made_room, "best_cost_yuan": round(self.best_cost_yuan, 2), "cost_yuan": cost,
                "saving_yuan": None if cost is None else round(self.saving_yuan, 2), "outcome": self.outcome,
                "targets": self.targets, "moves": self.moves, "verified": self.verified,
                "verified_targets": self.verified_targets}

    def text(self) -> str:
        """One line for the summary."""
        said = {"cheaper": "cheaper and meets every target: taken", "dearer": "dearer" if self.saving_yuan < 0 else "no cheaper",
                "misses": "misses " + ", ".join(self.targets), "not_shown": "not shown met: " + ", ".join(self.targets),
                "not_valid": "not a valid design", "not_tried": "not tried (candidate budget spent)"}[self.outcome]
        room = f" (in place of {', '.join(self.made_room)})" if self.made_room else ""
        cost = "" if math.isnan(self.cost_yuan) else f" → {self.cost_yuan:,.0f} yuan a year (" + (
            f"{self.saving_yuan:,.0f} less" if self.saving_yuan >= 0.005 else "no less" if self.saving_yuan > -0.005
            else f"{-self.saving_yuan:,.0f} more") + ")"
        checked = {None: "", "met": "; verified: met every target (the plan)", "bettered": "; a later trial bettered it",
                   "not_verified": "; not verified", "not_met": "; on fresh random numbers after repair not shown met: "
                   + ", ".join(self.verified_targets)}[self.verified]
        return f"{self.option} {self.switch}{room}{cost}: {said}{checked}"


def switch_off(design: Design, option: DesignOption) -> Design:
    """The design with ``option`` off: a ``second_line`` option's on-call people go back to the
    awake shift they were taken from (the inverse of planner.search.design.switch_on)."""
    design = design.switch(option.name, False)
    if option.kind != "second_line":
        return design
    group = GroupPath("team", option.source)
    roster = design.roster(group)
    standby = roster["shifts"].pop(standby_name(option.target), None)
    awake = roster["shifts"].get(option.target)
    if standby is None or awake is None:
        return design
    awake["agents"] += standby["agents"]
    return design.replace(group, roster)


def _switched(design: Design, option: DesignOption, options: list[DesignOption]) -> tuple[Design, str, list[str]]:
    """``design`` with ``option`` switched (on when off, off when on), the switch, and the
    chosen options switched off to make room for it."""
    if option.name in design.options:
        return switch_off(design, option), "off", []
    room = [o for o in options if o.name in design.options and option.conflicts(o)]
    for other in room:
        design = switch_off(design, other)
    return switch_on(design, option), "on", [o.name for o in room]


def _judged(run: SearchRun, base_stuck: set[KpiKey]) -> tuple[str, list[str]]:
    """Whether a trial's search keeps every target ("") or misses one (``misses``: a mean on
    the wrong side, or set aside) or only does not show it met by the margin (``not_shown``)."""
    evaluation = run.evaluation
    set_aside = sorted(run.stuck - base_stuck, key=str)
    open_ = _open(evaluation, run.stuck)
    if not open_ and not set_aside:
        return "", []
    rows = evaluation.rows
    wrong_side = [k for k in open_ if k in rows and (
        (rows[k].direction == ">=" and rows[k].mean < rows[k].target) or
        (rows[k].direction == "<=" and rows[k].mean > rows[k].target))]
    if wrong_side or set_aside:
        return "misses", [str(k) for k in sorted(set(wrong_side) | set(set_aside), key=str)]
    return "not_shown", [str(k) for k in sorted(open_, key=str)]


def certify_options(evaluate: Evaluator, scenario: Scenario, options: list[DesignOption], searches: Searches,
                    settings: SearchSettings, say, count: list[int]) -> list[OptionTrial]:
    """Every option switched on the best combination's design and searched from there (module
    doc); a cheaper design meeting every target becomes ``searches.best_key`` (its run in
    ``searches.runs``, ``searches.report`` redone) and the options are tried again on it.
    ``count[0]`` is the candidates simulated so far (``settings.max_candidates``'s count)."""
    runs, trials = searches.runs, []
    tried: set[tuple] = set()
    while searches.best_key in runs:
        best = runs[searches.best_key].evaluation
        # the option taking most off the design first (as planner.search.options orders them)
        moves = sorted((_switched(best.design, o, options) + (o,) for o in options),
                       key=lambda m: (evaluate.cost(m[0]), m[3].name))
        taken = None
        for start, switch, room, option in moves:
            if start.key in tried:
                continue
            tried.add(start.key)
            key = frozenset(start.options)
            trial = OptionTrial(option.name, switch, sorted(best.design.options), room, best.cost_yuan, math.nan,
                                "not_tried")
            trials.append(trial)
            if settings.max_candidates is not None and count[0] >= settings.max_candidates:
                continue
            run = run_search(evaluate, scenario, options, start, key, settings, say, searches.base_stuck,
                             label="certificate:" + "+".join(sorted(key)))
            if run is None:
                trial.outcome = "not_valid"
                continue
            trial.cost_yuan, trial.design_key = run.evaluation.cost_yuan, run.evaluation.design.key
            trial.moves = [s.lever for s in run.steps]
            trial.outcome, trial.targets = _judged(run, searches.base_stuck)
            if not trial.outcome:
                trial.outcome = "cheaper" if run.evaluation.cost_yuan < best.cost_yuan - 1e-6 else "dearer"
            if trial.outcome == "cheaper":
                # its steps: the design's it started from, the switches, then its own
                switches = [Step("option", c.label, 0, 0.0, [], evaluate.cost(start), c) for c in
                            [Change("option", option=name, on=False) for name in room]
                            + [Change("option", option=option.name, on=switch == "on")]]
                taken = (key, run._replace(steps=runs[searches.best_key].steps + switches + run.steps))
                break
        if taken is None:
            break
        key, run = taken
        if key not in runs or (False, run.evaluation.cost_yuan) < searches.rank(key):
            runs[key] = run
        searches.best_key = key
        searches.report = option_report(searches, options)
    return trials


def note_verification(trials: list[OptionTrial], searches: Searches, last: dict, found: frozenset | None) -> None:
    """Each taken trial (``cheaper``) as verification judged its design (``OptionTrial.verified``):
    ``last`` is each verified search's last verification (planner.search.verify.Verified) and
    ``found`` the options of the design verified to meet every target (None: none)."""
    for trial in trials:
        if trial.outcome != "cheaper":
            continue
        key = next((k for k, run in searches.runs.items() if run.evaluation.design.key == trial.design_key), None)
        if key is None:
            trial.verified = "bettered"
        elif key == found:
            trial.verified = "met"
        elif key in last and last[key].evidence is not None:
            evidence = last[key].evidence
            trial.verified = "not_met"
            trial.verified_targets = [str(k) for k in _open(evidence, searches.runs[key].stuck)]
        else:
            trial.verified = "not_verified"
