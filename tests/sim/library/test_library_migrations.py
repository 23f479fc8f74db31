"""The library's migrations on SQLite and PostgreSQL: from an empty database to the newest
schema (which is then exactly the models'), and from revision 1 with data in it."""

from __future__ import annotations

from datetime import datetime, timezone

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import insert

from sim.library import models as m
from sim.library.database import current_revision, make_engine, migrate
from sim.library.signin import sign_in
from sim.library.store import Library, open_library


def test_from_empty_to_the_models_schema(db_url):
    library = open_library(db_url)
    try:
        assert current_revision(library.engine) == "0002"
        with library.engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), m.Base.metadata) == []
        open_library(db_url).close()  # opening again migrates nothing and keeps the revision
        assert current_revision(library.engine) == "0002"
    finally:
        library.close()


def test_from_revision_1_with_data(db_url, text):
    engine = make_engine(db_url)
    migrate(engine, "0001")
    assert current_revision(engine) == "0001"
    now = datetime(2026, 1, 2, 3, 4, tzinfo=timezone.utc)
    library = Library(engine)
    o1, a1, s1, v1 = (m.new_id() for _ in range(4))
    with library.transaction() as db:  # rows as revision 1 kept them
        db.execute(insert(m.Organisation), [{"id": o1, "name": "Old org", "created_at": now}])
        db.execute(insert(m.Account), [{"id": a1, "organisation_id": o1, "login": "old", "role": "planner",
                                         "password_hash": None, "active": True, "created_at": now}])
        db.execute(insert(m.Scenario), [{"id": s1, "organisation_id": o1, "name": "kept", "created_at": now}])
        db.execute(insert(m.Version), [{"id": v1, "scenario_id": s1, "number": 1, "parent_number": None,
                                         "author_id": a1, "created_at": now, "message": "m", "yaml_text": text}])
    engine.dispose()
    upgraded = open_library(db_url)
    try:
        assert current_revision(upgraded.engine) == "0002"
        workspace = upgraded.workspace(upgraded.account(a1))
        [version] = workspace.history(s1)
        assert (version.yaml_text, version.author, version.created_at) == (text, "old", now)
        upgraded.reset_password("old", "a new password")  # revision 2's tables work with the old rows
        token, account = sign_in(upgraded, "old", "a new password", "127.0.0.1")
        assert token and account.organisation == "Old org"
    finally:
        upgraded.close()
