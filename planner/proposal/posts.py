"""The staffing chapter's posts and crews: whole people per post with the relief rule (岗位编制),
the compliance checks, the organisation chart and a month's rota per post (排班表), from the
plan's ``posts``, ``organisation``, ``compliance`` and ``rota`` (planner.plan). Strings are
here in both languages (``_L``); numbers are the plan's, never recomputed except sums."""

from __future__ import annotations

import datetime as dt
import re

from planner.glossary import TERMS
from planner.proposal import org_chart
from planner.proposal import text as tx
from planner.proposal.context import Builder, Context, cell, ordered_roles
from planner.proposal.model import Column, Paragraph, Row

_L: dict[str, tuple[str, str]] = {
    "posts": ("岗位编制与替休", "Whole people per post and relief"),
    "posts_text": ("编制按岗位逐一取整人：每个岗位每周的人·班数（每班按8小时折算）除以每人每周工作{dpw}天，乘以替休系数"
                   "{relief}（每人全年排班{scheduled}天，可出勤{available}天，即{working}个工作日扣除{leave}天年休假），"
                   "向上取整；每天在岗人数按做五休二排班所需更多时取排班人数。例如一个24小时单人岗每周21个班次："
                   "21÷{dpw}×{relief}={post_fte}，取{post_people}人；行业经验8,760小时÷2,000小时=4.38，"
                   "同样取5人；也可四班三运转，4个班组轮换，每人每周42小时，另配替休人员。各岗位替休只在本岗位内调配，"
                   "主管和领班按管理幅度每{span}名一线人员配1名。",
                   "Each post is staffed in whole people: its shift-days a week (eight-hour equivalents) ÷ {dpw} "
                   "days a person works × the relief factor {relief} ({scheduled} scheduled days a year against "
                   "{available} available: {working} working days less {leave} days of annual leave), rounded up; "
                   "or the people a roster with two days off a week needs, when more. A 24-hour post of one "
                   "person is 21 shift-days a week: 21 ÷ {dpw} × {relief} = {post_fte}, so {post_people} people; "
                   "the industry's 8,760 h ÷ 2,000 h = 4.38 also gives 5; four crews on three shifts "
                   "rotate 4 crews at 42 hours a week with relief beside them. Relief is kept within each post; "
                   "one supervisor or team leader for every {span} front-line people."),
    "posts_table": ("岗位编制测算表", "Whole people per post"),
    "col.post": TERMS["post"], "col.shifts": ("班次及每班人数", "Shifts and people on each"),
    "col.shift_days": ("每周人·班", "Shift-days a week"), "col.fte": ("折算全职", "Full-time equivalent"),
    "col.roster": ("排班所需", "Roster needs"), "col.people": ("编制（人）", "Whole people"),
    "col.rule": ("取整依据", "How it is rounded"),
    "rule.fte": ("{days}÷{dpw}×{relief}={fte}，取整{people}人", "{days} ÷ {dpw} × {relief} = {fte}: {people} people"),
    "rule.roster": ("每天在岗{heads}人，做五休二需{people}人", "{heads} on shift a day, two days off a week: {people} people"),
    "rule.rotation": ("四班三运转：{crews}个班组×{per}人，另配替休{extra}人",
                      "four crews on three shifts: {crews} crews × {per}, relief {extra}"),
    "rule.rotation_n": ("{crews}个班组轮转：每组{per}人，另配替休{extra}人",
                        "{crews} crews rotating: {per} each, relief {extra}"),
    "rule.norms": ("按经验配比定额", "by the industry norms"),
    "rule.leaders": ("一线人员每{span}人配1名：{detail}", "one per {span} front-line people: {detail}"),
    "supervisors": ("主管/领班", "Supervisors and team leaders"),
    "compliance": ("合规要求", "Compliance"),
    "compliance_text": ("下列强制性或惯例要求作为排班约束：优化搜索只在满足全部要求的方案中寻找成本最低者。",
                        "The rules below are constraints on the rosters: the search looks for the cheapest design "
                        "only among those that meet every one."),
    "compliance_table": ("岗位与班组合规检查", "Compliance checks of the posts and teams"),
    "col.requirement": ("要求", "Requirement"), "col.required": ("要求人数", "Required"),
    "col.planned": ("本方案", "Planned"), "col.source": ("依据", "Source"), "col.result": ("结论", "Result"),
    "rule.fire_control": ("消防控制室每班持证值班人员", "fire control room: certified people on every shift"),
    "rule.min_per_shift": ("岗位每班最少人数", "least people on every shift"),
    "rule.entrances": ("每个出入口全天有人值守", "a guard at every entrance around the clock"),
    "rule.car_parks": ("每个停车场全天有人值守", "a guard at every car park around the clock"),
    "rule.team_hours": ("值守时段内始终有人在岗或备班", "someone on duty or on call at every hour of the team's hours"),
    "source.team_hours": ("行业惯例（夜间巡逻、夜间二线值班）", "industry practice (night patrol, a technician on call at night)"),
    "source.gb25506": ("《消防控制室通用技术要求》GB 25506-2010 第4.2.1条", "GB 25506-2010 §4.2.1"),
    "source.practice": ("行业惯例（封闭式管理）", "industry practice (closed community)"),
    "source.field": ("场景设定", "the scenario"),
    "ok": ("符合", "complies"), "not_ok": ("不符合", "not met"),
    "org_figure": ("项目组织架构", "Organisation chart"),
    "org_note": ("括号内为编制人数；主管/领班按管理幅度配置。", "People in brackets; supervisors by span of control."),
    "org_manager": ("管理处主任", "Site manager"),
    "org_leaders": ("主管/领班", "Leaders"),
    "rota": TERMS["month_rota"],
    "rota_text": ("以下为{month}的排班表（做五休二，人员编号为本岗位编制内的序号）：每天每个班次的在岗人数与排班表一致，"
                  "每人每7天休息2天，同一人尽量固定班次，上一班结束与下一班开始之间至少休息8小时；"
                  "“备班”为当天在岗但不排班的替休人员，顶替年休假、病假。",
                  "The rota of {month} (people numbered within each post): every shift of every day has its "
                  "people, everyone has two days off in every seven and keeps the same shift where possible, "
                  "with at least 8 hours between shifts; “spare” is a person at work but on no shift, covering "
                  "annual leave and sickness."),
    "rota_ref": ("各岗位按本章编制排出的{month}月度排班表（{n}张）见附录{appendix}：每天每个班次的在岗人数与本章排班一致，"
                 "每人每7天休息2天、连续上班不超过6天，上一班结束与下一班开始之间至少休息8小时。",
                 "The rotas of {month} for the posts of this chapter ({n} tables) are in Appendix {appendix}: every "
                 "shift of every day has the people of this chapter's rosters, everyone has two days off in every "
                 "seven and never more than six working days in a row, with at least 8 hours between shifts."),
    "rota_appendix": ("月度排班表", "Rotas for a month"),
    "rota_table": ("{post}排班表（{month}）", "Rota of {post} ({month})"),
    "col.date": ("日期", "Date"), "col.weekday": TERMS["day"], "col.spare": ("备班", "Spare"),
    "col.off": ("休息", "Off"),
    "sheet.posts": ("岗位编制", "People per post"), "sheet.rota": ("月度排班", "Rota"), "sheet.compliance": ("合规检查", "Compliance checks"),
}
#: Department of each role for the chart (the budget's departments: planner.costs.team.DEPARTMENTS).
_CHART_DEPARTMENTS = (
    ("management", ("finance",)),
    ("customer_service", ("agent", "expert_agent", "butler")),
    ("engineering", ("technician",)),
    ("security", ("guard", "post_guard")),
    ("environment", ("cleaner", "greener")),
)
_DEPARTMENT_NAMES = {"management": ("综合管理部", "Management"), "customer_service": ("客户服务部", "Customer service"),
                     "engineering": ("工程部", "Engineering"), "security": ("秩序维护部", "Security and order"),
                     "environment": ("环境部", "Environment")}


