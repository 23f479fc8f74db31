"""The planner app (app.py, ui/): scenario editing and validation as pure functions, the
translation table, cached runs, and the app's flows and state through Streamlit's AppTest.

The real-browser tests are in tests/ui/test_app_browser.py."""

from __future__ import annotations

import copy
import json

import ast
import re
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml
from streamlit.testing.v1 import AppTest

from sim.scenario.loader import validate
from planner.search.changes import Change, ShiftRef
from planner.search.events import AnalyticRoster, SearchEvent, TargetEvidence
from sim.scenario.scenario import GroupPath
from sim.results.centre_kpis import KpiKey, kpi_targets
from sim.results.verdicts import Verdict, Verdicts
from ui import i18n, names, runs, state

REPO = Path(__file__).resolve().parents[2]
APP = str(REPO / "app.py")
TIMEOUT = 240  # seconds per AppTest run: a loaded 2-core machine


# --------------------------------------------------------------------------- helpers


def new_app(lang: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if lang:
        at.session_state["lang"] = lang
    return at.run()


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def wkey(at: AppTest, name: str) -> str:
    """The key of a scenario widget (ui.views.wkey): scenario version and language."""
    return f"{name}__v{at.session_state['version']}_{at.session_state['lang']}"


def lkey(at: AppTest, name: str) -> str:
    return f"{name}_{at.session_state['lang']}"


def rendered(markdown: str) -> str:
    """Markdown's text as the page reads (escapes and the invisible word joiners that keep user
    text literal taken out; ui.i18n.md)."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


def texts(at: AppTest) -> str:
    """Every text the page shows (markdown, captions, alerts, titles, headers, labels)."""
    parts = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "error", "warning", "info", "success"):
        parts += [rendered(str(getattr(e, "value", ""))) for e in getattr(at, kind)]
    parts += [w.label for w in at.number_input] + [w.label for w in at.button] + [w.label for w in at.radio]
    return "\n".join(parts)


def sidebar_status(at: AppTest) -> str:
    return "\n".join(str(e.value) for e in at.sidebar.success) + "\n".join(str(e.value) for e in at.sidebar.error)


# --------------------------------------------------------------------------- pure editing


def test_templates_default_first_and_all_valid():
    names = state.templates()
    assert names[0] == "default"
    for name in names:
        scenario, issues = state.validate_data(state.load_template(name))
        assert scenario is not None and not issues, (name, [str(i) for i in issues])


def test_demand_table_round_trip_and_edits_go_through_the_loader():
    data = state.load_template("default")
    frame = state.demand_frame(data)
    assert state.data_json(state.apply_demand_frame(data, frame)) == state.data_json(data)
    edited = frame.copy()
    row = edited.index[edited["name"] == "repair_report"][0]
    edited.loc[row, "handle_mean_s"] = 360          # lognormal 180/90 -> 360/180: shape kept
    edited.loc[row, "rate"] = 0.3
    out = state.apply_demand_frame(data, edited)
    stream = out["demand"]["calls"]["repair_report"]
    assert stream["handle_time_s"] == {"dist": "lognormal", "mean": 360, "sd": 180}
    assert stream["rate_per_household_per_month"] == 0.3
    assert state.validate_data(out)[0] is not None
    edited.loc[row, "rate"] = -1
    scenario, issues = state.validate_data(state.apply_demand_frame(data, edited))
    assert scenario is None
    assert [i.path for i in issues] == ["demand.calls.repair_report.rate_per_household_per_month"]
    assert "≥ 0" in issues[0].message


def test_distribution_means_rescale_every_family():
    assert state.with_mean({"dist": "uniform", "low": 30, "high": 60}, 90) == {"dist": "uniform", "low": 60, "high": 120}
    assert state.with_mean({"dist": "deterministic", "value": 5}, 10) == {"dist": "deterministic", "value": 10}
    assert state.with_mean({"dist": "empirical", "values": [1, 3]}, 4) == {"dist": "empirical", "values": [2, 6]}
    assert state.with_mean({"dist": "exponential", "mean": 90}, -5) == {"dist": "exponential", "mean": -5}
    assert state.dist_mean({"dist": "gamma", "mean": 7, "sd": 2}) == 7


def test_commitment_table_round_trip_switch_off_and_grades():
    data = state.load_template("default")
    frame = state.targets_frame(data)
    assert state.targets_of(state.apply_targets_frame(data, frame)) == state.targets_of(data)
    counted = state.apply_targets_frame(data, frame)          # a completion clock that counts parts waits
    counted["targets"]["field"]["request_completion"]["parts_wait_paused"] = False
    again = state.apply_targets_frame(counted, state.targets_frame(counted))
    assert again["targets"]["field"]["request_completion"]["parts_wait_paused"] is False   # kept by an edit
    assert state.matching_grade(data) == 1
    off = frame.copy()
    off.loc[off["id"] == "calls.abandon_rate", "on"] = False
    off.loc[off["id"] == "field.patrol_rounds", "on"] = False
    off.loc[off["id"] == "calls.service_level", "within"] = 10
    scenario = validate(state.apply_targets_frame(data, off))
    keys = {(k.stream, k.metric) for k in kpi_targets(scenario, list(scenario.centre.pools))}
    assert ("calls", "abandon_rate") not in keys and ("patrols", "round_completion") not in keys
    assert ("calls", "service_level") in keys and scenario.targets.calls.answer_within_s == 10
    for grade in (1, 2, 3, 4):
        graded = state.apply_grade_commitments(data, grade)
        assert state.validate_data(graded)[0] is not None
        assert state.matching_grade(graded) == grade
    three = validate(state.apply_grade_commitments(data, 3))
    assert three.targets.field.response["routine"].within_min == 60
    assert [w.every_h for w in three.field.patrols["main_route"].schedule] == [3, 3]


def test_roster_table_round_trip_and_head_counts():
    data = state.load_template("default")
    frame = state.roster_frame(data)
    assert state.data_json(state.apply_roster_frame(data, frame)) == state.data_json(data)
    edited = frame.copy()
    edited.loc[(edited["group"] == "guards") & (edited["shift"] == "night"), "people"] = 3
    scenario = validate(state.apply_roster_frame(data, edited))
    assert scenario.field.teams["guards"].roster.shifts["night"].agents == 3
    staffed = state.staffed_by_hour(scenario)
    guards_at_3 = staffed[(staffed["group"] == "guards") & (staffed["hour"] == 3)]["people"].item()
    assert guards_at_3 == 3
    # whole people on the chart: a weekday-only shift is counted on the days it works, not as a
    # fraction of the week's mean (issue 35: "0.5 people" on the hourly chart)
    assert staffed["people"].map(lambda x: float(x).is_integer()).all()
    office_data = json.loads(state.data_json(data))
    desk = office_data["centre"]["pools"]["service_desk"]["roster"]["shifts"]
    desk["office"] = {"start": "09:00", "length_h": 8, "days": ["mon", "tue", "wed", "thu", "fri"], "agents": 1}
    before = staffed[(staffed["group"] == "service_desk") & (staffed["hour"] == 10)]["people"].item()
    weekdays = state.staffed_by_hour(validate(office_data))
    assert weekdays[(weekdays["group"] == "service_desk") & (weekdays["hour"] == 10)]["people"].item() == before + 1
    edited.loc[0, "start"] = "25:00"
    scenario, issues = state.validate_data(state.apply_roster_frame(data, edited))
    assert scenario is None and issues[0].path.startswith("centre.pools.service_desk.roster.shifts.")


def test_wages_and_costs_tables():
    data = state.load_template("default")
    frame = state.wages_frame(data)
    assert list(frame["role"][:3]) == ["site_manager", "finance", "butler"]
    edited = frame.copy()
    edited.loc[edited["role"] == "guard", "wage"] = 4000
    scenario = validate(state.apply_wages_frame(data, edited))
    assert scenario.costs.wages_yuan_per_month["guard"] == 4000
    edited.loc[edited["role"] == "guard", "wage"] = 0
    scenario, issues = state.validate_data(state.apply_wages_frame(data, edited))
    assert scenario is None and "wages_yuan_per_month" in issues[0].path


def test_upload_valid_extends_and_invalid_files_name_the_problem():
    text = "extends: default.yaml\nname: bigger\nsites:\n  cuihu:\n    households: 3100\n"
    data = state.parse_upload("bigger.yaml", text.encode())
    assert data["name"] == "bigger" and data["sites"]["cuihu"]["households"] == 3100
    assert data["sites"]["cuihu"]["lifts"] == 40  # from the template it extends
    # Its own English description: the template's Chinese one (about the template) is not shown for it.
    own = state.parse_upload("own.yaml", (text + "description: Our site.\n").encode())
    assert own["description"] == "Our site." and not own.get("description_zh")
    with pytest.raises(state.ScenarioError) as bad_value:
        state.parse_upload("bad.yaml", (text + "    grade: 7\n").encode())
    issue = bad_value.value.issues[0]
    assert issue.path == "sites.cuihu.grade" and issue.source == "bad.yaml" and issue.line == 6
    with pytest.raises(state.ScenarioError) as bad_yaml:
        state.parse_upload("broken.yaml", b"name: x\nsites: [\n")
    assert bad_yaml.value.issues[0].source == "broken.yaml" and "not valid YAML" in bad_yaml.value.issues[0].message
    with pytest.raises(state.ScenarioError) as binary:
        state.parse_upload("x.yaml", b"\xff\xfe\x00")
    assert "UTF-8" in binary.value.issues[0].message


def test_yaml_download_loads_back_to_the_same_scenario():
    data = state.load_template("default_centralised")
    again = yaml.safe_load(state.yaml_text(data))
    assert state.canonical_json(validate(again)) == state.canonical_json(validate(data))


# --------------------------------------------------------------------------- translation table


def _used_keys() -> tuple[set[str], set[str]]:
    """Literal keys passed to t() and the f-string prefixes, from the app's sources."""
    literal, prefixes = set(), set()
    for path in [REPO / "app.py", *sorted((REPO / "ui").rglob("*.py"))]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) in ("t", "_t"):
                if not node.args:
                    continue
                arg = node.args[0]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    literal.add(arg.value)
                elif isinstance(arg, ast.JoinedStr) and arg.values and isinstance(arg.values[0], ast.Constant):
                    prefixes.add(arg.values[0].value)
    return literal, prefixes


