"""The ``organisation`` section of a scenario: how the site's people are led. A department of
front-line people (customer service, engineering, security, environment) gets one supervisor or
team leader (主管/领班) for every ``span_of_control`` of its people (DOMAIN §9: a team of more than
about 8–12 people has a team leader; 10 is the middle), above them the site manager. The planner
adds these leaders to the headcount and the budget (planner.costs.team)."""

from __future__ import annotations

from pydantic import Field

from sim.scenario.strict import StrictModel


class Organisation(StrictModel):
    """Supervisors and team leaders by span of control."""

    span_of_control: int = Field(10, ge=2, le=1000, description="front-line people per supervisor or team leader "
                                 "(主管/领班) in a department: floor(people / span) leaders (DOMAIN §9: 8–12) [est]")
