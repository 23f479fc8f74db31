"""The scenario schema: what a scenario file may say, with units, defaults and limits.

Every field is documented in ``docs/scenario.md``. Validation happens here (field by field)
and in :func:`sim.loader.check_scenario` (references between fields); the loader turns every
problem into a :class:`sim.errors.ScenarioError` naming the field path, the value and what is
allowed.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal, Optional, Union

from pydantic import (Discriminator, Field, NonNegativeFloat, NonNegativeInt, PositiveFloat, Tag, field_validator,
                      model_validator)

from sim.distributions import Distribution
from sim.field.schema import FieldOps, FieldTargets
from sim.schema_costs import Costs
from sim.schema_roster import WEEKDAYS, OpeningHours, Roster, _drop_nulls  # noqa: F401 (WEEKDAYS re-exported)
from sim.strict import StrictModel
from sim.units import RATE_FIELDS

Skill = Literal["calls", "remote_ops", "tickets", "return_visits", "expert"]
#: The kinds of work that reach the contact centre, in reporting order. Each is also the
#: skill an agent pool needs to serve it.
CONTACT_KINDS: tuple[str, ...] = ("calls", "remote_ops", "expert", "return_visits", "tickets")


# --------------------------------------------------------------------------- demand


class Sinusoid(StrictModel):
    """Multiplies the rate by ``1 + amplitude·sin(2π(t − phase_h)/period_h)``, t in hours
    from the start of the run (a smooth time-varying rate, used to validate against m(t))."""

    amplitude: float = Field(ge=0, lt=1)
    period_h: PositiveFloat = 24.0
    phase_h: float = 0.0


class Profile(StrictModel):
    """The shape of demand over time. Hour-of-day and day-of-week values are relative
    weights, normalised to mean 1, so the stream's base rate alone sets the volume."""

    hour_of_day: list[NonNegativeFloat] = Field(default_factory=lambda: [1.0] * 24, min_length=24, max_length=24)
    day_of_week: list[NonNegativeFloat] = Field(default_factory=lambda: [1.0] * 7, min_length=7, max_length=7)
    sinusoid: Optional[Sinusoid] = None

    @field_validator("hour_of_day", "day_of_week")
    @classmethod
    def _not_all_zero(cls, values: list[float]) -> list[float]:
        if sum(values) <= 0:
            raise ValueError("needs at least one positive value (all weights are zero)")
        return values


class DatedMultiplier(StrictModel):
    """Scales demand between two dates, inclusive (a move-in month 入伙, a rainy season)."""

    start_date: dt.date
    end_date: dt.date
    multiplier: NonNegativeFloat
    applies_to: list[str] = Field(
        default_factory=lambda: ["calls", "tickets"],
        description="contact kinds ('calls') or single types ('calls.repair_report')",
    )

    @model_validator(mode="after")
    def _ordered(self) -> "DatedMultiplier":
        if self.end_date < self.start_date:
            raise ValueError(f"end_date {self.end_date} is before start_date {self.start_date}")
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
            raise ValueError(
                f"needs exactly one rate field, got {len(given)}"
                + (f" ({', '.join(given)})" if given else "")
                + f"; rate fields: {', '.join(RATE_FIELDS)}"
            )
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
            raise ValueError("escalate_share > 0 needs expert_handle_time_s")
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


# --------------------------------------------------------------------------- sites


class Site(StrictModel):
    """A property (小区) served by the contact centre; its quantities scale per-unit rates."""

    households: NonNegativeInt = Field(description="households (户) served")
    buildings: NonNegativeInt = 0
    vehicle_gates: NonNegativeInt = 0
    pedestrian_gates: NonNegativeInt = 0
    cameras: NonNegativeInt = 0
    lifts: NonNegativeInt = 0
    pumps: NonNegativeInt = 0
    demand_multiplier: NonNegativeFloat = 1.0
    land_area_m2: PositiveFloat = Field(60000.0, description="site footprint: sets walking distances")
    floor_area_m2: NonNegativeFloat = Field(0.0, description="gross floor area (建筑面积), for norms and fees")
    zones: int = Field(1, ge=1, le=100, description="butler zones (片区), equal in area and households")
    vacant_share: float = Field(0.05, ge=0, le=1, description="share of units vacant (空置房)")
    grade: int = Field(1, ge=1, le=4, description="service grade (服务等级) 1 (highest) to 4: sets the staffing norms")
    green_area_m2: NonNegativeFloat = Field(0.0, description="green area (绿化面积), for the greening norm and costs")

    def quantities(self) -> dict[str, float]:
        return {
            "households": self.households,
            "buildings": self.buildings,
            "vehicle_gates": self.vehicle_gates,
            "pedestrian_gates": self.pedestrian_gates,
            "cameras": self.cameras,
            "lifts": self.lifts,
            "pumps": self.pumps,
        }


# --------------------------------------------------------------------------- staff


class Pool(StrictModel):
    """A group of agents (坐席) with the same skills, working to one roster."""

    skills: list[Skill] = Field(min_length=1)
    roster: Roster
    opening_hours: Optional[OpeningHours] = Field(
        default_factory=OpeningHours, description="null: no coverage check"
    )

    @field_validator("skills")
    @classmethod
    def _unique(cls, skills: list[str]) -> list[str]:
        if len(set(skills)) != len(skills):
            raise ValueError(f"lists a skill twice: {skills}")
        return skills


