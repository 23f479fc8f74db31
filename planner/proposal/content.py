"""The proposal as a language-aware document model (planner.proposal.model), built from the plan
dict (plan.json) alone.

Chapters: 1 site summary and assumptions; 2 service commitments and their evidence (and the
plan's headroom and its robust plan, when it has them: ``demand_risk``); 3 the
staffing plan (headcount by department and post, rosters, the basis of each count, the rule of
thumb); 4 the cost estimate (staff costs, expenses by cost item, income and balance, the
contract-period plan, the comparison with the rule of thumb); appendices A method and
validation, B every budget line, C every scenario parameter. Chapters 1 and 2 are built here,
chapter 3 in ``staffing``, chapter 4 in ``costs``, the appendices in ``appendices``; what they
share (numbering, the plan's context, helpers) is in ``context``.
"""

from __future__ import annotations

import datetime as dt

from planner.proposal.edition import check_edition, check_submission
from planner.proposal.options import ProposalError
from planner.proposal.plan_schema import check_plan_schema
from planner.proposal import text as tx
from planner.proposal.appendices import appendix_lines, appendix_method, appendix_parameters
from planner.proposal.posts import rota_appendix
from planner.proposal.context import (Builder, Context, cell, kpi_key, model_name, ordered_roles, pct, plain, sheet,
                                      two_dp, verdict, verdict_of, yuan)
from planner.proposal.costs import chapter_costs
from planner.proposal.demand_risk import headroom_section, robust_section
from planner.proposal.model import Column, Document, Paragraph, Row
from planner.proposal.people import people_sections
from planner.proposal.staffing import chapter_staffing
from planner.proposal.text import t
from sim.results.verdicts import Verdict
from sim.scenario.errors import ScenarioError
from sim.scenario.loader import validate

#: Keys plan.json must have for a proposal (older plan.json files lack the last four).
REQUIRED_KEYS = ("scenario", "staffing", "headcount", "evidence", "rule_of_thumb", "budget", "site",
                 "headcount_basis", "scenario_parameters", "charts")


# ============================================================================ entry point

def check_plan(plan: dict) -> None:
    """Raise ProposalError unless ``plan`` has what a proposal needs."""
    if not isinstance(plan, dict):
        raise ProposalError("plan must be the dict of a plan.json file", "not_plan")
    missing = [key for key in REQUIRED_KEYS if key not in plan]
    if missing:
        raise ProposalError(f"plan.json lacks {', '.join(missing)}: it was written by an older planner; "
                            f"run `python -m planner plan SCENARIO --out DIR` again", "old_plan")
    check_plan_schema(plan)


def build_document(plan: dict, lang: str = tx.ZH, date: dt.date | None = None, edition: str = "internal") -> Document:
    """The proposal of ``plan`` (plan.json's dict) in ``lang`` ("zh" or "en"), as the ``edition``
    of planner.proposal.edition (a submission only of a plan that may be submitted)."""
    if lang not in (tx.ZH, tx.EN):
        raise ProposalError(f"lang must be zh or en, got {lang!r}")
    check_edition(edition)
    check_plan(plan)
    if edition == "submission":
        check_submission(plan)
    try:
        scenario = validate(plan["scenario_parameters"])
    except ScenarioError as exc:
        raise ProposalError(f"plan.json's scenario_parameters are not a valid scenario: {exc}", "plan_field") from exc
    try:
        return _document(plan, scenario, lang, date, edition == "submission")
    except ProposalError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, ZeroDivisionError, OverflowError) as exc:
        # The schema check covers what the chapters read; anything it misses still gets a message.
        raise ProposalError(f"plan.json does not hold what a proposal needs ({type(exc).__name__}: "
                            f"{str(exc)[:120]}); give a plan.json written by `python -m planner plan`", "plan_field") from None


