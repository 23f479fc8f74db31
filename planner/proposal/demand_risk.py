"""The proposal's sections on how much more demand the plan takes (plan.json's ``headroom``,
planner.headroom): a subsection of chapter 2 after the commitments, with one sentence ("本方案在需求
增加 18% 时仍满足全部服务承诺；首先不达标的是……"), how it was measured, and a small table: every
family together and, when the plan has them, each stream family alone. Nothing is added for a
plan without a ``headroom`` block; the submission edition leaves out a headroom the short runs
could not show at today's demand (the bid states what is shown, the team's edition says why
not). A plan made with ``--robust P`` (plan.json's ``robust``, planner.robust) gets a second
subsection: the cheapest design meeting every commitment with probability P over the forecast's
uncertainty beside the forecast's plan, the price of robustness, the check on fresh demand draws,
and a table of each family's uncertainty and the multiplier planned for (the submission edition
states it only when the robust design met every commitment at the quantile). Its words are in
:data:`TEXT` (shared terms from planner.glossary)."""

from __future__ import annotations

from planner.glossary import TERMS
from planner.headroom import FAMILIES
from planner.proposal import text as tx
from planner.proposal.context import Builder, Context, cell, pct, plain, sheet, yuan
from planner.proposal.model import Column, Paragraph, Row

