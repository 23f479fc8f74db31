"""The scenario: what a scenario file may say (the schema, one module per part of a scenario),
how a file is read (``loader``: YAML, ``extends``, ``--set``) and how a problem is reported
(``errors``). This package's top level re-exports the schema's classes; the loader is imported
from ``sim.scenario.loader`` (or ``from sim import load_scenario``).

Modules: ``scenario`` (the root), ``site``, ``demand``, ``centre``, ``roster`` (shifts, breaks,
opening hours), ``field`` (field operations), ``targets`` (commitments), ``costs``, ``calendar``,
``distributions``, ``names`` (display names of a scenario's keys), ``strict`` (the base model that refuses unknown and coerced fields),
``reference`` (the generated field reference, docs/scenario.md).
"""

from sim.lazy import lazy_face

#: Where each name of the package's face lives: imported on first use (PEP 562), so that
#: importing one module of the package (or a CLI's --help) does not load the rest.
_FACE: dict[str, str] = {
    **dict.fromkeys(['Calendar'], 'sim.scenario.calendar'),
    **dict.fromkeys(['CONTACT_KINDS', 'SKILL_OF', 'Callbacks', 'Centre', 'Pool', 'Skill'], 'sim.scenario.centre'),
    **dict.fromkeys(['Costs'], 'sim.scenario.costs'),
    **dict.fromkeys(['CallType', 'DatedMultiplier', 'Demand', 'Profile', 'RemoteOpType', 'ReturnVisit', 'Sinusoid', 'TicketType', 'contact_type_labels'], 'sim.scenario.demand'),
    **dict.fromkeys(['FieldOps', 'FieldTargets'], 'sim.scenario.field'),
    **dict.fromkeys(['WEEKDAYS', 'OpeningHours', 'Roster'], 'sim.scenario.roster'),
    **dict.fromkeys(['Scenario', 'StaffedGroup'], 'sim.scenario.scenario'),
    **dict.fromkeys(['Site'], 'sim.scenario.site'),
    **dict.fromkeys(['TYPE_TARGET_TAGS', 'ContactTarget', 'DeadlineTarget', 'ResponseTarget', 'StaffTarget', 'Targets', 'TypeTarget'], 'sim.scenario.targets'),
}

__all__ = ["CONTACT_KINDS", "SKILL_OF", "TYPE_TARGET_TAGS", "WEEKDAYS", "Calendar", "CallType", "Callbacks", "Centre", "ContactTarget",
           "Costs", "DatedMultiplier", "DeadlineTarget", "Demand", "FieldOps", "FieldTargets", "OpeningHours",
           "Pool", "Profile", "RemoteOpType", "ResponseTarget", "ReturnVisit", "Roster", "Scenario", "Sinusoid", "Site",
           "Skill", "StaffedGroup", "StaffTarget", "Targets", "TicketType", "TypeTarget", "contact_type_labels"]

__getattr__, __dir__ = lazy_face(__name__, _FACE)
