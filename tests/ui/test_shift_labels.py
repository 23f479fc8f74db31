"""Shifts are named for people from their values (ui.i18n.shift_label / shift_labels): a
rotation by its crews, a plan line by the name it carries, a shift the planner made by its times
as the site and the proposal name it; never by reading a made-up name back."""

from __future__ import annotations

from planner.rostering.shift_names import shift_names
from sim.scenario.loader import load_scenario
from ui import i18n, state
from ui.i18n import _LATIN


def test_a_made_shift_is_named_by_its_times_in_both_languages():
    rows = [{"kind": "pool", "group": "service_desk", "shift": "07:00 9h (break 4h+60m)", "start": "07:00",
             "length_h": 9.0, "days": "daily", "crews": 0},
            {"kind": "pool", "group": "service_desk", "shift": "08:00 8h", "start": "08:00", "length_h": 8.0,
             "days": "daily", "crews": 0},
            {"kind": "pool", "group": "service_desk", "shift": "22:00 12h", "start": "22:00", "length_h": 12.0,
             "days": "daily", "crews": 0}]
    zh, en = i18n.shift_labels(rows, "zh"), i18n.shift_labels(rows, "en")
    expected = shift_names((r["shift"], r["start"], r["length_h"], ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
                           for r in rows)
    for row in rows:
        key = ("pool", "service_desk", row["shift"])
        assert (zh[key], en[key]) == expected[row["shift"]]
        assert not _LATIN.search(zh[key])
    assert len(set(zh.values())) == 3  # two early shifts numbered, not both 早班


def test_a_rotation_is_named_by_its_crews_and_a_plan_line_by_its_name():
    rotation = {"shift": "rotation", "start": "—", "length_h": 24.0, "crews": 4}
    assert i18n.shift_label(rotation, "zh") == i18n.t("staffing.rotation", "zh", crews=4)
    assert i18n.shift_label(rotation, "en") == "4 crews rotating"
    line = {"shift": "x", "start": "07:00", "length_h": 8.0, "days": ["mon"], "name_zh": "早班", "name_en": "early"}
    assert (i18n.shift_label(line, "zh"), i18n.shift_label(line, "en")) == ("早班", "early")


def test_a_shift_being_edited_with_a_bad_start_keeps_its_key_name():
    for start in (None, "", "7", "25:00", "ab:cd", float("nan")):
        row = {"shift": "early", "start": start, "length_h": 8.0, "days": "daily", "crews": 0}
        assert i18n.shift_label(row, "zh") == i18n.names.key_name("early", "zh")


def test_the_roster_editor_names_every_shift_without_a_latin_word():
    data = load_scenario("scenarios/default.yaml").model_dump(mode="json")
    frame = state.roster_frame(data)
    labels = i18n.shift_labels(frame.to_dict("records"), "zh")
    assert len(labels) == len(frame)
    assert not [text for text in labels.values() if _LATIN.search(text)]


def test_the_app_and_the_proposal_name_each_shift_alike():
    """Issue 35: technicians' shifts read 白班/晚班 in the app and 早班/中班 in the PDF. Each roster
    line of a plan of the default site (one written before lines carried names) is named in the
    proposal's Table 3-2 as the app names it among its group's shifts, and as the roster editor
    names the scenario's shift of the same team and key."""
    import json
    from pathlib import Path

    from planner.proposal.content import build_document

    plan = json.loads((Path(__file__).resolve().parents[1] / "data" / "plan_small.json").read_text(encoding="utf-8"))
    assert not any(line.get("name_zh") for line in plan["staffing"])
    data = load_scenario("scenarios/default.yaml").model_dump(mode="json")
    rows = state.roster_frame(data).to_dict("records")
    compared = 0
    for lang in ("zh", "en"):
        table = next(t for t in build_document(plan, lang).tables() if t.number in ("3-2", "3.2"))
        shown = [row.cells[1].text for row in table.rows if row.cells[1].text]
        labels = i18n.shift_labels(rows, lang)
        editor = {(r["group"], str(r["shift"])): labels[r["kind"], r["group"], str(r["shift"])] for r in rows}
        app = []
        for line in plan["staffing"]:
            mine = [x for x in plan["staffing"] if x["group"] == line["group"]]
            name = i18n.shift_label(line, lang, i18n.shift_names_by_times(mine))
            app.append(name)
            if (line["group"], line["shift"]) in editor:
                assert editor[line["group"], line["shift"]] == name, (lang, line)
                compared += 1
        assert shown == app
    assert compared >= 2 * 9  # the technicians', guards' and posts' shifts at least
