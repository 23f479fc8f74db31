"""Each district site's response commitments and the district's (issue 38): the share of orders
on site within their priority's target (emergency, urgent, routine) and of incidents' specialists
within theirs, measured on the site's own orders (an emergency at the farthest site counts against
that site's target) and on all the district's sites' orders together, per replication; across
replications their mean, 95% interval and verdict (sim.results.verdicts.judge).

Computed from the replications' tasks (sim.field.district keeps every order in its site's books),
so it needs the exact mode's logs (``simulate(..., keep_logs=True)``, or ``SiteModel.run()``);
a streaming run keeps one tally of all sites and cannot say a site's share.

:func:`site_kpis` gives one replication's per-site rows for the run's KPI table
(``KpiKey(stream, "response_within_target", group=<site>)``, judged against
sim.results.district_targets.site_targets), so the planner's verdicts see each site.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sim.results.district_targets import METRIC, STREAMS, district_sites, stream_target
from sim.results.field_kpis import field_tally
from sim.results.kpi_key import KpiKey
from sim.results.stats import mean_ci
from sim.results.verdicts import Verdict, judge
from sim.scenario import Scenario

def response_shares(log, scenario: Scenario) -> dict[str, dict[str, dict[str, tuple[int, int]]]]:
    """One replication's (on time, late) counts by district, then by site and ``"district"``
    (all its sites), then by stream (those with a target and any order)."""
    out: dict[str, dict[str, dict[str, tuple[int, int]]]] = {}
    portfolio = scenario.portfolio
    if portfolio is None:
        return out
    logs = {f.site: f for f in log.field}
    for name, district in portfolio.districts.items():
        groups = {site: logs[site].tasks for site in district.sites}
        groups["district"] = [t for site in district.sites for t in logs[site].tasks]
        out[name] = {}
        for group, tasks in groups.items():
            tally = field_tally(tasks, scenario, log.horizon_s, log.warmup_s)
            out[name][group] = {stream: (t.good, t.late) for stream, t in tally.streams.items()
                                if stream in STREAMS and _target(scenario, stream) is not None}
    return out


_target = stream_target


def site_kpis(log, scenario: Scenario) -> dict[KpiKey, float]:
    """One replication's share on time of each district site's response commitments, by site
    (group): on time ÷ (on time + late), NaN with none. Empty for a scenario without districts
    sharing teams, and in streaming mode (one tally of all sites: no site's share)."""
    sites = set(district_sites(scenario))
    if not sites or any(f.tally is not None for f in log.field):
        return {}
    out: dict[KpiKey, float] = {}
    for f in log.field:
        if f.site not in sites:
            continue
        tally = field_tally(f.tasks, scenario, log.horizon_s, log.warmup_s)
        for stream in STREAMS:
            t = tally.streams.get(stream)
            if t is not None and stream_target(scenario, stream) is not None:
                out[KpiKey(stream, METRIC, f.site)] = t.good / (t.good + t.late) if t.good + t.late else math.nan
    return out


@dataclass(frozen=True)
class SiteCommitment:
    """A response commitment of one site (or of a whole district, ``site == "district"``)."""

    district: str
    site: str
    stream: str
    target_share: float
    mean: float
    low: float
    high: float
    verdict: Verdict


def district_commitments(logs: list, scenario: Scenario) -> list[SiteCommitment]:
    """Every district site's response commitments and the district's, judged over the
    replications' ``logs``: each replication's share on time, their mean and 95% interval."""
    shares: dict[tuple[str, str, str], list[float]] = {}
    for log in logs:
        for district, groups in response_shares(log, scenario).items():
            for site, streams in groups.items():
                for stream, (good, late) in streams.items():
                    shares.setdefault((district, site, stream), []).append(good / (good + late) if good + late else math.nan)
    out = []
    for (district, site, stream), values in shares.items():
        share = _target(scenario, stream).share
        mean, low, high = mean_ci(values)
        out.append(SiteCommitment(district, site, stream, share, mean, low, high, judge(">=", share, low, high, mean)))
    return out
