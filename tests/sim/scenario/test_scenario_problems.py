"""The loader's problems as codes (sim.scenario.problems): every code is said in both languages,
the Chinese without an English word, and the app says a problem from its code, not by reading
the English message back."""

from __future__ import annotations

import re

import pytest

from sim.scenario.errors import ScenarioError
from sim.scenario.loader import validate
from sim.scenario.problems import TEXT, RosterGap, english
from ui import i18n, runs, state
from ui.i18n import Issue

#: Parameters for each code, as the loader gives them (keys of the bundled templates).
EXAMPLES: dict[str, dict] = {
    "missing": {}, "greater_than": {"gt": "0"}, "greater_than_equal": {"ge": "0"}, "less_than": {"lt": "1"},
    "less_than_equal": {"le": "10,000"}, "float_parsing": {}, "float_type": {}, "int_parsing": {}, "int_type": {},
    "int_from_float": {}, "int_exponent": {"got": "1e9", "value": "1,000,000,000"}, "phone_number": {"got": "'0755#8888'"}, "bool_parsing": {}, "string_type": {}, "dict_type": {}, "model_type": {},
    "no_file": {}, "unreadable": {"reason": "Permission denied"}, "is_directory": {}, "not_regular_file": {},
    "file_too_large": {"limit": 2_000_000}, "text_too_large": {"limit": 2_000_000},
    "not_utf8": {"reason": "invalid start byte", "at": 3}, "too_deep": {"most": 40}, "nested_too_deeply": {"most": 40},
    "not_yaml": {"problem": "found character '\\t' that cannot start any token"}, "too_many_values": {"most": 100_000},
    "alias_cycle": {}, "not_mapping": {"kind": "a list"}, "upload_too_large": {"size": 3_000_000, "limit": 2_000_000},
    "upload_not_utf8": {}, "unusable": {"reason": "Out of range float values are not JSON compliant"}, "upload_extends": {"templates": ["default", "villa_estate"]},
    "no_template": {"templates": ["default", "villa_estate"]},
    "rate_fields_none": {"fields": ["rate_per_day", "rate_per_hour"]},
    "rate_fields_many": {"count": 2, "given": ["rate_per_day", "rate_per_hour"], "fields": ["rate_per_day", "rate_per_hour"]},
    "not_type_label": {"key": "emergency"}, "extra_forbidden": {},
    "time_of_day": {"got": "'25:00'"},
    "break_after_shift": {"number": 0, "ordinal": 1, "after_h": 7.8, "length_min": 30.0, "shift_h": 8.0},
    "cycle_unknown_shifts": {"listed": "['late']", "unknown": ["late"], "shifts": ["day", "night"]},
    "cycle_no_day_off": {"most": 6}, "cycle_long_run": {"run": 7, "most": 6},
    "cycle_overlap": {"shift": "night", "following": "day"}, "warmup_longer": {"warmup": 40, "horizon": 28},
    "working_hours_order": {"end": "08:00", "start": "18:00"},
    "sd_spread": {"sd": 600.0, "ratio": 10.0, "mean": 60.0, "low": 0.05, "high": 5.0},
    "high_above_low": {"high": 1.0, "low": 2.0}, "trade_shares": {"total": 0.9}, "count_or_per": {},
    "centralised_remote_only": {"item": "calls.complaint", "kind": "calls"},
    "contractor_arrival": {}, "one_rate_source": {}, "rate_needs_per": {},
    "skill_twice": {"listed": "['calls', 'calls']"},
    "all_weights_zero": {}, "end_before_start": {"end": "2026-01-01", "start": "2026-02-01"}, "escalate_needs_expert": {},
    "model_attributes_type": {"names": ["exponential", "gamma"]}, "finite_number": {}, "list_type": {},
    "date_from_datetime_parsing": {"error": "day value is outside expected range"}, "date_parsing": {}, "date_type": {},
    "union_tag_invalid": {"discriminator": "'dist'", "tag": "weibull", "expected_tags": "'exponential', 'gamma'"},
    "union_tag_not_found": {"discriminator": "'dist'"},
    "literal_error": {"expected": "'traditional' or 'centralised'", "values": ["traditional", "centralised"]},
    "fixed_length": {"expected": 24, "actual": 23}, "too_short": {"expected": 1, "actual": 0},
    "too_long": {"expected": 20, "actual": 21},
    "unknown_field": {"field": "handel_time_s", "allowed": "handle_time_s, profile"},
    "unknown_field_close": {"field": "handel_time_s", "close_field": "handle_time_s", "allowed": "handle_time_s, profile"},
    "unknown_profile": {"profile": "nightly", "profiles": ["flat", "residential"]},
    "no_pool_skill": {"skill": "tickets"}, "no_expert_pool": {}, "no_return_visit_pool": {},
    "implausible_rate": {"value": 1e6, "limit": 250_000}, "unknown_site_name": {"site": "nowhere", "sites": ["cuihu"]},
    "unknown_role": {"role": "gaurd", "roles": ["guard", "technician"]},
    "too_many_events": {"total": 3.2e6, "biggest": 2.9e6, "limit": 2_000_000},
    "unknown_target": {"target": "calls.nothing", "kinds": ["calls", "remote_ops"], "example": "repair_report"},
    "unknown_handled": {"target": "nothing", "kinds": ["calls", "remote_ops"], "types": []},
    "unknown_type": {"label": "calls.nothing", "types": ["calls.emergency"]},
    "waited_type_on_time": {"label": "calls.emergency", "kind": "calls"},
    "type_hourly_floor": {"floor": 0.5, "kind": "calls"},
    "deadline_type_answer": {"label": "tickets.app_ticket", "kind": "tickets"},
    "butler_team_role": {"team": "guards", "role": "guard"}, "on_call_role": {"team": "guards", "role": "guard"},
    "on_call_rotation": {"team": "technicians"},
    "on_call_shift": {"shift": "late_night", "team": "technicians", "shifts": ["day", "evening", "night"]},
    "no_field_team": {"team": "cleaners", "teams": ["guards", "technicians"]},
    "no_technician_team": {"team": "guards", "teams": ["technicians"]},
    "no_remote_op": {"name": "barrier", "names": ["barrier_gate"]}, "no_call_type": {"name": "chat", "names": []},
    "unknown_display_key": {}, "unknown_display_key_close": {"close": "cuihu"},
    "unknown_portfolio_site": {"site": "nowhere", "sites": ["cuihu"]}, "group_centre_model": {"model": "traditional"},
    "pool_gap": {"gap": RosterGap("tue", "03:00", "04:30"), "start": "00:00", "end": "24:00", "days": ["mon", "tue"],
                 "where": "centre.pools.service_desk"},
    "group_gap": {"gap": RosterGap("sat", "00:00", "08:00", rotation_day=5), "start": "00:00", "end": "24:00",
                  "days": ["sat"], "where": "field.posts.main_gate"},
    "duplicate_key": {"first": 3, "second": 9}, "extends_path": {}, "extends_cycle": {"cycle": "a.yaml -> b.yaml -> a.yaml"},
    "extends_deep": {"most": 20}, "set_syntax": {}, "set_into_value": {"last": "x", "text": "sites.cuihu.households.x=3"},
    "set_unknown_field": {"hint": " (did you mean 'sites'?)", "text": "sitez.a=1", "fields": ["name", "sites"]},
    "set_unknown_item": {"where": "sites", "text": "sites.nowhere.households=3", "items": ["cuihu"], "walked": "sites.nowhere"},
    "set_index": {"count": 1, "last": 0, "text": "x.9=1"},
    "occupancy_share": {"got": 1.3}, "phase_length": {"to_month": 5, "from_month": 7},
    "phase_first_month": {"got": 2}, "phase_open_not_last": {"number": 1},
    "phase_overlap": {"got": 6, "expected": 7, "number": 2, "before_to": 6},
    "phase_gap": {"got": 8, "expected": 7, "number": 2, "before_to": 6},
    "phase_short": {"got": 6, "months": 36}, "phase_after_contract": {"got": 40, "months": 36},
}