def test_every_text_is_in_the_table_in_both_languages():
    literal, prefixes = _used_keys()
    missing = sorted(k for k in literal if k not in i18n.TEXT)
    assert not missing, missing
    for prefix in prefixes:
        assert any(k.startswith(prefix) for k in i18n.TEXT), prefix
    cjk = re.compile(r"[\u4e00-\u9fff]")
    for key, (zh, en) in i18n.TEXT.items():
        assert zh and en, key
        assert not cjk.search(en) or key == "lang.label", (key, en)
        assert set(re.findall(r"{(\w+)", zh)) == set(re.findall(r"{(\w+)", en)), key
    assert sum(bool(cjk.search(zh)) for zh, _ in i18n.TEXT.values()) > 0.9 * len(i18n.TEXT)


def test_loader_messages_in_chinese_name_the_field():
    data = state.load_template("default")
    data["sites"]["cuihu"]["households"] = -5
    _, issues = state.validate_data(data)
    zh = i18n.describe_issue(issues[0], "zh")
    en = i18n.describe_issue(issues[0], "en")
    assert "户数" in zh and "翠湖花园" in zh and "必须 ≥ 0" in zh and "-5" in zh
    assert "sites.cuihu" not in zh and "sites.cuihu" not in en  # words, never the path
    assert "households" in en and "must be ≥ 0" in en
    two = Change("add", GroupPath("pool", "service_desk"), ShiftRef("08:00 8h", "08:00", 8.0), "agents", 2)
    added = SearchEvent("step", action="add", move=two.label, cost_yuan=8723312.0, change=two)
    assert i18n.progress_message(added, "zh") == "增加：客服坐席 · 08:00 起 8 小时班加 2 人（年费用 872.3 万元）"


#: Latin words a Chinese message may keep: units and file formats.
_ZH_LATIN_OK = {"YAML", "UTF"}


def _latin(text: str) -> set[str]:
    text = re.sub(r"[\w./-]+\.ya?ml\b", " ", text)  # file names
    return set(re.findall(r"[A-Za-z]{2,}|\bNone\b", text)) - _ZH_LATIN_OK


@pytest.mark.parametrize("path,value", [
    ("sites.cuihu.households", -5), ("sites.cuihu.lifts", 2.5), ("sites.cuihu.lifts", 1e9), ("replications", 0),
    ("calendar.start_date", "2026-02-30"), ("calendar.warmup_days", 40),
    ("costs.wages_yuan_per_month.butler", ""), ("demand.calls.enquiry.profile", "nope"),
    ("centre.pools.service_desk.roster.shifts.night.breaks.0.after_h", 7.9),
    ("centre.pools.service_desk.roster.shifts.night.start", "25:00"),
    ("field.teams.technicians.roster.shifts.evening.agents", None),
    ("demand.calls.enquiry.handle_time_s.mean", -1), ("operating_model", "mixed"), ("costs.fee_model", True),
    ("field.patrols.main_route.team", "nobody"), ("centre.operator", "group"),
])
def test_every_loader_message_reads_in_chinese_with_field_names(path, value):
    """Bad values of every kind the app can make: each problem names the field in words (no
    path), its value (never None) and what is allowed, in Chinese with no English word."""
    data = state.load_template("default")
    state.set_path(data, path, value)
    _, issues = state.validate_data(data)
    assert issues, path
    for issue in issues:
        zh, en = i18n.describe_issue(issue, "zh"), i18n.describe_issue(issue, "en")
        typed = {value if isinstance(value, str) else "", path.rsplit(".", 1)[-1]} - {""}  # the planner's own words
        shown = zh
        for word in typed:
            shown = shown.replace(word, "")
        assert not _latin(shown), (path, zh)
        assert "None" not in en and ("." not in path or (path not in zh and path not in en)), (path, en)


def test_every_schema_field_has_a_name_in_both_languages():
    """The field-name table (ui.names.FIELD_NAMES) covers the whole schema, so no message or
    label falls back to a field's identifier; a new schema field needs its names here."""
    assert names.unnamed_fields() == []
    for key, (zh, en) in names.FIELD_NAMES.items():
        assert zh and en and re.search(r"[\u4e00-\u9fff]", zh), key
    assert names.path_words("field.teams.technicians.roster.shifts.evening.agents", "zh") == \
        "现场作业 · 现场班组「维修工」 · 排班 · 班次「晚班」 · 人数"


def test_every_key_of_every_template_has_a_name_in_both_languages():
    """Sites, pools, teams, posts, shifts, profiles, contact types, routes, equipment and
    incidents of the bundled templates all have names for people (no snake_case on screen)."""
    from sim.scenario.names import scenario_keys

    for template in state.templates():
        scenario = validate(state.load_template(template))
        missing = sorted(k for k in scenario_keys(scenario) if not names.has_name(k, names.display_names(scenario)))
        assert not missing, (template, missing)


def test_a_scenario_names_its_own_keys_and_a_wrong_key_is_refused():
    data = state.load_template("default")
    data["display_names"] = {"cuihu": {"zh": "翠湖花园", "en": "Cuihu Park"}, "night": {"zh": "大夜班"}}
    scenario, issues = state.validate_data(data)
    assert not issues
    own = names.display_names(scenario)
    assert names.key_name("cuihu", "zh", own) == "翠湖花园" and names.key_name("cuihu", "en", own) == "Cuihu Park"
    assert names.key_name("night", "zh", own) == "大夜班" and names.key_name("night", "en", own) == "night"
    data["display_names"] = {"cuihuu": {"zh": "翠湖"}}
    _, issues = state.validate_data(data)
    assert [i.path for i in issues] == ["display_names.cuihuu"] and "cuihu" in issues[0].message


def test_an_upload_with_several_problems_lists_them_all():
    text = b"extends: default.yaml\nsites:\n  cuihu:\n    zones: 0\n    housholds: 5\n    lifts: 2.5\n"
    with pytest.raises(state.ScenarioError) as error:
        state.parse_upload("two.yaml", text)
    paths = sorted(i.path for i in error.value.issues)
    assert paths == ["sites.cuihu.housholds", "sites.cuihu.lifts", "sites.cuihu.zones"]


def test_values_that_would_be_coerced_or_cleared_are_refused():
    """2.5 people, 1e9 lifts, a cleared wage, head count, start or weight: each reaches the
    loader as given and is refused with a message, never rounded, cut or dropped."""
    data = state.load_template("default")
    frame = state.roster_frame(data)
    edited = frame.copy()
    edited.loc[0, "people"] = 2.5
    _, issues = state.validate_data(state.apply_roster_frame(data, edited))
    assert [i.value for i in issues] == [2.5] and "整数" in i18n.describe_issue(issues[0], "zh")
    edited = frame.copy()
    edited.loc[0, "people"] = None
    edited.loc[1, "start"] = None
    _, issues = state.validate_data(state.apply_roster_frame(data, edited))
    assert len(issues) == 2 and all("必须填写" in i18n.describe_issue(i, "zh") for i in issues)
    wages = state.wages_frame(data)
    wages.loc[wages["role"] == "butler", "wage"] = None
    _, issues = state.validate_data(state.apply_wages_frame(data, wages))
    assert [i.path for i in issues] == ["costs.wages_yuan_per_month.butler"]
    assert "（空）" in i18n.describe_issue(issues[0], "zh")
    hours = state.profile_frame(data, "hour_of_day")
    hours.loc[3, "residential"] = None
    _, issues = state.validate_data(state.apply_profile_frame(data, hours, "hour_of_day"))
    assert issues and issues[0].path.startswith("demand.profiles.residential.hour_of_day")
    lifts = copy.deepcopy(data)
    state.set_path(lifts, "sites.cuihu.lifts", state.filled(1e9))
    _, issues = state.validate_data(lifts)
    assert [i.path for i in issues] == ["sites.cuihu.lifts"] and issues[0].value == 1_000_000_000


