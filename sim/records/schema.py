"""What a records export must contain: the fields of each kind of record, their types, and the
values an outcome may take.

A real export names its columns its own way (来电时间, "Call start", ...): a column mapping
``{field: column}`` says which column holds which field; fields not mapped are looked up under
their own name. Each field also has a Chinese name (``FieldSpec.zh``: calls' ``time`` is 来电时间),
which the Chinese app's messages use and a mapping may name the field by.
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
    zh: str              # the field's name in Chinese (messages and mappings of the Chinese app)


SCHEMA: dict[str, tuple[FieldSpec, ...]] = {
    "calls": (
        FieldSpec("time", "time", True, "when the call arrived (ISO 8601, e.g. 2026-06-01 08:15:30, with or without a UTC offset, or an Excel date)", "来电时间"),
        FieldSpec("type", "text", True, "call type (repair_report, enquiry, ...)", "业务类型"),
        FieldSpec("outcome", "outcome", True, "answered or abandoned", "接听结果"),
        FieldSpec("wait_s", "seconds", True, "seconds in the queue until answered or hung up", "排队秒数"),
        FieldSpec("talk_s", "seconds", False, "talk time of an answered call, seconds", "通话秒数"),
        FieldSpec("queue", "queue", False, "agent (first line, the default) or expert (escalated)", "队列"),
        FieldSpec("agent", "text", False, "agent id or extension who answered (坐席工号); gives the staffing of each hour", "坐席工号"),
    ),
    "tickets": (
        FieldSpec("time", "time", True, "when the ticket was created", "提交时间"),
        FieldSpec("type", "text", True, "ticket type (app_ticket, ...)", "工单类型"),
        FieldSpec("handle_s", "seconds", False, "agent's handling time, seconds", "处理秒数"),
    ),
    "gates": (
        FieldSpec("time", "time", True, "when the gate, door or alarm asked for a remote operation", "事件时间"),
        FieldSpec("type", "text", True, "operation (vehicle_gate, pedestrian_door, alarm_check, ...)", "操作类型"),
        FieldSpec("wait_s", "seconds", False, "seconds until an operator took it", "等待秒数"),
        FieldSpec("handle_s", "seconds", False, "operator's handling time, seconds", "处理秒数"),
    ),
    "work_orders": (
        FieldSpec("created", "time", True, "when the work order was created", "创建时间"),
        FieldSpec("type", "text", True, "source (repair_report, emergency, ...)", "来源类型"),
        FieldSpec("priority", "text", True, "emergency, urgent, routine or planned", "紧急程度"),
        FieldSpec("trade", "text", False, "plumbing, electrical, general, ...", "工种"),
        FieldSpec("on_site", "time", False, "when the technician arrived", "到场时间"),
        FieldSpec("closed", "time", False, "when the work was finished", "完工时间"),
        FieldSpec("rework", "flag", False, "yes when the order re-opens an earlier one (返修)", "是否返修"),
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


def spec(kind: str, name: str) -> FieldSpec | None:
    """The field ``name`` of ``kind`` records, or None."""
    return next((f for f in SCHEMA.get(kind, ()) if f.name == name), None)
