"""The ``proposal`` section of a scenario: what the bid document says that no simulation decides,
in Chinese and English: the bidder and the project on the cover, the sites' names, and the
optional sections a bid's staffing chapter has (seed 004, chapter 3: "人员培训与管理计划" and
"主要岗位人员的岗位资格"): a training plan and the qualifications each post asks for. Every
text is optional; a section without text is left out of the document."""

from __future__ import annotations

from pydantic import Field, field_validator

from sim.scenario.strict import StrictModel


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
    site_names: dict[str, Names] = Field(default_factory=dict, max_length=10_000,
                                         description="display name of each site, by its key under sites")
    training: list[TrainingItem] = Field(default_factory=list, max_length=100,
                                         description="the training plan; empty: no training section")
    qualifications: dict[str, Names] = Field(default_factory=dict, max_length=100,
                                             description="qualifications (岗位资格) by role; empty: no such section")

    @field_validator("site_names", "qualifications", mode="before")
    @classmethod
    def _drop_nulls(cls, value):
        """An item set to null (e.g. by a scenario that extends another) is removed."""
        return {k: v for k, v in value.items() if v is not None} if isinstance(value, dict) else value
