"""The proposal's sections on how much more demand the plan takes (plan.json's ``headroom``,
planner.headroom): a subsection of chapter 2 after the commitments, with one sentence ("本方案在需求
增加 18% 时仍满足全部服务承诺；首先不达标的是……"), how it was measured, and a small table: every
family together and, when the plan has them, each stream family alone. Nothing is added for a
plan without a ``headroom`` block; the submission edition leaves out a headroom the short runs
could not show at today's demand (the bid states what is shown, the team's edition says why
not). Its words are in :data:`TEXT` (shared terms from planner.glossary)."""

from __future__ import annotations

from planner.glossary import TERMS
from planner.headroom import FAMILIES
from planner.proposal import text as tx
from planner.proposal.context import Builder, Context, cell, plain, sheet
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
    "none": ("在需求余量测算的仿真中，本方案在当前需求下未能证明全部服务承诺达标（首先是{first}），因此不给出需求余量。",
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
