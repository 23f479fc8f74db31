"""Chapter 3 of the proposal, 管理服务人员配备方案 / the staffing plan: principles, headcount by
department and post against the rule of thumb, rosters, demand against people on duty, the basis
of each count, the rule-of-thumb computation, and service level against agents."""

from __future__ import annotations

from planner.costs.team import SUPERVISOR_ROLE
from planner.proposal import text as tx
from planner.proposal.context import Builder, Context, capital, cell, ordered_roles, plain, sheet, span
from planner.proposal.model import Column, Paragraph, Row
from planner.proposal.phases import staffing_by_phase
from planner.proposal.posts import posts_section, rota_reference
from planner.proposal.text import t


_ROLE_BASIS = {
    "agent": ("来电接通率、放弃率、工单及回访时限", "calls answered, abandonment, ticket and return-visit deadlines"),
    "agent.centralised": ("来电接通率、放弃率、远程开闸开门、工单及回访时限",
                          "calls answered, abandonment, remote gate operations, ticket and return-visit deadlines"),
    "expert_agent": ("专家坐席接通率", "expert calls answered"),
    "technician": ("维修到场时限、设备完好率、利用率上限", "repair response times, facility availability, utilisation cap"),
    "guard": ("巡逻完成率、突发事件到场时限", "patrol rounds, incident response"),
    "post_guard": ("出入口远程操作及报警核实响应时限", "gate and alarm operations at the posts"),
    "butler": ("入户走访完成率、每日片区巡查", "household visits, daily zone inspections"),
}


