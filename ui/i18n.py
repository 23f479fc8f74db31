"""The app's words in Chinese and English: one table for every visible label, heading and
message (``TEXT``), names of KPIs, fields, roles and streams, number formats, and the Chinese
wording of the loader's messages. ``t(key, lang, **values)`` looks a text up and fills it in."""

from __future__ import annotations

import math
import re
from typing import Any, Iterable, Mapping

from planner.costs.budget import CATEGORIES, ROLE_NAMES
from planner.glossary import TERMS
from planner.rostering.shift_names import shift_names
# The domain's names (contact types, streams) are the proposal's, so the app and the document
# a planner hands in use the same words.
from planner.proposal.text import STREAM_NAMES, TYPE_NAMES, equipment_name
from sim.scenario import problems
from sim.scenario.errors import MISSING, Issue
from sim.scenario.problems import RosterGap
from sim.scenario.costs import ROLES
from sim.records.staffing import WEEKDAYS as WEEKDAY_KEYS
from sim.units import RATE_FIELDS
from ui import names
from planner.proposal.plan_schema import plan_kpis, step_change
from planner.search.changes import Change, ShiftRef
from planner.search.events import ACTIONS, Namer, SearchEvent, render
from sim.results.centre_kpis import KpiKey

LANG_NAMES = {"zh": "中文", "en": "English"}

# --------------------------------------------------------------------------- texts

