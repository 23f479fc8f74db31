"""Supervisors and team leaders (主管/领班) by span of control: the departments whose front-line
people they lead, and how many a department needs (floor of its people / span, DOMAIN §9). Used
alike by the plan's team (planner.costs.team) and the rule of thumb (planner.costs.norms)."""

from __future__ import annotations

import math

#: Departments (部门) whose front-line people supervisors and team leaders lead, by role.
DEPARTMENTS: dict[str, tuple[str, ...]] = {
    "customer_service": ("butler", "agent", "expert_agent"),
    "engineering": ("technician",),
    "security": ("guard", "post_guard"),
    "environment": ("cleaner", "greener"),
}
SUPERVISOR_ROLE = "supervisor"


def leaders_by_department(people_by_role: dict[str, float], span_of_control: int) -> dict[str, int]:
    """Supervisors and team leaders (主管/领班) per department: floor(front-line people / span)."""
    return {dept: int(math.floor(sum(people_by_role.get(r, 0.0) for r in roles) / span_of_control + 1e-9))
            for dept, roles in DEPARTMENTS.items()}
