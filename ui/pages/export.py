"""Export page: the proposal chapters (staffing plan and cost estimate) of the latest plan as
Word, Excel and PDF files, in Chinese or English (planner.proposal.export_proposal)."""

from __future__ import annotations

import hashlib

import streamlit as st

from sim.results.verdicts import Verdicts
from ui import flow, i18n, runs, views
from ui.views import lang, t

MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def render() -> None:
    st.title(t("exp.title"))
    st.caption(t("exp.caption"))
    lg = lang()
    try:
        formats, langs = runs.export_formats()
    except runs.ExportUnavailable as exc:
        st.error(t("exp.unavailable", error=i18n.error_text(exc, lang())), icon=":material/block:")
        return
    uploaded = _uploaded_plan()
    if uploaded is not None:
        plan, plan_id = uploaded
        st.markdown(t("exp.plan_file", name=i18n.names.key_name(plan["scenario"], lang()), model=t(f"model.{plan['operating_model']}")))
    else:
        _, scenario, _ = views.current()
        record = runs.latest_plan(scenario, st.session_state.get("plan_key"))
        if record is None:
            st.info(t("exp.no_plan"), icon=":material/info:")
            st.page_link("ui/pages/optimise.py", label=t("exp.go_optimise"), icon=":material/tune:")
            return
        st.session_state["plan_key"] = record.key
        if scenario is not None and runs.plan_key(scenario, record.settings) != record.key:
            st.warning(t("exp.stale"), icon=":material/warning:")
        plan, plan_id = record.plan, record.key
        st.markdown(t("exp.plan", name=i18n.names.key_name(plan["scenario"], lang()), model=t(f"model.{plan['operating_model']}"),
                      mode=t(f"mode.short.{record.settings.mode}")))
    views.verdict_banner(Verdicts.of_plan(plan))  # the count the document prints (sim.results.verdicts)
    cols = st.columns(2)
    with cols[0]:
        default_lang = lg if lg in langs else langs[0]
        doc_lang = st.radio(t("exp.lang"), list(langs), index=list(langs).index(default_lang), horizontal=True,
                            format_func=lambda x: i18n.LANG_NAMES.get(x, x), key="export_lang")
    with cols[1]:
        chosen = st.multiselect(t("exp.formats"), list(formats), default=list(formats), key="export_formats",
                                format_func=lambda f: t(f"exp.format.{f}") if f in MIME else f.upper())
    export_key = (plan_id, doc_lang, tuple(sorted(chosen)))
    files = st.session_state.get("exports", {}).get(export_key)
    if st.button(t("exp.run"), key="export_btn", type="primary", icon=":material/description:", disabled=not chosen):
        with st.spinner(t("exp.working")):
            try:
                files = runs.export_files(plan, tuple(chosen), doc_lang)
            except runs.ExportUnavailable as exc:
                st.error(t("exp.unavailable", error=i18n.error_text(exc, lang())), icon=":material/block:")
                return
            except Exception as exc:  # noqa: BLE001  (a failed export is a message, never a traceback)
                st.error(t("exp.failed", error=i18n.translate_message(runs.export_error_message(exc), lang())), icon=":material/block:")
                return
        st.session_state.setdefault("exports", {})[export_key] = files
    if files:
        with st.container(key="export_downloads"):
            st.success(t("exp.ready", n=len(files)), icon=":material/check_circle:")
            dl_cols = st.columns(max(len(files), 1))
            for col, (fmt, (name, content)) in zip(dl_cols, files.items()):
                with col:
                    st.download_button(t("exp.download", fmt=fmt.upper()), content, file_name=name,
                                       mime=MIME.get(fmt, "application/octet-stream"), key=f"dl_{fmt}", icon=":material/download:",
                                       on_click="ignore")
                    st.caption(f"{name} · {len(content) / 1024:,.0f} KB")


def _uploaded_plan() -> tuple[dict, str] | None:
    """A saved plan.json (e.g. the main job's out/plan/plan.json) to export instead of the app's
    latest plan: (plan, its id), or None. A file that is not a plan is a message, not a traceback."""
    file = st.file_uploader(t("exp.upload"), type=["json"], key="plan_upload", help=t("exp.upload_help"))
    if file is None:
        return None
    content = file.getvalue()
    try:
        plan = runs.read_plan(content)
    except ValueError as exc:
        st.error(t("exp.bad_plan", name=file.name, error=i18n.error_text(exc, lang())), icon=":material/error:")
        return None
    return plan, "upload:" + hashlib.sha256(content).hexdigest()[:16]


render()
flow.next_step("export")
