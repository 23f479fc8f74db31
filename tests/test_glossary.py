"""One glossary shared by the app and the document (planner.glossary, issue 35): a term written
in both the app's table and the document's is the glossary's own entry, and an English term is
said one way in Chinese across them."""

from __future__ import annotations

import collections
import re

from planner import glossary
from planner.proposal import demand_risk, portfolio, posts, text
from ui import i18n

#: The app's and the document's tables of words, by name.
TABLES = {"app": i18n.TEXT, "app fields": i18n.FIELDS, "document": text.LABELS, "portfolio chapter": portfolio.TEXT,
          "demand risk": demand_risk.TEXT,
          "posts section": posts._L, "departments": text.DEPARTMENTS, "equipment": text.EQUIPMENT_NAMES,
          "groups": text.GROUP_NAMES, "shifts": text.SHIFT_NAMES, "devices": text.DEVICE_NAMES,
          "contracts": text.CONTRACT_NAMES, "types": text.TYPE_NAMES, "streams": text.STREAM_NAMES}

#: The app's own tables (the rest are the document's).
APP = {"app", "app fields"}

#: English terms said two ways in Chinese on purpose, each for its reason.
TWO_SENSES = {
    "day": "星期 is a day of the week, 白班 the day shift",
    "plan": "the app's 优化方案 is the plan it made; the document says 本方案, this plan",
    "off": "休 marks a day off in a rota's cell; its column is 休息",
    "spare": "备 marks a spare in a rota's cell; its column is 备班",
}


def _pairs():
    for table, words in TABLES.items():
        for key, value in words.items():
            if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value):
                yield table, key, value


def test_a_term_of_both_the_app_and_the_document_is_the_glossarys_own():
    places = collections.defaultdict(list)
    for table, key, value in _pairs():
        places[value].append((table, key, value))
    terms = {id(v) for v in glossary.TERMS.values()}
    written_twice = []
    for value, where in places.items():
        if {table in APP for table, _, _ in where} == {True, False}:  # on a page and in the document
            written_twice += [f"{table}:{key} {value}" for table, key, v in where if id(v) not in terms]
    assert not written_twice, "write these as planner.glossary.TERMS entries: " + "; ".join(written_twice)
    # every glossary entry is shared by two tables or more (else it belongs to its table)
    tables = collections.defaultdict(set)
    for table, _, v in _pairs():
        tables[id(v)].add(table)
    assert all(len(tables[id(v)]) >= 2 for v in glossary.TERMS.values()), \
        [k for k, v in glossary.TERMS.items() if len(tables[id(v)]) < 2]


def _same_words(zh: str) -> str:
    """A Chinese label without what only says where it stands: a table's 表, a count's 数, a unit
    in brackets."""
    return re.sub(r"(表|数)$", "", re.sub(r"（[^（）]*）$", "", zh.strip()))


def test_an_english_term_is_said_one_way_in_chinese():
    said = collections.defaultdict(lambda: collections.defaultdict(list))
    for table, key, (zh, en) in _pairs():
        if "{" in en or len(en) > 60 or key.startswith("unit."):  # sentences; units count things
            continue
        said[en.strip().casefold()][_same_words(zh)].append(f"{table}:{key}")
    two_ways = {en: dict(ways) for en, ways in said.items() if len(ways) > 1 and en not in TWO_SENSES}
    assert not two_ways, two_ways
    assert all(len(said[en]) > 1 for en in TWO_SENSES), "a reason for a term said one way now: drop it"
