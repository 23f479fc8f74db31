"""Chinese names of scenario parameters, for appendix C of the Chinese proposal: a parameter path
(``demand.calls.repair_report.handle_time_s``) becomes a name (需求·来电·报修·处理时长（秒）) by
naming each part; names a scenario chooses itself (sites, pools, teams, shifts, contact types,
devices, ...) are named by the proposal's texts or the usual names, and an unknown one by its
kind and number (班组2), so no raw key reaches the Chinese document. Values that are keys
(``traditional``, ``lognormal``, weekdays, skills) are named the same way; free text meant for
people in English (``description``, ``note``, ``source``) is left out of the Chinese appendix.
"""

from __future__ import annotations

import re

from sim.scenario.field_names import FIELD_NAMES

#: The names a scenario gives its items (sites' profiles, contact types, pools, teams, posts,
#: shifts, equipment, devices, contracts, roles, ...) as the default scenarios use them, in Chinese.
#: Fields are named by the one table of the schema's fields, sim.scenario.field_names.
ITEM_ZH: dict[str, str] = {
    "residential": "住宅", "gate_traffic": "出入口车流", "repair_report": "报修", "enquiry": "咨询", "booking": "有偿服务预约",
    "complaint": "投诉", "fee_question": "缴费咨询", "emergency": "紧急", "vehicle_gate": "车行道闸", "pedestrian_door": "人行门禁",
    "alarm_check": "报警核实", "app_ticket": "线上报事", "rainy_season": "雨季", "service_desk": "客服前台", "experts": "专家坐席组",
    "technicians": "维修班组", "guards": "秩序维护班组", "main_gate": "主出入口岗", "monitoring_room": "监控室", "early": "早班",
    "middle": "中班", "night": "夜班", "day": "白班", "evening": "晚班", "office": "白班", "urgent": "急修", "routine": "一般报修",
    "pump_check": "水泵巡检", "lighting_round": "照明巡检", "lift": "电梯", "pump": "水泵", "intercom": "对讲门禁", "camera": "摄像机",
    "fire_panel": "消防主机", "barrier_gate": "道闸", "main_route": "主巡逻路线", "alarm": "报警", "dispute": "纠纷",
    "lift_entrapment": "电梯困人", "barrier_gate_device": "道闸", "pedestrian_gate": "人行闸机", "video_intercom": "可视对讲",
    "ptz_camera": "监控球机", "patrol_cart": "电动巡逻车", "tablet": "移动终端", "iot_gateway": "物联网网关",
    "office_equipment": "办公设备", "engineering_tools": "工程维修工具", "patrol_system": "电子巡更系统",
    "fire_system_testing": "消防设施维保检测", "water_tank_cleaning": "水箱清洗消毒", "pest_control": "四害消杀",
    "septic_tank_clearing": "化粪池清掏", "site_manager": "管理处主任", "finance": "财务", "butler": "管家", "agent": "客服",
    "expert_agent": "专家坐席", "technician": "维修工", "guard": "秩序维护员", "post_guard": "固定岗秩序维护员", "cleaner": "保洁员",
    "greener": "绿化工", "remote_seats": "远程坐席组", "morning_peak": "早高峰班", "evening_peak": "晚高峰班",
    "shop_hours": "商铺营业时段", "shop_repair": "商铺报修", "shop_enquiry": "商铺咨询", "shop_ticket": "商铺线上报事",
    "move_in_peak": "入伙高峰", "move_in_tail": "入伙后期", "move_in_complaints": "入伙投诉", "move_in_desk": "入伙服务台",
    "butlers": "管家",  # the team (as a field, field.butlers is the butlers' work)
    "agents": "客服坐席组",  # the group centre's pool (as a field, a shift's agents is its 人数)
}

#: Each part of a parameter path, in Chinese: every field by sim.scenario.field_names (a field
#: only named as "Model.field" by its field part), and the items above.
PART_ZH: dict[str, str] = {**ITEM_ZH}
for _key, (_zh, _en) in FIELD_NAMES.items():
    if "." in _key:
        PART_ZH.setdefault(_key.rsplit(".", 1)[-1], _zh)
for _key, (_zh, _en) in FIELD_NAMES.items():  # a plain entry wins over a "Model.field" one and an item
    if "." not in _key:
        PART_ZH[_key] = _zh

