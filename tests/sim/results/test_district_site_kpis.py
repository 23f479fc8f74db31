"""Each district site's response commitments as KPI rows of their own (issue 38): an emergency at
the farthest site counts against that site's target (sim.results.district_targets,
sim.results.district_kpis.site_kpis), so the planner's verdicts see every site."""

from __future__ import annotations

import math

from sim import load_scenario, simulate
from sim.results.centre_kpis import kpi_targets
from sim.results.district_kpis import district_commitments
from sim.results.district_targets import METRIC
from sim.results.kpi_key import KpiKey

STREAM = "work_orders.emergency"


def near_and_far(far_km: float = 2.5):
    """Two sites at the district team's base and one ``far_km`` east; emergencies from calls at
    every site (exponential work, 20 min), a target of 10 minutes (travel between sites alone takes
    1.3 × 2.5 km at 15 km/h = 13 minutes); a shared team of 3 round the clock, based at ``near``."""
    names = ["near", "also_near", "far"]
    data = {
        "name": "district_far_site",
        "replications": 4,
        "calendar": {"horizon_days": 6, "warmup_days": 1},
        "sites": {n: {"households": 0, "land_area_m2": 1.0, "vacant_share": 0} for n in names},
        "demand": {"calls": {"burst": {"rate_per_hour": 1.0, "handle_time_s": {"dist": "exponential", "mean": 60}}}},
        "centre": {"pools": {"desk": {"skills": ["calls"], "roster": {"shifts": {"all": {
            "start": "00:00", "length_h": 24, "agents": 30}}}}}},
        "field": {
            "travel": {"walking_speed_m_per_s": 1e9, "access_s": 0},
            "work_orders": {"vacant_checks_per_week": 0, "from_calls": {"burst": {
                "priority": "emergency", "work_time_min": {"dist": "exponential", "mean": 20}}}},
        },
        "targets": {"field": {"response": {"emergency": {"within_min": 10, "share": 0.95}}}},
        "portfolio": {
            "locations": {"near": {"x_km": 0.0, "y_km": 0.0}, "also_near": {"x_km": 0.0, "y_km": 0.0},
                          "far": {"x_km": far_km, "y_km": 0.0}},
            "districts": {"d": {"sites": names, "travel": {"access_min": 0}, "teams": {"shared": {
                "skills": ["general"], "base": "near",
                "roster": {"shifts": {"all": {"start": "00:00", "length_h": 24, "agents": 3}}}}}}},
        },
    }
    return load_scenario(data)


def test_each_district_site_is_a_commitment_of_its_own_and_the_far_site_counts_its_travel():
    scenario = near_and_far()
    targets = kpi_targets(scenario, list(scenario.centre.pools))
    for site in scenario.sites:
        assert targets[KpiKey(STREAM, METRIC, site)] == (">=", 0.95)
    run = simulate(scenario, keep_logs=True)
    rows = run.kpi_rows()
    share = {site: rows[KpiKey(STREAM, METRIC, site)] for site in scenario.sites}
    # the site rows are judged (a target and a verdict) and measure what district_commitments does
    commitments = {c.site: c for c in district_commitments([r.log for r in run.results], scenario)
                   if c.stream == STREAM}
    for site, row in share.items():
        assert row.target == 0.95 and row.status is not None
        assert math.isclose(row.mean, commitments[site].mean, rel_tol=1e-12)
    # every emergency at the far site waits for a trip of 13 minutes unless someone is there
    # already; the near sites' are reached at once whenever someone is free at the base
    assert share["far"].mean < share["near"].mean and share["far"].mean < share["also_near"].mean
    assert share["far"].status != "met"
    # the pooled row stays, on all the sites' orders
    assert KpiKey(STREAM, METRIC) in rows


def test_scenarios_without_districts_and_streaming_runs_have_no_site_rows():
    plain = load_scenario("scenarios/default.yaml")
    assert not [k for k in kpi_targets(plain, list(plain.centre.pools)) if k.metric == METRIC and k.group]
    # streaming keeps one tally of every site: no site's share (said, not guessed)
    scenario = near_and_far()
    run = simulate(scenario, replications=2, streaming=True)
    assert not [k for k in run.kpi_rows() if k.metric == METRIC and k.group]


def test_a_site_row_is_named_with_its_site_in_both_languages():
    from planner.proposal.text import commitment_name

    scenario = load_scenario("scenarios/portfolios/district_east.yaml")
    row = {"stream": STREAM, "metric": METRIC, "group": "qinyuan"}
    pooled = {"stream": STREAM, "metric": METRIC, "group": None}
    for lang in ("zh", "en"):
        site = scenario.proposal.site_names["qinyuan"].text(lang)
        assert commitment_name(row, scenario, lang) == f"{site}{'：' if lang == 'zh' else ': '}" \
            + commitment_name(pooled, scenario, lang)
