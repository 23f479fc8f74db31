"""Names for people of what a scenario calls by a key: its sites, pools, teams, posts, shifts,
profiles, contact types, routes, equipment and incidents (``key_name``), and of every field of
the schema (``FIELD_NAMES``, keyed by the field's name in the schema; ``tests/test_app.py``
checks that every field of every model has a name in both languages), so a field path such as
``field.teams.technicians.roster.shifts.evening.agents`` reads
``现场作业 · 现场班组「维修工」 · 排班 · 班次「晚班」 · 人数`` (``path_words``).

A scenario's own ``display_names`` come first, then the names of the bundled templates' keys
below; a key with neither is shown as it is written (it is the planner's own word)."""

from __future__ import annotations

import re
import threading
import types
import typing
from typing import Any, Mapping, Union

from pydantic import BaseModel

from planner.costs.budget import ROLE_NAMES
from planner.proposal.text import TYPE_NAMES

#: Names of the bundled templates' keys (zh, en). Shift keys name the shift's part of the day.
KEY_NAMES: dict[str, tuple[str, str]] = {
    # scenarios (the templates' names)
    "default": ("翠湖花园", "Cuihu Garden"),
    "default_centralised": ("翠湖花园（集中管控）", "Cuihu Garden (centralised)"),
    "group_portfolio": ("集团小区组合", "Group portfolio"),
    "mixed_use": ("商住综合体", "Mixed-use complex"),
    "move_in_surge": ("入伙高峰", "Move-in surge"),
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

_DAYS = {"mon": ("周一", "Mon"), "tue": ("周二", "Tue"), "wed": ("周三", "Wed"), "thu": ("周四", "Thu"),
         "fri": ("周五", "Fri"), "sat": ("周六", "Sat"), "sun": ("周日", "Sun")}
#: A shift the planner made: "07:00 9h", "16:00 8h tue", "07:00 9h (break 4h+60m)".
_MADE_SHIFT = re.compile(r"^(\d\d:\d\d) (\d+(?:\.\d+)?)h((?: [a-z]{3})*)(?: \(break (\d+(?:\.\d+)?)h\+(\d+)m\))?(?: (\d+))?$")


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
    """The name for people of a scenario key: the scenario's own, the templates', a shift the
    planner made in words, or the key itself."""
    key = "" if key is None else str(key)
    names = current() if names is None else names
    own = names.get(key) or {}
    if own.get(lang):
        return own[lang]
    if key in KEY_NAMES:
        return KEY_NAMES[key][0 if lang == "zh" else 1]
    made = _MADE_SHIFT.match(key)
    if made:
        start, hours, days, after, length, copy = made.groups()
        day_text = [(_DAYS[d][0 if lang == "zh" else 1]) for d in days.split()]
        if lang == "zh":
            text = f"{start} 起 {hours} 小时班" + ("（" + "、".join(day_text) + "）" if day_text else "")
            if after:
                text += f"（上班 {after} 小时后休息 {length} 分钟）"
            return text + (f" {copy}" if copy else "")
        text = f"{start} {hours} h" + (" " + ", ".join(day_text) if day_text else "")
        if after:
            text += f" (break after {after} h, {length} min)"
        return text + (f" {copy}" if copy else "")
    for suffix in ("_traditional", "_centralised"):
        if key.endswith(suffix) and key[: -len(suffix)]:
            model = {"_traditional": ("传统模式", "traditional"), "_centralised": ("集中管控", "centralised")}[suffix]
            base = key_name(key[: -len(suffix)], lang, names)
            return f"{base}（{model[0]}）" if lang == "zh" else f"{base} ({model[1]})"
    if "/" in key:  # a site's post: "cuihu/main_gate"
        return " · ".join(key_name(part, lang, names) for part in key.split("/"))
    return key


def has_name(key: str, names: Mapping[str, Mapping[str, str]] | None = None) -> bool:
    """Whether ``key`` has a name for people (its Chinese name is not the key itself; every
    name in the tables has both languages)."""
    return key_name(key, "zh", names) != key


# --------------------------------------------------------------------------- schema fields

#: The name of every field of the schema (sim/scenario), by the field's name; a field that
#: means different things in different models is named by "Model.field" as well.
FIELD_NAMES: dict[str, tuple[str, str]] = {
    # Scenario
    "name": ("名称", "name"), "description": ("英文说明", "description"), "description_zh": ("中文说明", "Chinese description"), "seed": ("随机种子", "random seed"),
    "replications": ("重复次数", "replications"), "calendar": ("日历", "calendar"), "sites": ("站点", "site"),
    "demand": ("需求", "demand"), "centre": ("呼叫中心", "contact centre"), "operating_model": ("运营模式", "operating model"),
    "field": ("现场作业", "field operations"), "targets": ("服务承诺", "commitments"), "costs": ("成本", "costs"),
    "display_names": ("显示名称", "display name"), "extends": ("继承的模板", "extends"), "zh": ("中文名", "Chinese name"), "en": ("英文名", "English name"),
    # Calendar
    "start_date": ("开始日期", "start date"), "horizon_days": ("仿真天数", "simulated days"),
    "warmup_days": ("预热天数", "warm-up days"), "working_hours": ("工作时间", "working hours"),
    "holidays": ("节假日", "holidays"), "workdays": ("调休工作日", "extra workdays"),
    # Site
    "households": ("户数", "households"), "buildings": ("楼栋数", "buildings"), "vehicle_gates": ("车行道闸数", "vehicle barrier lanes"),
    "pedestrian_gates": ("人行门禁数", "pedestrian gates"), "cameras": ("摄像头数", "cameras"), "lifts": ("电梯数", "lifts"),
    "pumps": ("水泵数", "pumps"), "demand_multiplier": ("需求倍数", "demand multiplier"),
    "land_area_m2": ("占地面积（㎡）", "land area (m²)"), "floor_area_m2": ("建筑面积（㎡）", "floor area (m²)"),
    "zones": ("管家片区数", "butler zones"), "vacant_share": ("空置率", "vacant share"), "grade": ("服务等级", "service grade"),
    "green_area_m2": ("绿化面积（㎡）", "green area (m²)"),
    # Demand
    "profiles": ("时段曲线", "profile"), "calls": ("来电", "calls"), "remote_ops": ("远程操作", "remote operations"),
    "tickets": ("线上工单", "app tickets"), "dated_multipliers": ("日期系数", "dated multiplier"),
    "hour_of_day": ("各小时权重", "hour-of-day weights"), "day_of_week": ("各星期权重", "day-of-week weights"),
    "sinusoid": ("周期波动", "sinusoid"), "amplitude": ("波幅", "amplitude"), "period_h": ("周期（小时）", "period (h)"),
    "phase_h": ("相位（小时）", "phase (h)"),
    "rate_per_household_per_month": ("发生率（次/户·月）", "rate per household per month"),
    "rate_per_household_per_day": ("发生率（次/户·天）", "rate per household per day"),
    "rate_per_vehicle_gate_per_day": ("发生率（次/道闸·天）", "rate per vehicle gate per day"),
    "rate_per_pedestrian_gate_per_day": ("发生率（次/门禁·天）", "rate per pedestrian gate per day"),
    "rate_per_camera_per_day": ("发生率（次/摄像头·天）", "rate per camera per day"),
    "rate_per_building_per_day": ("发生率（次/栋·天）", "rate per building per day"),
    "rate_per_day": ("发生率（次/天）", "rate per day"), "rate_per_hour": ("发生率（次/小时）", "rate per hour"),
    "rate_per_minute": ("发生率（次/分钟）", "rate per minute"),
    "profile": ("时段曲线", "profile"), "handle_time_s": ("处理时长（秒）", "handle time (s)"), "priority": ("优先级", "priority"),
    "patience_s": ("等待耐心（秒）", "patience (s)"), "escalate_share": ("转专家比例", "share to experts"),
    "expert_handle_time_s": ("专家处理时长（秒）", "experts' handle time (s)"), "return_visit": ("回访", "return visit"),
    "deadline_h": ("处理时限（小时）", "deadline (h)"), "end_date": ("结束日期", "end date"), "multiplier": ("系数", "multiplier"),
    "applies_to": ("适用需求", "applies to"), "delay_h": ("延后（小时）", "delay (h)"),
    "deadline_working_days": ("时限（工作日）", "deadline (working days)"),
    # Centre
    "pools": ("坐席组", "agent pool"), "callbacks": ("回拨", "callbacks"), "calling_hours": ("回拨时段", "calling hours"),
    "skills": ("技能", "skills"), "roster": ("排班", "roster"), "opening_hours": ("服务时间", "opening hours"),
    "answer_share": ("回拨接通比例", "answer share"), "max_attempts": ("最多回拨次数", "most attempts"),
    "retry_after_min": ("重拨间隔（分钟）", "retry after (min)"), "no_answer_s": ("无人接听时长（秒）", "no-answer time (s)"),
    # roster
    "shifts": ("班次", "shift"), "rotation": ("轮班", "rotation"), "start": ("开始时间", "start"), "end": ("结束时间", "end"),
    "days": ("星期", "days"), "length_h": ("班长（小时）", "length (h)"), "agents": ("人数", "people"), "breaks": ("休息", "break"),
    "after_h": ("上班多久后休息（小时）", "after (h)"), "length_min": ("休息时长（分钟）", "length (min)"),
    "stagger_min": ("错开间隔（分钟）", "stagger (min)"), "crews": ("班组数", "crews"),
    "people_per_crew": ("每班组人数", "people per crew"), "cycle": ("轮班周期", "cycle"), "offset_days": ("错开天数", "offset (days)"),
    # FieldOps
    "travel": ("步行与路程", "travel"), "teams": ("现场班组", "field team"), "work_orders": ("工单", "work orders"),
    "equipment": ("设备", "equipment"), "patrols": ("巡逻路线", "patrol route"), "incidents": ("突发事件", "incident"),
    "butlers": ("管家工作", "butlers"), "posts": ("固定岗", "fixed post"),
    "walking_speed_m_per_s": ("步行速度（米/秒）", "walking speed (m/s)"), "cart_speed_m_per_s": ("电瓶车速度（米/秒）", "cart speed (m/s)"),
    "metric": ("距离算法", "distance metric"), "circuity": ("绕行系数", "circuity"), "access_s": ("入户/到位时间（秒）", "access time (s)"),
    "role": ("岗位", "role"), "travel_mode": ("出行方式", "travel mode"),
    "dispatch_delay_min": ("派单延迟（分钟）", "dispatch delay (min)"), "from_calls": ("来电转工单", "work orders from calls"),
    "patrol_fault_share": ("巡查发现问题比例", "faults found on rounds"), "patrol_fault_work_min": ("巡查问题作业时长（分钟）", "work on found faults (min)"),
    "planned": ("计划作业", "planned work"), "vacant_checks_per_week": ("空置房巡查（次/周）", "vacant-unit checks per week"),
    "vacant_check_min": ("空置房巡查时长（分钟）", "vacant-unit check (min)"), "parts_wait": ("等配件", "waiting for parts"),
    "rework": ("返修", "rework"), "count": ("数量", "count"), "per": ("计量依据", "per"),
    "failures_per_unit_per_year": ("故障率（次/台·年）", "failures per unit per year"), "trade": ("工种", "trade"),
    "work_time_min": ("作业时长（分钟）", "work time (min)"), "contractor_arrival_min": ("外包到场时间（分钟）", "contractor arrival (min)"),
    "team": ("执行班组", "team"), "checkpoints": ("巡更点数", "checkpoints"), "check_s": ("每点停留（秒）", "time per checkpoint (s)"),
    "schedule": ("巡逻时段", "schedule"), "rate_per_unit_per_year": ("发生率（次/单位·年）", "rate per unit per year"),
    "from_remote_op": ("由远程操作引发", "from remote operation"), "verified_share": ("核实后出动比例", "verified share"),
    "handle_time_min": ("处置时长（分钟）", "handling time (min)"), "inspection_checkpoints": ("巡查点数", "inspection checkpoints"),
    "inspection_check_min": ("每点巡查时长（分钟）", "inspection per checkpoint (min)"),
    "inspection_start": ("巡查开始时间", "inspection start"),
    "visits_per_household_per_month": ("入户走访（次/户·月）", "visits per household per month"),
    "visit_min": ("走访时长（分钟）", "visit (min)"), "visit_hours": ("走访时段", "visit hours"),
    "walk_ins_per_household_per_month": ("来访接待（次/户·月）", "walk-ins per household per month"),
    "walk_in_min": ("接待时长（分钟）", "walk-in (min)"), "complaint_follow_up": ("投诉跟进比例", "complaint follow-up share"),
    "follow_up_min": ("跟进时长（分钟）", "follow-up (min)"), "follow_up_deadline_h": ("跟进时限（小时）", "follow-up deadline (h)"),
    "return_visits_by": ("回访执行方", "return visits by"), "handles": ("处理的远程操作", "handles"),
    "trades": ("工种构成", "trade mix"), "electrical": ("电工", "electrical"), "plumbing": ("水工", "plumbing"),
    "general": ("综合维修", "general"), "every_days": ("间隔（天）", "every (days)"), "jobs": ("作业数", "jobs"),
    "second_visit_min": ("二次上门时长（分钟）", "second visit (min)"), "delay_days": ("延后（天）", "delay (days)"),
    "every_h": ("间隔（小时）", "every (h)"),
    # Targets
    "expert": ("专家坐席", "expert calls"), "response": ("客服响应", "response"), "return_visits": ("维修回访", "return visits"),
    "staff": ("坐席", "staff"), "types": ("按类型承诺", "per-type commitment"),
    "answer_within_s": ("接听时限（秒）", "answer within (s)"), "service_level": ("服务水平", "service level"),
    "max_abandon_rate": ("放弃率上限", "most abandoned"), "max_asa_s": ("平均应答时间上限（秒）", "longest average answer (s)"),
    "hourly_floor": ("每小时下限", "hourly floor"), "within_min": ("时限（分钟）", "within (min)"), "within_h": ("时限（小时）", "within (h)"),
    "share": ("比例", "share"), "on_time": ("按时比例", "on time"), "max_occupancy": ("占用率上限", "highest occupancy"),
    "incident_response": ("突发事件到场", "incident response"), "patrol_rounds": ("巡逻完成", "patrol rounds"),
    "facility_availability": ("设施完好率", "facility availability"), "visit_coverage": ("走访覆盖", "visit coverage"),
    "inspection_completion": ("巡查完成", "inspection completion"),
    "max_utilisation": ("利用率上限", "highest utilisation"), "request_completion": ("报修完成", "request completion"),
    "found_completion": ("巡查问题修复", "found-fault completion"),
    "planned_completion": ("计划性维护完成", "planned-work completion"), "follow_up_on_time": ("跟进按时", "follow-ups on time"),
    # Costs
    "wages_yuan_per_month": ("月工资（元）", "monthly wage (yuan)"), "social_insurance_rate": ("社保单位缴费比例", "employer social insurance"),
    "housing_fund_rate": ("公积金比例", "housing fund"), "contribution_floor_yuan_per_month": ("社保缴费基数下限（元/月）", "contribution floor (yuan/month)"),
    "welfare_union_training_rate": ("福利费、工会经费、教育经费比例", "welfare, union and training"),
    "uniform_yuan_per_person_per_year": ("服装费（元/人·年）", "uniforms (yuan/person·year)"),
    "holiday_overtime_days": ("法定节假日加班天数", "holiday overtime days"),
    "holiday_overtime_multiplier": ("节假日加班倍数", "holiday overtime multiplier"),
    "holiday_overtime_basis": ("节假日加班计算方式", "holiday overtime basis"), "paid_days_per_month": ("月计薪天数", "paid days per month"),
    "working_days_per_year": ("年工作日", "working days per year"), "hours_per_day": ("日工作小时", "hours per day"),
    "utilities_yuan_per_m2_per_year": ("公共水电（元/㎡·年）", "common utilities (yuan/m²·year)"),
    "facility_maintenance_yuan_per_m2_per_year": ("设施维护（元/㎡·年）", "facility maintenance (yuan/m²·year)"),
    "lift_maintenance_yuan_per_lift_per_year": ("电梯维保（元/台·年）", "lift maintenance (yuan/lift·year)"),
    "cleaning_materials_yuan_per_m2_per_year": ("清洁物料（元/㎡·年）", "cleaning materials (yuan/m²·year)"),
    "greening_yuan_per_m2_green_per_year": ("绿化养护（元/㎡绿地·年）", "greening (yuan/m² green·year)"),
    "security_materials_yuan_per_m2_per_year": ("秩序维护物料（元/㎡·年）", "security materials (yuan/m²·year)"),
    "office_yuan_per_year": ("办公费（元/年）", "office (yuan/year)"),
    "insurance_yuan_per_m2_per_year": ("公共责任保险（元/㎡·年）", "insurance (yuan/m²·year)"),
    "other_yuan_per_year": ("其他费用（元/年）", "other costs (yuan/year)"), "devices": ("设备设施（折旧）", "device"),
    "call_centre_seat_cost_yuan_per_year": ("呼叫中心坐席成本（元/席·年）", "call-centre seat (yuan/seat·year)"),
    "group_call_centre_share_yuan_per_year": ("集团呼叫中心分摊（元/年）", "group call-centre share (yuan/year)"),
    "overhead_rate": ("企业管理费率", "company overhead"), "contingency_rate": ("不可预见费率", "contingency"),
    "profit_rate": ("利润率", "profit rate"), "vat_rate": ("增值税率", "VAT rate"), "surcharge_rate": ("附加税费率", "surcharges"),
    "fee_model": ("收费方式", "fee model"), "commission_rate": ("酬金比例", "commission rate"),
    "fee_yuan_per_m2_month": ("物业费（元/㎡·月）", "property fee (yuan/m²·month)"), "collection_rate": ("收缴率", "collection rate"),
    "contract_years": ("合同年限", "contract years"), "wage_growth_per_year": ("工资年增长率", "wage growth per year"),
    "unit_cost_yuan": ("单价（元）", "unit cost (yuan)"), "units_per": ("每单位台数", "units per"),
    "life_years": ("折旧年限", "life (years)"), "residual_share": ("残值率", "residual share"),
    "operating_models": ("适用运营模式", "operating models"), "note": ("备注", "note"),
    # distributions
    "dist": ("分布类型", "distribution"), "mean": ("均值", "mean"), "sd": ("标准差", "standard deviation"),
    "value": ("取值", "value"), "low": ("下限", "low"), "high": ("上限", "high"), "values": ("样本值", "values"),
    # bid document, organisation, complete costs and income (issue 16)
    "proposal": ("方案文本", "proposal text"), "organisation": ("组织架构", "organisation"),
    "entrances": ("出入口数", "entrances"), "car_parks": ("停车场数", "car parks"), "city_tier": ("城市等级", "city tier"),
    "contracts": ("外包合同", "outsourced contracts"),
    "community_culture_yuan_per_household_per_year": ("社区文化活动费（元/户·年）", "community culture (yuan per household a year)"),
    "income": ("其他收入", "other income"), "bidder": ("投标单位", "bidder"), "project": ("项目名称", "project"),
    "site_names": ("物业名称", "site names"), "training": ("培训计划", "training plan"),
    "qualifications": ("任职资格", "qualifications"), "span_of_control": ("管理幅度（人）", "span of control (people)"),
    "kind": ("岗位类别", "kind"), "min_people_per_shift": ("每班最少人数", "least people a shift"),
    "covers": ("兼接时段", "covers in hours"), "PostCover.kinds": ("兼接业务", "contact kinds covered"),
    "PostCover.hours": ("兼接时段（起止）", "hours covered"),
    "category": ("费用科目", "cost item"), "yuan_per_unit": ("单价（元）", "yuan per unit"),
    "times_per_year": ("每年次数", "times a year"), "parking_spaces": ("车位数", "parking spaces"),
    "parking_fee_yuan_per_space_per_month": ("车位管理费（元/个·月）", "parking fee (yuan per space a month)"),
    "parking_collection_rate": ("车位管理费收缴率", "parking fee collection rate"),
    "paid_services_yuan_per_household_per_year": ("有偿服务净收入（元/户·年）", "paid services (yuan per household a year)"),
    "advertising_and_rental_yuan_per_year": ("广告及场地经营收入（元/年）", "advertising and rental (yuan a year)"),
    "developer_vacant_share": ("开发商未售面积比例", "developer's unsold share"),
    "developer_vacant_fee_share": ("开发商承担物业费比例", "developer's fee share on unsold area"),
    "topic": ("培训内容", "topic"), "roles": ("岗位", "roles"), "hours": ("学时", "hours"), "when": ("时间安排", "when"),
    # on-call cover, first response, visits, equipment (issues 13, 14)
    "on_call": ("居家备班", "on call"), "shift": ("班次", "shift"), "call_out_delay_min": ("到场延迟（分钟）", "call-out delay (min)"),
    "standby_allowance_yuan_per_shift": ("备班津贴（元/班）", "standby allowance (yuan a shift)"),
    "specialist": ("专业人员", "specialist"), "specialist_response": ("专业人员到场时限", "specialist response"),
    "equipment_availability": ("设备完好率", "equipment availability"),
    "not_home_share": ("家中无人比例", "share not at home"), "not_home_min": ("无人时耗时（分钟）", "time when nobody is home (min)"),
    "visit_attempts": ("最多上门次数", "visit attempts"), "clock": ("计时方式", "clock"), "source": ("来源", "source"),
    # group portfolio (issue 15)
    "portfolio": ("集团项目组合", "portfolio"), "site_models": ("各项目运营模式", "site operating models"),
    "allocation_basis": ("分摊依据", "allocation basis"), "centre_costs": ("呼叫中心费用", "centre costs"),
    "max_sites_per_centre": ("每个中心最多项目数", "most sites per centre"),
    "seat_cost_yuan_per_year": ("坐席费用（元/席·年）", "seat cost (yuan a seat a year)"),
    "platform_licence_yuan_per_year": ("平台许可费（元/年）", "platform licence (yuan a year)"),
    "platform_licence_yuan_per_site_per_year": ("平台许可费（元/项目·年）", "platform licence (yuan a site a year)"),
    "hotline_yuan_per_year": ("400热线费（元/年）", "hotline (yuan a year)"),
    "hotline_yuan_per_call_minute": ("400热线话费（元/分钟）", "hotline (yuan a call minute)"),
    "premises_m2_per_seat": ("每坐席场地面积（㎡）", "premises per seat (m²)"),
    "premises_rent_yuan_per_m2_month": ("场地租金（元/㎡·月）", "premises rent (yuan per m² a month)"),
    "build_cost_yuan": ("中心建设费（元）", "build cost (yuan)"), "build_life_years": ("建设费摊销年限", "build cost life (years)"),
    "build_cost_per_site_yuan": ("每项目接入费（元）", "build cost per site (yuan)"),
    "agents_per_supervisor": ("每名主管带坐席数", "agents per supervisor"),
    "supervisor_wage_yuan_per_month": ("主管工资（元/月）", "supervisor wage (yuan a month)"),
    "manager_yuan_per_year": ("中心经理费用（元/年）", "centre manager (yuan a year)"),
}


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
