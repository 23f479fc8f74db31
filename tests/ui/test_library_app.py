"""The app on its own on a laptop (Streamlit's AppTest: no server, so no sign-in): one local
workspace in a SQLite file of the test's own folder (tests/ui/conftest.py); an edit is kept as
the draft and the next session opens it; ``?scenario=new`` opens the template; a plan is kept with
the version it came from and comes back in a new session."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from sim.library.store import LOCAL_LOGIN, LOCAL_ORGANISATION
from ui import i18n, session

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def new_app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=240)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def households_key(at: AppTest) -> str:
    return f"site_cuihu_households__v{at.session_state['version']}_{at.session_state['lang']}"


def test_alone_on_a_laptop_nobody_signs_in_and_the_next_session_opens_the_draft(tmp_path):
    at = new_app()
    assert not at.exception
    assert at.title[0].value.startswith("场景")  # no sign-in form
    account = at.session_state["_account"]
    assert (account.login, account.organisation) == (LOCAL_LOGIN, LOCAL_ORGANISATION)
    assert "本机工作区" in " ".join(c.value for c in at.sidebar.caption)
    assert "lib_link" not in at.session_state  # a template as loaded is not kept
    at.number_input(key=households_key(at)).set_value(2345).run()
    assert not at.exception
    link = at.session_state["lib_link"]
    assert link["draft"] and link["base"] == 1
    ws = session.library().workspace(account)
    assert "households: 2345" in ws.draft(link["id"]).yaml_text
    assert ws.version(link["id"], 1).yaml_text.count("households: 2000") == 1  # the template as loaded

    again = new_app()  # a new session (a second tab, a restart): the newest draft
    assert again.number_input(key=households_key(again)).value == 2345
    assert again.session_state["lib_link"]["id"] == link["id"]
    fresh = new_app(scenario="new")
    assert fresh.number_input(key=households_key(fresh)).value == 2000
    refused = new_app(scenario="f" * 32)  # an id that is not the workspace's: refused, the template opens
    assert "未找到场景" in " ".join(e.value for e in refused.error)
    assert refused.number_input(key=households_key(refused)).value == 2000
    assert str(tmp_path) in str(session.library().engine.url)  # the test's own file, never ~/.local


def test_a_stale_save_is_refused_naming_the_latest_version_and_kept_as_the_draft():
    """Two sessions on one scenario: the first saves version 2; the second, edited from version
    1, is refused with a message naming version 2, and its text is kept as the draft."""
    first = new_app()
    first.number_input(key=households_key(first)).set_value(2100).run()
    second = new_app()  # opens the same draft, on version 1
    assert second.session_state["lib_link"]["base"] == 1
    second.number_input(key=households_key(second)).set_value(2200).run()

    first.switch_page("ui/pages/library.py").run()
    first.text_input(key="lib_message").input("first save")
    first.button(key="lib_save_btn").click().run()
    assert not first.exception
    assert "已保存为版本 2。" in [s.value for s in first.success]

    second.switch_page("ui/pages/library.py").run()
    second.button(key="lib_save_btn").click().run()
    refusal = " ".join(e.value for e in second.error)
    assert "已有版本 2" in refusal and "已保存为草稿" in refusal
    link = second.session_state["lib_link"]
    ws = session.library().workspace(second.session_state["_account"])
    assert [v.number for v in ws.history(link["id"])] == [2, 1]
    assert "households: 2200" in ws.draft(link["id"]).yaml_text
    assert "households: 2100" in ws.version(link["id"], 2).yaml_text


def test_an_old_version_restored_becomes_the_newest_and_opens():
    at = new_app()
    at.number_input(key=households_key(at)).set_value(2100).run()
    at.switch_page("ui/pages/library.py").run()
    at.button(key="lib_save_btn").click().run()  # version 2: 2100 (version 1: the template's 2000)
    link = at.session_state["lib_link"]
    at.selectbox(key=f"lib_version_{link['id']}_zh").set_value(1).run()
    at.button(key="lib_restore_btn").click().run()
    assert not at.exception
    ws = session.library().workspace(at.session_state["_account"])
    history = ws.history(link["id"])
    assert [v.number for v in history] == [3, 2, 1] and history[0].yaml_text == history[2].yaml_text
    assert at.session_state["lib_link"]["base"] == 3 and not at.session_state["lib_link"]["draft"]
    assert "版本 1 已恢复为版本 3。" in [s.value for s in at.success]
    assert at.session_state["data"]["sites"]["cuihu"]["households"] == 2000


def test_a_portfolio_run_is_kept_with_its_version_and_comes_back_in_a_new_session():
    """Issue 36: a group's portfolio run (quick settings, two of the group's sites) is kept as
    portfolio.json with the version of the scenario it was made from; a new session on that
    scenario shows it again, as current."""
    from sim.scenario.loader import load_scenario, replace_sites

    data = load_scenario(Path(APP).parent / "scenarios" / "group_portfolio.yaml").model_dump(mode="json")
    replace_sites(data, {name: data["sites"][name] for name in ("jinxiu", "qinyuan")})  # two sites: a short run
    at = AppTest.from_file(APP, default_timeout=240)
    at.session_state["data"] = data  # (the Portfolio page opened first: no other page's widgets)
    at.switch_page("ui/pages/portfolio.py").run()
    at.button(key="portfolio_btn").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    made = at.session_state["last_portfolio"]
    link = at.session_state["lib_link"]
    ws = session.library().workspace(at.session_state["_account"])
    kept = [p for p in ws.plans(link["id"], link["base"]) if p.kind == "portfolio"]
    assert len(kept) == 1 and json.loads(kept[0].json_text) == json.loads(json.dumps(made["data"]))

    again = AppTest.from_file(APP, default_timeout=240)
    again.query_params["scenario"] = link["id"]
    again.switch_page("ui/pages/portfolio.py").run()
    assert not again.exception
    assert sorted(again.session_state["data"]["sites"]) == ["jinxiu", "qinyuan"]
    assert again.session_state["last_portfolio"]["key"] == made["key"]  # shown as current, not as stale
    assert again.session_state["last_portfolio"]["data"] == json.loads(json.dumps(made["data"]))


def test_library_times_are_shown_in_beijing_time_with_the_zone_in_the_heading(monkeypatch):
    """The library stores UTC; a planner in China reads Beijing time (UTC+8): a version saved at
    23:45 UTC on 7 December reads 2026-12-08 07:45 in the scenarios table and the history, under
    headings that say Beijing time, in both languages; the stored time is unchanged. The local
    workspace's author is this machine in words, not its login "local"."""
    from datetime import datetime, timezone

    at = new_app()
    saved_utc = datetime(2026, 12, 7, 23, 45, tzinfo=timezone.utc)
    monkeypatch.setattr(session.library(), "clock", lambda: saved_utc)  # this test's own library
    at.number_input(key=households_key(at)).set_value(2345).run()
    at.switch_page("ui/pages/library.py").run()
    at.button(key="lib_save_btn").click().run()  # version 2 at 23:45 UTC
    assert not at.exception
    for lg, updated, time, author in (("zh", "更新时间（北京时间）", "时间（北京时间）", "本机"),
                                      ("en", "Updated (Beijing time)", "Time (Beijing time)", "this machine")):
        at.session_state["lang"] = lg
        at.run()
        scenarios, history = at.dataframe[0].value, at.dataframe[1].value
        assert list(scenarios[updated]) == ["2026-12-08 07:45"]
        assert list(history[time]) == ["2026-12-08 07:45"] * 2
        assert set(history[i18n.t("lib.col.author", lg)]) == {author}  # the local workspace's author, not its login
    ws = session.library().workspace(at.session_state["_account"])
    assert ws.history(at.session_state["lib_link"]["id"])[0].created_at == saved_utc  # stored in UTC