def _document(plan: dict, scenario, lang: str, date: dt.date | None, submission: bool) -> Document:
    ctx = Context(plan, scenario, lang, submission)
    b = Builder(lang)
    _chapter_site(b, ctx)
    _chapter_commitments(b, ctx)
    headroom_section(b, ctx)
    robust_section(b, ctx)
    chapter_staffing(b, ctx)
    people_sections(b, ctx)
    chapter_costs(b, ctx)
    appendix_method(b, ctx)
    appendix_lines(b, ctx)
    if not submission:  # the parameter dump is the team's, not the bid's
        appendix_parameters(b, ctx)
    rota_appendix(b, ctx)
    date = date or ctx.scenario.proposal.prepared_on or dt.date.today()
    date_text = f"{date.year}年{date.month}月{date.day}日" if lang == tx.ZH else date.strftime("%d %B %Y").lstrip("0")
    return Document(lang, t("doc.title", lang), t("doc.subtitle", lang), _cover(ctx), t("doc.date", lang, date=date_text),
                    b.sections, {"toc": t("doc.toc", lang), "page_before": t("doc.page_before", lang),
                                 "page_after": t("doc.page_after", lang)})


def _cover(ctx: Context) -> list[tuple[str, str]]:
    lang, site = ctx.lang, ctx.site
    rows = [(t("cover.project", lang), ctx.project or t("cover.unnamed", lang)),
            (t("cover.sites", lang), ("、" if lang == tx.ZH else ", ").join(ctx.site_display[k] for k in site["site_names"])),
            (t("cover.model", lang), model_name(ctx.scenario, lang)),
            (t("cover.grade", lang), "、".join(t("grade.value", lang, grade=g) for g in site["grades"])),
            (t("cover.scale", lang), t("cover.scale_value", lang, households=f"{site['households']:,}",
                                       area=plain(site["floor_area_m2"]))),
            (t("cover.people", lang), t("cover.people_value", lang, people=f"{site['planned_people']:.0f}"))]
    if not ctx.submission:  # the verdict count is the team's review, not the bid's
        rows.append((t("cover.commitments", lang), t("cover.commitments_value", lang, met=ctx.met_plan, total=len(ctx.targeted))))
    if ctx.bidder:
        rows.insert(0, (t("cover.bidder", lang), ctx.bidder))
    contact = ("　" if lang == tx.ZH else ", ").join(x for x in (ctx.scenario.proposal.contact.text(lang),
                                                                 ctx.scenario.proposal.phone) if x)
    if contact:
        rows.insert(int(bool(ctx.bidder)), (t("cover.contact", lang), contact))
    if ctx.fee:
        fee = ctx.fee
        fee_rows = [(t("cover.fee", lang), t("cover.fee_value", lang, fee=two_dp(fee["break_even_fee"]),
                                             collection=pct(fee["collection_rate"])))]
        if not ctx.submission:  # the surplus or shortfall at today's fee is the team's question
            fee_rows.append((t("cover.fee_charged", lang), t(
                "cover.fee_charged_value" if fee["surplus_yuan_per_year"] >= 0 else "cover.fee_charged_short", lang,
                fee=two_dp(fee["fee_charged"]), amount=yuan(abs(fee["surplus_yuan_per_year"])))))
        at = next(i for i, row in enumerate(rows) if row[0] == t("cover.people", lang)) + 1
        rows[at:at] = fee_rows
    return rows


# ============================================================================ chapter 1