class Centre(StrictModel):
    """The contact centre: one site's service desk, or a group call centre serving many sites."""

    pools: dict[str, Pool] = Field(min_length=1)

    _named = field_validator("pools", mode="before")(classmethod(lambda cls, v: _drop_nulls(v)))


# --------------------------------------------------------------------------- targets


class ContactTarget(StrictModel):
    """Commitments for contacts someone waits on (calls, remote operations, expert calls)."""

    answer_within_s: PositiveFloat
    service_level: Optional[float] = Field(None, ge=0, le=1, description="at least")
    max_abandon_rate: Optional[float] = Field(None, ge=0, le=1)
    max_asa_s: Optional[PositiveFloat] = None


class DeadlineTarget(StrictModel):
    """Commitments for deferrable work done by a deadline (tickets, return visits)."""

    on_time: float = Field(ge=0, le=1, description="share completed by the deadline, at least")


def _target_tag(value: Any) -> str:
    """Which commitment a per-type target is: a deadline one when it says ``on_time``."""
    if isinstance(value, dict):
        return "deadline_target" if "on_time" in value else "contact_target"
    return "deadline_target" if isinstance(value, DeadlineTarget) else "contact_target"


#: A per-type commitment: ContactTarget or DeadlineTarget (told apart by ``on_time``; whether it
#: fits the type's kind is checked by sim.loader.check_scenario).
TypeTarget = Annotated[Union[Annotated[ContactTarget, Tag("contact_target")],
                             Annotated[DeadlineTarget, Tag("deadline_target")]], Discriminator(_target_tag)]
#: The union tags pydantic puts in an error's location (the loader leaves them out of field paths).
TYPE_TARGET_TAGS = ("contact_target", "deadline_target")


class StaffTarget(StrictModel):
    """Limits on how hard agents work."""

    max_occupancy: float = Field(0.85, gt=0, le=1)


class Targets(StrictModel):
    """The service commitments (服务承诺) a run is checked against; null switches one off."""

    calls: Optional[ContactTarget] = Field(
        default_factory=lambda: ContactTarget(answer_within_s=15, service_level=0.8, max_abandon_rate=0.05)
    )
    remote_ops: Optional[ContactTarget] = Field(
        default_factory=lambda: ContactTarget(answer_within_s=20, service_level=0.95)
    )
    expert: Optional[ContactTarget] = Field(
        default_factory=lambda: ContactTarget(answer_within_s=60, service_level=0.8)
    )
    tickets: Optional[DeadlineTarget] = Field(default_factory=lambda: DeadlineTarget(on_time=0.95))
    return_visits: Optional[DeadlineTarget] = Field(default_factory=lambda: DeadlineTarget(on_time=0.95))
    staff: Optional[StaffTarget] = Field(default_factory=StaffTarget)
    field: FieldTargets = Field(default_factory=FieldTargets)
    types: dict[str, TypeTarget] = Field(
        default_factory=dict,
        description="per contact type, by its label `<kind>.<type>` ('calls.emergency', 'expert.complaint', "
        "'tickets.repair'): a ContactTarget for calls, remote_ops and expert types, a DeadlineTarget "
        "(on_time) for tickets and return_visits types; checked on that type's contacts alone")

    @field_validator("types", mode="before")
    @classmethod
    def _labels(cls, value: Any) -> Any:
        value = _drop_nulls(value)
        for key in value if isinstance(value, dict) else ():
            if "." not in str(key):
                raise ValueError(f"'{key}' is not a contact type label: write <kind>.<type>, e.g. calls.emergency "
                                 f"(on the command line: --set 'targets.types={{calls.emergency: "
                                 f"{{answer_within_s: 10, service_level: 0.9}}}}')")
        return value


# --------------------------------------------------------------------------- scenario


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


class Scenario(StrictModel):
    """A whole scenario: sites, their demand, the contact centre's staff and the targets."""

    name: str = Field(min_length=1, description="short identifier used in reports")
    description: str = Field("", description="what the scenario shows, for people")
    seed: NonNegativeInt = Field(1, description="root of every random stream")
    replications: int = Field(10, ge=1, le=10000, description="independent runs; intervals need ≥ 2")
    calendar: Calendar = Field(default_factory=Calendar)
    sites: dict[str, Site] = Field(min_length=1)
    demand: Demand
    centre: Centre
    operating_model: Literal["traditional", "centralised"] = Field(
        "centralised", description="traditional: fixed posts handle their site's remote operations; "
        "centralised: the contact centre's remote-operation seats do")
    field: Optional[FieldOps] = Field(None, description="field operations at every site; null: contact centre only")
    targets: Targets = Field(default_factory=Targets)
    costs: Costs = Field(default_factory=Costs, description="wages, on-costs, rates, taxes and fee for the "
                         "budget and fee estimate (DOMAIN §6)")

    _named = field_validator("sites", mode="before")(classmethod(lambda cls, v: _drop_nulls(v)))