def test_a_headroom_found_on_the_optimise_page_is_kept_with_the_plan_and_shown_on_reopening(monkeypatch):
    """A quick plan is kept with its version; the headroom then found on the Optimise page is laid
    into it and kept in the library too (the plan kept again with the same version), so after a
    restart (the app's plan store emptied) reopening the version shows the headroom, and the
    Library page's plan list says which kept plan has it."""
    from ui import headroom_panel, runs

    monkeypatch.setattr(runs, "QUICK_PLAN_DAYS", 2.0)
    monkeypatch.setattr(runs, "QUICK_PLAN", runs.QUICK_PLAN.but(replications=2, search_days=1.0, verify_replications=2))
    monkeypatch.setattr(headroom_panel, "APP_SETTINGS", {"replications": 2, "days": 1.0, "m_max": 2.0, "tolerance": 0.25})
    runs.plan_store.clear()  # the process's store may hold this plan from another test: plan it here
    at = new_app()
    at.selectbox(key="template_zh").set_value("villa_estate").run()
    at.switch_page("ui/pages/optimise.py").run()
    at.button(key="optimise_btn").click().run()
    assert not at.exception
    link = at.session_state["lib_link"]
    ws = session.library().workspace(at.session_state["_account"])
    assert "headroom" not in json.loads(ws.plans(link["id"], link["base"])[0].json_text)
    at.button(key="headroom_btn").click().run()
    assert not at.exception
    room = runs.find_plan(at.session_state["plan_key"]).plan["headroom"]
    kept = json.loads(ws.plans(link["id"], link["base"])[0].json_text)  # the newest plan of the version
    assert kept["headroom"] == json.loads(json.dumps(room))
    assert kept["work"]["replication_days"]["headroom"] == room["replication_days"]

    runs.plan_store.clear()  # a restart: only the library remembers the plan
    again = new_app(scenario=link["id"])
    again.switch_page("ui/pages/optimise.py").run()
    assert not again.exception
    assert runs.find_plan(again.session_state["plan_key"]).plan["headroom"] == kept["headroom"]
    assert any(i18n.t("opt.headroom.col.first", "zh") in d.value.columns for d in again.dataframe)  # the panel's table
    again.switch_page("ui/pages/library.py").run()
    assert not again.exception
    plan_b = next(box for box in again.selectbox if box.key.startswith("lib_plan_b_"))
    assert plan_b.options[0].endswith(" · 含需求余量")  # the newest kept plan, with its headroom
    assert not any(o.endswith("含需求余量") for o in plan_b.options[1:])  # the plan kept before it was found
