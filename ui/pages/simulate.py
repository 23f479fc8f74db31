"""Simulate page: run the scenario (quick or full, with progress and Stop) and read each KPI
against its target, then the charts by hour, the response-time distributions, patrols and staff
utilisation."""

from __future__ import annotations

import streamlit as st

from sim.results.verdicts import Verdicts
from ui import charts, flow, i18n, runs, views
from ui.views import lang, t



def render() -> None:
    st.title(t("sim.title"))
    _, scenario, issues = views.current()
    if scenario is None:
        st.warning(t("sim.fix_first"), icon=":material/warning:")
        _results(None)
        return
    settings = runs.run_settings(scenario, views.mode())
    key = runs.key_of(scenario, settings.__dict__)
    st.caption(t(f"sim.settings.{settings.mode}", days=settings.horizon_days, reps=settings.replications,
                 seed=settings.seed))
    with st.container(horizontal=True, vertical_alignment="center", key="run_controls"):
        clicked = st.button(t("sim.run"), key="run_btn", type="primary", icon=":material/play_arrow:")
        auto = st.toggle(t("sim.auto"), value=st.session_state.get("_auto", True), key="auto_run",
                         help=t("sim.auto_help"), disabled=settings.mode != "quick")
        st.session_state["_auto"] = auto
        stop_slot = st.empty()
    views.show_stopped("run")
    last = st.session_state.get("last_run")
    auto_now = (settings.mode == "quick" and auto and (last is None or last["key"] != key)
                and st.session_state.get("stopped_run") != key)
    if clicked or auto_now:
        st.session_state.pop("stopped_run", None)
        with stop_slot:
            views.stop_button("run", key)
        bar = st.progress(0.0, text=t("sim.progress", done=0, total=settings.replications))
        done = [0]

        def progress(finished: int, total: int) -> None:
            done[0] = finished
            draw()

        def draw() -> None:  # also while a replication runs: a Stop takes effect here
            bar.progress(done[0] / settings.replications, text=t("sim.progress", done=done[0], total=settings.replications))

        try:
            tables = runs.run_tables(scenario, settings, progress=progress, heartbeat=draw)
        except Exception as exc:  # noqa: BLE001  (a message, never a traceback)
            tables = None
            st.session_state["stopped_run"] = key  # do not retry by itself
            views.show_failure(exc)
        bar.empty()
        stop_slot.empty()
        if tables is not None:
            st.session_state["last_run"] = {"key": key, "tables": tables, "settings": settings}
            last = st.session_state["last_run"]
    if last is not None and last["key"] != key:
        st.info(t("sim.stale"), icon=":material/info:")
    _results(last)


def _results(last: dict | None) -> None:
    if last is None:
        if views.current()[1] is not None:
            st.info(t("sim.none_yet"), icon=":material/info:")
        return
    tables: runs.RunTables = last["tables"]
    lg = lang()
    with st.container(key="kpi_results"):
        st.subheader(t("sim.kpis"))
        st.caption(t("sim.run_info", name=i18n.md(i18n.names.key_name(tables.scenario, lg)), model=t(f"model.{tables.operating_model}"),
                     days=tables.horizon_days, reps=tables.replications, seed=tables.seed, secs=tables.seconds))
        views.verdict_banner(Verdicts.of_rows(tables.kpi.to_dict("records")))
        display = views.kpi_display(tables.kpi)
        with st.container(key="kpi_table"):
            st.dataframe(views.styled(display), hide_index=True, width="stretch",
                         height=views.table_height(len(display), 800))
        st.caption(t("kpi.legend"))
        with st.expander(t("sim.all_kpis")):
            st.dataframe(views.kpi_display(tables.kpi, targets_only=False), hide_index=True, width="stretch")
    names = ("hourly", "capacity", "patrols", "utilisation", "distributions")
    tabs = st.tabs([t(f"sim.tab.{name}") for name in names], key=views.lkey("sim_tabs"), on_change="rerun")
    # Only the open tab is drawn; the tabs keep their selection when a widget inside one reruns the app.
    if tabs[0].open:
        with tabs[0]:
            st.caption(t("sim.hourly_caption"))
            st.altair_chart(charts.service_by_hour_chart(tables.by_hour, tables.kpi, lg), width="stretch")
            st.altair_chart(charts.offered_by_hour_chart(tables.by_hour, lg), width="stretch")
    if tabs[1].open:
        with tabs[1]:
            st.caption(t("sim.capacity_caption"))
            chart = charts.capacity_chart(tables.by_hour, lg)
            if chart is None:
                st.info(t("chart.no_data"))
            else:
                st.altair_chart(chart, width="stretch")
    if tabs[2].open:
        with tabs[2]:
            _patrols(tables)
    if tabs[3].open:
        with tabs[3]:
            chart = charts.utilisation_chart(tables.kpi, lg)
            if chart is None:
                st.info(t("chart.no_data"))
            else:
                st.altair_chart(chart, width="stretch")
            budget = charts.time_budget_chart(tables.kpi, lg)
            if budget is not None:
                st.caption(t("sim.time_budget_caption"))
                st.altair_chart(budget, width="stretch")
    if tabs[4].open:
        with tabs[4]:
            _distributions(tables)


def _patrols(tables: runs.RunTables) -> None:
    kpi = tables.kpi
    rows = kpi[kpi["stream"] == "patrols"].set_index("metric")
    if rows.empty:
        st.info(t("sim.no_patrols"))
        return
    lg = lang()
    cols = st.columns(4)
    for col, metric in zip(cols, ("round_completion", "rounds_required", "rounds_missed", "checkpoint_gap_p95_min")):
        if metric in rows.index:
            r = rows.loc[metric]
            col.metric(i18n.metric_label(metric, lg), i18n.fmt_value(r["mean"], r["unit"], lg),
                       help=i18n.fmt_interval(r["ci_low"], r["ci_high"], r["unit"], lg))
    chart = charts.patrol_chart(kpi, lg)
    if chart is not None:
        st.altair_chart(chart, width="stretch")
    butlers = kpi[kpi["stream"] == "butlers"]
    if not butlers.empty:
        st.markdown(f"**{t('sim.butlers')}**")
        st.dataframe(views.styled(views.kpi_display(butlers, targets_only=False)), hide_index=True, width="stretch")


def _distributions(tables: runs.RunTables) -> None:
    hist = tables.histogram
    if hist is None or hist.empty:
        st.info(t("chart.no_data"))
        return
    lg = lang()
    streams = [s for s in dict.fromkeys(hist["stream"]) if hist.loc[hist["stream"] == s, "count"].sum() > 0]
    if not streams:
        st.info(t("chart.no_data"))
        return
    stream = st.selectbox(t("sim.dist_stream"), streams, format_func=lambda s: i18n.stream_name(s, lg),
                          key=views.lkey("dist_stream"))
    st.caption(t("sim.dist_caption"))
    within = getattr(tables, "within_s", {}).get(stream)
    st.altair_chart(charts.histogram_chart(hist, stream, within, lg), width="stretch")


render()
flow.next_step("simulate")