TEXT: dict[str, tuple[str, str]] = {
    # app and navigation
    "app.title": ("物业管家人员配置测算", "Butler staffing planner"),
    "app.tagline": ("仿真 · 优化 · 方案导出", "Simulate · optimise · export"),
    "lang.label": ("语言 · Language", "语言 · Language"),
    "nav.scenario": ("场景", "Scenario"),
    "nav.simulate": ("仿真", "Simulate"),
    "nav.optimise": ("优化配置", "Optimise"),
    "nav.compare": ("方案对比", "Compare"),
    "nav.export": ("导出方案", "Export"),
    "mode.label": ("运行模式", "Run mode"),
    "mode.quick": ("快速预览（{days:g} 天 × {reps} 次重复，验证规划时最多 {most} 次）",
                   "Quick preview ({days:g} days × {reps} replications, up to {most} verifying a plan)"),
    "mode.full": ("完整验证（场景自身设置）", "Full verification (scenario's own settings)"),
    "mode.help": ("快速模式几秒内给出结果，适合边改边看；完整模式使用场景的仿真天数和重复次数，用于最终验证。",
                  "Quick mode answers in seconds while you edit; full mode uses the scenario's own horizon and "
                  "replications for the final verification."),
    "mode.short.quick": ("快速预览", "quick preview"),
    "mode.short.full": ("完整", "full"),
    "status.heading": ("当前场景", "Current scenario"),
    "status.valid": ("场景有效", "Scenario valid"),
    "status.invalid": ("场景有 {n} 个问题", "{n} problem(s) in the scenario"),
    "status.source.template": ("模板：{name}", "Template: {name}"),
    "status.source.template_edited": ("基于模板：{name}（已修改，现为 {households} 户）",
                                      "Based on template: {name} (edited; now {households} households)"),
    "status.source.upload": ("上传文件：{name}", "Uploaded file: {name}"),
    "status.source.portfolio_site": ("集团组合中的项目：{name}", "A site of the group portfolio: {name}"),
    "status.download": ("下载场景 YAML", "Download scenario YAML"),
    "issues.title": ("场景有 {n} 个问题，修正后才能运行：", "The scenario has {n} problem(s); fix them to run it:"),
    "issues.more": ("还有 {n} 个问题", "{n} more"),
    "issues.field": ("字段", "field"),
    "issues.value": ("当前值", "Value given"),
    # scenario page
    "scenario.title": ("场景：站点情况与服务承诺", "Scenario: the site and what is promised"),
    "scenario.caption": ("选择模板或上传场景文件，然后修改站点情况、需求、服务承诺、人员和成本；每项修改都按场景文件的同一规则校验。",
                         "Choose a template or upload a scenario file, then edit the site's facts, demand, commitments, "
                         "staffing and costs; every edit is checked by the same rules as a scenario file."),
    "scenario.template": ("场景模板", "Scenario template"),
    "scenario.reset": ("恢复为模板原值", "Reset to the template"),
    "scenario.switch_confirm": ("当前场景有未保存的修改。切换到模板“{name}”会丢弃这些修改；如需保留，请先在左侧栏下载场景文件。",
                                "The scenario has unsaved edits. Switching to the template \"{name}\" discards them; "
                                "to keep them, download the scenario file from the sidebar first."),
    "scenario.switch_yes": ("丢弃修改并切换", "Discard the edits and switch"),
    "scenario.switch_no": ("保留当前场景", "Keep the current scenario"),
    "scenario.upload": ("或上传场景文件（YAML）", "Or upload a scenario file (YAML)"),
    "scenario.upload_help": ("文件首行写 extends: default.yaml 即可在内置模板上修改（可继承的模板见模板列表中的文件名）。", "A file may say extends: default.yaml to build on a bundled template."),
    "scenario.from_upload": ("正在编辑上传的文件：{name}", "Editing the uploaded file: {name}"),
    "scenario.from_site": ("正在编辑集团组合中的单个项目：{name}（{model}）。", "Editing one site of the group portfolio: {name} ({model})."),
    "scenario.from_site.share": ("集团呼叫中心由集团运营，本项目不配坐席，承担分摊费用 {share}/年。",
                                 "The group runs the call centre: the site staffs no desk and carries a share of {share} a year."),
    "scenario.name": ("场景名称", "Scenario name"),
    "scenario.section": ("编辑内容", "Section"),
    "upload.invalid": ("文件 {name} 无法使用，已保留原场景：", "The file {name} cannot be used; the previous scenario is kept:"),
    "upload.ok": ("已载入 {name}", "Loaded {name}"),
    "section.site": (":material/apartment: 站点", ":material/apartment: Site"),
    "section.demand": (":material/call: 需求", ":material/call: Demand"),
    "section.commitments": (":material/verified: 服务承诺", ":material/verified: Commitments"),
    "section.staffing": (":material/groups: 人员与运营模式", ":material/groups: Staffing & model"),
    "section.costs": (":material/payments: 工资与费率", ":material/payments: Wages & rates"),
    "section.settings": (":material/settings: 仿真设置", ":material/settings: Run settings"),
    "site.none": ("场景中没有站点。", "The scenario has no site."),
    "site.choose": ("站点（共 {n} 个）", "Site ({n} in all)"),
    "site.heading": ("站点情况：{site}", "Site facts: {site}"),
    "site.note": ("户数、楼栋、闸口、摄像头、电梯等决定需求量；建筑面积决定定员标准和物业费；占地面积决定步行距离。",
                  "Households, buildings, gates, cameras and lifts set the demand; floor area sets the norms and the fee; "
                  "land area sets walking distances."),
    "site.building_help": ("建筑类型决定项目是否设消防控制室（高层、综合体设；多层、别墅一般不设）；集中管控下消防控制室仍须每班两名持证人员值班（GB 25506-2010）。",
                           "The building type sets whether the site has a fire control room (high-rise and mixed-use do; multi-storey and villas usually not); it stays staffed by two certified people a shift under centralised control too (GB 25506-2010)."),
    "site.fire_source_help": ("少设消防控制室须有当地规定依据（文件名称与条款）；写明后不再提示。",
                              "A site with fewer fire control rooms than its type needs a local rule (document and "
                              "clause); once given, the warning goes."),
    "building.high_rise": ("高层住宅", "High-rise"),
    "building.multi_storey": ("多层住宅", "Multi-storey"),
    "building.villa": ("别墅", "Villas"),
    "building.mixed_use": ("综合体（住宅与商业）", "Mixed-use"),
    "site.grade_help": ("服务等级决定经验定员标准（一级最高）。", "The service grade sets the rule-of-thumb norms (grade 1 is the highest)."),
    "grade.option": ("{g} 级", "Grade {g}"),
    "demand.heading": ("需求：来电、远程操作与线上工单", "Demand: calls, remote operations and app tickets"),
    "demand.caption": ("每行一类需求：发生率及其计量单位、时段曲线、平均处理时长；改平均值时分布形状按比例保持。",
                       "One row per stream: rate and what it is per, profile, mean handle time; changing a mean "
                       "rescales its distribution."),
    "demand.col.stream": ("需求类型", "Stream"),
    "demand.col.rate": ("发生率", "Rate"),
    "demand.col.rate_field": ("计量单位", "Per"),
    "demand.col.profile": ("时段曲线", "Profile"),
    "demand.col.handle": ("平均处理时长（秒）", "Mean handle time (s)"),
    "demand.col.patience": ("平均等待耐心（秒）", "Mean patience (s)"),
    "demand.col.escalate": ("转专家比例", "Share to experts"),
    "demand.col.priority": ("优先级（0 最高）", "Priority (0 first)"),
    "profiles.heading": ("需求时段曲线", "Demand profiles"),
    "profiles.caption": ("各小时、各星期的相对权重（自动归一化为均值 1，只改变分布不改变总量）。",
                         "Relative weights by hour and weekday (normalised to mean 1: they move demand around without "
                         "changing its volume)."),
    "profiles.col.hour": ("时段", "Hour"),
    "profiles.col.day": TERMS["day"],
    "commit.heading": TERMS["service_commitments"],
    "commit.caption": ("方案必须以 95% 置信度满足的承诺；取消勾选即不考核该项。",
                       "What the plan must meet with 95% confidence; untick a commitment to drop it."),
    "commit.by_grade": ("按服务等级套用或自定义", "Apply a service grade or customise"),
    "commit.custom": ("自定义", "Custom"),
    "commit.grade_note": ("等级预设为估计值：一级即默认场景的承诺（三声内接听、15 分钟到场、紧急 30 分钟等），巡逻频次一级夜间每小时、二级每 2 小时、三级每 3 小时。",
                          "Grade presets are estimates: grade 1 is the default site's commitments (three rings, on site "
                          "within 15 min, emergencies within 30 min...); patrols hourly at night at grade 1, every 2 h at "
                          "grade 2, every 3 h at grade 3."),
    "commit.col.on": ("考核", "On"),
    "commit.col.commitment": TERMS["commitment"],
    "commit.col.within": ("时限", "Within"),
    "commit.col.unit": TERMS["unit"],
    "commit.col.target": ("目标 (%)", "Target (%)"),
    "commit.patrols": ("巡逻频次", "Patrol frequency"),
    "commit.patrol_window": ("{start}–{end} 每 {every} 小时一轮", "{start}–{end} every {every} h"),
    "staffing.heading": ("人员排班与运营模式", "Staffing and operating model"),
    "staffing.model": TERMS["operating_model"],
    "staffing.model_help": ("传统模式：门岗和监控室固定岗处理本站的远程操作；集中管控：呼叫中心的远程坐席处理。",
                            "Traditional: fixed gate and monitoring-room posts handle the site's remote operations; "
                            "centralised: the contact centre's remote-operation seats do."),
    "staffing.daily": TERMS["daily"],
    "staffing.col.kind": ("类型", "Kind"),
    "staffing.col.group": TERMS["group"],
    "staffing.col.shift": TERMS["shift"],
    "staffing.col.start": TERMS["start"],
    "staffing.col.length": TERMS["length_h"],
    "staffing.col.days": TERMS["days"],
    "staffing.col.people": TERMS["people"],
    "staffing.breaks": ("休息安排", "Breaks"),
    "staffing.breaks_caption": ("每班次的休息：上班多久后开始、休息多长，以及后一人比前一人错开多久；人多到错开的休息排不进班次时，"
                                "分批轮休（排不下的人从第一批起再轮一遍），休息须在下班前结束。",
                                "Each shift's breaks: how long into the shift, how long, and how much later each next "
                                "person takes it; when more people are on than staggered breaks fit before the shift "
                                "ends, they take them in waves (the next person starts again with the first); a break "
                                "must end before the shift does."),
    "staffing.col.break": ("第几次休息", "Break"),
    "staffing.col.after_h": ("上班后（小时）", "After (h)"),
    "staffing.col.length_min": ("时长（分钟）", "Length (min)"),
    "staffing.col.stagger_min": ("每人错开（分钟）", "Stagger (min)"),
    "staffing.col.last_end": ("最后一人休息结束（上班后小时）", "Last person back (h into the shift)"),
    "staffing.rotation": ("{crews} 个班组轮班", "{crews} crews rotating"),
    "staffing.posts_idle": ("集中管控模式下出入口、停车场等固定岗不排班（仅传统模式使用）；消防控制室仍按每班两名持证人员值班（GB 25506-2010）。",
                            "In the centralised model the gate and car-park posts are not staffed (traditional only); the fire control room keeps two certified people a shift (GB 25506-2010)."),
    "staffing.fte_total": ("按当前排班折算的全职人数", "Full-time people for these rosters"),
    "staffing.fte_help": ("含轮休、年假和节假日替班，每个岗位向上取整为整人；管理处主任、财务、保洁、绿化按定员标准。",
                          "Relief for days off, leave and holidays included, each role rounded up to whole people; site "
                          "manager, finance, cleaning and greening from the norms."),
    "model.traditional": TERMS["traditional"],
    "model.centralised": TERMS["centralised"],
    "model.traditional.note": ("传统模式：门岗、监控室 24 小时固定岗，各站自接电话。",
                               "Traditional: round-the-clock gate and monitoring-room posts; every site answers its own phone."),
    "model.centralised.note": ("集中管控：呼叫中心接听来电并远程开闸、开门、核实报警，不设出入口固定岗；消防控制室仍 24 小时值班。",
                               "Centralised: the call centre answers calls and opens gates and doors and checks alarms "
                               "remotely; no gate posts; the fire control room stays on duty around the clock."),
    "group.pool": ("坐席组", "pool"),
    "group.team": ("现场班组", "team"),
    "group.post": ("固定岗", "Fixed post"),
    "costs.heading": ("工资与费率", "Wages and cost rates"),
    "costs.caption": ("用于预算和物业费测算（元）；默认值为二线城市估计值，请替换为项目实际数据。",
                      "For the budget and the fee estimate (yuan); defaults are tier-2-city estimates: replace them with the site's own."),
    "costs.wages": ("月工资（元/月）", "Monthly wages (yuan/month)"),
    "costs.col.role": ("岗位", "Role"),
    "costs.col.wage": ("月工资（元）", "Wage (yuan)"),
    "costs.fee_model": TERMS["fee_model"],
    "fee_model.lump_sum": TERMS["lump_sum"],
    "fee_model.commission": TERMS["commission"],
    "settings.heading": ("仿真设置", "Run settings"),
    "settings.caption": ("完整验证模式使用这些设置；快速模式为 {days:g} 天 × {reps} 次重复（验证规划时最多 {most} 次）。",
                         "Full verification uses these; quick mode uses {days:g} days × {reps} replications (up to "
                         "{most} verifying a plan)."),
    "settings.start_help": ("YYYY-MM-DD，决定星期和季节性系数。", "YYYY-MM-DD; sets weekdays and dated multipliers."),
    "settings.description": ("场景说明", "Description"),
    "settings.description_edited": ("本场景基于模板“{name}”并已修改（现为 {households} 户）；上面的说明若仍是模板原文，其中的数字可能已不符，请据实修改。"
                                    "方案文件中的项目概况按场景的实际数字写出。",
                                    "This scenario is based on the template “{name}” and edited (now {households} "
                                    "households); if the description above is still the template's, its numbers may "
                                    "no longer hold. The proposal's overview is written from the scenario's own numbers."),
    "settings.modes": ("快速模式：{days:g} 天 × {reps} 次重复，约 1 秒；优化时候选方案按 {search:g} 天 × {search_reps} 次评估、"
                       "{verify_days:g} 天 × {verify} 次验证（结论待定时最多增至 {most} 次），用上全部处理器核；用时随机器负载和站点大小而变，运行时按本机实测速度估计并显示。"
                       "完整模式：场景自身的天数与重复次数；优化按 {full_search:g} 天 × {full_reps} 次评估并用场景设置验证。",
                       "Quick mode: {days:g} days × {reps} replications, about a second; optimising judges candidates on "
                       "{search:g} days × {search_reps} and verifies on {verify_days:g} days × {verify} (up to {most} while a "
                       "commitment is inconclusive), on every core; the time depends on the machine's load and the site's size and is estimated from this machine's pace while it runs. Full mode: the scenario's own horizon and replications; "
                       "optimising judges on {full_search:g} days × {full_reps} and verifies with the scenario's settings."),
    "chart.needs_valid": ("场景有效后显示图表。", "Charts appear once the scenario is valid."),
    "chart.no_data": ("此场景没有可显示的数据。", "Nothing to show for this scenario."),
    # simulate page
    "sim.title": ("仿真：能否兑现服务承诺", "Simulate: does the staffing keep the promises?"),
    "sim.fix_first": ("请先修正场景中的问题（见页面顶部）。", "Fix the scenario's problems first (listed at the top)."),
    "sim.settings.quick": ("快速模式：{days:g} 天 × {reps} 次重复，随机种子 {seed}。",
                           "Quick mode: {days:g} days × {reps} replications, seed {seed}."),
    "sim.settings.full": ("完整验证：{days:g} 天 × {reps} 次重复，随机种子 {seed}。",
                          "Full verification: {days:g} days × {reps} replications, seed {seed}."),
    "sim.run": ("运行仿真", "Run simulation"),
    "sim.auto": ("修改后自动运行（快速模式）", "Run after each change (quick mode)"),
    "sim.auto_help": ("快速模式下打开本页时若场景有改动即自动运行；结果会缓存，未改动的场景立即显示。",
                      "In quick mode a changed scenario runs when this page opens; results are cached, so an unchanged "
                      "scenario shows at once."),
    "sim.progress": ("正在仿真：已完成 {done}/{total} 次重复", "Simulating: {done} of {total} replications done"),
    "sim.stale": ("结果对应修改前的场景；请重新运行。", "These results are for an earlier version of the scenario; run again."),
    "sim.none_yet": ("点击“运行仿真”查看结果。", "Click “Run simulation” to see results."),
    "sim.kpis": ("关键指标与目标", "KPIs against their targets"),
    "sim.run_info": ("{name}（{model}）：{days:g} 天 × {reps} 次重复，种子 {seed}，用时 {secs:.1f} 秒。",
                     "{name} ({model}): {days:g} days × {reps} replications, seed {seed}, {secs:.1f} s."),
    "sim.all_kpis": ("全部指标", "All KPIs"),
    "sim.tab.hourly": ("分时服务水平", "Service by hour"),
    "sim.tab.capacity": ("分时在岗人数", "Staffed capacity by hour"),
    "sim.tab.patrols": ("巡逻与管家", "Patrols and butlers"),
    "sim.tab.utilisation": ("人员利用率", "Staff utilisation"),
    "sim.tab.distributions": ("响应时间分布", "Response-time distributions"),
    "sim.hourly_caption": ("按来电/操作发生的小时统计；虚线为目标。", "By hour of arrival; dashed lines are the targets."),
    "sim.capacity_caption": ("实线：在岗（不含休息）人数；虚线：忙碌人数。两线越近，排队越多。",
                             "Solid: people present (not on a break); dashed: people busy. The closer the lines, the longer the queues."),
    "sim.time_budget_caption": ("每 8 小时在岗时间的构成（含往返路程）。", "How each eight hours on duty is spent (travel included)."),
    "sim.no_patrols": ("此场景没有巡逻。", "This scenario has no patrols."),
    "sim.butlers": ("管家工作", "Butlers' work"),
    "sim.dist_stream": ("需求类型", "Stream"),
    "sim.dist_caption": ("柱：各时间段所占比例；折线：累计比例。", "Bars: share in each time bin; line: cumulative share."),
    "run.stop": ("停止", "Stop"),
    "run.over_memory": ("这次运行估计需要约 {need:,.0f} MB 内存，超过应用上限 {ceiling:,.0f} MB，因此没有开始。请减少户数或需求量"
                        "（目前最忙的一天约 {per_day:,.0f} 个事件），或缩短仿真天数（本次 {days:g} 天）；更大的场景请用命令行运行。",
                        "This run would need about {need:,.0f} MB of memory, above the app's ceiling of {ceiling:,.0f} MB, so it "
                        "was not started. Reduce the households or the demand (about {per_day:,.0f} events on the busiest day) "
                        "or the simulated days ({days:g} in this run); run bigger scenarios from the command line."),
    "run.failed": ("无法完成：{error}", "This could not be done: {error}"),
    "run.stopped": ("已停止。已完成的重复已缓存，再次运行时从中断处继续。",
                    "Stopped. Finished replications are cached; running again resumes from there."),
    # KPI tables
    "kpi.col.kpi": ("指标", "KPI"),
    "kpi.col.mean": ("均值", "Mean"),
    "kpi.col.ci": ("95% 置信区间", "95% interval"),
    "kpi.col.ci_level": ("置信区间（{level}）", "Interval ({level})"),
    "kpi.col.target": TERMS["target"],
    "kpi.col.status": TERMS["verdict"],
    "kpi.contractor_commitment": ("{target}（外包单位承诺，不计入配置目标）", "{target} (contractor's commitment, not a staffing target)"),
    "kpi.col.norms_status": ("经验配置结论", "Rule of thumb's verdict"),
    "kpi.summary": ("{total} 项承诺中达标 {met} 项，未达标 {missed} 项，尚未证实 {not_shown} 项，未测得 {not_measured} 项。",
                    "{met} of {total} commitments met, {missed} missed, {not_shown} not yet shown, "
                    "{not_measured} not measured."),
    "kpi.legend": ("达标：95% 置信区间整体满足目标；未达标：区间整体不满足；尚未证实：区间跨越目标，需要更多重复（完整模式）；"
                   "未测得：运行中没有这类事件，或只有一次重复有，无法给出置信区间，不算达标。",
                   "Met: the whole 95% interval is on the right side of the target; missed: all of it on the wrong side; "
                   "not yet shown: it straddles the target (more replications needed: full mode); not measured: no such "
                   "event in the run, or in one replication only, so no interval: never counted as met."),
    "status.met": TERMS["met"],
    "status.missed": TERMS["missed"],
    "status.inconclusive": TERMS["not_yet_shown"],
    "status.no data": TERMS["not_measured"],
    # optimise page
    "opt.title.all_met": ("优化：满足全部承诺的最低成本配置", "Optimise: the cheapest staffing that keeps every promise"),
    "opt.title.not_all_met": ("优化：找到的最低成本配置（{n} 项承诺尚未证实达标）",
                              "Optimise: the cheapest staffing found ({n} commitment(s) not shown met)"),
    "opt.caption": ("从排队论的解析排班出发，用仿真检验增减人数、调班、调整上下班时间和班长、由客服兼接专家来电等方案，"
                    "直到没有更便宜且达标的相邻方案，最后用新的随机数验证；旁边是按经验定员标准的配置。",
                    "Starts from rosters sized by queueing theory and tries, by simulation, adding and removing people, "
                    "moving them between shifts, changing shift starts and lengths, and the desk taking expert calls, "
                    "until no cheaper neighbouring design keeps every promise; then verifies on fresh random numbers. "
                    "The rule-of-thumb plan is shown beside it."),
    "opt.settings.quick": ("快速模式：候选方案 {search:g} 天 × {reps} 次评估，各设计选项在当前最优方案上各搜索一次，评估满 {budget} 个候选配置后不再开始新的选项搜索；{days:g} 天 × {verify} 次验证（结论待定时最多增至 {most} 次）；用时按本机运行时的实测速度估计。这是预览：低频承诺可能结论不确定，定稿前请完整验证。",
                           "Quick mode: candidates judged on {search:g} days × {reps} replications, each design option searched once on "
                           "top of the best design so far and none started after {budget} candidates; verified on {days:g} "
                           "days × {verify} (up to {most} while a commitment is inconclusive); the time is estimated from this machine's pace while it runs. A preview: low-volume "
                           "commitments may stay inconclusive; verify fully before you rely on it."),
    "opt.settings.full": ("完整模式：候选方案 {search:g} 天 × {reps} 次评估，{days:g} 天 × {verify} 次验证（低频承诺结论待定时最多增至 {most} 次）；用时按本机运行时的实测速度估计。",
                          "Full mode: candidates judged on {search:g} days × {reps} replications, verified on {days:g} "
                          "days × {verify} (up to {most} while a low-volume commitment is inconclusive); the time is estimated from this machine's pace while it runs."),
    "opt.run": ("求最低成本配置", "Find the cheapest staffing"),
    "opt.progress.start": ("正在准备解析排班…", "Preparing rosters from queueing theory…"),
    "opt.candidates": ("已模拟 {n} 个候选配置", "{n} candidate staffings simulated"),
    "opt.candidates_left": ("已模拟 {n} 个候选配置；按目前速度预计还需约 {left:.0f} 秒",
                            "{n} candidate staffings simulated; about {left:.0f} s more at this pace"),
    "opt.progress": ("已用 {secs:.0f} 秒 · {message}", "{secs:.0f} s · {message}"),
    "opt.preview": ("这是快速预览：候选方案和验证都只仿真了较短时间，低频承诺可能结论不确定。用于投标前请完整验证。",
                    "This is a quick preview: candidates and verification ran on short simulations, so low-volume "
                    "commitments may stay inconclusive. Verify fully before using it in a bid."),
    "opt.verify_fully": ("完整验证", "Verify fully"),
    "opt.verify_fully_help": ("切换到完整模式，按场景自身的天数和重复次数重新求解并验证。",
                              "Switches to full mode and plans again, verified on the scenario's own horizon and replications."),
    "opt.stale": ("显示的是修改前场景的方案；请重新优化。", "This plan is for an earlier version of the scenario; optimise again."),
    "opt.none_yet": ("点击“求最低成本配置”。", "Click “Find the cheapest staffing”."),
    "opt.result": ("{name}（{model}）的配置方案", "Plan for {name} ({model})"),
    "opt.record": ("{mode}模式，用时 {secs:.0f} 秒，评估 {evals} 个候选方案；证据：{days:g} 天 × {reps} 次重复（新随机数）。",
                   "{mode} mode, {secs:.0f} s, {evals} candidate staffings simulated; evidence: {days:g} days × {reps} "
                   "replications on fresh random numbers."),
    "opt.fte_planned": ("方案全职人数", "Planned full-time people"),
    "opt.fte_help": ("经验配置为 {norms} 人；差值为方案减经验配置。", "The rule of thumb gives {norms}; the delta is plan minus rule of thumb."),
    "opt.tab.staffing": ("人员配置", "Staffing"),
    "opt.tab.rosters": TERMS["rosters"],
    "opt.tab.evidence": ("达标证据", "Evidence"),
    "opt.tab.norms": ("经验配置", "Rule of thumb"),
    "opt.tab.budget": ("预算与物业费", "Budget and fee"),
    "opt.tab.search": ("搜索过程", "Search"),
    "opt.headcount": ("各岗位全职人数", "Full-time people by role"),
    "opt.headcount_note": ("排班人数折算为全职人数（含轮休、年假、节假日替班），每个岗位向上取整为整人；管理处主任、财务、保洁、绿化按定员标准。",
                           "Rostered people as full-time staff (relief for days off, leave, holidays), each role "
                           "rounded up to whole people; site manager, finance, cleaning and greening from the norms."),
    "opt.shifts": ("各班次人数（优化前 → 优化后）", "People per shift (before → after)"),
    "opt.col.role": ("岗位", "Role"),
    "opt.col.planned": ("优化方案", "Plan"),
    "opt.col.norms": ("经验配置", "Rule of thumb"),
    "opt.col.diff": TERMS["difference"],
    "opt.col.before": ("优化前", "Before"),
    "opt.col.after": ("优化后", "After"),
    "opt.col.copies": ("份数（片区×站点）", "Copies (zones × sites)"),
    "opt.col.basis": TERMS["staffing_basis"],
    "opt.col.headcount": TERMS["people"],
    "opt.col.rounded": ("取整", "Rounded"),
    "opt.col.step": TERMS["step"],
    "opt.col.action": TERMS["action"],
    "opt.col.lever": TERMS["shift"],
    "opt.other_change": TERMS["other_change"],
    "opt.col.value": TERMS["people"],
    "opt.total": TERMS["total"],
    "opt.by_hour": ("各岗位分时在岗人数", "People on duty by hour"),
    "opt.by_hour_caption": ("优化后排班每个整点时段在岗的人数（含各片区、各项目份数，不扣用餐休息）；备班人员居家待命，不计在岗。",
                            "People on duty in each clock hour under the planned rosters (zones and sites included, meal "
                            "breaks not deducted); people on call at home are not on duty."),
    "opt.by_hour.days": TERMS["days"],
    "opt.rota": TERMS["month_rota"],
    "opt.rota_group": ("岗位", "Post or team"),
    "opt.rota_caption": ("{month} 每人每天的班次；“休”为休息日，“备”为在岗不排班的替休人员。",
                         "Each person's shift on each day of {month}; 'off' is a day off, 'spare' a person at work on no shift, covering leave."),
    "opt.rota.person": ("人员", "Person"),
    "opt.rota.off": ("休", "off"),
    "opt.rota.spare": ("备", "spare"),
    "opt.no_analytic": ("本方案从场景原有排班出发（没有解析排班）。", "This plan started from the scenario's own rosters (no analytic start)."),
    "opt.analytic_caption": ("呼叫中心坐席按排队论（爱尔朗等待制公式）的分时需求和班次覆盖整数规划生成初始排班。",
                             "Contact-centre rosters start from Erlang C hourly requirements covered by a shift-scheduling integer program."),
    "opt.analytic_line": ("线性规划下界 {lp:g}，整数解 {integer:g}，差距 {gap:g} 人·小时/周",
                          "LP bound {lp:g}, integer {integer:g}, gap {gap:g} person-hours a week"),
    "opt.roster.shifts": ("班次数", "Shifts"),
    "opt.roster.paid_hours": ("计薪小时", "Paid hours"),
    "opt.roster.week": ("每周", "Week"),
    "opt.analytic_covered": ("每个时段的在岗人数都不少于排队论需求。", "Every interval has at least the people queueing theory asks for."),
    "opt.analytic_short": ("有时段的在岗人数少于排队论需求。", "Some intervals have fewer people than queueing theory asks for."),
    "opt.evidence_caption": ("用新随机数验证：{days:g} 天 × {reps} 次重复；经验配置在相同排班和随机数下的结论并列显示。",
                             "Verified on fresh random numbers: {days:g} days × {reps} replications; the rule of thumb on "
                             "the same rosters and random numbers beside it."),
    "opt.evidence_looks": ("验证按事先定好的重复次数分次查看数据，每次查看的区间取 {level} 置信水平，使“以 95% 置信度达标”对全部查看合计成立。",
                           "Verification looks at its data only after replication counts fixed in advance, each look's "
                           "interval at {level}, so that \"met at 95% confidence\" holds over all the looks."),
    "opt.norms_met": ("经验配置（按其自身排班、相同随机数）：{summary}",
                      "The rule of thumb (its own rosters, the same random numbers): {summary}"),
    "opt.set_aside": ("任何班次加人都无法改善、已搁置的承诺：{targets}", "Targets no added staff could move (set aside): {targets}"),
    "opt.note.no_budget": ("预算需要单个站点且建筑面积大于 0（多站点组合预算暂未提供）",
                           "budget needs exactly one site with floor_area_m2 > 0; a portfolio budget is not built yet"),
    "opt.note.prefer_norms": ("经验配置同样满足全部承诺且更便宜：建议采用经验配置",
                              "the rule-of-thumb plan also meets every target and costs less: prefer it"),
    "opt.norms_caption": ("服务等级 {grade} 级的定员标准；合计 {total} 人，人均 {density:,.0f} ㎡。",
                          "Grade {grade} norms; {total} people in all, {density:,.0f} m² per person."),
    "opt.search_caption": ("共仿真 {evals} 个候选方案，用时 {secs:.1f} 秒。", "{evals} candidate staffings simulated in {secs:.1f} s."),
    "opt.log": ("优化日志", "Planner log"),
    "opt.download_json": ("下载 plan.json", "Download plan.json"),
    # the plan's headroom (planner.headroom; ui/headroom_panel.py)
    "opt.headroom": TERMS["headroom"],
    "opt.headroom.run": ("测算需求余量", "Find the headroom"),
    "opt.headroom.families_box": ("同时分类别测算（用时约五倍）", "Each demand family too (about five times longer)"),
    "opt.headroom.settings": ("快速测算：每个需求倍数仿真 {reps} 次重复 × {days:g} 天，各倍数使用相同的随机数，在 1 至 {m_max:g} "
                              "倍之间二分查找至 ±{tol:g}。这是参考，不是验证：短时仿真中低频承诺可能尚未证实。",
                              "A quick look: each demand multiplier simulated on {reps} replications × {days:g} days on the "
                              "same random numbers, bisected between 1 and {m_max:g} to ±{tol:g}. A look, not a verification: "
                              "on short runs a low-volume commitment may stay not yet shown."),
    "opt.headroom.none_yet": ("本方案尚未测算需求余量：需求增加多少时仍满足全部服务承诺，首先不达标的是哪一项。",
                              "This plan's headroom is not found yet: how much more demand it takes with every commitment "
                              "met, and which commitment falls short first."),
    "opt.headroom.progress": ("已用 {secs:.0f} 秒 · {family} × {m:.3g}：{verdict}",
                              "{secs:.0f} s · {family} × {m:.3g}: {verdict}"),
    "opt.headroom.progress.start": ("正在测算需求余量…", "Finding the headroom…"),
    "opt.headroom.met": ("全部达标", "every commitment met"),
    "opt.headroom.not_met": ("有承诺未达标", "a commitment not met"),
    "opt.headroom.runs": ("依据：每个倍数 {reps} 次重复 × {days:g} 天，精度 ±{tol:g}，共仿真 {rep_days:,.0f} 个重复日。",
                          "On {reps} replications × {days:g} days at each multiplier, to ±{tol:g}; {rep_days:,.0f} "
                          "replication-days simulated."),
    "opt.headroom.col.family": TERMS["demand"],
    "opt.headroom.col.multiplier": TERMS["headroom_multiplier"],
    "opt.headroom.col.increase": TERMS["headroom_increase"],
    "opt.headroom.col.first": TERMS["first_broken"],
    "opt.headroom.not_met_today": TERMS["not_shown_met_today"],
    "opt.headroom.family.all": TERMS["family_all"],
    "opt.headroom.family.calls_tickets": TERMS["family_calls_tickets"],
    "opt.headroom.family.remote_ops": TERMS["family_remote_ops"],
    "opt.headroom.family.work_orders": TERMS["family_work_orders"],
    "opt.headroom.family.incidents": TERMS["family_incidents"],
    # budget
    "budget.none": ("预算需要单个站点且建筑面积大于 0（多站点组合预算暂未提供）。",
                    "A budget needs exactly one site with a floor area (a portfolio budget is not built yet)."),
    "budget.total": TERMS["annual_total"],
    "budget.per_m2_month": ("所需物业费（元/㎡·月）", "Fee needed (yuan/m²·month)"),
    "budget.break_even_help": ("按收缴率计的保本物业费 {fee} 元/㎡·月。", "Break-even fee at the collection rate: {fee} yuan/m²·month."),
    "budget.balance": ("年度盈余（收入 − 总费用）", "Annual balance (income − total)"),
    "budget.fee_charged": ("收费 {fee} 元/㎡·月", "fee charged {fee} yuan/m²·month"),
    "budget.summary": ("预算汇总", "Budget summary"),
    "budget.lines": ("费用明细", "Cost lines"),
    "budget.contract": ("合同期逐年测算", "The contract year by year"),
    "budget.col.item": TERMS["item"],
    "budget.col.category": ("费用类别", "Category"),
    "budget.col.basis": TERMS["calc_basis"],
    "budget.col.yuan_year": TERMS["yuan_year"],
    "budget.col.per_m2_month": TERMS["yuan_m2_month"],
    "budget.col.year": TERMS["year"],
    "budget.headcount": ("全职人数", "Full-time people"),
    "budget.total_yuan_per_year": TERMS["annual_total"],
    "budget.cost_yuan_per_year": ("成本（不含利润和税金）", "Cost (before profit and tax)"),
    "budget.labour_share_of_cost": ("人工占成本比例", "Labour share of cost"),
    "budget.break_even_fee_yuan_per_m2_month": TERMS["break_even_fee"],
    "budget.fee_yuan_per_m2_month": ("收费标准（元/㎡·月）", "Fee charged (yuan/m²·month)"),
    "budget.income_yuan_per_year": ("年度收入", "Annual income"),
    "budget.surplus_yuan_per_year": ("年度盈余（收入 − 总费用）", "Annual balance (income − total)"),
    "budget.margin_at_fee_yuan_per_year": ("按现收费标准的实际利润", "Profit at the fee charged"),
    "budget.per_m2_month_row": ("所需物业费（元/㎡·月，收缴率 100%）", "Fee needed (yuan/m²·month at full collection)"),
    "unit.yuan_m2_month": TERMS["yuan_m2_month"],
    # compare page
    "cmp.title": ("方案对比", "Compare"),
    "cmp.caption": ("当前场景（A）的最新配置方案与另一种运营模式或另一个模板（B）的最新配置方案并列：人数、费用、物业费与各项承诺的结论。",
                    "The latest plan of the current scenario (A) beside the latest plan of another operating model or "
                    "template (B): staff, cost, fee and every commitment with its verdict."),
    "cmp.against": ("对比对象", "Compare against"),
    "cmp.against.model": ("同一场景改为{model}", "The same scenario, {model}"),
    "cmp.against.template": ("另一个模板", "Another template"),
    "cmp.run": ("为尚未优化的一方求配置", "Plan the side not yet planned"),
    "cmp.refresh": ("刷新对比", "Refresh the comparison"),
    "cmp.plan_first": ("方案 {sides} 还没有配置方案：对比的是两方各自优化后的方案，而不是场景中的原始排班。"
                       "请点击“为尚未优化的一方求配置”（{mode}模式），或先在“优化配置”页分别优化。",
                       "Side {sides} has no plan yet: the comparison sets the two sides' plans side by side, not "
                       "the scenarios' own rosters. Click “Plan the side not yet planned” ({mode} mode), or "
                       "optimise each side on the Optimise page first."),
    "cmp.planning": ("正在为方案 {side} 求配置", "Planning side {side}"),
    "cmp.modes_differ": ("两方的方案模式不同（快速预览与完整验证），结论的把握不同。",
                         "The two plans were made in different modes (a quick preview and a full verification): "
                         "their verdicts are not equally sure."),
    "cmp.side_not_met": ("方案 {side} 并非全部承诺均已证实达标（{what}）。两方案的服务水平未必相同，对比仅供参考。",
                         "Side {side} does not show every commitment met ({what}). The two may not give the same "
                         "service: read the comparison with that in mind."),
    "cmp.staff_cost": ("人数与费用（各方的配置方案）", "Staff and cost (each side's plan)"),
    "cmp.kpis": ("各项承诺", "Commitments"),
    "cmp.col.item": TERMS["item"],
    "cmp.total_fte": ("全职人数合计", "Full-time people, total"),
    # export page
    "exp.title": ("导出物业管理方案", "Export the proposal"),
    "exp.caption": ("导出“人员配备方案”和“服务费用收支测算”两章：Word、Excel、PDF，中文或英文。",
                    "The staffing-plan and cost-estimate chapters as Word, Excel and PDF, in Chinese or English."),
    "exp.unavailable": ("方案导出功能不可用：{error}", "Proposal export is not available: {error}"),
    "exp.no_plan": ("还没有配置方案：请先在“优化配置”页求出方案。", "No plan yet: find one on the Optimise page first."),
    "exp.go_optimise": ("前往优化配置", "Go to Optimise"),
    "exp.stale": ("该方案对应修改前的场景；如需最新结果请重新优化。", "This plan is for an earlier version of the scenario; optimise again for the latest."),
    "exp.plan": ("方案：**{name}**（{model}，{mode}模式）", "Plan: **{name}** ({model}, {mode} mode)"),
    "exp.upload": ("导出已保存的方案文件（plan.json，可选）", "Export a saved plan file instead (plan.json, optional)"),
    "exp.upload_help": ("例如在命令行运行优化生成的 out/plan/plan.json；不上传则导出本页最新的优化方案。",
                        "For example out/plan/plan.json written by the planner on the command line; without one, the "
                        "app's latest plan is exported."),
    "exp.edition": ("文档版本", "Edition"),
    "exp.edition.submission": ("投标提交版", "Submission"),
    "exp.edition.internal": ("内部审阅版", "Internal review"),
    "exp.edition_help": ("投标提交版：人员配备、服务承诺及其验证、费用与合同期计划、测算方法说明，不含内部的达成计数、收支缺口和参数清单；"
                         "只能由全程验证确认每项承诺均达成的方案导出。内部审阅版：包含全部内容，供团队审阅。",
                         "Submission: the staffing plan, the commitments with their evidence, costs, fee and contract "
                         "plan, and the method, without the internal verdict counts, shortfall or parameter list; only "
                         "from a plan whose every commitment is shown met on the full verification. Internal review: "
                         "everything, for the team."),
    "exp.not_submittable": ("该方案还不能导出投标提交版：", "This plan cannot be exported as a submission yet:"),
    "exp.gap.preview": ("它是快速预览（短时仿真、只验证一次），不是全程验证：请在侧栏的运行模式中选“完整验证”，在“优化配置”页重新求解。",
                        "it is a quick preview (a short run verified once), not the full verification: choose “Full "
                        "verification” as the run mode in the sidebar and plan again on the Optimise page."),
    "exp.gap.unshown": ("有 {n} 项承诺未经验证确认达成：{items}。请调整人员、排班或承诺后重新求解。",
                        "{n} commitment(s) not shown met: {items}. Change the staff, the rosters or the commitment "
                        "and plan again."),
    "exp.gap.internal": ("仍可导出内部审阅版供团队审阅。", "The internal review edition can still be exported for the team."),
    "exp.bid.heading": ("投标文件信息", "The bid's details"),
    "exp.bid.caption": ("以下内容（{language}）写入封面和正文，保存在场景的方案文本中，随场景文件下载。",
                        "These ({language}) go on the cover and into the text; they are kept in the scenario's "
                        "proposal text and downloaded with the scenario file."),
    "exp.bid.lang.zh": ("中文", "in Chinese"),
    "exp.bid.lang.en": ("英文", "in English"),
    "exp.bid.upload_note": ("上传的方案文件使用其自带的投标文件信息。", "An uploaded plan file keeps its own bid details."),
    "exp.bid.prepared_on_help": ("年-月-日；不填则为导出当天。", "Year-month-day; empty: the day of the export."),
    "exp.bid.prepared_on_placeholder": ("如 2026-12-20", "e.g. 2026-12-20"),
    "exp.bid.overview_help": ("写在“项目概况”开头；户数、面积、楼栋、片区等数字由场景自动写出，无需在此填写。",
                              "Opens the project overview; households, area, buildings and zones are written from the "
                              "scenario, so leave them out here."),
    "exp.bid.training": ("培训计划（清空培训内容即删除该行；在末行填写可新增）", "Training plan (clear a course to remove it; fill the last row to add one)"),
    "exp.bid.col.topic": TERMS["training_course"],
    "exp.bid.col.posts": TERMS["trainee_posts"],
    "exp.bid.col.hours": TERMS["training_hours"],
    "exp.bid.col.when": TERMS["training_when"],
    "exp.bad_plan": ("{name} 不是可用的方案文件：{error}", "{name} is not a plan file that can be exported: {error}"),
    "exp.plan_file": ("方案文件：**{name}**（{model}）", "Plan file: **{name}** ({model})"),
    "exp.lang": ("文档语言", "Document language"),
    "exp.formats": ("格式", "Formats"),
    "exp.format.docx": ("Word (DOCX)", "Word (DOCX)"),
    "exp.format.xlsx": ("Excel (XLSX)", "Excel (XLSX)"),
    "exp.format.pdf": ("PDF", "PDF"),
    "exp.run": ("生成方案文件", "Generate the files"),
    "exp.working": ("正在生成…（PDF 需要数秒）", "Generating… (the PDF takes a few seconds)"),
    "exp.failed": ("生成失败：{error}", "The export failed: {error}"),
    "exp.ready": ("已生成 {n} 个文件：", "{n} file(s) ready:"),
    "exp.download": ("下载 {fmt}", "Download {fmt}"),
    # charts
    "chart.hour": ("时段", "Hour"),
    "chart.kind": ("类型", "Kind"),
    "chart.daily_volume": ("日均需求量", "Contacts per day"),
    "chart.per_day": ("次/天", "per day"),
    "chart.profile": ("时段曲线（相对均值）", "Profiles (relative to the mean)"),
    "chart.relative": ("相对权重", "Relative weight"),
    "chart.hourly_volume": ("平均每小时到达量", "Arrivals per hour, average day"),
    "chart.per_hour": ("次/小时", "per hour"),
    "chart.staffed": ("排班在岗人数（一周中各时段最多在岗）", "People rostered on duty (the most at once in each hour, any day)"),
    "chart.people_on_duty": ("在岗人数", "People on duty"),
    "chart.service_by_hour": ("各小时服务水平", "Service level by hour"),
    "chart.service_level": TERMS["service_level"],
    "chart.hourly_floor": ("每小时下限", "Hourly floor"),
    "chart.offered_by_hour": ("各小时需求量（次/天）", "Contacts by hour (per day)"),
    "chart.per_day_in_hour": ("该小时每天次数", "per day in the hour"),
    "chart.capacity": ("各小时在岗与忙碌人数", "Present and busy by hour"),
    "chart.agents": TERMS["people"],
    "chart.agents_present": ("在岗", "present"),
    "chart.agents_busy": ("忙碌", "busy"),
    "chart.utilisation": ("坐席占用率与现场人员利用率（竖线为上限）", "Occupancy and utilisation (tick: the limit)"),
    "chart.busy_share": ("忙碌时间占比", "Busy share"),
    "chart.centre": ("坐席", "Centre"),
    "chart.field": ("现场", "Field teams"),
    "chart.no_target": ("无目标", "no target"),
    "chart.time_budget": ("现场人员时间构成", "Field staff time budget"),
    "chart.hours_per_8h": ("小时/8 小时在岗", "hours per 8 h on duty"),
    "chart.patrols": ("巡逻轮次", "Patrol rounds"),
    "chart.rounds": ("轮次", "Rounds"),
    "chart.rounds_done": ("完成", "done"),
    "chart.rounds_missed": ("漏巡", "rounds missed"),
    "chart.distribution": ("响应时间分布：{stream}", "Response times: {stream}"),
    "chart.time_bin": ("时间段", "Time bin"),
    "chart.share": TERMS["share"],
    "chart.cum_share": ("累计占比", "Cumulative share"),
    "chart.count": ("每次重复的数量", "Count per replication"),
    "chart.within_target": ("{within} 内", "within {within}"),
    "chart.beyond_target": ("超出时限", "beyond the target time"),
    "chart.headcount": ("各岗位全职人数", "Full-time people by role"),
    "chart.headcount_compare": ("各岗位全职人数：A 与 B", "Full-time people by role: A and B"),
    "chart.fte": ("全职人数", "Full-time people"),
    "chart.budget": ("年度费用构成（万元）", "Annual cost by item (10k yuan)"),
    "chart.wan_yuan": ("万元/年", "10k yuan/year"),
    # fitting the demand to a site's records (ui/records.py, ui/records_panel.py)
    "records.heading": ("由本项目的记录拟合需求", "Fit the demand to the site's records"),
    "records.caption": ("上传话务记录、线上工单、维修工单、道闸事件（CSV 或 Excel），按记录估计各类需求的发生率、时段曲线、"
                        "节假日系数、处理时长与放弃耐心；每个数都附区间与样本数。",
                        "Upload call logs, tickets and gate events (CSV or Excel) to estimate each demand type's rate, "
                        "time profiles, holiday multipliers, handle times and patience; every number with its interval "
                        "and count."),
    "records.upload": ("记录文件", "Record files"),
    "records.upload_help": ("列名不同时在下方写对应关系；时间用 2026-06-01 08:15:30 格式。",
                            "Map differing column names below; times as 2026-06-01 08:15:30."),
    "records.kind_of": ("{name} 的记录类型", "Kind of records in {name}"),
    "records.kind.calls": ("来电记录", "Call log"),
    "records.kind.tickets": ("线上（小程序/微信）工单", "App/WeChat tickets"),
    "records.kind.gates": ("道闸/门禁/报警事件", "Gate, door and alarm events"),
    "records.kind.work_orders": ("维修工单", "Work orders"),
    "records.mapping": ("列名对应（每行一条，如 来电.时间=来电时间）", "Column mapping (one per line, for example: calls time = Call start)"),
    "records.mapping_help": ("写成 记录类型.字段=导出文件中的列名。可用的记录类型与字段：{fields}",
                             "Write KIND FIELD = COLUMN (the column's name in the export). Kinds and their fields: {fields}"),
    "records.site": ("记录所属项目", "Site of the records"),
    "records.fit": ("拟合需求", "Fit the demand"),
    "records.fitted": ("已拟合 {n} 个数（{start} 至 {end}）", "{n} numbers fitted ({start} to {end})"),
    "records.check": ("仿真核对", "Check by simulation"),
    "records.checking": ("正在仿真拟合后的场景…", "Simulating the fitted scenario…"),
    "records.check_caption": ("记录为一个时段的实际值；仿真列给出单个时段可能落入的区间（99%），实际值在区间内即“一致”。",
                              "The records are one period; the simulated column is where one period's value falls (99%): "
                              "inside it is consistent."),
    "records.use": ("采用拟合的需求", "Use the fitted demand"),
    "records.used": ("已采用由记录拟合的需求，可在上方表格继续修改。", "The fitted demand is in use; edit it in the tables above."),
    "records.consistent": ("一致", "consistent"),
    "records.inconsistent": ("不一致", "not consistent"),
    "records.col.file": ("文件", "File"),
    "records.col.kind": ("类型", "Kind"),
    "records.col.read": ("读取行数", "Rows read"),
    "records.col.used": ("采用", "Used"),
    "records.col.skipped": ("跳过", "Skipped"),
    "records.col.reason": ("跳过原因", "Why skipped"),
    "records.col.parameter": TERMS["parameter"],
    "records.col.value": ("拟合值", "Fitted"),
    "records.col.interval": ("95% 置信区间", "95% interval"),
    "records.col.n": ("样本数", "Count"),
    "records.col.kpi": ("指标", "KPI"),
    "records.col.observed": ("记录实际", "Records"),
    "records.col.simulated": ("仿真（单个时段）", "Simulated (one period)"),
    "records.col.verdict": TERMS["verdict"],
    "records.col.hour": ("时段", "Hour"),
    "records.param.handle_time_s": ("平均处理时长（秒）", "mean handle time (s)"),
    "records.param.patience_s": ("平均等待耐心（秒）", "mean patience (s)"),
    "records.param.expert_handle_time_s": ("专家平均处理时长（秒）", "experts' mean handle time (s)"),
    "records.param.escalate_share": ("转专家比例", "escalation share"),
    "records.param.multiplier": ("{stream} · {start}–{end} 需求系数", "{stream} · multiplier {start}–{end}"),
    "records.param.rework": ("返修比例", "rework share"),
    "records.param.work_time": ("{type} 工单平均作业时长（分钟）", "{type} work orders: mean work time (min)"),
    "records.staffing.agents": ("仿真按记录中的实际人员排班：每小时接听来电的不同坐席数（各周的中位数）。",
                                "Simulated with the staffing the records show: the distinct agents answering calls in each hour (median over the weeks)."),
    "records.staffing.bound": ("记录中没有坐席工号：仿真按每小时同时通话的最多来电数排班，这只是在岗人数的下限，仿真的服务水平因此偏低。",
                               "The records have no agent column: simulated with the most calls in talk at once in each hour, a lower bound of the agents on duty, so the simulated service level is pessimistic."),
    "records.staffing.scenario": ("记录未显示人员：仿真按场景中的排班。", "The records do not show the staffing: simulated with the scenario's rosters."),
    "records.col.pool": ("坐席组", "Pool"),
    "records.col.trade": ("工种", "Trade"),
    "records.col.priority": ("紧急程度", "Priority"),
    "records.col.work_mean": ("平均作业时长", "Mean work time"),
    "records.work_times": ("记录中的作业时长（按工种与紧急程度；场景每类工单只有一个作业时长，此表供参考）：",
                           "Work times in the records by trade and priority (the scenario holds one per call type; for reading):"),
    "records.col.day": TERMS["day"],
    "records.col.hour_n": ("{h}时", "{h}h"),
    "records.skip.empty": ("{n} 行列“{column}”为空（第 {rows} 行…）", "{n} rows with column '{column}' empty (rows {rows}…)"),
    "records.skip.timestamp": ("{n} 行列“{column}”不是时间（第 {rows} 行…）", "{n} rows where '{column}' is not a timestamp (rows {rows}…)"),
    "records.skip.number": ("{n} 行列“{column}”不是 ≥ 0 的秒数（第 {rows} 行…）", "{n} rows where '{column}' is not seconds ≥ 0 (rows {rows}…)"),
    "records.skip.choice": ("{n} 行列“{column}”取值不在允许范围（第 {rows} 行…）", "{n} rows where '{column}' is not an allowed value (rows {rows}…)"),
    "records.skip.no_talk": ("{n} 行接通但无通话时长（第 {rows} 行…）", "{n} answered calls without a talk time (rows {rows}…)"),
    "records.skip.duplicate": ("{n} 行与前面某行完全相同（第 {rows} 行…）", "{n} duplicate rows (rows {rows}…)"),
    "records.skip.period": ("{n} 行不在记录时段内（第 {rows} 行…）", "{n} rows outside the period (rows {rows}…)"),
    "records.skip.": ("{n} 行无法使用（第 {rows} 行…）", "{n} rows not usable (rows {rows}…)"),
    "records.error.missing_column": ("{file}：缺少“{field}”一列{column_quoted}；文件中的列：{columns}。若其中某列就是{field}，请在列名对应中写明，如 {kind}.{field}=列名",
                                     "{file}: no column {column_quoted} ({kind} field {field}); the file has: {columns}"),
    "records.error.missing_mapped_column": ("{file}：对应为“{field}”的列“{column}”不在文件中；文件中的列：{columns}",
                                            "{file}: no column '{column}' ({field}); the file has: {columns}"),
    "records.error.mapped_column": ("{file}：对应为“{field}”的列“{column}”不在文件中；文件中的列：{columns}",
                                    "{file}: the mapped column '{column}' ({field}) is not in the file; it has: {columns}"),
    "records.error.mixed_time": ("{file}：“{field}”一列{column_quoted}既有带时区的时间（第 {row} 行：{value}），又有不带时区的时间"
                                 "（第 {other_row} 行：{other_value}），无法判断后者按哪个时区；请统一写成本地时间，或全部带上时区",
                                 "{file}: column {column_quoted} ({field}) mixes times with a UTC offset (row {row}: {value}) and "
                                 "without one (row {other_row}: {other_value}); write them all in local time, or all with their offset"),
    "records.error.no_file": ("{file}：文件不存在", "{file}: no such file"),
    "records.error.file_type": ("{file}：只接受 CSV 或 Excel（.xlsx）", "{file}: only CSV or Excel (.xlsx)"),
    "records.error.unreadable": ("{file}：无法按 CSV/Excel 读取", "{file}: cannot be read as CSV or Excel"),
    "records.error.encoding": ("{file}：编码既非 UTF-8 也非 GB18030，请另存为“CSV UTF-8”", "{file}: neither UTF-8 nor GB18030; save as CSV UTF-8"),
    "records.error.no_records": ("文件中没有可用的记录", "No usable records in the files"),
    "records.error.period": ("记录时段的结束早于开始", "The period ends before it starts"),
    "records.error.mapping": ("列名对应写法有误：{column}；应写成 记录类型.字段=列名，如 来电.时间=来电时间",
                              "Column mapping not understood: {column}; write KIND FIELD = COLUMN, for example: calls time = Call start"),
    "records.error.invalid_scenario": ("当前场景有错误，先改正再拟合", "The scenario has problems: correct them before fitting"),
    "records.error.other": ("{file}：无法读取", "{file}: cannot be read"),
    "status.source.records": ("由记录拟合：{name}", "Fitted to records: {name}"),
    # ---- the portfolio page (ui/pages/portfolio.py) and compare's warnings: issue 15
    "nav.portfolio": ("集团组合", "Portfolio"),
    "flow.next": ("下一步：{step}", "Next: {step}"),
    "flow.fix_scenario": ("先修正场景中的 {n} 处问题（见页首提示），再往下走。",
                          "First fix the scenario's {n} problem(s) shown at the top of the page."),
    "flow.plan_first": ("导出前先在“优化配置”页测算方案。", "Make a plan on the Optimise page before exporting."),
    "flow.preview_only": ("当前方案只是快速预览：在“优化配置”页点“完整验证”后，才能导出投标版。",
                          "The current plan is a quick preview: verify it fully on the Optimise page before exporting a "
                          "submission edition."),
    "flow.portfolio": ("本场景有多个项目：到“集团组合”页测算共用呼叫中心的整体方案",
                       "This scenario has several sites: plan them together with one call centre on the Portfolio page"),
    "flow.done": ("方案文件已可下载；场景可在侧栏下载为 YAML 文件留存。",
                  "The proposal files are ready to download; keep the scenario as a YAML file from the sidebar."),
    "pf.title": ("集团呼叫中心与集中管控", "Group call centre and portfolio"),
    "pf.caption": ("呼叫中心按集中管控项目的合并需求测算人员，各项目的工程、秩序维护与管家人员按本项目测算；"
                   "呼叫中心费用分摊到项目，给出盈亏平衡项目数与迁移排序。",
                   "The centre is staffed on the pooled demand of the centralised sites, each site's technicians, "
                   "guards and butlers for that site; the centre's cost is shared among the sites, with the "
                   "break-even number of sites and which sites save most when migrated."),
    "pf.map": ("项目位置与片区", "Sites and districts"),
    "pf.map.unlocated": ("未给出位置的项目（不在图中）：{sites}", "Sites without a location (not on the map): {sites}"),
    "pf.single_site": ("当前场景只有一个项目。请在“场景”页选择多项目模板（如“集团组合”）。",
                       "This scenario has one site. Choose a multi-site template (such as the group portfolio) "
                       "on the Scenario page."),
    "pf.basis": ("分摊依据", "Allocate the centre's cost by"),
    "pf.basis.contacts": TERMS["contacts_handled"],
    "pf.basis.households": TERMS["households"],
    "pf.basis.floor_area": TERMS["floor_area"],
    "pf.settings": ("候选方案仿真：呼叫中心 {search} 天、各项目 {site} 天，各 {reps} 次；验证 {days} 天 × {verify} 次（结论待定时最多增至 "
                    "{most} 次）；{tasks} 项测算并行",
                    "Candidates: the centre's {search}-day runs, each site's {site}-day runs, × {reps} replications; checks: "
                    "{days}-day runs × {verify} (up to {most} while a commitment is inconclusive); {tasks} plans in parallel"),
    "pf.run": ("测算组合", "Plan the portfolio"),
    "pf.progress": ("已完成 {done}/{total}：{what}（{secs:.0f} 秒）", "{done} of {total} done: {what} ({secs:.0f} s)"),
    "pf.progress.start": ("正在测算呼叫中心与各项目……", "Planning the centre and the sites..."),
    "pf.task.centre": ("呼叫中心", "the centre"),
    "pf.task.site": ("项目 {name}", "site {name}"),
    "pf.none_yet": ("尚未测算。点击“测算组合”。", "Not planned yet. Click Plan the portfolio."),
    "pf.stale": ("场景已修改：以下为上次测算结果。", "The scenario has changed: these are the last results."),
    "pf.metric.saving": ("全部集中管控年节约", "Saving a year, all centralised"),
    "pf.metric.break_even": ("盈亏平衡项目数", "Break-even number of sites"),
    "pf.metric.break_even.none": ("未达到", "not reached"),
    "pf.metric.centre_people": TERMS["centre_agents"],
    "pf.metric.per_1000": TERMS["agents_per_1000_households"],
    "pf.allocation": ("费用分摊与各项目收支", "Allocation and each site's budget"),
    "pf.col.site": TERMS["site"], "pf.col.model": TERMS["current_model"], "pf.col.households": TERMS["households_col"],
    "pf.col.people_t": TERMS["people_traditional"], "pf.col.people_c": TERMS["people_centralised"],
    "pf.col.share": TERMS["centre_share"],
    "pf.col.total_t": TERMS["traditional_cost"],
    "pf.col.total_c": TERMS["centralised_cost"],
    "pf.col.fee_t": TERMS["break_even_traditional"],
    "pf.col.fee_c": TERMS["break_even_centralised"],
    "pf.col.saving": TERMS["saving_if_migrated"],
    "pf.ranking": ("迁移至集中管控节约最多的项目：{items}", "The sites that save most when migrated: {items}"),
    "pf.model.traditional": TERMS["traditional"], "pf.model.centralised": TERMS["centralised"],
    "pf.centre": TERMS["centre_cost"],
    "pf.col.item": TERMS["item"], "pf.col.yuan": TERMS["amount_yuan_a_year"],
    "pf.scale": TERMS["scale_chart"],
    "pf.scale_caption": ("按迁移顺序逐个加入项目：同一项目数下两条线比较的是同一批项目。随项目数变化的升降主要来自新加入项目的构成"
                         "（户型、规模、设备）不同，并非规模效应；规模效应见呼叫中心每千户坐席人数。",
                         "Sites are added one by one in the migration order: at each number both lines cost the same sites. "
                         "How the lines rise or fall with the number comes mostly from which sites join (their kind, size and "
                         "equipment), not from scale; the economies of scale are the centre's agents per 1,000 households."),
    "pf.axis.sites": TERMS["scale_axis_sites"], "pf.axis.cost": TERMS["yuan_per_household_a_month"],
    "pf.series.traditional": TERMS["traditional_series"], "pf.series.centralised": TERMS["centralised_centre_included"],
    "pf.missed": ("以下服务承诺未能在95%置信度下证明达标：", "These commitments are not shown to be met at 95% confidence:"),
    "pf.all_met": ("全部服务承诺均达标（95%置信度，新随机数验证）。", "Every commitment is met at 95% confidence on fresh random numbers."),
    "pf.download": ("下载组合方案章节", "Download the portfolio chapter"),
    "pf.own": ("单个项目的物业管理方案", "One site's own proposal"),
    "pf.own.caption": ("载入所选项目作为当前场景（按上表的现行模式；集中管控项目由集团呼叫中心接听，承担上表的分摊额），"
                       "再到“优化”页测算并导出本项目方案。", "Loads the chosen site as the scenario being edited (under its model "
                       "above; a centralised site is answered by the group centre and carries its share above); then plan "
                       "and export its proposal on the Optimise page."),
    "pf.own.site": TERMS["site"],
    "pf.own.load": ("载入本项目并测算", "Load this site and plan it"),
    "pf.own.stale": ("场景已修改：请先重新测算组合，再载入单个项目。", "The scenario has changed: plan the portfolio again before "
                     "loading one of its sites."),
}