def test_breaks_are_editable_and_a_big_shift_takes_them_in_waves():
    """Twenty people on a shift with staggered breaks take them in waves (the scenario is valid);
    a break that cannot end within the shift is refused in words pointing at the breaks table,
    and an earlier break in the breaks table makes it valid again."""
    data = state.load_template("default")
    frame = state.breaks_frame(data)
    assert not frame.empty
    row = frame.iloc[0]
    path = row["path"].rsplit(".breaks.", 1)[0] + ".agents"
    state.set_path(data, path, 20)
    _, issues = state.validate_data(data)
    assert not issues, [str(i) for i in issues]
    frame = state.breaks_frame(data)
    # the table's "last person back": the last staggered start that fits, then the break
    big = frame[frame["path"] == row["path"]].iloc[0]
    fits = int((big["shift_h"] * 60 - big["after_h"] * 60 - big["length_min"]) // big["stagger_min"]) + 1
    assert state.last_back_h(big) == pytest.approx(
        big["after_h"] + (min(fits, 20) - 1) * big["stagger_min"] / 60 + big["length_min"] / 60, abs=0.01)
    assert state.last_back_h(big) <= big["shift_h"]
    edited = frame.copy()
    edited.loc[edited["path"] == row["path"], "after_h"] = 23.9
    _, issues = state.validate_data(state.apply_breaks_frame(data, edited))
    assert issues and "休息安排" in i18n.describe_issue(issues[0], "zh")
    edited.loc[edited["path"] == row["path"], "after_h"] = 1
    scenario, issues = state.validate_data(state.apply_breaks_frame(data, edited))
    assert not issues, [str(i) for i in issues]


def _shift(name: str, start: str = "08:00", length_h: float = 8.0) -> ShiftRef:
    return ShiftRef(name, start, length_h)


#: Moves of every kind of the search, as values, with the string form each is written in.
MOVES = {
    "centre.pools.service_desk 00:00 8h +1": Change("add", GroupPath("pool", "service_desk"),
                                                    _shift("00:00 8h", "00:00"), "agents", 1),
    "field.teams.guards day starts 08:00": Change("retime", GroupPath("team", "guards"), _shift("day", "07:00"),
                                                  "start", start="08:00"),
    "field.teams.technicians evening -1, then field.teams.technicians night +1": Change(
        "remove", GroupPath("team", "technicians"), _shift("evening", "16:00"), "agents", -1).then(
        Change("add", GroupPath("team", "technicians"), _shift("night", "00:00"), "agents", 1)),
    "field.posts.main_gate day 12 h": Change("resize", GroupPath("post", "main_gate"), _shift("day"), "length_h",
                                             length_h=12.0),
    "field.teams.butlers one of day to a new shift at 09:00": Change(
        "split", GroupPath("team", "butlers"), _shift("day", "08:00", 9.0), "agents", 1, start="09:00",
        made=_shift("day_0900", "09:00", 9.0)),
    "with merge_pool:experts>service_desk": Change("option", option="merge_pool:experts>service_desk", on=True),
    "field.teams.guards day → night": Change("transfer", GroupPath("team", "guards"), _shift("day"), "agents", 1,
                                             other=_shift("night", "00:00")),
    "field.teams.guards every shift -60 min": Change("retime_all", GroupPath("team", "guards"), field="start", delta=-60),
    "field.posts.main_gate rotation +1 per crew": Change("add", GroupPath("post", "main_gate"), field="people_per_crew",
                                                         delta=1),
    "centre.pools.service_desk one of day_0700 and one of 16:00 8h → one 10 h shift at 12:00": Change(
        "consolidate", GroupPath("pool", "service_desk"), _shift("day_0700", "07:00"), "agents", -1, start="12:00",
        length_h=10.0, other=_shift("16:00 8h", "16:00"), made=_shift("day_0700_1200_10h", "12:00", 10.0)),
}


def test_planner_moves_and_log_read_in_words():
    for label, change in MOVES.items():
        assert change.label == label and Change.from_dict(json.loads(json.dumps(change.to_dict()))) == change
        zh = i18n.change_words(change, "zh")
        assert not _latin(zh) and "_" not in zh, (label, zh)
        assert "_" not in i18n.change_words(change, "en"), label
    both = ("merge_pool:experts>agents", "on_call:technicians>night")
    misses = (TargetEvidence(KpiKey("work_orders.emergency", "response_within_target"), 0.9412, 0.924, 0.9584, ">=", 0.95),
              TargetEvidence(KpiKey("work_orders.urgent", "response_within_target"), 0.7659, 0.6461, 0.8857, ">=", 0.9))
    one = Change("add", GroupPath("pool", "service_desk"), _shift("08:00 8h"), "agents", 1)
    for event in (SearchEvent("step", action="add", move=one.label, cost_yuan=8723312.0, change=one),
                  SearchEvent("search", ("merge_pool:experts>service_desk",)), SearchEvent("verified"),
                  SearchEvent("analytic_start", analytic=(AnalyticRoster("service_desk", 178.5, 178.5),)),
                  SearchEvent("inconclusive", target=KpiKey("incidents", "response_within_target"), replications=8),
                  # verification, best first over the searches' designs (planner.search.optimise)
                  SearchEvent("verifying", both), SearchEvent("verifying", repaired=True),
                  SearchEvent("repairing", evidence=(
                      TargetEvidence(KpiKey("calls", "abandon_rate"), 0.03982, 0.02852, 0.05112, "<=", 0.05),
                      TargetEvidence(KpiKey("calls", "service_level_hour", "18:00"), 0.4529, 0.324, 0.5819, ">=", 0.7)),
                      replications=8),
                  SearchEvent("misses", ("merge_pool:experts>agents", "night_cover:agents>monitoring_room",
                                         "on_call:technicians>night"), evidence=misses, replications=128),
                  SearchEvent("sets_aside", both, targets=tuple(e.key for e in misses)),
                  SearchEvent("is_plan", ("merge_pool:experts>agents",)), SearchEvent("is_plan"),
                  SearchEvent("gave_up", ("on_call:technicians>night",)),
                  SearchEvent("search", ("butler_repairs:butlers>general", "on_call:technicians>night"))):
        zh, en = i18n.progress_message(event, "zh"), i18n.progress_message(event, "en")
        assert not _latin(zh) and zh != en, (event, zh)
        assert "_" not in en, (event, en)
    assert i18n.target_label("field.response.emergency", "zh") == "紧急维修到场"
    assert "[" not in i18n.target_label("staff[service_desk].occupancy", "zh")


def test_kpi_labels_and_values():
    assert i18n.kpi_label("calls", "service_level", None, "zh", 15.0) == "住户来电 · 服务水平（15秒内接通）"
    assert i18n.kpi_label("staff", "occupancy", "service_desk", "en") == "Agents · service desk · occupancy"
    assert i18n.kpi_label("staff", "occupancy", "cuihu/main_gate", "zh") == "坐席 · 翠湖花园 · 大门岗 · 占用率"
    assert i18n.fmt_value(0.8123, "share", "en") == "81.2%"
    assert i18n.fmt_value(12.34, "min", "zh") == "12.3 分钟" and i18n.fmt_value(12.34, "min", "en") == "12.3 min"
    assert i18n.status_text("missed", "zh") == "✘ 未达标"
    assert i18n.fmt_money(1_234_567, "zh") == "123.5 万元" and i18n.fmt_money(1_234_567, "en") == "¥1,234,567"


# --------------------------------------------------------------------------- cached runs


def test_runs_are_cached_without_event_logs():
    scenario = validate(state.load_template("villa_estate"))
    settings = runs.RunSettings("quick", 2.0, 2, 7)
    seen = []
    first = runs.run_tables(scenario, settings, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 2), (2, 2)]
    started = time.perf_counter()
    again = runs.run_tables(scenario, settings)
    assert time.perf_counter() - started < 0.5
    pd.testing.assert_frame_equal(first.kpi, again.kpi)
    text = state.canonical_json(runs.scenario_for(scenario, settings))
    replication = runs._replication(text, 7, 0)
    assert replication.log is None  # keep_logs=False: no contact records in the cache
    assert {"stream", "low_s", "high_s", "count", "share"} <= set(first.histogram.columns)
    assert first.within_s["calls"] == scenario.targets.calls.answer_within_s
    assert first.within_s["work_orders.routine"] == scenario.targets.field.response["routine"].within_min * 60
    assert set(first.by_hour["metric"]) >= {"service_level", "agents_present"}


def test_run_settings_quick_and_full():
    scenario = validate(state.load_template("default"))
    quick = runs.run_settings(scenario, "quick")
    full = runs.run_settings(scenario, "full")
    assert (quick.horizon_days, quick.replications) == (runs.QUICK_DAYS, runs.QUICK_REPLICATIONS)
    assert (full.horizon_days, full.replications) == (28, 10)
    assert runs.plan_settings(scenario, "quick").search.search_days == 3
    # A quick plan searches by the full plan's rule (a mean must be settleable on the full
    # verification's budget: 32 × 10 replications × 28 days) and is verified once, unrepaired.
    from planner.search.optimise import VERIFY_CAP, settle_rep_days
    plan_quick, plan_full = runs.plan_settings(scenario, "quick").search, runs.plan_settings(scenario, "full").search
    assert plan_quick.settle_budget_rep_days == pytest.approx(settle_rep_days(scenario))
    assert settle_rep_days(scenario) == pytest.approx(VERIFY_CAP * 10 * (28 - scenario.calendar.warmup_days))
    assert (plan_quick.verify_rounds, plan_full.verify_rounds) == (1, runs.VERIFY_ROUNDS)
    assert plan_full.settle_budget_rep_days is None
    # A quick plan searches each option once on top of the best so far, within a candidate count.
    assert (plan_quick.option_strategy, plan_full.option_strategy) == ("greedy", "singles")
    assert plan_quick.max_candidates == runs.QUICK_PLAN.max_candidates and plan_full.max_candidates is None
    # The quick plan's remaining time: its pace times the candidates it may still simulate.
    most = runs.QUICK_PLAN.max_candidates + runs.QUICK_TAIL_CANDIDATES
    in_quick, in_full = runs.plan_settings(scenario, "quick"), runs.plan_settings(scenario, "full")
    assert runs.plan_remaining_s(in_quick, 10, 2.0) == pytest.approx(0.2 * (most - 10))
    assert runs.plan_remaining_s(in_quick, most, 20.0) is None  # past the usual count: the count alone
    assert runs.plan_remaining_s(in_quick, 0, 0.0) is None and runs.plan_remaining_s(in_full, 10, 2.0) is None


# --------------------------------------------------------------------------- the app (AppTest)


def test_app_opens_on_the_default_scenario_in_chinese():
    at = new_app()
    no_exception(at)
    assert at.session_state["data"]["name"] == "default"
    assert at.selectbox(key=lkey(at, "template")).value == "default"
    assert at.title[0].value.startswith("场景")
    assert "场景有效" in sidebar_status(at)
    assert at.number_input(key=wkey(at, "site_cuihu_households")).value == 2000
    assert [r.value for r in at.sidebar.radio] == ["zh", "quick"]


