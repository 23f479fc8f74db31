"""The standby allowance of on-call technicians (备班津贴, DOMAIN §9): a shift worked on call at
home (``field.teams.<team>.on_call.shift``) is paid ``standby_allowance_yuan_per_shift`` per
person and shift instead of a shift's wage, so it is left out of the roster lines that decide the
full-time people (planner.costs.team) and costed here, as its own direct-cost line of the budget
(item 1, labour), on which overhead, contingency, margin and tax are charged like on any other.

* yuan a year = people on the shift × days a week it is worked × 365 / 7 × allowance × sites;
* :func:`price_factor`: what one yuan of direct cost adds to the annual fee (total), from the
  formulas of planner.costs.budget: (1 + overhead)(1 + contingency)(1 + profit or commission)
  (1 + VAT (1 + surcharges)).

Call-outs themselves (the hours of an emergency at night) are not paid apart here: [est] sites
usually include them in the allowance.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.costs.budget import Line
from sim.scenario import Scenario
from sim.scenario.costs import Costs


@dataclass(frozen=True)
class Standby:
    """One on-call shift of one team: its people, days and allowance, at ``copies`` sites."""

    team: str
    shift: str
    people: int
    days: tuple[str, ...]
    allowance_yuan_per_shift: float
    copies: int

    @property
    def shifts_per_year(self) -> float:
        return self.people * self.copies * len(self.days) * 365 / 7

    @property
    def yuan_per_year(self) -> float:
        return self.shifts_per_year * self.allowance_yuan_per_shift


def on_call_shift(scenario: Scenario, team: str) -> str | None:
    """The shift of ``team`` worked on call at home (None: every shift awake)."""
    cfg = scenario.field.teams[team] if scenario.field is not None and team in scenario.field.teams else None
    return cfg.on_call.shift if cfg is not None and cfg.on_call is not None else None


def standby_shifts(scenario: Scenario) -> list[Standby]:
    """Every on-call shift of the scenario's teams."""
    if scenario.field is None:
        return []
    out = []
    for name, team in scenario.field.teams.items():
        shift = on_call_shift(scenario, name)
        if shift is None or shift not in team.roster.shifts:
            continue
        s = team.roster.shifts[shift]
        out.append(Standby(name, shift, s.agents, tuple(s.days), team.on_call.standby_allowance_yuan_per_shift,
                           len(scenario.sites)))
    return out


def standby_yuan_per_year(scenario: Scenario) -> float:
    """The direct cost of every on-call shift's standby allowance, a year."""
    return sum(s.yuan_per_year for s in standby_shifts(scenario))


def standby_lines(scenario: Scenario) -> tuple[Line, ...]:
    """The budget lines of the standby allowances (one per on-call shift worked by someone)."""
    lines = []
    for s in standby_shifts(scenario):
        if s.yuan_per_year <= 0:
            continue
        lines.append(Line(
            f"standby.{s.team}.{s.shift}", f"Standby allowance: {s.team} on call ({s.shift})",
            "备班津贴：维修工二线值班", "1",
            f"{s.people} people × {len(s.days)} days/week × 365/7 × {s.allowance_yuan_per_shift:g} 元/shift"
            + (f" × {s.copies} sites" if s.copies != 1 else ""),
            s.yuan_per_year, "technician", False))
    return tuple(lines)


def price_factor(costs: Costs) -> float:
    """The annual fee one more yuan of direct cost brings (overhead, contingency, margin, tax)."""
    margin = costs.profit_rate if costs.fee_model == "lump_sum" else costs.commission_rate
    return ((1 + costs.overhead_rate) * (1 + costs.contingency_rate) * (1 + margin)
            * (1 + costs.vat_rate * (1 + costs.surcharge_rate)))
