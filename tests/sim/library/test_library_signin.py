"""Sign-in on SQLite and PostgreSQL: Argon2 hashes, throttling, session tokens that expire and
end at sign-out, when sign-in is required, and the admin CLI."""

from __future__ import annotations

import logging
import subprocess
import sys

import pytest
from argon2 import PasswordHasher

from conftest import REPO
from sim.library import models as m
from sim.library.errors import InvalidInput, SessionInvalid, SignInRefused, SignInThrottled
from sim.library.signin import (MAX_FAILURES, SESSION_LIFETIME, account_for_token, current_account, sign_in,
                                sign_in_required, sign_out)


@pytest.fixture
def ann(library):
    library.create_organisation("A")
    return library.create_account("A", "ann", "correct horse", "planner")


def test_passwords_are_argon2_and_rehashed_when_parameters_change(library, ann):
    with library.transaction() as db:
        stored = db.get(m.Account, ann.id).password_hash
        assert stored.startswith("$argon2id$") and "correct horse" not in stored
        db.get(m.Account, ann.id).password_hash = PasswordHasher(time_cost=1, memory_cost=8192).hash("correct horse")
    sign_in(library, "ann", "correct horse", "10.0.0.1")
    with library.transaction() as db:
        assert not PasswordHasher().check_needs_rehash(db.get(m.Account, ann.id).password_hash)


def test_tokens_expire_and_end_at_sign_out(library, ann, clock):
    token, account = sign_in(library, "ann", "correct horse", "10.0.0.1")
    assert account == ann and account_for_token(library, token) == ann
    other, _ = sign_in(library, "ann", "correct horse", "10.0.0.2")
    sign_out(library, token)
    with pytest.raises(SessionInvalid):
        account_for_token(library, token)
    assert account_for_token(library, other) == ann  # another session goes on
    clock.advance(seconds=SESSION_LIFETIME.total_seconds() + 1)
    with pytest.raises(SessionInvalid):
        account_for_token(library, other)
    for forged in ("", "x" * 600, other[:-2] + "AA", None, 42):
        with pytest.raises(SessionInvalid):
            account_for_token(library, forged)
    sign_out(library, "forged")  # no error


def test_a_password_reset_ends_the_sessions(library, ann):
    token, _ = sign_in(library, "ann", "correct horse", "10.0.0.1")
    library.reset_password("ann", "battery staple")
    with pytest.raises(SessionInvalid):
        account_for_token(library, token)
    with pytest.raises(SignInRefused):
        sign_in(library, "ann", "correct horse", "10.0.0.1")
    assert sign_in(library, "ann", "battery staple", "10.0.0.1")[1] == ann


def test_repeated_failures_are_throttled_and_logged(library, ann, clock, caplog):
    caplog.set_level(logging.WARNING, logger="sim.library.signin")
    for _ in range(MAX_FAILURES):
        with pytest.raises(SignInRefused):
            sign_in(library, "ann", "wrong password!", "10.0.0.9")
        clock.advance(seconds=10)
    with pytest.raises(SignInThrottled) as throttled:
        sign_in(library, "ann", "correct horse", "10.0.0.9")  # even the right password
    assert 0 < throttled.value.wait_s <= 15 * 60 and "分钟" in throttled.value.zh
    assert sign_in(library, "ann", "correct horse", "10.0.0.10")[1] == ann  # another client is not throttled
    failures = [r for r in caplog.records if "failed" in r.getMessage()]
    assert len(failures) == MAX_FAILURES and all("wrong password" not in r.getMessage() for r in caplog.records)
    clock.advance(minutes=15)
    assert sign_in(library, "ann", "correct horse", "10.0.0.9")[1] == ann


def test_an_unknown_login_is_refused_like_a_wrong_password(library, ann):
    with pytest.raises(SignInRefused) as unknown:
        sign_in(library, "nobody", "correct horse", "10.0.0.1")
    with pytest.raises(SignInRefused) as wrong:
        sign_in(library, "ann", "not the password", "10.0.0.1")
    assert str(unknown.value) == str(wrong.value)
    local = library.local_account()
    with pytest.raises(SignInRefused):
        sign_in(library, local.login, "", "127.0.0.1")  # the local account has no password


def test_bad_passwords_are_refused_naming_the_field(library):
    library.create_organisation("A")
    for password in ("short", "x" * 2000, None):
        with pytest.raises(InvalidInput) as refused:
            library.create_account("A", "bob", password or 0, "viewer")
        assert refused.value.field == "password"


@pytest.mark.parametrize("address, url, required", [
    ("localhost", None, False), ("127.0.0.1", "", False), ("::1", None, False), ("[::1]", None, False),
    ("127.0.0.1", "postgresql://db/library", True), ("0.0.0.0", None, True), ("", None, True), (None, None, True),
    ("192.168.1.5", None, True), ("planner.example.com", None, True),
])
def test_when_sign_in_is_required(address, url, required):
    assert sign_in_required(address, url) is required


def test_the_current_account(library, ann):
    local = current_account(library, None, "127.0.0.1", None)
    assert (local.login, local.organisation, local.role) == ("local", "local", "admin")
    assert current_account(library, "whatever", "localhost", "") == local  # one local workspace, made once
    with pytest.raises(SessionInvalid):
        current_account(library, None, "0.0.0.0", None)
    token, _ = sign_in(library, "ann", "correct horse", "10.0.0.1")
    assert current_account(library, token, "127.0.0.1", "postgresql://team/library") == ann
    assert library.workspace(local).scenarios() == []  # the local workspace sees no other organisation's rows


def _cli(url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sim.library.accounts", "--database", url, *args], input=stdin,
                          capture_output=True, text=True, cwd=REPO)


def test_the_admin_cli(db_url):
    assert _cli(db_url, "create-organisation", "Acme").returncode == 0
    made = _cli(db_url, "create-account", "--organisation", "Acme", "--login", "ops", "--role", "admin",
                stdin="a long password\n")
    assert made.returncode == 0, made.stderr
    assert "ops\tadmin" in _cli(db_url, "list").stdout
    assert _cli(db_url, "reset-password", "--login", "ops", stdin="another password\n").returncode == 0
    for args, stdin, field in [(("create-organisation", "Acme"), "", "organisation"),
                               (("create-account", "--organisation", "Acme", "--login", "x", "--role", "viewer"), "short\n", "password"),
                               (("create-account", "--organisation", "None", "--login", "x", "--role", "viewer"), "long enough\n", "organisation"),
                               (("create-account", "--organisation", "Acme", "--login", "x", "--role", "boss"), "long enough\n", "--role"),
                               (("reset-password", "--login", "ghost"), "long enough\n", "ghost")]:
        out = _cli(db_url, *args, stdin=stdin)
        assert out.returncode == 2 and field in out.stderr and "Traceback" not in out.stderr, (args, out.stderr)
    from sim.library.store import open_library

    library = open_library(db_url)
    try:
        assert sign_in(library, "ops", "another password", "127.0.0.1")[1].role == "admin"
    finally:
        library.close()
