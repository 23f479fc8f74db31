"""Library page: the organisation's kept scenarios (ui.session, sim.library). Save the scenario
on screen as a new version with a message (a stale save is refused naming the latest version,
the text kept as the draft); every scenario's history (author, time, message); open any version;
the difference between two versions in words; restore an old version as a new one; two kept
plans side by side (people, cost, fee, verdicts, from their plan.json); the workspace as a zip
and back. Viewers see everything and save nothing (the buttons say why)."""

from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from planner.costs.fee import fee_of_plan
from sim.library.archive import export_zip, import_zip
from sim.library.errors import LibraryError
from sim.library.store import LOCAL_LOGIN, LOCAL_ORGANISATION
from sim.results.verdicts import Verdicts
from ui import i18n, names, session, views
from ui.library_text import beijing_time
from ui.views import lang, t


def render() -> None:
    st.title(t("lib.title"))
    ws, account = session.workspace(), session.account()
    st.caption(t("lib.caption", organisation=i18n.md(session.organisation_name()), role=t(f"lib.role.{account.role}")))
    editable = session.can_edit()
    reason = None if editable else t("lib.viewer_reason")
    if not editable:
        st.info(reason, icon=":material/visibility:")
    _current(editable, reason)
    scenarios = ws.scenarios()
    st.subheader(t("lib.scenarios"))
    if not scenarios:
        st.info(t("lib.empty"), icon=":material/info:")
    else:
        table = pd.DataFrame([{t("lib.col.name"): s.name, t("lib.col.latest"): s.latest,
                               t("lib.col.updated"): beijing_time(s.updated_at)} for s in scenarios])
        with st.container(key="lib_scenarios"):
            st.dataframe(table, hide_index=True, width="stretch", height=views.table_height(len(table), 360))
        _scenario(ws, scenarios, editable, reason)
    _archive(ws, editable, reason)


def _current(editable: bool, reason: str | None) -> None:
    """The scenario on screen: where it is kept, and saving it as a new version."""
    link = session.link()
    with st.container(border=True, key="lib_current"):
        if link is None:
            st.markdown(t("lib.current.none"))
        elif link.get("draft"):
            st.markdown(t("lib.current.draft", name=i18n.md(link["name"]), n=link["base"]))
        else:
            st.markdown(t("lib.current.version", name=i18n.md(link["name"]), n=link["base"]))
        _, scenario, issues = views.current()
        message = st.text_input(t("lib.message"), key="lib_message", max_chars=2000, disabled=not editable,
                                placeholder=t("lib.message_placeholder"))
        blocked = not editable or bool(issues)
        if st.button(t("lib.save") if link else t("lib.save_new"), key="lib_save_btn", type="primary", disabled=blocked,
                     help=reason or (t("sim.fix_first") if issues else None), icon=":material/save:"):
            refusal = session.save_version(message)
            if refusal:
                st.error(refusal, icon=":material/block:")
            else:
                st.success(t("lib.saved", n=session.link()["base"]), icon=":material/check_circle:")


def _scenario(ws, scenarios, editable: bool, reason: str | None) -> None:
    """One scenario: its history, opening and restoring a version, differences, plans."""
    link = session.link()
    ids = [s.id for s in scenarios]
    by_id = {s.id: s for s in scenarios}
    start = ids.index(link["id"]) if link and link["id"] in by_id else 0
    chosen = st.selectbox(t("lib.pick"), ids, index=start, format_func=lambda i: by_id[i].name, key="lib_pick")
    history = ws.history(chosen)
    numbers = [v.number for v in history]
    local = session.account().organisation == LOCAL_ORGANISATION  # its one author is this machine, not a login
    rows = [{t("lib.col.version"): v.number, t("lib.col.author"): t("lib.author.local") if local and v.author == LOCAL_LOGIN
             else v.author, t("lib.col.time"): beijing_time(v.created_at), t("lib.col.message"): v.message} for v in history]
    with st.container(key="lib_history"):
        st.markdown(f"**{t('lib.history')}**")
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", height=views.table_height(len(rows), 360))
    with st.container(horizontal=True, vertical_alignment="bottom", key="lib_version_controls"):
        number = st.selectbox(t("lib.version"), numbers, key=f"lib_version_{chosen}_{lang()}",
                              format_func=lambda n: t("lib.version_n", n=n))
        if st.button(t("lib.open"), key="lib_open_btn", icon=":material/file_open:"):
            session.open_scenario(ws, chosen, number)
            st.rerun()
        if st.button(t("lib.restore"), key="lib_restore_btn", disabled=not editable or number == numbers[0],
                     help=reason or t("lib.restore_help"), icon=":material/history:"):
            try:
                restored = ws.restore(chosen, number, t("lib.msg.restored", n=number))
            except LibraryError as exc:
                st.error(exc.text(lang()), icon=":material/block:")
            else:  # the restored version is now the one on screen
                session.open_scenario(ws, chosen, restored.number)
                session.note("success", t("lib.restored", old=number, n=restored.number))
                st.rerun()
    if len(numbers) >= 2:
        _difference(ws, chosen, numbers)
    _plans(ws, chosen)


def _difference(ws, scenario_id: str, numbers: list[int]) -> None:
    """The latest two versions by default (again after each new version or language switch, whose
    labels differ), any two on request."""
    st.markdown(f"**{t('lib.diff')}**")
    cols = st.columns(2)
    a = cols[0].selectbox(t("lib.diff.from"), numbers, index=1, key=f"lib_diff_a_{scenario_id}_{numbers[0]}_{lang()}",
                          format_func=lambda n: t("lib.version_n", n=n))
    b = cols[1].selectbox(t("lib.diff.to"), numbers, index=0, key=f"lib_diff_b_{scenario_id}_{numbers[0]}_{lang()}",
                          format_func=lambda n: t("lib.version_n", n=n))
    lines = ws.difference(scenario_id, a, b, lang(), names.path_words, names.key_name)
    with st.container(key="lib_diff"):
        if not lines:
            st.caption(t("lib.diff.same"))
        else:
            st.markdown("\n".join(f"- {i18n.md(line)}" for line in lines[:200]))
            if len(lines) > 200:
                st.caption(t("issues.more", n=len(lines) - 200))