def chapter_staffing(b: Builder, ctx: Context) -> None:
    lang, plan = ctx.lang, ctx.plan
    b.chapter_section("3", t("ch3", lang))
    sec = b.subsection(t("ch3.principles", lang))
    sec.blocks += [Paragraph(t("ch3.p1.group" if ctx.scenario.centre.operator == "group" else "ch3.p1", lang)),
                   Paragraph(t("ch3.p2", lang))]
    unshown = len(ctx.targeted) - ctx.met_plan
    if unshown:  # the principles are the aim; never read as "all met" beside a plan that misses
        sec.blocks.append(Paragraph(t("ch3.p_unmet", lang, n=unshown)))

    # ---- 3.2 headcount by department and post
    sec = b.subsection(t("ch3.summary", lang))
    heads = plan["headcount"]
    planned_total = sum(v["planned"] for v in heads.values())
    rot_total = sum(v["rule_of_thumb"] for v in heads.values())
    summary = b.table(t("ch3.summary_table", lang), [
        Column(t("col.department", lang), 3.6), Column(t("col.post", lang), 4.4), Column(t("col.planned", lang), 2.6, True),
        Column(t("col.rule_of_thumb", lang), 2.6, True), Column(t("col.difference", lang), 2.4, True)],
        sheet=sheet("headcount", lang), merge_first_column=True, note=t("ch3.summary_note", lang))
    for role in ordered_roles(heads):
        h = heads[role]
        summary.rows.append(Row([cell(tx.department_name(role, lang)), cell(tx.role_name(role, lang)),
                                 cell(h["planned"], "int"), cell(h["rule_of_thumb"], "int"),
                                 cell(h["planned"] - h["rule_of_thumb"], "signed")], key=role))
    summary.rows.append(Row([cell(t("total", lang)), cell(""), cell(planned_total, "int"), cell(rot_total, "int"),
                             cell(planned_total - rot_total, "signed")], emphasis="total", key="total"))
    ctx.tables["headcount"] = summary
    m2 = ctx.site.get("m2_per_person")
    sec.blocks += [Paragraph(t("ch3.summary_text", lang, people=f"{planned_total:.0f}", rot=f"{rot_total:.0f}",
                               m2=f"{m2:,.0f}" if m2 else "—")), summary]
    staffing_by_phase(b, ctx)  # 3.3 by move-in phase, when the plan has phases

    # ---- 3.3 rosters
    sec = b.subsection(t("ch3.rosters", lang))
    sec.blocks.append(Paragraph(t("ch3.roster_text", lang)))
    rosters = b.table(t("ch3.roster_table", lang), [
        Column(t("col.group", lang), 3.3), Column(t("col.shift", lang), 1.7), Column(t("col.hours", lang), 2.3),
        Column(t("col.days", lang), 1.9), Column(t("col.people_per_shift", lang), 1.5, True),
        Column(t("col.change", lang), 1.3 if lang == tx.ZH else 1.6, True), Column(t("col.copies", lang), 1.6, True),
        Column(t("col.shift_days", lang), 1.8, True)], sheet=sheet("rosters", lang), merge_first_column=True)
    total_days = 0.0
    for line in plan["staffing"]:
        shift_days = line["people"] * line["copies"] * line["length_h"] / 8 * len(line["days"])
        total_days += shift_days
        rosters.rows.append(Row([
            cell(tx.group_name(line["group"], line["role"], lang)),
            cell(tx.shift_name(line["shift"], line["start"], lang, line)), cell(span(line)),
            cell(tx.days_text(line["days"], lang)), cell(line["people"], "int"),
            cell(line["people"] - line["people_before"], "signed"), cell(line["copies"], "int"), cell(shift_days, "num1")]))
    rosters.rows.append(Row([cell(t("total", lang))] + [cell("")] * 6 + [cell(total_days, "num1")], emphasis="total"))
    ctx.tables["rosters"] = rosters
    sec.blocks.append(rosters)
    demand = _demand_figure_data(ctx)
    if demand["panels"]:
        sec.blocks.append(b.figure(t("ch3.demand_figure", lang), "demand", demand,
                                   height_cm=4.6 * len(demand["panels"]) + 1.2, note=t("ch3.demand_note", lang)))

    # ---- whole people per post, compliance, the organisation chart
    posts_section(b, ctx)

    # ---- 3.4 basis of each count
    sec = b.subsection(t("ch3.basis", lang))
    hb = plan["headcount_basis"]
    norms_rows = plan["rule_of_thumb"]["rows"]
    basis = b.table(t("ch3.basis_table", lang), [
        Column(t("col.post", lang), 3.0), Column(t("col.shift_days", lang), 1.9, True), Column(t("col.fte", lang), 1.8, True),
        Column(t("col.basis", lang), 9.3)], sheet=sheet("basis", lang))
    norms_table_number = f"{b.chapter}{t('cap.sep', lang)}{b.counts['table'] + 1}"
    sec.blocks.append(Paragraph(t("ch3.basis_text", lang, commit_table=ctx.tables["commitments"].number,
                                  norms_table=norms_table_number)))
    for role in ordered_roles(heads):
        if role == SUPERVISOR_ROLE:
            continue  # by span of control: the table of whole people per post gives the rule
        days = hb["shift_days_per_week"].get(role)
        if role in hb["norms_only_roles"] or days is None:
            rows = [r for r in norms_rows if r["role"] == role]
            text = "；".join(r["basis_zh"] for r in rows) if lang == tx.ZH else \
                "; ".join(capital(r["basis_en"].replace(" [est]", "")) for r in rows)
            text = text or t("basis.norms", lang)
        else:
            key = f"{role}.centralised" if role == "agent" and ctx.scenario.operating_model == "centralised" else role
            items = _ROLE_BASIS.get(key, (role, role))
            formula = t("basis.fte", lang, days=plain(round(days, 1)), dpw=hb["days_per_week_per_person"],
                        relief=f"{hb['relief_factor']:.4f}")
            text = f"{t('basis.simulated', lang, items=items[0] if lang == tx.ZH else items[1])}；{formula}" \
                if lang == tx.ZH else f"{t('basis.simulated', lang, items=items[1])}; {formula}"
        basis.rows.append(Row([cell(tx.role_name(role, lang)), cell(days, "num1"), cell(heads[role]["planned"], "int"),
                               cell(text)]))
    sec.blocks.append(basis)
    norms = b.table(t("ch3.norms_table", lang), [
        Column(t("col.post", lang), 3.0), Column(t("col.calc_basis", lang), 8.6), Column(t("col.quantity", lang), 2.4, True),
        Column(t("col.headcount", lang), 2.0, True)], sheet=sheet("norms", lang))
    assert norms.number == norms_table_number
    for r in sorted(norms_rows, key=lambda r: ordered_roles(heads).index(r["role"]) if r["role"] in heads else 99):
        basis_text = r["basis_zh"] if lang == tx.ZH else capital(r["basis_en"].replace(" [est]", ""))
        norms.rows.append(Row([cell(tx.role_name(r["role"], lang)), cell(basis_text),
                               cell(r["quantity"], "int", suffix=_unit(r["unit"], lang)),
                               cell(r.get("headcount_rounded", r["headcount"]), "int")]))  # whole people, as the norms' budget
    norms.rows.append(Row([cell(t("total", lang)), cell(""), cell(""),
                           cell(plan["rule_of_thumb"].get("total_rounded", plan["rule_of_thumb"]["total_headcount"]), "int")],
                          emphasis="total"))
    grade = ", ".join(str(g) for g in ctx.site["grades"])
    text = t("ch3.norms_basis", lang, grade=grade, rot=f"{rot_total:.0f}")
    if not ctx.submission:  # the norms' verdict count is the team's review
        text += ("" if lang == tx.ZH else " ") + t("ch3.norms_sim", lang, met_rot=ctx.met_rot, targets=len(ctx.targeted))
    sec.blocks += [Paragraph(text), norms]
    curves = _service_level_figure_data(ctx)
    if curves["panels"]:
        sec.blocks.append(b.figure(t("ch3.sl_figure", lang), "service_level", curves, height_cm=7.0,
                                   note=t("ch3.sl_note", lang, commit_table=ctx.tables["commitments"].number)))

    # ---- a month's rota per post: a reference here, the tables in their appendix
    rota_reference(b, ctx)


