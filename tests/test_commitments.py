"""The service commitments of DOMAIN §4 measured as issue 13 defines them, each against a case
computed by hand: the hourly floor of a service level."""

from __future__ import annotations

import numpy as np
import pytest

from sim import load_scenario, simulate
from sim.engine.contact_centre import ANSWERED, KIND_INDEX, OPEN
from sim.results.centre_kpis import KpiKey, hour_group, kpi_targets
from sim.scenario.errors import ScenarioError
from sim.scenario.loader import deep_merge
from sim.units import HOUR_S


def make(changes: dict | None = None):
    base = {
        "name": "t",
        "calendar": {"start_date": "2026-01-05", "horizon_days": 4},
        "sites": {"a": {"households": 1000}},
        "demand": {"calls": {"c": {"rate_per_hour": 3, "handle_time_s": {"dist": "deterministic", "value": 1},
                                   "patience_s": {"dist": "deterministic", "value": 60}}}},
        "centre": {"pools": {"desk": {"skills": ["calls"], "opening_hours": None,
                                       "roster": {"shifts": {"day": {"start": "08:00", "length_h": 8, "agents": 1}}}}}},
        "targets": {"calls": {"answer_within_s": 15, "service_level": 0.8, "hourly_floor": 0.7},
                    "remote_ops": None, "expert": None, "tickets": None, "return_visits": None, "staff": None},
    }
    return load_scenario(deep_merge(base, changes or {}))


# ----------------------------------------------------------------------------- hourly floors


def test_hourly_floor_is_a_kpi_row_per_hour_with_its_target_and_verdict():
    """A desk staffed 08:00–16:00 only, callers who hang up after 60 s, calls of 1 s at 3 an
    hour: a call arriving from 16:00 to 07:58 is never answered (service level exactly 0 in
    hours 16–06), one arriving 08:00–15:59 is answered at once (exactly 1 in hours 08–14: a
    second call in the 1 s of a first is the only wait, and it is far below 15 s)."""
    scenario = make()
    targets = kpi_targets(scenario, ["desk"])
    assert all(targets[KpiKey("calls", "service_level_hour", hour_group(h))] == (">=", 0.7) for h in range(24))
    run = simulate(scenario, replications=3, seed=5, keep_logs=True)
    table = run.kpi_table()
    hourly = table[(table.stream == "calls") & (table.metric == "service_level_hour")].set_index("group")
    assert list(hourly.index) == [f"{h:02d}:00" for h in range(24)]
    for h in [*range(16, 24), *range(0, 7)]:
        assert hourly.loc[hour_group(h), "mean"] == 0.0 and hourly.loc[hour_group(h), "status"] == "missed"
    for h in range(8, 15):
        assert hourly.loc[hour_group(h), "mean"] == 1.0 and hourly.loc[hour_group(h), "status"] == "met"
    assert (hourly["target"] == 0.7).all() and (hourly["within_s"] == 15).all()
    # The whole day hides the night: about a third of the calls are answered, one number.
    daily = table[(table.stream == "calls") & (table.metric == "service_level")]["mean"].item()
    assert 0.25 < daily < 0.45


def test_hourly_values_are_the_records_counted_by_hour_of_arrival():
    scenario = make({"demand": {"calls": {"c": {"rate_per_hour": 12, "handle_time_s": {"dist": "exponential", "mean": 400},
                                                "patience_s": {"dist": "exponential", "mean": 300}}}},
                     "centre": {"pools": {"desk": {"roster": {"shifts": {"day": {"length_h": 12, "agents": 2}}}}}}})
    run = simulate(scenario, replications=2, seed=9, keep_logs=True)
    for r in run.results:
        log = r.log
        m = (log.kind == KIND_INDEX["calls"]) & (log.outcome != OPEN)
        hour = (log.arrival_s[m] // HOUR_S % 24).astype(int)
        good = (log.outcome[m] == ANSWERED) & (log.wait_s[m] <= 15)
        for h in range(24):
            offered = (hour == h).sum()
            value = r.kpis[KpiKey("calls", "service_level_hour", hour_group(h))]
            if offered:
                assert value == pytest.approx(good[hour == h].sum() / offered)
            else:
                assert np.isnan(value)
        # Weighted by the calls of each hour, the hours give the daily service level back.
        assert np.average([good[hour == h].mean() for h in range(24) if (hour == h).any()],
                          weights=[(hour == h).sum() for h in range(24) if (hour == h).any()]) == \
            pytest.approx(r.kpis[KpiKey("calls", "service_level")])


def test_no_floor_no_hourly_rows_and_a_type_cannot_have_one():
    scenario = make({"targets": {"calls": {"hourly_floor": None}}})
    run = simulate(scenario, replications=1, seed=1)
    assert not any(k.metric == "service_level_hour" for k in run.results[0].kpis)
    with pytest.raises(ScenarioError) as error:
        make({"targets": {"types": {"calls.c": {"answer_within_s": 10, "hourly_floor": 0.8}}}})
    text = str(error.value)
    assert "targets.types.calls.c.hourly_floor" in text and "0.8" in text and "null" in text


@pytest.mark.parametrize("value", [-0.1, 1.5])
def test_hourly_floor_outside_zero_one_is_refused_naming_field_and_value(value):
    with pytest.raises(ScenarioError) as error:
        make({"targets": {"calls": {"hourly_floor": value}}})
    text = str(error.value)
    assert "targets.calls.hourly_floor" in text and str(value) in text
