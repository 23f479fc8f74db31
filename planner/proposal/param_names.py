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

#: Each part of a parameter path, in Chinese.
PART_ZH: dict[str, str] = {
    # root and calendar
    "name": "名称", "description": "说明", "seed": "随机数种子", "replications": "仿真重复次数", "calendar": "日历",
    "start_date": "开始日期", "horizon_days": "仿真天数", "warmup_days": "预热天数", "holidays": "节假日",
    "workdays": "调休工作日", "operating_model": "运营模式", "sites": "项目", "proposal": "方案文本",
    # site
    "households": "户数", "buildings": "楼栋数", "vehicle_gates": "车行道闸数", "pedestrian_gates": "人行闸机数",
    "cameras": "摄像机数", "lifts": "电梯数", "pumps": "水泵数", "land_area_m2": "占地面积（㎡）",
    "floor_area_m2": "建筑面积（㎡）", "zones": "管家片区数", "vacant_share": "空置率", "grade": "服务等级",
    "green_area_m2": "绿化面积（㎡）", "entrances": "出入口数", "car_parks": "停车场数",
    # demand
    "demand": "业务需求", "profiles": "时段分布", "hour_of_day": "各小时系数", "day_of_week": "各日系数",
    "calls": "来电", "remote_ops": "远程操作", "tickets": "线上工单", "return_visits": "回访",
    "rate_per_household_per_month": "每户每月量", "rate_per_vehicle_gate_per_day": "每道闸每日量",
    "rate_per_pedestrian_gate_per_day": "每闸机每日量", "rate_per_camera_per_day": "每摄像机每日量",
    "rate_per_day": "每日量", "rate_per_minute": "每分钟量", "rate_per_unit_per_year": "每台每年量",
    "profile": "时段分布", "handle_time_s": "处理时长（秒）", "handle_time_min": "处理时长（分钟）",
    "patience_s": "等待耐心（秒）", "priority": "优先级", "escalate_share": "转专家比例",
    "expert_handle_time_s": "专家处理时长（秒）", "return_visit": "回访", "share": "比例", "delay_h": "间隔（小时）",
    "deadline_h": "时限（小时）", "deadline_working_days": "时限（工作日）", "dated_multipliers": "特定时期系数",
    "multiplier": "系数", "end_date": "结束日期", "applies_to": "适用业务", "verified_share": "核实比例",
    # centre
    "centre": "客服中心", "pools": "坐席组", "skills": "技能", "roster": "排班", "shifts": "班次", "start": "开始时间",
    "end": "结束时间", "length_h": "时长（小时）", "days": "工作日", "agents": "人数", "breaks": "休息",
    "after_h": "上岗后（小时）", "length_min": "时长（分钟）", "stagger_min": "错开（分钟）",
    "opening_hours": "服务时间", "rotation": "轮班", "crews": "班组数", "people_per_crew": "每班组人数",
    "cycle": "轮换周期", "offset_days": "错开天数", "callbacks": "回拨", "answer_share": "接听比例",
    "max_attempts": "最多次数", "retry_after_min": "重拨间隔（分钟）", "calling_hours": "外呼时间",
    "no_answer_s": "无人接听时长（秒）",
    # field
    "field": "现场作业", "travel": "行走", "walking_speed_m_per_s": "步行速度（米/秒）",
    "cart_speed_m_per_s": "巡逻车速度（米/秒）", "metric": "距离算法", "access_s": "进出时间（秒）",
    "circuity": "绕行系数", "teams": "班组", "role": "岗位", "work_orders": "工单",
    "dispatch_delay_min": "派单时间（分钟）", "from_calls": "来电派单", "from_remote_op": "远程操作派单",
    "trades": "工种比例", "trade": "工种", "work_time_min": "作业时长（分钟）", "patrol_fault_share": "巡查发现故障比例",
    "patrol_fault_work_min": "巡查故障作业时长（分钟）", "planned": "计划性维修", "every_days": "间隔（天）",
    "per": "按", "jobs": "作业数", "vacant_checks_per_week": "空置房每周巡查次数",
    "vacant_check_min": "空置房巡查时长（分钟）", "parts_wait": "待料", "second_visit_min": "二次上门时长（分钟）",
    "rework": "返修", "delay_days": "间隔（天）", "equipment": "设备", "failures_per_unit_per_year": "每台每年故障次数",
    "contractor_arrival_min": "外包单位到场时间（分钟）", "patrols": "巡逻路线", "schedule": "频次安排",
    "every_h": "间隔（小时）", "checkpoints": "巡更点数", "check_s": "每点时长（秒）", "travel_mode": "巡逻方式",
    "team": "班组", "incidents": "突发事件", "follow_up_min": "后续处理时长（分钟）", "butlers": "管家",
    "visits_per_household_per_month": "每户每月走访次数", "visit_min": "走访时长（分钟）",
    "visit_hours": "走访时间", "walk_ins_per_household_per_month": "每户每月到访次数", "walk_in_min": "接待时长（分钟）",
    "inspection_start": "巡查开始时间", "inspection_checkpoints": "巡查点数", "inspection_check_min": "每点巡查时长（分钟）",
    "complaint_follow_up": "投诉跟进", "follow_up_deadline_h": "跟进时限（小时）", "return_visits_by": "回访执行",
    "working_hours": "工作时间", "posts": "固定岗位", "handles": "处理业务", "covers": "兼接时段", "kinds": "业务类别",
    # targets
    "targets": "服务目标", "answer_within_s": "接通时限（秒）", "service_level": "服务水平", "max_abandon_rate": "放弃率上限",
    "hourly_floor": "各小时服务水平下限", "max_asa_s": "平均应答时间上限（秒）", "response": "响应", "within_min": "时限（分钟）",
    "within_h": "时限（小时）", "on_time": "按时完成率", "staff": "人员", "max_occupancy": "占用率上限",
    "incident_response": "突发事件响应", "patrol_rounds": "巡逻完成率", "facility_availability": "设施完好率",
    "visit_coverage": "走访覆盖率", "inspection_completion": "责任区巡查完成率", "max_utilisation": "利用率上限", "request_completion": "报修完成",
    "follow_up_on_time": "投诉跟进按时率", "found_completion": "巡查发现问题完成", "planned_completion": "计划性维护完成", "types": "按业务类型",
    "expert": "专家坐席",
    # costs
    "costs": "费用", "wages_yuan_per_month": "月工资（元）", "social_insurance_rate": "社会保险费率",
    "housing_fund_rate": "住房公积金费率", "city_tier": "城市等级", "contribution_floor_yuan_per_month": "缴费基数下限（元/月）",
    "welfare_union_training_rate": "福利费、工会经费、职工教育经费费率", "uniform_yuan_per_person_per_year": "服装费（元/人·年）",
    "holiday_overtime_days": "法定节假日天数", "holiday_overtime_multiplier": "节假日加班倍数",
    "holiday_overtime_basis": "节假日加班计算口径", "paid_days_per_month": "月计薪天数",
    "working_days_per_year": "年工作天数", "hours_per_day": "每日工作小时",
    "utilities_yuan_per_m2_per_year": "公共水电费（元/㎡·年）", "facility_maintenance_yuan_per_m2_per_year": "设施设备维护费（元/㎡·年）",
    "lift_maintenance_yuan_per_lift_per_year": "电梯维保费（元/部·年）",
    "cleaning_materials_yuan_per_m2_per_year": "清洁用品及垃圾清运费（元/㎡·年）",
    "greening_yuan_per_m2_green_per_year": "绿化养护费（元/㎡绿化面积·年）",
    "security_materials_yuan_per_m2_per_year": "秩序维护物料费（元/㎡·年）", "office_yuan_per_year": "办公费（元/年）",
    "insurance_yuan_per_m2_per_year": "公共部位及公众责任保险费（元/㎡·年）", "contracts": "外包合同",
    "community_culture_yuan_per_household_per_year": "社区文化活动费（元/户·年）",
    "other_yuan_per_year": "经业主同意的其他费用（元/年）", "income": "其他收入", "parking_spaces": "车位数",
    "parking_fee_yuan_per_space_per_month": "车位管理费（元/个·月）", "parking_collection_rate": "车位管理费收缴率",
    "paid_services_yuan_per_household_per_year": "有偿服务净收入（元/户·年）",
    "advertising_and_rental_yuan_per_year": "广告及场地经营收入企业分成（元/年）",
    "developer_vacant_share": "开发商未售面积比例", "developer_vacant_fee_share": "开发商承担物业费比例",
    "devices": "固定资产", "unit_cost_yuan": "单价（元）", "count": "数量", "units_per": "每单位数量",
    "life_years": "折旧年限", "residual_share": "净残值率", "operating_models": "适用运营模式",
    "category": "费用科目", "yuan_per_unit": "单价（元）", "times_per_year": "每年次数",
    "call_centre_seat_cost_yuan_per_year": "呼叫中心坐席费用（元/席·年）",
    "group_call_centre_share_yuan_per_year": "集团呼叫中心分摊（元/年）", "overhead_rate": "企业管理费率",
    "contingency_rate": "不可预见费率", "profit_rate": "利润率", "vat_rate": "增值税率", "surcharge_rate": "附加税费率",
    "fee_model": "收费方式", "commission_rate": "酬金比例", "fee_yuan_per_m2_month": "物业服务费标准（元/㎡·月）",
    "collection_rate": "收缴率", "contract_years": "合同年限", "wage_growth_per_year": "工资年增长率",
    # named items the default scenarios use
    "residential": "住宅", "gate_traffic": "出入口车流", "repair_report": "报修", "enquiry": "咨询",
    "booking": "有偿服务预约", "complaint": "投诉", "fee_question": "缴费咨询", "emergency": "紧急",
    "vehicle_gate": "车行道闸", "pedestrian_door": "人行门禁", "alarm_check": "报警核实", "app_ticket": "线上报事",
    "rainy_season": "雨季", "service_desk": "客服前台", "experts": "专家坐席组", "technicians": "维修班组",
    "guards": "秩序维护班组", "main_gate": "主出入口岗", "monitoring_room": "监控室", "early": "早班",
    "middle": "中班", "night": "夜班", "day": "白班", "evening": "晚班", "office": "白班",
    "urgent": "急修", "routine": "一般报修", "pump_check": "水泵巡检", "lighting_round": "照明巡检",
    "lift": "电梯", "pump": "水泵", "intercom": "对讲门禁", "camera": "摄像机", "fire_panel": "消防主机",
    "barrier_gate": "道闸", "main_route": "主巡逻路线", "alarm": "报警", "dispute": "纠纷", "lift_entrapment": "电梯困人",
    "barrier_gate_device": "道闸", "pedestrian_gate": "人行闸机", "video_intercom": "可视对讲", "ptz_camera": "监控球机",
    "patrol_cart": "电动巡逻车", "tablet": "移动终端", "iot_gateway": "物联网网关", "office_equipment": "办公设备",
    "engineering_tools": "工程维修工具", "patrol_system": "电子巡更系统", "fire_system_testing": "消防设施维保检测",
    "water_tank_cleaning": "水箱清洗消毒", "pest_control": "四害消杀", "septic_tank_clearing": "化粪池清掏",
    "electrical": "电工", "plumbing": "水工", "general": "综合维修",
    "site_manager": "管理处主任", "finance": "财务", "butler": "管家", "agent": "客服", "expert_agent": "专家坐席",
    "technician": "维修工", "guard": "秩序维护员", "post_guard": "固定岗秩序维护员", "cleaner": "保洁员", "greener": "绿化工",
    "bidder": "投标单位", "project": "项目名称", "site_names": "物业名称", "training": "培训计划",
    "qualifications": "任职资格", "topic": "培训内容", "roles": "岗位", "hours": "学时", "when": "时间安排",
    "zh": "中文", "en": "英文", "demand_multiplier": "需求系数", "remote_seats": "远程坐席组",
    "morning_peak": "早高峰班", "evening_peak": "晚高峰班", "shop_hours": "商铺营业时段", "shop_repair": "商铺报修",
    "shop_enquiry": "商铺咨询", "shop_ticket": "商铺线上报事", "move_in_peak": "入伙高峰", "move_in_tail": "入伙后期",
    "move_in_complaints": "入伙投诉", "move_in_desk": "入伙服务台",
}

