"""The proposal's two editions and which plans may be submitted.

The *submission* edition is what a bid hands in: the staffing plan, the commitments as promised
with the evidence that they are met, the budget, fee and contract plan, and an appendix on method
and validation in prose; no verdict counts, no deficit on the cover, no parameter dump. The
*internal* edition keeps everything for the team's review.

A plan may be submitted only when the full verification shows every commitment met:
:func:`submission_gaps` is the one check (the app and the command line ask it), reading what
plan.json already holds (its ``unmet`` list, each commitment's verdict, and whether it is a quick
preview); :func:`check_submission` turns its answer into a :class:`ProposalError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from planner.proposal.options import EDITIONS, ProposalError
from sim.results.kpi_key import KpiKey
from sim.results.verdicts import Verdicts


@dataclass(frozen=True)
class SubmissionGaps:
    """Why a plan cannot be submitted: a quick preview (not the full verification), and the
    commitments not shown met (KPI dicts of plan.json's evidence, or ``unmet`` labels the evidence
    does not list). Empty: it may be submitted."""

    preview: bool = False
    unshown: list[dict] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.preview or bool(self.unshown)


def is_preview(plan: dict) -> bool:
    """Whether ``plan`` is the app's quick plan: searched greedily under a candidate budget and
    verified once on a short run (planner.search.settings.QUICK_PLAN), not fully verified."""
    search = plan.get("search") or {}
    return search.get("option_strategy") == "greedy" or plan.get("verification") == "quick"


def submission_gaps(plan: dict) -> SubmissionGaps:
    """What keeps ``plan`` (plan.json's dict) from a submission edition: see :class:`SubmissionGaps`.
    A commitment is shown met only when its verdict is met (``sim.results.verdicts``: the one
    count every page and both editions give; "not measured" is never met); an outside
    contractor's commitment (reported, not judged) is no commitment of the plan. Each entry is the
    evidence's KPI row, or {stream, metric, group} for one the evidence does not list."""
    kpis = (plan.get("evidence") or {}).get("kpis") or []
    rows = {(k.get("stream"), k.get("metric"), k.get("group") or None): k for k in kpis}
    unshown = [rows.get((c.key.stream, c.key.metric, c.key.group),
                        {"stream": c.key.stream, "metric": c.key.metric, "group": c.key.group})
               for c in Verdicts.of_plan(plan).not_met]
    return SubmissionGaps(is_preview(plan), unshown + _phase_gaps(plan))


def _phase_gaps(plan: dict) -> list[dict]:
    """The commitments an earlier move-in phase's plan (plan.json's ``move_in``, planner.phases)
    does not show met, each with its ``phase``; the last phase is the plan itself."""
    phases = ((plan.get("move_in") or {}).get("phases") or [])[:-1]
    return [{"stream": key.stream, "metric": key.metric, "group": key.group, "phase": phase["phase"]}
            for phase in phases for key in map(KpiKey.parse, phase.get("unmet") or [])]


def check_edition(edition: str) -> str:
    """``edition`` checked: ProposalError naming the option, the value and what is allowed."""
    if edition not in EDITIONS:
        raise ProposalError(f"--edition: unknown edition {edition!r}; allowed: {', '.join(sorted(EDITIONS))}")
    return edition


def check_submission(plan: dict) -> None:
    """ProposalError (code ``not_submittable``) saying what to do unless ``plan`` may be submitted."""
    gaps = submission_gaps(plan)
    if not gaps:
        return
    reasons = []
    if gaps.preview:
        reasons.append("it is a quick preview, not the full verification: plan it fully "
                       "(`python -m planner plan SCENARIO`, or the app's full mode)")
    if gaps.unshown:
        names = "; ".join(f"{_commitment(k, plan)} ({k.get('status') or 'not measured'}"
                          + (f", move-in phase {k['phase']})" if k.get("phase") else ")") for k in gaps.unshown)
        reasons.append(f"{len(gaps.unshown)} commitment(s) not shown met: {names}; fix the misses "
                       f"(staff, rosters or the commitment) and plan again")
    raise ProposalError("--edition submission: this plan cannot be submitted: " + "; ".join(reasons)
                        + ". Export --edition internal for the team's review.", "not_submittable")


def _commitment(kpi: dict, plan: dict) -> str:
    """A commitment in the proposal's English words, else its key (a plan whose scenario does not
    read, or a KPI the proposal has no words for)."""
    from planner.proposal.text import commitment_name
    from sim.scenario.errors import ScenarioError
    from sim.scenario.loader import validate

    try:
        return commitment_name(kpi, validate(plan["scenario_parameters"]), "en")
    except (ScenarioError, KeyError, TypeError, ValueError, AttributeError):
        return str(KpiKey(kpi["stream"], kpi["metric"], kpi.get("group")))
