"""The proposal's appendices: A the method, its search and its validation; B every budget line
with its basis; C every parameter of the planned scenario."""

from __future__ import annotations

from planner.proposal import text as tx
from planner.proposal.context import Builder, Context, cell, sheet
from planner.proposal.costs import line_basis, line_label
from planner.proposal.model import Column, Paragraph, Row
from planner.proposal.param_names import Namer, is_free_text
from planner.proposal.plan_schema import plan_kpis, step_change
from planner.search.changes import Change
from sim.results.centre_kpis import KpiKey
from planner.proposal.text import t


def appendix_method(b: Builder, ctx: Context) -> None:
    lang, plan = ctx.lang, ctx.plan
    b.chapter_section("A", t("appA", lang))
    sec = b.subsection(t("appA.method", lang))
    search = plan.get("search") or {}
    sec.blocks += [Paragraph(t("appA.m1", lang)), Paragraph(t("appA.m2", lang, search_reps=_search_reps(plan)))]
    if ctx.submission:  # in prose: the search's steps and notes are the team's review
        sec.blocks.append(Paragraph(t("appA.search_prose", lang, evaluations=search.get("evaluations", 0))))
    else:
        _search_steps(b, ctx, sec)
    sec = b.subsection(t("appA.validation", lang))
    sec.blocks.append(Paragraph(t("appA.v1", lang)))
    cases = b.table(t("appA.validation_table", lang), [Column(t("col.case", lang), 5.2), Column(t("col.theory", lang), 4.4),
                                                        Column(t("col.kpis", lang), 6.4)])
    for case in VALIDATION_CASES:
        cases.rows.append(Row([cell(x[0] if lang == tx.ZH else x[1]) for x in case]))
    sec.blocks.append(cases)
    notes = [] if ctx.submission else [note_text(n, ctx) for n in plan.get("notes") or []]
    if notes:
        sec = b.subsection(t("appA.notes", lang))
        sec.blocks += [Paragraph(n, "bullet") for n in notes]


def _search_steps(b: Builder, ctx: Context, sec) -> None:
    """The search's accepted steps as a table (the internal edition)."""
    lang, search = ctx.lang, ctx.plan.get("search") or {}
    steps = search.get("steps") or []
    table = b.table(t("appA.steps_table", lang), [
        Column(t("col.step", lang), 1.2, True), Column(t("col.action", lang), 1.4 if lang == tx.ZH else 1.8),
        Column(t("col.lever", lang), 7.0),
        Column(t("col.new_value", lang), 2.2, True), Column(t("col.person_hours", lang), 2.2, True),
        Column(t("col.open_targets", lang), 2.0, True)])
    sec.blocks.append(Paragraph(t("appA.search", lang, evaluations=search.get("evaluations", 0),
                                  seconds=f"{search.get('seconds', 0):.1f}", table=table.number)))
    for i, step in enumerate(steps, start=1):
        action = step["action"]
        table.rows.append(Row([cell(i, "int"), cell(t(f"action.{action}", lang) if f"action.{action}" in tx.LABELS
                                                 else action),
                               cell(_step_text(step, ctx)), cell(step["value"], "int"),
                               cell(step["person_hours_per_week"], "num1"), cell(len(step.get("unmet") or []), "int")]))
    if steps:
        sec.blocks.append(table)


#: The validation cases (README): (case, theory, KPIs), each (zh, en).
VALIDATION_CASES = (
    (("M/M/12，λ = 9.5次/分钟，处理1分钟", "M/M/12, λ = 9.5 a minute, 1 min handle"), ("Erlang C", "Erlang C"),
     ("等待概率、平均等待、平均应答时间、服务水平、队长、忙碌坐席", "P(wait), mean wait, ASA, service level, queue, busy agents")),
    (("临界及过载的放弃队列", "critical and overloaded queues with abandonment"), ("Erlang A（M/M/n+M）", "Erlang A (M/M/n+M)"),
     ("等待概率、放弃概率、平均等待、服务水平、队长", "P(wait), P(abandon), mean wait, service level, queue")),
    (("两类优先级来电", "two priority classes"), ("Cobham非抢占优先级M/M/n", "Cobham's non-preemptive priority M/M/n"),
     ("各类平均等待", "mean wait per class")),
    (("正弦变化的无限服务台", "sinusoidal infinite-server queue"), ("无限服务台负荷m(t)", "infinite-server offered load m(t)"),
     ("每小时忙碌坐席数", "busy agents in each hour")),
    (("无路程的维修工单", "work orders without travel"), ("Erlang C；优先级M/M/n", "Erlang C; priority M/M/n"),
     ("到场等待、等待概率、各优先级等待", "response wait, P(wait), waits by priority")),
    (("无突发事件的巡逻", "patrols without incidents"), ("排程本身", "the schedule"),
     ("每轮按时完成、每个巡更点每小时一次", "every round done, every checkpoint hourly")),
    (("路程模型", "travel model"), ("正方形内均匀点：0.5214√A、(2/3)√A", "uniform points in a square: 0.5214√A, (2/3)√A"),
     ("平均直线及折线距离", "mean Euclidean and rectilinear distance")),
)


