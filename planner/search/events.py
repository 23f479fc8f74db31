"""What the search reports as it goes: typed events, and their words in Chinese and English.

The search (planner.search.optimise), the plan (planner.plan) and the comparison (planner.cli)
report progress as :class:`SearchEvent` values, never as sentences; the command line and the
app's progress bar and log render them with :func:`render` from one table per language
(:data:`TEXT`). What an event names (design options, targets, moves, money, pools) is
put in words by a :class:`Namer`: :data:`PLAIN` names things by their keys (the command line);
the app passes one that names them in words (ui.i18n.SEARCH_NAMES).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Literal

from planner.search.changes import Change
from sim.results.kpi_key import KpiKey

EventKind = Literal[
    "analytic_start",     # contact-centre rosters from the Erlang C requirements (planner.plan)
    "comparing",          # a scenario planned before a comparison (planner.cli)
    "search",             # the search with ``options`` starts
    "budget_spent",       # the candidate budget is spent: the search with ``options`` is not started
    "gave_up",            # the search with ``options`` gives up a target the design without options keeps
    "step",               # a move taken: ``action``, ``move``, the design's ``cost_yuan`` after it
    "inconclusive",       # ``target`` inconclusive while repairing: ``replications`` now
    "set_aside",          # no added staff moves ``target``: set aside
    "verifying",          # the design with ``options`` is verified (``repaired``: after a repair)
    "settling",           # inconclusive on fresh random numbers: ``replications`` now
    "sets_aside",         # the design with ``options`` sets aside ``targets`` the design without options keeps
    "misses",             # the design with ``options`` misses on fresh random numbers (``evidence``)
    "repairing",          # verification found targets not met (``evidence``): repairing on those runs
    "is_plan",            # the design with ``options`` meets every target on fresh random numbers: the plan
    "verified",           # verification done
]


@dataclass(frozen=True)
class TargetEvidence:
    """A target's evidence in an event: its key, mean and 95% interval, and the target."""

    key: KpiKey
    mean: float
    ci_low: float
    ci_high: float
    direction: str
    target: float


@dataclass(frozen=True)
class AnalyticRoster:
    """A pool's analytic start: the covering LP's bound and its integer cost (person-hours a week)."""

    pool: str
    lp_bound: float
    integer_cost: float


@dataclass(frozen=True)
class SearchEvent:
    """One thing the search did, with what it concerns; the fields a kind does not use stay empty."""

    kind: EventKind
    #: The design options of the search or design concerned (empty: without design options).
    options: tuple[str, ...] = ()
    target: KpiKey | None = None
    targets: tuple[KpiKey, ...] = ()
    evidence: tuple[TargetEvidence, ...] = ()
    replications: int | None = None
    cost_yuan: float | None = None
    action: str | None = None
    #: a step's move in its one string form (Change.label) and as values
    move: str | None = None
    change: Change | None = None
    budget: int | None = None
    repaired: bool = False
    analytic: tuple[AnalyticRoster, ...] = ()
    scenario: str | None = None
    operating_model: str | None = None


def _plain_money(yuan: float, lang: str) -> str:
    return f"{yuan:,.0f} 元" if lang == "zh" else f"{yuan:,.0f} yuan"


@dataclass(frozen=True)
class Namer:
    """How an event's names are put in words, each ``(value, lang) -> text``."""

    option: Callable[[str, str], str] = lambda name, lang: name
    target: Callable[[KpiKey, str], str] = lambda key, lang: str(key)
    move: Callable[[Change, str], str] = lambda change, lang: change.label
    money: Callable[[float, str], str] = _plain_money
    name: Callable[[str, str], str] = lambda key, lang: key


#: Names by their keys (the command line, logs).
PLAIN = Namer()

#: Each kind's sentence: (Chinese, English). Fields: {design} the options in words, {targets},
#: {target}, {evidence}, {replications}, {budget}, {action}, {move}, {cost}, {repaired},
#: {analytic}, {scenario}, {model}.
TEXT: dict[str, tuple[str, str]] = {
    "analytic_start": ("按排队论需求生成坐席初始排班：{analytic}", "contact-centre rosters from analytic requirements: {analytic}"),
    "comparing": ("对比前先优化{scenario}（{model}）", "planning {scenario} ({model}) before comparing"),
    "search": ("搜索{design}", "search {design}"),
    "budget_spent": ("已评估 {budget} 个候选配置（候选上限）：不再开始{design}的搜索",
                     "candidate budget of {budget} spent: the search {design} is not started"),
    "gave_up": ("{design}须搁置不启用设计选项时能达到的承诺：该方案不予采用，停止其搜索",
                "the search {design} gives up a target the design without design options keeps; stopped"),
    "step": ("{action}：{move}（年费用 {cost}）", "{action}: {move} ({cost} a year)"),
    "inconclusive": ("{target}结论不确定：增至 {replications} 次重复", "{target} inconclusive: {replications} replications"),
    "set_aside": ("任何班次加人都无法改善{target}，暂且搁置", "no added staff on any shift moves {target}; set aside"),
    "verifying": ("验证方案{design}{repaired}", "verifying the design {design}{repaired}"),
    "settling": ("新随机数下结论不确定：增至 {replications} 次重复",
                 "inconclusive on fresh random numbers: {replications} replications"),
    "sets_aside": ("方案{design}搁置了不启用设计选项时能达到的承诺（{targets}），不予采用",
                   "the design {design} sets aside {targets} that the design without design options keeps"),
    "misses": ("方案{design}在新随机数下仍未达标：{evidence}", "the design {design} misses on fresh random numbers: {evidence}"),
    "repairing": ("验证发现未达标：{evidence}；按这些运行结果继续修正",
                  "verification found targets not met: {evidence}; repairing on these runs"),
    "is_plan": ("方案{design}在新随机数下达到全部承诺：采用此方案",
                "the design {design} meets every target on fresh random numbers: it is the plan"),
    "verified": ("已用新的随机数完成验证", "verified with fresh random numbers"),
}