TEXT: dict[str, tuple[str, str]] = {
    "headroom": TERMS["headroom"],
    "col.family": TERMS["demand"],
    "col.multiplier": TERMS["headroom_multiplier"],
    "col.increase": TERMS["headroom_increase"],
    "col.first": TERMS["first_broken"],
    "family.all": TERMS["family_all"],
    **{f"family.{f}": TERMS[f"family_{f}"] for f in FAMILIES},
    "room": ("本方案在需求增加 {increase} 时仍满足全部服务承诺；首先不达标的是{first}。",
             "This plan still meets every service commitment with demand {increase} higher; the first to fall "
             "short is {first}."),
    "at_least": ("本方案在需求增加 {increase}（测算的上限）时仍满足全部服务承诺。",
                 "This plan still meets every service commitment with demand {increase} higher, the most tried."),
    "none_to_spare": ("本方案在当前需求下满足全部服务承诺，但需求余量不足 {tolerance}：需求稍有增加，首先不达标的是{first}。",
                      "This plan meets every service commitment at today's demand with less than {tolerance} to spare: "
                      "as demand grows the first to fall short is {first}."),
    "none": ("在需求余量测算的仿真中，本方案在当前需求下尚未证实全部服务承诺达标（首先是{first}），因此不给出需求余量。",
             "On the headroom's runs this plan is not shown to meet every commitment at today's demand (first: "
             "{first}), so no headroom is stated."),
    "method": ("测算方法：全部需求（来电与线上工单、设备远程操作、设备故障与巡查发现问题、各类突发事件）按同一倍数放大，"
               "每个倍数仿真 {reps} 次重复 × {days} 天，各倍数使用相同的随机数，二分查找至 ±{tolerance}；"
               "每项承诺须以95%置信区间判定达标。计划性工作（保养、巡检、巡逻、入户）不随需求放大。",
               "Method: every demand stream (calls and tickets, device remote operations, equipment failures and faults "
               "found, incidents) is multiplied alike; each multiplier is simulated on {reps} replications × {days} days "
               "on the same random numbers, bisected to ±{tolerance}; every commitment must be met on its 95% "
               "interval. Planned work (maintenance, inspections, patrols, household visits) does not grow."),
    "families": ("分类别一行：仅该类需求增加，其余保持当前需求。", "A family's row: that demand alone grows, the rest stay at today's."),
    "table": ("需求余量及首先不达标的承诺", "Demand headroom and the first commitment to fall short"),
    "not_met_today": TERMS["not_shown_met_today"],
    # the robust plan (plan.json's robust)
    "robust": ("需求预测不确定性与稳健配置", "Forecast uncertainty and the robust plan"),
    "robust.sentence": ("考虑需求预测的不确定性，以 {p} 的概率满足全部服务承诺的最低成本配置为 {people_r} 人、每年 {cost_r} 元，"
                        "比按预测需求配置（{people_n} 人、每年 {cost_n} 元）多 {extra} 元（{share}），即稳健性的代价。",
                        "Allowing for the forecast's uncertainty, the cheapest staffing meeting every service commitment "
                        "with probability {p} is {people_r} people at {cost_r} yuan a year, {extra} yuan ({share}) more than "
                        "the plan for the forecast ({people_n} people, {cost_n} yuan a year): the price of robustness."),
    "robust.free": ("考虑需求预测的不确定性，以 {p} 的概率满足全部服务承诺的配置与按预测需求配置费用相同（{people_r} 人、每年 {cost_r} 元）："
                    "本方案无需为稳健性增加费用。",
                    "Allowing for the forecast's uncertainty, the staffing meeting every service commitment with "
                    "probability {p} costs the same as the plan for the forecast ({people_r} people, {cost_r} yuan a "
                    "year): robustness costs this plan nothing more."),
    "robust.check": ("复核：以 {n} 组新的需求抽样（每组 {reps} 次重复 × {days} 天，各组使用相同的随机数，按各项承诺的均值判定），"
                     "稳健配置在 {met_r} 组中满足全部服务承诺，估计概率 {p_r}（95%区间 {low_r}～{high_r}）；"
                     "按预测需求配置在 {met_n} 组中满足，估计概率 {p_n}（95%区间 {low_n}～{high_n}）。",
                     "Check: on {n} fresh demand draws ({reps} replications × {days} days each, the same random numbers "
                     "for every draw, each commitment judged on its mean), the robust staffing met every commitment in "
                     "{met_r}, an estimated probability of {p_r} (95% interval {low_r} to {high_r}); the plan for the "
                     "forecast in {met_n}, {p_n} ({low_n} to {high_n})."),
    "robust.method": ("方法：各类需求的倍数相互独立；对 {k} 类不确定的需求，各按其 {each} 分位数放大需求后配置并验证。需求增加不会使承诺更易达成，"
                      "所以各类需求都不超过其分位数的概率（{p}）即是所得配置满足全部承诺概率的下限：此法偏保守。",
                      "Method: the families' multipliers are independent; each of the {k} uncertain families is planned "
                      "for at its {each} quantile and the staffing verified there. More demand never makes a commitment "
                      "easier, so the chance that no family exceeds its quantile ({p}) is a lower bound on the chance "
                      "the staffing meets every commitment: the method is conservative."),
    "robust.table": ("按预测需求配置与稳健配置", "The plan for the forecast and the robust plan"),
    "robust.families_table": ("各类需求的预测不确定性及配置所用倍数", "Each family's forecast uncertainty and the multiplier planned for"),
    "robust.col.design": ("配置方案", "Staffing for"),
    "robust.col.people": TERMS["people"],
    "robust.col.cost": ("年度费用（元）", "Annual cost (yuan)"),
    "robust.col.probability": ("满足全部承诺的估计概率", "Estimated chance every commitment is met"),
    "robust.col.interval": ("概率的95%区间", "Interval (95%)"),
    "robust.col.uncertainty": ("预测不确定性", "Forecast uncertainty"),
    "robust.col.multiplier": ("配置所用倍数", "Multiplier planned for"),
    "robust.nominal": ("按预测需求配置", "For the forecast"),
    "robust.robust": ("稳健配置", "Robust"),
    "robust.lognormal": ("对数正态，离散度 {sigma}", "lognormal, spread {sigma}"),
    "robust.case": ("{name} × {m}（{w}）", "{name} × {m} ({w})"),
    "robust.certain": ("确定（按预测）", "certain (the forecast)"),
}


def _t(key: str, lang: str, **values) -> str:
    zh, en = TEXT[key]
    text = zh if lang == tx.ZH else en
    return text.format(**values) if values else text


