"""Does the rule-of-thumb plan meet the targets? The norms' people (``planner.costs.norms``,
``scenario_norms``) on rosters of their own, built the way the norms assume, and simulated like
any plan; nothing of the optimised plan's rosters is used.

The rosters the norms assume (DOMAIN §5 quotas: a 24-h post is three eight-hour shifts; office
roles work five days of eight hours, DOMAIN §9):

* the three shifts of a 24-h post: 早班 08:00–16:00, 中班 16:00–24:00, 夜班 00:00–08:00, every day;
* the office day: 08:30–16:30, Monday to Friday.

By group of the scenario:

* a pool answering calls (the front desk): one person on each of the three shifts;
* the expert pool: the customer-service supervisor(s) on the office day (nobody at night or at
  the weekend: escalations wait, as they do on a site run this way);
* other pools: one person on each of the three shifts;
* butler teams (one per zone): the norms' butlers ÷ zones (at least one) per zone on the office day;
* guard teams (patrols by area) and technician teams: the shift-days a week the norms' people can
  work, people × days a person works a week ÷ the relief factor (``planner.rostering.headcount``),
  spread over the three shifts every day: technicians keep one on the middle and one on the night
  shift (emergencies), the rest by day; guards share them equally, the remainder by day, then
  on the middle shift. Never more shift-days than the people can work, at least one per shift;
* entrance and car-park posts: the site's entrances over its ``entrance`` posts and its car parks
  over its ``car_park`` posts (the norms' 3 guards = 3 × 8 h each), on each of the three shifts;
  a site whose posts state no kind spreads its entrances over the posts handling gate or door
  operations; other posts (the monitoring room): one on each of the three shifts, as the norms'
  "at least 3" assume (so the rule of thumb may break the fire-control rule of two a shift,
  which the compliance checks show).

Opening-hours checks are switched off (the norms do not promise them); a roster rotation is
replaced by these shifts.
"""

from __future__ import annotations

import math

from planner.costs.norms import NormsPlan, entrances
from planner.rostering import headcount
from sim.scenario import WEEKDAYS, Scenario
from sim.scenario.loader import validate

#: The three shifts of a 24-h post, as the norms' "3 guards (3 × 8 h)" assume.
THREE_SHIFTS: tuple[tuple[str, str], ...] = (("early", "08:00"), ("middle", "16:00"), ("night", "00:00"))
#: The office day (5 × 8 h).
OFFICE_DAY: tuple[str, str, tuple[str, ...]] = ("office", "08:30", WEEKDAYS[:5])
#: Gate and door operations: a post handling one of them is an entrance post.
_GATE_OPS = ("remote_ops.vehicle_gate", "remote_ops.pedestrian_door")


def _shift(start: str, people: int, days=WEEKDAYS) -> dict:
    out = {"start": start, "length_h": 8, "agents": int(people), "days": list(days)}
    if people >= 2:  # a lone post-holder eats at the post; two or more take turns
        out["breaks"] = [{"after_h": 4, "length_min": 30, "stagger_min": 30}]
    return out


def _three(people: dict[str, int]) -> dict:
    return {"shifts": {name: _shift(start, people[name]) for name, start in THREE_SHIFTS}}


def _office(people: int) -> dict:
    name, start, days = OFFICE_DAY
    return {"shifts": {name: _shift(start, people, days)}}


def shift_days_per_week(people: float, scenario: Scenario) -> float:
    """Eight-hour shift-days a week that ``people`` full-time people can work."""
    costs = scenario.costs
    unit = headcount([1] * 7, working_days_per_year=costs.working_days_per_year, holidays=costs.holiday_overtime_days)
    return people * unit.days_per_week_per_person / unit.relief_factor


def _guards_per_shift(per_day: float) -> dict[str, int]:
    base = max(int(math.floor(per_day / 3 + 1e-9)), 1)
    extra = max(int(math.floor(per_day - 3 * base + 1e-9)), 0)
    return {"early": base + (extra >= 1), "middle": base + (extra >= 2), "night": base}


def _technicians_per_shift(per_day: float) -> dict[str, int]:
    return {"early": max(int(math.floor(per_day - 2 + 1e-9)), 1), "middle": 1, "night": 1}


def norms_rosters(scenario: Scenario, norms: NormsPlan) -> Scenario:
    """The scenario with every roster replaced by the norms' own (module docstring)."""
    people = norms.headcount_by_role()
    sites = len(scenario.sites)
    zones = sum(site.zones for site in scenario.sites.values())
    data = scenario.model_dump(mode="json")
    supervisors = max(int(round(people.get("expert_agent", 0.0))), 0)
    for pool in data["centre"]["pools"].values():
        pool["opening_hours"] = None
        if pool["skills"] == ["expert"]:
            pool["roster"] = _office(supervisors)
        else:
            pool["roster"] = _three({name: 1 for name, _ in THREE_SHIFTS})
    field = data.get("field")
    if field:
        for team in field["teams"].values():
            role = team["role"]
            teams_of_role = sum(1 for t in field["teams"].values() if t["role"] == role)
            if role == "butler":
                per_zone = max(int(math.floor(people.get("butler", 0.0) / max(zones, 1) / teams_of_role + 1e-9)), 1)
                team["roster"] = _office(per_zone)
                continue
            per_day = shift_days_per_week(people.get(role, 0.0), scenario) / 7 / sites / teams_of_role
            if role == "technician":
                team["roster"] = _three(_technicians_per_shift(per_day))
            else:
                team["roster"] = _three(_guards_per_shift(per_day))
        site = next(iter(scenario.sites.values()))
        share = _entrance_shares(field["posts"], site)
        for name, post in field["posts"].items():
            post["opening_hours"] = None
            per_shift = share.get(name, 1)
            post["roster"] = _three({shift: per_shift for shift, _ in THREE_SHIFTS})
    return validate(data)


def _entrance_shares(posts: dict, site) -> dict[str, int]:
    """Guards a shift per post under the norms: the site's entrances over its ``entrance`` posts
    and its car parks over its ``car_park`` posts; a site whose posts state no kind spreads its
    entrances (``planner.costs.norms.entrances``) over the posts handling gate or door
    operations, one at least each."""
    share: dict[str, int] = {}
    for kind, count in (("entrance", getattr(site, "entrances", 0)), ("car_park", getattr(site, "car_parks", 0))):
        names = [name for name, post in posts.items() if post.get("kind") == kind]
        for i in range(max(count, len(names)) if names else 0):
            share[names[i % len(names)]] = share.get(names[i % len(names)], 0) + 1
    if share:
        return share
    gate_posts = [name for name, post in posts.items() if set(post["handles"]) & set(_GATE_OPS)]
    for i in range(max(entrances(site), len(gate_posts)) if gate_posts else 0):
        share[gate_posts[i % len(gate_posts)]] = share.get(gate_posts[i % len(gate_posts)], 0) + 1
    return share


#: The name the planner used before the norms had rosters of their own.
norms_staffing = norms_rosters