def _plan_label(plan) -> str:
    data = json.loads(plan.json_text)
    mode = data.get("mode")
    shown = t(f"mode.short.{mode}") if mode in ("quick", "full") else ""
    label = "lib.plan_label.headroom" if data.get("headroom") else "lib.plan_label"  # found on the Optimise page
    return t(label, n=plan.version, time=beijing_time(plan.created_at), mode=shown)


def _plans(ws, scenario_id: str) -> None:
    """Two kept plans of the scenario side by side: people by role, cost, fee and verdicts."""
    plans = list({p.json_text: p for p in reversed(ws.plans(scenario_id)) if p.kind == "plan"}.values())[::-1]
    st.markdown(f"**{t('lib.plans')}**")
    if not plans:
        st.caption(t("lib.plans.none"))
        return
    by_id = {p.id: p for p in plans}
    ids = list(by_id)
    cols = st.columns(2)
    a = cols[0].selectbox(t("lib.plans.a"), ids, index=min(1, len(ids) - 1), key=f"lib_plan_a_{scenario_id}_{ids[0]}_{lang()}",
                          format_func=lambda i: _plan_label(by_id[i]))
    b = cols[1].selectbox(t("lib.plans.b"), ids, index=0, key=f"lib_plan_b_{scenario_id}_{ids[0]}_{lang()}",
                          format_func=lambda i: _plan_label(by_id[i]))
    table = plans_side_by_side(json.loads(by_id[a].json_text), json.loads(by_id[b].json_text),
                               t("lib.version_n", n=by_id[a].version), t("lib.version_n", n=by_id[b].version), lang())
    with st.container(key="lib_plans_table"):
        st.dataframe(table, hide_index=True, width="stretch", height=views.table_height(len(table)))


def plans_side_by_side(plan_a: dict, plan_b: dict, col_a: str, col_b: str, lg: str) -> pd.DataFrame:
    """Two plan.json texts' people by role, annual cost, fee and verdict count, as the Compare
    page words them (distinct headings when both plans are of the same version)."""
    if col_a == col_b:
        col_a, col_b = f"A · {col_a}", f"B · {col_b}"
    item = i18n.t("cmp.col.item", lg)
    people = [i18n.people_by_role({r: row["planned"] for r, row in p["headcount"].items()}) for p in (plan_a, plan_b)]
    rows = [{item: i18n.role_label(role, lg), col_a: f"{people[0].get(role, 0)}", col_b: f"{people[1].get(role, 0)}"}
            for role in sorted(set(people[0]) | set(people[1]), key=i18n.role_order)]
    rows.append({item: i18n.t("cmp.total_fte", lg), col_a: f"{sum(people[0].values())}", col_b: f"{sum(people[1].values())}"})
    budgets, fees = [p.get("budget") for p in (plan_a, plan_b)], [fee_of_plan(p) for p in (plan_a, plan_b)]
    for key, kind in (("total_yuan_per_year", "money"), ("per_m2_month", "fee")):
        rows.append({item: i18n.t(f"budget.{key}", lg), **{col: i18n.fmt_kind(b[key], kind, lg) if b else "—"
                                                         for col, b in zip((col_a, col_b), budgets)}})
    rows.append({item: i18n.t("budget.break_even_fee_yuan_per_m2_month", lg),
                 **{col: i18n.fmt_kind(f["break_even_fee"], "fee", lg) if f else "—" for col, f in zip((col_a, col_b), fees)}})
    verdicts = [Verdicts.of_plan(p) for p in (plan_a, plan_b)]
    rows.append({item: i18n.t("lib.plans.verdicts", lg),
                 **{col: i18n.t("lib.plans.met", lg, met=v.met, total=v.total) for col, v in zip((col_a, col_b), verdicts)}})
    return pd.DataFrame(rows)


def _archive(ws, editable: bool, reason: str | None) -> None:
    """The workspace as a zip, and a zip imported (all its scenarios or none)."""
    st.subheader(t("lib.archive"))
    cols = st.columns(2)
    with cols[0]:
        if st.button(t("lib.export"), key="lib_export_btn", icon=":material/archive:"):
            st.session_state["lib_zip"] = export_zip(ws)
        if st.session_state.get("lib_zip"):
            st.download_button(t("lib.export_download"), st.session_state["lib_zip"], file_name="library.zip",
                               mime="application/zip", key="lib_zip_dl", icon=":material/download:", on_click="ignore")
    with cols[1]:
        upload = st.file_uploader(t("lib.import"), type=["zip"], key="lib_import", disabled=not editable, help=reason)
        if st.button(t("lib.import_btn"), key="lib_import_btn", disabled=not editable or upload is None, help=reason,
                     icon=":material/unarchive:"):
            try:
                added = import_zip(ws, upload.getvalue())
            except LibraryError as exc:
                st.error(exc.text(lang()), icon=":material/block:")
            except Exception as exc:  # noqa: BLE001  (a scenario of the zip that does not validate: a message)
                st.error(t("lib.import_failed", error=i18n.md(i18n.error_text(exc, lang()))), icon=":material/block:")
            else:
                session.note("success", t("lib.imported", n=len(added)))
                st.rerun()


render()
