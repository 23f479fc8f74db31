"""Every user-visible string of the proposal, in Chinese (the default) and English.

``t(key, lang, **values)`` looks a label up in :data:`LABELS` and fills its ``{placeholders}``.
Names of roles, departments, pools, teams, posts, shifts, KPIs, cost items and distributions
have their own tables and functions below; a name the tables do not know (a scenario's own
pool, say) falls back to a description built from its role, with the identifier in brackets.
Chinese headings follow the vocabulary of a property management proposal (物业管理方案):
管理服务人员配备方案, 服务费用收支测算, 合同期收支计划, 收支平衡.
"""

from __future__ import annotations

import re

from planner.glossary import TERMS
from planner.costs.budget import CATEGORIES, ROLE_NAMES
from sim.results.centre_kpis import KpiKey

ZH, EN = "zh", "en"

#: key -> (Chinese, English).
LABELS: dict[str, tuple[str, str]] = {
    # ---------------------------------------------------------------- document
    "doc.title": ("物业管理方案", "Property Management Proposal"),
    "doc.subtitle": ("管理服务人员配备方案及服务费用收支测算", "Staffing Plan and Cost Estimate"),
    "doc.toc": TERMS["contents"],
    "doc.page": ("第 {page} 页", "Page {page}"),
    "doc.page_before": TERMS["page_before"],
    "doc.page_after": TERMS["page_after"],
    "doc.date": ("编制日期：{date}", "Date: {date}"),
    "doc.basis_line": ("本测算以离散事件仿真验证服务承诺，{reps}次独立重复、每次{days}天，置信水平95%。",
                       "Every commitment is verified by discrete-event simulation: {reps} independent "
                       "replications of {days} days each, at 95% confidence."),
    "cap.table": TERMS["table"],
    "cap.figure": TERMS["figure"],
    "cap.sep": ("-", "."),
    "note": ("注：", "Note: "),
    "dash": ("—", "—"),
    "total": TERMS["total"],
    "subtotal": ("小计", "Subtotal"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    # ---------------------------------------------------------------- cover facts
    "cover.project": TERMS["project"],
    "cover.bidder": ("投标单位", "Bidder"),
    "cover.contact": ("联系人", "Contact"),
    "cover.unnamed": ("（项目名称待定）", "(project name to be given)"),
    "cover.sites": ("物业名称", "Site(s)"),
    "cover.model": TERMS["operating_model"],
    "cover.grade": TERMS["service_grade"],
    "cover.scale": ("规模", "Size"),
    "cover.scale_value": ("{households}户，建筑面积{area}㎡", "{households} households, {area} m² floor area"),
    "cover.people": ("配备人数", "Staff"),
    "cover.people_value": ("{people}人（整人编制，含替休）", "{people} people (whole posts, relief included)"),
    "cover.fee": ("盈亏平衡收费标准", "Break-even fee"),
    "cover.fee_value": ("{fee}元/㎡·月（收缴率{collection}）", "{fee} yuan/m²·month ({collection} collected)"),
    "cover.fee_charged": ("现行收费标准", "Fee charged"),
    "cover.fee_charged_value": ("{fee}元/㎡·月，年度结余{amount}元", "{fee} yuan/m²·month, surplus {amount} yuan a year"),
    "cover.fee_charged_short": ("{fee}元/㎡·月，年度缺口{amount}元", "{fee} yuan/m²·month, shortfall {amount} yuan a year"),
    "cover.commitments": TERMS["commitments_met"],
    "cover.commitments_value": ("{met}/{total}项（95%置信）", "{met} of {total} (95% confidence)"),
    "model.traditional": ("传统模式（出入口固定岗）", "traditional (fixed gate posts)"),
    "model.centralised": ("集中管控模式（远程值守）", "centralised (remote operation)"),
    "grade.value": ("{grade}级", "grade {grade}"),
    "fee_model.lump_sum": TERMS["lump_sum"],
    "fee_model.commission": TERMS["commission"],
    # ---------------------------------------------------------------- chapter 1
    "ch1": ("项目概况与测算前提", "Site Summary and Assumptions"),
    "ch1.site": ("项目概况", "The site"),
    "ch1.site_text": ("本项目共{households}户，建筑面积{area}㎡，{buildings}栋楼，划分为{zones}个管家片区，采用{model}。",
                      "The project has {households} households in {buildings} buildings with {area} m² of floor area, "
                      "{zones} butler zones, and is run under the {model} model."),
    "ch1.site_table": ("项目基本情况", "Site facts"),
    "ch1.assumptions": ("测算前提", "Assumptions"),
    "ch1.params_table": ("主要测算参数", "Main parameters of the estimate"),
    "ch1.wages_table": ("岗位月工资标准", "Monthly wages by post"),
    "col.item": TERMS["item"],
    "col.value": ("数值", "Value"),
    "col.unit": TERMS["unit"],
    "col.parameter": TERMS["parameter"],
    "col.post": TERMS["post"],
    "col.wage": ("月工资（元）", "Wage (yuan/month)"),
    "site.households": TERMS["households_col"],
    "site.floor_area_m2": ("总建筑面积", "Gross floor area"),
    "site.land_area_m2": ("占地面积", "Land area"),
    "site.green_area_m2": ("绿化面积", "Green area"),
    "site.buildings": ("楼栋", "Buildings"),
    "site.lifts": ("电梯", "Lifts"),
    "site.zones": ("管家片区", "Butler zones"),
    "site.households_per_zone": ("每片区户数", "Households per zone"),
    "site.vehicle_gates": ("车行道闸", "Vehicle barrier lanes"),
    "site.pedestrian_gates": ("人行门禁", "Pedestrian gates"),
    "site.cameras": ("摄像头", "Cameras"),
    "site.pumps": ("水泵", "Pumps"),
    "site.fire_control_rooms": ("消防控制室（24 小时持证值班）", "Fire control rooms (staffed around the clock)"),
    "site.vacant_share": ("空置率", "Vacant units"),
    "site.grade": TERMS["service_grade"],
    "site.sites": TERMS["sites"],
    "unit.households": ("户", "households"),
    "unit.m2": ("㎡", "m²"),
    "unit.count": ("个", "units"),
    "unit.buildings": ("栋", "buildings"),
    "unit.lifts": ("部", "lifts"),
    "unit.zones": ("个", "zones"),
    "unit.lanes": ("条", "lanes"),
    "unit.people": ("人", "people"),
    "unit.yuan": ("元", "yuan"),
    "unit.yuan_month": ("元/月", "yuan/month"),
    "unit.yuan_year": TERMS["yuan_year"],
    "unit.yuan_m2_month": TERMS["yuan_m2_month"],
    "unit.share": ("%", "%"),
    "unit.years": ("年", "years"),
    "unit.days": ("天", "days"),
    "p.social_insurance_rate": ("社会保险（单位缴纳，占缴费基数）", "Social insurance (employer, share of base)"),
    "p.housing_fund_rate": ("住房公积金（占缴费基数）", "Housing fund (share of base)"),
    "p.contribution_floor": ("缴费基数下限", "Contribution floor"),
    "p.welfare_rate": ("福利费、工会经费、职工教育经费（占工资）", "Welfare, union and training (share of wages)"),
    "p.uniform": ("服装费", "Uniforms"),
    "p.uniform_unit": ("元/人·年", "yuan/person·year"),
    "p.holiday_overtime": ("法定节假日加班（24小时岗位）", "Statutory-holiday overtime (24-h roles)"),
    "p.holiday_overtime_value": ("{days}天，{mult}倍日工资", "{days} days at {mult}× daily wage"),
    "p.working_days": ("每人年工作日", "Working days a year per person"),
    "p.annual_leave": ("年休假", "Annual leave"),
    "p.relief_factor": ("替班系数", "Relief factor"),
    "p.overhead_rate": ("企业管理费率（占直接费用）", "Company overhead (share of direct cost)"),
    "p.contingency_rate": ("不可预见费率", "Contingency rate"),
    "p.profit_rate": ("利润率（占成本）", "Profit (share of cost)"),
    "p.commission_rate": ("酬金率（占支出）", "Commission (share of spending)"),
    "p.vat_rate": ("增值税率", "VAT rate"),
    "p.surcharge_rate": ("附加税费（占增值税）", "Surcharges (share of VAT)"),
    "p.fee_model": TERMS["fee_model"],
    "p.fee": ("物业服务费标准", "Property fee"),
    "p.collection_rate": ("收缴率", "Collection rate"),
    "p.contract_years": ("合同期", "Contract period"),
    "p.wage_growth": ("工资年增长率", "Wage growth a year"),
    "a.model": ("运营模式为{model}。{model_text}", "The operating model is {model}. {model_text}"),
    "a.model.traditional": ("车行道闸、人行门禁的异常处理及监控由出入口固定岗和监控室在现场值守。",
                            "Gate exceptions and camera alarms are handled by guards at fixed posts and in the "
                            "monitoring room on site."),
    "a.model.centralised": ("道闸、门禁开启及报警核实由客服中心坐席远程完成，现场不设出入口固定岗。",
                            "Barrier gates, doors and alarm checks are operated remotely by the contact centre; "
                            "the site has no fixed gate posts."),
    "a.model.fire_control": ("消防控制室不因集中管控撤岗，仍按每班两名持证人员 24 小时值班（《消防控制室通用技术要求》"
                             "GB 25506-2010 第4.2.1条）。",
                             "The fire control room stays under centralised control, on duty around the clock with two "
                             "certified people a shift (GB 25506-2010 §4.2.1)."),
    "a.model.group": ("道闸、门禁开启及报警核实由集团呼叫中心坐席远程完成，现场不设出入口固定岗；住户来电、线上工单与维修回访"
                      "由集团呼叫中心统一受理。本项目不配坐席，按分摊规则承担集团呼叫中心费用{share}元/年（计入支出测算）；"
                      "呼叫中心的服务承诺由集团按各项目汇总业务量配置并验证，见《集团呼叫中心与集中管控方案》。",
                      "Barrier gates, doors and alarm checks are operated remotely by the group call centre and the "
                      "site has no fixed gate posts; residents' calls, app tickets and return visits are taken by the "
                      "group call centre. The site staffs no agents and bears {share} yuan a year of the group centre "
                      "by the allocation rule (in the budget); the centre's commitments are staffed and verified by "
                      "the group on the pooled demand of its sites (see the group call-centre chapter)."),
    "a.demand": ("业务量：住户来电约{calls}次/户·月，线上（小程序/微信）工单约{tickets}次/户·月，维修后100%回访；"
                 "仿真按小时、星期及雨季等日期系数模拟来电、工单、远程操作、维修派单、巡逻、突发事件和管家走访。",
                 "Demand: about {calls} calls and {tickets} app tickets per household a month, a return visit "
                 "after every repair; the simulation follows the hour-of-day, day-of-week and dated (rainy "
                 "season) patterns of calls, tickets, remote operations, work orders, patrols, incidents and "
                 "butlers' visits."),
    "a.evidence": ("验证：{reps}次独立重复仿真，每次{days}天（起始日{start}），采用与搜索不同的新随机数；"
                   "一项承诺仅在其置信区间（{level}）整体满足目标时判定为达成。{looks}",
                   "Evidence: {reps} independent replications of {days} days each (from {start}), on random "
                   "numbers the search never saw; a commitment is met only when its whole confidence "
                   "interval ({level}) meets the target.{looks}"),
    "a.looks": ("验证按事先定好的重复次数分次查看数据，每次查看的置信水平按查看次数提高，使“以95%置信度达成”对全部查看合计成立。",
                " Verification looks at its data only after replication counts fixed in advance, each look at a "
                "level raised for the number of looks, so that “met at 95% confidence” holds over all of them."),
    "a.headcount": ("人数折算：每周班次人·日 ÷ 每人每周工作{dpw}天 × 替班系数{relief}"
                    "（年工作日{wd}天、年休假{leave}天）；管理处主任、财务、保洁、绿化为定额工作，按经验配比。",
                    "Full-time people = shift-days a week ÷ {dpw} days a person works × relief factor {relief} "
                    "({wd} working days a year, {leave} days of annual leave); site manager, finance, cleaning "
                    "and greening are fixed-content work staffed by the norms."),
    "a.costs": ("费用：{fee_model}，收费标准{fee}元/㎡·月，收缴率{collection}，合同期{years}年，工资年增长{growth}。",
                "Costs: {fee_model} fee model, fee {fee} yuan/m²·month, collection rate {collection}, a "
                "{years}-year contract, wages growing {growth} a year."),
    # ---------------------------------------------------------------- chapter 2
    "ch2": ("服务承诺", "Service Commitments"),
    "ch2.intro": ("本方案对业主作出以下服务承诺。每项承诺均以仿真验证：在{reps}次独立重复、每次{days}天的仿真中，"
                  "按本方案排班运行项目全部业务，统计承诺指标的均值及置信区间（{level}）；同时以相同排班结构、相同随机数"
                  "检验按经验配比配置的人数能否达到同样承诺。",
                  "The proposal makes the following commitments to the owners. Each is verified by simulation: "
                  "the site's whole workload is run on the planned rosters in {reps} independent replications of "
                  "{days} days, and each commitment's mean and confidence interval ({level}) are reported; the "
                  "rule-of-thumb headcount is run on the same rosters and random numbers for comparison."),
    "ch2.intro_submission": ("本方案对业主作出以下服务承诺。每项承诺均以仿真验证：在{reps}次独立重复、每次{days}天的仿真中，"
                             "按本方案排班运行项目全部业务，统计承诺指标的均值及置信区间（{level}）。",
                             "The proposal makes the following commitments to the owners. Each is verified by simulation: "
                             "the site's whole workload is run on the planned rosters in {reps} independent replications of "
                             "{days} days, and each commitment's mean and confidence interval ({level}) are reported."),
    "ch2.shown": ("上表每项承诺的置信区间均落在承诺一侧，即本方案以95%置信度达成全部服务承诺（验证方法见附录A）。",
                  "Each commitment's confidence interval lies on the promised side of its target: the plan meets "
                  "every commitment at 95% confidence (the method is in Appendix A)."),
    "ch2.shown_reported": ("除标注“仅报告”的外包单位承诺外，上表每项承诺的置信区间均落在承诺一侧，即本方案以95%置信度达成"
                           "其全部服务承诺（验证方法见附录A）。",
                           "Except the outside contractors' commitments marked “reported”, each commitment's "
                           "confidence interval lies on the promised side of its target: the plan meets every commitment "
                           "of its own at 95% confidence (the method is in Appendix A)."),
    "ch2.table": ("服务承诺及仿真验证结果", "Service commitments and simulated evidence"),
    "ch2.summary": ("本方案{met}项承诺中达成{met_plan}项；经验配比人数在相同条件下达成{met_rot}项{missed}。",
                    "The plan meets {met_plan} of {met} commitments; the rule-of-thumb headcount meets {met_rot} "
                    "under the same conditions{missed}."),
    "ch2.missed": ("，未达成的为：{items}", ". It misses {items}"),
    "ch2.unmet_plan": ("本方案未能以95%置信度确认达成的承诺：{items}（见附录A说明）。",
                       "Commitments the plan does not meet at 95% confidence: {items} (see the notes in Appendix A)."),
    "ch2.figure": ("响应时间分布（仿真）", "Response-time distributions (simulated)"),
    "ch2.figure_note": ("曲线为在相应时间内完成的比例（累计分布），圆点为承诺（时限，比例）；"
                        "坐席等待按已接通计，现场按到场计，工单及回访按完成计。",
                        "Each curve is the share done within the time (cumulative distribution); dots are the "
                        "commitments (time, share). Waits count answered contacts, field times the arrival on "
                        "site, tickets and return visits their completion."),
    "col.commitment": TERMS["commitment"],
    "col.target": TERMS["target"],
    "col.plan_mean": ("本方案\n均值", "Plan\nmean"),
    "col.ci_low": ("区间\n下限", "Interval\nlow"),
    "col.ci_high": ("区间\n上限", "Interval\nhigh"),
    "col.verdict": TERMS["verdict"],
    "col.rot_mean": ("经验配比\n均值", "Norms\nmean"),
    "col.rot_verdict": ("经验配比\n结论", "Norms\nverdict"),
    # the app's words (ui.i18n status.*): one vocabulary of verdicts (sim.results.verdicts)
    "verdict.met": TERMS["met"],
    "verdict.missed": TERMS["missed"],
    "verdict.inconclusive": TERMS["not_yet_shown"],
    "verdict.no data": TERMS["not_measured"],
    "verdict.reported": ("仅报告：{verdict}", "reported: {verdict}"),
    "ch2.reported": ("表中标注“仅报告”的为外包单位的承诺（如电梯困人时外包救援单位到场），其到场时间取决于外包单位而非本项目人员配置，"
                     "故如实报告并给出结论，但不计入本方案的承诺达成数。",
                     "Rows marked \u201creported\u201d are an outside contractor's commitments (such as the lift "
                     "company's rescuer at an entrapment): no staffing of the site moves them, so they are reported "
                     "with their verdict but not counted among the plan's commitments."),
    # ---------------------------------------------------------------- chapter 3
    "ch3": ("管理服务人员配备方案", "Staffing Plan"),
    "ch3.principles": ("配备原则", "Principles"),
    "ch3.p1.group": ("人员按“以承诺定岗、以业务量定人”的原则配备：维修、秩序维护及管家的人数由离散事件仿真按项目实际业务量"
                     "（报修派单、巡逻、突发事件、入户走访，以及集团呼叫中心转来的工单）逐班测算，取满足全部现场服务承诺的"
                     "最经济排班；客服与远程值守由集团呼叫中心承担，本项目不配坐席；管理处主任、财务、保洁、绿化为定额工作，"
                     "按行业经验配比配置。",
                     "Staff are set by the commitments and the workload: the numbers of technicians, guards and "
                     "butlers come from a discrete-event simulation of the site's real workload (repairs, patrols, "
                     "incidents, household visits and the work orders the group call centre passes on), shift by "
                     "shift, as the cheapest rosters meeting every commitment on site; customer service and remote "
                     "operation are the group call centre's, and the site staffs no agents; site manager, finance, "
                     "cleaning and greening are fixed duties staffed by the usual ratios."),
    "ch3.p1": ("人员按“以承诺定岗、以业务量定人”的原则配备：客服中心坐席、维修、秩序维护、出入口岗位及管家的人数，"
               "由离散事件仿真按项目实际业务量（来电、工单、远程操作、报修派单、巡逻、突发事件、入户走访）逐班测算，"
               "取满足全部服务承诺的最经济排班；管理处主任、财务、保洁、绿化为定额工作，按行业经验配比配置。",
               "Staff are set by the commitments and the workload: the numbers of contact-centre agents, "
               "technicians, guards, gate posts and butlers come from a discrete-event simulation of the site's "
               "real workload (calls, tickets, remote operations, repairs, patrols, incidents, household visits), "
               "shift by shift, as the cheapest rosters meeting every commitment; site manager, finance, cleaning "
               "and greening are fixed-content work staffed by the industry norms."),
    "ch3.p2": ("测算分三步：先以排队论（Erlang C）按小时计算客服中心需求并以整数规划排出班次；再以仿真逐班增减人数，"
               "直至每项承诺以95%置信度达成且再减一人即不能达成；最后以新随机数复核。",
               "Three steps: queueing theory (Erlang C) gives the contact centre's hourly requirement, covered by "
               "shifts through an integer program; the simulation then adds and removes people shift by shift "
               "until every commitment is met at 95% confidence and no single person can be removed; a final run "
               "on fresh random numbers verifies it."),
    "ch3.p_unmet": ("注意：本方案尚有{n}项承诺未能以95%置信度确认达成（见第2章），上述原则是测算的目标，并非已达成的结论。",
                    "Note: {n} of the plan's commitments are not shown met at 95% confidence (see chapter 2); the "
                    "principles above are what the estimate aims at, not what it has shown."),
    "ch3.summary": ("人员配备汇总", "Headcount by department and post"),
    "ch3.summary_table": ("人员配备汇总表", "Headcount by department and post"),
    "ch3.summary_text": ("本方案共配备{people}人（整人编制，含替休），经验配比为{rot}人；每人服务建筑面积{m2}㎡，"
                         "行业经验为2,000～4,000㎡/人。",
                         "The plan needs {people} people (whole people per post, relief included) against {rot} by the norms, {m2} m² of floor "
                         "area per person (the industry's range is 2,000–4,000 m² per person)."),
    "ch3.summary_note": ("本方案人数为各岗位取整后的编制人数（含轮休、年休假替班，见岗位编制测算表）；经验配比按各岗位取整。",
                         "Planned people are whole people per post (relief for days off and annual leave included: "
                         "see the table of whole people per post); the norms are rounded up per post too."),
    "ch3.phases": ("入伙期分阶段人员配置", "Staffing by move-in phase"),
    "ch3.phases_table": ("入伙期各阶段人员配置及增员到岗时间", "People by move-in phase and when added people start"),
    "ch3.phases_text": ("项目入伙期按入住率分为{n}个阶段：{phases}。各阶段按其入住率分别测算业主来电、线上工单、由此产生的维修工单、"
                        "出入口远程操作及管家入户走访等随入住人数增长的工作量，设施设备维保、巡逻、固定岗位及合规要求不随入住率变化。"
                        "人员由首阶段的{first}人逐步增至{last}人，增加的人员于所需阶段的首月到岗。",
                        "The move-in period runs in {n} phases by occupancy: {phases}. Each phase is planned at its "
                        "occupancy for the work that grows with residents (their calls, app tickets and the work orders "
                        "these open, gate remote operations, the butlers' home visits); equipment maintenance, patrols, "
                        "the fixed posts and the compliance rules do not change with occupancy. The staff grow from "
                        "{first} people in the first phase to {last}, each added person starting in the first month of "
                        "the phase that needs them."),
    "ch3.phases_note": ("各阶段人数为整人编制（含替休）；末栏列出首阶段之后各阶段首月增加（或减少）的人数，增加的人员于该月到岗。",
                        "People are whole posts, relief included; the last column gives the people added (or "
                        "released) in the first month of each later phase, added people starting that month."),
    "ch3.phases_unmet": ("注意：{phases}的人员配置尚未在仿真中验证全部服务承诺达成，请调整后重新测算。",
                         "Note: the staffing of {phases} is not yet shown by the simulation to meet every "
                         "commitment; adjust it and plan again."),
    "phase.n": ("第{n}阶段", "Phase {n}"),
    "phase.months": ("第{first}～{last}月", "months {first}–{last}"),
    "phase.part": ("{name}（{months}）入住率{occupancy}", "{name} ({months}) at {occupancy} occupancy"),
    "phase.hire": ("第{month}月{people}人", "month {month}: {people}"),
    "col.hires": ("人员增减（起始月）", "People added or released (month)"),
    "col.phase": ("阶段", "Phase"),
    "col.months": ("月数", "Months"),
    "col.monthly_cost": ("月度费用（元）", "Monthly cost (yuan)"),
    "col.phase_cost": ("阶段费用（元）", "Cost of the months (yuan)"),
    "ch3.rosters": TERMS["rosters"],
    "ch3.roster_table": ("各岗位排班表", "Rosters by post and shift"),
    "ch3.roster_text": ("下表为各班组每个班次的在岗人数。管家按片区排班，表中人数为每个片区的人数；"
                        "“调整”栏为仿真优化相对初始排班的增减。",
                        "The table gives the people on each shift. Butlers are rostered per zone: their numbers "
                        "are per zone. “Change” is the optimisation's change from the starting roster."),
    "ch3.demand_figure": ("客服中心各小时业务量与在岗人数", "Contact-centre demand by hour against people on duty"),
    "ch3.demand_note": ("话务量为每小时到达量×平均处理时长（爱尔朗，即同时所需人数），延时类工作（工单、回访）按日均计入；"
                        "理论需求为Erlang C按服务水平目标计算的人数；在岗人数已扣除休息。",
                        "Offered load = arrivals per hour × mean handle time (Erlangs: people busy at once), "
                        "deferrable work (tickets, return visits) at its daily average; the requirement is Erlang "
                        "C's number for the service-level target; people on duty exclude breaks."),
    "ch3.basis": ("人数测算依据", "Basis of each count"),
    "ch3.basis_text": ("各岗位人数依据如下表：仿真确定的岗位，其每周班次来自上节排班，并以表{commit_table}的承诺验证；"
                       "定额岗位按经验配比（表{norms_table}）。",
                       "The basis of each post's count: simulated posts take their shift-days from the rosters "
                       "above and are verified against the commitments of Table {commit_table}; fixed-content "
                       "posts follow the norms (Table {norms_table})."),
    "ch3.basis_table": ("各岗位人数测算依据", "Basis of the count of each post"),
    "ch3.sl_figure": ("最繁忙时段服务水平与坐席人数（排队论）", "Service level against agents in the busiest hour (queueing theory)"),
    "ch3.sl_note": ("Erlang C假设来电不放弃（偏保守），Erlang A计入来电放弃；竖线为该时段排班人数。"
                    "仿真结果（表{commit_table}）已计入时变需求、休息和优先级，以仿真为准。",
                    "Erlang C assumes nobody hangs up (conservative), Erlang A counts abandonment; the vertical "
                    "line is the number rostered in that hour. The simulation (Table {commit_table}) also "
                    "captures time-varying demand, breaks and priorities, and is the evidence."),
    "ch3.norms_table": ("经验配比测算（行业指标）", "Rule-of-thumb headcount (industry norms)"),
    "ch3.norms_basis": ("按行业经验配比完整测算（{grade}级服务标准：管家每400～500户1人，客服前台24小时值守，每个封闭出入口3人，"
                        "监控室不少于3人，巡逻队每5万㎡2人，保洁、绿化、工程按面积），需配备{rot}人。",
                        "The industry norms applied completely (grade {grade}: a butler per 400–500 households, a "
                        "24-hour front desk, 3 guards per closed entrance, a monitoring room of at least 3, a patrol "
                        "team of 2 per 50,000 m², cleaning, greening and maintenance by area) give {rot} people."),
    "ch3.norms_sim": ("经验配比按其自身的排班（24小时岗位早、中、夜三班，管家及客服主管周一至周五白班）在相同随机数下仿真，"
                      "达成{met_rot}/{targets}项承诺。",
                      "Simulated on their own rosters (three eight-hour shifts for 24-hour posts, weekday office "
                      "days for butlers and the supervisor) and the same random numbers, they meet {met_rot} of "
                      "{targets} commitments."),
    "col.department": ("部门", "Department"),
    "col.planned": ("本方案（人）", "Plan (people)"),
    "col.rule_of_thumb": ("经验配比（人）", "Norms (people)"),
    "col.difference": ("差异（人）", "Difference"),
    "col.diff": TERMS["difference"],
    "col.basis": TERMS["staffing_basis"],
    "col.group": ("班组/岗位", "Team or post"),
    "col.shift": TERMS["shift"],
    "col.hours": ("时段", "Time of day"),
    "col.days": TERMS["days"],
    "col.people_per_shift": ("每班\n人数", "People\na shift"),
    "col.change": ("调整", "Change"),
    "col.copies": ("片区/\n份数", "Copies"),
    "col.shift_days": ("每周\n人·班", "Shift-days\na week"),
    "col.fte": ("折算\n人数", "Full-time\npeople"),
    "col.quantity": ("基数", "Quantity"),
    "col.ratio": ("配比", "Ratio"),
    "col.headcount": TERMS["people"],
    "basis.simulated": ("仿真验证：{items}", "Simulated: {items}"),
    "basis.norms": ("定额工作，按经验配比", "Fixed-content work: the norms"),
    "basis.fte": ("{days}人·班/周 ÷ {dpw} × {relief}", "{days} shift-days/week ÷ {dpw} × {relief}"),
    "days.daily": TERMS["daily"],
    "days.weekdays": ("周一至周五", "Mon–Fri"),
    "days.weekend": ("周六、周日", "Sat, Sun"),
    "rotation": ("{crews}班轮换", "{crews} crews rotating"),
    "rotation.four_three": ("四班三运转", "four crews, three shifts"),
    # ---------------------------------------------------------------- chapter 4
    "ch4": ("服务费用收支测算", "Cost Estimate"),
    "ch4.basis": ("测算依据与说明", "Basis and notes"),
    "ch4.b1": ("支出按《物业服务收费管理办法》第十一条所列九项成本构成测算：人员费用，公共部位及共用设施设备日常运行维护费，"
               "清洁卫生费，绿化养护费，秩序维护费，办公费，固定资产折旧，公共部位及公众责任保险费，经业主同意的其他费用；"
               "另计不可预见费、{margin}和税金。共用部位、共用设施设备的大中修及更新改造费用由专项维修资金列支，不计入本测算。",
               "Costs follow the nine items of the Property Service Charge Regulation (art. 11): staff; running and "
               "maintenance of common parts and facilities; cleaning; greening; security and order; office; "
               "depreciation; common-parts and public-liability insurance; other costs agreed by the owners; then "
               "contingency, {margin} and taxes. Major repairs and renewals are paid from the special maintenance "
               "fund and are not in this estimate."),
    "ch4.b2": ("收费方式为{fee_model}：{formula}。金额以元为单位四舍五入，合计按未取整数计算，个别尾差系四舍五入所致。",
               "Fee model: {fee_model}, {formula}. Amounts are rounded to the yuan; totals are computed before "
               "rounding, so a total may differ from the sum of its rounded lines by a yuan."),
    "formula.lump_sum": ("物业服务费 = 成本 + 利润 + 税金", "fee = cost + profit + taxes"),
    "formula.commission": ("物业服务费 = 物业服务支出 + 酬金 + 税金", "fee = spending + commission + taxes"),
    "ch4.labour": ("人员费用测算", "Staff costs"),
    "ch4.labour_table": ("人员费用测算表", "Staff costs by post"),
    "ch4.labour_note": ("社会保险、住房公积金按月工资（不低于缴费基数下限{floor}元）的{si}、{hf}计；福利费、工会经费、"
                        "职工教育经费按工资的{welfare}计；法定节假日加班费按{days}天×{mult}倍日工资（月工资÷{paid}）计，"
                        "仅计24小时岗位；服装费{uniform}元/人·年。",
                        "Social insurance and housing fund at {si} and {hf} of the monthly wage (at least the "
                        "contribution floor of {floor} yuan); welfare, union and training at {welfare} of wages; "
                        "statutory-holiday overtime {days} days at {mult}× the daily wage (monthly ÷ {paid}), for "
                        "round-the-clock posts only; uniforms {uniform} yuan per person a year."),
    "ch4.expenses": ("支出测算", "Expenses"),
    "ch4.expense_table": ("物业服务费用支出测算表", "Expenses by cost item"),
    "ch4.income": ("收入测算与收支平衡", "Income and balance"),
    "ch4.income_table": ("收入测算与收支平衡表", "Income and balance"),
    "ch4.balance_surplus": ("按收费标准{fee}元/㎡·月、收缴率{collection}测算，年收入{income}元，高于年度费用总额{total}元，"
                            "结余{surplus}元（在目标{margin}之外）。",
                            "At {fee} yuan/m²·month and a {collection} collection rate, income is {income} yuan a "
                            "year, above the total of {total} yuan by {surplus} yuan (beyond the target {margin})."),
    "ch4.balance_deficit": ("按收费标准{fee}元/㎡·月、收缴率{collection}测算，年收入{income}元，低于年度费用总额{total}元，"
                            "缺口{deficit}元。实现收支平衡（含目标{margin}）需收费标准不低于{break_even}元/㎡·月，"
                            "或相应降低成本、提高收缴率，或增加经营性收入弥补。",
                            "At {fee} yuan/m²·month and a {collection} collection rate, income is {income} yuan a "
                            "year, short of the total of {total} yuan by {deficit} yuan. Breaking even (target "
                            "{margin} included) needs a fee of at least {break_even} yuan/m²·month, or lower "
                            "costs, a higher collection rate or other income to close the gap."),
    "ch4.cost_figure": ("年度费用构成：本方案与经验配比", "Annual cost by item: plan and norms"),
    "ch4.contract": ("合同期收支计划", "Contract-period plan"),
    "ch4.contract_table": ("合同期收支计划表", "Income and expenditure over the contract"),
    "ch4.contract_text": ("合同期{years}年，工资及相关费用按每年{growth}增长，其他费用及收费标准保持不变。"
                          "合同期总收入{income}元，总支出{total}元，{balance_word}{balance}元；"
                          "合同期盈亏平衡收费标准为{break_even}元/㎡·月。",
                          "Over the {years}-year contract wages and wage-linked costs grow {growth} a year, other "
                          "costs and the fee stay flat. Income over the contract is {income} yuan, the total "
                          "{total} yuan, a {balance_word} of {balance} yuan; the break-even fee over the contract "
                          "is {break_even} yuan/m²·month."),
    "ch4.phases_table": ("合同期分阶段年度费用", "Yearly costs by move-in phase"),
    "ch4.phases_text": ("入伙期各阶段人员不同，合同期各年度费用按各阶段所占月数分别计算：{phases}。每个阶段的月度费用为该阶段人员配置下的"
                        "全年费用总额除以12，并按当年工资系数计算工资及相关费用；跨越两个阶段的年度分别计入两个阶段的月份，"
                        "各年度小计即上表的年度费用总额。",
                        "The staff differ by move-in phase, so each contract year is costed by the months of each phase "
                        "in it: {phases}. A phase's monthly cost is the annual total of its staffing divided by 12, wages "
                        "and wage-linked costs at the year's wage factor; a year spanning two phases counts the months of "
                        "each, and each year's subtotal is the year's total in the table above."),
    "ch4.contract_table_submission": ("合同期费用计划表", "Costs over the contract"),
    "ch4.contract_submission": ("合同期费用计划", "Costs over the contract"),
    "ch4.income_submission": ("收入与物业服务费测算", "Income and the fee"),
    "ch4.contract_text_submission": ("合同期{years}年，工资及相关费用按每年{growth}增长，其他费用保持不变。合同期费用总额{total}元，"
                                     "对应合同期平均物业服务费标准{break_even}元/㎡·月（含目标利润）。",
                                     "Over the {years}-year contract wages and wage-linked costs grow {growth} a year, "
                                     "other costs stay flat. The costs over the contract total {total} yuan, an average "
                                     "fee of {break_even} yuan/m²·month (target margin included)."),
    "word.surplus": ("结余", "surplus"),
    "word.deficit": ("缺口", "deficit"),
    "ch4.compare": ("与经验配比方案对比", "Comparison with the rule of thumb"),
    "ch4.compare_table": ("本方案与经验配比方案费用对比", "Cost of the plan against the rule of thumb"),
    "ch4.compare_text": ("经验配比方案年费用{rot_total}元，比本方案{direction}{diff}元，但在相同条件下仅达成{met_rot}/{targets}项承诺。",
                         "The rule-of-thumb plan costs {rot_total} yuan a year, {diff} yuan {direction} than the "
                         "plan, but meets only {met_rot} of {targets} commitments under the same conditions."),
    "ch4.compare_short": ("经验配比方案年费用{rot_total}元，比本方案{direction}{diff}元；按相同条件仿真，经验配比人数未能达成全部服务承诺。",
                          "The rule-of-thumb plan costs {rot_total} yuan a year, {diff} yuan {direction} than the plan; "
                          "simulated under the same conditions, the rule-of-thumb headcount does not meet every commitment."),
    "ch4.compare_all": ("经验配比方案年费用{rot_total}元，比本方案{direction}{diff}元；按相同条件仿真，经验配比人数同样达成全部服务承诺。",
                        "The rule-of-thumb plan costs {rot_total} yuan a year, {diff} yuan {direction} than the plan; "
                        "simulated under the same conditions, the rule-of-thumb headcount meets every commitment too."),
    "word.less": ("少", "less"),
    "word.more": ("多", "more"),
    "col.cost_item": ("费用项目", "Cost item"),
    "col.calc_basis": TERMS["calc_basis"],
    "col.annual": ("年度金额\n（元）", "Yuan a\nyear"),
    "col.per_m2_month": ("元/㎡·月", "Yuan/m²\nper month"),
    "col.share_of_total": TERMS["share"],
    "col.people": TERMS["people"],
    "col.monthly_wage": ("月工资", "Wage a\nmonth"),
    "col.wages": ("工资", "Wages"),
    "col.social_insurance": ("社会保险", "Social\ninsurance"),
    "col.housing_fund": ("公积金", "Housing\nfund"),
    "col.welfare": ("福利等", "Welfare"),
    "col.overtime": ("加班费", "Holiday\novertime"),
    "col.uniforms": ("服装费", "Uniforms"),
    "col.labour_total": TERMS["total"],
    "col.year": TERMS["year"],
    "col.wage_factor": ("工资系数", "Wage factor"),
    "col.cost": ("成本（元）", "Cost (yuan)"),
    "col.total_cost": ("费用总额\n（元）", "Total\n(yuan)"),
    "col.income": ("收入\n（元）", "Income\n(yuan)"),
    "col.balance": ("收支差额\n（元）", "Balance\n(yuan)"),
    "col.break_even": TERMS["break_even_fee"],
    "col.labour_cost": ("人员费用\n（元）", "Staff costs\n(yuan)"),
    "col.plan": ("本方案", "Plan"),
    "col.norms": ("经验配比", "Norms"),
    "col.edit": ("可编辑测算", "What-if (edit inputs)"),
    "year.n": ("第{n}年", "Year {n}"),
    "row.headcount": ("配备人数（人）", "Staff (full-time people)"),
    "row.labour": ("人员费用（元/年）", "Staff costs (yuan/year)"),
    "row.labour_share": ("人员费用占成本比例", "Staff share of cost"),
    "row.direct_cost": ("直接费用（第一至九项）", "Direct cost (items 1–9)"),
    "row.cost": ("成本（直接费用+管理费+不可预见费）", "Cost (direct + overhead + contingency)"),
    "row.total": TERMS["annual_total"],
    "row.total_yuan": ("年度费用总额（元/年）", "Annual total (yuan/year)"),
    "row.per_m2_month": ("单位面积费用（元/㎡·月）", "Cost per m² (yuan/m²·month)"),
    "row.break_even": TERMS["break_even_fee"],
    "row.commitments_met": ("服务承诺达成（项）", "Commitments met"),
    "row.fee": ("物业服务费标准", "Property fee"),
    "row.floor_area": ("计费建筑面积", "Chargeable floor area"),
    "row.collection_rate": ("收缴率", "Collection rate"),
    "row.income": ("年度收入", "Income a year"),
    "row.surplus": ("收支差额（收入−费用总额）", "Balance (income − total)"),
    "row.margin_at_fee": ("按现行收费的实际{margin}", "Actual {margin} at the charged fee"),
    "row.target_margin": ("目标{margin}（已含于费用总额）", "Target {margin} (in the total)"),
    "row.cost_per_m2_month": ("单位面积成本（不含利润及税金）", "Cost per m² (before margin and tax)"),
    "basis.income": ("各项收入之和", "sum of the income lines"),
    "row.effective_collection": ("综合收缴率（含开发商承担的未售面积）", "Effective collection (with the developer's unsold area)"),
    "basis.effective_collection": ("（1 − 未售比例{unsold}）× 收缴率{collection} + 未售比例 × 开发商承担比例{share}",
                                   "(1 − unsold share {unsold}) × collection {collection} + unsold share × developer's share {share}"),
    "row.other_income": ("物业费以外收入合计", "Income besides the fee"),
    "basis.other_income": ("停车、有偿服务、广告及场地经营", "parking, paid services, advertising and rental"),
    "row.grade_bought": ("现行收费可支撑的服务等级（按各等级人员配置定额判断）", "Service grade the fee charged pays for (judged by each grade's staffing norms)"),
    "basis.grade_bought": ("按各等级人员配置标准测算的盈亏平衡收费：{fees}", "break-even fee of each grade's staffing norms: {fees}"),
    "grade.none": ("低于四级", "below grade 4"),
    "basis.surplus": ("年度收入 − 年度费用总额", "income − annual total"),
    "basis.break_even": ("（费用总额 − 物业费以外收入）÷（面积 × 12 × 综合收缴率）",
                         "(total − income besides the fee) ÷ (area × 12 × effective collection)"),
    "basis.margin_at_fee": ("收入 ÷（1 + 增值税率 ×（1 + 附加税费率））− 成本", "income ÷ (1 + VAT × (1 + surcharges)) − cost"),
    "basis.labour_subtotal": ("见表{table}", "see Table {table}"),
    "ch3.training": ("人员培训计划", "Training plan"),
    "ch3.training_text": ("各岗位人员按下表接受培训，培训考核合格后上岗，持证岗位持证上岗。",
                          "Staff take the courses below; they start work once assessed, certified posts with their certificates."),
    "ch3.training_table": ("人员培训计划表", "Training plan"),
    "col.course": TERMS["training_course"],
    "col.trainees": TERMS["trainee_posts"],
    "col.training_hours": TERMS["training_hours"],
    "col.when": TERMS["training_when"],
    "all_posts": ("全体员工", "all staff"),
    "ch3.qualifications": ("主要岗位任职资格", "Qualifications by post"),
    "ch3.qualifications_table": ("主要岗位任职资格表", "Qualifications by post"),
    "col.qualification": ("任职资格", "Qualification"),
    "margin.profit": ("利润", "profit"),
    "margin.commission": ("酬金", "Commission (fee)"),
    # ---------------------------------------------------------------- appendices
    "appA": ("测算方法与验证", "Method and Validation"),
    "appA.method": ("测算方法", "Method"),
    "appA.m1": ("仿真模型为离散事件仿真（SimPy），在同一时钟上模拟客服中心与现场作业：住户来电（按类型）、线上（小程序/微信）工单、"
                "维修回访、升级至专家坐席的投诉、道闸及门禁远程开启和报警核实；现场的报修及计划性维修工单派工（含路程时间）、"
                "设备故障、空置房巡查、秩序维护巡逻及突发事件、管家巡查、入户走访、来访接待和跟进，以及传统模式下的出入口固定岗。",
                "The model is a discrete-event simulation (SimPy) of the contact centre and the field on one clock: "
                "residents' calls by type, app tickets, return visits, complaints escalated to expert agents, remote "
                "gate and door opening and alarm checks; in the field, repair and planned work orders dispatched to "
                "technicians (with travel), equipment failures, vacant-unit checks, guards' patrols and incidents, "
                "butlers' inspections, household visits, walk-ins and follow-ups, and the fixed gate posts of the "
                "traditional model."),
    "appA.m2": ("每个候选排班以相同随机数（公共随机数）比较，搜索阶段每个候选{search_reps}次重复；最终方案以新随机数复核。"
                "服务水平按“在时限内接通数 ÷ 呼入数”计（放弃计为未达标），区间为各次重复均值的t分布置信区间，离散度按与目标值的偏差计。",
                "Candidates are compared on common random numbers, {search_reps} replications each while "
                "searching; the final plan is verified on fresh random numbers. Service level = answered within "
                "the time ÷ offered (abandons count against it); intervals are Student-t intervals of the "
                "replication means, their spread measured about the target."),
    "appA.search": ("本次搜索共仿真{evaluations}个候选排班，用时{seconds}秒；接受的调整步骤见表{table}。",
                    "The search simulated {evaluations} candidate rosters in {seconds} s; its accepted steps are "
                    "in Table {table}."),
    "appA.search_prose": ("本次搜索共仿真{evaluations}个候选排班，逐步增减各班次人数直至再减一人即不能达成承诺。",
                          "The search simulated {evaluations} candidate rosters, adding and removing people shift by "
                          "shift until no single person could be removed without missing a commitment."),
    "appA.steps_table": ("排班搜索过程", "Steps of the roster search"),
    "appA.validation": ("模型验证", "Validation"),
    "appA.v1": ("模型以排队论解析结果验证：在单队列场景下，仿真指标的置信区间须覆盖理论值（整体错误率1%，Bonferroni校正），"
                "并以功效检验确认多一名或少一名坐席时区间会拒绝理论值。",
                "The model is validated against queueing theory: in single-queue cases the simulated intervals "
                "must cover the theoretical values (1% family-wise error, Bonferroni), and a power test shows "
                "the same intervals reject the theory with one agent more or fewer."),
    "appA.validation_table": ("模型验证案例", "Validation cases"),
    "appA.notes": ("说明", "Notes"),
    "note.set_aside": ("增加人员无法改善、已搁置的指标：{items}。仿真搜索对这些指标逐一尝试增加人员均无改善，"
                       "需从流程或设施（如响应半径、岗位布置）上解决。",
                       "Targets no added person could move, set aside: {items}. The search tried adding staff for "
                       "each without effect; they need a change of process or layout (response distances, post "
                       "positions)."),
    "note.no_budget": ("预算测算需单一项目且建筑面积大于0；多项目组合的预算尚未支持。",
                       "The budget needs exactly one site with a floor area; a portfolio budget is not built yet."),
    "note.prefer_norms": ("经验配比方案同样达成全部承诺且费用更低，宜采用经验配比方案。",
                          "The rule-of-thumb plan also meets every commitment and costs less: prefer it."),
    "col.step": TERMS["step"],
    "col.action": TERMS["action"],
    "col.lever": TERMS["shift"],
    "col.new_value": ("调整后\n人数", "People\nafter"),
    "col.person_hours": ("人·时/周", "Person-hours\na week"),
    "col.open_targets": ("尚未达成\n（项）", "Targets\nopen"),
    "col.case": ("验证案例", "Case"),
    "col.theory": ("理论", "Theory"),
    "col.kpis": ("检验指标", "KPIs compared"),
    "action.add": ("增加", "add"),
    "action.remove": ("减少", "remove"),
    "action.move": ("调整", "move"),
    "action.retime": ("调整时间", "retime"),
    "action.split": ("拆分", "split"),
    "action.resize": ("调整时长", "resize"),
    "action.option": ("设计选项", "option"),
    "lever.other": TERMS["other_change"],
    "appB": ("支出测算明细", "Budget Lines"),
    "appB.text": ("下表列出年度支出的每一测算项目及其依据，合计与表{table}一致。",
                  "Every line of the annual budget with its basis; the total equals Table {table}."),
    "appB.table": ("支出测算明细表", "Budget lines"),
    "appC": ("场景参数", "Scenario Parameters"),
    "appC.text": ("下表列出测算所用场景的全部参数（以中文名称列出，与场景文件字段一一对应；未设置的可选参数及说明性文字从略；"
                  "排班为优化后的人数）。",
                  "Every parameter of the scenario behind the estimate (names as in the scenario file; optional "
                  "parameters left unset are omitted; rosters carry the planned numbers)."),
    "appC.group": ("场景参数：{group}", "Scenario parameters: {group}"),
    "param.general": ("基本设置", "general"),
    "param.calendar": ("日历", "calendar"),
    "param.sites": ("项目", "sites"),
    "param.demand": ("业务需求", "demand"),
    "param.centre": ("客户服务中心", "contact centre"),
    "param.field": ("现场作业", "field operations"),
    "param.targets": ("服务目标", "targets"),
    "param.costs": ("费用", "costs"),
    "param.organisation": ("组织架构", "organisation"),
    "param.proposal": ("方案文本", "proposal text"),
    "param.display_names": ("显示名称", "display names"),
    # ---------------------------------------------------------------- charts
    "chart.agents": ("坐席人数", "Agents on duty"),
    "chart.service_level": TERMS["service_level"],
    "chart.erlang_c": ("Erlang C（不放弃）", "Erlang C (no abandonment)"),
    "chart.erlang_a": ("Erlang A（含放弃）", "Erlang A (with abandonment)"),
    "chart.target": ("目标 {share}（{within}秒内）", "Target {share} within {within} s"),
    "chart.planned": ("排班 {n} 人", "Rostered: {n}"),
    "chart.busiest": ("{pool}\n最繁忙时段：{when}\n到达{rate}次/时，平均处理{handle}秒",
                      "{pool}\nbusiest hour: {when}\n{rate} arrivals an hour, {handle} s mean handle"),
    "chart.offered": ("话务量（爱尔朗）", "Offered load (Erlangs)"),
    "chart.required": ("理论需求人数（Erlang C）", "Requirement (Erlang C)"),
    "chart.on_duty": ("排班在岗人数（扣除休息）", "People on duty (breaks excluded)"),
    "chart.people": TERMS["people"],
    "chart.share_within": ("完成比例", "Share done within"),
    "chart.time_s": ("时间（秒）", "Time (s)"),
    "chart.time_min": ("时间（分钟）", "Time (min)"),
    "chart.time_h": ("时间（小时）", "Time (h)"),
    "chart.panel.wait": ("坐席接听等待", "Wait to be answered"),
    "chart.panel.field": ("现场到场时间", "Time to arrive on site"),
    "chart.panel.deferred": ("工单及回访完成时间", "Time to complete tickets and return visits"),
    "chart.cost_axis": ("万元/年", "thousand yuan a year"),
    # the sites on a map, coloured by district (planner.proposal.district_map)
    "map.title.xy": ("项目位置（平面坐标）", "Site locations (on a plane, km)"),
    "map.title.geo": ("项目位置（经纬度，以各项目中心为原点换算为公里）", "Site locations (latitude/longitude, in km about their centre)"),
    "map.km": ("{n:g} 公里", "{n:g} km"),
    "map.m": ("{n:g} 米", "{n:g} m"),
    "map.north": ("北", "N"),
    "map.district": ("{district}：{mode} {minutes:g} 分钟内互达", "{district}: each site within {minutes:g} min of the others by {mode}"),
    "map.no_district": ("不属任何片区", "In no district"),
    "map.site_n": ("项目 {n}", "Site {n}"),
    "map.district_n": ("片区 {n}", "District {n}"),
    "chart.cost_scale": ("10000", "1000"),
    "weekday.0": ("周一", "Mon"), "weekday.1": ("周二", "Tue"), "weekday.2": ("周三", "Wed"),
    "weekday.3": ("周四", "Thu"), "weekday.4": ("周五", "Fri"), "weekday.5": ("周六", "Sat"),
    "weekday.6": ("周日", "Sun"),
}


def t(key: str, lang: str, **values) -> str:
    """The label ``key`` in ``lang`` with ``values`` filled in."""
    zh, en = LABELS[key]
    text = zh if lang == ZH else en
    return text.format(**values) if values else text


# ---------------------------------------------------------------------------- roles and groups

#: Role -> department key (部门).
ROLE_DEPARTMENT: dict[str, str] = {
    "site_manager": "management", "finance": "management",
    "agent": "centre", "expert_agent": "centre",
    "butler": "butlers",
    "technician": "engineering",
    "guard": "security", "post_guard": "security", "supervisor": "management",
    "cleaner": "environment", "greener": "environment",
}
DEPARTMENTS: dict[str, tuple[str, str]] = {
    "management": ("综合管理部", "Management"),
    "centre": ("客户服务中心", "Contact centre"),
    "butlers": ("管家服务部", "Butler service"),
    "engineering": ("工程部", "Engineering"),
    "security": ("秩序维护部", "Security and order"),
    "environment": ("环境部", "Environment"),
    "other": ("其他", "Other"),
}
#: Order of the roles in tables: management first, then the departments the simulation sizes.
ROLE_ORDER = ("site_manager", "finance", "supervisor", "agent", "expert_agent", "butler", "technician", "guard", "post_guard",
              "cleaner", "greener")

#: Pools, teams and posts of the scenario library.
#: Equipment classes (field.equipment) by their usual names.
EQUIPMENT_NAMES: dict[str, tuple[str, str]] = {
    "lift": ("电梯", "lifts"), "pump": ("水泵", "pumps"), "barrier_gate": ("车辆道闸", "barrier gates"),
    "pedestrian_gate": ("人行门禁", "pedestrian gates"), "intercom": ("可视对讲", "video intercoms"),
    "camera": ("摄像头", "cameras"), "fire_panel": ("消防报警主机", "fire alarm panel"),
}


def equipment_name(name: str, lang: str) -> str:
    """An equipment class by its usual name; others as 设备（name）."""
    if name in EQUIPMENT_NAMES:
        zh, en = EQUIPMENT_NAMES[name]
        return zh if lang == ZH else en
    return f"设备（{name}）" if lang == ZH else f"equipment ({name})"


GROUP_NAMES: dict[str, tuple[str, str]] = {
    "service_desk": ("客服中心坐席", "Service desk"),
    "agents": ("客服坐席", "Agents"),
    "experts": ("专家坐席", "Expert agents"),
    "remote_seats": ("远程值守坐席", "Remote-operation seats"),
    "move_in_desk": ("入伙服务台", "Move-in desk"),
    "technicians": ("工程维修班", "Technicians"),
    "guards": ("秩序维护巡逻班", "Patrol guards"),
    "butlers": ("管家（每片区）", "Butlers (per zone)"),
    "main_gate": ("出入口岗", "Entrance posts"),
    "car_park": ("停车场岗", "Car-park post"),
    "monitoring_room": ("消防控制室（监控中心）", "Fire control room"),
}
SHIFT_NAMES: dict[str, tuple[str, str]] = {
    "early": ("早班", "early"), "middle": ("中班", "middle"), "night": ("夜班", "night"),
    "day": ("白班", "day"), "evening": ("晚班", "evening"), "late": ("晚班", "late"),
    "morning_peak": ("早高峰班", "morning peak"), "evening_peak": ("晚高峰班", "evening peak"),
}
WEEKDAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def role_name(role: str, lang: str) -> str:
    en, zh = ROLE_NAMES.get(role, (role, role))
    return zh if lang == ZH else en[:1].upper() + en[1:]


def department_name(role: str, lang: str) -> str:
    zh, en = DEPARTMENTS[ROLE_DEPARTMENT.get(role, "other")]
    return zh if lang == ZH else en


def group_name(name: str, role: str, lang: str) -> str:
    """A pool, team or post by its name; unknown names by their role, the name in brackets."""
    if name in GROUP_NAMES:
        zh, en = GROUP_NAMES[name]
        return zh if lang == ZH else en
    return f"{role_name(role, lang)}（{name}）" if lang == ZH else f"{role_name(role, lang)} ({name})"


def shift_name(shift: str, start: str, lang: str, line: dict | None = None) -> str:
    """A shift's name: the name its times give (planner.rostering.shift_names, carried by the
    plan's roster ``line``), else the usual ones translated, else (a shift the planner made, which
    has no name) by the part of the day its ``start`` falls in."""
    if line and line.get("name_zh"):
        return line["name_zh"] if lang == ZH else line["name_en"]
    if shift in SHIFT_NAMES:
        zh, en = SHIFT_NAMES[shift]
        return zh if lang == ZH else en
    crews = (line or {}).get("crews") or 0
    if crews:
        return t("rotation.four_three" if crews == 4 else "rotation", lang, crews=crews)
    if start and start[:2].isdigit():
        hour = int(start[:2])
        key = "night" if hour < 6 or hour >= 22 else "early" if hour < 12 else "middle" if hour < 18 else "evening"
        zh, en = SHIFT_NAMES[key]
        return zh if lang == ZH else en
    return shift


def days_text(days: list[str], lang: str) -> str:
    """Working days: daily, Mon–Fri, weekend, or the days listed."""
    days = [d for d in WEEKDAY_KEYS if d in days]
    if len(days) == 7:
        return t("days.daily", lang)
    if days == list(WEEKDAY_KEYS[:5]):
        return t("days.weekdays", lang)
    if days == list(WEEKDAY_KEYS[5:]):
        return t("days.weekend", lang)
    return ("、" if lang == ZH else ", ").join(t(f"weekday.{WEEKDAY_KEYS.index(d)}", lang) for d in days)


def hour_of_week_text(hour: int, lang: str) -> str:
    """'周六 09:00–10:00' / 'Sat 09:00–10:00'."""
    day, h = divmod(hour, 24)
    return f"{t(f'weekday.{day}', lang)} {h:02d}:00–{(h + 1) % 24:02d}:00"


# ---------------------------------------------------------------------------- cost items

def category_name(category: str, lang: str) -> str:
    en, zh = CATEGORIES[category]
    return zh if lang == ZH else en[:1].upper() + en[1:]


#: Chinese number of a cost item (一 … 九) for the expense table.
CATEGORY_NUMERALS = {str(n): c for n, c in enumerate("一二三四五六七八九", start=1)}

DEVICE_NAMES: dict[str, tuple[str, str]] = {
    "barrier_gate": ("车牌识别道闸", "Barrier gates with plate recognition"),
    "pedestrian_gate": ("人脸/刷卡人行闸机", "Pedestrian gates with face/card readers"),
    "video_intercom": ("可视对讲及远程门控", "Video intercoms with remote opening"),
    "ptz_camera": ("远程监控球机", "PTZ cameras watched remotely"),
    "patrol_cart": ("电动巡逻车", "Electric patrol carts"),
    "tablet": ("管家移动终端", "Butlers' tablets"),
    "iot_gateway": ("物联网网关及平台对接", "IoT gateway and platform integration"),
    "office_equipment": ("办公设备", "Site office equipment"),
    "engineering_tools": ("工程维修工具", "Engineering tools and instruments"),
    "patrol_system": ("电子巡更系统", "Electronic patrol system"),
}

#: Outsourced contracts (``costs.contracts``) by name: (中文, English).
CONTRACT_NAMES: dict[str, tuple[str, str]] = {
    "fire_system_testing": ("消防设施维护保养及年度检测", "Fire-system maintenance and annual testing"),
    "water_tank_cleaning": ("二次供水水箱清洗消毒", "Water-tank cleaning and disinfection"),
    "pest_control": ("四害消杀", "Pest control"),
    "septic_tank_clearing": ("化粪池清掏", "Septic-tank clearing"),
}


def contract_name(name: str, note: str, lang: str) -> str:
    """An outsourced contract's name; an unknown one by its note (its name if it has none)."""
    if name in CONTRACT_NAMES:
        zh, en = CONTRACT_NAMES[name]
        return zh if lang == ZH else en
    return note or name


def device_name(name: str, note: str, lang: str) -> str:
    if name in DEVICE_NAMES:
        zh, en = DEVICE_NAMES[name]
        return zh if lang == ZH else en
    return note or name


# ---------------------------------------------------------------------------- KPIs

_PRIORITY = {"emergency": ("紧急维修", "emergency repairs"), "urgent": ("急修", "urgent repairs"),
             "routine": ("一般报修", "routine repairs"), "planned": ("计划性维修", "planned work")}


#: Names of common contact types (the ``<type>`` of a label ``<kind>.<type>``); others are shown
#: by their own name.
TYPE_NAMES: dict[str, tuple[str, str]] = {
    "repair_report": ("报修", "repair report"),
    "enquiry": ("咨询", "enquiry"),
    "booking": ("有偿服务预约", "paid-service booking"),
    "complaint": ("投诉", "complaint"),
    "fee_question": ("缴费咨询", "fee question"),
    "emergency": ("紧急求助", "emergency"),
    "vehicle_gate": ("车辆道闸", "vehicle gate"),
    "pedestrian_door": ("人行门禁", "pedestrian door"),
    "alarm_check": ("报警核实", "alarm check"),
    "app_ticket": ("线上工单", "app/WeChat ticket"),
}


def type_name(name: str, lang: str) -> str:
    zh, en = TYPE_NAMES.get(name, (name, name))
    return zh if lang == ZH else en


def _type_kpi_name(stream: str, metric: str, lang: str, within_s, deadline_h) -> str:
    """A per-type commitment in words: '住户来电（紧急求助）10秒内接通率' / 'Calls (emergency)
    answered within 10 s'."""
    kind, name = stream.split(".", 1)
    zh_kind, en_kind = STREAM_NAMES[kind]
    zh_type, en_type = type_name(name, ZH), type_name(name, EN)
    same = zh_type.lower() == zh_kind.lower()  # '线上工单' needs no '（线上工单）'
    head = (zh_kind if same else f"{zh_kind}（{zh_type}）") if lang == ZH else (en_kind if same else f"{en_kind} ({en_type})")
    answered = ("响应率", "handled") if kind == "remote_ops" else ("接通率", "answered")
    words = {
        "service_level": (f"{head}{_g(within_s)}秒内{answered[0]}", f"{head} {answered[1]} within {_g(within_s)} s"),
        "abandon_rate": (f"{head}放弃率", f"{head} abandoned"),
        "asa_s": (f"{head}平均应答时间（秒）", f"{head}: average speed of answer (s)"),
        "on_time_rate": (f"{head}按时完成率" + (f"（{_g(deadline_h)}小时内）" if deadline_h else ""),
                         f"{head} on time" + (f" (within {_g(deadline_h)} h)" if deadline_h else "")),
    }
    zh, en = words.get(metric, (f"{head}·{metric}", f"{head}: {metric}"))
    return zh if lang == ZH else en


def kpi_name(stream: str, metric: str, group: str | None, lang: str, *, within_s: float | None = None,
             deadline_h: float | None = None, within_min: float | None = None, working: bool = False) -> str:
    """A commitment in words, e.g. '来电15秒内接通率' / 'Calls answered within 15 s'; a contact
    type's ('calls.emergency') names the type. ``working``: the response clock runs in working
    time only (a response target with ``clock: working``, docs/metrics.md), said in the words."""
    if stream.split(".", 1)[0] in ("calls", "remote_ops", "expert", "tickets", "return_visits") and "." in stream:
        return _type_kpi_name(stream, metric, lang, within_s, deadline_h)
    zh_en = {
        ("calls", "service_level"): (f"住户来电{_g(within_s)}秒内接通率（三声内接听）",
                                     f"Calls answered within {_g(within_s)} s (three rings)"),
        ("calls", "abandon_rate"): ("来电放弃率", "Calls abandoned"),
        ("calls", "asa_s"): ("来电平均应答时间（秒）", "Average speed of answer (s)"),
        ("calls", "callers_reached"): (f"客服响应：来电{_g(within_min)}分钟内联系到住户比例（含回拨）",
                                       f"Customer-service response: callers reached within {_g(within_min)} min "
                                       "(callbacks included)"),
        ("remote_ops", "service_level"): (f"远程开闸开门及报警核实{_g(within_s)}秒内响应率",
                                          f"Remote gate, door and alarm operations within {_g(within_s)} s"),
        ("remote_ops", "abandon_rate"): ("远程操作放弃率", "Remote operations abandoned"),
        ("expert", "service_level"): (f"专家坐席{_g(within_s)}秒内接通率", f"Expert calls answered within {_g(within_s)} s"),
        ("expert", "abandon_rate"): ("专家坐席放弃率", "Expert calls abandoned"),
        ("return_visits", "on_time_rate"): (f"维修后回访按时完成率（{_g(deadline_h)}小时内）" if deadline_h else "维修后回访按时完成率",
                                            f"Return visits on time (within {_g(deadline_h)} h)" if deadline_h else "Return visits on time"),
        ("tickets", "on_time_rate"): (f"线上工单按时处理率（{_g(deadline_h)}小时内）" if deadline_h else "线上工单按时处理率",
                                      f"App tickets handled on time (within {_g(deadline_h)} h)" if deadline_h else "App tickets handled on time"),
        ("staff", "occupancy"): ("坐席占用率上限：{g}", "Agent occupancy cap: {g}"),
        ("incidents", "response_within_target"): (f"突发事件{_g(within_min)}分钟内首位人员到场率",
                                                   f"Incidents: first person on site within {_g(within_min)} min"),
        ("incidents.specialist", "response_within_target"): (
            f"电梯困人等突发事件{_g(within_min)}分钟内维修或救援人员到场率",
            f"Incidents: technician or rescuer on site within {_g(within_min)} min"),
        ("incidents.contractor", "response_within_target"): (
            f"电梯困人外包救援单位{_g(within_min)}分钟内到场率（外包单位承诺）",
            f"Incidents: the outside contractor's rescuer on site within {_g(within_min)} min (the contractor's commitment)"),
        ("work_orders.planned", "completion_within_target"): (
            f"计划性维护到期后{_g(within_min / 60 if within_min else 168)}小时内完成率",
            f"Planned work completed within {_g(within_min / 60 if within_min else 168)} h of falling due"),
        ("patrols", "round_completion"): ("巡逻按时完成率（夜间每小时一次）", "Patrol rounds completed (hourly at night)"),
        ("work_orders.requests", "completion_within_target"): (
            f"住户报修{_g(within_min / 60 if within_min else 24)}小时内完成率（任何诉求24小时内答复）",
            f"Residents' repair requests completed within {_g(within_min / 60 if within_min else 24)} h"),
        ("work_orders.found", "completion_within_target"): (
            f"巡逻巡查发现问题{_g(within_min / 60 if within_min else 72)}小时内修复率",
            f"Faults found on rounds repaired within {_g(within_min / 60 if within_min else 72)} h"),
        ("butlers", "follow_up_on_time"): ("投诉跟进按时完成率（一天内）", "Complaint follow-ups on time (within a day)"),
        ("butlers", "visit_coverage"): ("管家入户走访完成率（每户每月）", "Butlers' household visits (every household monthly)"),
        ("butlers", "inspection_completion"): ("管家责任区巡查完成率（每日至少一次）",
                                               "Butlers' zone inspections done (at least daily)"),
        ("equipment", "facility_availability"): ("公共设施设备完好率", "Public facilities in working order"),
        ("equipment", "availability"): (f"{equipment_name(group or '', ZH)}完好率",
                                        f"{equipment_name(group or '', 'en').capitalize()} in working order"),
        ("field_staff", "utilisation"): ("维修人员利用率上限：{g}", "Technician utilisation cap: {g}"),
    }
    if metric == "service_level_hour" and stream in ("calls", "remote_ops", "expert"):
        zh_kind, en_kind = STREAM_NAMES[stream]
        hour = int((group or "0").split(":")[0])
        span = f"{hour:02d}:00–{(hour + 1) % 24:02d}:00"
        verb = ("响应率", "handled") if stream == "remote_ops" else ("接通率", "answered")
        text = (f"{zh_kind}{span}时段{_g(within_s)}秒内{verb[0]}（每小时下限）",
                f"{en_kind} {verb[1]} within {_g(within_s)} s, {span} (hourly floor)")
    elif stream.startswith("work_orders.") and metric == "response_within_target":
        zh, en = _PRIORITY.get(stream.split(".", 1)[1], (stream, stream))
        text = (f"{zh}{_g(within_min)}分钟内到场率", f"{en[:1].upper() + en[1:]} on site within {_g(within_min)} min")
        if working:  # the clock pauses outside working hours: a report at night starts it next morning
            text = (f"{zh}工作时间内{_g(within_min)}分钟到场率（按工作时间计时，非工作时间报修自下一工作时段起算）",
                    f"{en[:1].upper() + en[1:]} on site within {_g(within_min)} min of working time "
                    "(the clock runs in working hours; a report outside them starts it at the next working hour)")
    else:
        text = zh_en.get((stream, metric), (str(KpiKey(stream, metric, group)),) * 2)  # (unknown: its key)
    out = text[0] if lang == ZH else text[1]
    if "{g}" in out:
        out = out.replace("{g}", group_name(group or "", "agent" if stream == "staff" else "technician", lang))
    return out


def commitment_name(k: dict, scenario, lang: str) -> str:
    """A KPI row's commitment in words (:func:`kpi_name`), with the clocks, deadlines and time
    limits taken from ``scenario``'s targets and demand: the proposal and the app both name
    commitments with it, so they use the same words."""
    s = scenario
    stream, metric = k["stream"], k["metric"]
    within_min, working, target = None, False, None
    if metric == "completion_within_target" and stream in ("work_orders.requests", "work_orders.found",
                                                            "work_orders.planned"):
        target = (None if s.field is None else s.targets.field.request_completion if stream == "work_orders.requests"
                  else s.targets.field.found_completion if stream == "work_orders.found"
                  else s.targets.field.planned_completion)
        within_min = target.within_h * 60 if target is not None else None
    elif stream.startswith("work_orders.") and s.field is not None:
        target = s.targets.field.response.get(stream.split(".", 1)[1])
        within_min = target.within_min if target else None
        working = target is not None and target.clock == "working"
    elif stream == "incidents" and s.targets.field.incident_response is not None:
        within_min = s.targets.field.incident_response.within_min
    elif stream in ("incidents.specialist", "incidents.contractor") and s.targets.field.specialist_response is not None:
        within_min = s.targets.field.specialist_response.within_min
    elif (stream, metric) == ("calls", "callers_reached"):
        within_min = s.targets.response.within_min if s.targets.response is not None else 15
    deadline_h = None
    kind, _, name = stream.partition(".")
    if kind == "tickets" and name in s.demand.tickets:
        deadline_h = s.demand.tickets[name].deadline_h
    elif kind == "return_visits" and name and s.demand.calls.get(name) and s.demand.calls[name].return_visit:
        rv = s.demand.calls[name].return_visit
        deadline_h = None if rv.deadline_working_days else rv.deadline_h  # working days: no hours to name
    elif stream == "tickets":
        deadlines = {spec.deadline_h for spec in s.demand.tickets.values()}
        deadline_h = deadlines.pop() if len(deadlines) == 1 else None
    elif stream == "return_visits":
        deadlines = {None if c.return_visit.deadline_working_days else c.return_visit.deadline_h
                     for c in s.demand.calls.values() if c.return_visit is not None}
        deadline_h = deadlines.pop() if len(deadlines) == 1 else None
    name = kpi_name(stream, metric, k.get("group"), lang, within_s=k.get("within_s"),
                    deadline_h=deadline_h, within_min=within_min, working=working)
    if metric == "completion_within_target" and target is not None and getattr(target, "parts_wait_paused", False):
        name += "（待料时间不计）" if lang == "zh" else " (parts waits not counted)"
    group = k.get("group")
    if metric == "response_within_target" and isinstance(group, str) and group in s.sites:
        # a district site's own commitment (sim.results.district_targets): said with the site's name
        from sim.scenario.proposal import unnamed_site

        given = s.proposal.site_names.get(group)
        site = (given.text(lang) if given else "") or unnamed_site(list(s.sites).index(group) + 1, lang)
        name = f"{site}：{name}" if lang == "zh" else f"{site}: {name}"
    return name


#: Streams of the response-time figure by panel, and their names.
STREAM_NAMES: dict[str, tuple[str, str]] = {
    "calls": ("住户来电", "Calls"),
    "remote_ops": ("远程操作", "Remote operations"),
    "expert": ("专家坐席", "Expert calls"),
    "tickets": ("线上工单", "App tickets"),
    "return_visits": ("维修回访", "Return visits"),
    "work_orders.emergency": ("紧急维修", "Emergency repairs"),
    "work_orders.urgent": ("急修", "Urgent repairs"),
    "work_orders.routine": ("一般报修", "Routine repairs"),
    "work_orders.planned": ("计划性维修", "Planned work"),
    "work_orders.found": ("巡查发现问题维修", "Faults found on rounds"),
    "incidents": ("突发事件", "Incidents"),
    "incidents.specialist": ("突发事件（维修或救援人员）", "Incidents (technician or rescuer)"),
    "incidents.contractor": ("突发事件（外包救援单位）", "Incidents (outside contractor)"),
}


def stream_name(stream: str, lang: str) -> str:
    zh, en = STREAM_NAMES.get(stream, (stream, stream))
    return zh if lang == ZH else en


def _g(value) -> str:
    if value is None:
        return "—"
    value = float(value)
    return f"{value:,.0f}" if value == int(value) else f"{value:g}"


# ---------------------------------------------------------------------------- distributions

DIST_NAMES = {"lognormal": ("对数正态", "lognormal"), "exponential": ("指数", "exponential"),
              "uniform": ("均匀", "uniform"), "deterministic": ("定值", "fixed"), "gamma": ("伽马", "gamma"),
              "empirical": ("经验分布", "empirical")}
DIST_PARAMS = {"mean": ("均值", "mean"), "sd": ("标准差", "sd"), "low": ("下限", "low"), "high": ("上限", "high"),
               "value": ("值", "value"), "shape": ("形状", "shape"), "scale": ("尺度", "scale"),
               "values": ("取值", "values"), "weights": ("权重", "weights"), "cv": ("变异系数", "cv")}


def dist_text(spec: dict, lang: str) -> str:
    """'对数正态(均值 180, 标准差 90)' / 'lognormal(mean 180, sd 90)'."""
    name = DIST_NAMES.get(spec.get("dist"), (spec.get("dist"), spec.get("dist")))
    params = []
    for key, value in spec.items():
        if key == "dist" or value is None:
            continue
        label = DIST_PARAMS.get(key, (key, key))[0 if lang == ZH else 1]
        params.append(f"{label} {_value_text(value)}")
    if lang == ZH:
        return f"{name[0]}（{'，'.join(params)}）"
    return f"{name[1]}({', '.join(params)})"


def _value_text(value) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:,.6g}" if abs(value) >= 1000 else f"{value:.6g}"
    if isinstance(value, list):
        return ", ".join(_value_text(v) for v in value)
    return str(value)


