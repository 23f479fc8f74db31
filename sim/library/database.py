"""Open a library: which database (``PLANNER_DATABASE_URL``, else a SQLite file of the user's
data folder), its engine (SQLite: WAL journal, foreign keys on, a busy timeout; PostgreSQL:
psycopg 3), and its schema brought to the newest migration on every open.

The default file is ``$XDG_DATA_HOME/butler-staffing/library.sqlite`` (``~/.local/share/...``):
the project's ``out/`` holds outputs that are regenerated and deleted freely, while the library
is the planners' work, kept across checkouts and clean-ups."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

#: The environment variable naming a team's database (a SQLAlchemy URL).
DATABASE_ENV = "PLANNER_DATABASE_URL"
MIGRATIONS = Path(__file__).parent / "migrations"


def default_path(env: os._Environ | dict = os.environ) -> Path:
    base = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "butler-staffing" / "library.sqlite"


def database_url(env: os._Environ | dict = os.environ) -> str:
    """The team's database when ``PLANNER_DATABASE_URL`` is set, else the local SQLite file.
    A ``postgresql://`` URL is read with psycopg 3."""
    url = (env.get(DATABASE_ENV) or "").strip()
    if not url:
        return f"sqlite:///{default_path(env)}"
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def make_engine(url: str) -> Engine:
    """An engine for ``url``; a SQLite file's folder is created, and every connection to it
    writes ahead (WAL), checks foreign keys and waits up to 30 s for another writer."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):
        # the driver's own transaction handling off: SQLAlchemy emits BEGIN itself (below)
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection):
        # a write transaction from its start, so a read-then-write cannot interleave with another writer
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def alembic_config(connection):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (the newest by default), in one transaction."""
    from alembic import command

    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