def t(key: str, lang: str, **values: Any) -> str:
    """The text of ``key`` in ``lang`` ("zh" or "en"), filled in with ``values``."""
    pair = TEXT.get(key)
    if pair is None:
        return key
    text = pair[0] if lang == "zh" else pair[1]
    if not values:
        return text
    try:
        return text.format(**values)
    except (KeyError, ValueError, IndexError):
        return text


# --------------------------------------------------------------------------- names

TEMPLATES = {
    "default": ("翠湖花园：2,000 户高层社区（传统模式，默认模板）", "Cuihu Garden: 2,000-household high-rise community (traditional, the default)"),
    "default_centralised": ("翠湖花园：集中管控模式", "Cuihu Garden, centralised control"),
    "group_portfolio": ("集团 12 个小区共用呼叫中心", "Group portfolio: 12 sites, one call centre"),
    "mixed_use": ("商住混合综合体", "Mixed-use complex"),
    "move_in_surge": ("入伙高峰", "Move-in surge"),
    "move_in_phases": ("三年入伙期：入住率分阶段增长", "Three move-in years: occupancy growing by phase"),
    "villa_estate": ("别墅区", "Villa estate"),
}


def template_label(name: str, lang: str) -> str:
    pair = TEMPLATES.get(name)
    label = (pair[0] if lang == "zh" else pair[1]) if pair else name
    return f"{label} · {name}.yaml"