def L(key: str, lang: str, **kwargs) -> str:
    zh, en = _L[key]
    return (zh if lang == tx.ZH else en).format(**kwargs)


def _num(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:.0f}"


def _group_title(ctx: Context, group: dict) -> str:
    return tx.group_name(group["group"], group["role"], ctx.lang)


def _shifts_text(ctx: Context, group: dict) -> str:
    lang = ctx.lang
    lines = [line for line in ctx.plan["staffing"] if (line["kind"], line["group"]) == (group["kind"], group["group"])
             and line["people"] > 0]
    sep, unit = ("、", "人") if lang == tx.ZH else (", ", "")
    parts = []
    for line in lines:
        name = tx.shift_name(line["shift"], line["start"], lang, line)
        people = line["people"] * line["copies"]
        parts.append(f"{name}{people}{unit}" if lang == tx.ZH else f"{name} {people}")
    return sep.join(parts)


def posts_section(b: Builder, ctx: Context) -> None:
    """Subsection: whole people per post with the relief rule, summing to the plan's total."""
    lang, plan = ctx.lang, ctx.plan
    groups = plan.get("posts")
    if not groups:
        return
    hb = plan["headcount_basis"]
    relief, dpw = hb["relief_factor"], hb["days_per_week_per_person"]
    scheduled = 365 * dpw / 7
    post_fte = 21 / dpw * relief
    span = plan["organisation"]["span_of_control"]
    sec = b.subsection(L("posts", lang))
    sec.blocks.append(Paragraph(L("posts_text", lang, dpw=dpw, relief=f"{relief:.4f}", scheduled=f"{scheduled:.1f}",
                                  available=_num(hb["working_days_per_year"] - hb["annual_leave_days"], 1),
                                  working=_num(hb["working_days_per_year"], 1), leave=_num(hb["annual_leave_days"], 1),
                                  post_fte=f"{post_fte:.2f}", post_people=-int(-post_fte // 1), span=span)))
    for name, option in sorted(((plan.get("search") or {}).get("design_options") or {}).items()):
        if option.get("chosen"):
            words, saving = tx.option_words(name, lang), f"{option['saving_yuan']:,.0f}"
            sec.blocks.append(Paragraph(f"运营设计（经仿真比选采用）：{words}，较不采用时每年节省约 {saving} 元。"
                                        if lang == tx.ZH else
                                        f"Design of the operation (chosen by simulation): {words}; it saves about "
                                        f"{saving} yuan a year against the best design without it."))
    table = b.table(L("posts_table", lang), [
        Column(L("col.post", lang), 3.0), Column(L("col.shifts", lang), 3.6), Column(L("col.shift_days", lang), 1.5, True),
        Column(L("col.fte", lang), 1.5, True), Column(L("col.people", lang), 1.6, True), Column(L("col.rule", lang), 4.4)],
        sheet=L("sheet.posts", lang))
    total = 0
    for group in groups:
        fte, people = group["fte"], group["people"]
        if group.get("crews"):
            per = group["people_per_crew"]
            rule = L("rule.rotation" if group["crews"] == 4 else "rule.rotation_n", lang, crews=group["crews"], per=per,
                     extra=people - group["crews"] * per)
        elif group["roster_people"] > -int(-(fte - 1e-9) // 1):
            heads = _daily_heads(ctx, group)
            rule = L("rule.roster", lang, heads=heads, people=people)
        else:
            rule = L("rule.fte", lang, days=_num(group["shift_days_per_week"], 2), dpw=dpw, relief=f"{relief:.4f}",
                     fte=f"{fte:.2f}", people=people)
        table.rows.append(Row([cell(_group_title(ctx, group)), cell(_shifts_text(ctx, group)),
                               cell(group["shift_days_per_week"], "num1"), cell(fte, "num2"), cell(people, "int"),
                               cell(rule)]))
        total += people
    heads = plan["headcount"]
    for role in ordered_roles(heads):
        planned = heads[role]["planned"]
        if role in hb["norms_only_roles"] and planned:
            table.rows.append(Row([cell(tx.role_name(role, lang)), cell("—"), cell(""), cell(""), cell(planned, "int"),
                                   cell(L("rule.norms", lang))]))
            total += planned
    leaders = plan["organisation"]["departments"]
    n_leaders = sum(d["leaders"] for d in leaders.values())
    if n_leaders:
        sep = "、" if lang == tx.ZH else ", "
        detail = sep.join(f"{_DEPARTMENT_NAMES[k][0 if lang == tx.ZH else 1]}{'' if lang == tx.ZH else ' '}{d['leaders']}"
                          for k, d in leaders.items() if d["leaders"])
        table.rows.append(Row([cell(L("supervisors", lang)), cell("—"), cell(""), cell(""), cell(n_leaders, "int"),
                               cell(L("rule.leaders", lang, span=span, detail=detail))]))
        total += n_leaders
    table.rows.append(Row([cell(tx.t("total", lang)), cell(""), cell(""), cell(""), cell(total, "int"), cell("")],
                          emphasis="total", key="total"))
    ctx.tables["posts"] = table
    sec.blocks.append(table)
    compliance_block(b, ctx, sec)
    figure = organisation_figure(b, ctx)
    if figure is not None:
        sec.blocks.append(figure)


def _daily_heads(ctx: Context, group: dict) -> int:
    lines = [line for line in ctx.plan["staffing"] if (line["kind"], line["group"]) == (group["kind"], group["group"])]
    return max(sum(line["people"] * line["copies"] for line in lines if day in line["days"]) for day in tx.WEEKDAY_KEYS)


def compliance_block(b: Builder, ctx: Context, sec) -> None:
    lang = ctx.lang
    checks = ctx.plan.get("compliance") or []
    if not checks:
        return
    sec.blocks.append(Paragraph(L("compliance_text", lang)))
    table = b.table(L("compliance_table", lang), [
        # the number columns wide enough for "Required" and "Planned" on one line (they broke mid-word)
        Column(L("col.requirement", lang), 3.8), Column(L("col.post", lang), 3.0), Column(L("col.required", lang), 1.9, True),
        Column(L("col.planned", lang), 1.9, True), Column(L("col.source", lang), 3.6), Column(L("col.result", lang), 1.4)],
        sheet=L("sheet.compliance", lang))
    sep = "、" if lang == tx.ZH else ", "
    roles = {g["group"]: g["role"] for g in ctx.plan.get("posts") or [] if g.get("kind") == "team"}
    for check in checks:
        where = sep.join(tx.group_name(name, "post_guard" if kind == "post" else roles.get(name, "guard"), lang)
                         for kind, name in _check_groups(check))
        source = {"fire_control": "source.gb25506", "min_per_shift": "source.field",
                  "team_hours": "source.team_hours"}.get(check["rule"], "source.practice")
        table.rows.append(Row([cell(L(f"rule.{check['rule']}", lang)), cell(where or "—"), cell(check["required"], "int"),
                               cell(check["planned"], "int"), cell(L(source, lang)),
                               cell(L("ok" if check["ok"] else "not_ok", lang))]))
    ctx.tables["compliance"] = table
    sec.blocks.append(table)


def organisation_data(ctx: Context) -> dict:
    """The chart's boxes: the site manager, each department with its supervisors and its posts."""
    lang, plan = ctx.lang, ctx.plan
    heads = {role: v["planned"] for role, v in plan["headcount"].items()}
    leaders = {k: d["leaders"] for k, d in plan["organisation"]["departments"].items()}
    groups = plan.get("posts") or []
    unit = "人"
    departments = []
    for key, roles in _CHART_DEPARTMENTS:
        items = []
        for role in roles:
            mine = [g for g in groups if g["role"] == role]
            if mine:
                items += [(_short(tx.group_name(g["group"], g["role"], lang)), g["people"]) for g in mine]
            elif heads.get(role):
                items.append((tx.role_name(role, lang), heads[role]))
        if not items:
            continue
        people = sum(n for _, n in items) + leaders.get(key, 0)
        departments.append({"name": _DEPARTMENT_NAMES[key][0 if lang == tx.ZH else 1], "people": int(people),
                            "leaders": int(leaders.get(key, 0)), "items": [[name, int(n)] for name, n in items]})
    return {"manager": L("org_manager", lang), "manager_people": int(heads.get("site_manager", 0)),
            "departments": departments, "supervisor_label": L("org_leaders", lang), "unit": unit if lang == tx.ZH else "",
            "lang": lang}


def _short(name: str) -> str:
    """A post's name for the chart: without its bracketed detail (管家（每片区） → 管家)."""
    return re.sub(r"\s*[（(][^）)]*[）)]", "", name) or name


def organisation_figure(b: Builder, ctx: Context):
    data = organisation_data(ctx)
    if not data["departments"]:
        return None
    rows = max(len(d["items"]) for d in data["departments"])
    return b.figure(L("org_figure", ctx.lang), "organisation", data, height_cm=org_chart.height_cm(rows),
                    note=L("org_note", ctx.lang))


def _rota_month(ctx: Context) -> str | None:
    rotas = ctx.plan.get("rota") or []
    if not rotas:
        return None
    first = dt.date.fromisoformat(rotas[0]["dates"][0])
    return f"{first.year}年{first.month}月" if ctx.lang == tx.ZH else first.strftime("%B %Y")


def rota_reference(b: Builder, ctx: Context) -> None:
    """Subsection of the staffing chapter: a short note on the rotas, which are in their appendix."""
    month = _rota_month(ctx)
    if month is None:
        return
    sec = b.subsection(L("rota", ctx.lang))
    sec.blocks.append(Paragraph(L("rota_ref", ctx.lang, month=month, n=len(ctx.plan["rota"]), appendix=ctx.rota_appendix)))


def rota_appendix(b: Builder, ctx: Context) -> None:
    """Appendix: a month's rota of each post (dates × shifts, the people numbers on each)."""
    lang = ctx.lang
    rotas = ctx.plan.get("rota") or []
    month = _rota_month(ctx)
    if month is None:
        return
    sec = b.chapter_section(ctx.rota_appendix, L("rota_appendix", lang))
    sec.blocks.append(Paragraph(L("rota_text", lang, month=month)))
    sep = "、" if lang == tx.ZH else ", "
    for rota in rotas:
        keys = [s["key"] for s in rota["shifts"]] or sorted({x for row in rota["grid"] for x in row} - {"off", "spare"})
        names = [rota["names"][k][0 if lang == tx.ZH else 1] for k in keys]
        width = min(3.0, 8.4 / max(len(keys), 1))
        table = b.table(L("rota_table", lang, post=tx.group_name(rota["group"], rota["role"], lang), month=month), [
            Column(L("col.date", lang), 1.1), Column(L("col.weekday", lang), 1.1)] +
            [Column(n, width) for n in names] + [Column(L("col.spare", lang), 1.8), Column(L("col.off", lang), 3.2)],
            sheet=L("sheet.rota", lang))
        for d, day in enumerate(rota["dates"]):
            date = dt.date.fromisoformat(day)
            on = {k: [str(p + 1) for p, row in enumerate(rota["grid"]) if row[d] == k] for k in keys + ["spare", "off"]}
            date_text = f"{date.day}日" if lang == tx.ZH else date.strftime("%d %b")
            table.rows.append(Row([cell(date_text), cell(tx.t(f"weekday.{date.weekday()}", lang))] +
                                  [cell(sep.join(on[k]) or "—") for k in keys] +
                                  [cell(sep.join(on["spare"]) or "—"), cell(sep.join(on["off"]) or "—")]))
        sec.blocks.append(table)


def _check_groups(check: dict) -> list[tuple[str, str]]:
    """The teams and posts a compliance check of plan.json is at, as (kind, name): its ``groups``;
    a plan written before checks carried them has only ``where``, their paths joined by commas."""
    if "groups" in check:
        return [(g["kind"], g["name"]) for g in check["groups"]]
    places = [p.strip() for p in str(check.get("where", "")).split(",")]
    return [("post" if p.startswith("field.posts.") else "team", p.split(".", 2)[2])
            for p in places if p.startswith(("field.posts.", "field.teams.")) and p.count(".") >= 2]