def _pct(value: float) -> str:
    """An increase as a bid says it: 0.181 → 18%, 0.015 → 1.5% (a headroom is found to a few
    per cent: no more digits)."""
    return f"{round(value * 100, 1 if value < 0.05 else 0):g}%"


def headroom_sentence(room: dict, lang: str, first_name) -> str:
    """The headroom in one sentence (``room``: plan.json's ``headroom`` or one of its families;
    ``first_name(first_broken)`` names a commitment)."""
    m, first = room.get("multiplier"), room.get("first_broken")
    if m is None:
        return _t("none", lang, first=first_name(first))
    if room.get("at_least"):
        return _t("at_least", lang, increase=_pct(m - 1))
    if m - 1 < room["tolerance"]:
        return _t("none_to_spare", lang, tolerance=_pct(room["tolerance"]), first=first_name(first))
    return _t("room", lang, increase=_pct(m - 1), first=first_name(first))


def commitment_namer(plan: dict, scenario, lang: str):
    """A function naming a headroom's ``first_broken`` as the commitments table names it: by the
    plan's evidence row of the same KPI (its time limit, ``within_s``, is there), else by itself."""
    from planner.proposal.text import commitment_name

    rows = {(k["stream"], k["metric"], k.get("group")): k for k in plan["evidence"]["kpis"]}

    def name(first: dict) -> str:
        return commitment_name(rows.get((first["stream"], first["metric"], first.get("group")), first), scenario, lang)
    return name


def headroom_section(b: Builder, ctx: Context) -> None:
    """Chapter 2's headroom subsection (the module's contract); nothing without a headroom."""
    room, lang = ctx.plan.get("headroom"), ctx.lang
    if not room or (ctx.submission and room.get("multiplier") is None):
        return
    zh, name = lang == tx.ZH, commitment_namer(ctx.plan, ctx.scenario, lang)
    sec = b.subsection(_t("headroom", lang))
    sec.blocks.append(Paragraph(headroom_sentence(room, lang, name)))
    sec.blocks.append(Paragraph(_t("method", lang, reps=room["replications"], days=plain(room["days"]),
                                   tolerance=plain(room["tolerance"])), "note"))
    table = b.table(_t("table", lang), [Column(_t("col.family", lang), 4.0 if zh else 4.4),
                                        Column(_t("col.multiplier", lang), 3.0, True),
                                        Column(_t("col.increase", lang), 2.4, True),
                                        Column(_t("col.first", lang), 5.8 if zh else 5.4)],
                    sheet=sheet("commitments", lang))
    for row in headroom_rows(room, lang, name):
        table.rows.append(Row([cell(value) for value in row]))
    sec.blocks.append(table)
    if room.get("families"):
        sec.blocks.append(Paragraph(_t("families", lang), "note"))


def headroom_rows(room: dict, lang: str, first_name, say=None) -> list[list[str | None]]:
    """The headroom's table (the proposal's and the app's): a row for every family together, then
    one per family the plan has, each [demand, multiplier, increase, first to fall short] in
    words (None: nothing to say, shown as "—"). ``say(key)`` gives the words of ``family.<f>``
    and ``not_met_today`` (the app's from its own table; default this module's)."""
    say = say or (lambda key: _t(key, lang))
    families = room.get("families") or {}
    rows = []
    for family, found in (("all", room), *((f, families[f]) for f in FAMILIES if f in families)):
        m, first = found.get("multiplier"), found.get("first_broken")
        name = first_name(first) if first else None  # None: met even at the top tried
        if m is None:
            rows.append([say(f"family.{family}"), say("not_met_today"), None, name])
            continue
        at_least = "≥ " if found.get("at_least") else ""
        rows.append([say(f"family.{family}"), f"{at_least}× {m:.3g}", f"{at_least}{_pct(m - 1)}", name])
    return rows