def test_switching_language_changes_every_page():
    at = new_app()
    at.radio(key="lang").set_value("en").run()
    no_exception(at)
    assert at.title[0].value.startswith("Scenario")
    assert "Scenario valid" in sidebar_status(at)
    assert not re.search(r"[\u4e00-\u9fff]", "\n".join(w.label for w in at.number_input))
    for page, title in (("simulate", "Simulate"), ("optimise", "Optimise"), ("compare", "Compare"), ("export", "Export")):
        at.switch_page(f"ui/pages/{page}.py").run()
        no_exception(at)
        assert at.title[0].value.startswith(title)
    at.radio(key="lang").set_value("zh").run()
    assert at.title[0].value.startswith("导出")


def test_edit_households_then_simulate_quick_shows_kpis_against_targets():
    at = new_app()
    at.number_input(key=wkey(at, "site_cuihu_households")).set_value(2500).run()
    no_exception(at)
    assert at.session_state["data"]["sites"]["cuihu"]["households"] == 2500
    at.switch_page("ui/pages/simulate.py").run()  # quick mode runs by itself
    no_exception(at)
    last = at.session_state["last_run"]
    assert last["settings"].mode == "quick" and last["tables"].replications == runs.QUICK_REPLICATIONS
    kpi_table = at.dataframe[0].value
    assert list(kpi_table.columns) == ["指标", "均值", "95% 置信区间", "目标", "结论"]
    # every commitment has one of the four verdicts (sim.results.verdicts) in words
    assert kpi_table["结论"].isin([i18n.status_text(v.value, "zh") for v in Verdict]).all()
    assert any("项承诺中达标" in str(e.value) for e in [*at.success, *at.error, *at.warning])
    # An unchanged scenario: the same tables from the cache, at once.
    key = last["key"]
    at.button(key="run_btn").click().run()
    assert at.session_state["last_run"]["key"] == key
    assert at.session_state["last_run"]["tables"].seconds < 1.0


def test_invalid_value_names_the_field_and_blocks_runs_without_a_traceback():
    at = new_app()
    at.number_input(key=wkey(at, "site_cuihu_households")).set_value(-5).run()
    no_exception(at)
    banner = "\n".join(str(e.value) for e in at.error)
    assert "户数" in banner and "翠湖花园" in banner and "sites.cuihu" not in banner and "必须 ≥ 0" in banner
    assert "场景有 1 个问题" in sidebar_status(at)
    at.switch_page("ui/pages/simulate.py").run()
    no_exception(at)
    assert any("请先修正" in str(w.value) for w in at.warning)
    assert all(b.key != "run_btn" for b in at.button)
    at.switch_page("ui/pages/scenario.py").run()
    at.number_input(key=wkey(at, "site_cuihu_households")).set_value(1800).run()
    assert not at.error and "场景有效" in sidebar_status(at)


def test_a_fire_control_room_switched_off_is_warned_of_in_words_and_kept_under_centralised_control():
    at = new_app()
    building = at.selectbox(key=wkey(at, "site_cuihu_building_type"))
    assert building.value == "high_rise" and building.label == "建筑类型"
    rooms = at.number_input(key=wkey(at, "site_cuihu_fire_control_rooms"))
    assert rooms.value == 1 and rooms.label == "消防控制室数"  # by the building type: no "None"
    rooms.set_value(0).run()
    no_exception(at)
    warned = "\n".join(str(w.value) for w in at.warning)
    assert "消防控制室" in warned and "GB 25506-2010" in warned and "fire_control" not in warned
    assert not re.findall(r"[A-Za-z]{3,}", warned.replace("GB", ""))  # no English word, no raw key
    # The local rule that allows remote duty, once given, ends the warning.
    source = at.text_input(key=wkey(at, "site_cuihu_fire_control_source"))
    assert source.label == "允许远程值守的当地规定"
    source.set_value("某市消防救援支队复函（示例）").run()
    assert at.session_state["data"]["sites"]["cuihu"]["fire_control_source"] == "某市消防救援支队复函（示例）"
    assert "消防控制室" not in "\n".join(str(w.value) for w in at.warning)
    at.number_input(key=wkey(at, "site_cuihu_fire_control_rooms")).set_value(1).run()
    assert "消防控制室" not in "\n".join(str(w.value) for w in at.warning)
    at.selectbox(key=wkey(at, "site_cuihu_building_type")).set_value("villa").run()
    no_exception(at)
    assert at.session_state["data"]["sites"]["cuihu"]["building_type"] == "villa"


def test_upload_invalid_then_valid_scenario_file():
    at = new_app("en")
    bad = b"extends: default.yaml\nname: bad\nsites:\n  cuihu:\n    zones: 0\n"
    at.file_uploader(key="upload").upload("bad.yaml", bad, "application/x-yaml").run()
    no_exception(at)
    message = "\n".join(rendered(str(e.value)) for e in at.error)
    assert "bad.yaml" in message and "butler zones" in message and "sites.cuihu" not in message and "must be ≥ 1" in message
    assert at.session_state["data"]["name"] == "default"  # the previous scenario is kept
    good = b"extends: default.yaml\nname: uploaded_site\nsites:\n  cuihu:\n    households: 2222\n"
    at.file_uploader(key="upload").clear().upload("good.yaml", good, "application/x-yaml").run()
    no_exception(at)
    assert at.session_state["data"]["name"] == "uploaded_site"
    assert at.number_input(key=wkey(at, "site_cuihu_households")).value == 2222
    assert "Uploaded file: good.yaml" in "\n".join(rendered(c.value) for c in at.sidebar.caption)


def test_template_choice_replaces_the_scenario_and_yaml_downloads_it():
    at = new_app()
    at.selectbox(key=lkey(at, "template")).set_value("villa_estate").run()
    no_exception(at)
    assert at.session_state["data"]["name"] == "villa_estate"
    assert at.session_state["loaded_template"] == "villa_estate"
    download = at.sidebar.download_button[0]
    assert download.key == "dl_yaml"


def test_editors_write_back_through_their_edit_state():
    at = new_app("en")
    at.segmented_control(key=lkey(at, "scenario_section")).set_value("demand").run()
    no_exception(at)
    editor_key = f"ed_demand__v{at.session_state['version']}_en"
    assert any(e.key == editor_key for e in at.data_editor)
    at.session_state[editor_key] = {"edited_rows": {0: {"rate": 0.4}}, "added_rows": [], "deleted_rows": []}
    at.run()
    no_exception(at)
    assert at.session_state["data"]["demand"]["calls"]["repair_report"]["rate_per_household_per_month"] == 0.4
    # the roster: one more guard at night
    at.segmented_control(key=lkey(at, "scenario_section")).set_value("staffing").run()
    frame = state.roster_frame(at.session_state["data"])
    row = int(frame.index[(frame["group"] == "guards") & (frame["shift"] == "night")][0])
    roster_key = f"ed_roster__v{at.session_state['version']}_en"
    at.session_state[roster_key] = {"edited_rows": {row: {"people": 3}}, "added_rows": [], "deleted_rows": []}
    at.run()
    no_exception(at)
    assert at.session_state["data"]["field"]["teams"]["guards"]["roster"]["shifts"]["night"]["agents"] == 3


def test_commitments_by_grade_and_operating_model():
    at = new_app("en")
    at.segmented_control(key=lkey(at, "scenario_section")).set_value("commitments").run()
    grade_widget = [w for w in at.segmented_control if w.key and w.key.startswith("commit_grade")][0]
    grade_widget.set_value(3).run()
    no_exception(at)
    targets = at.session_state["data"]["targets"]
    assert targets["calls"]["answer_within_s"] == 30 and targets["field"]["response"]["routine"]["within_min"] == 60
    at.segmented_control(key=lkey(at, "scenario_section")).set_value("staffing").run()
    at.radio(key=wkey(at, "operating_model")).set_value("centralised").run()
    no_exception(at)
    assert at.session_state["data"]["operating_model"] == "centralised"


