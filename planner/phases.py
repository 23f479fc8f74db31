"""A site planned through its move-in phases (入伙期, ``move_in.phases`` of the scenario).

Each phase is planned by :func:`planner.plan.make_plan` on the scenario at the phase's occupancy
(:func:`sim.scenario.move_in.at_occupancy`: the demand residents make scaled, the fixed posts,
equipment, planned work and compliance rules as they are), with the same settings and seed, so a
phase at full occupancy is planned exactly as the site without phases. Phases at the same
occupancy share one plan.

The people of each role by phase give the hires: a role's people of the first phase start in
month 1, and each rise starts in the first month of the phase that needs it (a fall is people
who leave, or move to another site, when that phase starts). The contract's yearly budget
(:class:`PhasedContract`) costs each year's months of each phase at that phase's budget for
the year (wage growth, planner.costs.budget's contract plan): a year that spans two phases
costs the months of each.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from planner.costs.budget import Budget
from sim.scenario import Scenario
from sim.scenario.move_in import Phase, at_occupancy

#: Summary keys of a budget that are not summed over a year's months: the rates and the fee,
#: the same in every phase, and the labour share, recomputed from the year's sums.
_FLAT_KEYS = ("fee_yuan_per_m2_month", "collection_rate", "effective_collection_rate")


@dataclass(frozen=True)
class PhaseSpan:
    """One phase's place in the contract: its number (1 = the first), its months and occupancy."""

    number: int
    name: str
    first_month: int
    last_month: int
    occupancy: float

    @property
    def months(self) -> int:
        return self.last_month - self.first_month + 1

    def months_in_year(self, year: int) -> int:
        """How many of contract year ``year``'s months (12·(year−1)+1 … 12·year) fall in the phase."""
        return max(0, min(self.last_month, 12 * year) - max(self.first_month, 12 * (year - 1) + 1) + 1)


def phase_spans(scenario: Scenario) -> list[PhaseSpan]:
    """The scenario's phases within its contract (``costs.contract_years`` × 12 months); none
    without ``move_in``."""
    if scenario.move_in is None:
        return []
    months = scenario.costs.contract_years * 12
    return [PhaseSpan(i, p.name, p.from_month, min(p.last_month(months), months), p.occupancy)
            for i, p in enumerate(scenario.move_in.phases, start=1) if p.from_month <= months]


def hires(people_by_phase: list[dict[str, float]], spans: list[PhaseSpan]) -> list[dict]:
    """Each role's starts by month: ``{"role", "month", "people"}``, people > 0 a hire, < 0 people
    who leave when that phase starts; the first phase's people start in its first month."""
    out = []
    roles = sorted({role for people in people_by_phase for role in people})
    for role in roles:
        before = 0.0
        for span, people in zip(spans, people_by_phase):
            change = people.get(role, 0.0) - before
            if change:
                out.append({"role": role, "month": span.first_month, "people": change, "phase": span.number})
            before = people.get(role, 0.0)
    return out


@dataclass(frozen=True)
class PhasedContract:
    """The contract's budget year by year through the phases: year y's figures are the sum over
    the phases of (months of year y in the phase ÷ 12) × that phase's budget of year y (its wage
    factor), so the money adds up phase by phase. Built by :func:`phased_contract`."""

    spans: tuple[PhaseSpan, ...]
    #: per phase, its budget of each contract year (planner.costs.budget.ContractPlan.years)
    budgets: tuple[tuple[Budget, ...], ...]

    def year(self, year: int) -> dict:
        """Year ``year``'s headline figures (as a budget's summary), its wage factor and the
        months, monthly total and total of each phase in it."""
        parts = [(span, yearly[year - 1], span.months_in_year(year)) for span, yearly in zip(self.spans, self.budgets)]
        parts = [(span, b, m) for span, b, m in parts if m]
        first = parts[0][1]
        keys = [k for k in first.summary() if k not in _FLAT_KEYS and k != "labour_share_of_cost"]
        summary = {k: math.fsum(b.summary()[k] * m / 12 for _, b, m in parts) for k in keys}
        summary.update({k: first.summary()[k] for k in _FLAT_KEYS})
        summary["labour_share_of_cost"] = summary["labour_yuan_per_year"] / summary["cost_yuan_per_year"] \
            if summary["cost_yuan_per_year"] else 0.0
        return summary | {
            "year": year, "wage_factor": first.wage_factor,
            "phases": [{"phase": span.number, "months": m, "headcount": b.headcount,
                        "monthly_total_yuan": b.total_yuan_per_year / 12,
                        "monthly_labour_yuan": b.labour_yuan_per_year / 12,
                        "total_yuan": b.total_yuan_per_year * m / 12} for span, b, m in parts]}

    @property
    def years(self) -> list[dict]:
        return [self.year(y) for y in range(1, len(self.budgets[0]) + 1)]

    def to_dict(self) -> dict:
        """The shape of planner.costs.budget.ContractPlan.to_dict, each year with its phases."""
        years = self.years
        total = math.fsum(y["total_yuan_per_year"] for y in years)
        other = math.fsum(y["other_income_yuan_per_year"] for y in years)
        fee_base = self.budgets[0][0].fee_base_m2_months
        return {"years": years, "total_yuan": total,
                "income_yuan": math.fsum(y["income_yuan_per_year"] for y in years),
                "surplus_yuan": math.fsum(y["surplus_yuan_per_year"] for y in years),
                "break_even_fee_yuan_per_m2_month": (total - other) / (fee_base * len(years)),
                "phased": True}


