"""Compare page: the current scenario beside another operating model or another template: staff
by role, annual cost, fee per ㎡·月 and every KPI with its verdict."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import charts, i18n, runs, state, views
from ui.views import lang, t



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
    settings_a = runs.run_settings(scenario, views.mode())
    settings_b = runs.run_settings(scenario_b, views.mode())
    key = runs.key_of(scenario, settings_a.__dict__, runs.key_of(scenario_b, settings_b.__dict__))
    st.caption(t(f"sim.settings.{settings_a.mode}", days=settings_a.horizon_days, reps=settings_a.replications,
                 seed=settings_a.seed))
    with st.container(horizontal=True, vertical_alignment="center", key="compare_controls"):
        clicked = st.button(t("cmp.run"), key="compare_btn", type="primary", icon=":material/compare_arrows:")
        stop_slot = st.empty()
    views.show_stopped("compare")
    last = st.session_state.get("last_compare")
    if clicked:
        with stop_slot:
            views.stop_button("compare", key)
        total = settings_a.replications + settings_b.replications
        bar = st.progress(0.0, text=t("sim.progress", done=0, total=total))
        try:
            a = runs.run_tables(scenario, settings_a, progress=lambda d, n: bar.progress(
                d / total, text=t("sim.progress", done=d, total=total)))
            b = runs.run_tables(scenario_b, settings_b, progress=lambda d, n: bar.progress(
                (settings_a.replications + d) / total, text=t("sim.progress", done=settings_a.replications + d,
                                                              total=total)))
            last = {"key": key, "a": a, "b": b, "team_a": runs.team_and_budget_summary(scenario),
                    "team_b": runs.team_and_budget_summary(scenario_b)}
            st.session_state["last_compare"] = last
        except Exception as exc:  # noqa: BLE001  (a message, never a traceback)
            views.show_failure(exc)
        bar.empty()
        stop_slot.empty()
    if last is None:
        st.info(t("cmp.none_yet"), icon=":material/info:")
        return
    if last["key"] != key:
        st.info(t("sim.stale"), icon=":material/info:")
    _show(last)


def _show(last: dict) -> None:
    lg = lang()
    a, b = last["a"], last["b"]
    (heads_a, cost_a), (heads_b, cost_b) = last["team_a"], last["team_b"]
    col_a = _side("A", a.scenario, a.operating_model, lg)
    col_b = _side("B", b.scenario, b.operating_model, lg)
    for side, run in (("A", a), ("B", b)):
        missed = _missed(run.kpi, lg)
        if missed:  # never compare unequal service without saying so (issue 15)
            st.warning(t("cmp.side_misses", side=side, n=len(missed), what="、".join(missed) if lg == "zh"
                         else ", ".join(missed)), icon=":material/warning:")
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
        side_by_side = _kpi_side_by_side(a.kpi, b.kpi, col_a, col_b)
        st.dataframe(views.styled(side_by_side, [col_a, col_b]), hide_index=True, width="stretch",
                     height=views.table_height(len(side_by_side), 800))
        st.caption(t("kpi.legend"))


def _side(letter: str, scenario: str, model: str, lg: str) -> str:
    """A column's heading: the side, the scenario's name and its operating model (once)."""
    name, words = i18n.names.key_name(scenario, lg), t(f"model.{model}")
    if words in name:
        return f"{letter} · {name}"
    return f"{letter} · {name}（{words}）" if lg == "zh" else f"{letter} · {name} ({words})"


def _missed(kpi: pd.DataFrame, lg: str) -> list[str]:
    """The commitments a side's run does not meet, in words."""
    out = []
    for r in kpi.to_dict("records"):
        if isinstance(r.get("direction"), str) and r.get("status") != "met":
            out.append(i18n.commitment_label(r, lg, views.current()[1]))
    return out


def _kpi_side_by_side(ka: pd.DataFrame, kb: pd.DataFrame, col_a: str, col_b: str) -> pd.DataFrame:
    lg = lang()

    def key(r):
        return (r["stream"], r["metric"], r["group"] if isinstance(r["group"], str) else None)

    rows_a = {key(r): r for r in ka.to_dict("records")}
    rows_b = {key(r): r for r in kb.to_dict("records")}
    out = []
    for k in dict.fromkeys([*rows_a, *rows_b]):
        ra, rb = rows_a.get(k), rows_b.get(k)
        targeted = any(isinstance(r.get("direction"), str) for r in (ra, rb) if r)
        if not targeted:
            continue
        ref = ra or rb
        row = {t("kpi.col.kpi"): i18n.commitment_label({**ref, "group": k[2]}, lg, views.current()[1]),
               t("kpi.col.target"): (f"{'≥' if ref['direction'] == '>=' else '≤'} "
                                     f"{i18n.fmt_value(ref['target'], ref['unit'], lg)}") if isinstance(ref.get("direction"), str) else ""}
        for column, r in ((col_a, ra), (col_b, rb)):
            if r is None:
                row[column] = "—"
                continue
            status = r.get("status") if isinstance(r.get("status"), str) else None
            row[column] = i18n.fmt_value(r["mean"], r["unit"], lg) + (f"  {i18n.status_text(status, lg)}" if status else "")
        out.append(row)
    return pd.DataFrame(out)


render()
