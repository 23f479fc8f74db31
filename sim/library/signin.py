"""Signing in: Argon2 password hashes (argon2-cffi, rehashed when its parameters change), sign-in
throttled after repeated failures, sessions whose id a signed token carries (the app's HttpOnly
cookie), and the rule of when sign-in is required.

Passwords are hashed by sim.library.passwords. Throttling: after ``MAX_FAILURES`` failed sign-ins of one login from one client within
``WINDOW``, that login is refused from that client until ``WINDOW`` has passed since the oldest
of them, even with the right password. Every failure is logged (login and client, never the
password) on the ``sim.library.signin`` logger."""

from __future__ import annotations

import ipaddress
import logging
import secrets
from datetime import timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError

from sim.library import models as m
from sim.library.errors import NotFound, SessionInvalid, SignInRefused, SignInThrottled
from sim.library.passwords import hasher, verify
from sim.library.store import AccountInfo, Library

log = logging.getLogger(__name__)

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)
#: How long a session lasts after sign-in.
SESSION_LIFETIME = timedelta(hours=12)
_SALT = "planner-session"


def _serializer(library: Library):
    """Signs session ids with the library's own key, made at the first sign-in and shared by
    every server process of the library."""
    from itsdangerous import URLSafeSerializer

    try:
        with library.transaction() as db:
            if db.get(m.Secret, "session_key") is None:
                db.add(m.Secret(name="session_key", value=secrets.token_hex(32)))
    except IntegrityError:
        pass  # made by another sign-in meanwhile: that one is the key
    with library.transaction() as db:
        return URLSafeSerializer(db.get(m.Secret, "session_key").value, salt=_SALT)


def sign_in(library: Library, login: str, password: str, client: str) -> tuple[str, AccountInfo]:
    """A session token and the account, for the right password; SignInRefused for a wrong one
    (or an unknown login), SignInThrottled while this login is throttled from ``client``."""
    login = "".join(c for c in str(login or "") if c.isprintable()).strip()[:200]
    client = "".join(c for c in str(client or "unknown") if c.isprintable())[:200]
    now = library.clock()
    with library.transaction() as db:
        recent = list(db.scalars(select(m.SignInFailure.at).where(
            m.SignInFailure.login == login, m.SignInFailure.client == client, m.SignInFailure.at > now - WINDOW)
            .order_by(m.SignInFailure.at)))
    if len(recent) >= MAX_FAILURES:
        wait = recent[-MAX_FAILURES] + WINDOW - now
        log.warning("sign-in throttled: login %r from %s (%d failures in %s)", login, client, len(recent), WINDOW)
        raise SignInThrottled(max(1, int(wait.total_seconds())))
    argon = hasher()
    with library.transaction() as db:
        account = db.scalar(select(m.Account).where(m.Account.login == login, m.Account.active.is_(True)))
        hashed = account.password_hash if account is not None else None
    right = verify(argon, hashed, str(password))  # verified even for an unknown login: as slow
    if account is None or hashed is None or not right:
        with library.transaction() as db:
            db.add(m.SignInFailure(login=login, client=client, at=now))
            db.execute(delete(m.SignInFailure).where(m.SignInFailure.at < now - 4 * WINDOW))
        log.warning("sign-in failed: login %r from %s", login, client)
        raise SignInRefused()
    serializer = _serializer(library)
    with library.transaction() as db:
        account = db.get(m.Account, account.id)
        if argon.check_needs_rehash(account.password_hash):
            account.password_hash = argon.hash(str(password))
        session = m.Session(account_id=account.id, created_at=now, expires_at=now + SESSION_LIFETIME)
        db.add(session)
        db.execute(delete(m.SignInFailure).where(m.SignInFailure.login == login, m.SignInFailure.client == client))
        db.flush()
        session_id = session.id
    log.info("signed in: login %r from %s", login, client)
    return serializer.dumps(session_id), library.account(account.id)


def _session_id(library: Library, token: object) -> str:
    from itsdangerous import BadSignature

    if not isinstance(token, str) or not token or len(token) > 500:
        raise SessionInvalid()
    try:
        session_id = _serializer(library).loads(token)
    except BadSignature:
        raise SessionInvalid() from None
    if not isinstance(session_id, str):
        raise SessionInvalid()
    return session_id


def account_for_token(library: Library, token: object) -> AccountInfo:
    """The account of a session token (the cookie); SessionInvalid when the token is forged,
    expired or signed out, or its account closed."""
    session_id = _session_id(library, token)
    with library.transaction() as db:
        session = db.get(m.Session, session_id)
        if session is None or session.revoked_at is not None or session.expires_at <= library.clock():
            raise SessionInvalid()
        account_id = session.account_id
    try:
        return library.account(account_id)
    except NotFound:
        raise SessionInvalid() from None


def sign_out(library: Library, token: object) -> None:
    """End the token's session (a token already ended, or forged, is let be)."""
    try:
        session_id = _session_id(library, token)
    except SessionInvalid:
        return
    with library.transaction() as db:
        session = db.get(m.Session, session_id)
        if session is not None and session.revoked_at is None:
            session.revoked_at = library.clock()


def active_sessions(library: Library, account: AccountInfo) -> int:
    with library.transaction() as db:
        return db.scalar(select(func.count()).select_from(m.Session).where(
            m.Session.account_id == account.id, m.Session.revoked_at.is_(None),
            m.Session.expires_at > library.clock())) or 0


def is_loopback(address: str | None) -> bool:
    """Whether a server address listens on this machine only (localhost, 127.0.0.0/8, ::1).
    No address (Streamlit's default) listens on every interface: not loopback."""
    text = (address or "").strip().strip("[]")
    if text.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(text).is_loopback
    except ValueError:
        return False


def sign_in_required(address: str | None, database_url: str | None) -> bool:
    """Sign-in is required unless the app listens on loopback only and no team database is
    set: then there is one local workspace (``Library.local_account``)."""
    return bool((database_url or "").strip()) or not is_loopback(address)


def current_account(library: Library, token: object, address: str | None, database_url: str | None) -> AccountInfo:
    """Who is using the app: the local workspace's account when sign-in is not required
    (``sign_in_required``), else the account of the session ``token``; SessionInvalid when a
    sign-in is needed (no token, or one forged, expired or signed out)."""
    if not sign_in_required(address, database_url):
        return library.local_account()
    return account_for_token(library, token)