#: Values that are keys, in Chinese.
VALUE_ZH: dict[str, str] = {
    "traditional": "传统模式", "centralised": "集中管控", "lump_sum": "包干制", "commission": "酬金制",
    "headcount": "按人数", "coverage": "按实际值班", "tier1": "一线城市", "tier2": "二线城市", "tier3": "三线城市",
    "rectilinear": "直角距离", "euclidean": "直线距离", "walk": "步行", "walking": "步行", "cart": "巡逻车",
    "flat": "均匀分布", "office": "服务中心", "zones": "各片区中心",  # a field team's idle stations
    "high_rise": "高层住宅", "multi_storey": "多层住宅", "villa": "别墅", "mixed_use": "综合体（住宅与商业）",
    "mon": "周一", "tue": "周二", "wed": "周三", "thu": "周四", "fri": "周五", "sat": "周六", "sun": "周日",
    "off": "休息", "true": "是", "false": "否",
}
#: Free text for people, in the scenario's own words (often English): not in the Chinese appendix.
FREE_TEXT = ("description", "description_zh", "note", "source", "name", "en", "fire_control_source")

#: The kind of item a collection holds, for naming an unknown item by number.
_ITEM_KIND = {"sites": "项目", "pools": "坐席组", "teams": "班组", "shifts": "班次", "posts": "岗位", "profiles": "时段分布",
              "calls": "来电类型", "tickets": "工单类型", "remote_ops": "远程操作类型", "devices": "资产", "contracts": "外包合同",
              "equipment": "设备", "patrols": "巡逻路线", "incidents": "事件类型", "planned": "计划作业",
              "dated_multipliers": "特定时期", "wages_yuan_per_month": "岗位", "types": "业务类型", "site_names": "项目"}

_ASCII = re.compile(r"[A-Za-z_]")


class Namer:
    """Names parameter paths in Chinese; unknown item names by kind and number, the same number
    for the same name throughout a document."""

    def __init__(self, site_names: dict[str, str] | None = None):
        self.site_names = dict(site_names or {})
        self.numbers: dict[tuple[str, str], int] = {}

    def part(self, part: str, parent: str | None) -> str:
        if parent in ("sites", "site_names") and part in self.site_names:
            return self.site_names[part]
        if parent in _ITEM_KIND and part in ITEM_ZH:  # an item of a collection: its name, not a field's
            return ITEM_ZH[part]
        if part in PART_ZH:
            return PART_ZH[part]
        if part.isdigit():
            return f"第{int(part) + 1}项"
        kind = _ITEM_KIND.get(parent or "", "项")
        key = (kind, part)
        if key not in self.numbers:
            self.numbers[key] = 1 + sum(1 for k in self.numbers if k[0] == kind)
        return f"{kind}{self.numbers[key]}"

    def path(self, path: str) -> str:
        """``a.b[2].c`` → 名·名·第3项·名."""
        parts = [p for p in re.split(r"[.\[\]]", path) if p]
        out, parent = [], None
        for p in parts:
            out.append(self.part(p, parent))
            parent = p
        return "·".join(out)

    def value(self, value) -> str:
        """A value as the Chinese appendix shows it: keys named, lists joined with 、."""
        if isinstance(value, bool):
            return VALUE_ZH["true" if value else "false"]
        if isinstance(value, list):
            return "、".join(self.value(v) for v in value) or "—"
        if isinstance(value, float):
            return f"{value:,.6g}" if abs(value) >= 1000 else f"{value:.6g}"
        if isinstance(value, int):
            return f"{value:,}" if abs(value) >= 10000 else str(value)
        text = str(value)
        if text in VALUE_ZH:
            return VALUE_ZH[text]
        if "." in text and all(p in PART_ZH or p in self.site_names for p in text.split(".")):
            return self.path(text)  # a reference such as calls.repair_report or remote_ops.vehicle_gate
        if text in PART_ZH:
            return PART_ZH[text]
        if _ASCII.search(text) and not re.fullmatch(r"[\d:\-]+", text):
            return self.part(text, None)
        return text


def is_free_text(path: str) -> bool:
    """A path whose value is free text for people (left out of the Chinese appendix)."""
    last = [p for p in re.split(r"[.\[\]]", path) if p][-1]
    return last in FREE_TEXT
