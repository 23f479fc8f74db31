"""Account passwords: checked (8 to 1024 characters), hashed with Argon2id (argon2-cffi's
PasswordHasher and its current parameters) and verified; a login that does not exist is
verified against a throwaway hash, so its answer takes as long as a wrong password's."""

from __future__ import annotations

import secrets

from sim.library.errors import InvalidInput

#: Password lengths accepted (Argon2 takes any; an absurd one is refused before hashing).
MIN_PASSWORD_CHARS, MAX_PASSWORD_CHARS = 8, 1024


def hasher():
    """Argon2id with argon2-cffi's current parameters (a hash made with others is rehashed at sign-in)."""
    from argon2 import PasswordHasher

    return PasswordHasher()


def check_password(password: object) -> str:
    if not isinstance(password, str):
        raise InvalidInput("password", "must be text", "必须是文字")
    if not MIN_PASSWORD_CHARS <= len(password) <= MAX_PASSWORD_CHARS:
        raise InvalidInput("password", f"must be {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters",
                           f"长度必须为 {MIN_PASSWORD_CHARS} 到 {MAX_PASSWORD_CHARS} 个字符")
    return password


def hash_password(password: str) -> str:
    return hasher().hash(check_password(password))


def verify(argon, hashed: str | None, password: str) -> bool:
    """Whether ``password`` matches ``hashed``; a missing hash is verified against a throwaway one."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return argon.verify(hashed or _dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False


_dummy: list[str] = []


def _dummy_hash() -> str:
    """A hash no password matches, verified for an unknown login so its answer takes as long."""
    if not _dummy:
        _dummy.append(hasher().hash(secrets.token_hex(16)))
    return _dummy[0]
