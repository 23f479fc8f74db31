"""The simulated period of a scenario: start date, horizon and warm-up."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, NonNegativeFloat, model_validator

from sim.scenario.strict import StrictModel



class Calendar(StrictModel):
    """The simulated period. Day 0 starts at midnight of ``start_date``."""

    start_date: dt.date = Field(dt.date(2026, 1, 5), description="YYYY-MM-DD; sets weekdays and dated multipliers")
    horizon_days: float = Field(28.0, gt=0, le=3660, description="simulated days per replication")
    warmup_days: NonNegativeFloat = Field(0.0, description="discarded from every KPI")

    @model_validator(mode="after")
    def _warmup_inside(self) -> "Calendar":
        if self.warmup_days >= self.horizon_days:
            raise ValueError(
                f"warmup_days ({self.warmup_days}) must be shorter than horizon_days ({self.horizon_days})"
            )
        return self
