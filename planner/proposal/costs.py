"""Chapter 4 of the proposal, 服务费用收支测算 / the cost estimate: staff costs by post, expenses by
cost item with their basis, income and balance, the contract-period plan, and the comparison
with the rule of thumb; ``line_basis`` writes each budget line's basis from the scenario's
figures (and gives the value they make, which tests compare with the line)."""

from __future__ import annotations

import math

from planner.costs.fee import fee_sentence
from planner.proposal import text as tx
from planner.proposal.context import Builder, Context, cell, ordered_roles, pct, plain, sheet, two_dp, yuan
from planner.proposal.model import Column, Paragraph, Row
from planner.proposal.phases import contract_by_phase
from planner.proposal.text import t


_LABOUR_PARTS = ("wages", "social_insurance", "housing_fund", "welfare", "holiday_overtime", "uniforms")


def chapter_costs(b: Builder, ctx: Context) -> None:
    lang, budget = ctx.lang, ctx.budget
    sec = b.chapter_section("4", t("ch4", lang))
    if not budget:
        sec.blocks.append(Paragraph(t("note.no_budget", lang)))
        return
    s, costs = ctx.scenario, ctx.scenario.costs
    zh = lang == tx.ZH
    area = budget["floor_area_m2"]
    per_m2 = 1.0 / (area * 12)
    sec = b.subsection(t("ch4.basis", lang))
    sec.blocks += [Paragraph(t("ch4.b1", lang, margin=ctx.margin_word)),
                   Paragraph(t("ch4.b2", lang, fee_model=t(f"fee_model.{costs.fee_model}", lang),
                               formula=t(f"formula.{costs.fee_model}", lang)))]

    # ---- 4.2 staff costs by post
    sec = b.subsection(t("ch4.labour", lang))
    lines = budget["lines"]
    by_role: dict[str, dict[str, float]] = {}
    for line in lines:
        if line["category"] == "1" and line.get("role"):
            part = line["key"].split(".", 1)[0]
            by_role.setdefault(line["role"], {})[part] = by_role.get(line["role"], {}).get(part, 0.0) + line["yuan_per_year"]
    labour = b.table(t("ch4.labour_table", lang), [
        Column(t("col.post", lang), 2.3 if zh else 2.1), Column(t("col.people", lang), 1.1 if zh else 1.3, True),
        Column(t("col.monthly_wage", lang), 1.3, True), Column(t("col.wages", lang), 1.6, True),
        Column(t("col.social_insurance", lang), 1.6, True), Column(t("col.housing_fund", lang), 1.4, True),
        Column(t("col.welfare", lang), 1.5, True), Column(t("col.overtime", lang), 1.5, True),
        Column(t("col.uniforms", lang), 1.4 if zh else 1.6, True), Column(t("col.labour_total", lang), 1.7, True)], sheet=sheet("labour", lang), font_pt=8.0,
        note=t("ch4.labour_note", lang, floor=plain(costs.floor_yuan_per_month), si=pct(costs.social_insurance_rate),
               hf=pct(costs.housing_fund_rate), welfare=pct(costs.welfare_union_training_rate),
               days=plain(costs.holiday_overtime_days), mult=plain(costs.holiday_overtime_multiplier),
               paid=plain(costs.paid_days_per_month), uniform=plain(costs.uniform_yuan_per_person_per_year)))
    sums = [0.0] * (len(_LABOUR_PARTS) + 2)
    for role in ordered_roles(by_role):
        parts = by_role[role]
        people = budget["headcount_by_role"].get(role, 0.0)
        values = [parts.get(p, 0.0) for p in _LABOUR_PARTS]
        row_total = math.fsum(values)
        sums[0] += people
        for i, v in enumerate(values):
            sums[i + 1] += v
        sums[-1] += row_total
        labour.rows.append(Row([cell(tx.role_name(role, lang)), cell(people, "int"),
                                cell(costs.wages_yuan_per_month.get(role), "int")] +
                               [cell(v or None, "yuan") for v in values] + [cell(row_total, "yuan")], key=role))
    labour.rows.append(Row([cell(t("total", lang)), cell(sums[0], "int"), cell(None)] +
                           [cell(v, "yuan") for v in sums[1:]], emphasis="total", key="total"))
    ctx.tables["labour"] = labour
    sec.blocks.append(labour)

    # ---- 4.3 expenses by cost item
    sec = b.subsection(t("ch4.expenses", lang))
    total = budget["total_yuan_per_year"]
    expense = b.table(t("ch4.expense_table", lang), [
        Column(t("col.cost_item", lang), 4.7), Column(t("col.calc_basis", lang), 5.5 if zh else 5.3),
        Column(t("col.annual", lang), 2.3, True), Column(t("col.per_m2_month", lang), 1.9 if zh else 2.1, True),
        Column(t("col.share_of_total", lang), 1.6, True)],
        sheet=sheet("expenses", lang))

    def money_row(label, basis, value, emphasis="", key=""):
        expense.rows.append(Row([cell(label), cell(basis), cell(value, "yuan"), cell(value * per_m2, "yuan_m2"),
                                 cell(value / total if total else None, "share")], emphasis, key))

    subtotals = budget["subtotals_by_category"]
    for category in [c for c in tx.CATEGORY_NUMERALS if c in subtotals]:
        head = f"{tx.CATEGORY_NUMERALS[category]}、{tx.category_name(category, lang)}" if lang == tx.ZH \
            else f"{category}. {tx.category_name(category, lang)}"
        if category == "1":
            money_row(head, t("basis.labour_subtotal", lang, table=labour.number), subtotals["1"], "group", "labour")
            continue
        money_row(head, "", subtotals[category], "group")
        for line in lines:
            if line["category"] == category:
                money_row("　" + line_label(line, ctx) if lang == tx.ZH else "  " + line_label(line, ctx),
                          line_basis(line, ctx)[0], line["yuan_per_year"])
    money_row(t("row.direct_cost", lang), "", budget["direct_cost_yuan_per_year"], "total", "direct")
    for line in lines:
        if line["category"] in ("overhead", "contingency"):
            money_row(line_label(line, ctx), line_basis(line, ctx)[0], line["yuan_per_year"])
    money_row(t("row.cost", lang), "", budget["cost_yuan_per_year"], "total", "cost")
    for line in lines:
        if line["category"] in ("profit", "commission", "tax"):
            money_row(line_label(line, ctx), line_basis(line, ctx)[0], line["yuan_per_year"])
    money_row(t("row.total", lang), "", total, "total", "total")
    ctx.tables["expenses"] = expense
    sec.blocks.append(expense)

    # ---- 4.4 income and balance
    sec = b.subsection(t("ch4.income_submission" if ctx.submission else "ch4.income", lang))
    fee = ctx.fee
    income = b.table(t("ch4.income_table", lang), [
        Column(t("col.item", lang), 5.6), Column(t("col.value", lang), 2.6, True), Column(t("col.unit", lang), 2.4 if zh else 2.9),
        Column(t("col.calc_basis", lang), 5.4 if zh else 5.1)], sheet=sheet("income", lang),
        what_if={"income": "{fee}*{area}*12*{collection}+{other_income}", "surplus": "{income}-{total}",
                 "break_even": "({total}-{other_income})/({area}*12*{collection})"},
        what_if_inputs=("fee", "area", "collection", "other_income", "total"), what_if_label=t("col.edit", lang))
    yuan_year, yuan_m2 = t("unit.yuan_year", lang), t("unit.yuan_m2_month", lang)
    inc = costs.income
    income_lines = budget.get("income_lines") or [
        {"key": "fee", "label_zh": t("row.income", tx.ZH), "label_en": t("row.income", tx.EN), "basis": "",
         "yuan_per_year": budget["income_yuan_per_year"], "fee_linked": True}]
    other = budget.get("other_income_yuan_per_year", 0.0)
    grades = fee.get("grade_break_even") or {}
    rows = [
        ("fee", t("row.fee", lang), fee["fee_charged"], "yuan_m2", yuan_m2, ""),
        ("area", t("row.floor_area", lang), area, "int", t("unit.m2", lang), ""),
        ("collection_rate", t("row.collection_rate", lang), fee["collection_rate"], "share", "", ""),
        ("collection", t("row.effective_collection", lang), fee["effective_collection_rate"], "share", "",
         t("basis.effective_collection", lang, unsold=pct(inc.developer_vacant_share), collection=pct(costs.collection_rate),
           share=pct(inc.developer_vacant_fee_share))),
    ]
    for line in income_lines:
        rows.append((f"income.{line['key']}", ("　" if zh else "  ") + (line["label_zh"] if zh else line["label_en"]),
                     line["yuan_per_year"], "yuan", yuan_year, income_basis(line["key"], ctx)))
    rows += [
        ("other_income", t("row.other_income", lang), other, "yuan", yuan_year, t("basis.other_income", lang)),
        ("income", t("row.income", lang), fee["income_yuan_per_year"], "yuan", yuan_year, t("basis.income", lang)),
        ("total", t("row.total", lang), fee["total_yuan_per_year"], "yuan", yuan_year,
         t("basis.labour_subtotal", lang, table=expense.number)),
        ("surplus", t("row.surplus", lang), fee["surplus_yuan_per_year"], "yuan", yuan_year, t("basis.surplus", lang)),
        ("target_margin", t("row.target_margin", lang, margin=ctx.margin_word), budget["margin_yuan_per_year"], "yuan",
         yuan_year, ""),
        ("margin_at_fee", t("row.margin_at_fee", lang, margin=ctx.margin_word), budget["margin_at_fee_yuan_per_year"],
         "yuan", yuan_year, t("basis.margin_at_fee", lang)),
        ("per_m2", t("row.per_m2_month", lang), budget["per_m2_month"], "yuan_m2", yuan_m2, ""),
        ("cost_per_m2", t("row.cost_per_m2_month", lang), budget["cost_per_m2_month"], "yuan_m2", yuan_m2, ""),
        ("break_even", t("row.break_even", lang), fee["break_even_fee"], "yuan_m2", yuan_m2, t("basis.break_even", lang)),
        ("labour_share", t("row.labour_share", lang), budget["labour_share_of_cost"], "share", "", ""),
    ]
    if grades:
        bought = fee.get("grade_bought")
        fees_text = ("；" if zh else "; ").join(f"{t('grade.value', lang, grade=g)} {two_dp(v)}" for g, v in sorted(grades.items()))
        rows.append(("grade_bought", t("row.grade_bought", lang),
                     t("grade.value", lang, grade=bought) if bought is not None else t("grade.none", lang), "text", "",
                     t("basis.grade_bought", lang, fees=fees_text)))
    if ctx.submission:  # the balance at today's fee is the team's question, not the bid's
        rows = [row for row in rows if row[0] not in ("surplus", "margin_at_fee", "grade_bought")]
    for key, label, value, kind, unit, basis_text in rows:
        emphasis = "total" if key in ("surplus", "break_even", "income") else ""
        value_cell = cell(value) if kind == "text" else cell(value, kind)
        income.rows.append(Row([cell(label), value_cell, cell(unit), cell(basis_text)], emphasis, key))
    ctx.tables["income"] = income
    balance = fee_sentence(fee, lang, ctx.submission)
    sec.blocks += [income, Paragraph(balance)]
    if ctx.norms_budget:
        sec.blocks.append(b.figure(t("ch4.cost_figure", lang), "cost_breakdown", _cost_figure_data(ctx), height_cm=7.5))

    # ---- 4.5 contract-period plan
    contract = ctx.plan.get("contract_plan")
    if contract:
        sec = b.subsection(t("ch4.contract_submission" if ctx.submission else "ch4.contract", lang))
        # the submission: the contract's costs and the fee they need, not the balance at today's fee
        money = [("labour_yuan_per_year", "col.labour_cost", 2.2), ("cost_yuan_per_year", "col.cost", 2.1),
                 ("total_yuan_per_year", "col.total_cost", 2.2)]
        if not ctx.submission:
            money += [("income_yuan_per_year", "col.income", 2.1), ("surplus_yuan_per_year", "col.balance", 2.2)]
        table = b.table(t("ch4.contract_table_submission" if ctx.submission else "ch4.contract_table", lang), [
            Column(t("col.year", lang), 1.4), Column(t("col.wage_factor", lang), 1.5, True),
            *[Column(t(label, lang), width, True) for _, label, width in money],
            Column(t("col.per_m2_month", lang), 1.9 if zh else 2.2, True)], sheet=sheet("contract", lang))
        for y in contract["years"]:
            table.rows.append(Row([cell(t("year.n", lang, n=y["year"])), cell(y["wage_factor"], "factor"),
                                   *[cell(y[field], "yuan") for field, _, _ in money],
                                   cell(y["per_m2_month"], "yuan_m2")], key=f"year{y['year']}"))
        years = contract["years"]
        totals = {"total_yuan_per_year": contract["total_yuan"], "income_yuan_per_year": contract["income_yuan"],
                  "surplus_yuan_per_year": contract["surplus_yuan"]}
        table.rows.append(Row([cell(t("total", lang)), cell(None),
                               *[cell(totals.get(field, math.fsum(y[field] for y in years)), "yuan") for field, _, _ in money],
                               cell(None)], "total", "total"))
        ctx.tables["contract"] = table
        if ctx.submission:
            text = t("ch4.contract_text_submission", lang, years=len(years), growth=pct(costs.wage_growth_per_year),
                     total=yuan(contract["total_yuan"]), break_even=two_dp(contract["break_even_fee_yuan_per_m2_month"]))
        else:
            balance_word = t("word.surplus" if contract["surplus_yuan"] >= 0 else "word.deficit", lang)
            text = t("ch4.contract_text", lang, years=len(years), growth=pct(costs.wage_growth_per_year),
                     income=yuan(contract["income_yuan"]), total=yuan(contract["total_yuan"]),
                     balance_word=balance_word, balance=yuan(abs(contract["surplus_yuan"])),
                     break_even=two_dp(contract["break_even_fee_yuan_per_m2_month"]))
        sec.blocks += [Paragraph(text), table, *contract_by_phase(b, ctx)]

    # ---- 4.6 against the rule of thumb
    nb = ctx.norms_budget
    if nb:
        sec = b.subsection(t("ch4.compare", lang))
        table = b.table(t("ch4.compare_table", lang), [
            Column(t("col.item", lang), 6.2), Column(t("col.plan", lang), 3.2, True), Column(t("col.norms", lang), 3.2, True),
            Column(t("col.diff", lang), 3.0, True)], sheet=sheet("compare", lang))
        for key, label, kind in (("headcount", "row.headcount", "int"), ("labour_yuan_per_year", "row.labour", "yuan"),
                                 ("cost_yuan_per_year", "row.cost", "yuan"), ("total_yuan_per_year", "row.total_yuan", "yuan"),
                                 ("per_m2_month", "row.per_m2_month", "yuan_m2"),
                                 ("break_even_fee_yuan_per_m2_month", "row.break_even", "yuan_m2")):
            diff_kind = {"int": "signed", "yuan": "yuan", "yuan_m2": "yuan_m2"}[kind]
            table.rows.append(Row([cell(t(label, lang)), cell(budget[key], kind), cell(nb[key], kind),
                                   cell(budget[key] - nb[key], diff_kind)], key=key))
        of = f"/{len(ctx.targeted)}"
        if not ctx.submission:  # a verdict count is the team's review, not the bid's
            table.rows.append(Row([cell(t("row.commitments_met", lang)), cell(ctx.met_plan, "int", suffix=of),
                                   cell(ctx.met_rot, "int", suffix=of), cell(ctx.met_plan - ctx.met_rot, "signed")],
                                  "total", "commitments"))
        ctx.tables["compare"] = table
        diff = nb["total_yuan_per_year"] - budget["total_yuan_per_year"]
        compare_key = "ch4.compare_text"
        if ctx.submission:  # what the norms' rosters show, without the team's counts
            compare_key = "ch4.compare_short" if ctx.met_rot < len(ctx.targeted) else "ch4.compare_all"
        sec.blocks += [Paragraph(t(compare_key, lang, rot_total=yuan(nb["total_yuan_per_year"]),
                                   direction=t("word.less" if diff < 0 else "word.more", lang), diff=yuan(abs(diff)),
                                   met_rot=ctx.met_rot, targets=len(ctx.targeted))), table]


