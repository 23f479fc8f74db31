"""Names for people of what a scenario calls by a key: its sites, pools, teams, posts, shifts,
profiles, contact types, routes, equipment and incidents (``key_name``), and of every field of
the schema (``FIELD_NAMES`` of sim.scenario.field_names, the table the proposal names fields
from too; ``tests/ui/test_app.py`` checks that every field of every model has a name in both languages), so a field path such as
``field.teams.technicians.roster.shifts.evening.agents`` reads
``现场作业 · 现场班组「维修工」 · 排班 · 班次「晚班」 · 人数`` (``path_words``).

A scenario's own ``display_names`` come first, then the names of the bundled templates' keys
below; a key with neither is shown as it is written (it is the planner's own word)."""

from __future__ import annotations

import threading
import types
import typing
from typing import Any, Mapping, Union

from pydantic import BaseModel

from planner.costs.budget import ROLE_NAMES
from sim.scenario.field_names import FIELD_NAMES
from planner.proposal.text import TYPE_NAMES

#: Names of the bundled templates' keys (zh, en). Shift keys name the shift's part of the day.
KEY_NAMES: dict[str, tuple[str, str]] = {
    # scenarios (the templates' names)
    "default": ("翠湖花园", "Cuihu Garden"),
    "default_centralised": ("翠湖花园（集中管控）", "Cuihu Garden (centralised)"),
    "group_portfolio": ("集团小区组合", "Group portfolio"),
    "mixed_use": ("商住综合体", "Mixed-use complex"),
    "move_in_surge": ("入伙高峰", "Move-in surge"),
    "move_in_phases": ("分阶段入伙", "Phased move-in"),
    "villa_estate": ("别墅区", "Villa estate"),
    # sites
    "cuihu": ("翠湖花园", "Cuihu Garden"), "binjiang": ("滨江苑", "Binjiang Garden"),
    "chunjiang": ("春江苑", "Chunjiang Garden"), "huayuan": ("华苑", "Huayuan"),
    "jinxiu": ("锦绣苑", "Jinxiu Garden"), "lanshan": ("岚山苑", "Lanshan Garden"),
    "lanting": ("兰亭苑", "Lanting Garden"), "mingzhu": ("明珠苑", "Mingzhu Garden"),
    "qinyuan": ("沁园", "Qinyuan"), "songhe": ("松鹤苑", "Songhe Garden"), "taoli": ("桃李苑", "Taoli Garden"),
    "xiangshu": ("香墅苑", "Xiangshu Garden"), "yuefu": ("悦府", "Yuefu"),
    # profiles
    "flat": ("全天均匀", "flat"), "residential": ("住宅来电曲线", "residential"),
    "gate_traffic": ("出入口通行曲线", "gate traffic"), "shop_hours": ("商铺营业曲线", "shop hours"),
    # contact types beyond the proposal's
    "shop_enquiry": ("商户咨询", "shop enquiry"), "shop_repair": ("商户报修", "shop repair"),
    "shop_ticket": ("商户线上工单", "shop ticket"), "app_ticket": ("线上工单", "app/WeChat ticket"),
    # pools
    "service_desk": ("客服坐席", "service desk"), "experts": ("专家坐席", "expert seats"),
    "agents": ("坐席", "agents"), "remote_seats": ("远程坐席", "remote-operation seats"),
    "move_in_desk": ("入伙服务台", "move-in desk"),
    # field teams and posts
    "technicians": ("维修工", "technicians"), "guards": ("秩序维护员", "guards"), "butlers": ("管家", "butlers"),
    "main_gate": ("大门岗", "main gate"), "monitoring_room": ("监控室", "monitoring room"), "car_park": ("停车场岗", "car park"),
    # shifts
    "day": ("白班", "day"), "early": ("早班", "early"), "middle": ("中班", "middle"), "evening": ("晚班", "evening"),
    "night": ("夜班", "night"), "morning_peak": ("早高峰班", "morning peak"), "evening_peak": ("晚高峰班", "evening peak"),
    "late": ("晚班", "late"),
    # patrol routes, equipment, incidents
    "main_route": ("主巡逻路线", "main route"),
    "barrier_gate": ("道闸", "barrier gates"), "camera": ("摄像头", "cameras"), "fire_panel": ("消防主机", "fire panels"),
    "intercom": ("楼宇对讲", "intercoms"), "lift": ("电梯", "lifts"), "pump": ("水泵", "pumps"),
    "alarm": ("报警", "alarms"), "dispute": ("纠纷", "disputes"), "lift_entrapment": ("电梯困人", "lift entrapments"),
    "off": ("休息", "off"),
    # values of the schema's choices
    "traditional": ("传统模式", "traditional"), "centralised": ("集中管控", "centralised"),
    "lump_sum": ("包干制", "lump sum"), "commission": ("酬金制", "commission"),
    "walking": ("步行", "walking"), "cart": ("电瓶车", "cart"), "post": ("固定岗", "post"),
    "office": ("服务中心", "site office"), "zones": ("各片区中心", "every zone's centre"),
    "headcount": ("按人数", "headcount"), "coverage": ("按在岗覆盖", "coverage"), "centre": ("呼叫中心", "centre"),
    "rectilinear": ("直角距离", "rectilinear"), "euclidean": ("直线距离", "euclidean"),
    "urgent": ("急修", "urgent"), "routine": ("一般报修", "routine"), "planned": ("计划性维修", "planned"),
    "exponential": ("指数分布", "exponential"), "lognormal": ("对数正态分布", "lognormal"), "gamma": ("伽马分布", "gamma"),
    "deterministic": ("固定值", "deterministic"), "uniform": ("均匀分布", "uniform"), "empirical": ("经验分布", "empirical"),
    "calls": ("来电", "calls"), "remote_ops": ("远程操作", "remote operations"), "tickets": ("线上工单", "app tickets"),
    "return_visits": ("维修回访", "return visits"), "expert": ("专家坐席", "expert calls"),
    "households": ("户数", "households"), "vehicle_gates": ("车行道闸", "vehicle gates"),
    "pedestrian_gates": ("人行门禁", "pedestrian gates"), "cameras": ("摄像头", "cameras"), "buildings": ("楼栋", "buildings"),
    "lifts": ("电梯", "lifts"), "pumps": ("水泵", "pumps"),
    "butler": ("管家", "butler"), "technician": ("维修工", "technician"), "guard": ("秩序维护员", "guard"),
    "electrical": ("电工", "electrical"), "plumbing": ("水工", "plumbing"), "general": ("综合维修", "general"),
}
for _key, _pair in TYPE_NAMES.items():
    KEY_NAMES.setdefault(_key, _pair)
