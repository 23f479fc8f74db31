"""Compare page: the latest plan of the current scenario (A) beside the latest plan of another
operating model or another template (B): staff by role, annual cost, fee per ㎡·月 and every
commitment with its verdict (sim.results.verdicts). A side not yet planned is planned here on
request (the Optimise page's planner, ui.runs.make_plan_record); the scenarios' own rosters are
never shown as if they were plans."""

from __future__ import annotations

import time
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from sim.results.verdicts import Verdict, Verdicts
from sim.scenario import Scenario
from ui import charts, flow, i18n, runs, state, views
from ui.views import lang, t


@dataclass(frozen=True)
class PlanSide:
    """One side of the comparison: its letter, its scenario and that scenario's latest plan."""

    letter: str
    scenario: str
    operating_model: str
    record: runs.PlanRecord

    @property
    def plan(self) -> dict:
        return self.record.plan

    @property
    def verdicts(self) -> Verdicts:
        return Verdicts.of_plan(self.plan)


def render() -> None:
    st.title(t("cmp.title"))
    st.caption(t("cmp.caption"))
    data, scenario, _ = views.current()
    if scenario is None:
        st.warning(t("sim.fix_first"), icon=":material/warning:")
        return
    lg = lang()
    choices = ["model", "template"]
    other_model = t(f"model.{state.other_operating_model(data)['operating_model']}")
    other = st.radio(t("cmp.against"), choices, horizontal=True, key=views.lkey("cmp_against"),
                     index=choices.index(st.session_state.get("_cmp_against", "model")),
                     on_change=views.remember, args=(views.lkey("cmp_against"), "_cmp_against"),
                     format_func=lambda o: i18n.t(f"cmp.against.{o}", lg, model=other_model))
    if other == "model":
        other_data = state.other_operating_model(data)
    else:
        names = state.templates()
        chosen = st.session_state.get("_cmp_template", state.DEFAULT_TEMPLATE)
        name = st.selectbox(t("scenario.template"), names, key=views.lkey("cmp_template"),
                            index=names.index(chosen) if chosen in names else 0,
                            on_change=views.remember, args=(views.lkey("cmp_template"), "_cmp_template"),
                            format_func=lambda n: i18n.template_label(n, lg))
        other_data = state.load_template(name)
    scenario_b, issues_b = state.validate_data(other_data)
    if scenario_b is None:
        views.show_issues(issues_b)
        return
    scenarios = {"A": scenario, "B": scenario_b}
    records = {letter: runs.latest_plan(s, None) for letter, s in scenarios.items()}
    missing = [letter for letter, record in records.items() if record is None]
    settings = {letter: runs.plan_settings(s, views.mode()) for letter, s in scenarios.items()}
    key = "+".join(runs.plan_key(scenarios[letter], settings[letter]) for letter in missing)
    with st.container(horizontal=True, vertical_alignment="center", key="compare_controls"):
        # (with both sides planned it reads each side's latest plan again: a full plan made since)
        clicked = st.button(t("cmp.run" if missing else "cmp.refresh"), key="compare_btn", type="primary",
                            icon=":material/compare_arrows:")
        stop_slot = st.empty()
    views.show_stopped("compare")
    if clicked and missing:
        with stop_slot:
            views.stop_button("compare", key)
        for letter in missing:
            records[letter] = _plan(letter, scenarios[letter], settings[letter])
            if records[letter] is None:
                break
        stop_slot.empty()
    missing = [letter for letter, record in records.items() if record is None]
    if missing:
        st.info(t("cmp.plan_first", sides="、".join(missing) if lg == "zh" else " and ".join(missing),
                  mode=t(f"mode.short.{views.mode()}")), icon=":material/info:")
        return
    sides = [PlanSide(letter, scenarios[letter].name, scenarios[letter].operating_model, records[letter])
             for letter in ("A", "B")]
    st.session_state["last_compare"] = {"a": sides[0], "b": sides[1]}
    _show(*sides)


def _plan(letter: str, scenario: Scenario, settings: runs.PlanSettings) -> runs.PlanRecord | None:
    """Plan one side as the Optimise page does (its mode's settings), with progress; None when it
    could not be made (the reason is shown)."""
    lg = lang()
    bar = st.progress(0.0, text=t("cmp.planning", side=letter))
    started, count, message = time.perf_counter(), [0], [t("opt.progress.start")]

    def progress(event) -> None:
        count[0] += 1
        message[0] = i18n.progress_message(event, lg)
        beat()

    def beat() -> None:  # also redrawn while a simulation runs: a Stop takes effect here
        bar.progress(min(0.95, 0.05 + 0.04 * count[0]), text=t("cmp.planning", side=letter) + " · " + t(
            "opt.progress", secs=time.perf_counter() - started, message=message[0]))

    try:
        record = runs.make_plan_record(scenario, settings, progress=progress, on_candidate=lambda n: beat(), heartbeat=beat)
    except Exception as exc:  # noqa: BLE001  (a message, never a traceback)
        record = None
        views.show_failure(exc)
    bar.empty()
    return record