# The parts the organisation, on-call cover, first response, visits and portfolio sections added
# (the app's ui/names.FIELD_NAMES names the same fields: one table for both is still to do).
PART_ZH.update({
    "sinusoid": "周期波动", "amplitude": "波幅", "period_h": "周期（小时）", "phase_h": "相位（小时）",
    "rate_per_household_per_day": "发生率（次/户·天）", "rate_per_building_per_day": "发生率（次/栋·天）", "rate_per_hour":
    "发生率（次/小时）", "dist": "分布类型", "mean": "均值", "sd": "标准差", "value": "取值", "low": "下限", "high": "上限", "values":
    "样本值", "organisation": "组织架构", "span_of_control": "管理幅度（人）", "kind": "岗位类别", "min_people_per_shift": "每班最少人数",
    "on_call": "居家备班", "shift": "班次", "call_out_delay_min": "到场延迟（分钟）", "standby_allowance_yuan_per_shift":
    "备班津贴（元/班）", "specialist": "专业人员", "specialist_response": "专业人员到场时限", "equipment_availability": "设备完好率",
    "not_home_share": "家中无人比例", "not_home_min": "无人时耗时（分钟）", "visit_attempts": "最多上门次数", "clock": "计时方式",
    "portfolio": "集团项目组合", "site_models": "各项目运营模式", "allocation_basis": "分摊依据", "centre_costs": "呼叫中心费用",
    "max_sites_per_centre": "每个中心最多项目数", "seat_cost_yuan_per_year": "坐席费用（元/席·年）",
    "platform_licence_yuan_per_year": "平台许可费（元/年）", "platform_licence_yuan_per_site_per_year": "平台许可费（元/项目·年）",
    "hotline_yuan_per_year": "400热线费（元/年）", "hotline_yuan_per_call_minute": "400热线话费（元/分钟）",
    "premises_m2_per_seat": "每坐席场地面积（㎡）", "premises_rent_yuan_per_m2_month": "场地租金（元/㎡·月）", "build_cost_yuan":
    "中心建设费（元）", "build_life_years": "建设费摊销年限", "build_cost_per_site_yuan": "每项目接入费（元）", "agents_per_supervisor":
    "每名主管带坐席数", "supervisor_wage_yuan_per_month": "主管工资（元/月）", "manager_yuan_per_year": "中心经理费用（元/年）"
})

#: Values that are keys, in Chinese.
VALUE_ZH: dict[str, str] = {
    "traditional": "传统模式", "centralised": "集中管控", "lump_sum": "包干制", "commission": "酬金制",
    "headcount": "按人数", "coverage": "按实际值班", "tier1": "一线城市", "tier2": "二线城市", "tier3": "三线城市",
    "rectilinear": "直角距离", "euclidean": "直线距离", "walk": "步行", "walking": "步行", "cart": "巡逻车",
    "flat": "均匀分布",
    "mon": "周一", "tue": "周二", "wed": "周三", "thu": "周四", "fri": "周五", "sat": "周六", "sun": "周日",
    "off": "休息", "true": "是", "false": "否",
}
#: Free text for people, in the scenario's own words (often English): not in the Chinese appendix.
FREE_TEXT = ("description", "description_zh", "note", "source", "name", "en")

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
