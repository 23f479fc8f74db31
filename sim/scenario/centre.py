"""The contact centre in a scenario: the kinds of contact it serves and its agent pools (坐席),
each with skills, a roster and opening hours."""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field, PositiveFloat, field_validator

from sim.scenario.distributions import Deterministic, Distribution, LogNormal
from sim.scenario.roster import OpeningHours, Roster, _drop_nulls
from sim.scenario.problems import problem
from sim.scenario.strict import StrictModel

Skill = Literal["calls", "remote_ops", "tickets", "return_visits", "expert"]
#: The kinds of work that reach the contact centre, in reporting order. Each is also the
#: skill an agent pool needs to serve it.
CONTACT_KINDS: tuple[str, ...] = ("calls", "remote_ops", "expert", "return_visits", "tickets", "callbacks")
#: The skill that serves a kind when it is not the kind's own name: callbacks (回拨) are worked
#: by the agents who answer calls.
SKILL_OF: dict[str, str] = {"callbacks": "calls"}


class Callbacks(StrictModel):
    """Callbacks (回拨): a caller who hangs up before an agent answers is called back by the desk,
    with retries when the resident does not pick up. Each attempt is a contact of kind
    ``callbacks``, worked by the pools with the ``calls`` skill (or the post that handles the call),
    due when the caller hangs up and, after an unanswered attempt, ``retry_after_min`` later."""

    answer_share: float = Field(0.7, ge=0, le=1, description="chance that the resident answers one attempt [est]")
    max_attempts: int = Field(3, ge=1, le=10, description="attempts before the desk gives up")
    retry_after_min: PositiveFloat = Field(10.0, description="from an unanswered attempt to the next")
    handle_time_s: Distribution = Field(default_factory=lambda: LogNormal(dist="lognormal", mean=150, sd=60),
                                        description="an answered callback [est]")
    no_answer_s: Distribution = Field(default_factory=lambda: Deterministic(dist="deterministic", value=40),
                                      description="an attempt nobody answers: dialling and ringing [est]")
    priority: int = Field(1, ge=0, le=9, description="0 is served first; calls are 2 unless they say otherwise")



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
            raise problem("skill_twice", listed=str(skills))
        return skills


class Centre(StrictModel):
    """The contact centre: one site's service desk, or a group call centre serving many sites."""

    pools: dict[str, Pool] = Field(min_length=1)
    callbacks: Optional[Callbacks] = Field(None, description="null: an abandoned call is simply lost")
    operator: Literal["site", "group"] = Field(
        "site", description="who runs the contact centre. site: its own desk, staffed and paid by the site and "
        "judged on the centre's commitments; group: the group call centre (集团呼叫中心, centralised model only) "
        "answers the site: its pools are simulated so calls, work orders and remote operations reach the site "
        "as they would, but the site neither staffs nor pays them (it pays "
        "costs.group_call_centre_share_yuan_per_year) and the centre's commitments are the group's "
        "(planner plan --site NAME --portfolio portfolio.json)")
    calling_hours: Optional[OpeningHours] = Field(
        None, description="outbound return visits (回访) are placed only then (every day); one falling due outside "
        "waits for the next opening, its deadline unchanged; null: at any hour")

    _named = field_validator("pools", mode="before")(classmethod(lambda cls, v: _drop_nulls(v)))

    @property
    def staffed_pools(self) -> dict[str, Pool]:
        """The pools the scenario's site staffs and pays: every pool, none when the group runs the centre."""
        return self.pools if self.operator == "site" else {}