for _key, (_en, _zh) in ROLE_NAMES.items():  # the budget's roles (wages are keyed by them)
    KEY_NAMES.setdefault(_key, (_zh, _en))



_CURRENT = threading.local()


def use(names: Mapping[str, Mapping[str, str]] | None) -> None:
    """The display names of the scenario on screen, for this thread (a Streamlit session's
    script runs in one): key_name uses them when it is given none."""
    _CURRENT.names = dict(names or {})


def current() -> dict[str, dict[str, str]]:
    return getattr(_CURRENT, "names", {})


def display_names(data: Mapping[str, Any] | None) -> dict[str, dict[str, str]]:
    """A scenario's own ``display_names`` (from its data or its model), as plain mappings; its
    sites named as the proposal names them (``proposal.site_names``, so the app and the bid
    call a site the same), and a one-site scenario by its site's name unless it names itself."""
    if data is None:
        return {}
    out = _site_names(data)
    names = data.get("display_names") if isinstance(data, Mapping) else getattr(data, "display_names", None)
    for key, value in (names or {}).items():
        if isinstance(value, Mapping):
            own = {k: str(v) for k, v in value.items() if isinstance(v, str) and v}
        elif isinstance(value, BaseModel):
            own = {k: v for k, v in value.model_dump().items() if v}
        else:
            continue
        out[str(key)] = {**out.get(str(key), {}), **own}
    return out


def _site_names(data: Any) -> dict[str, dict[str, str]]:
    """``proposal.site_names`` as display names; the scenario's own name too when it has one site."""
    mapping = isinstance(data, Mapping)
    proposal = data.get("proposal") if mapping else getattr(data, "proposal", None)
    sites = data.get("sites") if mapping else getattr(data, "sites", None)
    given = (proposal.get("site_names") if isinstance(proposal, Mapping) else getattr(proposal, "site_names", None)) or {}
    live = [k for k, v in (sites or {}).items() if v is not None] if isinstance(sites, Mapping) else []
    out: dict[str, dict[str, str]] = {}
    for key, value in given.items():
        if key not in live or value is None:
            continue
        pair = value if isinstance(value, Mapping) else (value.model_dump() if isinstance(value, BaseModel) else {})
        names = {lg: str(pair.get(lg)) for lg in ("zh", "en") if isinstance(pair.get(lg), str) and pair.get(lg)}
        if names:
            out[str(key)] = names
    name = data.get("name") if mapping else getattr(data, "name", None)
    if len(live) == 1 and live[0] in out and isinstance(name, str) and name:
        out[name] = dict(out[live[0]])
    return out


