"""The team's library behind the app's pages (issue 36, docs/library.md): who is using the app,
the scenario of the browser session as the library keeps it, drafts kept after every valid edit,
and plans kept with the version they came from.

* **Who.** ``sim.library.signin.current_account`` on the session cookie (``COOKIE``, set HttpOnly
  by ui.signin_routes, read here from the request through ``st.context.cookies``): the local
  workspace when the server listens on loopback only and no team database is set, else the
  signed-in account, or None (the app then shows only the sign-in form). Checked on every run,
  so a session signed out in another tab ends at its next click.
* **Where the planner left off.** The session's scenario is linked to a library scenario (its id,
  the version it was edited from): the address carries ``?scenario=<id>``, so a reload or a
  restart opens it again (its draft, else its latest version); an address without one opens the
  account's newest draft. ``?scenario=new`` opens the default template. Every id is looked up
  through the account's workspace only: another organisation's id is refused like a missing one.
* **Drafts.** After every run whose scenario is valid and whose YAML text changed, the text is
  kept as the account's draft. A template or upload enters the library at its first edit (its
  text as loaded is version 1).
* **Plans.** A plan is kept with the version it was made from: the scenario planned is first saved
  as a version when it differs from its base (kept with the base, and said so, when that save is
  stale); the proposal files exported from it are kept with it. Opening a version puts its newest
  kept plan back in the app's plan store, so the Optimise and Export pages show it.
"""

from __future__ import annotations

import functools
import json
import os
import re
from typing import Any

import streamlit as st

from sim.library.database import DATABASE_ENV, database_url
from sim.library.errors import LibraryError, NotFound, SessionInvalid, StaleVersion
from sim.library.store import AccountInfo, Library, Workspace
from sim.scenario.errors import ScenarioError
from ui import i18n, runs, state, views
from ui.views import t

#: The session cookie (HttpOnly, SameSite=Strict, set and cleared by ui.signin_routes).
COOKIE = "planner_session"
#: session_state: the library scenario of the session: id, name, base version, the text last kept.
LINK = "lib_link"
#: session_state: kept plans of this session, by the app's plan key: (scenario id, version, plan id).
KEPT = "lib_kept_plans"
_ID = re.compile(r"^[0-9a-f]{32}$")


@functools.lru_cache(maxsize=4)
def _open(url: str) -> Library:
    from sim.library.store import open_library

    return open_library(url)


def library() -> Library:
    """The library of ``PLANNER_DATABASE_URL`` (else the local file), opened once per process."""
    return _open(database_url())


def server_address() -> str | None:
    """The address the server listens on. Streamlit's AppTest runs the app with no server at
    all (nothing listens): that counts as this machine only."""
    from unittest.mock import Mock

    from streamlit import runtime

    try:  # AppTest stands a mock in for the runtime and its server
        served = not isinstance(runtime.get_instance(), Mock)
    except RuntimeError:
        served = False
    return st.get_option("server.address") if served else "localhost"


def sign_in_required() -> bool:
    from sim.library.signin import sign_in_required as required

    return required(server_address(), os.environ.get(DATABASE_ENV))


def resolve_account() -> AccountInfo | None:
    """Who is using the app on this run (kept for the pages), None when a sign-in is needed."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    from sim.library.signin import current_account

    if get_script_run_ctx() is None:  # app.py run as a pool worker's __mp_main__: nobody is using it
        return None
    try:
        found = current_account(library(), st.context.cookies.get(COOKIE), server_address(), os.environ.get(DATABASE_ENV))
    except SessionInvalid:
        found = None
    st.session_state["_account"] = found
    return found


def account() -> AccountInfo | None:
    return st.session_state.get("_account")


def workspace() -> Workspace | None:
    found = account()
    return library().workspace(found) if found is not None else None


def organisation_name() -> str:
    """The account's organisation for people: the local workspace is named in words."""
    found = account()
    if found is None:
        return ""
    return found.organisation if sign_in_required() else t("lib.local_workspace")


