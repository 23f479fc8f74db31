"""The sign-in form, the only thing the app shows until a sign-in when one is required
(ui.session.sign_in_required), and the sign-out button. Both are plain HTML forms that post to
ui.signin_routes, which sets or clears the HttpOnly session cookie: the password goes to the
server once, over HTTP, never through Streamlit's websocket or the address bar. The outcome comes
back in the address (``?signin=refused``, ``throttled&wait=N``, ``ended``) and is worded here; a
wrong password and an unknown account read alike."""

from __future__ import annotations

from html import escape

import streamlit as st

from ui import i18n, session, views
from ui import signin_routes
from ui.signin_routes import SIGNIN_PATH, SIGNOUT_PATH
from ui.views import t

_CSS = """<style>
.planner-signin { max-width: 24rem; display: flex; flex-direction: column; gap: 0.6rem; }
.planner-signin label { font-size: 0.875rem; display: flex; flex-direction: column; gap: 0.25rem; }
.planner-signin input[type=text], .planner-signin input[type=password] {
  font: inherit; padding: 0.5rem 0.75rem; border: 1px solid rgba(49, 51, 63, 0.25); border-radius: 0.5rem; }
.planner-signin button, .planner-signout button { font: inherit; padding: 0.45rem 1rem; border-radius: 0.5rem;
  border: 1px solid rgba(49, 51, 63, 0.25); cursor: pointer; }
.planner-signin button { background: #ff4b4b; color: white; border-color: #ff4b4b; align-self: flex-start; }
.planner-signout button { background: white; }
</style>"""


def _hidden() -> str:
    """The language and the scenario asked for, carried through the sign-in and back."""
    fields = [("ui_lang", views.lang())]
    wanted = st.query_params.get("scenario")
    if wanted:
        fields.append(("scenario", wanted))
    return "".join(f'<input type="hidden" name="{name}" value="{escape(str(value))}">' for name, value in fields)


def render() -> None:
    """The sign-in form and the outcome of the last attempt."""
    st.title(t("signin.title"))
    st.caption(t("signin.caption"))
    outcome = st.query_params.get("signin")
    if outcome == "refused":
        st.error(t("signin.refused"), icon=":material/lock:")
    elif outcome == "throttled":
        wait = st.query_params.get("wait") or "15"
        st.error(t("signin.throttled", minutes=wait if wait.isdigit() else "15"), icon=":material/timer:")
    elif outcome == "ended":
        st.info(t("signin.ended"), icon=":material/logout:")
    if not signin_routes.SERVED:  # `streamlit run app.py` on a network address: nowhere to post the form
        st.error(t("signin.no_routes"), icon=":material/block:")
        return
    with st.container(key="signin_form"):
        st.html(_CSS + f"""<form class="planner-signin" method="post" action="{SIGNIN_PATH}">
  <label>{escape(t("signin.login"))}<input type="text" name="login" autocomplete="username" required maxlength="100"></label>
  <label>{escape(t("signin.password"))}<input type="password" name="password" autocomplete="current-password" required maxlength="1024"></label>
  {_hidden()}
  <button type="submit">{escape(t("signin.submit"))}</button>
</form>""")


def signed_in_box() -> None:
    """The sidebar's account line and, when people sign in here, the sign-out button."""
    found = session.account()
    if found is None:
        return
    with st.container(key="account_box"):
        if not session.sign_in_required():
            st.caption(t("signin.local"))
            return
        st.caption(t("signin.as", login=i18n.md(found.login), organisation=i18n.md(found.organisation),
                      role=t(f"lib.role.{found.role}")))
        st.html(_CSS + f"""<form class="planner-signout" method="post" action="{SIGNOUT_PATH}">
  <input type="hidden" name="ui_lang" value="{escape(views.lang())}">
  <button type="submit">{escape(t("signin.signout"))}</button></form>""")
