"""The portfolio chapter of a proposal (集团呼叫中心与集中管控方案 / Group call centre and
centralised control), rendered from portfolio.json alone (``planner.portfolio.report``) in
Chinese or English, as DOCX, XLSX and PDF through the proposal's own writers.

Sections: an overview (sites, households, models, the saving and the break-even site count);
the centre's staffing and rosters with its commitments; the centre's cost lines; the
allocation of that cost to the sites with each site's budget and break-even fee under both
models; the capital schedule (each site's technology, depreciated over its life); economies of
scale and break-even (a chart of cost per household against the number of sites, and its
table); the commitments each plan misses, named.

:func:`export_portfolio` writes ``portfolio_{lang}.{docx,xlsx,pdf}`` into a folder, staged and
moved into place together by the proposal's own ``planner.proposal.export.write_document``. Hooks into the writers are
none: the chapter is a ``model.Document`` and its chart a drawing registered in
``charts.CHARTS`` under ``portfolio_scale``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from matplotlib.ticker import MaxNLocator

from sim.results.centre_kpis import KpiKey
from planner.glossary import TERMS
from planner.portfolio.report import kpi_row, site_names
from planner.proposal import charts
from planner.proposal.district_map import district_chart_data
from planner.proposal.export import check_export, write_document
from planner.proposal.model import Cell, Column, Document, Figure, Paragraph, Row, Section, Table
from planner.proposal.options import FORMATS, ProposalError
from planner.proposal.text import days_text, device_name, group_name, kpi_name, shift_name

ZH = "zh"

#: The chapter's strings (zh, en).
TEXT: dict[str, tuple[str, str]] = {
    "title": ("集团呼叫中心与集中管控方案", "Group call centre and centralised control"),
    "subtitle": ("多项目测算与分摊", "Portfolio plan, costs and allocation"),
    "date": ("编制日期：{date}", "Prepared {date}"),
    "cover.portfolio": TERMS["project"],
    "cover.unnamed": ("集团{n}个项目集中管控", "A group of {n} sites"),
    "cover.sites": TERMS["sites"],
    "cover.households": ("总户数", "Households in all"),
    "cover.models": ("管理模式", "Operating models"),
    "cover.models_value": ("集中管控 {c} 个，传统模式 {t} 个", "{c} centralised, {t} traditional"),
    "s.overview": ("概述", "Overview"),
    "overview": ("本组合共 {n} 个项目、{hh} 户。集团呼叫中心统一受理集中管控项目（{c} 个）的来电、线上工单、回访与远程开闸开门、"
                 "报警核实；各项目的工程、秩序维护与管家人员按本项目需求单独测算，设有消防控制室的项目在集中管控下仍按每班两名持证人员"
                 "值守（《消防控制室通用技术要求》），计入该项目费用。全部传统模式年费用合计 {trad} 元，"
                 "全部集中管控（含呼叫中心分摊）合计 {cent} 元，节约 {saving} 元（{pct}）。",
                 "The portfolio has {n} sites and {hh} households. The group call centre answers the calls, app "
                 "tickets and return visits and performs the remote gate, door and alarm operations of the {c} "
                 "centralised sites; each site's technicians, guards and butlers are planned for that site, and a "
                 "site's fire control room stays staffed under centralised control, two certified people a shift "
                 "(GB 25506-2010), at the site's cost. All "
                 "sites traditional cost {trad} yuan a year; all centralised, the centre's share included, {cent} "
                 "yuan: a saving of {saving} yuan ({pct})."),
    "break_even": ("按节约额由高到低迁移，集中管控项目达到 {n} 个时呼叫中心的费用即可由节约覆盖。",
                   "Migrating the sites that save most first, the centre pays for itself from {n} sites."),
    "break_even.one": ("按节约额由高到低迁移，集中管控项目达到 1 个时呼叫中心的费用即可由节约覆盖。",
                       "Migrating the site that saves most first, the centre pays for itself from the first site."),
    "no_break_even": ("在本组合的项目数范围内，呼叫中心的费用未能由节约覆盖。",
                      "Within this portfolio's number of sites, the savings do not cover the centre's cost."),
    "ranking": ("迁移至集中管控节约最多的项目：{items}。", "The sites that save most when migrated: {items}."),
    "ranking.item": ("{name}（年节约 {yuan} 元）", "{name} ({yuan} yuan a year)"),
    "s.centre": ("呼叫中心人员配备与排班", "The centre's staffing and rosters"),
    "centre.text": ("呼叫中心服务 {n} 个项目、{hh} 户：客服坐席 {agents} 人，专家坐席 {experts} 人，班组长 {leaders} 人，"
                    "坐席 {seats} 个（同时在岗人数最多的时段）。",
                    "The centre serves {n} sites and {hh} households: {agents} agents, {experts} expert agents, "
                    "{leaders} team leaders and {seats} seats (the most people on duty at once)."),
    "centre.text.merged": ("呼叫中心服务 {n} 个项目、{hh} 户：客服坐席 {agents} 人（兼接专家坐席的来电），班组长 {leaders} 人，"
                           "坐席 {seats} 个（同时在岗人数最多的时段）。",
                           "The centre serves {n} sites and {hh} households: {agents} agents (who also take the expert "
                           "agents' calls), {leaders} team leaders and {seats} seats (the most people on duty at once)."),
    "t.rosters": ("呼叫中心排班", "The centre's rosters"),
    "col.group": TERMS["group"], "col.shift": TERMS["shift"], "col.start": TERMS["start"],
    "col.length": TERMS["length_h"], "col.days": TERMS["days"], "col.people": ("在岗人数", "On duty"),
    "s.centre_cost": TERMS["centre_cost"],
    "t.centre_cost": ("呼叫中心年度费用", "The centre's annual cost"),
    "col.item": TERMS["item"], "col.basis": TERMS["calc_basis"], "col.yuan": TERMS["amount_yuan_a_year"],
    "total": TERMS["total"],
    "centre_cost.note": ("各项目分摊额计入其“集团呼叫中心分摊”科目，再计管理费、利润与税金。",
                         "Each site's share enters its budget as the group call-centre share, before overhead, "
                         "margin and taxes."),
    "s.allocation": ("费用分摊与盈亏平衡收费", "Allocation and break-even fees"),
    "allocation.text": ("呼叫中心费用按{basis}分摊至其服务的项目，分摊额合计等于呼叫中心费用（精确到分）。"
                        "传统模式项目不承担分摊；表中其集中管控费用按当前单位分摊额估算。",
                        "The centre's cost is shared among the sites it serves by {basis}; the shares add up to "
                        "the centre's cost to the fen. Traditional sites bear no share; their centralised cost in "
                        "the table carries the share they would bear at the present cost per unit."),
    "basis.contacts": TERMS["contacts_handled"], "basis.households": TERMS["households"],
    "basis.floor_area": TERMS["floor_area"],
    "t.allocation": ("项目分摊与收支", "Allocation and budgets by site"),
    "col.site": TERMS["site"], "col.model": TERMS["current_model"], "col.households": TERMS["households_col"],
    "col.share": TERMS["centre_share"],
    "col.total_t": TERMS["traditional_cost"],
    "col.total_c": TERMS["centralised_cost"],
    "col.fee_t": TERMS["break_even_traditional"],
    "col.fee_c": TERMS["break_even_centralised"],
    "col.saving": TERMS["saving_if_migrated"],
    "col.people_t": TERMS["people_traditional"], "col.people_c": TERMS["people_centralised"],
    "model.traditional": TERMS["traditional"], "model.centralised": TERMS["centralised"],
    "s.capital": ("技术投入（固定资产折旧）", "Capital schedule (depreciation)"),
    "capital.text": ("集中管控项目的道闸、门禁、可视对讲、监控球机、巡逻车与平板电脑作为固定资产按使用年限直线折旧，计入各项目预算。",
                     "Each centralised site's barrier gates, pedestrian gates, intercoms, cameras, carts and "
                     "tablets are capital, depreciated straight-line over their lives in the site's budget."),
    "t.capital": ("技术投入与折旧（全部集中管控项目合计）", "Technology and its depreciation (every centralised site)"),
    "t.capital_sites": ("各项目技术投入与年折旧", "Technology by site"),
    "col.device": ("设备", "Device"), "col.units": ("数量", "Units"), "col.unit_cost": ("单价（元）", "Unit cost (yuan)"),
    "col.life": ("使用年限（年）", "Life (years)"), "col.capex": ("投入（元）", "Capital (yuan)"),
    "col.depr": ("年折旧（元）", "Depreciation (yuan a year)"),
    "s.scale": ("规模效应与盈亏平衡", "Economies of scale and break-even"),
    "scale.text": ("呼叫中心按各项目数下的话务量以排队论测算人数，并按本方案的仿真结果校准。项目越多，每千户所需坐席越少。"
                   "下图按迁移顺序逐个加入项目：同一个项目数下两条线比较的是同一批项目；曲线随项目数的升降主要来自新加入项目的构成"
                   "（户型、规模、设备）不同，并非规模效应，规模效应见下表的每千户坐席人数。",
                   "The centre is staffed for each number of sites by queueing theory and calibrated to this "
                   "plan's simulation. The more sites, the fewer agents per 1,000 households. The figure adds the "
                   "sites one by one in the migration order: at each number both lines cost the same sites; how "
                   "they rise or fall comes mostly from which sites join (their kind, size and equipment), not from "
                   "scale, which the table's agents per 1,000 households shows."),
    "f.scale": TERMS["scale_chart"],
    "t.scale": ("规模效应", "Economies of scale"),
    "col.sites": TERMS["sites"], "col.agents": TERMS["centre_agents"],
    "col.per_1000": TERMS["agents_per_1000_households"],
    "col.centre_cost": ("呼叫中心费用（元/年）", "Centre cost (yuan a year)"),
    "col.hh_t": ("传统模式（元/户·月）", "Traditional (yuan/household·month)"),
    "col.hh_c": ("集中管控（元/户·月）", "Centralised (yuan/household·month)"),
    "axis.sites": TERMS["scale_axis_sites"], "axis.cost": TERMS["yuan_per_household_a_month"],
    "legend.t": TERMS["traditional_series"], "legend.c": TERMS["centralised_centre_included"],
    "legend.be": ("盈亏平衡点", "Break-even"),
    "s.districts": ("片区共享维修与巡逻", "District shared repair and patrol"),
    "district.unnamed": ("片区{n}", "District {n}"),
    "district.team": ("片区共享维修组", "the district's shared repair team"),
    "district.text": ("{name}共 {n} 个项目，相距最远的两个项目直线距离 {km} 公里。共享设计：{teams}，各项目另设驻场维修工共 {residual} 人，"
                      "合计 {people} 人，年费用 {shared} 元（含电动车辆折旧与运行费用 {vehicles} 元，按{basis}分摊至各项目，分摊额合计"
                      "等于片区费用，精确到分）。各项目自设维修班组：合计 {own_people} 人，年费用 {own} 元。{saving_text}",
                      "{name} has {n} sites, the farthest two {km} km apart. Shared: {teams}, and residual technicians "
                      "at the sites, {residual} in all; {people} people, {shared} yuan a year (vehicles' depreciation "
                      "and running {vehicles} yuan included; shared among the sites by {basis}, the shares adding up to "
                      "the district's cost to the fen). Each site with its own technicians: {own_people} people, {own} "
                      "yuan a year. {saving_text}"),
    "district.team_item": ("{team} {people} 人", "{team} of {people} people"),
    "district.saving": ("共享每年节约 {yuan} 元。", "Sharing saves {yuan} yuan a year."),
    "district.no_saving": ("共享每年多支出 {yuan} 元，不如各项目自设班组。", "Sharing costs {yuan} yuan a year more than "
                           "each site's own team."),
    "district.method": ("两种设计的人数均经仿真搜索确定，并以相同服务承诺（各项目急修、一般报修与突发事件维修人员到场时限）逐项目验证："
                        "片区共享设计中，最远项目的紧急维修同样计入该项目自身的到场承诺。维修工工资按本组合的维修工月工资及社保福利计算。",
                        "Both designs are sized by simulation and checked on the same commitments, site by site (each "
                        "site's repair and incident response times): under sharing, an emergency at the farthest site "
                        "counts against that site's own commitment. Technicians are paid the portfolio's technician "
                        "wage with its on-costs."),
    "f.district_map": ("{name}各项目位置", "Where the sites of {name} are"),
    "t.district": ("{name}：共享设计与各项目自设班组", "{name}, shared and each site's own team"),
    "col.residual": ("共享设计驻场人数", "Residual (shared)"),
    "col.own_people": ("自设班组人数", "Own team"),
    "col.district_share": ("片区费用分摊（元/年）", "District share (yuan a year)"),
    "col.shared_cost": ("共享设计费用（元/年）", "Shared (yuan a year)"),
    "col.own_cost": ("自设班组费用（元/年）", "Own team (yuan a year)"),
    "col.shared_met": ("共享设计承诺", "Shared: commitments"),
    "col.own_met": ("自设班组承诺", "Own: commitments"),
    "met.yes": ("全部达标", "all met"),
    "met.no": ("{n} 项未证明达标", "{n} not shown met"),
    "district.missed": ("{design}未证明达标的承诺：", "Commitments {design} does not show met:"),
    "design.shared": ("共享设计", "sharing"),
    "design.own": ("各项目自设班组", "each site's own team"),
    "t.sweep": ("{name}：项目分布范围与共享节约", "{name}, spread and the saving of sharing"),
    "sweep.text": ("将各项目位置按其中心等比例缩放后重新测算共享设计：{stop}", "The sites' spread scaled about their centre and "
                   "the shared design planned again: {stop}"),
    "sweep.stop": ("最远两项目相距超过约 {km} 公里时，共享不再节约。", "beyond about {km} km between the farthest sites, "
                   "sharing no longer saves."),
    "sweep.never": ("所测最小分布（最远两项目相距 {km} 公里）下共享即已不节约。", "sharing does not save even at the "
                    "smallest spread swept ({km} km between the farthest sites)."),
    "sweep.pays": ("在可达范围内各分布下共享均有节约。", "sharing saves at every spread within reach."),
    "col.factor": ("缩放倍数", "Scale"), "col.farthest": ("最远距离（公里）", "Farthest (km)"),
    "col.shared_people": ("共享设计人数", "Shared: people"), "col.saving_yuan": ("年节约（元）", "Saving (yuan a year)"),
    "s.commitments": TERMS["service_commitments"],
    "all_met": ("各方案的全部服务承诺均经新随机数仿真验证，在95%置信度下达标。",
                "Every commitment of every plan is met at 95% confidence on fresh random numbers."),
    "missed": ("以下服务承诺未能在95%置信度下证明达标（如实列出，需进一步调整）：",
               "These commitments are not shown to be met at 95% confidence (named, to be worked on):"),
    "missed.where": ("{where}：{what}", "{where}: {what}"),
    "evidence": (" {mean}（目标 {target}，95%置信区间 {low}～{high}，{verdict}）",
                 " {mean} (target {target}, 95% interval {low} to {high}, {verdict})"),
    "verdict.inconclusive": ("区间跨越目标，结论待定", "the interval straddles the target: not settled"),
    "verdict.missed": TERMS["missed"],
    "centre": ("呼叫中心", "The centre"),
    "label.table": TERMS["table"], "label.figure": TERMS["figure"],
    "toc": TERMS["contents"], "page_before": TERMS["page_before"], "page_after": TERMS["page_after"],
}


def tr(key: str, lang: str, **values) -> str:
    zh, en = TEXT[key]
    return (zh if lang == ZH else en).format(**values)


def _yuan(value: float) -> str:
    return f"{value:,.0f}"


def _pct(value: float) -> str:
    return f"{value:.1%}"


def _kpi_label(label: str, kpis: list[dict], lang: str) -> str:
    k = kpi_row(label, kpis)
    if k is None:  # named from its key
        try:
            key = KpiKey.parse(label)
        except ValueError:
            return label
        return kpi_name(key.stream, key.metric, key.group, lang)
    if isinstance(k.get("name"), dict) and k["name"].get(lang):
        return k["name"][lang]  # named from the site's scenario (planner.portfolio.report)
    return kpi_name(k["stream"], k["metric"], k.get("group"), lang, within_s=k.get("within_s"))


def evidence_text(label: str, kpis: list[dict], lang: str) -> str:
    """A missed commitment's evidence: its mean, 95% interval and verdict, so a reader tells a
    target missed for sure from one the runs could not settle (a rare stream)."""
    k = kpi_row(label, kpis)
    ci = (k or {}).get("ci95") or []
    if k is not None and k.get("mean") is not None and len(ci) == 2 and k.get("unit") == "share":
        verdict = tr(f"verdict.{k['status']}", lang) if f"verdict.{k['status']}" in TEXT else ""
        target = k.get("target")
        target = (("≥" if k.get("direction") == ">=" else "≤") + _pct(target)) if isinstance(target, (int, float)) else "—"
        return tr("evidence", lang, mean=_pct(k["mean"]), target=target, low=_pct(ci[0]), high=_pct(ci[1]),
                  verdict=verdict)
    return ""


class _Builder:
    def __init__(self, lang: str):
        self.lang, self.sections, self.tables, self.figures = lang, [], 0, 0
        self.counts: dict[str, int] = {}

    def section(self, key: str) -> Section:
        number = str(len(self.sections) + 1)
        title = tr(key, self.lang)
        section = Section(number, title, 1, heading=f"{number} {title}" if self.lang != ZH else f"{number}　{title}")
        self.sections.append(section)
        return section

    def table(self, key: str, columns: list[Column], rows: list[Row], note: str = "", sheet: str | None = None,
              **values) -> Table:
        self.tables += 1
        chapter = self.sections[-1].number
        seq = self._seq()
        number = f"{chapter}-{seq}" if self.lang == ZH else f"{chapter}.{seq}"
        return Table(tr("label.table", self.lang), number, chapter, seq, tr(key, self.lang, **values), columns, rows,
                     note=note, sheet=sheet or tr(key, self.lang, **values)[:28], font_pt=8.0)

    def figure(self, key: str, chart: str, data: dict, **values) -> Figure:
        self.figures += 1
        chapter = self.sections[-1].number
        seq = self._seq()
        number = f"{chapter}-{seq}" if self.lang == ZH else f"{chapter}.{seq}"
        return Figure(tr("label.figure", self.lang), number, chapter, seq, tr(key, self.lang, **values), chart, data)

    def _seq(self) -> int:
        """Tables and figures are numbered within their section (表 4-1, 图 6-1)."""
        self.counts[self.sections[-1].number] = self.counts.get(self.sections[-1].number, 0) + 1
        return self.counts[self.sections[-1].number]


def build_portfolio_document(data: dict, lang: str = ZH) -> Document:
    """The chapter as a ``model.Document`` (module doc)."""
    if not isinstance(data, dict) or data.get("kind") != "portfolio":
        raise ProposalError("not a portfolio.json (kind is not portfolio); give one written by "
                            "`python -m planner portfolio`", "not_portfolio")
    L = lang
    b = _Builder(L)
    sites = data["sites"]
    site_name = site_names(data, L)
    d = data["decision"]
    totals = d["totals_yuan_per_year"]
    n_c = sum(1 for s in data["models"].values() if s == "centralised")
    n_t = len(data["models"]) - n_c
    # 1 overview
    s = b.section("s.overview")
    saving = totals["all_traditional"] - totals["all_centralised"]
    s.blocks.append(Paragraph(tr("overview", L, n=len(sites), hh=f"{data['households']:,}", c=n_c,
                                 trad=_yuan(totals["all_traditional"]), cent=_yuan(totals["all_centralised"]),
                                 saving=_yuan(saving), pct=_pct(saving / totals["all_traditional"])
                                 if totals["all_traditional"] else "—")))
    if "break_even_sites" in d:
        s.blocks.append(Paragraph((tr("break_even.one", L) if d["break_even_sites"] == 1 else
                                   tr("break_even", L, n=d["break_even_sites"])) if d["break_even_sites"]
                                  else tr("no_break_even", L)))
    best = [(name, value) for name, value in d.get("ranking", []) if value > 0][:5]
    if best:
        items = ("、" if L == ZH else ", ").join(tr("ranking.item", L, name=site_name.get(name, name), yuan=_yuan(value))
                                                 for name, value in best)
        s.blocks.append(Paragraph(tr("ranking", L, items=items)))
    # 2 the centre's staffing
    centre = data["centre"]
    if centre:
        s = b.section("s.centre")
        heads = centre["budget"]["headcount"]
        merged = not heads.get("expert_agent", 0) and any("expert" in k.get("stream", "") for k in centre.get("kpis", []))
        s.blocks.append(Paragraph(tr("centre.text.merged" if merged else "centre.text", L, n=len(centre["sites"]),
                                     hh=f"{centre['budget']['households']:,}", agents=f"{heads.get('agent', 0):.0f}",
                                     experts=f"{heads.get('expert_agent', 0):.0f}",
                                     leaders=f"{heads.get('centre_supervisor', 0):.0f}", seats=centre["budget"]["seats"])))
        cols = [Column(tr(k, L), w, n) for k, w, n in (("col.group", 3.6, False), ("col.shift", 2.2, False),
                                                       ("col.start", 1.6, False), ("col.length", 1.8, True),
                                                       ("col.days", 3.2, False), ("col.people", 1.8, True))]
        rows = [Row([Cell(group_name(ln["group"], ln["role"], L)), Cell(_shift(ln, L)),
                     Cell(ln["start"]), Cell(ln["length_h"], "num1"), Cell(days_text(ln["days"], L)),
                     Cell(ln["people"], "int")]) for ln in _by_group_and_start(centre["staffing"]) if ln["people"]]
        s.blocks.append(b.table("t.rosters", cols, rows))
        # 3 the centre's cost
        s = b.section("s.centre_cost")
        cols = [Column(tr("col.item", L), 5.0), Column(tr("col.basis", L), 7.0), Column(tr("col.yuan", L), 3.0, True)]
        rows = [Row([Cell(ln["zh"] if L == ZH else ln["en"]), Cell(_basis(ln, L)), Cell(ln["yuan_per_year"], "yuan")])
                for ln in centre["budget"]["lines"]]
        rows.append(Row([Cell(tr("total", L)), Cell(""), Cell(centre["budget"]["total_yuan_per_year"], "yuan")], "total"))
        s.blocks.append(b.table("t.centre_cost", cols, rows, note=tr("centre_cost.note", L)))
    # 4 allocation
    s = b.section("s.allocation")
    s.blocks.append(Paragraph(tr("allocation.text", L, basis=tr(f"basis.{data['allocation']['basis']}", L))))
    cols = [Column(tr(k, L), w, n) for k, w, n in (
        ("col.site", 2.2, False), ("col.model", 1.8, False), ("col.households", 1.5, True), ("col.people_t", 1.5, True),
        ("col.people_c", 1.5, True), ("col.share", 2.2, True), ("col.total_t", 2.4, True), ("col.total_c", 2.4, True),
        ("col.fee_t", 1.7, True), ("col.fee_c", 1.7, True), ("col.saving", 2.2, True))]
    rows = []
    for name, site in sites.items():
        bt, bc = site["budget"]["traditional"], site["budget"]["centralised"]
        rows.append(Row([Cell(site_name[name]), Cell(tr(f"model.{site['model']}", L)), Cell(site["households"], "int"),
                         Cell(site["people"]["traditional"], "int"), Cell(site["people"]["centralised"], "int"),
                         Cell(site["allocation"]["share_yuan_per_year"] if site["model"] == "centralised" else 0.0, "yuan"),
                         Cell(bt["total_yuan_per_year"], "yuan"), Cell(bc["total_yuan_per_year"], "yuan"),
                         Cell(bt["break_even_fee_yuan_per_m2_month"], "yuan_m2"),
                         Cell(bc["break_even_fee_yuan_per_m2_month"], "yuan_m2"),
                         Cell(site["saving_yuan_per_year"], "yuan")]))
    shares = sum(site["allocation"]["share_yuan_per_year"] for site in sites.values() if site["model"] == "centralised")
    rows.append(Row([Cell(tr("total", L)), Cell(""), Cell(data["households"], "int"),
                     Cell(sum(x["people"]["traditional"] for x in sites.values()), "int"),
                     Cell(sum(x["people"]["centralised"] for x in sites.values()), "int"), Cell(shares, "yuan"),
                     Cell(totals["all_traditional"], "yuan"), Cell(totals["all_centralised"], "yuan"), Cell(""), Cell(""),
                     Cell(saving, "yuan")], "total"))
    table = b.table("t.allocation", cols, rows)
    table.font_pt = 7.0
    s.blocks.append(table)
    # 5 capital: the group's devices (units summed over the sites), then each site's total
    s = b.section("s.capital")
    s.blocks.append(Paragraph(tr("capital.text", L)))
    devices: dict[tuple, dict] = {}
    for site in sites.values():
        for item in site.get("capital", []):
            key = (item["device"], item["unit_cost_yuan"], item["life_years"])
            row = devices.setdefault(key, {"note": item.get("note", ""), "units": 0.0, "capital": 0.0, "depr": 0.0})
            row["units"] += item["units"]
            row["capital"] += item["capital_yuan"]
            row["depr"] += item["depreciation_yuan_per_year"]
    cols = [Column(tr(k, L), w, n) for k, w, n in (
        ("col.device", 4.4, False), ("col.units", 1.6, True), ("col.unit_cost", 2.0, True),
        ("col.life", 1.8, True), ("col.capex", 2.6, True), ("col.depr", 2.6, True))]
    rows = [Row([Cell(device_name(device, row["note"], L)), Cell(row["units"], "int"), Cell(cost, "yuan"),
                 Cell(life, "num1"), Cell(row["capital"], "yuan"), Cell(row["depr"], "yuan")])
            for (device, cost, life), row in devices.items()]
    rows.append(Row([Cell(tr("total", L)), Cell(""), Cell(""), Cell(""),
                     Cell(sum(r["capital"] for r in devices.values()), "yuan"),
                     Cell(sum(r["depr"] for r in devices.values()), "yuan")], "total"))
    s.blocks.append(b.table("t.capital", cols, rows))
    cols = [Column(tr(k, L), w, n) for k, w, n in (("col.site", 4.0, False), ("col.households", 2.0, True),
                                                   ("col.capex", 3.0, True), ("col.depr", 3.0, True))]
    rows = [Row([Cell(site_name[name]), Cell(site["households"], "int"),
                 Cell(sum(i["capital_yuan"] for i in site.get("capital", [])), "yuan"),
                 Cell(sum(i["depreciation_yuan_per_year"] for i in site.get("capital", [])), "yuan")])
            for name, site in sites.items() if site.get("capital")]
    if rows:
        s.blocks.append(b.table("t.capital_sites", cols, rows))
    # 6 scale and break-even
    if d.get("scale"):
        s = b.section("s.scale")
        s.blocks.append(Paragraph(tr("scale.text", L)))
        scale = d["scale"]
        s.blocks.append(b.figure("f.scale", "portfolio_scale", {
            "sites": [p["sites"] for p in scale],
            "traditional": [p["traditional_per_household_month_yuan"] for p in scale],
            "centralised": [p["centralised_per_household_month_yuan"] for p in scale],
            "break_even": d.get("break_even_sites"),
            "labels": {k: tr(k, L) for k in ("axis.sites", "axis.cost", "legend.t", "legend.c", "legend.be")}}))
        cols = [Column(tr(k, L), w, n) for k, w, n in (
            ("col.sites", 1.5, True), ("col.households", 2.0, True), ("col.agents", 2.2, True),
            ("col.per_1000", 2.4, True), ("col.centre_cost", 2.8, True), ("col.hh_t", 2.6, True), ("col.hh_c", 2.6, True))]
        rows = [Row([Cell(p["sites"], "int"), Cell(p["households"], "int"), Cell(p["centre_agents"], "int"),
                     Cell(p["agents_per_1000_households"], "num2"), Cell(p["centre_cost_yuan_per_year"], "yuan"),
                     Cell(p["traditional_per_household_month_yuan"], "num2"),
                     Cell(p["centralised_per_household_month_yuan"], "num2")]) for p in scale]
        s.blocks.append(b.table("t.scale", cols, rows))
    # 7 districts: shared technicians against each site's own
    if data.get("districts"):
        _districts_section(b, data, L)
    # 8 commitments
    s = b.section("s.commitments")
    if not data["missed"]:
        s.blocks.append(Paragraph(tr("all_met", L)))
    else:
        s.blocks.append(Paragraph(tr("missed", L)))
        for where, labels in data["missed"].items():
            kpis = centre["kpis"] if where == "centre" and centre else sites.get(where, {}).get("kpis", [])
            names = ("；" if L == ZH else "; ").join(_kpi_label(label, kpis, L) + evidence_text(label, kpis, L)
                                                   for label in labels)
            s.blocks.append(Paragraph(tr("missed.where", L, where=tr("centre", L) if where == "centre" else site_name.get(where, where),
                                         what=names), "bullet"))
    today = dt.date.today().isoformat()
    project = ((data.get("names") or {}).get("project") or {}).get(L) or tr("cover.unnamed", L, n=len(sites))
    cover = [(tr("cover.portfolio", L), project), (tr("cover.sites", L), str(len(sites))),
             (tr("cover.households", L), f"{data['households']:,}"),
             (tr("cover.models", L), tr("cover.models_value", L, c=n_c, t=n_t))]
    return Document(L, tr("title", L), tr("subtitle", L), cover, tr("date", L, date=today), b.sections,
                    {"toc": tr("toc", L), "page_before": tr("page_before", L), "page_after": tr("page_after", L)})


def _districts_section(b: _Builder, data: dict, L: str) -> None:
    """片区共享维修与巡逻: per district, the two designs in words, a table by site and the
    commitments either does not show met; the spread sweep when there is one."""
    s = b.section("s.districts")
    s.blocks.append(Paragraph(tr("district.method", L)))
    # every site of the portfolio by its name for people (a district's sites may have no plan of their own here)
    site_name = site_names({"names": data.get("names"), "sites": (data.get("names") or {}).get("sites") or data["sites"]}, L)
    for i, (key, d) in enumerate(data["districts"].items(), start=1):
        names = d.get("names") or {}
        name = (names.get(key) or {}).get(L) or tr("district.unnamed", L, n=i)
        sh, own = d["shared"], d["own"]
        teams = ("、" if L == ZH else ", ").join(
            tr("district.team_item", L, team=(names.get(t) or {}).get(L) or tr("district.team", L), people=x["people"])
            for t, x in sh["teams"].items())
        saving = d["saving_yuan_per_year"]
        s.blocks.append(Paragraph(tr(
            "district.text", L, name=name, n=len(d["sites"]), km=f"{d['farthest_km']:.1f}", teams=teams,
            residual=sum(sh["people"]["sites"].values()), people=sh["people"]["total"],
            shared=_yuan(sh["total_yuan_per_year"]), vehicles=_yuan(sum(v["total_yuan_per_year"] for v in sh["vehicles"])),
            basis=tr(f"basis.{sh['allocation']['basis']}", L), own_people=own["people"]["total"],
            own=_yuan(own["total_yuan_per_year"]),
            saving_text=tr("district.saving", L, yuan=_yuan(saving)) if saving > 0
            else tr("district.no_saving", L, yuan=_yuan(-saving)))))
        if d.get("locations_km"):
            s.blocks.append(b.figure("f.district_map", "district_map", district_chart_data(
                d["locations_km"], site_name, name, L), name=name))
        cols = [Column(tr(k, L), w, n) for k, w, n in (
            ("col.site", 2.4, False), ("col.residual", 1.8, True), ("col.own_people", 1.6, True),
            ("col.district_share", 2.4, True), ("col.shared_cost", 2.4, True), ("col.own_cost", 2.4, True),
            ("col.shared_met", 2.0, False), ("col.own_met", 2.0, False))]

        def met(design: dict, site: str) -> str:
            n = len(design["missed"].get(site, []))
            return tr("met.no", L, n=n) if n else tr("met.yes", L)
        rows = []
        for site in d["sites"]:
            share = sh["allocation"]["share_fen"][site] / 100
            rows.append(Row([Cell(site_name[site]), Cell(sh["people"]["sites"][site], "int"),
                             Cell(own["people"]["sites"][site], "int"), Cell(share, "yuan"),
                             Cell(sh["residual"][site]["total_yuan_per_year"] + share, "yuan"),
                             Cell(own["sites"][site]["total_yuan_per_year"], "yuan"),
                             Cell(met(sh, site)), Cell(met(own, site))]))
        rows.append(Row([Cell(tr("total", L)), Cell(sh["people"]["total"], "int"), Cell(own["people"]["total"], "int"),
                         Cell(sh["district_cost_fen"] / 100, "yuan"), Cell(sh["total_yuan_per_year"], "yuan"),
                         Cell(own["total_yuan_per_year"], "yuan"), Cell(""), Cell("")], "total"))
        table = b.table("t.district", cols, rows, name=name)
        table.font_pt = 7.0
        s.blocks.append(table)
        for design in ("shared", "own"):
            missed = d[design]["missed"]
            if not missed:
                continue
            s.blocks.append(Paragraph(tr("district.missed", L, design=tr(f"design.{design}", L))))
            for site, streams in missed.items():
                rows_by_stream = {r["stream"]: r for r in d[design]["commitments"][site]}
                what = ("；" if L == ZH else "; ").join(
                    kpi_name(st, "response_within_target", None, L, within_min=rows_by_stream[st].get("within_min"),
                             working=bool(rows_by_stream[st].get("working"))) for st in streams)
                s.blocks.append(Paragraph(tr("missed.where", L, where=site_name[site], what=what), "bullet"))
        sweep = d.get("sweep")
        if sweep and sweep.get("points"):
            stop = sweep.get("stops_paying_km")
            said = (tr("sweep.pays", L) if stop is None else tr("sweep.stop", L, km=f"{stop:.1f}")
                    if sweep.get("pays_at_smallest") else tr("sweep.never", L, km=f"{stop:.1f}"))
            s.blocks.append(Paragraph(tr("sweep.text", L, stop=said)))
            cols = [Column(tr(k, L), w, n) for k, w, n in (("col.factor", 1.6, True), ("col.farthest", 2.0, True),
                                                           ("col.shared_people", 2.0, True), ("col.saving_yuan", 2.6, True))]
            rows = [Row([Cell(p["factor"], "num1"), Cell(p["farthest_km"], "num1"), Cell(p["shared_people"], "int"),
                         Cell(p["saving_yuan_per_year"], "yuan")]) for p in sweep["points"]]
            s.blocks.append(b.table("t.sweep", cols, rows, name=name))


def _by_group_and_start(lines: list[dict]) -> list[dict]:
    """Roster lines group by group (in their order), each group's shifts by start time, as a
    site's rota reads (早班一 before 早班二)."""
    first = {}
    for line in lines:
        first.setdefault(line["group"], len(first))
    return sorted(lines, key=lambda ln: (first[ln["group"]], ln["start"]))


