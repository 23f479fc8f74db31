"""Optimise page: the cheapest staffing found that meets the commitments (planner.plan.make_plan;
the title says when some are not shown met), its rosters and evidence, the rule-of-thumb plan
beside it, and the budget of each."""

from __future__ import annotations

import json
import time

import pandas as pd
import streamlit as st

from planner.costs.fee import fee_of_plan, fee_sentence
from planner.proposal.costs import budget_bases, budget_labels
from planner.proposal.plan_schema import plan_kpis
from planner.search.events import SearchEvent
from planner.rostering.on_duty import staffing_by_hour
from sim.results.verdicts import Verdicts
from ui import charts, flow, headroom_panel, i18n, runs, session, views
from ui.views import lang, t



def render() -> None:
    title = st.empty()  # what the plan shown is, once it is known (page_title)
    title.title(t("nav.optimise"))
    st.caption(t("opt.caption"))
    _, scenario, _ = views.current()
    record = None
    if scenario is None:
        st.warning(t("sim.fix_first"), icon=":material/warning:")
    else:
        settings = runs.plan_settings(scenario, views.mode())
        key = runs.plan_key(scenario, settings)
        search = settings.search
        first = search.verify_replications or scenario.replications
        st.caption(t(f"opt.settings.{settings.mode}", days=settings.horizon_days, reps=search.replications,
                     search=search.search_days, verify=first, most=runs.verify_most(search, first),
                     budget=search.max_candidates))
        with st.container(horizontal=True, vertical_alignment="center", key="plan_controls"):
            clicked = st.button(t("opt.run"), key="optimise_btn", type="primary", icon=":material/tune:") \
                or st.session_state.pop("plan_verify_fully", False)
            stop_slot = st.empty()
        views.show_stopped("plan")
        if clicked:
            st.session_state.pop("stopped_plan", None)
        # a plan that finished as Stop was clicked is not shown: the stopped run's result is discarded
        record = None if st.session_state.get("stopped_plan") == key else runs.find_plan(key)
        if clicked and record is None:
            with stop_slot:
                views.stop_button("plan", key)
            record = _run(scenario, settings)
            stop_slot.empty()
            if record is not None:  # kept in the library with the version it came from
                session.keep_plan(record)
                session.show_notes(st)
        if record is not None:
            st.session_state["plan_key"] = record.key
        elif st.session_state.get("plan_key"):
            stale = runs.find_plan(st.session_state["plan_key"])
            if stale is not None:
                st.info(t("opt.stale"), icon=":material/info:")
                record = stale
    if record is None:
        st.info(t("opt.none_yet"), icon=":material/info:")
        return
    title.title(page_title(Verdicts.of_plan(record.plan)))
    if record.settings.mode == "quick":
        _offer_full(record)
    _show(record)


def page_title(verdicts: Verdicts) -> str:
    """The page's title for a plan: "the cheapest staffing meeting the commitments" only when
    every commitment is shown met, else the cheapest found and how many are not shown met."""
    return t("opt.title.all_met") if verdicts.all_met else t("opt.title.not_all_met", n=len(verdicts.not_met))


def _offer_full(record: runs.PlanRecord) -> None:
    """A quick plan is a preview: say so, and offer the full plan in one click."""
    with st.container(horizontal=True, vertical_alignment="center", key="plan_preview"):
        st.info(t("opt.preview"), icon=":material/preview:")
        st.button(t("opt.verify_fully"), key="verify_fully_btn", on_click=_verify_fully, help=t("opt.verify_fully_help"),
                  icon=":material/verified:", type="primary")


def _verify_fully() -> None:
    """on_click of "verify fully": full mode (the sidebar's radio drawn afresh from it) and the
    full plan started on the rerun."""
    st.session_state["run_mode"] = "full"
    for lg in i18n.LANG_NAMES:
        st.session_state.pop(f"mode_{lg}", None)
    st.session_state["plan_verify_fully"] = True


