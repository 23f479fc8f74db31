"""Portfolio page: where the sites are, coloured by district, when the scenario locates them
(planner.proposal.district_map); a multi-site scenario planned as a group (planner.portfolio): the centre on the
pooled demand of its centralised sites, each site's field for that site, in parallel, with a
progress bar and Stop; the saving, the break-even number of sites, the allocation of the
centre's cost with each site's budgets, the economies of scale as a chart, every commitment
missed, and the portfolio chapter to download."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from planner.portfolio.decision import decision, portfolio_money
from planner.portfolio.planning import Settings, plan_portfolio
from planner.portfolio.report import display_names, kpi_row, portfolio_dict, site_names
from planner.portfolio.split import site_models
from sim.running.executors import cap_workers
from ui import charts, flow, i18n, names, runs, session, state, views
from ui.views import lang, t

#: Run sizes: quick (short checks, raised at most 4×) and full (planner.portfolio's defaults: four-week checks).
SETTINGS = {"quick": Settings(replications=2, search_days=1, site_search_days=1, verify_replications=2, horizon_days=2,
                               verify_cap=4, use_options=False),
            "full": Settings()}
BASES = ["contacts", "households", "floor_area"]


def render() -> None:
    st.title(t("pf.title"))
    st.caption(t("pf.caption"))
    _, scenario, _ = views.current()
    if scenario is None:
        st.warning(t("sim.fix_first"), icon=":material/warning:")
        return
    if len(scenario.sites) < 2:
        st.info(t("pf.single_site"), icon=":material/info:")
        return
    lg = lang()
    _map(scenario, lg)
    default = scenario.portfolio.allocation_basis if scenario.portfolio is not None else "contacts"
    basis = st.radio(t("pf.basis"), BASES, horizontal=True, index=BASES.index(default), key=views.lkey("pf_basis"),
                     format_func=lambda b: i18n.t(f"pf.basis.{b}", lg))
    settings = SETTINGS[views.mode()]
    tasks = 1 + len({repr(s.model_dump()) for s in scenario.sites.values()}) if scenario.field is not None else 1
    st.caption(t("pf.settings", search=f"{settings.search_days:g}", site=f"{settings.site_search_days:g}",
                 reps=settings.replications,
                 days=f"{settings.horizon_days:g}", verify=settings.verify_replications,
                 most=settings.verify_replications * settings.verify_cap, tasks=tasks))
    key = runs.key_of(scenario, settings.__dict__, basis)
    with st.container(horizontal=True, vertical_alignment="center", key="portfolio_controls"):
        clicked = st.button(t("pf.run"), key="portfolio_btn", type="primary", icon=":material/hub:")
        stop_slot = st.empty()
    views.show_stopped("portfolio")
    last = st.session_state.get("last_portfolio")
    if clicked:
        with stop_slot:
            views.stop_button("portfolio", key)
        last = _run(scenario, settings, basis, key) or last
        stop_slot.empty()
    if last is None:
        st.info(t("pf.none_yet"), icon=":material/info:")
        return
    if last["key"] != key:
        st.info(t("pf.stale"), icon=":material/info:")
    _show(last["data"], last["key"])
    _own_site(scenario, last["data"], fresh=last["key"] == key)


def _map(scenario, lg: str) -> None:
    """Where the sites are, coloured by district (planner.proposal.district_map), when the
    scenario locates any; the sites it does not locate named below."""
    portfolio = scenario.portfolio
    if portfolio is None or not portfolio.locations:
        return
    keys = [*scenario.sites, *portfolio.districts]
    png = _map_png(state.canonical_json(scenario), lg, tuple((k, names.key_name(k, lg)) for k in keys))
    with st.container(key="portfolio_map"):
        st.markdown(f"**{t('pf.map')}**")
        st.image(png, width=640)
        unlocated = [names.key_name(s, lg) for s in scenario.sites if s not in portfolio.locations]
        if unlocated:
            st.caption(t("pf.map.unlocated", sites=("、" if lg == "zh" else ", ").join(map(i18n.md, unlocated))))


@st.cache_data(max_entries=8, show_spinner=False)
def _map_png(scenario_json: str, lg: str, named: tuple[tuple[str, str], ...]) -> bytes:
    from planner.proposal.district_map import district_map_png

    return district_map_png(state.scenario_from_json(scenario_json), lg, dict(named), width_cm=11.0)


def _run(scenario, settings: Settings, basis: str, key: str) -> dict | None:
    lg = lang()
    bar = st.progress(0.0, text=t("pf.progress.start"))
    names = {key: value[lg] for key, value in display_names(scenario)["sites"].items()}

    shown = [0.0, t("pf.progress.start")]

    def progress(done: int, total: int, task: str, secs: float) -> None:  # a Stop takes effect here
        what = t("pf.task.centre") if task == "centre" else t("pf.task.site", name=names.get(task.split(":", 1)[1], ""))
        shown[:] = [done / total, i18n.t("pf.progress", lg, done=done, total=total, what=what, secs=secs)]
        bar.progress(*shown)

    def beat() -> bool:  # the bar redrawn while the tasks run: a Stop takes effect here (Streamlit raises)
        bar.progress(*shown)
        return False

    try:
        runs.check_portfolio_budget(scenario, settings, cap_workers(None))
        plan = plan_portfolio(scenario, settings, executor="process", workers=cap_workers(None), progress=progress,
                              should_stop=beat)
        money = portfolio_money(plan, basis)
        from planner.proposal.text import commitment_name

        data = portfolio_dict(plan, money, decision(plan, money), namer=commitment_name)
    except Exception as exc:  # noqa: BLE001  (a message, never a traceback)
        views.show_failure(exc)
        bar.empty()
        return None
    bar.empty()
    last = {"key": key, "data": data}
    st.session_state["last_portfolio"] = last
    session.keep_portfolio(data)  # kept in the library with the version it came from
    session.show_notes(st)
    return last


def _show(data: dict, key: str) -> None:
    lg = lang()
    d = data["decision"]
    totals = d["totals_yuan_per_year"]
    centre = data["centre"]
    site_name = site_names(data, lg)
    with st.container(key="portfolio_results"):
        cols = st.columns(4)
        cols[0].metric(t("pf.metric.saving"), i18n.fmt_money(totals["all_traditional"] - totals["all_centralised"], lg))
        n = d.get("break_even_sites")
        cols[1].metric(t("pf.metric.break_even"), str(n) if n else t("pf.metric.break_even.none"))
        if centre:
            heads = centre["budget"]["headcount"]
            people = heads.get("agent", 0.0) + heads.get("expert_agent", 0.0)
            cols[2].metric(t("pf.metric.centre_people"), i18n.fmt_number(people, 0, lg))
            cols[3].metric(t("pf.metric.per_1000"),
                           i18n.fmt_number(people / max(centre["budget"]["households"], 1) * 1000, 2, lg))
        if data["missed"]:
            from planner.proposal.portfolio import evidence_text  # (the chapter's words; loaded when needed)

            lines = []
            for where, labels in data["missed"].items():
                kpis = centre["kpis"] if where == "centre" and centre else data["sites"].get(where, {}).get("kpis", [])
                names = [_kpi(label, kpis, lg) + evidence_text(label, kpis, lg) for label in labels]
                who = t("pf.task.centre") if where == "centre" else t("pf.task.site", name=site_name.get(where, ""))
                lines.append(f"- {who}：{'；'.join(names)}" if lg == "zh" else f"- {who}: {'; '.join(names)}")
            st.warning(t("pf.missed") + "\n" + "\n".join(lines), icon=":material/warning:")
        else:
            st.success(t("pf.all_met"), icon=":material/check_circle:")
        st.markdown(f"**{t('pf.allocation')}**")
        rows = []
        for name, s in data["sites"].items():
            bt, bc = s["budget"]["traditional"], s["budget"]["centralised"]
            rows.append({t("pf.col.site"): site_name[name], t("pf.col.model"): t(f"pf.model.{s['model']}"),
                         t("pf.col.households"): i18n.fmt_number(s["households"], 0, lg),
                         t("pf.col.people_t"): i18n.fmt_number(s["people"]["traditional"], 0, lg),
                         t("pf.col.people_c"): i18n.fmt_number(s["people"]["centralised"], 0, lg),
                         t("pf.col.share"): i18n.fmt_number(s["allocation"]["share_yuan_per_year"]
                                                            if s["model"] == "centralised" else 0.0, 0, lg),
                         t("pf.col.total_t"): i18n.fmt_number(bt["total_yuan_per_year"], 0, lg),
                         t("pf.col.total_c"): i18n.fmt_number(bc["total_yuan_per_year"], 0, lg),
                         t("pf.col.fee_t"): i18n.fmt_number(bt["break_even_fee_yuan_per_m2_month"], 2, lg),
                         t("pf.col.fee_c"): i18n.fmt_number(bc["break_even_fee_yuan_per_m2_month"], 2, lg),
                         t("pf.col.saving"): i18n.fmt_number(s["saving_yuan_per_year"], 0, lg)})
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", height=views.table_height(len(rows)))
        best = [(name, value) for name, value in d.get("ranking", []) if value > 0][:5]
        if best:
            st.caption(t("pf.ranking", items=("、" if lg == "zh" else ", ").join(
                f"{i18n.md(site_name.get(name, ''))}（{i18n.fmt_money(value, lg)}）" if lg == "zh"
                else f"{i18n.md(site_name.get(name, ''))} ({i18n.fmt_money(value, lg)})" for name, value in best)))
        left, right = st.columns([3, 2], gap="medium")
        with left:
            if d.get("scale"):
                st.markdown(f"**{t('pf.scale')}**")
                st.altair_chart(charts.portfolio_scale_chart(d["scale"], d.get("break_even_sites"), lg), width="stretch")
                st.caption(t("pf.scale_caption"))
        with right:
            if centre:
                st.markdown(f"**{t('pf.centre')}**")
                lines = [{t("pf.col.item"): ln["zh"] if lg == "zh" else ln["en"],
                          t("pf.col.yuan"): i18n.fmt_number(ln["yuan_per_year"], 0, lg)} for ln in centre["budget"]["lines"]]
                st.dataframe(pd.DataFrame(lines), hide_index=True, width="stretch",
                             height=views.table_height(len(lines)))
        _downloads(data, key, lg)


def _own_site(scenario, data: dict, fresh: bool) -> None:
    """One site of the portfolio loaded as the scenario being edited, under its model and with its
    share of the centre (planner.portfolio.split.own_scenario), for the Optimise page to plan and
    the Export page to write its own proposal."""
    lg = lang()
    names = site_names(data, lg)
    st.markdown(f"**{t('pf.own')}**")
    st.caption(t("pf.own.caption"))
    if not fresh:
        st.info(t("pf.own.stale"), icon=":material/info:")
        return
    with st.container(horizontal=True, vertical_alignment="bottom", key="portfolio_own"):
        site = st.selectbox(t("pf.own.site"), list(data["sites"]), format_func=lambda n: names.get(n, ""),
                            key=views.lkey("pf_own_site"))
        clicked = st.button(t("pf.own.load"), key="portfolio_own_btn", icon=":material/open_in_new:")
    if not clicked:
        return
    from planner.portfolio.split import own_scenario

    entry = data["sites"][site]
    share = float(entry["allocation"]["share_yuan_per_year"]) if entry["model"] == "centralised" else 0.0
    try:
        own = own_scenario(scenario, site, entry["model"], share, rosters=entry.get("rosters"),
                           options=entry.get("design_options"))
    except Exception as exc:  # noqa: BLE001  (a message, never a traceback)
        views.show_failure(exc)
        return
    views.replace_scenario(own.model_dump(mode="json"), ("portfolio_site", site))
    st.switch_page("ui/pages/optimise.py")


def _kpi(label: str, kpis: list[dict], lg: str) -> str:
    k = kpi_row(label, kpis)
    if k is None:
        return i18n.target_label(label, lg)  # (from its key)
    if isinstance(k.get("name"), dict) and k["name"].get(lg):
        return k["name"][lg]  # named from the scenario it was judged on (planner.portfolio.report)
    return i18n.commitment_label(k, lg, views.current()[1])  # the portfolio chapter's words


def _downloads(data: dict, key: str, lg: str) -> None:
    from planner.proposal.portfolio import export_portfolio

    st.markdown(f"**{t('pf.download')}**")
    cols = st.columns(2)
    for col, fmt in zip(cols, ("docx", "xlsx")):
        cache = st.session_state.setdefault("portfolio_files", {})
        name = (key, fmt, lg)
        if name not in cache:
            if len(cache) > 8:
                cache.clear()
            with tempfile.TemporaryDirectory() as work:
                cache[name] = Path(export_portfolio(data, work, formats=(fmt,), lang=lg)[fmt]).read_bytes()
        col.download_button(t(f"exp.format.{fmt}"), cache[name], file_name=f"portfolio_{lg}.{fmt}",
                            key=f"portfolio_dl_{fmt}", icon=":material/download:")


render()
flow.next_step("portfolio")