def test_optimise_compare_and_export_flow(monkeypatch):
    # Small planner settings keep this flow short; the browser test runs the real quick mode.
    monkeypatch.setattr(runs, "QUICK_PLAN_DAYS", 2.0)
    monkeypatch.setattr(runs, "QUICK_PLAN", runs.QUICK_PLAN.but(replications=2, search_days=1.0, verify_replications=2))
    monkeypatch.setattr(runs, "QUICK_DAYS", 2.0)
    monkeypatch.setattr(runs, "QUICK_REPLICATIONS", 2)
    at = new_app("en")
    at.selectbox(key=lkey(at, "template")).set_value("villa_estate").run()
    at.switch_page("ui/pages/optimise.py").run()
    no_exception(at)
    at.button(key="optimise_btn").click().run()
    no_exception(at)
    record = runs.find_plan(at.session_state["plan_key"])
    assert record is not None and record.plan["scenario"] == "villa_estate"
    assert record.plan["staffing"] and record.plan["headcount"] and record.plan["evidence"]["kpis"]
    shown = texts(at)
    assert "Plan for Lanting villa estate" in shown and "commitments met" in shown
    assert any(d.key == "dl_plan_json" for d in at.download_button)
    # the evidence's intervals headed by the level verification judged on (planner.search.sequential)
    level = record.plan["evidence"]["interval_level"]
    heading = "95% interval" if level <= 0.95 else f"Interval ({round(100 * level, 1):g}%)"
    assert any(heading in d.value.columns for d in at.dataframe), [list(d.value.columns) for d in at.dataframe]
    assert (level > 0.95) == ("each look's interval at" in shown)
    # the rosters tab: whole people on duty in each hour, by post and team, and a month's rota
    from planner.rostering.on_duty import staffing_by_hour

    by_hour = next(d.value for d in at.dataframe if "23" in d.value.columns)
    hours = [f"{h:02d}" for h in range(24)]
    expected = [cover for patterns in staffing_by_hour(record.plan["staffing"]).values() for _, cover in patterns]
    assert by_hour[hours].values.tolist() == expected
    rota = next(d.value for d in at.dataframe if "Person" in d.value.columns)
    first = record.plan["rota"][0]
    assert len(rota) == len(first["grid"]) and rota.shape[1] == 1 + len(first["dates"])
    assert set(rota.iloc[:, 1:].values.ravel()) <= {v[1] for v in first["names"].values()} | {"off", "spare"}
    # the same scenario again: the stored plan, no new search
    at.button(key="optimise_btn").click().run()
    assert at.session_state["plan_key"] == record.key
    # compare with the other operating model
    at.switch_page("ui/pages/compare.py").run()
    at.button(key="compare_btn").click().run()
    no_exception(at)
    last = at.session_state["last_compare"]
    assert {last["a"].operating_model, last["b"].operating_model} == {"traditional", "centralised"}
    table = at.dataframe[1].value
    # every cell of a side says its mean and its verdict (on two replications an honest verdict is
    # mostly "not yet shown": planner.search.sequential)
    verdicts = (" met", "missed", "not yet shown", "not measured")
    assert table.shape[1] == 4 and all(any(w in str(v) for w in verdicts) for v in table.iloc[:, 2])
    # export the proposal
    at.switch_page("ui/pages/export.py").run()
    no_exception(at)
    assert at.radio(key="export_lang").value == "en"
    at.radio(key="export_edition").set_value("internal").run()  # a quick plan is no submission (issue 35)
    at.multiselect(key="export_formats").set_value(["xlsx"]).run()
    at.button(key="export_btn").click().run()
    no_exception(at)
    assert not at.error, [e.value for e in at.error]
    downloads = {d.key for d in at.download_button}
    assert "dl_xlsx" in downloads
    files = next(v for k, v in at.session_state["exports"].items() if k[:3] == (record.key, "en", "internal"))
    name, content = files["xlsx"]
    assert name.endswith(".xlsx") and content[:2] == b"PK"

    # A fresh session with no plan exports a saved plan.json instead (the main job's file);
    # a file that is not a plan is a message naming it.
    other = new_app("zh")
    other.switch_page("ui/pages/export.py").run()
    assert any("还没有配置方案" in i.value for i in other.info)
    other.file_uploader(key="plan_upload").upload("notes.json", b'{"scenario": "x"}', "application/json").run()
    no_exception(other)
    assert any("notes.json" in rendered(e.value) and "不是完整的方案文件" in e.value for e in other.error), \
        [e.value for e in other.error]
    saved = json.dumps(record.plan, ensure_ascii=False).encode()
    other.file_uploader(key="plan_upload").clear().upload("plan.json", saved, "application/json").run()
    no_exception(other)
    assert not other.error and "别墅区" in texts(other)
    other.radio(key="export_edition").set_value("internal").run()
    other.multiselect(key="export_formats").set_value(["xlsx"]).run()
    other.button(key="export_btn").click().run()
    no_exception(other)
    (key, files), = other.session_state["exports"].items()
    assert key[0].startswith("upload:") and key[1] == "zh"
    assert files["xlsx"][1][:2] == b"PK"


def test_a_quick_plan_is_a_preview_with_its_time_measured_and_verify_fully_runs_the_full_plan(monkeypatch):
    """A quick plan says it is a preview (page, record line, plan.json), promises no fixed time
    range, and "verify fully" switches to full mode and makes the full plan in one click."""
    monkeypatch.setattr(runs, "QUICK_PLAN_DAYS", 2.0)
    monkeypatch.setattr(runs, "QUICK_PLAN", runs.QUICK_PLAN.but(replications=2, search_days=1.0, verify_replications=2))
    monkeypatch.setattr(runs, "FULL_PLAN", runs.FULL_PLAN.but(replications=2, search_days=1.0, verify_replications=2,
                                                              verify_days=2.0, max_steps=2))
    for lang, preview, full in (("zh", "快速预览", "完整模式"), ("en", "quick preview", "full mode")):
        at = new_app(lang)
        at.selectbox(key=lkey(at, "template")).set_value("villa_estate").run()
        at.switch_page("ui/pages/optimise.py").run()
        assert not re.search(r"\d+\s*[–-]\s*\d+\s*(秒|s\b)", texts(at)), "a fixed time range is promised"
        at.button(key="optimise_btn").click().run()
        no_exception(at)
        record = runs.find_plan(at.session_state["plan_key"])
        assert record.settings.mode == "quick" and record.plan["preview"] is True and record.plan["mode"] == "quick"
        shown = texts(at)
        assert preview in shown and i18n.t("opt.preview", lang) in shown
        at.button(key="verify_fully_btn").click().run()
        no_exception(at)
        assert at.session_state["run_mode"] == "full"
        record = runs.find_plan(at.session_state["plan_key"])
        assert record.settings.mode == "full" and record.plan["preview"] is False
        shown = texts(at)
        assert full in shown and i18n.t("opt.preview", lang) not in shown
        assert not any(b.key == "verify_fully_btn" for b in at.button)
        assert at.radio(key=lkey(at, "mode")).value == "full"


def test_a_quick_plan_is_no_submission_and_the_bids_details_reach_the_document(monkeypatch):
    """Issue 35: the bid's own fields are edited on the Export page (into the scenario's proposal
    section, without making the plan stale) and carried by the document; a quick plan cannot be
    exported as the submission edition, and the page says why and what to do."""
    import io

    import docx

    monkeypatch.setattr(runs, "QUICK_PLAN_DAYS", 2.0)
    monkeypatch.setattr(runs, "QUICK_PLAN", runs.QUICK_PLAN.but(replications=2, search_days=1.0, verify_replications=2))
    at = new_app("zh")
    at.number_input(key=wkey(at, "site_cuihu_households")).set_value(3500).run()
    assert "已修改，现为 3,500 户" in "\n".join(str(c.value) for c in at.sidebar.caption)
    at.switch_page("ui/pages/optimise.py").run()
    at.button(key="optimise_btn").click().run()
    no_exception(at)
    at.switch_page("ui/pages/export.py").run()
    no_exception(at)
    assert at.radio(key="export_edition").value == "submission"  # the default export for a bid
    why = "\n".join(str(w.value) for w in at.warning)
    assert "不能导出投标提交版" in why and "快速预览" in why and "“完整验证”" in why and "内部审阅版" in why, why
    assert next(b for b in at.button if b.key == "export_btn").disabled
    at.text_input(key=wkey(at, "bid_bidder_zh")).set_value("青松物业服务有限公司").run()
    at.text_input(key=wkey(at, "bid_project_zh")).set_value("青松苑物业管理服务项目").run()
    at.text_input(key=wkey(at, "bid_contact_zh")).set_value("李经理").run()
    at.text_input(key=wkey(at, "bid_phone")).set_value("电话号码").run()
    assert any("联系电话" in str(e.value) for e in at.error), [e.value for e in at.error]  # named, in Chinese
    at.radio(key="export_edition").set_value("internal").run()
    assert next(b for b in at.button if b.key == "export_btn").disabled  # not with the details as they were
    at.radio(key="export_edition").set_value("submission").run()
    at.text_input(key=wkey(at, "bid_prepared_on")).set_value("2026-02-30").run()
    assert any("编制日期" in str(e.value) for e in at.error), [e.value for e in at.error]
    at.text_input(key=wkey(at, "bid_prepared_on")).set_value("2026-12-20").run()
    at.text_input(key=wkey(at, "bid_phone")).set_value("0755-8888 6666").run()
    no_exception(at)
    # no field error left (the plan's own verdict count, a quick plan's misses, is shown apart)
    verdict_line = "项承诺中达标"  # ui.i18n's kpi.summary
    assert not [e.value for e in at.error if verdict_line not in str(e.value)], [e.value for e in at.error]
    proposal = at.session_state["data"]["proposal"]
    assert proposal["bidder"]["zh"] == "青松物业服务有限公司" and proposal["phone"] == "0755-8888 6666"
    assert not any("修改前的场景" in str(w.value) for w in at.warning)  # the bid's details do not stale the plan
    at.radio(key="export_edition").set_value("internal").run()
    at.multiselect(key="export_formats").set_value(["docx"]).run()
    at.button(key="export_btn").click().run()
    no_exception(at)
    (_, content), = [v["docx"] for k, v in at.session_state["exports"].items() if k[2] == "internal"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)
    text += "\n".join(c.text for t in docx.Document(io.BytesIO(content)).tables for r in t.rows for c in r.cells)
    for expected in ("青松物业服务有限公司", "青松苑物业管理服务项目", "李经理", "0755-8888 6666", "本项目共3,500户",
                     "编制日期：2026年12月20日"):
        assert expected in text, expected
    assert "示例物业服务有限公司" not in text and "2,000户" not in text


def test_stop_marks_the_run_so_quick_mode_does_not_restart_it():
    at = new_app()
    at.switch_page("ui/pages/simulate.py").run()
    key = at.session_state["last_run"]["key"]
    at.session_state["last_run"] = None
    at.session_state["stopped_run"] = key
    at.session_state["run_notice"] = "stopped"
    at.run()
    no_exception(at)
    assert at.session_state["last_run"] is None  # not restarted by quick mode
    assert any("已停止" in str(i.value) for i in at.info)
    at.button(key="run_btn").click().run()  # an explicit run goes ahead
    assert at.session_state["last_run"]["key"] == key


@pytest.mark.parametrize("template", state.templates())
def test_every_template_every_section_and_a_quick_run(template):
    at = new_app("en")
    if template != "default":
        at.selectbox(key=lkey(at, "template")).set_value(template).run()
    assert at.session_state["data"]["name"] == template
    for name in ("site", "demand", "commitments", "staffing", "costs", "settings"):
        at.segmented_control(key=lkey(at, "scenario_section")).set_value(name).run()
        no_exception(at)
        assert not at.error, (name, [e.value for e in at.error])
    at.switch_page("ui/pages/simulate.py").run()
    no_exception(at)
    assert at.session_state["last_run"]["tables"].scenario == template
    assert "commitments met" in texts(at)