def phased_contract(spans: list[PhaseSpan], budgets: list[Budget]) -> PhasedContract:
    """The contract plan of the phases' first-year budgets (one per span, in order)."""
    return PhasedContract(tuple(spans), tuple(tuple(b.contract_plan().years) for b in budgets))


@dataclass
class PhasedPlan:
    """Every phase's plan (planner.plan.SitePlan), the hires and the phased contract plan."""

    scenario: Scenario
    spans: list[PhaseSpan]
    plans: list  # planner.plan.SitePlan, one per span

    @property
    def steady(self):
        """The last phase's plan: the site once it has filled, the plan.json's own."""
        return self.plans[-1]

    def contract(self) -> PhasedContract | None:
        if any(plan.budget is None for plan in self.plans):
            return None
        return phased_contract(self.spans, [plan.budget for plan in self.plans])

    def to_dict(self) -> dict:
        """plan.json's ``move_in``: each phase with its people by role, design cost, commitments
        met and monthly cost; the hires by month."""
        people = [dict(plan.headcount) for plan in self.plans]
        phases = []
        for span, plan in zip(self.spans, self.plans):
            phases.append({
                "phase": span.number, "name": span.name, "from_month": span.first_month, "to_month": span.last_month,
                "months": span.months, "occupancy": span.occupancy,
                "headcount_by_role": {role: value for role, value in plan.headcount.items() if value},
                "people": math.fsum(plan.headcount.values()),
                "design_cost_yuan_per_year": round(plan.search.cost_yuan, 2),
                "total_yuan_per_year": plan.budget.total_yuan_per_year if plan.budget else None,
                "monthly_total_yuan": plan.budget.total_yuan_per_year / 12 if plan.budget else None,
                "targets_met": not plan.search.unmet, "unmet": plan.search.unmet,
                "staffing": [line.__dict__ | {"days": list(line.days)} for line in plan.lines]})
        return {"phases": phases, "hires": hires(people, self.spans)}


def make_phased_plan(scenario: Scenario, settings=None, **kwargs) -> PhasedPlan:
    """Plan each of the scenario's move-in phases (module docstring) with
    :func:`planner.plan.make_plan`'s settings and keywords."""
    from planner.plan import make_plan
    from planner.search.settings import FULL_PLAN

    spans = phase_spans(scenario)
    if not spans:
        raise ValueError("the scenario has no move-in phases (move_in.phases)")
    by_occupancy: dict[float, object] = {}
    plans = []
    for span in spans:
        if span.occupancy not in by_occupancy:
            by_occupancy[span.occupancy] = make_plan(at_occupancy(scenario, span.occupancy),
                                                     settings or FULL_PLAN, **kwargs)
        plans.append(by_occupancy[span.occupancy])
    return PhasedPlan(scenario, spans, plans)


def phased_plan_dict(phased: PhasedPlan) -> dict:
    """The plan.json of a phased plan: the last phase's plan (the filled site), its
    ``move_in`` section and the phased contract plan in place of the single-year one."""
    data = phased.steady.to_dict()
    data["move_in"] = phased.to_dict()
    # the scenario as written, phases and all, not the last phase's scaled demand
    data["scenario_parameters"] = phased.scenario.model_dump(mode="json", exclude={"portfolio"})
    contract = phased.contract()
    if contract is not None:
        data["contract_plan"] = contract.to_dict()
    return data


def phased_summary(phased: PhasedPlan) -> str:
    """The phases in a few lines for summary.txt: people and monthly cost by phase, the hires."""
    out = ["", "Move-in phases (入伙期; each planned at its occupancy, the plan above is the last phase's):"]
    for span, plan in zip(phased.spans, phased.plans):
        cost = f"{plan.budget.total_yuan_per_year / 12:,.0f} yuan a month" if plan.budget else "no budget"
        out.append(f"  phase {span.number} months {span.first_month}-{span.last_month} occupancy "
                   f"{span.occupancy:.0%}: {sum(plan.headcount.values()):.0f} people, {cost}"
                   + ("" if not plan.search.unmet else f"; NOT MET: {', '.join(plan.search.unmet)}"))
    for hire in phased.to_dict()["hires"]:
        if hire["phase"] > 1:
            out.append(f"  month {hire['month']}: {hire['role']} {hire['people']:+.0f}")
    contract = phased.contract()
    if contract is not None:
        for year in contract.years:
            parts = " + ".join(f"{p['months']} months of phase {p['phase']}" for p in year["phases"])
            out.append(f"  year {year['year']}: {year['total_yuan_per_year']:,.0f} yuan ({parts}, wage factor "
                       f"{year['wage_factor']:.4f})")
    return "\n".join(out)
