"""What a district's technicians cost (issue 38, point 4): a crew's wages, an on-call shift's
standby allowance, a shared team's vehicles, and the district's cost shared among its sites.

* **Wages**: a crew's whole people (its roster's shift-days a week ÷ days a person works ×
  relief, rounded up: ``planner.costs.team.headcount_by_role``) at the portfolio's wage basis,
  ``costs.wages_yuan_per_month.technician`` with the budget's on-costs (social insurance, housing
  fund, welfare, holiday overtime, uniforms: ``planner.portfolio.budget.labour_yuan_per_year``);
  every site of a portfolio has the one ``costs`` section, so the district pays what its sites pay.
* **Standby**: the on-call shift's people × days a week × 365/7 × the allowance
  (``planner.costs.on_call``), not a shift's wage.
* **Vehicles** of a shared team, by the mode it travels between sites by
  (``portfolio.districts.<d>.vehicles``): one per person on duty at the busiest hour (the on-call
  shift's included: a technician called out rides too), the price depreciated straight-line over
  its life, and the running cost per road km travelled between sites in the simulation
  (``DistrictLog.team_km``, per simulated day × 365). On foot: none.
* **Allocation**: the district's cost (its shared teams' wages, standby and vehicles; a site's
  residual crew is the site's own) in whole fen among its sites on the portfolio's allocation
  basis (``planner.portfolio.budget.allocate``: largest remainder, adding up exactly).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from planner.costs.team import RosterLine, headcount_by_role
from planner.portfolio.budget import DAYS_PER_YEAR, allocate, allocation_weights, labour_yuan_per_year, peak_on_duty
from sim.scenario import WEEKDAYS

#: The wage role a district's technicians are paid as (the sites' own technicians' role).
ROLE = "technician"


def roster_lines(group: str, roster: dict, skip: str | None = None) -> list[RosterLine]:
    """A crew's roster (as plain data) as roster lines, the shift ``skip`` (worked on call) left out."""
    return [RosterLine("team", group, ROLE, name, shift["start"], float(shift["length_h"]),
                       tuple(shift.get("days") or WEEKDAYS), 0, int(shift["agents"]), 1)
            for name, shift in roster["shifts"].items() if name != skip]


@dataclass(frozen=True)
class CrewCost:
    """One crew's whole people and what it costs a year (yuan)."""

    people: int
    wages_yuan_per_year: float
    standby_yuan_per_year: float

    @property
    def total_yuan_per_year(self) -> float:
        return self.wages_yuan_per_year + self.standby_yuan_per_year

    def to_dict(self) -> dict:
        return {"people": self.people, "wages_yuan_per_year": round(self.wages_yuan_per_year, 2),
                "standby_yuan_per_year": round(self.standby_yuan_per_year, 2),
                "total_yuan_per_year": round(self.total_yuan_per_year, 2)}


def crew_cost(group: str, roster: dict, costs, on_call: str | None = None, allowance_yuan: float = 0.0) -> CrewCost:
    """The people and annual cost of a crew working ``roster`` (module doc), its shift
    ``on_call`` worked on call at home at ``allowance_yuan`` a person and shift."""
    heads = headcount_by_role(roster_lines(group, roster, on_call), working_days_per_year=costs.working_days_per_year,
                              holidays=costs.holiday_overtime_days)
    people = int(round(heads.get(ROLE, 0.0)))
    standby = 0.0
    if on_call is not None and on_call in roster["shifts"]:
        shift = roster["shifts"][on_call]
        standby = int(shift["agents"]) * len(shift.get("days") or WEEKDAYS) * DAYS_PER_YEAR / 7 * allowance_yuan
    return CrewCost(people, labour_yuan_per_year({ROLE: float(people)}, costs) if people else 0.0, standby)


@dataclass(frozen=True)
class VehicleCost:
    """A shared team's vehicles: how many, and their depreciation and running cost a year."""

    team: str
    mode: str
    count: int
    price_yuan: float
    life_years: float
    running_yuan_per_km: float
    km_per_year: float

    @property
    def depreciation_yuan_per_year(self) -> float:
        return self.count * self.price_yuan / self.life_years

    @property
    def running_yuan_per_year(self) -> float:
        return self.km_per_year * self.running_yuan_per_km

    @property
    def total_yuan_per_year(self) -> float:
        return self.depreciation_yuan_per_year + self.running_yuan_per_year

    def to_dict(self) -> dict:
        return asdict(self) | {"km_per_year": round(self.km_per_year, 1),
                               "depreciation_yuan_per_year": round(self.depreciation_yuan_per_year, 2),
                               "running_yuan_per_year": round(self.running_yuan_per_year, 2),
                               "total_yuan_per_year": round(self.total_yuan_per_year, 2)}


def vehicle_cost(team: str, mode: str, roster: dict, vehicles, km_per_year: float = 0.0) -> VehicleCost | None:
    """The vehicles of the shared team ``team`` travelling by ``mode`` (None on foot): one per
    person on duty at the busiest hour of its ``roster``, on-call shift included."""
    spec = getattr(vehicles, mode, None)
    if spec is None:
        return None
    count = peak_on_duty(roster_lines(team, roster))
    return VehicleCost(team, mode, count, spec.price_yuan, spec.life_years, spec.running_yuan_per_km, km_per_year)


def allocate_district(total_yuan: float, scenario, sites: list[str], basis: str) -> tuple[int, dict[str, int]]:
    """The district's cost in whole fen and its sites' shares on ``basis`` (contacts, households
    or floor_area), adding up to it exactly."""
    total_fen = round(total_yuan * 100)
    weights = allocation_weights(scenario, basis)
    return total_fen, allocate(total_fen, {site: weights[site] for site in sites})