def template_note(name: str, lang: str) -> str:
    return ("模板文件：scenarios/{}.yaml" if lang == "zh" else "Template file: scenarios/{}.yaml").format(name)


FIELDS: dict[str, tuple[str, str]] = {
    "sites.households": TERMS["households_col"],
    "sites.buildings": ("楼栋数", "Buildings"),
    "sites.floor_area_m2": ("建筑面积 (㎡)", "Floor area (㎡)"),
    "sites.land_area_m2": ("占地面积 (㎡)", "Land area (㎡)"),
    "sites.green_area_m2": ("绿化面积 (㎡)", "Green area (㎡)"),
    "sites.zones": ("管家片区数", "Butler zones"),
    "sites.vehicle_gates": ("车行道闸数", "Vehicle barrier lanes"),
    "sites.pedestrian_gates": ("人行门禁数", "Pedestrian gates"),
    "sites.cameras": ("摄像头数", "Cameras"),
    "sites.lifts": ("电梯数", "Lifts"),
    "sites.pumps": ("水泵数", "Pumps"),
    "sites.vacant_share": ("空置率 (%)", "Vacant units (%)"),
    "sites.demand_multiplier": ("需求倍数", "Demand multiplier"),
    "sites.grade": TERMS["service_grade"],
    "sites.building_type": ("建筑类型", "Building type"),
    "sites.fire_control_rooms": ("消防控制室数", "Fire control rooms"),
    "sites.fire_control_source": ("允许远程值守的当地规定", "Local rule allowing remote duty"),
    "calendar.horizon_days": ("仿真天数 (天)", "Simulated days"),
    "calendar.warmup_days": ("预热天数 (天)", "Warm-up days"),
    "calendar.start_date": ("开始日期", "Start date"),
    "replications": ("重复次数", "Replications"),
    "seed": ("随机种子", "Random seed"),
    "operating_model": TERMS["operating_model"],
    "name": ("场景名称", "Scenario name"),
    "costs.fee_yuan_per_m2_month": ("物业费 (元/㎡·月)", "Property fee (yuan/㎡·month)"),
    "costs.collection_rate": ("收缴率 (%)", "Collection rate (%)"),
    "costs.profit_rate": ("利润率 (%)", "Profit rate (%)"),
    "costs.commission_rate": ("酬金比例 (%)", "Commission rate (%)"),
    "costs.vat_rate": ("增值税率 (%)", "VAT rate (%)"),
    "costs.surcharge_rate": ("附加税费率（占增值税 %）", "Surcharges (% of VAT)"),
    "costs.overhead_rate": ("企业管理费率 (%)", "Company overhead (%)"),
    "costs.contingency_rate": ("不可预见费率 (%)", "Contingency (%)"),
    "costs.social_insurance_rate": ("社保单位缴费比例 (%)", "Employer social insurance (%)"),
    "costs.housing_fund_rate": ("公积金比例 (%)", "Housing fund (%)"),
    "costs.welfare_union_training_rate": ("福利费、工会经费、教育经费 (%)", "Welfare, union and training (%)"),
    "costs.contribution_floor_yuan_per_month": ("社保缴费基数下限 (元/月)", "Contribution floor (yuan/month)"),
    "costs.uniform_yuan_per_person_per_year": ("服装费 (元/人·年)", "Uniforms (yuan/person·year)"),
    "costs.contract_years": ("合同年限 (年)", "Contract years"),
    "costs.wage_growth_per_year": ("工资年增长率 (%)", "Wage growth per year (%)"),
    "costs.utilities_yuan_per_m2_per_year": ("公共水电 (元/㎡·年)", "Common utilities (yuan/㎡·year)"),
    "costs.facility_maintenance_yuan_per_m2_per_year": ("设施维护 (元/㎡·年)", "Facility maintenance (yuan/㎡·year)"),
    "costs.lift_maintenance_yuan_per_lift_per_year": ("电梯维保 (元/台·年)", "Lift maintenance (yuan/lift·year)"),
    "costs.cleaning_materials_yuan_per_m2_per_year": ("清洁物料 (元/㎡·年)", "Cleaning materials (yuan/㎡·year)"),
    "costs.greening_yuan_per_m2_green_per_year": ("绿化养护 (元/㎡绿地·年)", "Greening (yuan/㎡ green·year)"),
    "costs.security_materials_yuan_per_m2_per_year": ("秩序维护物料 (元/㎡·年)", "Security materials (yuan/㎡·year)"),
    "costs.insurance_yuan_per_m2_per_year": ("公共责任保险 (元/㎡·年)", "Insurance (yuan/㎡·year)"),
    "costs.office_yuan_per_year": ("办公费 (元/年)", "Office (yuan/year)"),
    "costs.call_centre_seat_cost_yuan_per_year": ("呼叫中心坐席成本 (元/席·年)", "Call-centre seat (yuan/seat·year)"),
    "costs.group_call_centre_share_yuan_per_year": ("集团呼叫中心分摊 (元/年)", "Group call-centre share (yuan/year)"),
    "costs.other_yuan_per_year": ("其他费用 (元/年)", "Other costs (yuan/year)"),
    "costs.fee_model": TERMS["fee_model"],
    "costs.wages_yuan_per_month": ("月工资", "Monthly wage"),
}


