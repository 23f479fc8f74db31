"""Cutting a portfolio scenario into the scenarios that are planned one by one.

* :func:`site_models`: each site's operating model (``portfolio.site_models``, else the
  scenario's ``operating_model``).
* :func:`centre_scenario`: the group centre alone (``field: null``) serving the named sites'
  calls, tickets, return visits, escalations and remote operations: the pooled demand its pools
  are planned on. Its rosters are the portfolio's.
* :func:`site_scenario`: one site with its field operations under the traditional model: its
  own desk (the portfolio's pools, the call pool taking the remote operations in place of the
  pools that only do those: the fixed posts take nearly all of them there) and its posts. Field teams do the same work under either model (the posts
  and the desk are what the models change), so one plan of this scenario gives the site's field
  teams for both models and its desk and posts for the traditional one.

* :func:`own_scenario`: one site as its own proposal plans it: traditional as ``site_scenario``;
  centralised with the group running the contact centre (``centre.operator: group``: the pools
  answer the site's calls and remote operations in the simulation but are neither staffed nor
  paid by it) and the site's allocated share of the centre in its costs; its project (the
  proposal's cover) is named after the site. Given the site's plan in the portfolio (its
  rosters and design options), it starts from that plan.

Every scenario returned is validated (``sim.scenario.loader.validate``); a portfolio section is
never carried into them.
"""

from __future__ import annotations

import json

from sim.scenario import Scenario
from sim.scenario.loader import replace_sites, validate


def site_models(scenario: Scenario) -> dict[str, str]:
    """Operating model by site, in the order of ``sites``."""
    given = scenario.portfolio.site_models if scenario.portfolio is not None else {}
    return {name: given.get(name, scenario.operating_model) for name in scenario.sites}


def _base(scenario: Scenario, sites: list[str]) -> dict:
    if not sites:
        raise ValueError("a scenario needs at least one site")
    unknown = [s for s in sites if s not in scenario.sites]
    if unknown:
        raise ValueError(f"sites {', '.join(unknown)} are not in the scenario; sites: {', '.join(scenario.sites)}")
    data = scenario.model_dump(mode="json")
    replace_sites(data, {name: data["sites"][name] for name in sites})
    portfolio = data["portfolio"] or {}
    # the names of the portfolio's districts and their shared teams go with it
    gone = {key for name, d in (portfolio.get("districts") or {}).items() for key in (name, *d.get("teams", {}))}
    data["display_names"] = {k: v for k, v in (data.get("display_names") or {}).items() if k not in gone}
    data["portfolio"] = None
    return data


def centre_scenario(scenario: Scenario, sites: list[str], *, horizon_days: float | None = None) -> Scenario:
    """The group centre serving ``sites`` (centralised, no field operations)."""
    data = _base(scenario, sites)
    data["field"] = None
    data["operating_model"] = "centralised"
    data["name"] = f"{scenario.name}:centre"
    if horizon_days is not None:
        data["calendar"]["horizon_days"] = horizon_days
    return validate(data)


def site_scenario(scenario: Scenario, site: str, *, horizon_days: float | None = None) -> Scenario:
    """``site`` alone with its field operations, traditional model, its own desk (module doc)."""
    return validate(_site_data(scenario, site, horizon_days))


def _site_data(scenario: Scenario, site: str, horizon_days: float | None) -> dict:
    data = _base(scenario, [site])
    data["operating_model"] = "traditional"
    data["name"] = f"{scenario.name}:{site}"
    pools = data["centre"]["pools"]
    if scenario.field is not None and scenario.field.posts:
        remote_only = [n for n, p in pools.items() if set(p["skills"]) <= {"remote_ops"}]
        desk = next((n for n, p in pools.items() if "calls" in p["skills"] and n not in remote_only), None)
        if remote_only and desk is not None:
            for name in remote_only:
                del pools[name]
            if "remote_ops" not in pools[desk]["skills"]:
                pools[desk]["skills"].append("remote_ops")  # what the posts do not take, as the default's desk
    if horizon_days is not None:
        data["calendar"]["horizon_days"] = horizon_days
    return data