def can_edit() -> bool:
    found = account()
    return found is not None and found.role != "viewer"


def link() -> dict | None:
    return st.session_state.get(LINK)


def note(kind: str, text: str) -> None:
    """A message for the next run's banner (kind: error, warning, info, success)."""
    st.session_state.setdefault("lib_notes", []).append((kind, text))


def show_notes(where: Any) -> None:
    for kind, text in st.session_state.pop("lib_notes", []):
        getattr(where, kind)(text, icon=":material/inventory_2:")


# --------------------------------------------------------------------------- opening


def open_where_left_off() -> None:
    """Once per browser session: the scenario the address names, else the account's newest draft."""
    if st.session_state.get("lib_opened"):
        return
    ws = workspace()
    if ws is None:
        return
    st.session_state["lib_opened"] = True
    wanted = st.query_params.get("scenario")
    if wanted == "new":
        del st.query_params["scenario"]
        return
    if wanted:
        try:
            open_scenario(ws, wanted)
        except LibraryError as exc:  # another organisation's id is "not found", like a missing one
            del st.query_params["scenario"]
            note("error", exc.text(views.lang()))
        return
    newest = None
    for info in ws.scenarios():
        draft = ws.draft(info.id)
        if draft is not None and (newest is None or draft.saved_at > newest.saved_at):
            newest = draft
    if newest is not None:
        open_scenario(ws, newest.scenario_id)


def open_scenario(ws: Workspace, scenario_id: str, number: int | None = None) -> None:
    """Open a library scenario in the session: its version ``number``, else the account's draft
    of it, else its latest version; its newest kept plan goes back in the plan store."""
    if not isinstance(scenario_id, str) or not _ID.match(scenario_id):
        raise NotFound("scenario", "方案")
    info = ws.scenario(scenario_id)
    draft = ws.draft(scenario_id) if number is None else None
    if draft is not None:
        text, base = draft.yaml_text, draft.base
    else:
        version = ws.version(scenario_id, number)
        text, base = version.yaml_text, version.number
    try:
        data = state.parse_upload(f"{views.file_stem(info.name)}.yaml", text.encode("utf-8"))
    except ScenarioError as exc:  # kept before a schema change it no longer meets: named, not opened
        views.show_issues(exc.issues)
        return
    views.replace_scenario(data, ("library", info.name))
    st.session_state[LINK] = {"id": info.id, "name": info.name, "base": base, "text": state.yaml_text(data),
                              "draft": draft is not None}
    st.query_params["scenario"] = info.id
    if base is not None:
        _restore_plan(ws, info.id, base)


def _restore_plan(ws: Workspace, scenario_id: str, number: int) -> None:
    """The newest plan kept with version ``number`` back in the app's plan store, under the key the
    pages look it up by (the version's scenario and the plan's mode), and the newest portfolio run
    back on the Portfolio page."""
    version = ws.version(scenario_id, number)
    scenario, issues = state.validate_data(state.parse_upload("scenario.yaml", version.yaml_text.encode("utf-8")))
    if scenario is None or issues:
        return
    _restore_portfolio(ws, scenario_id, number, scenario)
    plans = [p for p in ws.plans(scenario_id, number) if p.kind == "plan"]
    if not plans:
        return
    plan = json.loads(plans[0].json_text)
    if plan.get("mode") not in ("quick", "full"):
        return
    settings = runs.plan_settings(scenario, plan["mode"])
    key = runs.plan_key(scenario, settings)
    if runs.find_plan(key) is None:
        runs.plan_store().put(key, runs.PlanRecord(key, plan, settings, scenario.name, 0.0, []))
    st.session_state["plan_key"] = key
    st.session_state.setdefault(KEPT, {})[key] = (scenario_id, number, plans[0].id)


def keep_address() -> None:
    """The address names the session's library scenario (a page switch drops the query)."""
    found = link()
    if found is not None and st.query_params.get("scenario") != found["id"]:
        st.query_params["scenario"] = found["id"]