def field_label(path: str, lang: str) -> str:
    pair = FIELDS.get(path)
    return (pair[0] if lang == "zh" else pair[1]) if pair else path


KINDS = {kind: STREAM_NAMES[kind] for kind in ("calls", "remote_ops", "expert", "return_visits", "tickets")}
KINDS["tickets"] = ("线上工单", STREAM_NAMES["tickets"][1])  # the proposal's "APP/微信工单" has an English word
STREAMS = {
    **STREAM_NAMES,
    "tickets": KINDS["tickets"],
    "staff": ("坐席", "Agents"),
    "callbacks": ("回拨", "Callbacks"),
    "work_orders": ("工单", "Work orders"),
    "work_orders.contractor": ("外包维修（电梯）", "Contractor repairs (lifts)"),
    "incidents.contractor": ("突发事件（外包救援单位，其承诺）", "Incidents (outside contractor's commitment)"),
    "work_orders.requests": ("住户报修（全部）", "Residents' repair requests (all)"),
    "patrols": ("巡逻", "Patrols"),
    "butlers": ("管家", "Butlers"),
    "field_staff": ("现场人员", "Field staff"),
    "equipment": ("设备", "Equipment"),
}
METRIC_NAMES = {
    "offered": ("受理量", "offered"),
    "service_level": ("服务水平", "service level"),
    "service_level_hour": ("分时段服务水平（每小时下限）", "service level by hour (hourly floor)"),
    "asa_s": ("平均应答时间", "average speed of answer"),
    "mean_wait_s": ("平均等待", "mean wait"),
    "p_wait": ("需等待比例", "share that waited"),
    "abandon_rate": ("放弃率", "abandon rate"),
    "wait_p50_s": ("等待中位数", "median wait"),
    "wait_p90_s": ("等待 90 分位", "90th percentile wait"),
    "wait_p95_s": ("等待 95 分位", "95th percentile wait"),
    "open_at_end": ("期末未完成", "open at the end"),
    "callers_reached": ("客服响应及时率（含回拨）", "callers reached in time (callbacks included)"),
    "callbacks_owed": ("应回拨来电数", "callers owed a callback"),
    "callback_reached": ("回拨接通率", "callbacks that reached the resident"),
    "mean_queue_length": ("平均排队数", "mean queue length"),
    "on_time_rate": ("按时完成率", "on time"),
    "late": ("超时数", "late"),
    "mean_completion_h": ("平均完成时间", "mean completion time"),
    "occupancy": ("占用率", "occupancy"),
    "agents_present": ("平均在岗人数", "agents present"),
    "overtime_h_per_day": ("加班 (小时/天)", "overtime (h/day)"),
    "created": ("产生数", "created"),
    "closed": ("关闭数", "closed"),
    "response_p50_min": ("到场时间中位数", "median response"),
    "response_p90_min": ("到场时间 90 分位", "90th percentile response"),
    "response_p95_min": ("到场时间 95 分位", "95th percentile response"),
    "response_within_target": ("按时到场率", "on site within target"),
    "response_within_target_conditional": ("按时到场率（条件估计）", "on site within target (conditional estimate)"),
    "completion_mean_h": ("平均完成时间", "mean completion time"),
    "completion_within_target": ("按时完成率", "completed within the time"),
    "rework_rate": ("返修率", "rework rate"),
    "parts_wait_share": ("等配件比例", "waited for parts"),
    "backlog_end_of_day": ("日末积压", "backlog at end of day"),
    "rounds_required": ("应巡轮次", "rounds required"),
    "round_completion": ("巡逻完成率", "round completion"),
    "rounds_missed": ("漏巡轮次", "rounds missed"),
    "checkpoint_gap_p95_min": ("巡更点间隔 95 分位", "95th percentile checkpoint gap"),
    "visit_coverage": ("走访覆盖率", "visit coverage"),
    "visits_not_home": ("走访无人在家比例", "visits finding nobody home"),
    "inspection_completion": ("巡查完成率", "inspection completion"),
    "follow_up_on_time": ("跟进按时率", "follow-ups on time"),
    "utilisation": ("利用率", "utilisation"),
    "people_on_duty": ("平均在岗人数", "people on duty"),
    "travel_share": ("路程时间占比", "travel share"),
    "call_outs_per_day": ("备班人员出勤（次/天）", "on-call call-outs (per day)"),
    "availability": ("完好率", "availability"),
    "facility_availability": ("设施完好率", "facility availability"),
    "hours_idle": ("空闲", "idle"),
    "hours_break": ("休息", "breaks"),
    "hours_work_order": ("维修工单", "work orders"),
    "hours_patrol": ("巡逻", "patrols"),
    "hours_incident": ("突发事件", "incidents"),
    "hours_inspection": ("巡查", "inspections"),
    "hours_visit": ("入户走访", "household visits"),
    "hours_walk_in": ("来访接待", "walk-ins"),
    "hours_follow_up": ("投诉跟进", "follow-ups"),
    "hours_return_visit": ("回访", "return visits"),
}