def _site_options(data: dict, names: list[str], model: str) -> list:
    """The options ``names`` that apply to the site under ``model``, each checked against the
    site's pools, teams and posts (a ValueError naming the option and what is missing)."""
    from planner.search.design import FIELD_KINDS, DesignOption

    out = []
    for name in names:
        option = DesignOption.parse(name)
        if model != "traditional" and option.kind not in FIELD_KINDS:
            continue
        pools = data["centre"]["pools"]
        field = data.get("field") or {}
        needs = {"merge_pool": [("pool", pools, option.source), ("pool", pools, option.target)],
                 "night_cover": [("pool", pools, option.source), ("post", field.get("posts") or {}, option.target)]
                 }.get(option.kind, [("team", field.get("teams") or {}, option.source)])
        for what, holder, key in needs:
            if key not in holder:
                raise ValueError(f"design option {name!r}: the site has no {what} {key!r}; "
                                 f"{what}s: {', '.join(holder) or 'none'}")
        out.append(option)
    return out


#: Where a staffed group's entry sits in a scenario's data, by its kind.
_HOLDERS = {"pool": ("centre", "pools"), "team": ("field", "teams"), "post": ("field", "posts")}


def _kept_room(post, roster: dict) -> dict:
    """A post's planned roster as the site keeps it under centralised control
    (``planner.rostering.compliance.kept_per_shift``: a fire control room at its minimum)."""
    from planner.rostering.compliance import kept_per_shift

    need = kept_per_shift(post)
    if need is None:
        return roster
    out = json.loads(json.dumps(roster))
    for shift in (out.get("shifts") or {}).values():
        shift["agents"] = need
    if out.get("rotation"):
        out["rotation"]["people_per_crew"] = need
    return out


def own_scenario(scenario: Scenario, site: str, model: str, share_yuan: float = 0.0, *,
                 horizon_days: float | None = None, rosters: dict | None = None,
                 options: list[str] | None = None) -> Scenario:
    """``site`` as its own proposal plans it under ``model`` (module doc), carrying ``share_yuan``
    a year of the group centre when centralised; ``rosters`` (group path → roster, the site's
    plan in the portfolio: ``planner.portfolio.report.planned_rosters``) replace the rosters of
    the groups it staffs, and the design ``options`` of that plan (names as
    ``planner.search.design.DesignOption.name``) are switched on after them, so its own plan
    starts from the portfolio's. A centralised site takes only the options of its field teams
    (on call, butlers' repairs): the desk and the posts the others change are not its own."""
    if model not in ("traditional", "centralised"):
        raise ValueError(f"model must be traditional or centralised, got {model!r}")
    if model == "traditional":
        data = _site_data(scenario, site, horizon_days)
    else:
        data = _base(scenario, [site])
        data["operating_model"] = "centralised"
        data["name"] = f"{scenario.name}:{site}"
        data["centre"]["operator"] = "group"
        data["costs"]["group_call_centre_share_yuan_per_year"] = float(share_yuan)
        if horizon_days is not None:
            data["calendar"]["horizon_days"] = horizon_days
    if rosters:
        # the groups the site staffs under the model (a group centre's pools and the posts its
        # remote seats replace are not the site's), each taking its planned roster
        for group in validate(data).staffed_groups():
            roster = rosters.get(group.path)
            if roster is not None:
                section, holder = _HOLDERS[group.kind]
                data[section][holder][group.name]["roster"] = \
                    _kept_room(group.spec, roster) if model == "centralised" and group.kind == "post" else roster
    for option in _site_options(data, options or [], model):
        option.apply(data)
    # The cover names the site's project, not the group's portfolio.
    named = scenario.proposal.site_names.get(site)
    if named is not None and (named.zh or named.en):
        data["proposal"]["project"] = {"zh": f"{named.zh}物业管理服务项目" if named.zh else "",
                                       "en": f"{named.en} property management services" if named.en else ""}
    return validate(data)