def test_editor_deltas_apply_to_the_table_they_were_made_on():
    frame = state.roster_frame(state.load_template("default"))
    edited = state.apply_editor_delta(frame, {"edited_rows": {"2": {"people": 4, "start": "22:00"}},
                                              "added_rows": [], "deleted_rows": []})
    assert edited.loc[2, "people"] == 4 and edited.loc[2, "start"] == "22:00"
    assert state.frames_differ(frame, edited) and not state.frames_differ(frame, state.apply_editor_delta(frame, None))


def test_an_edit_reaches_the_scenario_even_when_the_next_run_shows_another_page():
    """A value typed and then a page link clicked at once: the widget's on_change writes it."""
    at = new_app()
    at.number_input(key=wkey(at, "site_cuihu_households")).set_value(2600)
    at.switch_page("ui/pages/simulate.py").run()
    no_exception(at)
    assert at.session_state["data"]["sites"]["cuihu"]["households"] == 2600
    assert at.session_state["last_run"]["tables"].kpi is not None


def test_set_aside_targets_are_named_in_words_not_keys():
    set_aside = ["incidents.response_within_target", "staff[service_desk].occupancy"]
    note = "targets no added staff could move (set aside): " + ", ".join(set_aside)
    plan = {"plan_version": 2, "set_aside": set_aside}
    zh = i18n.plan_note(note, "zh", plan)
    assert "incidents." not in zh and "response_within_target" not in zh
    assert i18n.kpi_label("incidents", "response_within_target", None, "zh") in zh
    assert i18n.kpi_label("staff", "occupancy", "service_desk", "zh") in zh
    en = i18n.plan_note(note, "en", plan)
    assert i18n.kpi_label("incidents", "response_within_target", None, "en") in en
    # a plan.json of version 1 named a set-aside target with its group last
    old = i18n.plan_note(note, "zh", {"set_aside": ["incidents.response_within_target", "staff.occupancy[service_desk]"]})
    assert old == zh


# --------------------------------------------------------------------------- every table in words

_SNAKE = re.compile(r"(?<![\w.-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w-])")
_DOTTED = re.compile(r"(?<![\w/.-])[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)+(?![\w(])")
_FILES = re.compile(r"[\w./-]+\.(?:yaml|yml|json|docx|xlsx|pdf|csv|md)\b")
#: Latin words a Chinese cell may hold: units, formats, the two sides of a comparison.
_ZH_CELL_OK = {"s", "min", "h", "A", "B", "PDF", "Word", "Excel", "YAML", "DOCX", "XLSX", "CSV"}


def _bad_cells(at: AppTest, lang: str) -> list[str]:
    """Text cells and column names of every table on the page (the browser draws tables on a
    canvas, so the browser test cannot read them) that show a key, a path, None or (Chinese)
    an English word."""
    found = []
    # Read-only tables: an editor's frame also holds the columns it hides (keys it writes back
    # by) and shows its text columns through the names its page put in them.
    for table in [t for t in at.dataframe if not getattr(t.proto, "editing_mode", 0)]:
        frame = table.value
        frame = frame.data if hasattr(frame, "data") else frame  # a Styler
        # an empty cell is drawn as a grey "None"
        found += [f"empty cells in {c!r}" for c in frame.columns if frame[c].isna().any()]
        cells = [str(c) for c in frame.columns] + [str(v) for v in frame.astype(object).to_numpy().ravel()
                                                   if isinstance(v, str)]
        for cell in cells:
            text = _FILES.sub(" ", cell)
            bad = _SNAKE.findall(text) + _DOTTED.findall(text) + re.findall(r"^(?:None|nan)$", text)
            if lang == "zh":
                bad += [w for w in re.findall(r"[A-Za-z]{2,}|(?<![\w/])[A-Za-z](?![\w/:])", text) if w not in _ZH_CELL_OK]
            found += [f"{cell!r}: {w}" for w in bad]
    return found


#: Latin a Chinese text may hold: names of methods and standards, formats, units, the sides A/B.
_ZH_TEXT_OK = _ZH_CELL_OK | {"Erlang", "GB", "SimPy", "UTF", "JSON", "KB", "MB", "Language"}  # (语言 · Language: the switch)
#: A fractional person: a number with a fraction before 人 (not a rate 人/…, person-shifts 人·班 or 人次).
_FRACTIONAL_PERSON = re.compile(r"\d+\.\d*[1-9]\d*\s*人(?![·/次均])")


def _bad_texts(at: AppTest, lang: str) -> list[str]:
    """The page's texts (titles, markdown, captions, alerts, labels) that show a raw key, a path,
    None, a duplicate-looking template (an unfilled {field}), or in Chinese an English word or a
    fractional person."""
    found = []
    for text in texts(at).splitlines():
        plain = _FILES.sub(" ", text)
        bad = _SNAKE.findall(plain) + _DOTTED.findall(plain) + re.findall(r"\bNone\b|\{\w+\}", plain)
        if lang == "zh":
            plain = re.sub(r":material/\w+:", " ", plain)
            bad += [w for w in re.findall(r"[A-Za-z]{2,}", plain) if w not in _ZH_TEXT_OK]
            bad += _FRACTIONAL_PERSON.findall(plain)
        found += [f"{text[:80]!r}: {w}" for w in bad]
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_table_on_every_page_shows_words(monkeypatch, lang):
    """Issue 35: every text as well as every table. The scenario's tables (demand, profiles, commitments, rosters, breaks, wages), the KPI
    tables, the plan's tables (staffing, rosters, evidence, norms, budget, search) and the
    comparison: no raw key, path or None in any cell, and no English word in Chinese."""
    monkeypatch.setattr(runs, "QUICK_PLAN_DAYS", 2.0)
    monkeypatch.setattr(runs, "QUICK_PLAN", runs.QUICK_PLAN.but(replications=2, search_days=1.0, verify_replications=2))
    monkeypatch.setattr(runs, "QUICK_DAYS", 2.0)
    monkeypatch.setattr(runs, "QUICK_REPLICATIONS", 2)
    at = new_app(lang)
    problems = []
    for section in ("site", "demand", "commitments", "staffing", "costs", "settings"):
        at.session_state[lkey(at, "scenario_section")] = section
        at.run()
        assert at.session_state["_section"] == section
        no_exception(at)
        problems += [f"scenario/{section} {p}" for p in _bad_cells(at, lang) + _bad_texts(at, lang)]
    for page, button in (("simulate", "run_btn"), ("optimise", "optimise_btn"), ("compare", "compare_btn")):
        at.switch_page(f"ui/pages/{page}.py").run()
        at.button(key=button).click().run()
        no_exception(at)
        problems += [f"{page} {p}" for p in _bad_cells(at, lang) + _bad_texts(at, lang)]
    for page in ("export", "portfolio"):
        at.switch_page(f"ui/pages/{page}.py").run()
        no_exception(at)
        problems += [f"{page} {p}" for p in _bad_cells(at, lang) + _bad_texts(at, lang)]
    assert not problems, problems


def test_an_upload_extending_a_server_file_names_the_templates_in_chinese():
    """``extends`` of an upload may name only a bundled template: the Chinese message lists them
    by their Chinese names with their file names (no raw key), the English one by key."""
    from sim.scenario.errors import ScenarioError
    with pytest.raises(ScenarioError) as err:
        state.parse_upload("evil.yaml", b"extends: /etc/passwd\nname: x\n")
    (issue,) = err.value.issues
    zh = rendered(i18n.describe_issue(issue, "zh"))
    for template in state.templates():
        assert f"{names.key_name(template, 'zh')}（{template}.yaml）" in zh, zh
        assert names.has_name(template)
    message = zh.split("：", 1)[1]                                   # after the field and the value given
    without_files = re.sub(r"[\w./-]+\.yaml", " ", message)
    assert not re.search(r"[A-Za-z]{2,}", without_files), zh      # no English word, no raw key
    assert "翠湖花园（default.yaml）" in zh and "继承" in zh
    en = rendered(i18n.describe_issue(issue, "en"))
    assert "Cuihu Garden (default.yaml)" in en and "(default_centralised.yaml)" in en and "bundled template" in en


def test_a_rotation_row_of_the_roster_table_has_no_empty_cell():
    """The roster editor shows an empty number cell as "None": a rotation's row states the
    crews' hours a day (the shifts they rotate through) instead, and its words in Chinese."""
    data = state.load_template("default")
    data["field"]["posts"]["car_park"]["roster"] = {
        "shifts": {"day": {"start": "08:00", "length_h": 8, "agents": 0}, "evening": {"start": "16:00", "length_h": 8, "agents": 0},
                   "night": {"start": "00:00", "length_h": 8, "agents": 0}},
        "rotation": {"crews": 4, "people_per_crew": 1, "offset_days": 2,
                     "cycle": ["day", "day", "evening", "evening", "night", "night", "off", "off"]}}
    frame = state.roster_frame(data)
    (row,) = frame[frame["path"] == "field.posts.car_park.roster.rotation.people_per_crew"].to_dict("records")
    assert row["length_h"] == 24 and row["people"] == 1
    assert not frame[["shift", "start", "length_h", "days", "people"]].isna().any().any()
    assert row["crews"] == 4 and i18n.shift_label(row, "zh") == "4 个班组轮班"
    assert not re.search(r"[a-z]{2,}", i18n.shift_label(row, "zh"))
    assert "None" not in i18n.cycle_text(row["days"], "zh")
    assert state.data_json(state.apply_roster_frame(data, frame)) == state.data_json(data)


