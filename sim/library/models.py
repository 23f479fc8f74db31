"""The library's tables (SQLAlchemy 2 declarative), the one schema of SQLite and PostgreSQL; the
migrations (``sim/library/migrations/``) create and change it, never ``create_all``.

Ids are random 32-hex strings (an id says nothing of how many rows there are); times are UTC
(stored without zone, read back as aware UTC). Every row belongs to one organisation: directly
(accounts, scenarios, plans) or through its scenario (versions, drafts) or plan (files)."""

from __future__ import annotations

import uuid
from datetime import datetime, timezone

from sqlalchemy import (Boolean, DateTime, ForeignKey, Integer, LargeBinary, MetaData, String, Text,
                        TypeDecorator, UniqueConstraint)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

#: Roles, from the least allowed: viewers read; planners edit and plan; admins manage accounts too.
ROLES = ("viewer", "planner", "admin")
#: What a kept run is: a site's plan.json or a group's portfolio.json.
PLAN_KINDS = ("plan", "portfolio")

#: Constraint names the same on both databases (Alembic compares and drops them by name).
NAMING = {"ix": "ix_%(column_0_label)s", "uq": "uq_%(table_name)s_%(column_0_name)s",
          "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s", "pk": "pk_%(table_name)s"}


def new_id() -> str:
    return uuid.uuid4().hex


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class UTC(TypeDecorator):
    """A UTC time: stored naive (SQLite keeps no zone), read back aware."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("a time given to the library must carry its zone")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value, dialect):
        return None if value is None else value.replace(tzinfo=timezone.utc)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _id() -> Mapped[str]:
    return mapped_column(String(32), primary_key=True, default=new_id)


class Organisation(Base):
    __tablename__ = "organisations"
    id: Mapped[str] = _id()
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTC())


class Account(Base):
    """A person who signs in: ``login`` unique across the library, one organisation, one role."""

    __tablename__ = "accounts"
    id: Mapped[str] = _id()
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    login: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str | None] = mapped_column(String(400))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTC())


class Scenario(Base):
    """A named scenario of an organisation (the name unique within it)."""

    __tablename__ = "scenarios"
    __table_args__ = (UniqueConstraint("organisation_id", "name", name="uq_scenarios_organisation_id_name"),)
    id: Mapped[str] = _id()
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTC())


class Version(Base):
    """One saved version: its number (1, 2, ...), the version it was edited from, who saved it,
    when, why, and the YAML exactly as validated."""

    __tablename__ = "versions"
    __table_args__ = (UniqueConstraint("scenario_id", "number", name="uq_versions_scenario_id_number"),)
    id: Mapped[str] = _id()
    scenario_id: Mapped[str] = mapped_column(ForeignKey("scenarios.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    parent_number: Mapped[int | None] = mapped_column(Integer)
    author_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UTC())
    message: Mapped[str] = mapped_column(Text)
    yaml_text: Mapped[str] = mapped_column(Text)


class Draft(Base):
    """An account's unsaved edit of a scenario (one per account and scenario), with the version
    it started from; replaced at every valid edit."""

    __tablename__ = "drafts"
    __table_args__ = (UniqueConstraint("scenario_id", "account_id", name="uq_drafts_scenario_id_account_id"),)
    id: Mapped[str] = _id()
    scenario_id: Mapped[str] = mapped_column(ForeignKey("scenarios.id", ondelete="CASCADE"), index=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    base_number: Mapped[int | None] = mapped_column(Integer)
    yaml_text: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[datetime] = mapped_column(UTC())


class Plan(Base):
    """A plan.json or portfolio.json as written, made from one version."""

    __tablename__ = "plans"
    id: Mapped[str] = _id()
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id", ondelete="CASCADE"), index=True)
    version_id: Mapped[str] = mapped_column(ForeignKey("versions.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    json_text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UTC())


class PlanFile(Base):
    """A proposal file of a plan (proposal_zh.docx ...), byte for byte."""

    __tablename__ = "plan_files"
    __table_args__ = (UniqueConstraint("plan_id", "name", name="uq_plan_files_plan_id_name"),)
    id: Mapped[str] = _id()
    plan_id: Mapped[str] = mapped_column(ForeignKey("plans.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    data: Mapped[bytes] = mapped_column(LargeBinary)


# --- revision 2: sign-in


class Session(Base):
    """A signed-in session: the cookie carries its id, signed; it ends when it expires or is revoked."""

    __tablename__ = "sessions"
    id: Mapped[str] = _id()
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTC())
    expires_at: Mapped[datetime] = mapped_column(UTC())
    revoked_at: Mapped[datetime | None] = mapped_column(UTC())


class SignInFailure(Base):
    """One failed sign-in of a login from a client (its address), for throttling."""

    __tablename__ = "sign_in_failures"
    id: Mapped[str] = _id()
    login: Mapped[str] = mapped_column(String(200), index=True)
    client: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UTC())


class Secret(Base):
    """A secret of the library made at its first open (the key that signs session tokens)."""

    __tablename__ = "secrets"
    name: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