# --------------------------------------------------------------------------- drafts


def _free_name(ws: Workspace, wanted: str) -> str:
    taken = {s.name for s in ws.scenarios()}
    wanted = (wanted or "scenario").strip()[:90]
    if wanted not in taken:
        return wanted
    return next(f"{wanted} ({n})" for n in range(2, 10_000) if f"{wanted} ({n})" not in taken)


def _loaded_title(data: dict) -> str:
    kind, name = st.session_state.get("source", ("template", state.DEFAULT_TEMPLATE))
    if kind == "template":
        label = i18n.template_label(name, views.lang()).split(" · ")[0]
        return label.split("：")[0].split(": ")[0]  # the site's name, without the template's description
    return views.scenario_title(data, views.lang()) or str(name).rsplit(".", 1)[0]


def enter_library(ws: Workspace, data: dict, text: str, name: str | None = None, message: str | None = None) -> dict:
    """The session's scenario as a new library scenario, ``text`` its version 1."""
    version = ws.create_scenario(_free_name(ws, name or _loaded_title(data)), text,
                                 message if message is not None else t("lib.msg.first"))
    found = {"id": version.scenario_id, "name": version.scenario, "base": 1, "text": text, "draft": False}
    st.session_state[LINK] = found
    st.query_params["scenario"] = found["id"]
    return found


def keep_draft(data: dict, issues: list) -> None:
    """After a run: a valid scenario whose text changed is kept as the account's draft (a
    template or upload as loaded is not kept until it is edited)."""
    if issues or not can_edit():
        return
    ws, found = workspace(), link()
    text = state.yaml_text(data)
    if found is not None and found["text"] == text:
        return
    try:
        if found is None:
            if not views.unsaved_edits():
                return
            loaded = state.yaml_text(json.loads(st.session_state["source_json"]))
            found = enter_library(ws, data, loaded)
        ws.save_draft(found["id"], text, found["base"])
        found.update(text=text, draft=True)
    except (LibraryError, ScenarioError) as exc:
        st.session_state[LINK] = found
        note("warning", t("lib.draft_failed", error=i18n.md(_error_text(exc))))


def _error_text(exc: Exception) -> str:
    if isinstance(exc, LibraryError):
        return exc.text(views.lang())
    if isinstance(exc, ScenarioError):
        return "；".join(i18n.describe_issue(i, views.lang()) for i in exc.issues[:3])
    return str(exc)


def save_version(message: str) -> str | None:
    """The session's scenario saved as the next version of its library scenario (entered first
    when it is not there yet). None when saved; else the refusal in words (a stale save names the
    latest version, the text is kept as the draft)."""
    ws, found, data = workspace(), link(), views.data()
    text = state.yaml_text(data)
    try:
        if found is None:
            enter_library(ws, data, text, message=message)
            return None
        saved = ws.save_version(found["id"], text, found["base"], message)
    except (LibraryError, ScenarioError) as exc:
        if isinstance(exc, StaleVersion):
            found.update(text=text, draft=True)
        return _error_text(exc)
    found.update(base=saved.number, text=text, draft=False)
    return None


# --------------------------------------------------------------------------- plans


def keep_plan(record: runs.PlanRecord, files: dict[str, bytes] | None = None) -> None:
    """Keep ``record`` (and its proposal ``files``) with the version it came from; a note says
    where it was kept or why it was not. A plan kept already is kept again (with the same version)
    when files come with it, or when it changed since (a headroom laid into it on the Optimise page),
    so reopening the version shows what the page showed."""
    if not can_edit():
        return
    ws, kept = workspace(), st.session_state.setdefault(KEPT, {})
    text = json.dumps(record.plan, ensure_ascii=False)
    try:
        if record.key in kept and files is None and ws.plan(kept[record.key][2]).json_text == text:
            return
        if record.key in kept:
            scenario_id, number, _ = kept[record.key]
        elif _of_screen(record):
            scenario_id, number = _version_for_plan(ws)
        else:  # a plan of an earlier scenario (the Export page says so): no version of it to keep it with
            return
        plan = ws.save_plan(scenario_id, number, text, "plan", files or {})
        kept[record.key] = (scenario_id, number, plan.id)
    except (LibraryError, ScenarioError) as exc:
        note("warning", t("lib.plan_failed", error=i18n.md(_error_text(exc))))


