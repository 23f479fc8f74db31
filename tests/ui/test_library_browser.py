"""The app behind the team's library, in a real browser (Debian's Chromium driven by Playwright,
as tests/ui/test_app_browser.py): ``streamlit run serve.py`` with ``PLANNER_DATABASE_URL`` set
to a SQLite file, so sign-in is required; two organisations and their accounts made with the
admin CLI (``python -m sim.library.accounts``).

Edit a site, reload: the edit is there; plan (quick), reload: the plan and its proposal download
are there; save two versions and read their difference in words in Chinese; two plans side by
side; each organisation's planner sees only its own library, and another organisation's
scenario id in the address is refused as a missing one; five wrong passwords throttle the
account; sign-out ends the session. Screenshots of the sign-in form and the Library page in both
languages (out/screenshots/, ``*_4x_*``) are checked for English words, keys and None in Chinese.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time

import pytest
from playwright.sync_api import Page, expect

from app_fixtures import streamlit_server
from test_app_browser import (LONG, PLAN, REPO, SHORT, bad_words, check_text, go, live,  # noqa: F401
                              no_traceback, set_number, settled, shot)

ORGS = {"甲物业": [("规划员甲", "planner"), ("受限账号", "planner")], "乙物业": [("规划员乙", "planner"), ("查看员乙", "viewer")]}
PASSWORD = "correct-horse-7"
#: A small site planned in well under a minute: one day, four replications, 600 households (the
#: quick plan's candidates and checks run on the horizon: a day is half the work of two).
SMALL = b"extends: default.yaml\nname: small_site\ncalendar: {horizon_days: 1}\nreplications: 4\nsites:\n  cuihu: {households: 600}\n"


@pytest.fixture(scope="module")
def lib_url(tmp_path_factory):
    """serve.py on a free port with a team database (a SQLite file): sign-in required."""
    folder = tmp_path_factory.mktemp("library")
    env = {**os.environ, "PLANNER_DATABASE_URL": f"sqlite:///{folder}/lib.sqlite",
           "XDG_DATA_HOME": str(folder / "data")}
    cli = [sys.executable, "-m", "sim.library.accounts"]
    for organisation, accounts in ORGS.items():
        subprocess.run([*cli, "create-organisation", organisation], cwd=REPO, env=env, check=True, capture_output=True)
        for login, role in accounts:
            subprocess.run([*cli, "create-account", "--organisation", organisation, "--login", login, "--role", role],
                           cwd=REPO, env=env, check=True, capture_output=True, input=f"{PASSWORD}\n", text=True)
    with streamlit_server("serve.py", env, folder / "server.log") as (url, _):
        yield url


@pytest.fixture
def new_page(browser, lib_url):
    """Pages of fresh browsers (each its own cookies), closed at the end of the test."""
    contexts = []

    def make() -> Page:
        context = browser.new_context(viewport={"width": 1440, "height": 1900}, accept_downloads=True, locale="zh-CN")
        context.set_default_timeout(SHORT)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def sign_in(page: Page, login: str, password: str = PASSWORD) -> None:
    form = page.locator("form.planner-signin")
    expect(form).to_be_visible()
    form.locator("input[name=login]").fill(login)
    form.locator("input[name=password]").fill(password)
    with page.expect_navigation():  # the route answers with a redirect back to the app
        form.locator("button").click()
    expect(page.locator("h1").first).to_be_visible()
    settled(page)


def signed_in(page: Page, login: str) -> None:
    expect(page.locator(".st-key-account_box")).to_contain_text(login)
    expect(page.locator("h1").first).to_contain_text("场景")


def scenario_id(page: Page) -> str:
    page.wait_for_url(re.compile(r"[?&]scenario=[0-9a-f]{32}"))
    return re.search(r"scenario=([0-9a-f]{32})", page.url)[1]


def reload(page: Page) -> None:
    page.reload()
    expect(page.locator("h1").first).to_be_visible()
    settled(page)


def test_sign_in_form_wrong_passwords_throttle_and_the_cookie_is_http_only(new_page, lib_url):
    page = new_page()
    page.goto(lib_url + "/")
    expect(page.locator("h1").first).to_have_text("登录")
    expect(page.locator('[data-testid="stSidebarNav"]')).to_have_count(0)  # nothing but the form
    shot(page, "zh_40_signin")
    problems: list[str] = []
    check_text(page, "zh", "sign-in", problems)
    page.locator(".st-key-lang label", has_text="English").click()
    expect(page.locator("h1").first).to_have_text("Sign in")
    settled(page)
    shot(page, "en_40_signin")
    check_text(page, "en", "sign-in", problems)
    assert not problems, problems

    # a wrong password and an unknown account read alike; the language is kept
    sign_in(page, "受限账号", "wrong-password-1")
    expect(page.get_by_text("Wrong account name or password.")).to_be_visible()
    sign_in(page, "nobody-here", "wrong-password-1")
    expect(page.get_by_text("Wrong account name or password.")).to_be_visible()
    page.locator(".st-key-lang label", has_text="中文").click()
    expect(page.locator("h1").first).to_have_text("登录")
    settled(page)
    for _ in range(4):  # five wrong passwords of one account in all
        sign_in(page, "受限账号", "wrong-password-1")
        expect(page.get_by_text("账号或密码错误。")).to_be_visible()
    sign_in(page, "受限账号")  # even the right password waits now
    expect(page.get_by_text(re.compile(r"登录失败次数过多：请 \d+ 分钟后再试"))).to_be_visible()
    expect(page.locator(".st-key-account_box")).to_have_count(0)
    shot(page, "zh_41_signin_throttled")

    sign_in(page, "规划员甲")
    signed_in(page, "规划员甲")
    cookie = next(c for c in page.context.cookies() if c["name"] == "planner_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict" and cookie["path"] == "/"
    assert 11 * 3600 < cookie["expires"] - time.time() <= 12 * 3600
    assert page.evaluate("document.cookie").find("planner_session") < 0  # the page's scripts cannot read it
    no_traceback(page)


def test_edits_plans_and_proposals_survive_a_reload_and_versions_read_in_words(new_page, lib_url, tmp_path):
    page = new_page()
    page.goto(lib_url + "/")
    sign_in(page, "规划员甲")
    signed_in(page, "规划员甲")
    page.locator(".st-key-upload input[type='file']").set_input_files(
        files=[{"name": "small_site.yaml", "mimeType": "application/x-yaml", "buffer": SMALL}])
    expect(page.locator(".st-key-scenario_status")).to_contain_text("small_site.yaml")
    settled(page)

    # edit a site, reload: the edit is there (the draft, named in the address)
    set_number(page, "f_households", "700")
    scenario_id(page)
    reload(page)
    expect(live(page, "f_households", "input")).to_have_value("700")

    # plan (quick), reload: the plan and its proposal download are there
    go(page, "optimise")
    page.locator(".st-key-optimise_btn button").click()
    failed = page.locator('[data-testid="stAlertContentError"]')
    expect(page.locator(".st-key-plan_results").or_(failed).first).to_be_visible(timeout=PLAN)
    assert failed.count() == 0, failed.first.inner_text()
    expect(page.get_by_text("所规划的场景已保存为版本 2")).to_be_visible()
    go(page, "export")
    page.locator(".st-key-export_edition label", has_text="内部审阅版").click()
    settled(page)
    page.locator(".st-key-export_btn button").click()
    expect(page.locator(".st-key-dl_xlsx button")).to_be_visible(timeout=LONG)
    settled(page)
    reload(page)  # on the Export page: the plan and the proposal files kept with it
    kept = page.locator(".st-key-kept_downloads")
    expect(kept).to_be_visible()
    expect(kept).to_contain_text("proposal_zh.xlsx")
    with page.expect_download() as download:
        kept.locator("button", has_text="proposal_zh.xlsx").click()
    xlsx = tmp_path / download.value.suggested_filename
    download.value.save_as(xlsx)
    assert xlsx.name == "proposal_zh.xlsx" and xlsx.read_bytes()[:2] == b"PK"
    go(page, "optimise")
    expect(page.locator(".st-key-plan_results")).to_be_visible()

    # a second version with a message, and the difference in words, in Chinese
    go(page, "")
    set_number(page, "f_households", "800")
    go(page, "library")
    expect(page.locator(".st-key-lib_current")).to_contain_text("基于版本 2 的草稿")
    page.locator(".st-key-lib_message input").fill("户数增至八百")
    page.locator(".st-key-lib_message input").press("Enter")
    settled(page)
    page.locator(".st-key-lib_save_btn button").click()
    expect(page.get_by_text("已保存为版本 3。")).to_be_visible()
    history = page.locator(".st-key-lib_history")
    expect(history).to_contain_text("户数增至八百")
    diff = page.locator(".st-key-lib_diff")
    expect(diff).to_contain_text("户数：700 → 800")
    expect(diff).to_contain_text("翠湖花园")

    # a plan of version 3 beside the plan of version 2
    go(page, "optimise")  # (version 2's plan shows, said to be of an earlier scenario, until this one is made)
    page.locator(".st-key-optimise_btn button").click()
    expect(page.locator(".st-key-stop_plan button")).to_be_visible()
    expect(page.locator(".st-key-stop_plan button")).to_have_count(0, timeout=PLAN)
    expect(page.locator(".st-key-plan_results").or_(failed).first).to_be_visible()
    assert failed.count() == 0, failed.first.inner_text()
    go(page, "library")
    table = page.locator(".st-key-lib_plans_table")
    expect(table).to_be_visible()
    expect(page.locator(".st-key-lib_plans_table [data-testid='stDataFrame']")).to_be_visible()
    expect(page.get_by_role("combobox", name="规划 A")).to_have_value(re.compile(r"^版本 2 · .* · 快速预览$"))
    expect(page.get_by_role("combobox", name="规划 B")).to_have_value(re.compile(r"^版本 3 · .* · 快速预览$"))
    expect(table).to_contain_text("全职人数合计")
    shot(page, "zh_42_library")
    problems: list[str] = []
    check_text(page, "zh", "library", problems)
    page.locator(".st-key-lang label", has_text="English").click()
    settled(page)
    expect(page.locator(".st-key-lib_diff")).to_contain_text("households: 700 → 800")
    expect(page.get_by_role("combobox", name="Plan B")).to_have_value(re.compile(r"^version 3 · .* · quick preview$"))
    shot(page, "en_42_library")
    check_text(page, "en", "library", problems)
    assert not problems, problems
    no_traceback(page)


def test_each_organisation_sees_only_its_own_library_and_a_pasted_id_is_refused(new_page, lib_url):
    page_a = new_page()
    page_a.goto(lib_url + "/?scenario=new")
    sign_in(page_a, "规划员甲")
    signed_in(page_a, "规划员甲")
    set_number(page_a, "f_households", "2100")  # the default site enters 甲's library as a draft
    theirs = scenario_id(page_a)
    go(page_a, "library")
    expect(page_a.locator(".st-key-lib_scenarios")).to_be_visible()

    page_b = new_page()
    page_b.goto(lib_url + "/?scenario=new")
    sign_in(page_b, "规划员乙")
    signed_in(page_b, "规划员乙")
    set_number(page_b, "f_households", "1900")
    own = scenario_id(page_b)
    go(page_b, "library")
    expect(page_b.locator(".st-key-lib_current")).to_contain_text("基于版本 1 的草稿")
    expect(page_b.locator(".st-key-lib_pick")).to_be_visible()
    page_b.locator(".st-key-lib_pick [data-testid='stSelectbox']").click()
    assert page_b.get_by_role("option").count() == 1  # 乙's own scenario only
    page_b.keyboard.press("Escape")

    # 甲's scenario id pasted into 乙's address: refused exactly as an id that never was
    page_b.goto(f"{lib_url}/?scenario={theirs}")
    refusal = page_b.locator(".st-key-issues_banner [data-testid='stAlert']")
    expect(refusal).to_contain_text("未找到场景")
    refused_theirs = refusal.inner_text()
    expect(live(page_b, "f_households", "input")).not_to_have_value("2100")
    page_b.goto(f"{lib_url}/?scenario={'0' * 32}")
    expect(refusal).to_contain_text("未找到场景")
    assert refusal.inner_text() == refused_theirs
    page_b.goto(f"{lib_url}/?scenario={own}")
    expect(live(page_b, "f_households", "input")).to_have_value("1900")
    no_traceback(page_b)


def test_sign_out_ends_the_session(new_page, lib_url):
    page = new_page()
    page.goto(lib_url + "/?scenario=new")
    sign_in(page, "规划员乙")
    signed_in(page, "规划员乙")
    cookie = next(c for c in page.context.cookies() if c["name"] == "planner_session")
    page.locator(".st-key-account_box button").click()
    expect(page.get_by_text("您已退出登录。")).to_be_visible()
    assert not [c for c in page.context.cookies() if c["name"] == "planner_session"]
    reload(page)
    expect(page.locator("form.planner-signin")).to_be_visible()
    # the old token itself no longer opens the app: its session ended in the library
    page.context.add_cookies([cookie])
    page.goto(lib_url + "/")
    expect(page.locator("form.planner-signin")).to_be_visible()
    expect(page.locator(".st-key-account_box")).to_have_count(0)


def test_a_viewer_reads_the_library_and_cannot_save(new_page, lib_url):
    page = new_page()
    page.goto(lib_url + "/?scenario=new")
    sign_in(page, "查看员乙")
    signed_in(page, "查看员乙")
    set_number(page, "f_households", "1800")  # a viewer may try numbers: nothing is kept
    go(page, "library")
    expect(page.get_by_text("查看者只能查看，不能保存或导入。")).to_be_visible()
    expect(page.get_by_role("button", name="保存到方案库", exact=True)).to_be_disabled()
    expect(page.get_by_role("button", name="导入", exact=True)).to_be_disabled()
    expect(page.locator(".st-key-lib_current")).to_contain_text("尚未保存到方案库")
    assert "scenario=" not in page.url
    no_traceback(page)


def test_an_address_naming_no_page_opens_the_app_not_an_english_dialog(new_page, lib_url):
    """A typo or an old bookmark (/xyz, /simulate/old) lands on the app's root with its query
    kept (ui/addresses.py), in Chinese, instead of Streamlit's English "Page not found"."""
    page = new_page()
    page.goto(lib_url + "/?scenario=new")
    sign_in(page, "规划员乙")
    signed_in(page, "规划员乙")
    for address in ("/xyz?lang=zh", "/simulate/old?lang=zh"):
        page.goto(lib_url + address)
        expect(page.locator(".st-key-page_scenario")).to_be_visible()
        assert page.url.split("?")[0].rstrip("/") == lib_url and "lang=zh" in page.url
        expect(page.get_by_text("Page not found")).to_have_count(0)
    page.goto(lib_url + "/simulate")  # a page's own address is left alone
    expect(page.locator(".st-key-page_simulate")).to_be_visible()
    no_traceback(page)