def test_the_app_and_the_proposal_name_fields_from_one_table():
    """sim.scenario.field_names is the only table of field names: the app's is the same object,
    and the proposal's appendix names every schema field by it (items of collections aside)."""
    from planner.proposal import param_names
    from sim.scenario import field_names
    assert names.FIELD_NAMES is field_names.FIELD_NAMES
    namer = param_names.Namer()
    for model in names.schema_models():
        for field in model.model_fields:
            expected = field_names.FIELD_NAMES.get(field, (field_names.field_zh(field),))[0]
            assert namer.part(field, None) == expected, (model.__name__, field)
    # the proposal's module holds no field of its own: only items a scenario names
    fields = {f for m in names.schema_models() for f in m.model_fields}
    # (two items share a field's key: the butlers' team and the group centre's pool of agents)
    assert not (set(param_names.ITEM_ZH) & fields - {"butlers", "agents"})
    # an item is named as an item, a field as a field, in one path
    assert param_names.Namer().path("centre.pools.agents.roster.shifts.early.agents").split("·")[2:] == \
        ["客服坐席组", "排班", "班次", "早班", "人数"]


def test_a_download_is_named_by_a_safe_stem_of_the_scenario_name():
    """A plan's download is named after its scenario, which may hold anything a file's author
    typed: a group's site (``group:site``), a path, nothing usable; the stem keeps letters, digits,
    ``-`` and ``_`` only and is never empty."""
    from ui.views import file_stem

    assert file_stem("group_portfolio:jinxiu") == "group_portfolio_jinxiu"
    assert file_stem("../../etc/passwd") == "etc_passwd"
    assert file_stem("翠湖花园 2027") == "翠湖花园_2027"
    assert file_stem(":/:") == "scenario" and len(file_stem("x" * 500)) == 80


def test_every_page_ends_with_the_next_step_and_what_is_missing_for_it():
    """The guided flow (ui/flow.py): Scenario → Simulate → Optimise → Export, each page's last
    line a link to the next and, before a plan exists, what the export needs; a scenario with a
    problem says to fix it first. In both languages."""
    from ui import flow

    for lang in ("zh", "en"):
        at = new_app(lang)
        for page in ("scenario", "simulate", "optimise", "compare", "portfolio", "export"):
            if page != "scenario":
                at.switch_page(f"ui/pages/{page}.py").run()
            no_exception(at)
            links = [str(e.proto.label) for e in at.get("page_link")]
            step = flow.NEXT[page]
            if step is None:
                assert i18n.t("flow.done", lang) in texts(at)
            else:
                assert i18n.t("flow.next", lang, step=i18n.t(f"nav.{step}", lang)) in links, (page, links)
            if step == "export":
                assert i18n.t("flow.plan_first", lang) in texts(at), page
    # what is missing, in order: the scenario's problems first, then a plan, then a full one
    assert flow.missing("export", object(), ["a problem"], {"preview": False}) == i18n.t("flow.fix_scenario", "zh", n=1)
    assert flow.missing("simulate", None, [], None) == i18n.t("flow.fix_scenario", "zh", n=0)
    assert flow.missing("export", object(), [], {"preview": True}) == i18n.t("flow.preview_only", "zh")
    assert flow.missing("export", object(), [], {"preview": False}) is None
    assert flow.missing("simulate", object(), [], None) is None


def test_the_training_plan_is_edited_in_one_language_and_keeps_the_other():
    """The Export page's training plan (issue 35): a course edited, one cleared (removed), one
    added in the blank last row; the other language's texts and each course's posts stay; hours
    typed as text become numbers, and a word where hours belong is named by the scenario check."""
    data = state.load_template("default")
    courses = data["proposal"]["training"]
    frame = state.training_frame(data, "zh")
    assert len(frame) == len(courses) + 1 and frame.iloc[-1].tolist() == ["", "", "", ""]
    assert frame.loc[0, "posts"] == "全体员工" and frame.loc[0, "hours"] == f"{courses[0]['hours']:g}"
    assert "None" not in frame.to_string()
    edited = frame.copy()
    edited.loc[0, "hours"] = "30"
    edited.loc[1, "topic"] = ""
    edited.loc[len(frame) - 1, ["topic", "hours", "when"]] = ["物业服务法规培训", "6", "每年"]
    new = state.apply_training_frame(data, edited, "zh")["proposal"]["training"]
    assert len(new) == len(courses)  # one removed, one added
    assert new[0]["hours"] == 30.0 and new[0]["topic"]["en"] == courses[0]["topic"]["en"]
    assert new[1] == courses[2]  # untouched, posts and English kept
    assert new[-1] == {"roles": [], "topic": {"zh": "物业服务法规培训"}, "hours": 6.0, "when": {"zh": "每年"}}
    assert validate(state.apply_training_frame(data, edited, "zh")) is not None
    edited.loc[0, "hours"] = "很多"
    scenario, issues = state.validate_data(state.apply_training_frame(data, edited, "zh"))
    assert scenario is None and any("proposal.training" in i.path for i in issues), [str(i) for i in issues]


def test_the_sidebar_and_the_description_say_the_scenario_was_edited_from_its_template():
    """Issue 35: after the households changed to 3,500 the sidebar still named the template (its
    label says 2,000 户) and the description kept the template's numbers unremarked."""
    at = new_app("zh")
    sidebar = lambda: "\n".join(str(c.value) for c in at.sidebar.caption)  # noqa: E731
    assert "模板：" in sidebar() and "已修改" not in sidebar()
    at.segmented_control(key=lkey(at, "scenario_section")).set_value("settings").run()
    assert not any("已修改" in str(c.value) for c in at.caption)
    at.segmented_control(key=lkey(at, "scenario_section")).set_value("site").run()
    at.number_input(key=wkey(at, "site_cuihu_households")).set_value(3500).run()
    assert "基于模板：" in sidebar() and "现为 3,500 户" in sidebar()
    at.segmented_control(key=lkey(at, "scenario_section")).set_value("settings").run()
    no_exception(at)
    assert any("已修改（现为 3,500 户）" in str(c.value) for c in at.caption), [c.value for c in at.caption]
    at.session_state["lang"] = "en"
    at.run()
    assert "edited; now 3,500 households" in sidebar()


def test_the_bids_texts_do_not_change_which_plan_is_the_scenarios():
    """Editing the bidder or the project (the proposal section) keeps the plan's key, so the
    Optimise and Export pages keep showing it; a staffing change makes another question."""
    data = state.load_template("default")
    scenario, _ = state.validate_data(data)
    settings = runs.plan_settings(scenario, "quick")
    data["proposal"]["bidder"] = {"zh": "青松物业服务有限公司", "en": "Qingsong Property Services"}
    renamed, _ = state.validate_data(data)
    assert runs.plan_key(renamed, settings) == runs.plan_key(scenario, settings)
    data["sites"]["cuihu"]["households"] += 1
    bigger, _ = state.validate_data(data)
    assert runs.plan_key(bigger, settings) != runs.plan_key(scenario, settings)


def test_a_template_switch_over_unsaved_edits_asks_first():
    """Issue 35: an edited scenario is not thrown away by a template switch without asking;
    keeping it restores the choice box, confirming loads the template."""
    at = new_app("en")
    at.number_input(key=wkey(at, "site_cuihu_households")).set_value(3456).run()
    assert at.session_state["data"]["sites"]["cuihu"]["households"] == 3456
    at.selectbox(key=lkey(at, "template")).set_value("villa_estate").run()
    no_exception(at)
    assert at.session_state["data"]["sites"]["cuihu"]["households"] == 3456  # not replaced yet
    assert any("unsaved edits" in w.value for w in at.warning)
    at.button(key="template_switch_no").click().run()
    no_exception(at)
    assert at.selectbox(key=lkey(at, "template")).value == "default"
    assert at.session_state["data"]["sites"]["cuihu"]["households"] == 3456
    assert not any("unsaved edits" in w.value for w in at.warning)
    at.selectbox(key=lkey(at, "template")).set_value("villa_estate").run()
    at.button(key="template_switch_yes").click().run()
    no_exception(at)
    assert at.session_state["data"]["name"] == "villa_estate"
    # a scenario as loaded switches at once
    at.selectbox(key=lkey(at, "template")).set_value("default").run()
    no_exception(at)
    assert at.session_state["data"]["name"] == "default"


def test_centralised_roster_lists_only_the_posts_staffed_under_it():
    """Issue 35: under centralised control the gate and car-park posts are not staffed, so the
    roster and breaks tables leave them out (the fire control room stays, with its people), and an
    edit of a row still writes to that row's own shift."""
    at = new_app("zh")
    at.segmented_control(key=lkey(at, "scenario_section")).set_value("staffing").run()
    traditional = next(e for e in at.data_editor if e.key.startswith("ed_roster__"))
    assert set(traditional.value["group"]) >= {names.key_name(p, "zh") for p in ("main_gate", "car_park", "monitoring_room")}
    at.radio(key=wkey(at, "operating_model")).set_value("centralised").run()
    no_exception(at)
    roster = next(e for e in at.data_editor if e.key.startswith("ed_roster_staffed__"))
    groups = set(roster.value["group"])
    assert names.key_name("monitoring_room", "zh") in groups
    assert not groups & {names.key_name(p, "zh") for p in ("main_gate", "car_park")}
    assert "集中管控模式下" in texts(at)
    breaks = [e for e in at.data_editor if e.key.startswith("ed_breaks")]
    for editor in breaks:
        assert not set(editor.value["group"]) & {names.key_name(p, "zh") for p in ("main_gate", "car_park")}
    # an edit of the fire control room's night shift lands on that shift
    frame = roster.value.reset_index(drop=True)
    row = int(frame.index[(frame["group"] == names.key_name("monitoring_room", "zh")) & (frame["start"] == "00:00")][0])
    at.session_state[roster.key] = {"edited_rows": {row: {"people": 3}}, "added_rows": [], "deleted_rows": []}
    at.run()
    no_exception(at)
    assert at.session_state["data"]["field"]["posts"]["monitoring_room"]["roster"]["shifts"]["night"]["agents"] == 3
    assert at.session_state["data"]["field"]["posts"]["main_gate"]["roster"]["shifts"]["night"]["agents"] == 2


