"""What the proposal's chapters share: the builder that numbers sections, tables and figures,
the context (the plan, its scenario, the commitments), and small formatting helpers."""

from __future__ import annotations

from planner.costs.fee import fee_of_plan
from planner.proposal import text as tx
from planner.proposal.model import Cell, Column, Figure, Section, Table
from planner.proposal.text import t
from sim.results.centre_kpis import KpiKey
from sim.results.verdicts import Verdict, Verdicts
from planner.rostering.shift_names import shift_names
from sim.scenario import Scenario
from sim.scenario.proposal import unnamed_site


def cell(value, kind="text", prefix="", suffix="") -> Cell:
    """A table cell (``kind`` of planner.proposal.formats)."""
    return Cell(value, kind, prefix, suffix)


def plain(value: float) -> str:
    """A parameter as written: 4.8, 1,300, 0.15 (no float noise)."""
    value = float(value)
    if value == int(value):
        return f"{int(value):,}"
    return f"{round(value, 6):g}"


def pct(value: float) -> str:
    """A rate as written in a basis: 0.3 → 30%, 0.065 → 6.5%."""
    return f"{round(value * 100, 4):g}%"


def two_dp(value: float) -> str:
    """A fee in text: 3.98."""
    return f"{value:,.2f}"


def yuan(value: float) -> str:
    """Yuan in text: 1,986,415."""
    return f"{round(value):,}"


class Builder:
    """Numbers sections, tables and figures as it goes (tables and figures per chapter)."""

    def __init__(self, lang: str):
        self.lang = lang
        self.sections: list[Section] = []
        self.chapter = ""
        self.counts = {"table": 0, "figure": 0}
        self.sub = 0

    def chapter_section(self, number: str, title: str) -> Section:
        self.chapter, self.sub = number, 0
        self.counts = {"table": 0, "figure": 0}
        if number.isdigit():
            heading = f"{number}　{title}" if self.lang == tx.ZH else f"{number}  {title}"
        else:
            heading = f"附录{number}　{title}" if self.lang == tx.ZH else f"Appendix {number}  {title}"
        section = Section(number, title, 1, [], heading)
        self.sections.append(section)
        return section

    def subsection(self, title: str) -> Section:
        self.sub += 1
        number = f"{self.chapter}.{self.sub}"
        section = Section(number, title, 2, [], f"{number}　{title}" if self.lang == tx.ZH else f"{number}  {title}")
        self.sections.append(section)
        return section

    def _number(self, kind: str) -> tuple[str, int]:
        self.counts[kind] += 1
        seq = self.counts[kind]
        return f"{self.chapter}{t('cap.sep', self.lang)}{seq}", seq

    def table(self, title: str, columns: list[Column], **kwargs) -> Table:
        number, seq = self._number("table")
        return Table(t("cap.table", self.lang), number, self.chapter, seq, title, columns, **kwargs)

    def figure(self, title: str, chart: str, data: dict, **kwargs) -> Figure:
        number, seq = self._number("figure")
        return Figure(t("cap.figure", self.lang), number, self.chapter, seq, title, chart, data, **kwargs)


class Context:
    """The plan, its scenario and what several chapters use."""

    def __init__(self, plan: dict, scenario: Scenario, lang: str, submission: bool = False):
        plan = {**plan, "staffing": named_lines(plan["staffing"])}
        self.plan, self.scenario, self.lang = plan, scenario, lang
        #: The submission edition (planner.proposal.edition): no verdict counts, no parameter dump.
        self.submission = submission
        self.site = plan["site"]
        self.budget = plan.get("budget")
        self.norms_budget = plan.get("rule_of_thumb_budget")
        #: The one fee figure (planner.costs.fee): every fee the document states is read from it.
        self.fee = fee_of_plan(plan)
        self.targeted = sorted((k for k in plan["evidence"]["kpis"] if k.get("target") is not None), key=kpi_order)
        rot = plan.get("rule_of_thumb_evidence") or {}
        self.rot_kpis = {kpi_key(k): k for k in rot.get("kpis", [])}
        #: Commitments reported with their verdict but not judged (an outside contractor's).
        self.reported = sorted((k for k in plan["evidence"]["kpis"] if k.get("target") is None and k.get("commitment")),
                               key=kpi_order)
        #: Each commitment's verdict (sim.results.verdicts): the plan's, and the rule of thumb's.
        self.verdicts = Verdicts.of_plan(plan)
        self.rot_verdicts = Verdicts.of_plan(plan, rule_of_thumb=True)
        self.met_plan = self.verdicts.met
        self.met_rot = self.rot_verdicts.over(self.verdicts).met
        self.roles = {line["group"]: line["role"] for line in plan["staffing"]}
        self.tables: dict[str, Table] = {}
        #: The month's rotas follow the parameters: appendix D (C when the plan has no budget), one
        #: letter earlier in a submission (no parameter appendix).
        self.rota_appendix = ("C" if self.budget else "B") if submission else ("D" if self.budget else "C")
        text = scenario.proposal
        #: The names on the cover: the scenario's proposal texts, never its keys.
        self.bidder = text.bidder.text(lang)
        self.project = text.project.text(lang)
        self.site_display = {key: (text.site_names[key].text(lang) if key in text.site_names else "")
                             or unnamed_site(i, lang) for i, key in enumerate(plan["site"].get("site_names") or list(scenario.sites), start=1)}
        margin_key = "margin.commission" if scenario.costs.fee_model == "commission" else "margin.profit"
        self.margin_word = t(margin_key, lang)

    def kpi_name(self, k: dict) -> str:
        return tx.commitment_name(k, self.scenario, self.lang)


