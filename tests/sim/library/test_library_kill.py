"""A save killed with SIGKILL leaves the library as before or after it, never between, on
SQLite and PostgreSQL: a real process saves a version through the store and is killed while
its transaction is open (after its rows were written, before the commit), or after the commit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from conftest import REPO
from sim.library.store import open_library

#: Saves version 2 and a plan in one process; with "hang", stops inside the transaction, after
#: the rows were flushed to the database, and says so; with "done", says so after the commit.
SAVER = r"""
import sys, time
from sqlalchemy import event
from sqlalchemy.orm import Session
from sim.library.store import open_library
url, mode, sid = sys.argv[1:4]
library = open_library(url)
if mode == "hang":
    @event.listens_for(Session, "after_flush")
    def hang(session, context):
        print("inside", flush=True)
        time.sleep(600)
workspace = library.workspace(next(a for a in library.accounts() if a.login == "ann"))
text = workspace.version(sid).yaml_text
workspace.save_version(sid, text + "\nseed: 5\n", base=1, message="killed?")
print("saved", flush=True)
time.sleep(600)
"""


@pytest.mark.parametrize("mode, expect", [("hang", 1), ("done", 2)])
def test_a_killed_save_leaves_before_or_after(db_url, text, mode, expect):
    library = open_library(db_url)
    library.create_organisation("A")
    ann = library.workspace(library.create_account("A", "ann", "password-a", "planner"))
    sid = ann.create_scenario("s", text).scenario_id
    ann.save_draft(sid, text + "\nseed: 4\n", base=1)
    saver = subprocess.Popen([sys.executable, "-c", SAVER, db_url, mode, sid], cwd=REPO, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        line = saver.stdout.readline().strip()
        assert line == {"hang": "inside", "done": "saved"}[mode], saver.stderr.read()
    finally:
        os.kill(saver.pid, signal.SIGKILL)
        saver.wait()
    history = ann.history(sid)
    assert [v.number for v in history] == list(range(expect, 0, -1))
    draft = ann.draft(sid)
    if expect == 1:  # before: no version 2, and the draft the save would have dropped is still there
        assert draft is not None and draft.yaml_text.endswith("seed: 4\n")
    else:  # after: version 2 whole, the draft gone with it
        assert history[0].yaml_text == text + "\nseed: 5\n" and history[0].message == "killed?" and draft is None
    # the library takes writes again (no lock left behind by the killed process)
    assert ann.save_version(sid, text + "\nseed: 6\n", base=expect).number == expect + 1
    library.close()
