"""What a records export must contain: the fields of each kind of record, their types, and the
values an outcome may take.

A real export names its columns its own way (来电时间, "Call start", ...): a column mapping
``{field: column}`` says which column holds which field; fields not mapped are looked up under
their own name.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Kinds of record and the scenario demand they feed.
KINDS = ("calls", "tickets", "gates", "work_orders")


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str            # "time", "text", "seconds", "outcome", "queue", "flag"
    required: bool
    help: str


SCHEMA: dict[str, tuple[FieldSpec, ...]] = {
    "calls": (
        FieldSpec("time", "time", True, "when the call arrived (ISO 8601, e.g. 2026-06-01 08:15:30)"),
        FieldSpec("type", "text", True, "call type (repair_report, enquiry, ...)"),
        FieldSpec("outcome", "outcome", True, "answered or abandoned"),
        FieldSpec("wait_s", "seconds", True, "seconds in the queue until answered or hung up"),
        FieldSpec("talk_s", "seconds", False, "talk time of an answered call, seconds"),
        FieldSpec("queue", "queue", False, "agent (first line, the default) or expert (escalated)"),
        FieldSpec("agent", "text", False, "agent id or extension who answered (坐席工号); gives the staffing of each hour"),
    ),
    "tickets": (
        FieldSpec("time", "time", True, "when the ticket was created"),
        FieldSpec("type", "text", True, "ticket type (app_ticket, ...)"),
        FieldSpec("handle_s", "seconds", False, "agent's handling time, seconds"),
    ),
    "gates": (
        FieldSpec("time", "time", True, "when the gate, door or alarm asked for a remote operation"),
        FieldSpec("type", "text", True, "operation (vehicle_gate, pedestrian_door, alarm_check, ...)"),
        FieldSpec("wait_s", "seconds", False, "seconds until an operator took it"),
        FieldSpec("handle_s", "seconds", False, "operator's handling time, seconds"),
    ),
    "work_orders": (
        FieldSpec("created", "time", True, "when the work order was created"),
        FieldSpec("type", "text", True, "source (repair_report, emergency, ...)"),
        FieldSpec("priority", "text", True, "emergency, urgent, routine or planned"),
        FieldSpec("trade", "text", False, "plumbing, electrical, general, ..."),
        FieldSpec("on_site", "time", False, "when the technician arrived"),
        FieldSpec("closed", "time", False, "when the work was finished"),
        FieldSpec("rework", "flag", False, "yes when the order re-opens an earlier one (返修)"),
    ),
}

#: Accepted spellings of call outcomes (compared lower-case, stripped).
OUTCOMES = {
    "answered": "answered", "answer": "answered", "connected": "answered", "接通": "answered",
    "已接": "answered", "已接听": "answered", "1": "answered",
    "abandoned": "abandoned", "abandon": "abandoned", "hung up": "abandoned", "放弃": "abandoned",
    "未接": "abandoned", "呼损": "abandoned", "0": "abandoned",
}
QUEUES = {"agent": "agent", "": "agent", "first": "agent", "一线": "agent",
          "expert": "expert", "专家": "expert", "escalated": "expert"}
FLAGS = {"yes": True, "y": True, "true": True, "1": True, "是": True,
         "no": False, "n": False, "false": False, "0": False, "否": False, "": False}
PRIORITIES = ("emergency", "urgent", "routine", "planned")


def fields(kind: str) -> tuple[FieldSpec, ...]:
    return SCHEMA[kind]
