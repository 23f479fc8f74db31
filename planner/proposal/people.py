"""The optional sections of the staffing chapter a bid has (seed 004, chapter 3: 人员培训与管理计划,
主要岗位人员的岗位资格): the training plan and the qualifications by post, from the scenario's
``proposal`` texts, for the posts the plan staffs. A section whose texts are not given in the
document's language is left out, so no empty table and no text in the other language appears."""

from __future__ import annotations

from planner.proposal import text as tx
from planner.proposal.context import Builder, Context, cell, ordered_roles, plain, sheet
from planner.proposal.model import Column, Paragraph, Row
from planner.proposal.text import t


def people_sections(b: Builder, ctx: Context) -> None:
    """Append the training plan and the qualifications to the current chapter."""
    lang, text = ctx.lang, ctx.scenario.proposal
    sep = "、" if lang == tx.ZH else ", "
    staffed = {role for role, n in ctx.plan["headcount"].items() if n.get("planned")}
    # a course or a qualification of posts the plan does not staff (the centralised site's fixed
    # gate posts, the group centre's agents) is not this site's
    courses = [c for c in text.training if c.topic.text(lang) and (not c.roles or set(c.roles) & staffed)]
    if courses:
        sec = b.subsection(t("ch3.training", lang))
        table = b.table(t("ch3.training_table", lang), [
            Column(t("col.course", lang), 6.0), Column(t("col.trainees", lang), 4.6),
            Column(t("col.training_hours", lang), 2.2, True), Column(t("col.when", lang), 2.6)], sheet=sheet("people", lang))
        for course in courses:
            roles = sep.join(tx.role_name(r, lang) for r in ordered_roles([r for r in course.roles if r in staffed])) \
                or t("all_posts", lang)
            table.rows.append(Row([cell(course.topic.text(lang)), cell(roles), cell(plain(course.hours)),
                                   cell(course.when.text(lang) or "—")]))
        sec.blocks += [Paragraph(t("ch3.training_text", lang)), table]
    quals = {role: q.text(lang) for role, q in text.qualifications.items() if q.text(lang) and role in staffed}
    if quals:
        sec = b.subsection(t("ch3.qualifications", lang))
        table = b.table(t("ch3.qualifications_table", lang), [
            Column(t("col.department", lang), 3.0), Column(t("col.post", lang), 3.4),
            Column(t("col.qualification", lang), 9.0)], sheet=sheet("people", lang), merge_first_column=True)
        for role in ordered_roles(quals):
            table.rows.append(Row([cell(tx.department_name(role, lang)), cell(tx.role_name(role, lang)), cell(quals[role])]))
        sec.blocks.append(table)
