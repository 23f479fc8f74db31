"""Demand: rate conversion, profiles, dated multipliers and non-homogeneous Poisson arrivals."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from sim import load_scenario
from sim.engine.arrivals import arrival_streams
from sim.engine.rng import stream_rng
from sim.units import DAY_S, HOUR_S, MONTH_S, rate_per_s

DEFAULT = "scenarios/default.yaml"


def stream(scenario, label):
    return next(s for s in arrival_streams(scenario) if f"{s.kind}.{s.type_name}" == label)


def test_rate_units_convert_in_one_place():
    q = {"households": 2000, "vehicle_gates": 4, "pedestrian_gates": 6, "cameras": 120, "buildings": 20}
    assert rate_per_s("rate_per_household_per_month", 0.3, q) == pytest.approx(600 / MONTH_S)
    assert rate_per_s("rate_per_vehicle_gate_per_day", 35, q) == pytest.approx(140 / DAY_S)
    assert rate_per_s("rate_per_minute", 9.5, q) == pytest.approx(9.5 / 60)
    assert rate_per_s("rate_per_hour", 36, q) == pytest.approx(0.01)
    assert MONTH_S * 12 == pytest.approx(365.2425 * DAY_S)


def test_profiles_shape_but_do_not_change_volume():
    scenario = load_scenario(DEFAULT)
    enquiry = stream(scenario, "calls.enquiry")
    per_day = 2000 * 0.125 / (MONTH_S / DAY_S)
    week = np.mean([enquiry.expected_arrivals(d) for d in range(7)])
    assert week == pytest.approx(per_day)                          # hour and weekday weights average to 1
    saturday = enquiry.expected_arrivals(5)                         # 2026-06-01 is a Monday
    assert saturday / enquiry.expected_arrivals(0) == pytest.approx(1.15)
    hourly = enquiry.hourly_rates_per_s(0)
    assert hourly.argmax() in (9, 20) and hourly[3] < hourly[9] / 10


def test_dated_multiplier_applies_only_inside_its_dates_and_types():
    scenario = load_scenario(DEFAULT)
    repair, enquiry = stream(scenario, "calls.repair_report"), stream(scenario, "calls.enquiry")
    # Rainy season starts 2026-06-15 = day 14, both days Mondays.
    assert repair.expected_arrivals(14) / repair.expected_arrivals(7) == pytest.approx(1.3)
    assert enquiry.expected_arrivals(14) == pytest.approx(enquiry.expected_arrivals(7))


def test_site_quantities_and_multiplier_scale_rates():
    base = load_scenario(DEFAULT)
    bigger = load_scenario(DEFAULT, ["sites.cuihu.households=3000", "sites.cuihu.demand_multiplier=1.5"])
    for label in ("calls.enquiry", "tickets.app_ticket"):
        assert stream(bigger, label).base_rate_per_s == pytest.approx(stream(base, label).base_rate_per_s * 1.5 * 1.5)
    assert stream(bigger, "remote_ops.vehicle_gate").base_rate_per_s == pytest.approx(
        stream(base, "remote_ops.vehicle_gate").base_rate_per_s * 1.5)


@pytest.mark.parametrize("label", ["remote_ops.vehicle_gate", "calls.repair_report"])
def test_hourly_arrival_counts_match_the_profile(label):
    """Over many days, arrivals per hour of day agree with the expected counts (Poisson, so the
    variance equals the mean; Bonferroni over 24 hours at 1% family-wise)."""
    scenario = load_scenario(DEFAULT)
    s = stream(scenario, label)
    rng = stream_rng(1, 0, "test")
    days = range(0, 14 * 20)
    counts = np.zeros(24)
    expected = np.zeros(24)
    for day in days:
        times = s.arrivals(day, rng)
        assert np.all(np.diff(times) >= 0) and np.all((times >= day * DAY_S) & (times < (day + 1) * DAY_S))
        counts += np.bincount(((times % DAY_S) // HOUR_S).astype(int), minlength=24)
        expected += s.hourly_rates_per_s(day) * HOUR_S
    z = stats.norm.ppf(1 - 0.01 / (2 * 24))
    assert np.all(np.abs(counts - expected) <= z * np.sqrt(expected)), (counts, expected)


def test_sinusoid_thinning_matches_its_integral():
    scenario = load_scenario("scenarios/validation/sinusoid_infinite.yaml")
    s = stream(scenario, "calls.single")
    rng = stream_rng(3, 0, "test")
    times = np.concatenate([s.arrivals(d, rng) for d in range(200)])
    # Expected count per 3-hour block of the day from the exact integral of the rate.
    blocks = ((times % DAY_S) // (3 * HOUR_S)).astype(int)
    counts = np.bincount(blocks, minlength=8)
    omega = 2 * math.pi / DAY_S
    rate = 0.5 / 60
    edges = np.arange(9) * 3 * HOUR_S
    integral = rate * (np.diff(edges) + 0.5 * (np.cos(omega * edges[:-1]) - np.cos(omega * edges[1:])) / omega)
    expected = integral * 200
    z = stats.norm.ppf(1 - 0.01 / (2 * 8))
    assert np.all(np.abs(counts - expected) <= z * np.sqrt(expected)), (counts, expected)
    assert expected.max() > 2 * expected.min()
