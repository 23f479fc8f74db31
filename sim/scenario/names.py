"""Display names a scenario may give its keys (``display_names``): a site, pool, team, post,
shift, profile, contact type, patrol route, equipment class or incident named for people in
Chinese and English (``cuihu: {zh: 翠湖苑, en: Cuihu Garden}``). The keys stay the identifiers
of files, ``--set`` and plan.json; the app and documents show these names. A name given for a
key the scenario does not have is refused (a typo would otherwise be silently unused)."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from sim.scenario.strict import StrictModel


class DisplayName(StrictModel):
    """A key's name for people, in Chinese and in English (either may be left empty: the
    app then uses its own name for the key, or the key)."""

    zh: str = Field("", max_length=60, description="Chinese name")
    en: str = Field("", max_length=60, description="English name")


def scenario_keys(scenario: Any) -> set[str]:
    """Every key of a scenario a display name may be given for: the scenario's own name, its
    sites, profiles, contact types, pools, teams, posts and their shifts, patrol routes,
    equipment classes and incidents, districts and their shared teams."""
    keys = {scenario.name, *scenario.sites, *scenario.demand.profiles}
    for kind in ("calls", "remote_ops", "tickets"):
        keys |= set(getattr(scenario.demand, kind))
    groups = list(scenario.centre.pools.values())
    if scenario.field is not None:
        field = scenario.field
        groups += list(field.teams.values()) + list(field.posts.values())
        keys |= set(field.teams) | set(field.posts) | set(field.patrols) | set(field.equipment) | set(field.incidents)
    keys |= set(scenario.centre.pools)
    if scenario.portfolio is not None:  # districts and their shared teams (sim.scenario.district)
        for name, district in scenario.portfolio.districts.items():
            keys |= {name, *district.teams}
            groups += list(district.teams.values())
    for group in groups:
        keys |= set(group.roster.shifts)
    return keys
