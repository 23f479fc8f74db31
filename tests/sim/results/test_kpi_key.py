"""KpiKey's one string form: written by ``str``, read back by ``parse`` (plan.json, portfolio.json,
the summaries), the old plan.json form read by its version, and people shown words, never keys."""

import pytest

from planner.proposal.plan_schema import PLAN_VERSION, plan_kpis
from sim.results.centre_kpis import KpiKey
from ui import i18n

KEYS = [KpiKey("calls", "service_level"), KpiKey("work_orders.urgent", "response_within_target"),
        KpiKey("staff", "occupancy", "service_desk"), KpiKey("calls", "service_level_hour", "18:00"),
        KpiKey("staff", "occupancy", "cuihu/main_gate"), KpiKey("equipment", "availability", "lift.a")]


@pytest.mark.parametrize("key", KEYS, ids=str)
def test_a_key_reads_back_from_its_one_string_form(key):
    assert KpiKey.parse(str(key)) == key
    assert str(key).endswith("." + key.metric) and (key.group is None) == ("[" not in str(key))


def test_the_string_form_puts_the_group_with_its_stream():
    assert str(KpiKey("staff", "occupancy", "service_desk")) == "staff[service_desk].occupancy"
    assert str(KpiKey("incidents.specialist", "response_within_target")) == "incidents.specialist.response_within_target"


@pytest.mark.parametrize("text", ["staff.occupancy[service_desk]", "occupancy", "staff[].occupancy", "staff[x]occupancy",
                                  ".occupancy", "calls.Service_Level", "calls.", "a]b.metric"])
def test_a_string_not_in_the_form_is_refused_naming_it_and_the_form(text):
    with pytest.raises(ValueError) as caught:
        KpiKey.parse(text)
    assert repr(text) in str(caught.value) and "stream[group].metric" in str(caught.value)


def test_a_kpi_row_of_a_table_or_of_plan_json_gives_its_key():
    row = {"stream": "staff", "metric": "occupancy", "group": "experts"}
    assert KpiKey.of_row(row) == KpiKey("staff", "occupancy", "experts")
    assert KpiKey.of_row(row | {"group": None}) == KpiKey.of_row(row | {"group": float("nan")}) == KpiKey("staff", "occupancy")


def test_plan_json_of_version_1_is_read_in_its_own_form_and_today_s_in_the_one_form():
    old = {"set_aside": ["staff.occupancy[service_desk]", "calls.service_level_hour[18:00]", "incidents.response_within_target"]}
    want = [KpiKey("staff", "occupancy", "service_desk"), KpiKey("calls", "service_level_hour", "18:00"),
            KpiKey("incidents", "response_within_target")]
    assert plan_kpis(old, old["set_aside"]) == want
    new = {"plan_version": PLAN_VERSION, "set_aside": [str(k) for k in want]}
    assert plan_kpis(new, new["set_aside"]) == want
    with pytest.raises(ValueError, match="not a KPI key"):
        plan_kpis(new, old["set_aside"][:1])


@pytest.mark.parametrize("key", KEYS, ids=str)
def test_people_read_a_key_in_words_in_both_languages(key):
    for lang in ("zh", "en"):
        words = i18n.target_label(key, lang)
        assert words == i18n.kpi_key_label(key, lang)
        for text in (words, i18n.target_label(str(key), lang)):  # (a commitments-table row may share a key's form)
            assert str(key) not in text and "[" not in text and "_" not in text, text
