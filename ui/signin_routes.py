"""Sign-in and sign-out as two small HTTP routes beside Streamlit's own (Streamlit 1.67 serves
``st.App`` on Starlette; serve.py mounts these): an HTTP response is the only way a server sets
a cookie the page's scripts cannot read (HttpOnly), which Streamlit's websocket cannot do.

* ``POST /_planner/signin`` (the sign-in form's fields ``login``, ``password``, ``ui_lang``,
  ``scenario``): ``sim.library.signin.sign_in`` for the client's address; on success the signed
  session token is set as the cookie ``planner_session`` (HttpOnly, SameSite=Strict, Path=/,
  Max-Age the session's 12 hours, Secure under HTTPS) and the browser is sent back to the app
  (303); on a refusal it is sent back with ``?signin=refused`` or ``?signin=throttled&wait=N``
  (minutes), which the form words; the password never travels in an address.
* ``POST /_planner/signout``: the cookie's session is ended in the library and the cookie
  cleared.

A POST whose Origin (or Referer) is another site is refused (403): no other page can sign a
browser in or out."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse
from starlette.routing import Route

COOKIE = "planner_session"
SIGNIN_PATH = "/_planner/signin"
SIGNOUT_PATH = "/_planner/signout"
#: Largest sign-in form body read (a login and a password of at most 1,024 characters).
MAX_FORM_BYTES = 16_384
_ID = re.compile(r"^[0-9a-f]{32}$")
#: Whether this server serves the routes (serve.py sets it): ``streamlit run app.py`` does not.
SERVED = False


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin") or request.headers.get("referer")
    if not origin or origin == "null":
        return False
    return urlsplit(origin).netloc == request.headers.get("host")


async def _form(request: Request) -> dict[str, str]:
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            return {}
    fields = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
    return {key: values[0] for key, values in fields.items() if values}


def _back(form: dict[str, str], **query: str) -> str:
    """The app's address to return to: its language and scenario kept, the outcome added."""
    kept = {}
    if form.get("ui_lang") in ("zh", "en"):
        kept["lang"] = form["ui_lang"]
    if _ID.match(form.get("scenario") or ""):
        kept["scenario"] = form["scenario"]
    kept.update(query)
    return "/" + (f"?{urlencode(kept)}" if kept else "")


async def sign_in_route(request: Request):
    from sim.library.errors import SignInRefused, SignInThrottled
    from sim.library.signin import SESSION_LIFETIME, sign_in
    from ui.session import library

    if not _same_origin(request):
        return PlainTextResponse("refused: sign in from the app's own page", status_code=403)
    form = await _form(request)
    client = request.client.host if request.client else "unknown"
    try:
        token, _ = await run_in_threadpool(sign_in, library(), form.get("login", ""), form.get("password", ""), client)
    except SignInThrottled as exc:
        minutes = max(1, -(-exc.wait_s // 60))
        return RedirectResponse(_back(form, signin="throttled", wait=str(minutes)), status_code=303)
    except SignInRefused:
        return RedirectResponse(_back(form, signin="refused"), status_code=303)
    response = RedirectResponse(_back(form), status_code=303)
    response.set_cookie(COOKIE, token, max_age=int(SESSION_LIFETIME.total_seconds()), path="/", httponly=True,
                        samesite="strict", secure=request.url.scheme == "https")
    return response


async def sign_out_route(request: Request):
    from sim.library.signin import sign_out
    from ui.session import library

    if not _same_origin(request):
        return PlainTextResponse("refused: sign out from the app's own page", status_code=403)
    form = await _form(request)
    await run_in_threadpool(sign_out, library(), request.cookies.get(COOKIE))
    response = RedirectResponse(_back({"ui_lang": form.get("ui_lang", "")}, signin="ended"), status_code=303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return response


ROUTES = [Route(SIGNIN_PATH, sign_in_route, methods=["POST"]), Route(SIGNOUT_PATH, sign_out_route, methods=["POST"])]