def _search_reps(plan: dict) -> str:
    return str((plan.get("search") or {}).get("replications", "—"))


def _change_text(change: Change, ctx: Context) -> str:
    """A move of the search (planner.search.changes) in the document's language, from its values."""
    zh = ctx.lang == tx.ZH
    if change.kind == "compound":
        return ("，再" if zh else ", then ").join(_change_text(p, ctx) for p in change.parts)
    if change.kind == "option":
        return (("采用" if change.on else "不采用") + "设计选项") if zh else \
            f"{'with' if change.on else 'without'} design option {tx.option_words(change.option, ctx.lang)}"
    group = tx.group_name(change.group.name, ctx.roles.get(change.group.name, "agent"), ctx.lang)

    def shift(ref) -> str:
        return tx.shift_name(ref.name, ref.start, ctx.lang)

    n = f"{change.delta:+d}" if change.delta is not None else ""
    if change.kind in ("add", "remove"):
        if change.shift is None:
            return f"{group}每班组{n}人" if zh else f"{group} {n} per crew"
        return f"{group}{shift(change.shift)}{n}人" if zh else f"{group} {shift(change.shift)} {n}"
    if change.kind == "retime":
        return f"{group}{shift(change.shift)}改为{change.start}开始" if zh else f"{group} {shift(change.shift)} starts {change.start}"
    if change.kind == "retime_all":
        return f"{group}全部班次{n}分钟" if zh else f"{group} every shift {n} min"
    if change.kind == "split":
        return f"{group}{shift(change.shift)}抽1人新设{change.start}开始的班次" if zh else \
            f"{group}: one of {shift(change.shift)} to a new shift at {change.start}"
    if change.kind == "resize":
        return f"{group}{shift(change.shift)}时长改为{change.length_h:g}小时" if zh else \
            f"{group} {shift(change.shift)} {change.length_h:g} h"
    if change.kind == "transfer":
        return f"{group}1人从{shift(change.shift)}调到{shift(change.other)}" if zh else \
            f"{group}: one from {shift(change.shift)} to {shift(change.other)}"
    a, b = shift(change.shift), shift(change.other)  # consolidate
    if zh:
        return f"{group}{a}、{b}各抽1人合为{change.start}开始的{change.length_h:g}小时班" if change.other.name != change.shift.name \
            else f"{group}{a}抽2人合为{change.start}开始的{change.length_h:g}小时班"
    return f"{group}: one of {a} and one of {b} → one {change.length_h:g} h shift at {change.start}" \
        if change.other.name != change.shift.name else f"{group}: two of {a} → one {change.length_h:g} h shift at {change.start}"


def _step_text(step: dict, ctx: Context) -> str:
    """A step of the search in words: from its change (plan.json 3); an older plan's move as it
    was written (in English) or, in Chinese, as another change."""
    change = step_change(ctx.plan, step)
    if change is not None:
        return _change_text(change, ctx)
    return step["lever"] if ctx.lang != tx.ZH else t("lever.other", ctx.lang)


def note_text(note: str, ctx: Context) -> str:
    """A planner note in the document's language; the set-aside targets by their names."""
    if note.startswith("targets no added staff could move"):
        names = [ctx.kpi_name(_kpi_row(k, ctx)) for k in plan_kpis(ctx.plan, ctx.plan.get("set_aside") or [])]
        return t("note.set_aside", ctx.lang, items=("、" if ctx.lang == tx.ZH else "; ").join(names))
    if note.startswith("budget needs exactly one site"):
        return t("note.no_budget", ctx.lang)
    if note.startswith("the rule-of-thumb plan also meets every target"):
        return t("note.prefer_norms", ctx.lang)
    return note[:1].upper() + note[1:]