def kind_label(kind: str, lang: str) -> str:
    pair = STREAMS.get(kind)
    return (pair[0] if lang == "zh" else pair[1]) if pair else kind


def stream_name(stream: str, lang: str) -> str:
    """A stream's name; a contact type's ('calls.emergency') is its kind's with the type's:
    '住户来电（紧急求助）' / 'Calls (emergency)'."""
    kind, _, name = stream.partition(".")
    if name and kind in KINDS:
        return f"{kind_label(kind, lang)}（{type_label(name, lang)}）" if lang == "zh" \
            else f"{kind_label(kind, lang)} ({type_label(name, lang)})"
    return kind_label(stream, lang)


def type_label(name: str, lang: str) -> str:
    return names.key_name(name, lang)


def stream_label(kind: str, name: str, lang: str) -> str:
    return f"{kind_label(kind, lang)} · {type_label(name, lang)}"


def metric_label(metric: str, lang: str) -> str:
    pair = METRIC_NAMES.get(metric)
    return (pair[0] if lang == "zh" else pair[1]) if pair else metric


def kpi_label(stream: str, metric: str, group: str | None, lang: str, within_s: float | None = None) -> str:
    """'住户来电 · 服务水平（15秒内接通）' / 'Calls · service level (answered within 15 s)'; a
    contact type's: '住户来电（紧急求助） · 服务水平（10秒内接通）'."""
    head = stream_name(stream, lang)
    if group:
        head += f" · {equipment_name(group, lang) if stream == 'equipment' else group_label(group, lang)}"
    label = f"{head} · {metric_label(metric, lang)}"
    if metric == "service_level" and within_s is not None:
        label += (f"（{fmt_duration(within_s, lang)}内接通）" if lang == "zh"
                  else f" (answered within {fmt_duration(within_s, lang)})")
    return label


def commitment_label(row: Mapping[str, Any], lang: str, scenario: Any = None) -> str:
    """A commitment's row (judged or reported) in the proposal's words
    (planner.proposal.text.commitment_name, issue 13 item 9: the app and the proposal name each
    commitment the same way), with the scenario's clocks and limits; a KPI the proposal has no
    words for keeps the app's label (:func:`kpi_label`)."""
    from planner.proposal.text import commitment_name

    stream, metric = str(row["stream"]), str(row["metric"])
    group = row.get("group") if isinstance(row.get("group"), str) and row.get("group") else None
    within = row.get("within_s")
    within = float(within) if isinstance(within, (int, float)) and not _isnan(within) else None
    if scenario is not None:
        try:
            name = commitment_name({"stream": stream, "metric": metric, "group": group, "within_s": within},
                                   scenario, "zh" if lang == "zh" else "en")
        except (AttributeError, KeyError, TypeError, ValueError):
            name = None
        if name and name != str(KpiKey(stream, metric, group)):  # (a KPI commitment_name does not know)
            return name
    return kpi_label(stream, metric, group, lang, within)


def group_label(group: str, lang: str) -> str:
    """A KPI's group (a pool, team, equipment class, "site/post") by its name for people."""
    return names.key_name(group, lang)


STATUS_MARK = {"met": "✔", "missed": "✘", "inconclusive": "⚠", "no data": "–"}


def status_word(status: str, lang: str) -> str:
    return t(f"status.{status}", lang)


def status_text(status: str | None, lang: str) -> str:
    if not status:
        return ""
    return f"{STATUS_MARK.get(status, '')} {status_word(status, lang)}".strip()


UNITS = {
    "s": ("秒", "s"), "min": ("分钟", "min"), "h": ("小时", "h"), "h/day": ("小时/天", "h/day"),
    "h/8h": ("小时/8小时", "h/8h"), "contacts": ("次", "contacts"), "tasks": ("件", "tasks"),
    "rounds": ("轮", "rounds"), "agents": ("人", "agents"), "people": ("人", "people"), "callers": ("人", "callers"),
    "": ("", ""),
}


def unit_label(unit: str, lang: str) -> str:
    pair = UNITS.get(unit)
    return (pair[0] if lang == "zh" else pair[1]) if pair else unit


def _isnan(value: Any) -> bool:
    try:
        return value is None or math.isnan(float(value))
    except (TypeError, ValueError):
        return True


def whole_people(fte: Any) -> int:
    """Full-time equivalents as the whole people a post needs (rounded up: 4.38 needs 5)."""
    return 0 if _isnan(fte) else int(math.ceil(float(fte) - 1e-6))


def people_by_role(headcount: dict, column: str | None = None) -> dict[str, int]:
    """Whole people of each role (of ``column`` of plan.json's headcount rows, or of a plain
    role → FTE mapping)."""
    return {role: whole_people(value[column] if column else value) for role, value in headcount.items()}


def fmt_number(value: Any, digits: int, lang: str, signed: bool = False) -> str:
    if _isnan(value):
        return "—"
    text = f"{float(value):{'+' if signed else ''},.{digits}f}"
    return text