def _chapter_site(b: Builder, ctx: Context) -> None:
    lang, site, s = ctx.lang, ctx.site, ctx.scenario
    b.chapter_section("1", t("ch1", lang))
    sec = b.subsection(t("ch1.site", lang))
    overview = s.proposal.overview.text(lang).strip()
    if overview:
        sec.blocks += [Paragraph(part.strip()) for part in overview.splitlines() if part.strip()]
    sec.blocks.append(Paragraph(t("ch1.site_text", lang, households=f"{site['households']:,}", area=plain(site["floor_area_m2"]),
                                  buildings=f"{site['buildings']:,}", zones=f"{site['zones']:,}", model=model_name(s, lang))))
    table = b.table(t("ch1.site_table", lang), [Column(t("col.item", lang), 6.0), Column(t("col.value", lang), 4.0, True),
                                                 Column(t("col.unit", lang), 3.0)],
                    sheet=sheet("overview", lang))
    facts = [("site.households", site["households"], "int", "unit.households"),
             ("site.floor_area_m2", site["floor_area_m2"], "int", "unit.m2"),
             ("site.land_area_m2", site["land_area_m2"], "int", "unit.m2"),
             ("site.green_area_m2", site["green_area_m2"], "int", "unit.m2"),
             ("site.buildings", site["buildings"], "int", "unit.buildings"),
             ("site.lifts", site["lifts"], "int", "unit.lifts"),
             ("site.zones", site["zones"], "int", "unit.zones"),
             ("site.households_per_zone", site["households_per_zone"], "int", "unit.households"),
             ("site.vehicle_gates", site["vehicle_gates"], "int", "unit.lanes"),
             ("site.pedestrian_gates", site["pedestrian_gates"], "int", "unit.count"),
             ("site.cameras", site["cameras"], "int", "unit.count"),
             ("site.pumps", site["pumps"], "int", "unit.count"),
             ("site.fire_control_rooms", sum(x.fire_control_room_count for x in s.sites.values()), "int", "unit.count"),
             ("site.vacant_share", site["vacant_share"], "share", None)]
    if site["sites"] > 1:
        facts.insert(0, ("site.sites", site["sites"], "int", "unit.count"))
    for key, value, kind, unit in facts:
        table.rows.append(Row([cell(t(key, lang)), cell(value, kind), cell(t(unit, lang) if unit else "")]))
    table.rows.append(Row([cell(t("site.grade", lang)), cell("、".join(t("grade.value", lang, grade=g) for g in site["grades"])),
                           cell("")]))
    sec.blocks.append(table)

    sec = b.subsection(t("ch1.assumptions", lang))
    costs = s.costs
    per_month = {"calls": 0.0, "tickets": 0.0}
    for kind in per_month:
        for spec in getattr(s.demand, kind).values():
            per_month[kind] += spec.rate_per_household_per_month or 0.0
    hb = ctx.plan["headcount_basis"]
    ev = ctx.plan["evidence"]
    if s.centre.operator == "group":
        share = next((ln["yuan_per_year"] for ln in ctx.plan["budget"]["lines"] if ln["key"] == "group_call_centre_share"), 0.0)
        model_text = t("a.model.group", lang, share=yuan(share))
    else:
        model_text = t(f"a.model.{s.operating_model}", lang)
    if s.operating_model == "centralised" and any(p.kind == "fire_control" for p in s.staffed_posts().values()):
        model_text += (" " if lang != "zh" else "") + t("a.model.fire_control", lang)
    sec.blocks += [
        Paragraph(t("a.model", lang, model=model_name(s, lang), model_text=model_text), "bullet"),
        Paragraph(t("a.demand", lang, calls=plain(round(per_month["calls"], 2)), tickets=plain(round(per_month["tickets"], 2))), "bullet"),
        Paragraph(t("a.evidence", lang, reps=ev["replications"], days=plain(ev["horizon_days"]), start=site["start_date"],
                    level=interval_level(ev), looks=t("a.looks", lang) if ev.get("interval_level", 0.95) > 0.95 else ""),
                  "bullet"),
        Paragraph(t("a.headcount", lang, dpw=hb["days_per_week_per_person"], relief=f"{hb['relief_factor']:.4f}",
                    wd=plain(hb["working_days_per_year"]), leave=plain(hb["annual_leave_days"])), "bullet"),
        Paragraph(t("a.costs", lang, fee_model=t(f"fee_model.{costs.fee_model}", lang), fee=two_dp(costs.fee_yuan_per_m2_month),
                    collection=pct(costs.collection_rate), years=costs.contract_years,
                    growth=pct(costs.wage_growth_per_year)), "bullet"),
    ]
    params = b.table(t("ch1.params_table", lang), [Column(t("col.parameter", lang), 8.5), Column(t("col.value", lang), 3.5, True),
                                                    Column(t("col.unit", lang), 3.0)], sheet=sheet("overview", lang))
    rows = [("p.social_insurance_rate", costs.social_insurance_rate, "rate", ""),
            ("p.housing_fund_rate", costs.housing_fund_rate, "rate", ""),
            ("p.contribution_floor", costs.floor_yuan_per_month, "int", t("unit.yuan_month", lang)),
            ("p.welfare_rate", costs.welfare_union_training_rate, "rate", ""),
            ("p.uniform", costs.uniform_yuan_per_person_per_year, "int", t("p.uniform_unit", lang)),
            ("p.working_days", hb["working_days_per_year"], "number", t("unit.days", lang)),
            ("p.annual_leave", hb["annual_leave_days"], "number", t("unit.days", lang)),
            ("p.relief_factor", hb["relief_factor"], "factor", ""),
            ("p.overhead_rate", costs.overhead_rate, "rate", ""),
            ("p.contingency_rate", costs.contingency_rate, "rate", ""),
            ("p.commission_rate" if costs.fee_model == "commission" else "p.profit_rate",
             costs.commission_rate if costs.fee_model == "commission" else costs.profit_rate, "rate", ""),
            ("p.vat_rate", costs.vat_rate, "rate", ""),
            ("p.surcharge_rate", costs.surcharge_rate, "rate", ""),
            ("p.fee", costs.fee_yuan_per_m2_month, "yuan_m2", t("unit.yuan_m2_month", lang)),
            ("p.collection_rate", costs.collection_rate, "rate", ""),
            ("p.contract_years", costs.contract_years, "int", t("unit.years", lang)),
            ("p.wage_growth", costs.wage_growth_per_year, "rate", "")]
    for key, value, kind, unit in rows:
        params.rows.append(Row([cell(t(key, lang)), cell(value, kind), cell(unit)]))
    params.rows.insert(8, Row([cell(t("p.holiday_overtime", lang)),
                               cell(t("p.holiday_overtime_value", lang, days=plain(costs.holiday_overtime_days),
                                    mult=plain(costs.holiday_overtime_multiplier))), cell("")]))
    params.rows.insert(14, Row([cell(t("p.fee_model", lang)), cell(t(f"fee_model.{costs.fee_model}", lang)), cell("")]))
    sec.blocks.append(params)
    roles = [r for r in ordered_roles(ctx.plan["headcount"]) if r in costs.wages_yuan_per_month]
    wages = b.table(t("ch1.wages_table", lang), [Column(t("col.department", lang), 4.0), Column(t("col.post", lang), 5.0),
                                                  Column(t("col.wage", lang), 3.5, True)],
                    sheet=sheet("overview", lang), merge_first_column=True)
    for role in roles:
        wages.rows.append(Row([cell(tx.department_name(role, lang)), cell(tx.role_name(role, lang)),
                               cell(costs.wages_yuan_per_month[role], "int")]))
    sec.blocks.append(wages)