def _show(a: PlanSide, b: PlanSide) -> None:
    lg = lang()
    col_a, col_b = _heading(a, lg), _heading(b, lg)
    if a.record.settings.mode != b.record.settings.mode:
        st.warning(t("cmp.modes_differ"), icon=":material/warning:")
    for side in (a, b):
        st.markdown(f"**{i18n.md(_heading(side, lg))}**")
        views.verdict_banner(side.verdicts)
    not_met = {side.letter: _not_met(side, lg) for side in (a, b)}
    for letter, what in not_met.items():
        if what:  # never compare unequal service without saying so (issue 15)
            st.warning(t("cmp.side_not_met", side=letter, what="；".join(what) if lg == "zh" else "; ".join(what)),
                       icon=":material/warning:")
    heads_a = {role: row["planned"] for role, row in a.plan["headcount"].items()}
    heads_b = {role: row["planned"] for role, row in b.plan["headcount"].items()}
    cost_a, cost_b = a.plan.get("budget"), b.plan.get("budget")
    with st.container(key="compare_results"):
        left, right = st.columns([3, 2], gap="medium")
        with left:
            st.markdown(f"**{t('cmp.staff_cost')}**")
            rows = []
            people_a, people_b = i18n.people_by_role(heads_a), i18n.people_by_role(heads_b)
            for role in sorted(set(heads_a) | set(heads_b), key=lambda r: i18n.role_order(r)):
                rows.append({t("cmp.col.item"): i18n.role_label(role, lg), col_a: f"{people_a.get(role, 0)}",
                             col_b: f"{people_b.get(role, 0)}"})
            rows.append({t("cmp.col.item"): t("cmp.total_fte"), col_a: f"{sum(people_a.values())}",
                         col_b: f"{sum(people_b.values())}"})
            for key, kind in (("total_yuan_per_year", "money"), ("per_m2_month", "fee"),
                              ("break_even_fee_yuan_per_m2_month", "fee"), ("labour_share_of_cost", "pct"),
                              ("surplus_yuan_per_year", "money")):
                rows.append({t("cmp.col.item"): t(f"budget.{key}"),
                             col_a: i18n.fmt_kind(cost_a[key], kind, lg) if cost_a else "—",
                             col_b: i18n.fmt_kind(cost_b[key], kind, lg) if cost_b else "—"})
            st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", height=views.table_height(len(rows)))
        with right:
            st.altair_chart(charts.compare_headcount_chart(heads_a, heads_b, "A", "B", lg), width="stretch")
        st.markdown(f"**{t('cmp.kpis')}**")
        side_by_side = _kpi_side_by_side(a, b, col_a, col_b)
        st.dataframe(views.styled(side_by_side, [col_a, col_b]), hide_index=True, width="stretch",
                     height=views.table_height(len(side_by_side), 800))
        st.caption(t("kpi.legend"))


def _heading(side: PlanSide, lg: str) -> str:
    """A column's heading: the side, the scenario's name, its operating model (once) and the
    plan's mode."""
    name, words = i18n.names.key_name(side.scenario, lg), t(f"model.{side.operating_model}")
    mode = t(f"mode.short.{side.record.settings.mode}")
    what = mode if words in name else (f"{words}，{mode}" if lg == "zh" else f"{words}, {mode}")
    return f"{side.letter} · {name}（{what}）" if lg == "zh" else f"{side.letter} · {name} ({what})"


def _not_met(side: PlanSide, lg: str) -> list[str]:
    """The commitments of a side's plan not shown met, in words, grouped by verdict."""
    frame = views.evidence_frame(side.plan["evidence"]["kpis"], side.verdicts)
    rows = {_row_key(r): r for r in frame.to_dict("records")}
    out = []
    for verdict in (Verdict.MISSED, Verdict.NOT_SHOWN, Verdict.NOT_MEASURED):
        names = [i18n.commitment_label(rows[(c.key.stream, c.key.metric, c.key.group)], lg, views.current()[1])
                 for c in side.verdicts.commitments if c.verdict is verdict]
        if names:
            out.append(f"{i18n.status_word(verdict.value, lg)}：{'、'.join(names)}" if lg == "zh"
                       else f"{i18n.status_word(verdict.value, lg)}: {', '.join(names)}")
    return out


def _row_key(r: dict) -> tuple:
    """A KPI table row's (stream, metric, group) (pandas holds a missing group as NaN)."""
    return r["stream"], r["metric"], r["group"] if isinstance(r["group"], str) else None


def _kpi_side_by_side(a: PlanSide, b: PlanSide, col_a: str, col_b: str) -> pd.DataFrame:
    """Every commitment of either plan: its target and, per side, the plan's mean and verdict."""
    lg = lang()
    frames = {side.letter: views.evidence_frame(side.plan["evidence"]["kpis"], side.verdicts) for side in (a, b)}

    rows_a = {_row_key(r): r for r in frames["A"].to_dict("records")}
    rows_b = {_row_key(r): r for r in frames["B"].to_dict("records")}
    out = []
    for k in dict.fromkeys([*rows_a, *rows_b]):
        ra, rb = rows_a.get(k), rows_b.get(k)
        targeted = any(isinstance(r.get("direction"), str) for r in (ra, rb) if r)
        if not targeted:
            continue
        ref = ra if ra is not None and isinstance(ra.get("direction"), str) else rb
        row = {t("kpi.col.kpi"): i18n.commitment_label({**ref, "group": k[2]}, lg, views.current()[1]),
               t("kpi.col.target"): (f"{'≥' if ref['direction'] == '>=' else '≤'} "
                                     f"{i18n.fmt_value(ref['target'], ref['unit'], lg)}")}
        for column, r in ((col_a, ra), (col_b, rb)):
            if r is None:
                row[column] = "—"
                continue
            status = r.get("status") if isinstance(r.get("status"), str) else None
            row[column] = i18n.fmt_value(r["mean"], r["unit"], lg) + (f"  {i18n.status_text(status, lg)}" if status else "")
        out.append(row)
    return pd.DataFrame(out)


render()
flow.next_step("compare")