def _of_screen(record: runs.PlanRecord) -> bool:
    """Whether ``record`` is a plan of the scenario on screen (up to the bid's texts)."""
    _, scenario, _ = views.current()
    return scenario is not None and runs.plan_key(scenario, runs.plan_settings(scenario, record.settings.mode)) == record.key


def keep_portfolio(data: dict) -> None:
    """Keep a portfolio run of the scenario on screen (portfolio.json's dict) with the version it
    came from, as :func:`keep_plan` keeps a plan; a note says why it was not kept."""
    if not can_edit():
        return
    ws = workspace()
    try:
        scenario_id, number = _version_for_plan(ws)
        ws.save_plan(scenario_id, number, json.dumps(data, ensure_ascii=False), "portfolio", {})
    except (LibraryError, ScenarioError) as exc:
        note("warning", t("lib.plan_failed", error=i18n.md(_error_text(exc))))


def _restore_portfolio(ws: Workspace, scenario_id: str, number: int, scenario) -> None:
    """The newest portfolio run kept with version ``number`` back on the Portfolio page, under
    the key of its own settings and allocation basis."""
    kept = [p for p in ws.plans(scenario_id, number) if p.kind == "portfolio"]
    if not kept:
        return
    data = json.loads(kept[0].json_text)
    try:
        key = runs.key_of(scenario, data["settings"], data["allocation"]["basis"])
    except (KeyError, TypeError):
        return
    st.session_state["last_portfolio"] = {"key": key, "data": data}


def _version_for_plan(ws: Workspace) -> tuple[str, int]:
    """The version a plan (or a portfolio run) just made of the session's scenario is kept with:
    the scenario saved as a version first when it differs from its base."""
    data = views.data()
    text = state.yaml_text(data)
    found = link()
    if found is None:
        found = enter_library(ws, data, text)
        return found["id"], 1
    base = found["base"]
    if base is not None and ws.version(found["id"], base).yaml_text == text:
        return found["id"], base
    try:
        saved = ws.save_version(found["id"], text, base, t("lib.msg.for_plan"))
    except StaleVersion as exc:
        found.update(text=text, draft=True)
        note("warning", t("lib.plan_on_base", base=base, latest=exc.current))
        return found["id"], base
    found.update(base=saved.number, text=text, draft=False)
    note("info", t("lib.plan_saved_version", n=saved.number))
    return found["id"], saved.number


def kept_files(record: runs.PlanRecord) -> list[tuple[str, str]]:
    """(plan id, file name) of the proposal files kept with ``record``'s plan, the newest export."""
    kept = st.session_state.get(KEPT, {}).get(record.key)
    ws = workspace()
    if kept is None or ws is None:
        return []
    scenario_id, number, _ = kept
    text = json.dumps(record.plan, ensure_ascii=False)
    for plan in ws.plans(scenario_id, number):
        if plan.files and plan.json_text == text:
            return [(plan.id, name) for name in plan.files]
    return []


def kept_downloads(record: runs.PlanRecord) -> None:
    """Download buttons of the proposal files kept with ``record``'s plan (after a reload)."""
    found = kept_files(record)
    if not found:
        return
    ws = workspace()
    with st.container(key="kept_downloads"):
        st.markdown(f"**{t('lib.kept_files')}**")
        cols = st.columns(len(found))
        for col, (plan_id, name) in zip(cols, found):
            with col:
                st.download_button(name, ws.plan_file(plan_id, name), file_name=name, key=f"dl_kept_{name}",
                                   icon=":material/download:", on_click="ignore")