#: The districts' codes (sim.scenario.district_text, issue 38).
EXAMPLES.update({
    "location_one_pair": {},
    "district_team_stations": {},
    "district_site_twice": {"site": "cuihu", "name": "cuihu", "district": "east"},
    "district_no_location": {"site": "cuihu", "district": "east"},
    "district_mixed_locations": {"district": "east", "sites": ["cuihu"]},
    "district_out_of_reach": {"site": "cuihu", "other": "cuihu", "sites": ["cuihu"], "district": "east", "minutes": 24.5,
                              "reach": 20.0, "mode": "e_bike"},
    "not_district_site": {"site": "cuihu", "district": "east", "sites": ["cuihu"]},
})


def test_every_code_has_an_example():
    assert set(EXAMPLES) == set(TEXT)


@pytest.mark.parametrize("code", sorted(TEXT))
def test_every_code_reads_in_both_languages_and_the_chinese_has_no_english_word(code):
    issue = Issue("x", 1, english(code, EXAMPLES[code]), code=code, params=EXAMPLES[code])
    zh, en = i18n.problem_text(issue, "zh"), i18n.problem_text(issue, "en")
    # (file names and the formats' names, YAML and UTF-8, are what they are in Chinese too)
    latin = set(re.findall(r"[A-Za-z]{2,}", re.sub(r"[\w./-]+\.ya?ml\b", " ", zh))) - {"YAML", "UTF"}
    assert not latin and "None" not in zh and "{" not in zh, (code, zh)
    assert re.search(r"[\u4e00-\u9fff]", zh) and not re.search(r"[\u4e00-\u9fff]", en), (code, en)
    assert not re.search(r"\{\w*\}", en) and "None" not in en, (code, en)  # no field left unfilled


