"""The proposal's move-in phases (入伙期, plan.json's ``move_in``, planner.phases): in chapter 3
the people of each post by phase with the month each hire starts; in chapter 4's contract plan
each year's months of each phase at that phase's monthly cost with the year's wage growth, the
years adding up to the contract plan's."""

from __future__ import annotations

import math

from planner.proposal import text as tx
from planner.proposal.context import Builder, Context, cell, ordered_roles, pct, sheet
from planner.proposal.model import Column, Paragraph, Row
from planner.proposal.text import t


def phase_label(phase: dict, lang: str) -> str:
    """A phase as people say it: its name, or 第 n 阶段 / Phase n."""
    return phase.get("name") or t("phase.n", lang, n=phase["phase"])


def _months(phase: dict, lang: str) -> str:
    return t("phase.months", lang, first=phase["from_month"], last=phase["to_month"])


def phases_text(phases: list[dict], lang: str) -> str:
    """The phases in one sentence: 第1～6月入住率30%，……"""
    sep = "，" if lang == tx.ZH else "; "
    return sep.join(t("phase.part", lang, name=phase_label(p, lang), months=_months(p, lang), occupancy=pct(p["occupancy"]))
                    for p in phases)


def hires_text(hires: list[dict], role: str, lang: str) -> str:
    """A post's starts after the first phase's: 第7月 +2人；第19月 +1人 (a fall: −1人); — when none."""
    later = [h for h in hires if h["role"] == role and h["phase"] > 1]
    if not later:
        return t("dash", lang)
    sep = "；" if lang == tx.ZH else "; "
    return sep.join(t("phase.hire", lang, month=h["month"], people=f"{h['people']:+.0f}".replace("-", "−")) for h in later)


def staffing_by_phase(b: Builder, ctx: Context) -> None:
    """Chapter 3's subsection: each post's people in each phase and when the added people start."""
    move_in, lang = ctx.plan.get("move_in"), ctx.lang
    if not move_in:
        return
    phases, hires = move_in["phases"], move_in["hires"]
    sec = b.subsection(t("ch3.phases", lang))
    width = max(1.6, min(2.7, 8.4 / len(phases)))  # cm: the table stays within the page
    table = b.table(t("ch3.phases_table", lang), [
        Column(t("col.post", lang), 3.4),
        *[Column(f"{phase_label(p, lang)}\n{_months(p, lang)}\n{pct(p['occupancy'])}", width, True) for p in phases],
        Column(t("col.hires", lang), 4.0)], sheet=sheet("phases", lang), note=t("ch3.phases_note", lang))
    roles = ordered_roles({role: None for p in phases for role in p["headcount_by_role"]})
    for role in roles:
        table.rows.append(Row([cell(tx.role_name(role, lang)),
                               *[cell(p["headcount_by_role"].get(role, 0), "int") for p in phases],
                               cell(hires_text(hires, role, lang))], key=role))
    table.rows.append(Row([cell(t("total", lang)), *[cell(sum(p["headcount_by_role"].values()), "int") for p in phases],
                           cell("")], "total", "total"))
    ctx.tables["phases"] = table
    first, last = phases[0], phases[-1]
    sec.blocks += [Paragraph(t("ch3.phases_text", lang, n=len(phases), phases=phases_text(phases, lang),
                               first=f"{sum(first['headcount_by_role'].values()):.0f}",
                               last=f"{sum(last['headcount_by_role'].values()):.0f}")), table]
    short = [p for p in phases if not p.get("targets_met", True)]
    if short:  # never read as "every phase meets its commitments" beside a phase that does not
        sep = "、" if lang == tx.ZH else ", "
        sec.blocks.append(Paragraph(t("ch3.phases_unmet", lang, phases=sep.join(phase_label(p, lang) for p in short))))


def contract_by_phase(b: Builder, ctx: Context) -> list:
    """Chapter 4's contract plan by phase: per year, each phase's months × its monthly cost with
    the year's wage factor, the year's subtotal (the contract table's year) and the total."""
    move_in, contract, lang = ctx.plan.get("move_in"), ctx.plan.get("contract_plan"), ctx.lang
    if not move_in or not contract or not contract.get("phased"):
        return []
    by_number = {p["phase"]: p for p in move_in["phases"]}
    table = b.table(t("ch4.phases_table", lang), [
        Column(t("col.year", lang), 1.4), Column(t("col.phase", lang), 2.6), Column(t("col.months", lang), 1.4, True),
        Column(t("col.people", lang), 1.4, True), Column(t("col.wage_factor", lang), 1.5, True),
        Column(t("col.monthly_cost", lang), 2.4, True), Column(t("col.phase_cost", lang), 2.6, True)],
        sheet=sheet("phase_costs", lang), merge_first_column=True)
    for year in contract["years"]:
        for part in year["phases"]:
            table.rows.append(Row([cell(t("year.n", lang, n=year["year"])), cell(phase_label(by_number[part["phase"]], lang)),
                                   cell(part["months"], "int"), cell(part["headcount"], "int"),
                                   cell(year["wage_factor"], "factor"), cell(part["monthly_total_yuan"], "yuan"),
                                   cell(part["total_yuan"], "yuan")], key=f"year{year['year']}.phase{part['phase']}"))
        table.rows.append(Row([cell(t("year.n", lang, n=year["year"])), cell(t("subtotal", lang)), cell(12, "int"), cell(None),
                               cell(None), cell(None), cell(year["total_yuan_per_year"], "yuan")], "total",
                              f"year{year['year']}"))
    table.rows.append(Row([cell(t("total", lang)), cell(""), cell(12 * len(contract["years"]), "int"), cell(None),
                           cell(None), cell(None), cell(math.fsum(y["total_yuan_per_year"] for y in contract["years"]), "yuan")],
                          "total", "total"))
    ctx.tables["phase_costs"] = table
    return [Paragraph(t("ch4.phases_text", lang, phases=phases_text(move_in["phases"], lang))), table]