#: The parts of sentences: (Chinese, English).
PARTS: dict[str, tuple[str, str]] = {
    "without_options": ("（不启用设计选项）", "without design options"),
    "with_options": ("（启用：{options}）", "with {options}"),
    "repaired": ("（修正后）", " as repaired"),
    "evidence": ("{target} {mean}［{low}, {high}］，目标 {sign} {bound}", "{target} {mean} [{low}, {high}] vs {sign} {bound}"),
    "replications": ("（{n} 次重复）", " ({n} replications)"),
    "analytic": ("{pool} 线性规划下界 {lp:g} / 整数解 {integer:g}", "{pool} LP {lp:g} / integer {integer:g}"),
    "options_sep": ("；", "; "),
    "list_sep": ("、", ", "),
    "evidence_sep": ("；", "; "),
}

#: A move's action in words (the events and the app's table of the plan's steps): (Chinese, English).
ACTIONS: dict[str, tuple[str, str]] = {
    "add": ("增加", "add"), "remove": ("减少", "remove"), "move": ("调整班次（人数不变）", "move (same people)"),
    "transfer": ("调班", "move a person"), "retime": ("调整上班时间", "change start"),
    "split": ("拆出新班次", "split off a shift"), "resize": ("调整班长", "change length"),
    "compound": ("减少并调班", "remove and move"), "option": ("设计选项", "design option")}

#: An operating model in words: (Chinese, English).
MODELS: dict[str, tuple[str, str]] = {"traditional": ("传统模式", "traditional"), "centralised": ("集中管控", "centralised")}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "zh" else pair[1]


def _value(value: float, share: bool) -> str:
    if math.isnan(value):
        return "—"  # an interval of no data (one replication, or none with the event)
    return f"{value:.1%}" if share else f"{value:.4g}"


def _evidence(event: SearchEvent, lang: str, names: Namer) -> str:
    items = []
    for e in event.evidence:
        numbers = (e.mean, e.ci_low, e.ci_high, e.target)
        share = all(math.isnan(v) or 0.0 <= v <= 1.0 for v in numbers)
        items.append(_pick(PARTS["evidence"], lang).format(
            target=names.target(e.key, lang), mean=_value(e.mean, share), low=_value(e.ci_low, share),
            high=_value(e.ci_high, share), sign={">=": "≥", "<=": "≤"}.get(e.direction, e.direction),
            bound=_value(e.target, share)))
    reps = _pick(PARTS["replications"], lang).format(n=event.replications) if event.replications is not None else ""
    return _pick(PARTS["evidence_sep"], lang).join(items) + reps


def render(event: SearchEvent, lang: str = "en", names: Namer = PLAIN) -> str:
    """The event in ``lang`` ("zh" or "en"), its names put in words by ``names``."""
    design = _pick(PARTS["without_options"], lang) if not event.options else _pick(PARTS["with_options"], lang).format(
        options=_pick(PARTS["options_sep"], lang).join(names.option(o, lang) for o in event.options))
    fields = {
        "design": design,
        "targets": _pick(PARTS["list_sep"], lang).join(names.target(k, lang) for k in event.targets),
        "target": names.target(event.target, lang) if event.target is not None else "",
        "evidence": _evidence(event, lang, names),
        "replications": event.replications,
        "budget": event.budget,
        "action": _pick(ACTIONS.get(event.action or "", (event.action or "",) * 2), lang),
        "move": names.move(event.change, lang) if event.change is not None else event.move or "",
        "cost": names.money(event.cost_yuan, lang) if event.cost_yuan is not None else "",
        "repaired": _pick(PARTS["repaired"], lang) if event.repaired else "",
        "analytic": _pick(PARTS["list_sep"], lang).join(
            _pick(PARTS["analytic"], lang).format(pool=names.name(a.pool, lang), lp=a.lp_bound, integer=a.integer_cost)
            for a in event.analytic),
        "scenario": names.name(event.scenario, lang) if event.scenario is not None else "",
        "model": _pick(MODELS.get(event.operating_model or "", (event.operating_model or "",) * 2), lang),
    }
    return _pick(TEXT[event.kind], lang).format(**fields)


def options_of(key) -> tuple[str, ...]:
    """A search's options (a set of option names) as an event carries them: sorted."""
    return tuple(sorted(key))