def test_the_app_says_a_coded_problem_from_its_code_not_its_english():
    """A problem carries its code and parameters; the app's Chinese comes from them, so a message
    worded differently (as the English text changes) reads the same."""
    data = state.load_template("default")
    data["demand"]["calls"][next(iter(data["demand"]["calls"]))]["profile"] = "nightly"
    with pytest.raises(ScenarioError) as caught:
        validate(data)
    issue = caught.value.issues[0]
    assert issue.code == "unknown_profile" and issue.params["profile"] == "nightly"
    assert issue.message == english(issue.code, issue.params)  # the command line's text, as before
    reworded = Issue(issue.path, issue.value, "(reworded)", code=issue.code, params=issue.params)
    assert i18n.problem_text(reworded, "zh") == i18n.problem_text(issue, "zh")
    assert "时段曲线" in i18n.problem_text(issue, "zh")


def test_a_roster_gap_is_said_from_its_values():
    gap = RosterGap("tue", "03:00", "04:30")
    assert str(gap) == "Tue 03:00-04:30" and str(RosterGap("mon", "22:00", "24:00")) == "Mon 22:00-24:00"
    assert str(RosterGap("sat", "00:00", "08:00", rotation_day=5)) == "on day 5 of the rotation (Sat) 00:00-08:00"
    issue = Issue("centre.pools.service_desk.roster", None, "", code="pool_gap",
                  params={"gap": gap, "start": "08:00", "end": "20:00", "days": ["tue"], "where": "centre.pools.x"})
    assert i18n.problem_text(issue, "zh") == "服务时间 08:00-20:00（周二）内 周二 03:00-04:30 无人在岗：请增加人数或调整班次"


@pytest.mark.parametrize("content,code", [(b"not json", "not_json"), (b"[]", "not_plan"), (b"{}", "old_plan"),
                                          (b"[" * 100_000, "too_deep")])
def test_a_plan_json_that_cannot_be_used_is_said_from_its_code(content, code):
    with pytest.raises(ValueError) as caught:
        runs.read_plan(content)
    assert caught.value.code == code
    zh = i18n.error_text(caught.value, "zh")
    assert re.search(r"[\u4e00-\u9fff]", zh) and not set(re.findall(r"[A-Za-z]{2,}", zh)) - {"JSON", "json", "plan"}
    assert i18n.error_text(caught.value, "en") == str(caught.value)


def test_a_choice_of_values_is_said_from_the_schemas_values():
    data = state.load_template("default")
    data["operating_model"] = "outsourced"
    with pytest.raises(ScenarioError) as caught:
        validate(data)
    issue = caught.value.issues[0]
    assert issue.code == "literal_error" and issue.params["values"] == ["traditional", "centralised"]
    assert issue.message == "must be one of: 'traditional' or 'centralised'"  # pydantic's wording, as before
    assert i18n.problem_text(issue, "zh") == "只能是：传统模式、集中管控"
