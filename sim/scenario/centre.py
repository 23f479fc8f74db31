"""The contact centre in a scenario: the kinds of contact it serves and its agent pools (坐席),
each with skills, a roster and opening hours."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field, field_validator

from sim.scenario.roster import OpeningHours, Roster, _drop_nulls
from sim.scenario.strict import StrictModel

Skill = Literal["calls", "remote_ops", "tickets", "return_visits", "expert"]
#: The kinds of work that reach the contact centre, in reporting order. Each is also the
#: skill an agent pool needs to serve it.
CONTACT_KINDS: tuple[str, ...] = ("calls", "remote_ops", "expert", "return_visits", "tickets")



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
