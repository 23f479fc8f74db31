"""Fixtures of the library's tests (tests/sim/library; a plugin of tests/conftest.py): ``library`` (a fresh library, once on SQLite and once on a
real PostgreSQL server), ``db_url`` (its URL), and ``postgres`` (the server).

The PostgreSQL server is started by the tests themselves: ``initdb`` and ``pg_ctl`` of the
installed binaries (``pg_config --bindir`` or /usr/lib/postgresql/*/bin) make a throwaway cluster
in a temporary folder, listening on a unix socket only, one per pytest process (each xdist worker
its own), each test its own database. PostgreSQL refuses to run as root, so as root the cluster
is run by an unprivileged user (``postgres`` if it exists, else ``nobody``) that owns its
folder. Without the binaries the PostgreSQL variants skip, except under CI (``CI`` set), where
they fail: CI cannot silently test one backend."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from itertools import count
from pathlib import Path

import pytest


BACKENDS = ("sqlite", "postgresql")


def postgres_bindir() -> Path | None:
    candidates = []
    if shutil.which("pg_config"):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        candidates.append(out.stdout.strip())
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True)
    return next((Path(c) for c in candidates if c and (Path(c) / "initdb").exists() and (Path(c) / "pg_ctl").exists()),
                None)


@dataclass
class PostgresServer:
    """A running throwaway cluster: ``url(database)`` connects to one of its databases."""

    folder: Path
    bindir: Path
    user: pwd.struct_passwd | None
    numbers = count(1)

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        kwargs = {}
        if self.user is not None:
            kwargs = {"user": self.user.pw_uid, "group": self.user.pw_gid, "extra_groups": []}
        return subprocess.run([str(self.bindir / args[0]), *args[1:]], capture_output=True, text=True,
                              cwd=self.folder, **kwargs)

    def url(self, database: str) -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.folder}"

    def new_database(self) -> str:
        import psycopg

        name = f"library_{os.getpid()}_{next(self.numbers)}"
        with psycopg.connect(host=str(self.folder), user="postgres", dbname="postgres", autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def _start_postgres() -> PostgresServer:
    bindir = postgres_bindir()
    if bindir is None:
        message = "PostgreSQL binaries (initdb, pg_ctl) not found: install Debian's postgresql (scripts/apt-packages.txt)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    user = None
    if os.geteuid() == 0:
        names = ("postgres", "nobody")
        user = next(pwd.getpwnam(n) for n in names if n in {p.pw_name for p in pwd.getpwall()})
    # a short folder in /tmp: the unix socket's path must stay under ~100 characters
    folder = Path(tempfile.mkdtemp(prefix="pglib"))
    if user is not None:
        os.chown(folder, user.pw_uid, user.pw_gid)
    server = PostgresServer(folder, bindir, user)
    made = server._run("initdb", "-D", "data", "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale")
    if made.returncode != 0:
        pytest.fail(f"initdb failed: {made.stderr or made.stdout}")
    with open(folder / "data" / "postgresql.conf", "a", encoding="utf-8") as conf:
        conf.write(f"\nlisten_addresses = ''\nunix_socket_directories = '{folder}'\nfsync = off\n"
                   "full_page_writes = off\nsynchronous_commit = off\nmax_connections = 50\n")
    started = server._run("pg_ctl", "-D", "data", "-l", "server.log", "-w", "-t", "60", "start")
    if started.returncode != 0:
        log = (folder / "server.log").read_text(errors="replace") if (folder / "server.log").exists() else ""
        pytest.fail(f"pg_ctl start failed: {started.stderr or started.stdout}\n{log}")
    return server


@pytest.fixture(scope="session")
def postgres():
    server = _start_postgres()
    try:
        yield server
    finally:
        server._run("pg_ctl", "-D", "data", "-m", "immediate", "-w", "stop")
        shutil.rmtree(server.folder, ignore_errors=True)


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path) -> str:
    """The URL of an empty database: a SQLite file, or a new database of the test server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'library.sqlite'}"
    return request.getfixturevalue("postgres").new_database()


class Clock:
    """A UTC clock the test moves (throttling and session expiry are about time)."""

    def __init__(self):
        from datetime import datetime, timezone

        self.now = datetime(2026, 12, 7, 9, 0, tzinfo=timezone.utc)

    def __call__(self):
        return self.now

    def advance(self, **delta):
        from datetime import timedelta

        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def library(db_url, clock):
    from sim.library.store import open_library

    lib = open_library(db_url, clock=clock)
    yield lib
    lib.close()


SCENARIO = Path(__file__).resolve().parents[1] / "scenarios" / "default_centralised.yaml"


@pytest.fixture
def text() -> str:
    """A valid scenario text (extends a bundled template)."""
    return SCENARIO.read_text(encoding="utf-8")


@pytest.fixture
def two_orgs(library):
    """Two organisations' planners: (library, workspace of A, workspace of B)."""
    library.create_organisation("A")
    library.create_organisation("B")
    a = library.create_account("A", "ann", "password-a", "planner")
    b = library.create_account("B", "ben", "password-b", "planner")
    return library.workspace(a), library.workspace(b)