def key_name(key: Any, lang: str, names: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """The name for people of a scenario key: the scenario's own, the templates', or the key
    itself (a shift is named by its times: ui.i18n.shift_label)."""
    key = "" if key is None else str(key)
    names = current() if names is None else names
    given = given_name(key, lang, names)
    if given is not None:
        return given
    for suffix in ("_traditional", "_centralised"):
        if key.endswith(suffix) and key[: -len(suffix)]:
            model = {"_traditional": ("传统模式", "traditional"), "_centralised": ("集中管控", "centralised")}[suffix]
            base = key_name(key[: -len(suffix)], lang, names)
            return f"{base}（{model[0]}）" if lang == "zh" else f"{base} ({model[1]})"
    if "/" in key:  # a site's post: "cuihu/main_gate"
        return " · ".join(key_name(part, lang, names) for part in key.split("/"))
    return key


def given_name(key: Any, lang: str, names: Mapping[str, Mapping[str, str]] | None = None) -> str | None:
    """The name a scenario or the templates give ``key`` in ``lang``; None when neither does."""
    key = "" if key is None else str(key)
    own = (current() if names is None else names).get(key) or {}
    if own.get(lang):
        return own[lang]
    return KEY_NAMES[key][0 if lang == "zh" else 1] if key in KEY_NAMES else None


def has_name(key: str, names: Mapping[str, Mapping[str, str]] | None = None) -> bool:
    """Whether ``key`` has a name for people (its Chinese name is not the key itself; every
    name in the tables has both languages)."""
    return key_name(key, "zh", names) != key


# --------------------------------------------------------------------------- schema fields

# The name of every field of the schema: sim.scenario.field_names (one table for the app and
# the proposal).


def _unwrap(annotation: Any) -> list[Any]:
    """The types a field's annotation may hold (Optional, Annotated and unions opened)."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _unwrap(args[0])
    if origin in (Union, types.UnionType):
        return [t for a in args if a is not type(None) for t in _unwrap(a)]
    return [annotation]


def schema_models() -> list[type[BaseModel]]:
    """Every model of the schema, distributions included."""
    from sim.scenario import Scenario

    order, queue = [], [Scenario]
    while queue:
        model = queue.pop(0)
        if model in order:
            continue
        order.append(model)
        for field in model.model_fields.values():
            queue += [t for t in _walk_types(field.annotation) if isinstance(t, type) and issubclass(t, BaseModel)]
    return order


def _walk_types(annotation: Any) -> list[Any]:
    out = []
    for t in _unwrap(annotation):
        origin = typing.get_origin(t)
        if origin in (list, dict, tuple):
            for arg in typing.get_args(t):
                out += _walk_types(arg)
        else:
            out.append(t)
    return out


def unnamed_fields() -> list[str]:
    """"Model.field" of every schema field without a name in FIELD_NAMES (the test wants none)."""
    return [f"{m.__name__}.{f}" for m in schema_models() for f in m.model_fields
            if f not in FIELD_NAMES and f"{m.__name__}.{f}" not in FIELD_NAMES]


def field_name(model: type[BaseModel] | None, field: str, lang: str) -> str:
    pair = (FIELD_NAMES.get(f"{model.__name__}.{field}") if model is not None else None) or FIELD_NAMES.get(field)
    return (pair[0] if lang == "zh" else pair[1]) if pair else field


#: Dotted keys of targets.types start with a contact kind ("calls.emergency").
_TYPE_KINDS = ("calls", "remote_ops", "tickets", "expert", "return_visits")


def path_words(path: str, lang: str, names: Mapping[str, Mapping[str, str]] | None = None) -> str:
    """A field path in words, walking the schema: every field by its name, every named item by
    its name for people, every list item by its number."""
    from sim.scenario import Scenario

    parts = [p for p in str(path).split(".") if p != ""]
    words: list[str] = []
    current: list[Any] = [Scenario]
    i = 0
    while i < len(parts):
        part = parts[i]
        models = [t for t in current if isinstance(t, type) and issubclass(t, BaseModel)]
        containers = [t for t in current if typing.get_origin(t) in (dict, list)]
        owner = next((m for m in models if part in m.model_fields), None)
        if owner is not None:
            words.append(field_name(owner, part, lang))
            current = _unwrap(owner.model_fields[part].annotation)
        elif any(typing.get_origin(t) is dict for t in containers):
            dict_type = next(t for t in containers if typing.get_origin(t) is dict)
            key = part
            if words and words[-1] == field_name(None, "types", lang) and part in _TYPE_KINDS and i + 1 < len(parts):
                key, i = f"{part}.{parts[i + 1]}", i + 1
                kind, _, name = key.partition(".")
                item = f"{field_name(None, kind, lang)}·{key_name(name, lang, names)}"
            else:
                item = key_name(key, lang, names)
            head = words.pop() if words else ""
            words.append(f"{head}「{item}」" if lang == "zh" else f"{head} '{item}'")
            current = _unwrap(typing.get_args(dict_type)[1])
        elif any(typing.get_origin(t) is list for t in containers) and part.isdigit():
            list_type = next(t for t in containers if typing.get_origin(t) is list)
            head = words.pop() if words else ""
            number = int(part) + 1
            words.append(f"{head}第 {number} 项" if lang == "zh" else f"{head} #{number}")
            current = _unwrap(typing.get_args(list_type)[0])
        else:
            words.append(field_name(None, part, lang) if part in FIELD_NAMES else key_name(part, lang, names))
            current = []
        i += 1
    return " · ".join(w for w in words if w)