def robust_section(b: Builder, ctx: Context) -> None:
    """Chapter 2's robust-plan subsection (the module's contract); nothing without ``robust``."""
    robust, lang = ctx.plan.get("robust"), ctx.lang
    if not robust or (ctx.submission and not robust["robust"]["targets_met"]):
        return
    zh, check = lang == tx.ZH, robust["check"]
    nominal, design = robust["nominal"], robust["robust"]

    def cost(d: dict) -> float:
        return d["budget_yuan_per_year"] if d["budget_yuan_per_year"] is not None else d["design_cost_yuan_per_year"]

    sec = b.subsection(_t("robust", lang))
    p = pct(robust["probability"])
    people = {"people_r": f"{design['people']:.0f}", "cost_r": yuan(cost(design)), "people_n": f"{nominal['people']:.0f}",
              "cost_n": yuan(cost(nominal)), "p": p}
    extra = robust["extra_yuan_per_year"]
    sec.blocks.append(Paragraph(_t("robust.free", lang, **people) if round(extra) == 0 else _t(
        "robust.sentence", lang, extra=yuan(extra), share=f"{robust['extra_share']:+.1%}" if robust["extra_share"]
        is not None else "—", **people)))
    chances = {f"{k}_{side[0]}": v for side in ("robust", "nominal") for k, v in _chance_words(check[side]).items()}
    sec.blocks.append(Paragraph(_t("robust.check", lang, n=check["draws"], reps=check["replications"],
                                   days=plain(check["days"]), **chances)))
    if robust["multipliers"]:
        sec.blocks.append(Paragraph(_t("robust.method", lang, k=len(robust["multipliers"]),
                                       each=f"{robust['family_probability']:.3g}", p=p), "note"))
    table = b.table(_t("robust.table", lang), [Column(_t("robust.col.design", lang), 3.4 if zh else 3.8),
                                               Column(_t("robust.col.people", lang), 1.6, True),
                                               Column(_t("robust.col.cost", lang), 3.0, True),
                                               Column(_t("robust.col.probability", lang), 3.6, True),
                                               Column(_t("robust.col.interval", lang), 3.0, True)],
                    sheet=sheet("commitments", lang))
    for side, d in (("nominal", nominal), ("robust", design)):
        words = _chance_words(check[side])
        table.rows.append(Row([cell(_t(f"robust.{side}", lang)), cell(d["people"], "int"), cell(cost(d), "yuan"),
                               cell(words["p"]), cell(f"{words['low']}～{words['high']}" if zh else
                                                     f"{words['low']} to {words['high']}")]))
    sec.blocks.append(table)
    families = b.table(_t("robust.families_table", lang), [Column(_t("col.family", lang), 4.4 if zh else 4.8),
                                                            Column(_t("robust.col.uncertainty", lang), 6.6 if zh else 6.2),
                                                            Column(_t("robust.col.multiplier", lang), 3.0, True)],
                       sheet=sheet("commitments", lang))
    for family in FAMILIES:
        spec = robust["uncertainty"].get(family)
        if spec is None:
            continue
        m = robust["multipliers"].get(family)
        families.rows.append(Row([cell(_t(f"family.{family}", lang)), cell(_uncertainty_words(spec, lang)),
                                  cell(f"× {m:.3g}" if m is not None else _t("robust.certain", lang))]))
    sec.blocks.append(families)


def _chance_words(chance: dict) -> dict:
    """A design's check as words: draws met, probability and interval in per cent."""
    low, high = chance["interval95"]
    return {"met": chance["draws_met"], "p": f"{chance['probability']:.0%}", "low": f"{low:.0%}", "high": f"{high:.0%}"}


def _uncertainty_words(spec: dict, lang: str) -> str:
    """A family's demand_uncertainty in words: its lognormal spread or its cases."""
    if spec.get("lognormal_sigma") is not None:
        return _t("robust.lognormal", lang, sigma=pct(spec["lognormal_sigma"]))
    sep = "、" if lang == tx.ZH else ", "
    return sep.join(_t("robust.case", lang, name=c["name"], m=plain(c["multiplier"]), w=pct(c["weight"]))
                    for c in spec["cases"])