def _cost_figure_data(ctx: Context) -> dict:
    lang = ctx.lang
    plan_sub, norms_sub = ctx.budget["subtotals_by_category"], ctx.norms_budget["subtotals_by_category"]
    categories = [c for c in tx.CATEGORY_NUMERALS if c in plan_sub or c in norms_sub] + \
        [c for c in ("overhead", "contingency", "profit", "commission", "tax") if c in plan_sub or c in norms_sub]
    scale = float(t("chart.cost_scale", lang))
    return {"categories": [tx.category_name(c, lang) for c in categories],
            "plan": [plan_sub.get(c, 0.0) / scale for c in categories],
            "norms": [norms_sub.get(c, 0.0) / scale for c in categories],
            "labels": {"plan": t("col.plan", lang), "norms": t("col.norms", lang), "axis": t("chart.cost_axis", lang)},
            "decimals": 1 if scale >= 10000 else 0, "lang": lang}


def income_basis(key: str, ctx: Context) -> str:
    """An income line's basis in words, from the scenario's figures."""
    zh, c = ctx.lang == tx.ZH, ctx.scenario.costs
    inc, area = c.income, ctx.budget["floor_area_m2"]
    households = sum(s.households for s in ctx.scenario.sites.values())
    fee = plain(c.fee_yuan_per_m2_month)
    if key == "fee":
        return (f"{fee}元 × {plain(area)}㎡ × （1 − {pct(inc.developer_vacant_share)}） × 12 × {pct(c.collection_rate)}" if zh
                else f"{fee} × {plain(area)} m² × (1 − {pct(inc.developer_vacant_share)}) × 12 × {pct(c.collection_rate)}")
    if key == "developer_vacant":
        return (f"{fee}元 × {plain(area)}㎡ × {pct(inc.developer_vacant_share)} × 12 × {pct(inc.developer_vacant_fee_share)}" if zh
                else f"{fee} × {plain(area)} m² × {pct(inc.developer_vacant_share)} × 12 × {pct(inc.developer_vacant_fee_share)}")
    if key == "parking":
        return (f"{inc.parking_spaces}个车位 × {plain(inc.parking_fee_yuan_per_space_per_month)}元/月 × 12 × "
                f"{pct(inc.parking_collection_rate)}" if zh else
                f"{inc.parking_spaces} spaces × {plain(inc.parking_fee_yuan_per_space_per_month)} yuan/month × 12 × "
                f"{pct(inc.parking_collection_rate)}")
    if key == "paid_services":
        return (f"{households}户 × {plain(inc.paid_services_yuan_per_household_per_year)}元/户·年" if zh
                else f"{households} households × {plain(inc.paid_services_yuan_per_household_per_year)} yuan a year")
    if key == "advertising":
        return "按企业分成的年度金额" if zh else "the company's share a year"
    return ""


