"""Compliance rules a plan must satisfy, as checks on a scenario's staffed fixed posts (every post
in the traditional model; under centralised control the fire control room, which GB 25506 keeps
on duty under either model) and field teams, and the smallest raise of a design's head counts
that satisfies them.

Rules (DOMAIN §9; a post's ``kind`` and ``min_people_per_shift``, a site's ``entrances`` and
``car_parks`` say where they apply):

* ``fire_control``: a fire control room (消防控制室) has at least two people on every shift,
  holding the operator certificate (GB 25506-2010 §4.2.1);
* ``min_per_shift``: every shift of a post has at least the post's ``min_people_per_shift``;
* ``entrances``: the entrance posts together keep at least one guard per open entrance of the
  site on duty at every minute of the week (breaks are relieved within the post and ignored);
* ``car_parks``: the car-park posts likewise one per car park;
* ``team_hours``: a field team with ``opening_hours`` (guards and technicians by default) has
  someone on duty or on call at every minute of them (the night patrol, the technician on site or
  at home at night), in either operating model; the loader refuses a roster with a gap, so this
  check only reports it.

A rotation's people per crew are on duty whenever its cycle says so; the checks count them as
always on duty (the loader's cover check already refuses a rotation that leaves a gap).

:func:`compliance_checks` gives every check with what is required and what the roster has;
:func:`raise_to_comply` gives the head counts (by RosterSlot: the path of each ``agents`` or
``people_per_crew``, knowing its group and shift) a roster needs raised to, so the planner starts from a compliant design and
the search never leaves one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.scenario import Scenario
from sim.scenario.on_duty import Duty
from sim.scenario.scenario import GroupPath, RosterSlot

#: Certified people a fire control room needs on every shift (GB 25506-2010 §4.2.1).
FIRE_CONTROL_MIN = 2

SOURCES = {
    "fire_control": "GB 25506-2010 §4.2.1",
    "min_per_shift": "field.posts.<post>.min_people_per_shift",
    "entrances": "DOMAIN §9",
    "car_parks": "DOMAIN §9",
    "team_hours": "field.teams.<team>.opening_hours (DOMAIN §2, §9)",
}


@dataclass(frozen=True)
class Check:
    """One rule at one place: ``required`` people, ``planned`` the least the roster has there."""

    rule: str
    where: str
    required: int
    planned: int
    source: str
    #: The teams or posts the rule is checked at, as values (``where`` is their paths in words).
    groups: tuple[GroupPath, ...] = ()

    @property
    def ok(self) -> bool:
        return self.planned >= self.required

    def to_dict(self) -> dict:
        return {"rule": self.rule, "where": self.where, "required": self.required, "planned": self.planned,
                "source": self.source, "ok": self.ok,
                "groups": [{"kind": g.kind, "name": g.name} for g in self.groups]}


def per_shift_minimum(post) -> int:
    """The fewest people every shift of ``post`` may have: its own minimum, two in a fire control room."""
    return max(post.min_people_per_shift, FIRE_CONTROL_MIN if post.kind == "fire_control" else 0)


def kept_per_shift(post) -> int | None:
    """How many people each shift of ``post`` needs when its site keeps it under centralised
    control: a fire control room at the fewest its rules allow (it answers nothing for a group
    centre, so it needs no more); None: any other post as planned. The portfolio's centralised
    side (planner.portfolio.planning.lines_under) and a site's own centralised proposal
    (planner.portfolio.split) both ask it."""
    return per_shift_minimum(post) if post.kind == "fire_control" else None


def on_duty_by_minute(roster) -> np.ndarray:
    """People on duty at each minute of the week (Monday 00:00 first), breaks ignored; with a
    rotation the fewest at that minute in any week of its period (the one count,
    ``sim.scenario.on_duty``, which the loader's cover check reads too)."""
    return Duty.of_roster(roster).week_least()


def _least_in_hours(roster, hours) -> int:
    """The fewest people on duty (or on call) at any minute of the week inside ``hours``."""
    inside = on_duty_by_minute(roster)[hours.week_mask()]
    return int(inside.min()) if inside.size else 0


def team_checks(scenario: Scenario) -> list[Check]:
    """One ``team_hours`` check per field team with opening hours (guards and technicians by
    default): someone on duty or on call at every minute of them, in either operating model."""
    field = scenario.field
    if field is None:
        return []
    return [Check("team_hours", GroupPath("team", name), 1, _least_in_hours(team.roster, team.opening_hours),
                  SOURCES["team_hours"], (GroupPath("team", name),))
            for name, team in field.teams.items() if team.opening_hours is not None]


def compliance_checks(scenario: Scenario) -> list[Check]:
    """Every compliance check of the scenario: the teams' hours, the rules of every post staffed
    under the operating model (the fire control room under either), and the entrance and car-park
    rules in the traditional model (under centralised control the centre's remote gates replace
    those posts, seed 000)."""
    field, checks = scenario.field, team_checks(scenario)
    if field is None:
        return checks
    for name, post in scenario.staffed_posts().items():
        need = per_shift_minimum(post)
        if not need:
            continue
        rule = "fire_control" if post.kind == "fire_control" and need == FIRE_CONTROL_MIN else "min_per_shift"
        roster = post.roster
        if roster.rotation is not None:
            least = roster.rotation.people_per_crew
        else:
            least = min((s.agents for s in roster.shifts.values()), default=0)
        checks.append(Check(rule, GroupPath("post", name), need, int(least), SOURCES[rule], (GroupPath("post", name),)))
    if scenario.operating_model != "traditional":
        return checks
    for rule, kind in (("entrances", "entrance"), ("car_parks", "car_park")):
        need = max((getattr(site, rule) for site in scenario.sites.values()), default=0)
        if not need:
            continue
        posts = [post for post in field.posts.values() if post.kind == kind]
        least = int(sum(on_duty_by_minute(post.roster) for post in posts).min()) if posts else 0
        groups = tuple(GroupPath("post", n) for n, p in field.posts.items() if p.kind == kind)
        where = ", ".join(groups) or f"field.posts ({kind})"
        checks.append(Check(rule, where, int(need), least, SOURCES[rule], groups))
    return checks


def compliance_problems(scenario: Scenario) -> list[str]:
    """One sentence per failed check (empty when the scenario complies)."""
    return [f"{c.where}: {c.rule} needs {c.required} people on duty, the roster has {c.planned} ({c.source})"
            for c in compliance_checks(scenario) if not c.ok]


def raise_to_comply(scenario: Scenario) -> dict[str, int]:
    """Head counts to raise so that every check passes: each post's shifts to its per-shift
    minimum, and the entrance (car-park) posts' shifts by as many as the site's entrances (car
    parks) exceed the least on duty (spread over the posts of the kind). Empty when compliant."""
    field = scenario.field
    if field is None:
        return {}
    posts = scenario.staffed_posts()
    counts: dict[RosterSlot, int] = {}

    def path(name: str, shift: str | None) -> RosterSlot:
        return RosterSlot(GroupPath("post", name), shift)

    current = {}
    for name, post in posts.items():
        roster = post.roster
        if roster.rotation is not None:
            current[path(name, None)] = roster.rotation.people_per_crew
        else:
            current.update({path(name, s): shift.agents for s, shift in roster.shifts.items()})
        need = per_shift_minimum(post)
        for key, value in list(current.items()):
            if key.group.name == name and value < need:
                counts[key] = need
    for rule, kind in (("entrances", "entrance"), ("car_parks", "car_park")):
        check = next((c for c in compliance_checks(scenario) if c.rule == rule), None)
        names = [n for n, p in posts.items() if p.kind == kind]
        if check is None or check.ok or not names:
            continue
        missing = check.required - check.planned
        for i, name in enumerate(names):
            extra = missing // len(names) + (1 if i < missing % len(names) else 0)
            for key, value in current.items():
                if extra and key.group.name == name:
                    counts[key] = max(counts.get(key, value), value + extra)
    return counts