def _run(scenario, settings) -> runs.PlanRecord | None:
    lg = lang()
    bar = st.progress(0.0, text=t("opt.progress.start"))
    log = st.empty()
    state = {"n": 0, "started": time.perf_counter(), "done": 0.0, "message": t("opt.progress.start")}

    def progress(event: SearchEvent) -> None:
        state["n"] += 1
        state["done"] = 0.95 if event.kind == "verified" else min(0.9, 0.05 + 0.04 * state["n"])
        state["message"] = i18n.progress_message(event, lg)
        beat()

    def beat() -> None:  # the elapsed time, redrawn while a simulation runs: a Stop takes effect here
        elapsed = time.perf_counter() - state["started"]
        bar.progress(state["done"], text=t("opt.progress", secs=elapsed, message=state["message"]))

    def candidate(n: int) -> None:  # a Streamlit call per candidate: a Stop takes effect here
        left = runs.plan_remaining_s(settings, n, time.perf_counter() - state["started"])
        log.caption(t("opt.candidates", n=n) if left is None else t("opt.candidates_left", n=n, left=left))

    try:
        record = runs.make_plan_record(scenario, settings, progress=progress, on_candidate=candidate, heartbeat=beat)
    except Exception as exc:  # noqa: BLE001  (a message, never a traceback)
        record = None
        views.show_failure(exc)
    bar.empty()
    log.empty()
    return record


def _show(record: runs.PlanRecord) -> None:
    plan = record.plan
    lg = lang()
    with st.container(key="plan_results"):
        verdicts = Verdicts.of_plan(plan)
        evidence = views.evidence_frame(plan["evidence"]["kpis"], verdicts)
        st.subheader(t("opt.result", name=i18n.md(i18n.names.key_name(plan["scenario"], lang())), model=t(f"model.{plan['operating_model']}")))
        st.caption(t("opt.record", mode=t(f"mode.short.{record.settings.mode}"), secs=record.seconds,
                     evals=plan["search"]["evaluations"], reps=plan["evidence"]["replications"],
                     days=plan["evidence"]["horizon_days"]))
        views.verdict_banner(verdicts)
        planned = sum(i18n.people_by_role(plan["headcount"], "planned").values())
        norms = sum(i18n.people_by_role(plan["headcount"], "rule_of_thumb").values())
        budget, norms_budget = plan.get("budget"), plan.get("rule_of_thumb_budget")
        cols = st.columns(4)
        cols[0].metric(t("opt.fte_planned"), f"{planned}", delta=f"{planned - norms:+d}", delta_color="inverse",
                       help=t("opt.fte_help", norms=norms))
        fee = fee_of_plan(plan)
        if budget and fee:  # the one fee figure (planner.costs.fee), as the summary and the proposal print it
            cols[1].metric(t("budget.total"), i18n.fmt_money(budget["total_yuan_per_year"], lg))
            cols[2].metric(t("budget.break_even_fee_yuan_per_m2_month"), f"{fee['break_even_fee']:.2f}",
                           help=fee_sentence(fee, "zh" if lg == "zh" else "en"))
            cols[3].metric(t("budget.balance"), i18n.fmt_money(fee["surplus_yuan_per_year"], lg),
                           delta=t("budget.fee_charged", fee=f"{fee['fee_charged']:.2f}"), delta_color="off",
                           delta_arrow="off")
            st.caption(fee_sentence(fee, "zh" if lg == "zh" else "en"))
        for note in plan.get("notes") or []:
            st.caption("• " + i18n.md(i18n.plan_note(note, lg, plan)))
        headroom_panel.show(record)
        tabs = st.tabs([t("opt.tab.staffing"), t("opt.tab.rosters"), t("opt.tab.evidence"), t("opt.tab.norms"),
                        t("opt.tab.budget"), t("opt.tab.search")])
        with tabs[0]:
            _staffing(plan)
        with tabs[1]:
            _rosters(plan)
        with tabs[2]:
            _evidence(plan, evidence)
        with tabs[3]:
            _norms(plan)
        with tabs[4]:
            _budget(plan)
        with tabs[5]:
            _search(record)
        st.download_button(t("opt.download_json"), json.dumps(plan, ensure_ascii=False, indent=2),
                           file_name=f"{views.file_stem(plan['scenario'])}_plan.json", mime="application/json", key="dl_plan_json",
                           icon=":material/download:")