HOSTILE = "[点我](http://evil.example/x) **粗** :red[红] $x$"


def _markdown_texts(at: AppTest) -> list[str]:
    """Every text the app renders as Markdown (titles, captions, alerts, markdown)."""
    kinds = ("markdown", "caption", "success", "error", "warning", "info", "subheader", "title", "header")
    return [str(e.value) for kind in kinds for e in getattr(at, kind) if isinstance(e.value, str)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_user_text_is_shown_as_text_never_as_markdown(lang):
    """Issue 35: a file name, a display name and the value quoted in a problem are shown as typed:
    no page renders them as a live link, bold, colour or maths (each formatting character of user
    text reaches Markdown escaped)."""
    at = new_app(lang)
    site = {"zh": HOSTILE, "en": HOSTILE}
    upload = yaml.safe_dump({"extends": "default.yaml", "name": "hostile", "display_names": {"cuihu": site, "hostile": site},
                             "sites": {"cuihu": {"households": 2100}}}, allow_unicode=True).encode()
    at.file_uploader(key="upload").upload(f"{HOSTILE}.yaml", upload, "application/x-yaml").run()
    no_exception(at)
    assert at.session_state["data"]["name"] == "hostile"
    bad = b"extends: default.yaml\nname: broken\nsites:\n  cuihu:\n    zones: 0\n"
    at.file_uploader(key="upload").clear().upload(f"{HOSTILE}2.yaml", bad, "application/x-yaml").run()
    no_exception(at)
    shown = _markdown_texts(at)
    for section in ("site", "staffing"):
        at.segmented_control(key=lkey(at, "scenario_section")).set_value(section).run()
        no_exception(at)
        shown += _markdown_texts(at)
    for page in ("simulate", "optimise", "export"):
        at.switch_page(f"ui/pages/{page}.py").run()
        no_exception(at)
        shown += _markdown_texts(at)
    escaped = [text for text in shown if "\\[点我\\]\\(http\u2060\\://evil\\.example/x\\)" in text]
    assert len(escaped) >= 3, shown  # the upload's name twice (accepted, refused), the site's heading, the status
    for text in shown:
        assert "](http" not in text and "**粗**" not in text and ":red[" not in text and "$x$" not in text, text


def test_a_stale_scenario_name_callback_writes_no_display_name_of_another_scenario():
    """The scenario-name box's callback is bound to the scenario shown when it was drawn; a late
    call after an upload replaced that scenario must not add a display name for a key the new
    scenario lacks (the loader refuses it, 'names no key of the scenario', and nothing can run)."""
    import streamlit as st

    from ui import views

    st.session_state["data"] = {"name": "uploaded_site"}
    st.session_state["name_box"] = "Cuihu Garden"
    views.write_display_name("name_box", "default", "en")  # the default template's box, drawn before the upload
    assert "display_names" not in st.session_state["data"]
    st.session_state["name_box"] = "My site"
    views.write_display_name("name_box", "uploaded_site", "en")
    assert st.session_state["data"]["display_names"] == {"uploaded_site": {"en": "My site"}}


def test_the_optimise_page_finds_and_shows_a_plans_headroom_in_either_language(monkeypatch):
    """Without a headroom the page says what it is and offers the button; the button finds it on
    the panel's small settings, lays it into the plan kept (``headroom``, its runs in ``work``)
    and shows the proposal's sentence and table, in Chinese without English words or raw keys."""
    from planner.headroom import FAMILIES
    from ui import headroom_panel

    monkeypatch.setattr(runs, "QUICK_PLAN_DAYS", 2.0)
    monkeypatch.setattr(runs, "QUICK_PLAN", runs.QUICK_PLAN.but(replications=2, search_days=1.0, verify_replications=2))
    monkeypatch.setattr(headroom_panel, "APP_SETTINGS", {"replications": 2, "days": 1.0, "m_max": 2.0, "tolerance": 0.25})
    at = new_app("zh")
    at.selectbox(key=lkey(at, "template")).set_value("villa_estate").run()
    at.switch_page("ui/pages/optimise.py").run()
    at.button(key="optimise_btn").click().run()
    no_exception(at)
    record = runs.find_plan(at.session_state["plan_key"])
    assert "headroom" not in record.plan and i18n.t("opt.headroom.none_yet", "zh") in texts(at)
    before = record.plan["work"]["replication_days"]["total"]
    at.checkbox(key="headroom_families").check().run()
    at.button(key="headroom_btn").click().run()
    no_exception(at)
    record = runs.find_plan(at.session_state["plan_key"])
    room = record.plan["headroom"]
    assert room["replications"] == 2 and room["days"] >= 1.0 and set(room["families"]) <= set(FAMILIES)
    days = record.plan["work"]["replication_days"]
    assert days["headroom"] == room["replication_days"] > 0
    assert days["total"] == pytest.approx(before + room["replication_days"], abs=1e-2)
    shown = texts(at)
    assert i18n.t("opt.headroom.none_yet", "zh") not in shown
    table = next(d.value for d in at.dataframe if i18n.t("opt.headroom.col.first", "zh") in d.value.columns)
    assert table.iloc[:, 0].tolist()[0] == i18n.t("opt.headroom.family.all", "zh")
    assert len(table) == 1 + len(room["families"])
    panel = "\n".join([line for line in shown.splitlines() if "余量" in line or "本方案" in line]
                      + [str(v) for v in table.values.ravel()])
    assert "本方案" in panel and not re.search(r"[A-Za-z_]|None", panel), panel
    # English: the same headroom in English words
    at.session_state["lang"] = "en"
    at.run()
    no_exception(at)
    table = next(d.value for d in at.dataframe if i18n.t("opt.headroom.col.first", "en") in d.value.columns)
    assert table.iloc[:, 0].tolist()[0] == i18n.t("opt.headroom.family.all", "en")
    assert "opt.headroom" not in texts(at)


def test_quick_mode_says_what_a_quick_plan_runs_and_the_most_its_looks_may_grow_to(monkeypatch):
    """The sidebar's quick mode, the run settings' notes and the Optimise page name the sizes
    quick mode actually runs (ui.runs.quick_sizes), with the most replications verification's
    looks may grow to (planner.search.sequential): a quick plan's evidence lies within what they
    say. Small settings here: the label follows them, it is not a fixed "7 days × 4"."""
    monkeypatch.setattr(runs, "QUICK_DAYS", 2.0)
    monkeypatch.setattr(runs, "QUICK_REPLICATIONS", 3)
    monkeypatch.setattr(runs, "QUICK_PLAN_DAYS", 2.0)
    monkeypatch.setattr(runs, "QUICK_PLAN", runs.QUICK_PLAN.but(replications=2, search_days=1.0, verify_replications=2,
                                                                verify_cap=4))
    said = {"zh": r"快速预览（(\d+) 天 × (\d+) 次重复，验证规划时最多 (\d+) 次）",
            "en": r"Quick preview \((\d+) days × (\d+) replications, up to (\d+) verifying a plan\)"}
    verify = {"zh": "2 天 × 2 次验证（结论待定时最多增至 8 次）", "en": "days × 2 (up to 8 while a commitment is inconclusive)"}
    notes = {"zh": "快速模式为 2 天 × 3 次重复（验证规划时最多 8 次）", "en": "quick mode uses 2 days × 3 replications (up to 8"}
    for lang in ("zh", "en"):
        at = new_app(lang)
        at.selectbox(key=lkey(at, "template")).set_value("villa_estate").run()
        at.segmented_control(key=lkey(at, "scenario_section")).set_value("settings").run()
        assert notes[lang] in texts(at)  # the Scenario page's run settings
        at.switch_page("ui/pages/optimise.py").run()
        assert verify[lang] in texts(at)
        at.button(key="optimise_btn").click().run()
        no_exception(at)
        days, reps, most = map(int, re.fullmatch(said[lang], at.radio(key=lkey(at, "mode")).options[0]).groups())
        assert (days, reps, most) == (2, 3, 8)  # 2 replications looked at, doubling up to 4 × 2
        evidence = runs.find_plan(at.session_state["plan_key"]).plan["evidence"]
        assert evidence["horizon_days"] == days and 2 <= evidence["replications"] <= most


def test_the_portfolio_page_draws_the_sites_by_location_when_the_scenario_locates_them():
    """The district template's sites on a map (planner.proposal.district_map) on the Portfolio
    page, under a heading in words, in both languages; a site left without a location is named
    below it; a group without locations gets no map."""
    from sim.scenario.loader import load_raw

    data = state.drop_removed(state.plain(load_raw(REPO / "scenarios" / "portfolios" / "district_east.yaml")[0]))
    data["portfolio"]["districts"]["east"]["sites"].remove("qinyuan")
    del data["portfolio"]["locations"]["qinyuan"]
    for lang, heading, unlocated in (("zh", "项目位置与片区", "未给出位置的项目（不在图中）：沁园"),
                                     ("en", "Sites and districts", "Sites without a location (not on the map): Qinyuan")):
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        at.session_state["lang"] = lang
        at.session_state["data"] = copy.deepcopy(data)
        at.switch_page("ui/pages/portfolio.py").run()
        no_exception(at)
        assert len(at.get("image")) == 1 and f"**{heading}**" in [m.value for m in at.markdown]
        assert unlocated in [c.value for c in at.caption]
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["data"] = state.load_template("group_portfolio")
    at.switch_page("ui/pages/portfolio.py").run()
    no_exception(at)
    assert not at.get("image") and "**项目位置与片区**" not in [m.value for m in at.markdown]