def fmt_value(value: Any, unit: str, lang: str) -> str:
    """A KPI value with its unit: shares in %, times in s/min/h, counts plain."""
    if _isnan(value):
        return "—"
    value = float(value)
    if unit == "share":
        return f"{value * 100:.1f}%"
    if unit in ("s", "min", "h", "h/day", "h/8h"):
        digits = 1 if abs(value) < 100 else 0
        return f"{value:,.{digits}f} {unit_label(unit, lang)}"
    digits = 1 if abs(value) < 100 else 0
    return f"{value:,.{digits}f} {unit_label(unit, lang)}".strip()


def fmt_interval(low: Any, high: Any, unit: str, lang: str) -> str:
    if _isnan(low) or _isnan(high):
        return "—"
    return f"{fmt_value(low, unit, lang)} – {fmt_value(high, unit, lang)}"


def fmt_money(yuan: Any, lang: str) -> str:
    if _isnan(yuan):
        return "—"
    yuan = float(yuan)
    sign = "−" if yuan < 0 else ""
    if lang == "zh":
        return f"{sign}{abs(yuan) / 10_000:,.1f} 万元"
    return f"{sign}¥{abs(yuan):,.0f}"


def fmt_kind(value: Any, kind: str, lang: str) -> str:
    if _isnan(value):
        return "—"
    if kind == "money":
        return fmt_money(value, lang)
    if kind == "pct":
        return f"{float(value) * 100:.1f}%"
    if kind == "fee":
        return f"{float(value):.2f}"
    return fmt_number(value, 2, lang)


def fmt_duration(seconds: float, lang: str) -> str:
    zh = lang == "zh"
    if seconds < 60:
        return f"{seconds:g}秒" if zh else f"{seconds:g} s"
    if seconds < 3600:
        return f"{seconds / 60:g}分钟" if zh else f"{seconds / 60:g} min"
    if seconds < 86400:
        return f"{seconds / 3600:g}小时" if zh else f"{seconds / 3600:g} h"
    return f"{seconds / 86400:g} {'天' if lang == 'zh' else 'd'}"


def bin_label(low: float, high: float, lang: str) -> str:
    if low == 0:
        return f"< {fmt_duration(high, lang)}"
    if math.isinf(high):
        return f"≥ {fmt_duration(low, lang)}"
    return f"{fmt_duration(low, lang)}–{fmt_duration(high, lang)}"


WEEKDAY_NAMES = {"mon": ("周一", "Mon"), "tue": ("周二", "Tue"), "wed": ("周三", "Wed"), "thu": ("周四", "Thu"),
                 "fri": ("周五", "Fri"), "sat": ("周六", "Sat"), "sun": ("周日", "Sun")}


def weekday(day: str, lang: str) -> str:
    pair = WEEKDAY_NAMES.get(day)
    return (pair[0] if lang == "zh" else pair[1]) if pair else day


def days_text(days: Any, lang: str) -> str:
    """A shift's days ("mon,tue", a list, or all seven) in words: 每天 / 周一、周二."""
    items = [d.strip() for d in (days.split(",") if isinstance(days, str) else list(days or [])) if str(d).strip()]
    if not items or items == ["daily"] or len(items) == 7:
        return t("staffing.daily", lang)
    return ("、" if lang == "zh" else ", ").join(weekday(d, lang) for d in items)


def shift_label(line: Mapping[str, Any], lang: str, by_times: Mapping[str, tuple[str, str]] | None = None) -> str:
    """A shift's name for people, from its roster ``line`` (a mapping with ``shift`` and, as a
    plan's or the scenario editor's lines carry them, ``crews``, ``name_zh``/``name_en``,
    ``start``, ``length_h``, ``days``): a rotation as its crews; a plan line by the name it
    carries; else by its times, as the site and the proposal name it
    (planner.rostering.shift_names; ``by_times`` gives the group's names, numbered where two
    share a kind); else the name the scenario gives its key, else the key."""
    crews = line.get("crews")
    if isinstance(crews, (int, float)) and not isinstance(crews, bool) and crews > 0:
        return t("staffing.rotation", lang, crews=int(crews))
    pair = (line.get("name_zh"), line.get("name_en"))
    if all(isinstance(x, str) and x for x in pair):
        return pair[0] if lang == "zh" else pair[1]
    key = "" if line.get("shift") is None else str(line.get("shift"))
    if by_times and key in by_times:
        return by_times[key][0 if lang == "zh" else 1]
    named = shift_names_by_times([line]).get(key)
    if named:
        return named[0 if lang == "zh" else 1]
    return names.key_name(key, lang)


def shift_labels(rows: Iterable[Mapping[str, Any]], lang: str) -> dict[tuple[str, str, str], str]:
    """Every roster row's shift name for people, keyed ``(kind, group, shift)`` (rows as
    ui.state.roster_frame makes them; a group's shifts named together, so two of a kind are
    numbered)."""
    rows = list(rows)
    groups: dict[tuple[str, str], list[Mapping[str, Any]]] = {}
    for row in rows:
        groups.setdefault((str(row.get("kind")), str(row.get("group"))), []).append(row)
    out = {}
    for (kind, group), mine in groups.items():
        by_times = shift_names_by_times(r for r in mine if not r.get("crews"))
        for row in mine:
            out[(kind, group, str(row.get("shift")))] = shift_label(row, lang, by_times)
    return out


def _is_clock(value: Any) -> bool:
    """Whether ``value`` is a time of day as HH:MM (what an edited start cell may not be)."""
    text = value.strip() if isinstance(value, str) else ""
    return len(text) == 5 and text[2] == ":" and text[:2].isdigit() and text[3:].isdigit() \
        and int(text[:2]) < 24 and int(text[3:]) < 60


def shift_names_by_times(lines: Iterable[Mapping[str, Any]]) -> dict[str, tuple[str, str]]:
    """``{shift key: (中文, English)}`` for one group's shift ``lines`` whose start (HH:MM) and
    length are valid (lines being edited may not be): planner.rostering.shift_names."""
    usable = []
    for line in lines:
        start, length, days = line.get("start"), line.get("length_h"), line.get("days")
        if not _is_clock(start):
            continue
        if isinstance(length, bool) or not isinstance(length, (int, float)) or not 0 < length <= 24:
            continue
        if isinstance(days, str):
            days = list(WEEKDAY_KEYS) if days.strip() in ("", "daily") else [d.strip() for d in days.split(",")]
        usable.append((str(line.get("shift")), start.strip(), float(length), tuple(days or WEEKDAY_KEYS)))
    return shift_names(usable)


def cycle_text(cycle: str, lang: str) -> str:
    """A rotation's cycle ("day/night/off") in words."""
    return "/".join(names.key_name(part, lang) for part in str(cycle).split("/"))


ROLE_EXTRA = {"post": ("固定岗", "post")}


def role_label(role: str, lang: str) -> str:
    pair = ROLE_NAMES.get(role) or ROLE_EXTRA.get(role)
    if not pair:
        return role
    return pair[1] if lang == "zh" else pair[0]


def role_order(role: str) -> int:
    return ROLES.index(role) if role in ROLES else len(ROLES)


def category_label(category: str, lang: str) -> str:
    pair = CATEGORIES.get(str(category))
    if not pair:
        return str(category)
    prefix = f"{category}. " if str(category).isdigit() else ""
    return prefix + (pair[1] if lang == "zh" else pair[0])


RATE_FIELD_LABELS = {
    "rate_per_household_per_month": ("次/户·月", "per household per month"),
    "rate_per_household_per_day": ("次/户·天", "per household per day"),
    "rate_per_vehicle_gate_per_day": ("次/道闸·天", "per vehicle gate per day"),
    "rate_per_pedestrian_gate_per_day": ("次/门禁·天", "per pedestrian gate per day"),
    "rate_per_camera_per_day": ("次/摄像头·天", "per camera per day"),
    "rate_per_building_per_day": ("次/栋·天", "per building per day"),
    "rate_per_day": ("次/天", "per day"),
    "rate_per_hour": ("次/小时", "per hour"),
    "rate_per_minute": ("次/分钟", "per minute"),
}
assert set(RATE_FIELD_LABELS) == set(RATE_FIELDS)


def rate_field_label(field: str, lang: str) -> str:
    pair = RATE_FIELD_LABELS.get(field)
    return (pair[0] if lang == "zh" else pair[1]) if pair else field


TARGET_LABELS = {
    "calls.service_level": ("电话接通率（时限内接通）", "Calls answered within the time"),
    "calls.abandon_rate": ("电话放弃率不超过", "Calls abandoned, at most"),
    "calls.hourly_floor": ("每小时电话接通率不低于", "Calls answered within the time, every hour at least"),
    "response": ("客服响应：来电后联系到住户（含回拨）", "Customer-service response: callers reached (callbacks included)"),
    "remote_ops.service_level": ("远程开闸/开门/核警（时限内响应）", "Remote gate/door/alarm operations within the time"),
    "expert.service_level": ("专家坐席接通（时限内）", "Expert calls answered within the time"),
    "tickets.on_time": ("线上工单按时处理", "App tickets handled by their deadline"),
    "return_visits.on_time": ("维修回访按时完成", "Return visits on time"),
    "staff.occupancy": ("坐席占用率不超过", "Agent occupancy, at most"),
    "field.response.emergency": ("紧急维修到场", "Emergency repairs on site"),
    "field.response.urgent": ("急修到场", "Urgent repairs on site"),
    "field.response.routine": ("一般报修到场", "Routine repairs on site"),
    "field.response.planned": ("计划维修到场", "Planned work on site"),
    "field.incident_response": ("突发事件首位人员到场", "First person on site at incidents"),
    "field.specialist_response": ("电梯困人等维修或救援人员到场", "Technician or rescuer on site at incidents"),
    "field.patrol_rounds": ("巡逻按计划完成", "Patrol rounds done as scheduled"),
    "field.facility_availability": ("公共设施完好率", "Public facilities in working order"),
    "field.equipment_availability": ("各类设备完好率（每类）", "Each equipment class in working order"),
    "field.visit_coverage": ("管家每月入户走访覆盖", "Monthly household visits by butlers"),
    "field.inspection_completion": ("管家责任区每日巡查完成", "Butlers' daily zone inspections done"),
    "field.max_utilisation": ("维修工利用率不超过", "Technician utilisation, at most"),
    "field.request_completion": ("住户报修时限内完成（24小时）", "Residents' repair requests completed within the time (24 h)"),
    "field.follow_up_on_time": ("投诉跟进按时完成（一天内）", "Complaint follow-ups on time (within a day)"),
    "field.found_completion": ("巡查发现问题时限内修复", "Faults found on rounds repaired within the time"),
    "field.planned_completion": ("计划性维护到期后时限内完成", "Planned work completed within the time of falling due"),
}




# --------------------------------------------------------------------------- loader messages

# A problem the loader worded itself carries a code (sim.scenario.problems) and is said from it
# (:func:`problem_text`); no message is read back.


def _f(text: str) -> str:
    """A field named in a message ('horizon_days', 'centre.pools') in words."""
    text = text.strip().strip("'\"")
    return names.path_words(text, "zh") if "." in text else names.field_name(None, text, "zh")


#: A plan.json the proposal cannot be made from, by ProposalError's ``code``: its Chinese.
_PLAN_ERRORS_ZH = {
    "old_plan": "不是完整的方案文件（缺少必需的部分，可能由旧版程序生成）：请重新优化，或在命令行重新运行优化生成 plan.json",
    "not_json": "不是 JSON 文件",
    "too_deep": "不是方案文件：嵌套过深",
    "not_plan": "不是方案文件",
    "plan_field": "不是完整的方案文件（缺少字段或字段写错）：请上传由优化配置页或命令行优化生成的 plan.json",
    "not_portfolio": "不是完整的多项目测算结果文件：请上传由多项目测算页或命令行生成的 portfolio.json",
    "not_submittable": "该方案尚不能作为投标版导出：请先完成完整验证，并使每项服务承诺均显示达标",
    "no_font": "服务器未安装中文字体，无法绘制图表：请管理员运行安装脚本（scripts/setup.sh）",
    "no_office": "服务器未安装 LibreOffice，无法生成 PDF：请管理员运行安装脚本（scripts/setup.sh），或先导出 Word 版",
    "pdf_timeout": "PDF 转换超时：服务器繁忙，请稍后重试，或先导出 Word 版",
    "pdf_failed": "PDF 转换失败：请稍后重试，或先导出 Word 版",
}


def error_text(exc: Exception, lang: str, message: str | None = None) -> str:
    """An error's message in ``lang``: a proposal's problem by its code
    (planner.proposal.ProposalError), else :func:`translate_message` of ``message`` (default:
    the exception's own)."""
    code = getattr(exc, "code", None)
    if lang == "zh" and code in _PLAN_ERRORS_ZH:
        return _PLAN_ERRORS_ZH[code]
    return translate_message(str(exc) if message is None else message, lang)


#: Letters left in a Chinese message after translation: any run of two or more Latin letters
#: but the units the app writes in Chinese too.
_LATIN = re.compile(r"(?<![A-Za-z])(?!(?:min|s|h|km|MB|YAML|CSV|UTF)\b)[A-Za-z]{2,}")


def _fe(text: str) -> str:
    text = text.strip().strip("'\"")
    return names.path_words(text, "en") if "." in text else names.field_name(None, text, "en")


#: English messages that name fields or keys by their identifiers, in words.


