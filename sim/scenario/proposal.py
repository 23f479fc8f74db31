"""The ``proposal`` section of a scenario: what the bid document says that no simulation decides,
in Chinese and English: the bidder and the project on the cover, the sites' names, and the
optional sections a bid's staffing chapter has (seed 004, chapter 3: "人员培训与管理计划" and
"主要岗位人员的岗位资格"): a training plan and the qualifications each post asks for; the bid's
own overview of the project (项目概况, beside the figures the document writes from the scenario),
its date of preparation (编制日期) and contact. Every text is optional; a section without text is
left out of the document."""

from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from pydantic import Field, field_validator

from sim.scenario.problems import problem
from sim.scenario.strict import StrictModel

#: A phone number as a bid writes it: digits, spaces, +, -, brackets and a slash or comma between
#: numbers (0755-8888 6666, +86 138 0000 0000, (0755) 8888-6666 / 8888-6667).
PHONE = re.compile(r"[0-9+()\- /,，、]{3,40}")


def unnamed_site(number: int, lang: str) -> str:
    """What a site without a name in ``site_names`` is called, by its order (1, 2...): 项目1 /
    Site 1, never its key (the proposal's cover, the portfolio chapter and the app)."""
    return f"项目{number}" if lang == "zh" else f"Site {number}"


class Names(StrictModel):
    """A text in Chinese (``zh``) and English (``en``); either may be empty."""

    zh: str = Field("", max_length=500, description="Chinese text")
    en: str = Field("", max_length=500, description="English text")

    def text(self, lang: str) -> str:
        """The text in ``lang`` ("zh" or "en"); empty when it is not given in that language."""
        return self.zh if lang == "zh" else self.en


class Paragraphs(Names):
    """A longer text in Chinese and English (a paragraph or a few); either may be empty."""

    zh: str = Field("", max_length=2000, description="Chinese text")
    en: str = Field("", max_length=2000, description="English text")


class TrainingItem(StrictModel):
    """One course of the training plan (人员培训计划)."""

    topic: Names = Field(description="what the course teaches")
    roles: list[str] = Field(default_factory=list, max_length=20,
                             description="roles that take it (site_manager, butler, agent, ...); empty: every post")
    hours: float = Field(gt=0, le=1000, description="hours (学时) a person takes a year")
    when: Names = Field(default_factory=Names, description="when it is held (on joining, every quarter, ...)")


class ProposalText(StrictModel):
    """Names and texts of the proposal (docs/proposal.md)."""

    bidder: Names = Field(default_factory=Names, description="the bidding company (投标单位), on the cover")
    project: Names = Field(default_factory=Names, description="the project's name (项目名称), on the cover")
    overview: Paragraphs = Field(default_factory=Paragraphs,
                                 description="the bid's own words on the project (项目概况), before the figures the "
                                             "document writes from the scenario; empty: the figures alone")
    prepared_on: Optional[dt.date] = Field(None, description="date of preparation (编制日期) on the cover, YYYY-MM-DD; "
                                                             "null: the day the document is exported")
    contact: Names = Field(default_factory=Names, description="the bidder's contact person (联系人), on the cover")
    phone: str = Field("", max_length=40, description="the contact's phone number (联系电话), on the cover")
    site_names: dict[str, Names] = Field(default_factory=dict, max_length=10_000,
                                         description="display name of each site, by its key under sites")
    training: list[TrainingItem] = Field(default_factory=list, max_length=100,
                                         description="the training plan; empty: no training section")
    qualifications: dict[str, Names] = Field(default_factory=dict, max_length=100,
                                             description="qualifications (岗位资格) by role; empty: no such section")

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str) -> str:
        """A phone number (:data:`PHONE`) or nothing."""
        value = value.strip()
        if value and not PHONE.fullmatch(value):
            raise problem("phone_number", got=value)
        return value

    @field_validator("site_names", "qualifications", mode="before")
    @classmethod
    def _drop_nulls(cls, value):
        """An item set to null (e.g. by a scenario that extends another) is removed."""
        return {k: v for k, v in value.items() if v is not None} if isinstance(value, dict) else value