def _kpi_row(key: KpiKey, ctx: Context) -> dict:
    """The KPI ``key`` as the evidence holds it (for its answer time), or as a bare key when the
    evidence lacks it."""
    found = [k for k in ctx.plan["evidence"]["kpis"] if KpiKey.of_row(k) == key]
    return found[0] if found else {"stream": key.stream, "metric": key.metric, "group": key.group}


def appendix_lines(b: Builder, ctx: Context) -> None:
    lang, budget = ctx.lang, ctx.budget
    if not budget:
        return
    sec = b.chapter_section("B", t("appB", lang))
    per_m2 = 1.0 / (budget["floor_area_m2"] * 12)
    table = b.table(t("appB.table", lang), [
        Column(t("col.cost_item", lang), 5.2), Column(t("col.calc_basis", lang), 6.7 if lang == tx.ZH else 6.5),
        Column(t("col.annual", lang), 2.2, True), Column(t("col.per_m2_month", lang), 1.9 if lang == tx.ZH else 2.1, True)],
        sheet=sheet("lines", lang), font_pt=8.0)
    sec.blocks.append(Paragraph(t("appB.text", lang, table=ctx.tables["expenses"].number)))
    for line in budget["lines"]:
        table.rows.append(Row([cell(line_label(line, ctx)), cell(line_basis(line, ctx)[0]), cell(line["yuan_per_year"], "yuan"),
                               cell(line["yuan_per_year"] * per_m2, "yuan_m2")], key=line["key"]))
    table.rows.append(Row([cell(t("row.total", lang)), cell(""), cell(budget["total_yuan_per_year"], "yuan"),
                           cell(budget["per_m2_month"], "yuan_m2")], "total", "total"))
    ctx.tables["lines"] = table
    sec.blocks.append(table)


def appendix_parameters(b: Builder, ctx: Context) -> None:
    lang = ctx.lang
    sec = b.chapter_section("C" if ctx.budget else "B", t("appC", lang))
    sec.blocks.append(Paragraph(t("appC.text", lang)))
    params = {k: v for k, v in ctx.plan["scenario_parameters"].items() if k != "proposal"}  # the document's own texts
    centre = params.get("centre")
    if isinstance(centre, dict) and centre.get("operator") == "group" and isinstance(centre.get("pools"), dict):
        # the group centre's pools answer the site but are not its staff: their rosters are the group's
        params["centre"] = centre | {"pools": {name: {k: v for k, v in pool.items() if k != "roster"}
                                               if isinstance(pool, dict) else pool
                                               for name, pool in centre["pools"].items()}}
    groups = {"general": {k: v for k, v in params.items() if not isinstance(v, dict)}}
    groups |= {k: v for k, v in params.items() if isinstance(v, dict)}
    namer = Namer(ctx.site_display) if lang == tx.ZH else None
    for group, data in groups.items():
        rows = list(_flatten(data, "" if group == "general" else group, lang, namer))
        if not rows:
            continue
        title = t("appC.group", lang, group=t(f"param.{group}", lang) if f"param.{group}" in tx.LABELS else group)
        table = b.table(title, [Column(t("col.parameter", lang), 9.0), Column(t("col.value", lang), 7.0)],
                        sheet=sheet("parameters", lang), font_pt=7.5)
        table.rows += [Row([cell(path), cell(value)]) for path, value in rows]
        sec.blocks.append(table)


def _flatten(value, path: str, lang: str, namer: Namer | None = None):
    """(name, value text) of every set parameter; distributions on one line, lists joined. With
    a ``namer`` (the Chinese document) the names and key values are Chinese and free text for
    people is left out; without, the names are the scenario file's paths."""
    if isinstance(value, dict):
        if "dist" in value:
            yield (namer.path(path) if namer else path), tx.dist_text(value, lang)
            return
        for key, item in value.items():
            yield from _flatten(item, f"{path}.{key}" if path else str(key), lang, namer)
    elif isinstance(value, list) and any(isinstance(x, (dict, list)) for x in value):
        for i, item in enumerate(value):
            yield from _flatten(item, f"{path}[{i}]", lang, namer)
    elif namer is not None:
        if value is not None and not is_free_text(path):
            yield namer.path(path), namer.value(value)
    elif isinstance(value, list) and not value:
        yield path, "—"
    elif value is not None:
        yield path, tx._value_text(value)


