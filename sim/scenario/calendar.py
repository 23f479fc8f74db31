"""The simulated period of a scenario: start date, horizon and warm-up; and the working calendar
(working hours, public holidays and make-up working days) that clocks in working time run on."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, NonNegativeFloat, model_validator

from sim.scenario.roster import OpeningHours, Weekday
from sim.scenario.problems import problem
from sim.scenario.strict import StrictModel

#: China's public holidays of 2026 (法定节假日, State Council notice; check against the notice of
#: the year simulated and edit ``calendar.holidays``): New Year, Spring Festival, Qingming, Labour
#: Day, Dragon Boat, Mid-Autumn, National Day.
CHINA_HOLIDAYS_2026 = [
    *(dt.date(2026, 1, d) for d in (1, 2, 3)),
    *(dt.date(2026, 2, d) for d in range(15, 24)),
    *(dt.date(2026, 4, d) for d in (4, 5, 6)),
    *(dt.date(2026, 5, d) for d in range(1, 6)),
    *(dt.date(2026, 6, d) for d in (19, 20, 21)),
    *(dt.date(2026, 9, d) for d in (25, 26, 27)),
    *(dt.date(2026, 10, d) for d in range(1, 8)),
]
#: The weekend days worked instead (调休上班) in 2026.
CHINA_MAKEUP_WORKDAYS_2026 = [dt.date(2026, 1, 4), dt.date(2026, 2, 14), dt.date(2026, 2, 28), dt.date(2026, 5, 9),
                              dt.date(2026, 9, 20), dt.date(2026, 10, 10)]


class WorkingHours(OpeningHours):
    """Working hours (工作时间): the hours of the working days in which a clock in working time
    runs (a return visit "within one working day"). Outside them, and on public holidays, it stops."""

    start: str = Field("08:30", description="HH:MM")
    end: str = Field("17:30", description="HH:MM, or 24:00 for midnight")
    days: list[Weekday] = Field(default_factory=lambda: ["mon", "tue", "wed", "thu", "fri"], min_length=1,
                       description="working weekdays (mon..sun)")



class Calendar(StrictModel):
    """The simulated period. Day 0 starts at midnight of ``start_date``."""

    start_date: dt.date = Field(dt.date(2026, 1, 5), description="YYYY-MM-DD; sets weekdays and dated multipliers")
    horizon_days: float = Field(28.0, gt=0, le=3660, description="simulated days per replication")
    warmup_days: NonNegativeFloat = Field(0.0, description="discarded from every KPI")
    working_hours: WorkingHours = Field(default_factory=WorkingHours)
    holidays: list[dt.date] = Field(default_factory=lambda: list(CHINA_HOLIDAYS_2026),
                                    description="public holidays (法定节假日): no working time; default China's of 2026")
    workdays: list[dt.date] = Field(default_factory=lambda: list(CHINA_MAKEUP_WORKDAYS_2026),
                                    description="weekend days worked instead (调休上班): working days; default China's of 2026")

    @model_validator(mode="after")
    def _warmup_inside(self) -> "Calendar":
        if self.warmup_days >= self.horizon_days:
            raise problem("warmup_longer", warmup=self.warmup_days, horizon=self.horizon_days)
        if self.working_hours.end_min <= self.working_hours.start_min:
            raise problem("working_hours_order", end=self.working_hours.end, start=self.working_hours.start)
        return self