def _shift(line: dict, lang: str) -> str:
    """A shift's name: the name its times give (the roster line's, planner.rostering.shift_names),
    else the usual ones translated, the planner's by the hour it starts (never its key)."""
    name = shift_name(line["shift"], line["start"], lang, line)
    if name == line["shift"] and line["start"][:2].isdigit():
        return shift_name(f"{line['start']} 8h", line["start"], lang)
    return name


def _basis(line: dict, lang: str) -> str:
    """A cost line's basis in the document's language (numbers only carried over)."""
    if lang != ZH:
        return line["basis"]
    text = line["basis"]
    for en, zh in (("people (one per", "人（每"), (" agents)", " 名坐席配一名）"), ("people", "人"), ("1 person, all on-costs", "1 人，含全部社保福利"),
                   ("seats", "个坐席"), ("sites", "个项目"), ("years", "年"), ("min", "分钟"), ("m²", "㎡")):
        text = text.replace(en, zh)
    return text


def _scale_chart(fig, data: dict) -> None:
    ax = fig.subplots()
    labels = data["labels"]
    ax.plot(data["sites"], data["traditional"], marker="o", color="#a6a6a6", label=labels["legend.t"])
    ax.plot(data["sites"], data["centralised"], marker="o", color=charts.COLOURS[0], label=labels["legend.c"])
    if data.get("break_even"):
        ax.axvline(data["break_even"], color=charts.COLOURS[1] if len(charts.COLOURS) > 1 else "black",
                   linestyle="--", linewidth=1, label=labels["legend.be"])
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(labels["axis.sites"])
    ax.set_ylabel(labels["axis.cost"])
    ax.legend(loc="best", frameon=False)  # the lines run along the top and the bottom


charts.CHARTS.setdefault("portfolio_scale", _scale_chart)


def export_portfolio(data: dict, out_dir, formats=FORMATS, lang: str = ZH) -> dict[str, Path]:
    """Write the chapter as ``portfolio_{lang}.{fmt}`` into ``out_dir`` (module doc)."""
    formats = check_export(formats, lang)
    try:
        doc = build_portfolio_document(data, lang)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise ProposalError(f"not a complete portfolio.json ({type(exc).__name__}: {exc}); give one written by "
                            "`python -m planner portfolio`", "not_portfolio") from None
    return write_document(doc, out_dir, f"portfolio_{lang}", formats)