def _staffing(plan: dict) -> None:
    lg = lang()
    left, right = st.columns([3, 2], gap="medium")
    with left:
        st.markdown(f"**{t('opt.headcount')}**")
        planned = i18n.people_by_role(plan["headcount"], "planned")
        norms = i18n.people_by_role(plan["headcount"], "rule_of_thumb")
        rows = [{t("opt.col.role"): i18n.role_label(role, lg), t("opt.col.planned"): planned[role],
                 t("opt.col.norms"): norms[role], t("opt.col.diff"): planned[role] - norms[role]}
                for role in sorted(plan["headcount"], key=i18n.role_order)]
        total = {t("opt.col.role"): t("opt.total"), t("opt.col.planned"): sum(planned.values()),
                 t("opt.col.norms"): sum(norms.values())}
        total[t("opt.col.diff")] = total[t("opt.col.planned")] - total[t("opt.col.norms")]
        st.dataframe(pd.DataFrame([*rows, total]), hide_index=True, width="stretch",
                     height=views.table_height(len(rows) + 1))
        st.caption(t("opt.headcount_note"))
    with right:
        st.altair_chart(charts.headcount_chart(plan["headcount"], lg), width="stretch")
    st.markdown(f"**{t('opt.shifts')}**")
    rows = []
    for line in plan["staffing"]:
        rows.append({t("staffing.col.kind"): t(f"group.{line['kind']}"),
                     t("staffing.col.group"): i18n.names.key_name(line["group"], lg),
                     t("opt.col.role"): i18n.role_label(line["role"], lg),
                     t("staffing.col.shift"): i18n.shift_label(line, lg),
                     t("staffing.col.start"): line["start"], t("staffing.col.length"): line["length_h"],
                     t("staffing.col.days"): t("staffing.daily") if len(line["days"]) == 7 else ",".join(
                         i18n.weekday(d, lg) for d in line["days"]),
                     t("opt.col.before"): line["people_before"], t("opt.col.after"): line["people"],
                     t("opt.col.copies"): line["copies"]})
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", height=views.table_height(len(rows)),
                 column_config={t("staffing.col.days"): st.column_config.TextColumn(width="medium")})


def _rosters(plan: dict) -> None:
    lg = lang()
    by_hour = staffing_by_hour(plan["staffing"])
    if by_hour:
        st.markdown(f"**{t('opt.by_hour')}**")
        st.caption(t("opt.by_hour_caption"))
        rows = [{t("staffing.col.group"): i18n.names.key_name(group, lg),
                 t("opt.by_hour.days"): views.days_words(days, lg),
                 **{f"{hour:02d}": people for hour, people in enumerate(cover)}}
                for (_, group), patterns in by_hour.items() for days, cover in patterns]
        # all 24 hours in view at once: who is on at the peak and at night, side by side
        config = {t("staffing.col.group"): st.column_config.TextColumn(width=110, pinned=True),
                  t("opt.by_hour.days"): st.column_config.TextColumn(width=80),
                  **{f"{hour:02d}": st.column_config.NumberColumn(width=32, format="%d") for hour in range(24)}}
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", height=views.table_height(len(rows)),
                     key="on_duty_by_hour", column_config=config)
    rotas = plan.get("rota") or []
    if rotas:
        st.markdown(f"**{t('opt.rota')}**")
        labels = [i18n.names.key_name(r["group"], lg) for r in rotas]
        chosen = st.selectbox(t("opt.rota_group"), range(len(rotas)), format_func=lambda i: labels[i],
                              key=views.lkey("rota_group"))
        st.dataframe(views.rota_frame(rotas[chosen], lg), hide_index=True, width="stretch",
                     height=views.table_height(len(rotas[chosen]["grid"])))
        st.caption(t("opt.rota_caption", month=rotas[chosen]["dates"][0][:7]))
    analytic = plan.get("analytic_start") or {}
    if not analytic:
        st.info(t("opt.no_analytic"))
        return
    st.caption(t("opt.analytic_caption"))
    for pool, report in analytic.items():
        st.markdown(f"**{i18n.names.key_name(pool, lg)}** — " + t("opt.analytic_line", lp=report.get("lp_bound"),
                                                                   integer=report.get("integer_cost"), gap=report.get("gap")))
        table, covered = roster_table(report, lg)
        if table is not None:
            st.dataframe(table, hide_index=True, width="stretch", height=views.table_height(len(table)))
        if covered is not None:
            st.caption(t("opt.analytic_covered" if covered else "opt.analytic_short"))


