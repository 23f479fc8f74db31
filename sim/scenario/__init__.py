"""The scenario: what a scenario file may say (the schema, one module per part of a scenario),
how a file is read (``loader``: YAML, ``extends``, ``--set``) and how a problem is reported
(``errors``). This package's top level re-exports the schema's classes; the loader is imported
from ``sim.scenario.loader`` (or ``from sim import load_scenario``).

Modules: ``scenario`` (the root), ``site``, ``demand``, ``centre``, ``roster`` (shifts, breaks,
opening hours), ``field`` (field operations), ``targets`` (commitments), ``costs``, ``calendar``,
``distributions``, ``names`` (display names of a scenario's keys), ``strict`` (the base model that refuses unknown and coerced fields),
``reference`` (the generated field reference, docs/scenario.md).
"""

from sim.scenario.calendar import Calendar
from sim.scenario.centre import CONTACT_KINDS, SKILL_OF, Callbacks, Centre, Pool, Skill
from sim.scenario.costs import Costs
from sim.scenario.demand import (CallType, DatedMultiplier, Demand, Profile, RemoteOpType, ReturnVisit, Sinusoid,
                                 TicketType, contact_type_labels)
from sim.scenario.field import FieldOps, FieldTargets
from sim.scenario.roster import WEEKDAYS, OpeningHours, Roster
from sim.scenario.scenario import Scenario, StaffedGroup
from sim.scenario.site import Site
from sim.scenario.targets import (TYPE_TARGET_TAGS, ContactTarget, DeadlineTarget, ResponseTarget, StaffTarget,
                                  Targets, TypeTarget)

__all__ = ["CONTACT_KINDS", "SKILL_OF", "TYPE_TARGET_TAGS", "WEEKDAYS", "Calendar", "CallType", "Callbacks", "Centre", "ContactTarget",
           "Costs", "DatedMultiplier", "DeadlineTarget", "Demand", "FieldOps", "FieldTargets", "OpeningHours",
           "Pool", "Profile", "RemoteOpType", "ResponseTarget", "ReturnVisit", "Roster", "Scenario", "Sinusoid", "Site",
           "Skill", "StaffedGroup", "StaffTarget", "Targets", "TicketType", "TypeTarget", "contact_type_labels"]
