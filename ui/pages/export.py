"""Export page: the proposal chapters (staffing plan and cost estimate) of the latest plan as
Word, Excel and PDF files, in Chinese or English (planner.proposal.export_proposal): the bid's own
details (bidder, project, overview, training plan, date, contact; the scenario's ``proposal``
section) edited here, and the edition chosen: the submission (only of a plan every commitment of
which the full verification shows met, planner.proposal.edition) or the internal review."""

from __future__ import annotations

import hashlib
import json

import streamlit as st

from planner.proposal.edition import submission_gaps
from sim.results.verdicts import Verdicts
from sim.scenario.field_names import FIELD_NAMES
from sim.scenario.proposal import ProposalText
from ui import flow, i18n, runs, session, state, views
from ui.views import lang, t

#: The editions as the page offers them: the submission first (the default export for a bid).
EDITIONS = ("submission", "internal")

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
        st.error(t("exp.unavailable", error=i18n.md(i18n.error_text(exc, lang()))), icon=":material/block:")
        return
    uploaded = _uploaded_plan()
    if uploaded is not None:
        plan, plan_id = uploaded
        st.markdown(t("exp.plan_file", name=i18n.md(i18n.names.key_name(plan["scenario"], lang())), model=t(f"model.{plan['operating_model']}")))
    else:
        _, scenario, _ = views.current()
        record = runs.latest_plan(scenario, st.session_state.get("plan_key"))
        if record is None:
            st.info(t("exp.no_plan"), icon=":material/info:")
            st.page_link("ui/pages/optimise.py", label=t("exp.go_optimise"), icon=":material/tune:")
            return
        st.session_state["plan_key"] = record.key
        if scenario is not None and not _plan_of(scenario, record):
            st.warning(t("exp.stale"), icon=":material/warning:")
        plan, plan_id = record.plan, record.key
        st.markdown(t("exp.plan", name=i18n.md(i18n.names.key_name(plan["scenario"], lang())), model=t(f"model.{plan['operating_model']}"),
                      mode=t(f"mode.short.{record.settings.mode}")))
    views.verdict_banner(Verdicts.of_plan(plan))  # the count the document prints (sim.results.verdicts)
    cols = st.columns(3)
    with cols[0]:
        default_lang = lg if lg in langs else langs[0]
        doc_lang = st.radio(t("exp.lang"), list(langs), index=list(langs).index(default_lang), horizontal=True,
                            format_func=lambda x: i18n.LANG_NAMES.get(x, x), key="export_lang")
    with cols[1]:
        edition = st.radio(t("exp.edition"), EDITIONS, horizontal=True, key="export_edition", help=t("exp.edition_help"),
                           format_func=lambda e, lg=lg: i18n.t(f"exp.edition.{e}", lg))
    with cols[2]:
        chosen = st.multiselect(t("exp.formats"), list(formats), default=list(formats), key="export_formats",
                                format_func=lambda f: t(f"exp.format.{f}") if f in MIME else f.upper())
    invalid = False
    if uploaded is None:
        _bid_details(doc_lang)
        _, scenario, _ = views.current()
        if scenario is not None:  # the bid's details as edited now: no simulation depends on them
            plan = {**plan, "scenario_parameters": {**plan["scenario_parameters"],
                                                    "proposal": scenario.proposal.model_dump(mode="json")}}
        else:  # a detail that is not allowed (a phone that is none): never the old details unsaid
            invalid = True
            st.error(t("sim.fix_first"), icon=":material/block:")
    else:
        st.caption(t("exp.bid.upload_note"))
    blocked = invalid or (edition == "submission" and _not_submittable(plan))
    texts = hashlib.sha256(json.dumps(plan["scenario_parameters"].get("proposal"), sort_keys=True).encode()).hexdigest()[:12]
    export_key = (plan_id, doc_lang, edition, texts, tuple(sorted(chosen)))
    files = st.session_state.get("exports", {}).get(export_key)
    if st.button(t("exp.run"), key="export_btn", type="primary", icon=":material/description:", disabled=not chosen or blocked):
        with st.spinner(t("exp.working")):
            try:
                files = runs.export_files(plan, tuple(chosen), doc_lang, edition)
            except runs.ExportUnavailable as exc:
                st.error(t("exp.unavailable", error=i18n.md(i18n.error_text(exc, lang()))), icon=":material/block:")
                return
            except Exception as exc:  # noqa: BLE001  (a failed export is a message, never a traceback)
                message = runs.export_error_message(exc)
                views.log_failure("export", message)
                st.error(t("exp.failed", error=i18n.md(i18n.error_text(exc, lang(), message))), icon=":material/block:")
                return
        st.session_state.setdefault("exports", {})[export_key] = files
        if uploaded is None:  # the proposal files kept with the plan in the library
            session.keep_plan(record, {name: content for name, content in files.values()})
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
    elif uploaded is None:
        session.kept_downloads(record)