def roster_table(report: dict, lg: str) -> tuple[pd.DataFrame | None, bool | None]:
    """The weekly shift plan of a pool's analytic start (its ``roster_table``: a row per shift
    with its people each weekday and the week, planner.rostering.covering) as a table in words,
    and whether it covers the requirement in every interval (None: not known)."""
    days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    rows = []
    table = report.get("roster_table") or []
    by_times = i18n.shift_names_by_times(table)
    for row in table:
        label = i18n.shift_label(row, lg, by_times) if "start" in row else \
            {"shifts": t("opt.roster.shifts"), "paid hours": t("opt.roster.paid_hours")}.get(row["shift"], row["shift"])
        rows.append({t("staffing.col.shift"): label,
                     **{i18n.weekday(d, lg): f"{round(v, 2):g}" for d, v in zip(days, row["days"])},
                     t("opt.roster.week"): f"{round(row['week'], 2):g}"})
    return (pd.DataFrame(rows) if rows else None), report.get("covers_requirement")


def _evidence(plan: dict, evidence: pd.DataFrame) -> None:
    st.caption(t("opt.evidence_caption", reps=plan["evidence"]["replications"], days=plan["evidence"]["horizon_days"]))
    rot = Verdicts.of_plan(plan, rule_of_thumb=True)
    norms_status = {(c.key.stream, c.key.metric, c.key.group): c.verdict.value for c in rot.commitments}
    from planner.search.sequential import level_said

    level = float(plan["evidence"].get("interval_level", 0.95))
    if level > 0.95:
        st.caption(t("opt.evidence_looks", level=level_said(level)))
    display = views.kpi_display(evidence, extra={t("kpi.col.norms_status"): norms_status}, interval_level=level)
    st.dataframe(views.styled(display), hide_index=True, width="stretch", height=views.table_height(len(display), 800))
    if plan.get("rule_of_thumb_evidence"):  # the rule of thumb's own count, said as the plan's is
        st.caption(t("opt.norms_met", summary=views.verdict_text(rot.over(Verdicts.of_plan(plan)))))
    if plan.get("set_aside"):
        st.warning(t("opt.set_aside", targets=i18n.target_list(plan_kpis(plan, plan["set_aside"]), lang())),
                   icon=":material/warning:")


def _norms(plan: dict) -> None:
    lg = lang()
    rot = plan.get("rule_of_thumb") or {}
    rows = [{t("opt.col.role"): i18n.role_label(r["role"], lg),
             t("opt.col.basis"): r["basis_zh"] if lg == "zh" else r["basis_en"],
             t("opt.col.headcount"): r["headcount_rounded"]} for r in rot.get("rows", [])]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", height=views.table_height(len(rows)))
    if rot:
        st.caption(t("opt.norms_caption", grade=rot.get("grade"), total=rot.get("total_rounded"),
                     density=rot.get("m2_per_employee")))


