"""Alembic migrations of the library's schema (``sim/library/migrations/``): ``env.py`` runs them
on the connection ``sim.library.database.migrate`` gives; ``versions/`` holds one file per
revision, each written out in full (never importing the models, which move on)."""