#: Parameters of a problem (sim.scenario.problems) by how they are said: a scenario key, a list
#: of keys, a schema field.
_KEY_PARAMS = {"profile", "site", "role", "team", "shift", "following", "name", "target", "close", "model", "kind"}
_KEY_LISTS = {"profiles", "sites", "roles", "teams", "shifts", "unknown", "names", "kinds", "types", "values"}
_FIELD_PARAMS = {"skill", "field", "close_field"}

#: The app's English for problems it words differently from the command line (fields and keys
#: in words, what to do).
_APP_EN = {
    "unknown_field": "not a field of this part of a scenario",
    "unknown_field_close": "not a field of this part of a scenario (did you mean “{close_field}”?)",
    "no_pool_skill": "has demand but no agent pool handles {skill}",
    "pool_gap": "nobody on duty {gap}, inside the opening hours {start}-{end}: add people or move a shift",
    "group_gap": "nobody on duty {gap}, inside the opening hours {start}-{end}: add people or move a shift",
    "break_after_shift": "break {ordinal} (after {after_h:g} h, {length_min:g} min) ends after the {shift_h:g} h shift: "
                         "start it earlier or shorten it in the breaks table below",
    "escalate_needs_expert": "a share to experts needs the experts' handle time",
    "warmup_longer": "the warm-up ({warmup} days) must be shorter than the simulated days ({horizon})",
    "upload_extends": "an uploaded scenario may extend only a bundled template: {templates}",
    "literal_error": "must be one of: {values}",
}


def _gap_words(gap: RosterGap, lang: str) -> str:
    if lang != "zh":
        return str(gap)
    if gap.whole:
        return "任何时间（排班中没有人）"
    end = f"{weekday(gap.end_day, lang)} {gap.end}" if gap.end_day else gap.end
    head = f"轮班第 {gap.rotation_day} 天（{weekday(gap.day, lang)}）" if gap.rotation_day is not None else weekday(gap.day, lang)
    return f"{head} {gap.start}-{end}"


def _param_words(name: str, value: Any, lang: str) -> Any:
    """A problem's parameter in words for people."""
    zh = lang == "zh"
    if isinstance(value, RosterGap):
        return _gap_words(value, lang)
    if name == "days":
        return ("、" if zh else ", ").join(weekday(d, lang) for d in value)
    if name == "templates":  # the bundled templates by name and file
        return ("、" if zh else ", ").join(f"{names.key_name(n, lang)}（{n}.yaml）" if zh else
                                           f"{names.key_name(n, lang)} ({n}.yaml)" for n in value)
    if name in _KEY_LISTS:
        return ("、" if zh else ", ").join(names.key_name(v, lang) for v in value) or ("无" if zh else "none")
    if name in _KEY_PARAMS:
        return names.key_name(value, lang)
    if name in _FIELD_PARAMS:
        return _f(value) if zh else _fe(value)
    return value


def problem_text(issue: Issue, lang: str) -> str:
    """An issue's message in ``lang``: from its code and parameters when the loader worded it
    (sim.scenario.problems), else its message by the table of messages below."""
    if issue.code is None:  # (a problem the loader has no code for: said in general words in Chinese)
        return "取值不符合要求" if lang == "zh" and _LATIN.search(issue.message) else issue.message
    words = {k: _param_words(k, v, lang) for k, v in (issue.params or {}).items()}
    if lang == "zh":
        return problems.chinese(issue.code, words)
    return _APP_EN[issue.code].format(**words) if issue.code in _APP_EN else issue.message


def translate_message(message: str, lang: str) -> str:
    """A message that carries no code (a run's failure not foreseen) in ``lang``: in Chinese, one
    with English words in it is said as what it is, an internal error, with its reference
    (:func:`error_ref`, under which the app logs the message itself) rather than in English."""
    if lang != "zh":
        return message
    return f"程序内部错误（编号 {error_ref(message)}，详情已记入服务器日志；请将编号告知技术支持）" \
        if _LATIN.search(message) else message


def error_ref(message: str) -> str:
    """A short reference for an error message (the same message, the same reference): what the
    Chinese page shows and the server's log carries beside the message."""
    import hashlib

    return hashlib.sha256(message.encode("utf-8", "replace")).hexdigest()[:8].upper()


def path_label(path: str, lang: str) -> str | None:
    """A field path in words (None for the scenario as a whole)."""
    return names.path_words(path, lang) or None


def value_text(value: Any, lang: str) -> str | None:
    """A problem's value as a person reads it: empty, yes/no, a number, a short text; None
    when it is a whole mapping or list (the field's words say what it is)."""
    if value is MISSING or isinstance(value, (dict, list, tuple)):
        return None
    if value is None or (isinstance(value, str) and not value.strip()) or (isinstance(value, float) and math.isnan(value)):
        return "（空）" if lang == "zh" else "(empty)"
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "…"
        shown = names.key_name(text, lang) if re.fullmatch(r"[A-Za-z0-9_]+", text) else text
        return f"「{shown}」" if lang == "zh" else f"'{text}'"
    if isinstance(value, float):
        return f"{value:,.10g}" if abs(value) >= 1e-4 or value == 0 else f"{value:g}"
    return f"{value:,}" if isinstance(value, int) else str(value)


#: Characters that Markdown (with Streamlit's colour, emoji and maths extensions) would take as
#: formatting, a link or a directive; "." only before a letter (a web address: GFM links
#: ``www.x.com`` by itself), so numbers read as typed.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~$:]|\.(?=[A-Za-z])|^[-=](?=\s|$))", re.M)


#: Where GFM would make a link of plain text whatever its escapes (a web or mail address): a
#: word joiner (U+2060, invisible) goes before the scheme's colon, the "." after www and the "@".
_AUTOLINK = re.compile(r"(?i)(?<=https)(?=:)|(?<=http)(?=:)|(?<=ftp)(?=:)|(?<=mailto)(?=:)|(?<=www)(?=\.)|(?=@)")


def md(text: Any) -> str:
    """User text (a file name, a display name, a value typed, an error quoting one) as it must be
    shown inside Markdown: literally, every formatting character escaped and every address kept
    from becoming a link, so a name like ``[x](http://…)`` or ``**b**`` is read as typed, never
    as a link or bold."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _AUTOLINK.sub("\u2060", str(text)))


def describe_issue(issue: Issue, lang: str) -> str:
    """One problem in words: where (file and line), which field (in words, never its path),
    its value and what is allowed."""
    where = ""
    if issue.source:
        where = (f"{md(issue.source)} 第 {issue.line} 行 · " if lang == "zh" else f"{md(issue.source)}, line {issue.line} · ") \
            if issue.line else f"{md(issue.source)} · "
    label = path_label(issue.path, lang) if issue.path else None
    label = label or ("场景" if lang == "zh" else "the scenario")
    shown = value_text(issue.value, lang)
    head = f"**{md(label)}**" + (f" = {md(shown)}" if shown is not None else "")
    message = problem_text(issue, lang)
    if shown is not None and shown.startswith("（空") and message.startswith("必须是"):
        message = "必须填写，" + message.removeprefix("必须")
    elif lang != "zh" and shown == "(empty)" and issue.message.startswith("must be a"):
        message = "is required: " + issue.message
    return f"{where}{head}：{md(message)}" if lang == "zh" else f"{where}{head}: {md(message)}"


# --------------------------------------------------------------------------- planner messages

def _shift_words(ref: ShiftRef, lang: str) -> str:
    """A shift by its name for people; one without (a shift the search or the analytic start
    made) by its times, which the change carries."""
    named = names.given_name(ref.name, lang)
    if named is not None:
        return named
    return f"{ref.start} 起 {ref.length_h:g} 小时班" if lang == "zh" else f"{ref.start} {ref.length_h:g} h shift"


def _option_words(name: str, lang: str) -> str:
    """A design option in words (planner.proposal.text.option_words, which the proposal uses too)."""
    return option_label(name.strip(), lang) if ":" in name else names.key_name(name, lang)


def change_words(change: Change, lang: str) -> str:
    """A search move in words from its values (planner.search.changes): the group, the shifts
    and what changed."""
    zh = lang == "zh"
    if change.kind == "compound":
        return ("，再" if zh else ", then ").join(change_words(p, lang) for p in change.parts)
    if change.kind == "option":
        words = _option_words(change.option, lang)
        return (("采用：" if change.on else "不采用：") + words) if zh else (("with " if change.on else "without ") + words)
    group = names.key_name(change.group.name, lang)
    delta = f"{change.delta:+d}" if change.delta is not None else ""
    shift = _shift_words(change.shift, lang) if change.shift is not None else ""
    if change.kind in ("add", "remove"):
        if change.shift is None:  # a rotation's people per crew
            return f"{group} · " + (f"每班组{_delta(delta, lang)}" if zh else f"{delta} per crew")
        return f"{group} · " + (f"{shift}{_delta(delta, lang)}" if zh else f"{shift} {delta}")
    if change.kind == "retime_all":
        return f"{group} · " + (f"全部班次{'提前' if change.delta < 0 else '推后'} {abs(change.delta)} 分钟" if zh
                                else f"every shift {delta} min")
    if change.kind == "split":
        return f"{group} · " + (f"{shift}抽 1 人另设 {change.start} 上班的班次" if zh
                                else f"one of {shift} to a new shift at {change.start}")
    if change.kind == "retime":
        return f"{group} · " + (f"{shift}改为 {change.start} 上班" if zh else f"{shift} starts {change.start}")
    if change.kind == "transfer":
        other = _shift_words(change.other, lang)
        return f"{group} · " + (f"1 人从{shift}调到{other}" if zh else f"one from {shift} to {other}")
    if change.kind == "resize":
        return f"{group} · " + (f"{shift}班长改为 {change.length_h:g} 小时" if zh else f"{shift} {change.length_h:g} h long")
    other = _shift_words(change.other, lang)  # consolidate
    two = change.other.name == change.shift.name
    if zh:
        taken = f"{shift}抽 2 人" if two else f"{shift}、{other}各抽 1 人"
        return f"{group} · {taken}合为 {change.start} 起 {change.length_h:g} 小时班"
    taken = f"two of {shift}" if two else f"one of {shift} and one of {other}"
    return f"{group} · {taken} → one {change.length_h:g} h shift at {change.start}"


def step_words(plan: Mapping[str, Any], step: Mapping[str, Any], lang: str) -> str:
    """A step of a plan's search in words: from its change (plan.json 3); an older plan's move
    as it was written (in English) or, in Chinese, as another change."""
    change = step_change(dict(plan), dict(step))
    if change is not None:
        return change_words(change, lang)
    return t("opt.other_change", lang) if lang == "zh" else str(step.get("lever", ""))


def _delta(text: str, lang: str) -> str:
    n = text.lstrip("+−-")
    return (f"减 {n} 人" if text[0] in "-−" else f"加 {n} 人") if lang == "zh" else text


def option_label(name: str, lang: str) -> str:
    """A design option ('on_call:technicians>night', 'merge_pool:experts>service_desk') in words."""
    from planner.proposal.text import option_words

    return option_words(name, lang)


#: How the app names what a search event concerns: options, targets, moves, money and pools in words.
SEARCH_NAMES = Namer(option=_option_words, target=lambda key, lang: kpi_key_label(key, lang), move=change_words,
                     money=fmt_money, name=names.key_name)


def action_label(action: str, lang: str) -> str:
    """A search move's action in words (planner.search.events' table)."""
    pair = ACTIONS.get(action)
    return (pair[0] if lang == "zh" else pair[1]) if pair else action


def progress_message(event: SearchEvent, lang: str) -> str:
    """One event of the planner's log in words (planner.search.events' table of the language)."""
    return render(event, lang, SEARCH_NAMES)


#: A planner note (plan.json's ``notes``, planner.plan.make_plan) by how it begins: its text.
_NOTES = {"targets no added staff could move": "opt.set_aside", "budget needs exactly one site": "opt.note.no_budget",
          "the rule-of-thumb plan also meets every target": "opt.note.prefer_norms"}


def kpi_key_label(key: KpiKey, lang: str) -> str:
    """A KPI in words from its key ('坐席 · 客服坐席 · 占用率')."""
    return kpi_label(key.stream, key.metric, key.group, lang)


def target_label(key: str | KpiKey, lang: str) -> str:
    """A commitment in words: a row of the commitments table ('calls.service_level',
    'field.response.emergency') or a KPI (its key, or the key's string form
    'staff[service_desk].occupancy'); text that is neither, as it is."""
    if isinstance(key, KpiKey):
        return kpi_key_label(key, lang)
    if key in TARGET_LABELS:
        return TARGET_LABELS[key][0 if lang == "zh" else 1]
    try:
        return kpi_key_label(KpiKey.parse(key), lang)
    except ValueError:
        return key


def target_list(keys: list[KpiKey], lang: str) -> str:
    """Targets in words ('、' between them in Chinese)."""
    return ("、" if lang == "zh" else ", ").join(kpi_key_label(k, lang) for k in keys)


def plan_note(note: str, lang: str, plan: Mapping[str, Any]) -> str:
    """A note of ``plan`` (plan.json's ``notes``) in words; the set-aside targets from the plan's
    ``set_aside``, by their names."""
    key = next((k for start, k in _NOTES.items() if note.startswith(start)), None)
    if key is None:
        return note
    return t(key, lang, targets=target_list(plan_kpis(dict(plan), plan.get("set_aside") or []), lang))

from ui.library_text import LIBRARY_TEXT; TEXT.update(LIBRARY_TEXT)  # noqa: E402,E702  (the library's texts)
