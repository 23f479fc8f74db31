"""The ``demand_uncertainty`` section: how far the demand forecast may be off, per stream family
(issue 39). Each family's demand is the forecast × a multiplier M drawn from its distribution,
independently of the other families':

* ``lognormal_sigma``: M = exp(σ·Z), Z standard normal: the forecast is the median (as likely
  too high as too low) and σ the spread of log M (0.15: about ±15% at one standard deviation);
  0 means no uncertainty. At most :data:`SIGMA_MAX` (σ = 1 puts one forecast in six below 37% or
  above 270% of itself: not a forecast any more).
* ``cases``: a few named cases (低 / 中 / 高), each a multiplier with a weight; the weights are
  positive and sum to 1.

The families (:data:`FAMILIES`) are the planner's headroom's (planner.headroom): ``calls_tickets``
(calls and app/WeChat tickets), ``remote_ops`` (device remote operations), ``work_orders``
(equipment failures and faults found on patrol), ``incidents``. A family not named is certain.
The simulation does not read this section; ``planner plan --robust P`` does (planner.robust).
"""

from __future__ import annotations

import math
from typing import Optional

from pydantic import Field, field_validator, model_validator

from sim.scenario.strict import StrictModel

#: The stream families a demand multiplier scales (planner.headroom says what each holds).
FAMILIES = ("calls_tickets", "remote_ops", "work_orders", "incidents")
#: The largest spread of log M a forecast may state.
SIGMA_MAX = 1.0
#: The largest multiplier a case may give (planner.headroom.M_MAX_LIMIT: another site beyond).
CASE_MULTIPLIER_MAX = 20.0
#: How far the weights of the cases may sum from 1 (rounding in a file).
WEIGHT_SUM_TOLERANCE = 1e-6


class DemandCase(StrictModel):
    """One named case of a family's demand: its multiplier of the forecast and its weight."""

    name: str = Field(min_length=1, max_length=40, description="the case's name (低, 高, 'occupancy 95% in year 2')")
    multiplier: float = Field(gt=0, le=CASE_MULTIPLIER_MAX, description="the family's demand in this case ÷ the "
                              f"forecast (above 0, at most {CASE_MULTIPLIER_MAX:g})")
    weight: float = Field(gt=0, le=1, description="the case's probability (above 0; the cases' weights sum to 1)")


class FamilyUncertainty(StrictModel):
    """How far one family's forecast may be off: a lognormal spread or named cases, one of the two."""

    lognormal_sigma: Optional[float] = Field(
        None, ge=0, le=SIGMA_MAX, description="spread of log M, M = exp(σ·Z) with median 1 (0.15: about ±15% at "
        f"one standard deviation; from 0, no uncertainty, to {SIGMA_MAX:g})")
    cases: Optional[list[DemandCase]] = Field(
        None, min_length=1, max_length=12, description="named cases, each a multiplier with a weight; the weights "
        "sum to 1")

    @field_validator("cases")
    @classmethod
    def _weights(cls, cases):
        if cases is None:
            return cases
        total = math.fsum(c.weight for c in cases)
        if abs(total - 1) > WEIGHT_SUM_TOLERANCE:
            raise ValueError(f"the weights of the cases must sum to 1; they sum to {total:g}")
        names = [c.name for c in cases]
        if len(set(names)) < len(names):
            raise ValueError(f"each case needs a name of its own; {sorted({n for n in names if names.count(n) > 1})} "
                             f"is given twice")
        return cases

    @model_validator(mode="after")
    def _one_of_two(self):
        if (self.lognormal_sigma is None) == (self.cases is None):
            raise ValueError("give lognormal_sigma or cases, one of the two")
        return self

    def quantile(self, p: float) -> float:
        """The smallest multiplier m with P(M ≤ m) ≥ ``p`` (0 < p < 1)."""
        if self.cases is None:
            from statistics import NormalDist

            return math.exp(self.lognormal_sigma * NormalDist().inv_cdf(p))
        cumulative = 0.0
        for case in sorted(self.cases, key=lambda c: c.multiplier):
            cumulative += case.weight
            if cumulative >= p - WEIGHT_SUM_TOLERANCE:
                return case.multiplier
        return max(c.multiplier for c in self.cases)

    @property
    def certain(self) -> bool:
        """Whether the multiplier is 1 for sure (σ = 0, or every case at 1)."""
        return self.lognormal_sigma == 0 if self.cases is None else all(c.multiplier == 1 for c in self.cases)

    def draw(self, rng) -> float:
        """One multiplier drawn with ``rng`` (numpy.random.Generator)."""
        if self.cases is None:
            return float(math.exp(self.lognormal_sigma * rng.standard_normal()))
        weights = [c.weight for c in self.cases]
        return float(self.cases[int(rng.choice(len(self.cases), p=[w / sum(weights) for w in weights]))].multiplier)


class DemandUncertainty(StrictModel):
    """How uncertain the demand forecast is, per stream family, each family's multiplier drawn
    independently of the others'; a family not named is certain (sim/scenario/uncertainty.py)."""

    calls_tickets: Optional[FamilyUncertainty] = Field(None, description="calls and app/WeChat tickets")
    remote_ops: Optional[FamilyUncertainty] = Field(None, description="device remote operations")
    work_orders: Optional[FamilyUncertainty] = Field(None, description="equipment failures and faults found on patrol")
    incidents: Optional[FamilyUncertainty] = Field(None, description="incidents with a rate of their own")

    def families(self) -> dict[str, FamilyUncertainty]:
        """The families named, in :data:`FAMILIES` order."""
        return {f: getattr(self, f) for f in FAMILIES if getattr(self, f) is not None}
