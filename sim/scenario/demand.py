"""What arrives from each site (the demand part of a scenario): arrival streams of calls, device
remote operations and app/WeChat tickets, their rates, time profiles, dated multipliers and
return visits (回访)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Optional

from pydantic import Field, NonNegativeFloat, PositiveFloat, field_validator, model_validator

from sim.scenario.distributions import Distribution
from sim.scenario.roster import _drop_nulls
from sim.scenario.problems import problem
from sim.scenario.strict import StrictModel
from sim.units import RATE_FIELDS

#: A relative weight of a profile (weights are normalised, so only their ratios matter).
Weight = Annotated[float, Field(ge=0, le=1e6)]



class Sinusoid(StrictModel):
    """Multiplies the rate by ``1 + amplitude·sin(2π(t − phase_h)/period_h)``, t in hours
    from the start of the run (a smooth time-varying rate, used to validate against m(t))."""

    amplitude: float = Field(ge=0, lt=1)
    period_h: float = Field(24.0, ge=0.01, le=1e6)
    phase_h: float = Field(0.0, ge=-1e6, le=1e6)


class Profile(StrictModel):
    """The shape of demand over time. Hour-of-day and day-of-week values are relative
    weights, normalised to mean 1, so the stream's base rate alone sets the volume."""

    hour_of_day: list[Weight] = Field(default_factory=lambda: [1.0] * 24, min_length=24, max_length=24)
    day_of_week: list[Weight] = Field(default_factory=lambda: [1.0] * 7, min_length=7, max_length=7)
    sinusoid: Optional[Sinusoid] = None

    @field_validator("hour_of_day", "day_of_week")
    @classmethod
    def _not_all_zero(cls, values: list[float]) -> list[float]:
        if sum(values) <= 0:
            raise problem("all_weights_zero")
        return values


class DatedMultiplier(StrictModel):
    """Scales demand between two dates, inclusive (a move-in month 入伙, a rainy season)."""

    start_date: dt.date
    end_date: dt.date
    multiplier: float = Field(ge=0, le=1000)
    applies_to: list[str] = Field(
        default_factory=lambda: ["calls", "tickets"],
        description="contact kinds ('calls') or single types ('calls.repair_report')",
    )

    @model_validator(mode="after")
    def _ordered(self) -> "DatedMultiplier":
        if self.end_date < self.start_date:
            raise problem("end_before_start", end=self.end_date, start=self.start_date)
        return self


class _Stream(StrictModel):
    """Fields shared by every arrival stream: exactly one rate field, a profile, a handle time."""

    rate_per_household_per_month: Optional[NonNegativeFloat] = None
    rate_per_household_per_day: Optional[NonNegativeFloat] = None
    rate_per_vehicle_gate_per_day: Optional[NonNegativeFloat] = None
    rate_per_pedestrian_gate_per_day: Optional[NonNegativeFloat] = None
    rate_per_camera_per_day: Optional[NonNegativeFloat] = None
    rate_per_building_per_day: Optional[NonNegativeFloat] = None
    rate_per_day: Optional[NonNegativeFloat] = None
    rate_per_hour: Optional[NonNegativeFloat] = None
    rate_per_minute: Optional[NonNegativeFloat] = None
    profile: str = Field("flat", description="name of a profile in demand.profiles")
    handle_time_s: Distribution
    priority: int = Field(2, ge=0, le=9, description="0 is served first")

    @model_validator(mode="after")
    def _exactly_one_rate(self) -> "_Stream":
        given = [name for name in RATE_FIELDS if getattr(self, name) is not None]
        if len(given) != 1:
            raise problem("rate_fields_many", count=len(given), given=given, fields=list(RATE_FIELDS)) if given \
                else problem("rate_fields_none", fields=list(RATE_FIELDS))
        return self

    @property
    def rate_field(self) -> tuple[str, float]:
        """The one rate field given, and its value."""
        for name in RATE_FIELDS:
            value = getattr(self, name)
            if value is not None:
                return name, value
        raise AssertionError("validated streams have a rate")


class ReturnVisit(StrictModel):
    """The outbound return call (回访) owed after a contact of this type, once its work is done.
    Until the field model creates it from a closed work order, it becomes due ``delay_h`` after
    the contact is handled."""

    share: float = Field(1.0, ge=0, le=1, description="share of handled contacts that owe one")
    delay_h: Distribution
    deadline_h: PositiveFloat = Field(24.0, description="to be completed within this after it is due")
    deadline_working_days: Optional[PositiveFloat] = Field(
        None, description="when set, instead of deadline_h: within this many working days of working time from when "
        "it is due (seed 003: 一个工作日内), the clock paused outside calendar.working_hours and on holidays")
    handle_time_s: Distribution
    priority: int = Field(3, ge=0, le=9)


class CallType(_Stream):
    """Inbound phone calls of one type; callers wait for an agent and may hang up."""

    patience_s: Optional[Distribution] = Field(None, description="null: callers never abandon")
    escalate_share: float = Field(0.0, ge=0, le=1, description="share passed to an expert agent")
    expert_handle_time_s: Optional[Distribution] = None
    return_visit: Optional[ReturnVisit] = None

    @model_validator(mode="after")
    def _expert_time_when_escalating(self) -> "CallType":
        if self.escalate_share > 0 and self.expert_handle_time_s is None:
            raise problem("escalate_needs_expert")
        return self


class RemoteOpType(_Stream):
    """Device remote operations (open a barrier gate or door after a video check, verify an
    alarm on camera). Served before calls by default; someone waits at the device."""

    priority: int = Field(0, ge=0, le=9, description="0 is served first")
    patience_s: Optional[Distribution] = Field(None, description="null: nobody gives up")


class TicketType(_Stream):
    """Deferrable app/WeChat tickets: no one waits on the line; due within ``deadline_h``."""

    priority: int = Field(4, ge=0, le=9)
    deadline_h: PositiveFloat


class Demand(StrictModel):
    """Everything that arrives at the contact centre from each site."""

    profiles: dict[str, Profile] = Field(default_factory=dict)
    calls: dict[str, CallType] = Field(default_factory=dict)
    remote_ops: dict[str, RemoteOpType] = Field(default_factory=dict)
    tickets: dict[str, TicketType] = Field(default_factory=dict)
    dated_multipliers: dict[str, DatedMultiplier] = Field(default_factory=dict)

    _named = field_validator("profiles", "calls", "remote_ops", "tickets", "dated_multipliers", mode="before")(
        classmethod(lambda cls, v: _drop_nulls(v)))


def contact_type_labels(demand: Demand) -> list[str]:
    """The contact types a scenario's demand creates, as ``<kind>.<type>`` labels (the rows of
    ``RunResult.type_table()``): its call, remote-operation and ticket types, and the expert and
    return-visit types of the calls that escalate or owe a return visit."""
    labels = [f"{kind}.{name}" for kind in ("calls", "remote_ops", "tickets") for name in getattr(demand, kind)]
    labels += [f"expert.{name}" for name, c in demand.calls.items() if c.escalate_share > 0]
    labels += [f"return_visits.{name}" for name, c in demand.calls.items()
               if c.return_visit is not None and c.return_visit.share > 0]
    return labels