def _unit(unit: str, lang: str) -> str:
    zh = {"households": "户", "m²": "㎡", "m² green": "㎡", "people": "人", "posts": "岗", "entrances": "个", "rooms": "间"}
    if lang == tx.ZH:
        return zh.get(unit, "")
    return " " + {"m² green": "m²"}.get(unit, unit)


def _pool_title(ctx: Context, pool: str) -> str:
    return tx.group_name(pool, ctx.roles.get(pool, "agent"), ctx.lang)


def _demand_figure_data(ctx: Context) -> dict:
    lang = ctx.lang
    panels = []
    for pool, d in ctx.plan["charts"].get("demand_by_hour", {}).items():
        panels.append({"title": _pool_title(ctx, pool), "offered": d["offered_load_erl"], "required": d["required_agents"],
                       "on_duty": d["agents_on_duty"]})
    return {"panels": panels, "labels": {"offered": t("chart.offered", lang), "required": t("chart.required", lang),
                                         "on_duty": t("chart.on_duty", lang), "people": t("chart.people", lang)},
            "days": [t(f"weekday.{d}", lang) for d in range(7)], "lang": lang}


def _service_level_figure_data(ctx: Context) -> dict:
    lang = ctx.lang
    panels = []
    for pool, c in ctx.plan["charts"].get("service_level_curve", {}).items():
        when = tx.hour_of_week_text(c["hour_of_week"], lang)
        panels.append({
            "title": t("chart.busiest", lang, pool=_pool_title(ctx, pool), when=when, rate=f"{c['arrivals_per_hour']:.1f}",
                       handle=f"{c['mean_handle_s']:.0f}"),
            "agents": c["agents"], "erlang_c": c["erlang_c"], "erlang_a": c.get("erlang_a"), "target": c["target"],
            "planned": c["planned_agents"],
            "target_label": t("chart.target", lang, share=f"{c['target']:.0%}", within=plain(c["within_s"])),
            "planned_label": t("chart.planned", lang, n=c["planned_agents"])})
    return {"panels": panels, "labels": {"agents": t("chart.agents", lang), "service_level": t("chart.service_level", lang),
                                         "erlang_c": t("chart.erlang_c", lang), "erlang_a": t("chart.erlang_a", lang)},
            "lang": lang}


