"""The service commitments (服务承诺) a scenario is checked against: per kind of contact, per
contact type, for agents' occupancy and for field operations."""

from __future__ import annotations

from typing import Annotated, Any, Optional, Union

from pydantic import Discriminator, Field, PositiveFloat, Tag, field_validator

from sim.scenario.field import FieldTargets
from sim.scenario.roster import _drop_nulls
from sim.scenario.problems import problem
from sim.scenario.strict import StrictModel



class ContactTarget(StrictModel):
    """Commitments for contacts someone waits on (calls, remote operations, expert calls)."""

    answer_within_s: PositiveFloat
    service_level: Optional[float] = Field(None, ge=0, le=1, description="at least")
    max_abandon_rate: Optional[float] = Field(None, ge=0, le=1)
    max_asa_s: Optional[PositiveFloat] = None
    hourly_floor: Optional[float] = Field(
        None, ge=0, le=1,
        description="no hour of the day below this service level (answered within answer_within_s ÷ offered, "
        "of the contacts arriving in that hour over the horizon); one KPI row per hour; null: no floor. "
        "A kind's commitment only, not a type's")


class DeadlineTarget(StrictModel):
    """Commitments for deferrable work done by a deadline (tickets, return visits)."""

    on_time: float = Field(ge=0, le=1, description="share completed by the deadline, at least")


def _target_tag(value: Any) -> str:
    """Which commitment a per-type target is: a deadline one when it says ``on_time``."""
    if isinstance(value, dict):
        return "deadline_target" if "on_time" in value else "contact_target"
    return "deadline_target" if isinstance(value, DeadlineTarget) else "contact_target"


#: A per-type commitment: ContactTarget or DeadlineTarget (told apart by ``on_time``; whether it
#: fits the type's kind is checked by sim.scenario.loader.check_scenario).
TypeTarget = Annotated[Union[Annotated[ContactTarget, Tag("contact_target")],
                             Annotated[DeadlineTarget, Tag("deadline_target")]], Discriminator(_target_tag)]
#: The union tags pydantic puts in an error's location (the loader leaves them out of field paths).
TYPE_TARGET_TAGS = ("contact_target", "deadline_target")


class ResponseTarget(StrictModel):
    """Customer-service response (客服响应, seed 000): every caller reached within ``within_min`` of
    the call, answered at once or called back (centre.callbacks) and reached."""

    within_min: PositiveFloat = Field(15.0, description="from the call to a person on the line")
    share: float = Field(0.95, ge=0, le=1, description="share of callers reached in time, at least")


class StaffTarget(StrictModel):
    """Limits on how hard agents work."""

    max_occupancy: float = Field(0.85, gt=0, le=1)


class Targets(StrictModel):
    """The service commitments (服务承诺) a run is checked against; null switches one off."""

    calls: Optional[ContactTarget] = Field(
        default_factory=lambda: ContactTarget(answer_within_s=15, service_level=0.8, max_abandon_rate=0.05,
                                      hourly_floor=0.7)
    )
    remote_ops: Optional[ContactTarget] = Field(
        default_factory=lambda: ContactTarget(answer_within_s=20, service_level=0.95)
    )
    expert: Optional[ContactTarget] = Field(
        default_factory=lambda: ContactTarget(answer_within_s=60, service_level=0.8)
    )
    response: Optional[ResponseTarget] = Field(
        default_factory=ResponseTarget,
        description="callers reached within within_min (calls.callers_reached); null: measured within 15 min, no target")
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
                raise problem("not_type_label", key=key)
        return value