# ============================================================================ chapter 2

def interval_level(evidence: dict) -> str:
    """The level of the evidence's intervals as written (98.3%): verification's looks raise it
    above 95% so that "met at 95%" holds over all of them (planner.search.sequential); a plan
    written before the looks carries none: 95%."""
    from planner.search.sequential import level_said

    return level_said(evidence.get("interval_level", 0.95))


def _chapter_commitments(b: Builder, ctx: Context) -> None:
    lang, ev = ctx.lang, ctx.plan["evidence"]
    zh = lang == tx.ZH
    sec = b.chapter_section("2", t("ch2", lang))
    sec.blocks.append(Paragraph(t("ch2.intro_submission" if ctx.submission else "ch2.intro", lang, reps=ev["replications"],
                                  days=plain(ev["horizon_days"]), level=interval_level(ev))))
    columns = [
        Column(t("col.commitment", lang), 4.8 if zh else 4.3), Column(t("col.target", lang), 1.8 if zh else 1.6, True),
        Column(t("col.plan_mean", lang), 1.5 if zh else 1.4, True), Column(t("col.ci_low", lang), 1.45 if zh else 1.35, True),
        Column(t("col.ci_high", lang), 1.45 if zh else 1.35, True), Column(t("col.verdict", lang), 1.3 if zh else 2.25),
        Column(t("col.rot_mean", lang), 1.5 if zh else 1.4, True),
        Column(t("col.rot_verdict", lang), 1.6 if zh else 2.25)]
    shown = 6 if ctx.submission else len(columns)  # a submission states the plan's evidence, not the norms' verdicts
    if ctx.submission:  # the norms' width goes to the name and the numbers
        widths = (6.2, 1.9, 1.8, 1.75, 1.75, 2.0) if zh else (6.1, 1.8, 1.7, 1.65, 1.65, 2.4)
        columns = [Column(c.label, w, c.numeric) for c, w in zip(columns, widths)]
    table = b.table(t("ch2.table", lang), columns[:shown], sheet=sheet("commitments", lang))
    missed = []
    for k in ctx.targeted:
        kind, suffix = ("share", "") if k["unit"] == "share" else ("num1", "")
        prefix = "≥" if k.get("direction") == ">=" else "≤"
        low, high = (k["ci95"] or [None, None])
        rot = ctx.rot_kpis.get(kpi_key(k), {})
        name = ctx.kpi_name(k)
        if rot and verdict_of(ctx.rot_verdicts, k) is Verdict.MISSED:
            missed.append(name)
        table.rows.append(Row([cell(name), cell(k["target"], kind, prefix, suffix), cell(k["mean"], kind), cell(low, kind),
                               cell(high, kind), cell(verdict(verdict_of(ctx.verdicts, k), lang)),
                               cell(rot.get("mean"), kind), cell(verdict(verdict_of(ctx.rot_verdicts, k), lang) if rot else None)][:shown]))
    for k in ctx.reported:  # an outside contractor's commitment: its verdict, marked as reported
        kind = "share" if k["unit"] == "share" else "num1"
        commitment = k["commitment"]
        low, high = (k["ci95"] or [None, None])
        rot = (ctx.rot_kpis.get(kpi_key(k)) or {}).get("commitment") or {}
        rot_mean = (ctx.rot_kpis.get(kpi_key(k)) or {}).get("mean")

        def reported(status):
            return t("verdict.reported", lang, verdict=verdict(status, lang)) if status else None
        table.rows.append(Row([cell(ctx.kpi_name(k)),
                               cell(commitment.get("target"), kind, "≥" if commitment.get("direction") == ">=" else "≤", ""),
                               cell(k["mean"], kind), cell(low, kind), cell(high, kind),
                               cell(reported(commitment.get("status"))), cell(rot_mean, kind),
                               cell(reported(rot.get("status")) if rot else None)][:shown]))
    ctx.tables["commitments"] = table
    sec.blocks.append(table)
    if ctx.reported:
        sec.blocks.append(Paragraph(t("ch2.reported", lang)))
    if ctx.submission:  # every commitment is shown met (planner.proposal.edition): say so, count nothing
        sec.blocks.append(Paragraph(t("ch2.shown_reported" if ctx.reported else "ch2.shown", lang)))
        _response_figure(b, ctx, sec)
        return
    if not zh:
        missed = [m[:1].lower() + m[1:] for m in missed]
    text = t("ch2.summary", lang, met=len(ctx.targeted), met_plan=ctx.met_plan, met_rot=ctx.met_rot,
             missed=t("ch2.missed", lang, items=("、" if zh else "; ").join(missed)) if missed else "")
    sec.blocks.append(Paragraph(text))
    unmet = [ctx.kpi_name(k) for k in ctx.targeted if verdict_of(ctx.verdicts, k) is not Verdict.MET]
    if unmet:
        sec.blocks.append(Paragraph(t("ch2.unmet_plan", lang, items=("、" if lang == tx.ZH else "; ").join(unmet))))
    _response_figure(b, ctx, sec)


