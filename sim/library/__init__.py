"""The team's library: scenarios with every saved version, drafts, plans and portfolio runs with
their proposal files, organisations and accounts, kept in SQLite (the default, a file of the
user's data folder) or PostgreSQL (``PLANNER_DATABASE_URL``), one schema migrated by Alembic.

Modules: ``models`` (the tables), ``database`` (open a library: URL, engine, migrations),
``errors`` (every refusal, typed), ``store`` (the library and its organisation-scoped
``Workspace``: every read and write of one organisation's rows, roles enforced), ``signin``
(Argon2 passwords, throttled sign-in, signed session tokens, when sign-in is required),
``texts`` (a scenario's YAML checked before it is kept), ``diff`` (two versions' difference in
words, in Chinese and English), ``archive`` (a workspace as a zip and back), ``access`` (a
version by ``NAME[@VERSION]`` for the CLIs and notebooks) and ``accounts`` (the admin CLI,
``python -m sim.library.accounts``). docs/library.md."""
