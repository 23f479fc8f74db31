"""The scenario page's records panel: upload a site's exports, see the fitted demand with its
intervals and counts and what was skipped, check it by simulation, and use it (ui/records.py
does the work)."""

from __future__ import annotations

import streamlit as st

from sim.records.check import check_fit
from sim.records.reading import KINDS
from ui import i18n, records, state, views
from ui.views import lang, t


def render() -> None:
    lg = lang()
    d = views.data()
    sites = [name for name, site in (d.get("sites") or {}).items() if isinstance(site, dict)]
    with st.expander(t("records.heading"), icon=":material/upload_file:"), st.container(key="records_panel"):
        st.caption(t("records.caption"))
        files = st.file_uploader(t("records.upload"), type=["csv", "xlsx"], accept_multiple_files=True,
                                 key="records_upload", help=t("records.upload_help")) or []
        kinds = []
        for index, f in enumerate(files):
            default = records.guess_kind(f.name)
            kinds.append(st.selectbox(t("records.kind_of", name=f.name), KINDS, index=KINDS.index(default),
                                      format_func=lambda k, lg=lg: i18n.t(f"records.kind.{k}", lg),
                                      key=f"records_kind_{index}_{f.file_id}_{lg}"))
        mapping = st.text_area(t("records.mapping"), key="records_mapping", help=t("records.mapping_help", fields=records.mapping_fields_text(lg)), height=80)
        site = sites[0] if sites else ""
        if len(sites) > 1:
            site = st.selectbox(t("records.site"), sites, key=f"records_site_{lg}")
        if st.button(t("records.fit"), key="records_fit", disabled=not files or not sites, icon=":material/query_stats:"):
            outcome = records.fit_uploads([(f.name, f.getvalue(), k) for f, k in zip(files, kinds)], mapping, d, site)
            st.session_state["records_outcome"] = outcome
            st.session_state.pop("records_check", None)
        outcome: records.FitOutcome | None = st.session_state.get("records_outcome")
        if outcome is None:
            return
        if not outcome.ok:
            st.error("\n".join(f"- {i18n.md(records.problem_text(e, lg))}" for e in outcome.errors[:20]), icon=":material/block:")
            return
        fit = outcome.fit
        st.success(t("records.fitted", n=len(fit.estimates), start=fit.period[0].isoformat(), end=fit.period[1].isoformat()),
                   icon=":material/check_circle:")
        st.dataframe(records.skipped_frame(outcome.record_sets, lg), hide_index=True, width="stretch")
        st.dataframe(records.estimates_frame(fit, lg), hide_index=True, width="stretch")
        left, right = st.columns(2)
        if left.button(t("records.check"), key="records_check_button", icon=":material/fact_check:"):
            fitted, issues = state.validate_data(records.apply_fit(d, fit))
            if fitted is not None:
                with st.spinner(t("records.checking")):
                    st.session_state["records_check"] = check_fit(fitted, outcome.record_sets, replications=3, level=0.99)
            else:
                views.show_issues(issues)
        if right.button(t("records.use"), key="records_use", icon=":material/input:"):
            names = ", ".join(rs.path for rs in outcome.record_sets)
            views.replace_scenario(records.apply_fit(d, fit), ("records", names))
            st.session_state["records_used"] = True
            st.rerun()
        if st.session_state.pop("records_used", False):
            st.success(t("records.used"))
        check = st.session_state.get("records_check")
        if check is not None:
            st.caption(t("records.check_caption"))
            st.dataframe(records.check_frame(check, lg), hide_index=True, width="stretch")
            if len(check.by_hour):
                hours = check.by_hour.set_index("hour")[["observed", "simulated"]]
                hours.columns = [t("records.col.observed"), t("records.col.simulated")]
                hours.index.name = t("records.col.hour")
                st.line_chart(hours)
            st.caption(records.staffing_caption(check, lg))
            staffing = records.staffing_frame(check, lg)
            if len(staffing):
                st.dataframe(staffing, hide_index=True, width="stretch")
            work = records.work_times_frame(check, lg)
            if len(work):
                st.caption(t("records.work_times"))
                st.dataframe(work, hide_index=True, width="stretch")