def _plan_of(scenario, record) -> bool:
    """Whether ``record`` is the plan of ``scenario`` up to the bid's details (bidder, project...,
    the ``proposal`` section): those change the document, not the plan."""
    try:
        planned = ProposalText.model_validate(record.plan["scenario_parameters"].get("proposal") or {})
    except ValueError:
        return False
    return runs.plan_key(scenario.model_copy(update={"proposal": planned}), record.settings) == record.key


def _not_submittable(plan: dict) -> bool:
    """Say why ``plan`` cannot be exported as a submission and what to do (True), or nothing (False)."""
    gaps = submission_gaps(plan)
    if not gaps:
        return False
    lg = lang()
    _, scenario, _ = views.current()
    lines = [t("exp.not_submittable")]
    if gaps.preview:
        lines.append("- " + t("exp.gap.preview"))
    if gaps.unshown:
        items = ("、" if lg == "zh" else "; ").join(i18n.commitment_label(k, lg, scenario) for k in gaps.unshown)
        lines.append("- " + t("exp.gap.unshown", n=len(gaps.unshown), items=items))
    with st.container(key="export_not_submittable"):
        st.warning("\n".join(lines) + "\n\n" + t("exp.gap.internal"), icon=":material/block:")
    return True


def _bid_details(doc_lang: str) -> None:
    """The bid's own details in the document's language, written into the scenario's ``proposal``
    section as they are edited (so the scenario file downloaded carries them)."""
    d = views.data()
    if not isinstance(d.get("proposal"), dict):
        d["proposal"] = {}
    text = d["proposal"]
    lg = lang()

    def label(field: str) -> str:
        name = FIELD_NAMES[field][0 if lg == "zh" else 1]
        return name[:1].upper() + name[1:]

    def names_of(field: str) -> str:
        value = text.get(field)
        return str(value.get(doc_lang) or "") if isinstance(value, dict) else ""

    with st.expander(t("exp.bid.heading"), expanded=True), st.container(key="bid_details"):
        st.caption(t("exp.bid.caption", language=t(f"exp.bid.lang.{doc_lang}")))
        cols = st.columns(2)
        for col, field in zip(cols * 2, ("bidder", "project", "contact")):
            with col:
                key = views.wkey(f"bid_{field}_{doc_lang}")
                st.text_input(label(field), value=names_of(field), key=key, max_chars=500,
                              on_change=views.write_field, args=(key, ("proposal", field, doc_lang), str.strip))
        with cols[1]:
            key = views.wkey("bid_phone")
            st.text_input(label("phone"), value=str(text.get("phone") or ""), key=key, max_chars=40,
                          on_change=views.write_field, args=(key, ("proposal", "phone"), str.strip))
        with cols[0]:
            key = views.wkey("bid_prepared_on")
            # a text box: a date box's placeholder (yyyy-mm-dd) would be English on the Chinese page
            st.text_input(label("prepared_on"), value=str(text.get("prepared_on") or ""), key=key, max_chars=10,
                          placeholder=t("exp.bid.prepared_on_placeholder"), help=t("exp.bid.prepared_on_help"),
                          on_change=_write_date, args=(key,))
        key = views.wkey(f"bid_overview_{doc_lang}")
        st.text_area(label("overview"), value=names_of("overview"), key=key, height=110, max_chars=2000,
                     help=t("exp.bid.overview_help"),
                     on_change=views.write_field, args=(key, ("proposal", "overview", doc_lang), str.strip))
        st.markdown(t("exp.bid.training"))
        frame = state.training_frame(d, doc_lang)
        views.editor(f"training_{doc_lang}", frame, lambda data, edited: state.apply_training_frame(data, edited, doc_lang),
                     column_config={
                         "topic": st.column_config.TextColumn(t("exp.bid.col.topic"), width="large", max_chars=500),
                         "posts": st.column_config.TextColumn(t("exp.bid.col.posts"), disabled=True),
                         "hours": st.column_config.TextColumn(t("exp.bid.col.hours"), max_chars=12),
                         "when": st.column_config.TextColumn(t("exp.bid.col.when"), max_chars=500)})


def _write_date(widget_key: str) -> None:
    """on_change: the date of preparation into the scenario (a date that is none is named by the
    scenario's check); cleared, the export's day."""
    value = str(st.session_state.get(widget_key) or "").strip()
    text = views.data().setdefault("proposal", {})
    if value:
        text["prepared_on"] = value
    else:
        text.pop("prepared_on", None)


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
        st.error(t("exp.bad_plan", name=i18n.md(file.name), error=i18n.md(i18n.error_text(exc, lang()))), icon=":material/error:")
        return None
    return plan, "upload:" + hashlib.sha256(content).hexdigest()[:16]


render()
flow.next_step("export")