def line_label(line: dict, ctx: Context) -> str:
    key = line["key"]
    if key.startswith("depreciation."):
        name = key.split(".", 1)[1]
        device = ctx.scenario.costs.devices.get(name)
        label = tx.device_name(name, device.note if device else "", ctx.lang)
        return f"折旧：{label}" if ctx.lang == tx.ZH else f"Depreciation: {label}"
    if key.startswith("contract."):
        name = key.split(".", 1)[1]
        contract = ctx.scenario.costs.contracts.get(name)
        label = tx.contract_name(name, contract.note if contract else "", ctx.lang)
        return f"外包：{label}" if ctx.lang == tx.ZH else f"Contract: {label}"
    return line["label_zh"] if ctx.lang == tx.ZH else line["label_en"]


def _people(headcount: float, zh: bool) -> str:
    """A budget line's people: whole people as a whole number ("3人"); a fraction (a budget of
    full-time equivalents) as what it is, never "4.38人"."""
    if abs(headcount - round(headcount)) < 1e-9:
        return f"{round(headcount)}人" if zh else f"{round(headcount)} people"
    return f"{headcount:.2f}个全时当量" if zh else f"{headcount:.2f} full-time equivalents"


def line_basis(line: dict, ctx: Context) -> tuple[str, float | None]:
    """A budget line's basis in words and the value its figures give (None when the line is
    taken as given), in the document's language. The figures are the scenario's own, so the
    value equals the line's (a test checks it)."""
    zh = ctx.lang == tx.ZH
    c = ctx.scenario.costs
    budget = ctx.budget if line in ctx.budget["lines"] else ctx.norms_budget
    factor = budget.get("wage_factor", 1.0)
    key, value = line["key"], line["yuan_per_year"]
    part, _, role = key.partition(".")
    h = budget["headcount_by_role"].get(role, 0.0)
    people = _people(h, zh)
    area = budget["floor_area_m2"]
    sites = list(ctx.scenario.sites.values())
    if part == "wages":
        w = c.wages_yuan_per_month[role] * factor
        return (f"{people} × {plain(w)}元/月 × 12个月" if zh else f"{people} × {plain(w)} yuan/month × 12"), h * w * 12
    if part in ("social_insurance", "housing_fund"):
        w = c.wages_yuan_per_month[role] * factor
        floor = c.floor_yuan_per_month * factor
        base = max(w, floor)
        rate = c.social_insurance_rate if part == "social_insurance" else c.housing_fund_rate
        note = ("（工资）" if w >= floor else "（缴费基数下限）") if zh else (" (wage)" if w >= floor else " (floor)")
        return (f"{people} × 缴费基数{plain(base)}元{note} × 12 × {pct(rate)}" if zh
                else f"{people} × base {plain(base)} yuan{note} × 12 × {pct(rate)}"), h * base * 12 * rate
    if part == "welfare":
        w = c.wages_yuan_per_month[role] * factor
        return (f"工资 × {pct(c.welfare_union_training_rate)}" if zh else f"wages × {pct(c.welfare_union_training_rate)}"), \
            h * w * 12 * c.welfare_union_training_rate
    if part == "holiday_overtime":
        w = c.wages_yuan_per_month[role] * factor
        share = c.working_days_per_year / 365 if c.holiday_overtime_basis == "coverage" else 1.0
        extra = (f" × {plain(c.working_days_per_year)}/365" if share != 1 else "")
        text = (f"{people} × {plain(c.holiday_overtime_days)}天 × {plain(c.holiday_overtime_multiplier)}倍 × "
                f"日工资{plain(w)}/{plain(c.paid_days_per_month)}{extra}" if zh else
                f"{people} × {plain(c.holiday_overtime_days)} days × {plain(c.holiday_overtime_multiplier)} × daily wage "
                f"{plain(w)}/{plain(c.paid_days_per_month)}{extra}")
        return text, h * c.holiday_overtime_days * c.holiday_overtime_multiplier * w / c.paid_days_per_month * share
    if part == "uniforms":
        u = c.uniform_yuan_per_person_per_year
        return (f"{people} × {plain(u)}元/人·年" if zh else f"{people} × {plain(u)} yuan a year"), h * u
    per_area = {"utilities": c.utilities_yuan_per_m2_per_year, "facility_maintenance": c.facility_maintenance_yuan_per_m2_per_year,
                "cleaning_materials": c.cleaning_materials_yuan_per_m2_per_year,
                "security_materials": c.security_materials_yuan_per_m2_per_year, "insurance": c.insurance_yuan_per_m2_per_year}
    if key in per_area:
        rate = per_area[key]
        return (f"{plain(area)}㎡ × {plain(rate)}元/㎡·年" if zh else f"{plain(area)} m² × {plain(rate)} yuan/m²·year"), area * rate
    if key == "greening":
        green = sum(s.green_area_m2 for s in sites)
        rate = c.greening_yuan_per_m2_green_per_year
        return (f"绿化面积{plain(green)}㎡ × {plain(rate)}元/㎡·年" if zh else f"{plain(green)} m² green × {plain(rate)} yuan/m²·year"), \
            green * rate
    if key == "lift_maintenance":
        lifts = sum(s.lifts for s in sites)
        rate = c.lift_maintenance_yuan_per_lift_per_year
        return (f"{lifts}部 × {plain(rate)}元/部·年" if zh else f"{lifts} lifts × {plain(rate)} yuan a year"), lifts * rate
    if key.startswith("contract."):
        contract = c.contracts[key.split(".", 1)[1]]
        amounts = {**sites[0].quantities(), "floor_area_m2": area, "green_area_m2": sites[0].green_area_m2}
        units = contract.units(amounts)
        unit_zh = {"floor_area_m2": "㎡", "green_area_m2": "㎡绿化面积", "buildings": "栋", "lifts": "部",
                   "households": "户", "pumps": "台"}.get(contract.per or "", "项")
        unit_en = {"floor_area_m2": "m²", "green_area_m2": "m² green"}.get(contract.per or "", "units")
        times = contract.times_per_year
        text = (f"{plain(units)}{unit_zh} × {plain(contract.yuan_per_unit)}元" + (f" × 每年{plain(times)}次" if times != 1 else "")
                if zh else f"{plain(units)} {unit_en} × {plain(contract.yuan_per_unit)} yuan" +
                (f" × {plain(times)} a year" if times != 1 else ""))
        return text, contract.yuan_per_year(amounts)
    if key == "community_culture":
        households = sum(s.households for s in sites)
        rate = c.community_culture_yuan_per_household_per_year
        return (f"{households}户 × {plain(rate)}元/户·年" if zh else f"{households} households × {plain(rate)} yuan a year"), \
            households * rate
    if key in ("office", "other"):
        return ("按项目年度预算" if zh else "annual amount for the site"), None
    if key == "group_call_centre_share":
        return ("集团呼叫中心费用分摊（集中管控模式）" if zh else "share of the group call centre (centralised model)"), None
    if key.startswith("depreciation."):
        device = c.devices[key.split(".", 1)[1]]
        units = device.units(sites[0].quantities())
        residual = f" × (1 − {pct(device.residual_share)})" if device.residual_share else ""
        text = (f"{plain(units)}台（套）× {plain(device.unit_cost_yuan)}元{residual} ÷ {plain(device.life_years)}年" if zh else
                f"{plain(units)} × {plain(device.unit_cost_yuan)} yuan{residual} ÷ {plain(device.life_years)} years")
        return text, units * device.unit_cost_yuan * (1 - device.residual_share) / device.life_years
    if key == "call_centre_seats":
        seats = budget.get("seats", 0.0)
        rate = c.call_centre_seat_cost_yuan_per_year
        return (f"{seats:.2f}个坐席 × {plain(rate)}元/年" if zh else f"{seats:.2f} seats × {plain(rate)} yuan a year"), seats * rate
    direct, cost = budget["direct_cost_yuan_per_year"], budget["cost_yuan_per_year"]
    overhead = math.fsum(x["yuan_per_year"] for x in budget["lines"] if x["category"] == "overhead")
    if key == "overhead":
        return (f"直接费用 × {pct(c.overhead_rate)}" if zh else f"direct cost × {pct(c.overhead_rate)}"), direct * c.overhead_rate
    if key == "contingency":
        return ((f"（直接费用 + 管理费）× {pct(c.contingency_rate)}" if zh else
                 f"(direct cost + overhead) × {pct(c.contingency_rate)}"), (direct + overhead) * c.contingency_rate)
    if key == "profit":
        return (f"成本 × {pct(c.profit_rate)}（包干制）" if zh else f"cost × {pct(c.profit_rate)} (lump sum)"), cost * c.profit_rate
    if key == "commission":
        return ((f"物业服务支出 × {pct(c.commission_rate)}（酬金制）" if zh else f"spending × {pct(c.commission_rate)} (commission)"),
                cost * c.commission_rate)
    margin = budget["margin_yuan_per_year"]
    if key == "vat":
        return ((f"（成本 + {ctx.margin_word}）× {pct(c.vat_rate)}" if zh else f"(cost + {ctx.margin_word}) × {pct(c.vat_rate)}"),
                (cost + margin) * c.vat_rate)
    if key == "surcharges":
        return (f"增值税 × {pct(c.surcharge_rate)}" if zh else f"VAT × {pct(c.surcharge_rate)}"), \
            (cost + margin) * c.vat_rate * c.surcharge_rate
    return line.get("basis", ""), None




def budget_bases(plan: dict, lang: str, which: str = "budget") -> list[str]:
    """The basis in words of every line of ``plan[which]`` ("budget" or "rule_of_thumb_budget")
    in ``lang``, as the proposal writes it (for the app's budget table)."""
    from sim.scenario.loader import validate

    ctx = Context(plan, validate(plan["scenario_parameters"]), lang)
    return [line_basis(line, ctx)[0] for line in (plan.get(which) or {}).get("lines", [])]


def budget_labels(plan: dict, lang: str, which: str = "budget") -> list[str]:
    """The name of every line of ``plan[which]`` in ``lang``, as the proposal writes it (devices
    and contracts by their Chinese or English names, never their keys), for the app's table."""
    from sim.scenario.loader import validate

    ctx = Context(plan, validate(plan["scenario_parameters"]), lang)
    return [line_label(line, ctx) for line in (plan.get(which) or {}).get("lines", [])]