#: Trades, for people (a butler team's small repairs).
TRADE_NAMES = {"general": ("综合维修", "general"), "plumbing": ("水暖维修", "plumbing"), "electrical": ("电工维修", "electrical")}


def option_words(name: str, lang: str) -> str:
    """A design option of the search ('night_cover:service_desk>monitoring_room') in words."""
    kind, _, rest = name.partition(":")
    source, _, target = rest.partition(">")
    zh = lang == ZH
    if kind == "on_call":
        team, shift = group_name(source, "technician", lang), shift_name(target, "", lang)
        return f"{team}{shift}改为居家备班" if zh else f"{team}: {shift} shift on call at home"
    if kind == "second_line":
        team, shift = group_name(source, "technician", lang), shift_name(target, "", lang)
        return f"{team}{shift}另设一人居家二线备班" if zh else f"{team}: one more on call at home beside the {shift} shift"
    if kind == "night_cover":
        desk, room = group_name(source, "agent", lang), group_name(target, "post_guard", lang)
        return (f"{desk}夜班取消，由{room}夜间兼接热线" if zh
                else f"{desk}: no night shift, the {room[:1].lower() + room[1:]} answers the hotline at night")
    if kind == "room_alarms":
        room = group_name(source, "post_guard", lang)
        kind_, _, type_ = target.partition(".")
        what = type_name(type_, lang) if type_ else stream_name(kind_, lang)
        return (f"{room}兼做本项目{what}（不再由呼叫中心远程坐席处理）" if zh
                else f"the {room[:1].lower() + room[1:]} takes its own site's {what} (not the contact centre's remote seats)")
    if kind == "butler_repairs":
        team, trade = group_name(source, "butler", lang), TRADE_NAMES.get(target, (target, target))[0 if zh else 1]
        return f"{team}兼做简单{trade}（在岗时承接本片区一般报修与预约服务）" if zh else \
            f"{team} take small {trade} repairs (their zone's routine and booked orders while on shift)"
    if kind == "merge_pool":
        a, b = group_name(source, "expert_agent", lang), group_name(target, "agent", lang)
        return f"{b}承接{a}的来电" if zh else f"{b} takes the calls of the {a[:1].lower() + a[1:]}"
    return name