def _budget(plan: dict) -> None:
    lg = lang()
    budget, norms_budget = plan.get("budget"), plan.get("rule_of_thumb_budget")
    if not budget:
        st.info(t("budget.none"))
        return
    summary_rows = []
    for key, kind in (("headcount", "num"), ("total_yuan_per_year", "money"), ("cost_yuan_per_year", "money"),
                      ("labour_share_of_cost", "pct"), ("per_m2_month", "fee"), ("break_even_fee_yuan_per_m2_month", "fee"),
                      ("fee_yuan_per_m2_month", "fee"), ("income_yuan_per_year", "money"), ("surplus_yuan_per_year", "money"),
                      ("margin_at_fee_yuan_per_year", "money")):
        row = {t("budget.col.item"): t("budget.per_m2_month_row" if key == "per_m2_month" else f"budget.{key}")}
        for column, b in ((t("opt.col.planned"), budget), (t("opt.col.norms"), norms_budget)):
            value = (b or {}).get(key)
            row[column] = "—" if value is None else (f"{i18n.whole_people(value)}" if key == "headcount"
                                                      else i18n.fmt_kind(value, kind, lg))
        summary_rows.append(row)
    left, right = st.columns([1, 1], gap="medium")
    with left:
        st.markdown(f"**{t('budget.summary')}**")
        st.dataframe(pd.DataFrame(summary_rows), hide_index=True, width="stretch",
                     height=views.table_height(len(summary_rows)))
    with right:
        st.altair_chart(charts.budget_chart(budget, norms_budget, lg), width="stretch")
    st.markdown(f"**{t('budget.lines')}**")
    lines = pd.DataFrame(budget["lines"])
    area = budget["floor_area_m2"] * 12
    table = pd.DataFrame({
        t("budget.col.category"): [i18n.category_label(c, lg) for c in lines["category"]],
        t("budget.col.item"): budget_labels(plan, lg),
        t("budget.col.basis"): budget_bases(plan, lg),
        t("budget.col.yuan_year"): lines["yuan_per_year"].round(0),
        t("budget.col.per_m2_month"): (lines["yuan_per_year"] / area).round(3),
    })
    st.dataframe(table, hide_index=True, width="stretch", height=360, column_config={
        t("budget.col.yuan_year"): st.column_config.NumberColumn(format="localized"),
        t("budget.col.per_m2_month"): st.column_config.NumberColumn(format="%.3f")})
    contract = plan.get("contract_plan")
    if contract and contract.get("years"):
        st.markdown(f"**{t('budget.contract')}**")
        rows = [{t("budget.col.year"): y.get("year"),
                 t("budget.total_yuan_per_year"): i18n.fmt_money(y.get("total_yuan_per_year"), lg),
                 t("budget.per_m2_month"): f"{y.get('per_m2_month', 0):.2f}",
                 t("budget.surplus_yuan_per_year"): i18n.fmt_money(y.get("surplus_yuan_per_year"), lg)}
                for y in contract["years"]]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")


def _search(record: runs.PlanRecord) -> None:
    plan = record.plan
    lg = lang()
    st.caption(t("opt.search_caption", evals=plan["search"]["evaluations"], secs=plan["search"]["seconds"]))
    steps = plan["search"].get("steps") or []
    if steps:
        st.dataframe(pd.DataFrame([{t("opt.col.step"): i + 1, t("opt.col.action"): i18n.action_label(s["action"], lg),
                                    t("opt.col.lever"): i18n.step_words(plan, s, lg)}
                                   for i, s in enumerate(steps)]), hide_index=True, width="stretch")
    with st.expander(t("opt.log")):
        st.code("\n".join(i18n.progress_message(m, lg) for m in record.messages) or "—", language=None)


render()
flow.next_step("optimise")