def _response_figure(b: Builder, ctx: Context, sec) -> None:
    data = _response_figure_data(ctx)
    if data["panels"]:
        sec.blocks.append(b.figure(t("ch2.figure", ctx.lang), "response_times", data,
                                   height_cm=5.2 * len(data["panels"]) + 0.8, note=t("ch2.figure_note", ctx.lang)))


def _response_figure_data(ctx: Context) -> dict:
    lang = ctx.lang
    streams = ctx.plan["charts"].get("response_times", {})
    panels = []
    for key, names, scale, unit in (("wait", ("calls", "remote_ops", "expert"), 1.0, "chart.time_s"),
                                    ("field", ("work_orders.emergency", "work_orders.urgent", "work_orders.routine",
                                               "incidents"), 60.0, "chart.time_min"),
                                    ("deferred", ("tickets", "return_visits"), 3600.0, "chart.time_h")):
        series = []
        for name in names:
            st = streams.get(name)
            if not st:
                continue
            target = None if st.get("target_s") is None else (st["target_s"] / scale, st["target_share"])
            series.append({"label": tx.stream_name(name, lang), "x": [x / scale for x in st["high_s"]],
                           "y": st["cum_share"], "target": target})
        if series:
            panels.append({"title": t(f"chart.panel.{key}", lang), "xlabel": t(unit, lang),
                           "ylabel": t("chart.share_within", lang), "series": series})
    return {"panels": panels, "lang": lang}


