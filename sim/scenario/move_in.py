"""Move-in phases (入伙期) of a scenario: how much of the site is lived in, month by month of
the contract, and the scenario at a phase's occupancy.

A new community fills over its first years; ``move_in.phases`` gives the occupancy of each run
of contract months (month 1 is the contract's first). Occupancy is the share of the residents
the scenario's demand describes (1: the demand as written, the site lived in as the scenario
says), so a phase at 1 is the scenario itself.

What scales with occupancy (:func:`at_occupancy`), and what does not:

* scales: every call and app/WeChat ticket type (residents make them), and so the work orders,
  expert calls and return visits they open; the remote operations residents cause at the gates
  (a stream whose rate is per household, per vehicle gate or per pedestrian gate); the
  incidents given as a rate a day (disputes and other residents' incidents); the butlers'
  home visits and walk-ins (per household lived in); the vacant share grows as units stand
  empty (more vacant-unit checks): vacant = 1 − occupancy × (1 − the site's vacant share);
* does not scale: equipment failures, planned maintenance, patrols and inspections, the faults
  patrols find, incidents per unit of equipment (lift entrapments), remote operations per camera
  or building (alarm checks), the fixed posts and every compliance rule.
"""

from __future__ import annotations

from typing import Optional

from pydantic import Field, field_validator

from sim.scenario.problems import problem
from sim.scenario.strict import StrictModel

#: Rate fields of a remote-operation type that residents' comings and goings drive.
RESIDENT_REMOTE_OP_RATES: frozenset[str] = frozenset({
    "rate_per_household_per_month", "rate_per_household_per_day", "rate_per_vehicle_gate_per_day",
    "rate_per_pedestrian_gate_per_day"})


class Phase(StrictModel):
    """One move-in phase: contract months ``from_month`` to ``to_month`` (both included; null:
    to the contract's end) at ``occupancy``."""

    name: str = Field("", max_length=100, description="what the phase is called in reports (e.g. 入伙初期); "
                      "empty: its number")
    from_month: int = Field(ge=1, le=1200, description="its first contract month (1: the contract's first)")
    to_month: Optional[int] = Field(None, ge=1, le=1200, description="its last contract month, included; null: "
                                    "to the contract's end (costs.contract_years × 12)")
    occupancy: float = Field(description="share of the residents lived in (0–1, i.e. 0–100%) relative "
                             "to the scenario's demand: 1 is the demand as written")

    @field_validator("occupancy")
    @classmethod
    def _share(cls, value: float) -> float:
        if not 0 <= value <= 1:
            raise problem("occupancy_share", got=value)
        return value

    def last_month(self, contract_months: int) -> int:
        return self.to_month if self.to_month is not None else contract_months

    def months(self, contract_months: int) -> int:
        """How many contract months the phase covers (months past the contract's end left out)."""
        return max(0, min(self.last_month(contract_months), contract_months) - self.from_month + 1)


class MoveIn(StrictModel):
    """The move-in period: phases that follow each other from month 1 to the contract's end
    (checked by :func:`phase_problems`: no gap, no overlap, every length positive)."""

    phases: list[Phase] = Field(min_length=1, max_length=24, description="in month order, the first from month 1, "
                                "each starting the month after the last ended, the last to the contract's end")


def phase_problems(move_in: MoveIn, contract_months: int) -> list[tuple[str, str, dict]]:
    """The first problem of the phases, as (field path under ``move_in``, problem code, params):
    a phase whose last month comes before its first (its length is not positive), then the
    first gap or overlap between phases in order, a first phase not starting at month 1 or a
    last one ending before the contract does. At most one, so bad phases get one message."""
    phases = move_in.phases
    for i, phase in enumerate(phases):
        if phase.to_month is not None and phase.to_month < phase.from_month:
            return [(f"phases.{i}.to_month", "phase_length", {"to_month": phase.to_month, "from_month": phase.from_month})]
    if phases[0].from_month != 1:
        return [("phases.0.from_month", "phase_first_month", {"got": phases[0].from_month})]
    for i in range(1, len(phases)):
        before, phase = phases[i - 1], phases[i]
        if before.to_month is None:
            return [(f"phases.{i - 1}.to_month", "phase_open_not_last", {"number": i})]
        expected = before.to_month + 1
        if phase.from_month != expected:
            code = "phase_overlap" if phase.from_month < expected else "phase_gap"
            return [(f"phases.{i}.from_month", code, {"got": phase.from_month, "expected": expected,
                                                       "number": i + 1, "before_to": before.to_month})]
    last = phases[-1]
    if last.to_month is not None and last.to_month < contract_months:
        return [(f"phases.{len(phases) - 1}.to_month", "phase_short", {"got": last.to_month, "months": contract_months})]
    for i, phase in enumerate(phases):
        if phase.from_month > contract_months:
            return [(f"phases.{i}.from_month", "phase_after_contract", {"got": phase.from_month, "months": contract_months})]
    return []


def at_occupancy(scenario, occupancy: float):
    """The scenario with the demand that grows with residents scaled by ``occupancy`` (module
    docstring) and no move-in phases: the site as a phase at that occupancy sees it. At 1 the
    demand is the scenario's own."""
    if not 0 <= occupancy <= 1:
        raise ValueError(f"occupancy must be between 0 and 1 (0–100%), got {occupancy}")
    data = scenario.model_dump(mode="json", exclude={"move_in"})
    if occupancy != 1:
        demand = data["demand"]
        for kind in ("calls", "tickets", "remote_ops"):
            for stream in demand[kind].values():
                for name, value in list(stream.items()):
                    if name.startswith("rate_per") and value is not None and \
                            (kind != "remote_ops" or name in RESIDENT_REMOTE_OP_RATES):
                        stream[name] = value * occupancy
        for site in data["sites"].values():
            site["vacant_share"] = 1 - occupancy * (1 - site["vacant_share"])
        field = data.get("field")
        if field is not None:
            for incident in field.get("incidents", {}).values():
                if incident.get("rate_per_day") is not None:
                    incident["rate_per_day"] *= occupancy
            butlers = field.get("butlers")
            if butlers is not None:
                butlers["visits_per_household_per_month"] *= occupancy
                butlers["walk_ins_per_household_per_month"] *= occupancy
    return type(scenario).model_validate(data)
