"""The commitments a district's sites are judged on one by one (issue 38): each district site's
response commitments (emergency, urgent, routine orders, an incident's specialist) as KPI rows of
their own, ``KpiKey(stream, "response_within_target", group=<site>)``, on the site's targets, so
the planner's verdicts see an emergency at the farthest site against that site's 30 minutes and
not only in the district's pool. Light: the targets need no results machinery
(sim.results.centre_kpis.kpi_targets adds them; sim.results.district_kpis measures them)."""

from __future__ import annotations

from sim.results.kpi_key import KpiKey

#: The commitments judged per site and per district: a response stream and its target's field.
STREAMS = {"work_orders.emergency": "emergency", "work_orders.urgent": "urgent", "work_orders.routine": "routine",
           "incidents.specialist": None}
#: The metric of a site's response commitment.
METRIC = "response_within_target"


def stream_target(scenario, stream: str):
    """The response target of ``stream`` (STREAMS) in ``scenario`` (None: no commitment)."""
    ft = scenario.targets.field
    priority = STREAMS[stream]
    return ft.specialist_response if priority is None else ft.response.get(priority)


def district_sites(scenario) -> list[str]:
    """The sites of the scenario's districts that share teams, in order (none without a field)."""
    portfolio = scenario.portfolio
    if portfolio is None or scenario.field is None:
        return []
    return [site for district in portfolio.districts.values() if district.teams for site in district.sites]


def site_targets(scenario) -> dict[KpiKey, tuple[str, float]]:
    """Each district site's response commitments: key -> ('>=', share). Empty for a scenario
    without districts sharing teams (every other scenario's targets are unchanged)."""
    out: dict[KpiKey, tuple[str, float]] = {}
    sites = district_sites(scenario)
    if not sites:
        return out
    specialists = any(i.specialist is not None and i.specialist.team is not None
                      for i in scenario.field.incidents.values())
    for site in sites:
        for stream in STREAMS:
            target = stream_target(scenario, stream)
            if target is not None and (stream != "incidents.specialist" or specialists):
                out[KpiKey(stream, METRIC, site)] = (">=", target.share)
    return out
