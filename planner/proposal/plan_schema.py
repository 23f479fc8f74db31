"""What a plan.json must hold for a proposal to be rendered from it (docs/planner.md).

``check_plan_schema`` walks the plan against :data:`PLAN_SCHEMA` and raises
:class:`ProposalError` naming the first field that is missing, of the wrong type, or empty where
a bid document needs content: a plan without evidence or without budget lines is refused, not
rendered as "0 of 0 commitments met"."""

from __future__ import annotations

import math
from typing import Any

from planner.proposal.options import ProposalError
from planner.search.changes import Change
from sim.results.centre_kpis import KpiKey

#: plan.json's version. 3: each step of the search holds its ``change`` as values
#: (planner.search.changes.Change.to_dict) beside ``lever``, the move's string form.
#: 2: every KPI it names (``unmet``, ``set_aside``, each step's ``unmet``) is in KpiKey's one
#: string form (``stream[group].metric``). A plan without ``plan_version`` (1) named its
#: set-aside targets and each step's open targets ``stream.metric[group]``.
PLAN_VERSION = 3


def step_change(plan: dict, step: dict) -> Change | None:
    """What a step of ``plan``'s search changed, as values; None for a plan before version 3,
    whose steps hold only the move's string form (said as it is, or as "another change")."""
    if plan.get("plan_version", 1) < 3 or not step.get("change"):
        return None
    return Change.from_dict(step["change"])


def plan_kpis(plan: dict, labels: list[str]) -> list[KpiKey]:
    """The KPIs ``labels`` (a list of ``plan``: its ``set_aside``, ``unmet``) as keys, read in the
    form of the plan's version; ValueError naming a label that is not a KPI key."""
    version = plan.get("plan_version", 1)
    return [_v1_key(label) if version < 2 else KpiKey.parse(label) for label in labels]


def _v1_key(label: str) -> KpiKey:
    """A KPI as plan.json version 1 named it: ``stream.metric[group]`` in ``set_aside`` and the
    steps, the one form of today elsewhere."""
    if label.endswith("]") and "[" in label:
        head, _, group = label[:-1].partition("[")
        return KpiKey.parse(f"{head.rpartition('.')[0]}[{group}].{head.rpartition('.')[2]}")
    return KpiKey.parse(label)

NUM, INT, STR, BOOL = "number", "whole number", "text", "true/false"


class Items:
    """A list (``nonempty``: with at least one item) whose items all follow ``item``."""

    def __init__(self, item: Any, nonempty: bool = True):
        self.item, self.nonempty = item, nonempty


class Values:
    """A mapping of names to values that all follow ``value``."""

    def __init__(self, value: Any, nonempty: bool = True):
        self.value, self.nonempty = value, nonempty


class Optional_:
    def __init__(self, inner: Any):
        self.inner = inner


KPI = {"stream": STR, "metric": STR, "mean": Optional_(NUM), "ci95": Optional_(Items(NUM, nonempty=False))}
BUDGET = {"lines": Items({"key": STR, "category": STR, "yuan_per_year": NUM}),
          "headcount_by_role": Values(NUM), "subtotals_by_category": dict,
          "total_yuan_per_year": NUM, "cost_yuan_per_year": NUM, "direct_cost_yuan_per_year": NUM}
PLAN_SCHEMA: dict[str, Any] = {
    "scenario": STR,
    "operating_model": STR,
    "staffing": Items({"kind": STR, "group": STR, "role": STR, "shift": STR, "people": INT}),
    "headcount": Values({"planned": NUM}),
    "evidence": {"kpis": Items(KPI)},
    "targets_met": BOOL,
    # sim.results.verdicts.Verdicts.to_dict (a plan before it has none: its evidence is judged)
    "verdicts": Optional_({"commitments": Items({"stream": STR, "metric": STR, "direction": STR, "target": NUM,
                                                 "verdict": STR}, nonempty=False)}),
    "rule_of_thumb": {"rows": Items(dict, nonempty=False), "headcount_by_role": Values(NUM, nonempty=False)},
    "budget": BUDGET,
    "rule_of_thumb_budget": Optional_(dict),
    "contract_plan": Optional_({"years": Items(dict)}),
    # planner.phases: each move-in phase's people and cost, the hires by month
    "move_in": Optional_({"phases": Items({"phase": INT, "from_month": INT, "to_month": INT, "occupancy": NUM,
                                           "headcount_by_role": Values(NUM), "monthly_total_yuan": Optional_(NUM)}),
                          "hires": Items({"role": STR, "month": INT, "people": NUM}, nonempty=False)}),
    "site": {"name": STR, "site_names": Items(STR), "grades": Items(INT)},
    "headcount_basis": dict,
    "scenario_parameters": dict,
    "charts": dict,
}


def check_plan_schema(plan: Any, schema: Any = None, path: str = "") -> None:
    """Raise :class:`ProposalError` naming the first field of ``plan`` that does not follow the schema."""
    schema = PLAN_SCHEMA if schema is None else schema
    where = path or "plan.json"

    def fail(message: str) -> None:
        raise ProposalError(f"plan.json: {where} {message}; give a plan.json written by `python -m planner plan`",
                            "plan_field")

    if isinstance(schema, Optional_):
        if plan is not None:
            check_plan_schema(plan, schema.inner, path)
        return
    if plan is None:
        fail("is missing (null)")
    if schema is dict or isinstance(schema, (dict, Values)):
        if not isinstance(plan, dict):
            fail(f"must be a mapping, got {_kind(plan)}")
        if isinstance(schema, Values):
            if schema.nonempty and not plan:
                fail("is empty")
            for key, value in plan.items():
                check_plan_schema(value, schema.value, f"{path}.{key}" if path else str(key))
        elif isinstance(schema, dict):
            for key, inner in schema.items():
                sub = f"{path}.{key}" if path else key
                if key not in plan and not isinstance(inner, Optional_):
                    where = sub
                    fail("is missing")
                check_plan_schema(plan.get(key), inner, sub)
        return
    if isinstance(schema, Items):
        if not isinstance(plan, list):
            fail(f"must be a list, got {_kind(plan)}")
        if schema.nonempty and not plan:
            fail("is empty")
        for index, item in enumerate(plan):
            check_plan_schema(item, schema.item, f"{path}[{index}]")
        return
    if schema == STR and not isinstance(plan, str):
        fail(f"must be {STR}, got {_kind(plan)}")
    if schema == BOOL and not isinstance(plan, bool):
        fail(f"must be {BOOL}, got {_kind(plan)}")
    if schema in (NUM, INT):
        if isinstance(plan, bool) or not isinstance(plan, (int, float)) or not math.isfinite(plan):
            fail(f"must be a {schema}, got {_kind(plan)}")
        if schema == INT and not float(plan).is_integer():
            fail(f"must be a {schema}, got {plan}")


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    text = repr(value)
    return f"{type(value).__name__} {text[:40]}"
