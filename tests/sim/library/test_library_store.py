"""The library's store on SQLite and PostgreSQL: versions, drafts, plans, no lost update,
organisations kept apart, roles, hostile input, the zip round trip."""

from __future__ import annotations

import pytest

from sim.library.archive import export_zip, import_zip, read_zip
from sim.library.errors import Forbidden, InvalidInput, NotFound, StaleVersion
from sim.scenario.errors import ScenarioError


def _edit(text: str, seed: int) -> str:
    return text + f"\nseed: {seed}\n"


def test_the_default_library_is_a_wal_sqlite_file_of_the_data_folder(tmp_path, monkeypatch):
    from sqlalchemy import text as sql

    from sim.library.database import database_url
    from sim.library.store import open_library

    monkeypatch.delenv("PLANNER_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    library = open_library()
    try:
        assert (tmp_path / "data" / "butler-staffing" / "library.sqlite").is_file()
        with library.engine.connect() as connection:
            assert connection.execute(sql("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(sql("PRAGMA foreign_keys")).scalar() == 1
    finally:
        library.close()
    assert database_url({"PLANNER_DATABASE_URL": "postgresql://u@h/db"}) == "postgresql+psycopg://u@h/db"


def test_versions_history_and_restore(two_orgs, text):
    ann, _ = two_orgs
    first = ann.create_scenario("Cuihu bid", text, "first")
    second = ann.save_version(first.scenario_id, _edit(text, 7), base=1, message="seed 7")
    assert (second.number, second.parent, second.author, second.message) == (2, 1, "ann", "seed 7")
    assert second.yaml_text == _edit(text, 7)  # exactly as given
    restored = ann.restore(first.scenario_id, 1)
    assert restored.number == 3 and restored.yaml_text == text
    assert [v.number for v in ann.history(first.scenario_id)] == [3, 2, 1]
    assert ann.version(first.scenario_id).number == 3
    assert [(s.name, s.latest) for s in ann.scenarios()] == [("Cuihu bid", 3)]
    assert ann.find("Cuihu bid").id == first.scenario_id


def test_difference_in_words_both_languages(two_orgs, text):
    ann, _ = two_orgs
    first = ann.create_scenario("s", text)
    ann.save_version(first.scenario_id, text.replace("\nsites:", "\nseed: 9\nsites:", 1) if "\nsites:" in text
                     else _edit(text, 9), base=1)
    zh = ann.difference(first.scenario_id, 1, 2, "zh")
    en = ann.difference(first.scenario_id, 1, 2, "en")
    assert zh == ["随机种子：新增 9"] and en == ["random seed: added 9"]
    assert ann.difference(first.scenario_id, 2, 2, "zh") == ["两个版本相同"]


def test_difference_named_as_the_app_names_fields(two_orgs):
    """With the app's namers (ui.names) a site's field reads as the app shows it, in Chinese
    with no key of the file."""
    from conftest import REPO
    from ui.names import key_name, path_words

    ann, _ = two_orgs
    text = (REPO / "scenarios" / "default.yaml").read_text(encoding="utf-8")
    assert text.count("    households: 2000\n") == 1
    sid = ann.create_scenario("Cuihu", text).scenario_id
    ann.save_version(sid, text.replace("    households: 2000\n", "    households: 2400\n"), base=1)
    assert ann.difference(sid, 1, 2, "zh", path_words, key_name) == ["站点「翠湖花园」 · 户数：2000 → 2400"]
    assert ann.difference(sid, 2, 1, "en", path_words, key_name) == ["site 'Cuihu Garden' · households: 2400 → 2000"]


def test_a_stale_save_is_refused_and_kept_as_a_draft(library, two_orgs, text):
    ann, _ = two_orgs
    ann2 = library.workspace(library.create_account("A", "amy", "password-amy", "planner"))
    sid = ann.create_scenario("s", text).scenario_id
    ann.save_version(sid, _edit(text, 1), base=1)
    with pytest.raises(StaleVersion) as refused:
        ann2.save_version(sid, _edit(text, 2), base=1, message="mine")
    assert refused.value.current == 2 and "2" in refused.value.zh
    assert ann.version(sid).yaml_text == _edit(text, 1)  # not overwritten
    kept = ann2.draft(sid)
    assert kept.base == 1 and kept.yaml_text == _edit(text, 2)
    assert ann.draft(sid) is None  # the draft is amy's own
    saved = ann2.save_version(sid, kept.yaml_text, base=2)
    assert saved.number == 3 and ann2.draft(sid) is None
    with pytest.raises(NotFound):
        ann2.save_version(sid, text, base=9)
    with pytest.raises(InvalidInput, match="version"):
        ann2.save_version(sid, text, base="3")
    assert ann2.draft(sid) is None and ann.version(sid).number == 3


def test_two_saves_at_once_one_wins_the_other_is_kept(library, two_orgs, text):
    """Two planners save on the same base at the same moment (threads, each its own connection):
    one makes version 2, the other is refused and kept as a draft, whichever way the race goes."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    ann, _ = two_orgs
    sid = ann.create_scenario("s", text).scenario_id
    amy = library.workspace(library.create_account("A", "amy", "password-amy", "planner"))
    start = Barrier(2)

    def save(workspace, seed):
        start.wait()
        try:
            return workspace.save_version(sid, _edit(text, seed), base=1).number
        except StaleVersion as exc:
            return exc

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(save, (ann, amy), (1, 2)))
    assert sorted(map(type, results), key=str) == sorted([int, StaleVersion], key=str), results
    loser = (ann, amy)[next(i for i, r in enumerate(results) if isinstance(r, StaleVersion))]
    assert [v.number for v in ann.history(sid)] == [2, 1]
    assert loser.draft(sid).base == 1 and loser.draft(sid).yaml_text != ann.version(sid).yaml_text


def test_drafts_are_replaced_and_keep_their_base(two_orgs, text):
    ann, _ = two_orgs
    sid = ann.create_scenario("s", text).scenario_id
    assert ann.draft(sid) is None
    ann.save_draft(sid, _edit(text, 1), base=1)
    ann.save_draft(sid, _edit(text, 2), base=1)
    assert (ann.draft(sid).yaml_text, ann.draft(sid).base) == (_edit(text, 2), 1)
    with pytest.raises(ScenarioError):
        ann.save_draft(sid, "calendar: {horizon_days: -1}\n", base=1)  # only valid edits are kept
    assert ann.draft(sid).yaml_text == _edit(text, 2)
    ann.discard_draft(sid)
    assert ann.draft(sid) is None


def test_plans_keep_their_json_and_files_byte_for_byte(two_orgs, text):
    ann, _ = two_orgs
    sid = ann.create_scenario("s", text).scenario_id
    ann.save_version(sid, _edit(text, 1), base=1)
    blob = bytes(range(256)) * 10
    plan = ann.save_plan(sid, 1, '{"kind": "plan", "cost": 1}', files={"proposal_zh.docx": blob})
    ann.save_plan(sid, 2, '{"kind": "portfolio"}', kind="portfolio")
    assert [p.version for p in ann.plans(sid)] == [2, 1]
    assert [p.id for p in ann.plans(sid, 1)] == [plan.id]
    assert ann.plan(plan.id).files == ("proposal_zh.docx",)
    assert ann.plan_file(plan.id, "proposal_zh.docx") == blob
    with pytest.raises(InvalidInput, match="file"):
        ann.save_plan(sid, 1, "{}", files={"../etc/passwd": b""})
    with pytest.raises(InvalidInput, match="plan"):
        ann.save_plan(sid, 1, "not json")
    with pytest.raises(NotFound):
        ann.save_plan(sid, 9, "{}")


def test_another_organisations_ids_are_not_found(two_orgs, text):
    """Every API given another organisation's id answers exactly as for a missing id."""
    ann, ben = two_orgs
    sid = ann.create_scenario("secret bid", text).scenario_id
    ann.save_draft(sid, text, base=1)
    pid = ann.save_plan(sid, 1, "{}", files={"p.pdf": b"%PDF"}).id
    calls = {
        "scenario": lambda x: ben.scenario(x), "history": lambda x: ben.history(x), "version": lambda x: ben.version(x, 1),
        "latest": lambda x: ben.version(x), "draft": lambda x: ben.draft(x), "save_draft": lambda x: ben.save_draft(x, text, 1),
        "discard": lambda x: ben.discard_draft(x), "save": lambda x: ben.save_version(x, text, 1),
        "restore": lambda x: ben.restore(x, 1), "difference": lambda x: ben.difference(x, 1, 1),
        "plans": lambda x: ben.plans(x), "save_plan": lambda x: ben.save_plan(x, 1, "{}"),
    }
    for name, call in calls.items():
        with pytest.raises(NotFound) as foreign:
            call(sid)
        with pytest.raises(NotFound) as missing:
            call("0" * 32)
        assert str(foreign.value) == str(missing.value), name
    for call in (lambda x: ben.plan(x), lambda x: ben.plan_file(x, "p.pdf")):
        with pytest.raises(NotFound) as foreign:
            call(pid)
        with pytest.raises(NotFound) as missing:
            call("0" * 32)
        assert str(foreign.value) == str(missing.value)
    with pytest.raises(NotFound):
        ben.find("secret bid")
    assert ben.scenarios() == [] and ben.create_scenario("secret bid", text).number == 1  # names are per organisation
    assert ann.version(sid).yaml_text == text and ann.draft(sid).yaml_text == text  # nothing of A changed


def test_roles(library, two_orgs, text):
    ann, _ = two_orgs
    sid = ann.create_scenario("s", text).scenario_id
    viewer = library.workspace(library.create_account("A", "vic", "password-v", "viewer"))
    assert viewer.version(sid).number == 1 and viewer.history(sid)
    for write in (lambda: viewer.save_version(sid, text, 1), lambda: viewer.save_draft(sid, text, 1),
                  lambda: viewer.create_scenario("t", text), lambda: viewer.save_plan(sid, 1, "{}"),
                  lambda: viewer.restore(sid, 1), lambda: viewer.accounts()):
        with pytest.raises(Forbidden):
            write()
    with pytest.raises(Forbidden):
        ann.create_account("x", "password-x", "viewer")
    admin = library.workspace(library.create_account("A", "ada", "password-ad", "admin"))
    admin.create_account("new", "password-n", "viewer")
    assert {a.login for a in admin.accounts()} == {"ann", "vic", "ada", "new"}  # not B's ben
    admin.reset_password("new", "password-n2")
    with pytest.raises(NotFound):
        admin.reset_password("ben", "password-b2")  # B's account: not found from A
    with pytest.raises(InvalidInput, match="password"):
        admin.create_account("nopass", None, "viewer")


@pytest.mark.parametrize("name, field", [("", "name"), ("x" * 101, "name"), ("a\x00b", "name"), (None, "name")])
def test_absurd_names_are_refused_naming_the_field(two_orgs, text, name, field):
    ann, _ = two_orgs
    with pytest.raises(InvalidInput) as refused:
        ann.create_scenario(name, text)
    assert refused.value.field == field


def test_hostile_text_is_refused_and_sql_is_only_text(two_orgs, text):
    ann, ben = two_orgs
    with pytest.raises(ScenarioError, match="larger than"):
        ann.create_scenario("huge", "a: " + "x" * 2_000_000)
    with pytest.raises(ScenarioError):
        ann.create_scenario("bomb", "a: &a [1, 1]\nb: &b [*a, *a]\n" + "".join(
            f"c{i}: &c{i} [*{'b' if i == 0 else f'c{i - 1}'}, *{'b' if i == 0 else f'c{i - 1}'}]\n" for i in range(40)))
    with pytest.raises(ScenarioError, match="extend only a bundled template"):
        ann.create_scenario("peek", "extends: /etc/passwd\n")
    sneaky = "x'; DROP TABLE scenarios; --"
    sid = ann.create_scenario(sneaky, text, message="' OR 1=1 --").scenario_id
    assert ann.find(sneaky).id == sid and ben.scenarios() == []
    with pytest.raises(NotFound):
        ben.history("' OR '1'='1")
    with pytest.raises(InvalidInput, match="version"):
        ann.version(sid, "1 OR 1=1")
    with pytest.raises(InvalidInput, match="name"):
        ann.create_scenario(sneaky, text)  # taken


def test_hostile_ids_numbers_and_bytes_are_clear_refusals(library, two_orgs, text):
    """What a database would choke on (a NUL byte, a number past its integer) is refused first."""
    from sim.library.signin import sign_in

    ann, _ = two_orgs
    sid = ann.create_scenario("s", text).scenario_id
    for hostile in ("a\x00b", "x" * 100_000, 12, None, sid.upper()):
        with pytest.raises(NotFound):
            ann.history(hostile)
    for number in (0, -1, 2**31, 10**30):
        with pytest.raises(NotFound):
            ann.version(sid, number)
    with pytest.raises(InvalidInput, match="message"):
        ann.save_version(sid, text, base=1, message="a\x00b")
    with pytest.raises(InvalidInput, match="message"):
        ann.save_version(sid, text, base=1, message="x" * 3000)
    with pytest.raises(ScenarioError):
        ann.save_version(sid, text + "\x00", base=1)
    from sim.library.errors import SignInRefused

    with pytest.raises(SignInRefused):
        sign_in(library, "ann\x00", "password-a\x00", "1.2.3.4\x00")
    with pytest.raises(InvalidInput, match="login"):
        library.reset_password("ann\x00", "a new password")
    assert [v.number for v in ann.history(sid)] == [1]


def test_zip_export_and_import_round_trip(two_orgs, text):
    ann, ben = two_orgs
    sid = ann.create_scenario("Cuihu bid", text, "first").scenario_id
    ann.save_version(sid, _edit(text, 3), base=1, message="second")
    ann.save_plan(sid, 2, '{"a": 1}', files={"proposal_zh.pdf": b"%PDF-1.7\x00\xff"})
    data = export_zip(ann)
    ids = import_zip(ben, data)
    [copy] = ben.scenarios()
    assert copy.id == ids[0] and copy.name == "Cuihu bid"
    assert [(v.number, v.message, v.yaml_text) for v in ben.history(copy.id)] == \
        [(v.number, v.message, v.yaml_text) for v in ann.history(sid)]
    [plan] = ben.plans(copy.id)
    assert (plan.version, plan.json_text) == (2, '{"a": 1}')
    assert ben.plan_file(plan.id, "proposal_zh.pdf") == b"%PDF-1.7\x00\xff"
    assert export_zip(ben) != b"" and read_zip(export_zip(ben))[0].versions == read_zip(data)[0].versions
    with pytest.raises(InvalidInput, match="name"):
        import_zip(ben, data)  # the name is taken: nothing imported
    assert len(ben.scenarios()) == 1
    with pytest.raises(InvalidInput, match="archive"):
        import_zip(ben, b"not a zip")