def named_lines(lines: list[dict]) -> list[dict]:
    """A plan's roster lines, each with its shift's name: the one it carries, else (a plan.json
    written before lines carried names) the name its times give among its group's shifts
    (planner.rostering.shift_names), as the planner names them and the app's roster editor does."""
    if all(line.get("name_zh") or line.get("crews") for line in lines):
        return lines
    groups: dict[str, list[dict]] = {}
    for line in lines:
        if not line.get("crews") and str(line.get("start", ""))[:2].isdigit():
            groups.setdefault(line["group"], []).append(line)
    names = {}
    for group, mine in groups.items():
        for key, pair in shift_names((line["shift"], line["start"], float(line["length_h"]), tuple(line.get("days") or ()))
                                     for line in mine).items():
            names[group, key] = pair
    return [line if line.get("name_zh") or (line["group"], line["shift"]) not in names else
            {**line, "name_zh": names[line["group"], line["shift"]][0], "name_en": names[line["group"], line["shift"]][1]}
            for line in lines]


def kpi_key(k: dict) -> tuple:
    return k["stream"], k["metric"], k.get("group")


def verdict_of(verdicts: Verdicts, k: dict) -> Verdict:
    """The verdict of the evidence KPI ``k`` in ``verdicts`` (not measured when not among them)."""
    return verdicts.of(KpiKey(k["stream"], k["metric"], k.get("group"))) or Verdict.NOT_MEASURED


#: Commitments in the order a proposal lists them: the contact centre, then the field.
STREAM_ORDER = ("calls", "remote_ops", "expert", "return_visits", "tickets", "staff", "work_orders.emergency",
                 "work_orders.urgent", "work_orders.routine", "work_orders.planned", "work_orders.requests", "work_orders.found", "incidents", "incidents.specialist", "incidents.contractor",
                 "patrols", "butlers",
                 "equipment", "field_staff")


def kpi_order(k: dict) -> float:
    """A commitment's place; a contact type's ('calls.emergency') comes after its kind's."""
    stream = k["stream"]
    if stream in STREAM_ORDER:
        return STREAM_ORDER.index(stream)
    kind = stream.split(".", 1)[0]
    return STREAM_ORDER.index(kind) + 0.5 if kind in STREAM_ORDER[:5] else len(STREAM_ORDER)


def ordered_roles(roles) -> list[str]:
    order = {r: i for i, r in enumerate(tx.ROLE_ORDER)}
    return sorted(roles, key=lambda r: (order.get(r, len(order)), r))


def verdict(status: Verdict | str | None, lang: str) -> str | None:
    """A verdict in words (a contractor's commitment's stored status, or a :class:`Verdict`)."""
    return None if status is None else t(f"verdict.{Verdict(status).value}", lang)


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def span(line: dict) -> str:
    if line["start"] in ("—", "-", ""):
        return "—"
    h, m = (int(x) for x in line["start"].split(":"))
    end = (h * 60 + m + round(line["length_h"] * 60)) % 1440
    return f"{line['start']}–{end // 60:02d}:{end % 60:02d}"


def model_name(scenario: Scenario, lang: str) -> str:
    return t(f"model.{scenario.operating_model}", lang)


SHEETS = {
    "overview": ("项目概况", "Site"), "commitments": ("服务承诺", "Commitments"), "headcount": ("人员配备", "Headcount"),
    "rosters": ("排班表", "Rosters"), "basis": ("人数依据", "Basis of counts"), "norms": ("经验配比", "Norms"),
    "labour": ("人员费用", "Staff costs"), "expenses": ("支出测算", "Expenses"), "income": ("收支平衡", "Income and balance"),
    "contract": ("合同期计划", "Contract plan"), "compare": ("方案对比", "Plan vs norms"), "lines": ("支出明细", "Budget lines"),
    "phases": ("入伙期人员", "Move-in staffing"), "phase_costs": ("入伙期费用", "Move-in costs"),
    "parameters": ("场景参数", "Parameters"), "people": ("培训与任职资格", "Training and qualifications"),
}


def sheet(key: str, lang: str) -> str:
    zh, en = SHEETS[key]
    return zh if lang == tx.ZH else en
