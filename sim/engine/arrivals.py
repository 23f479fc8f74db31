"""Demand: the arrival streams of every site, and their non-homogeneous Poisson arrivals.

A stream's rate at time t is

    base rate (from its rate field and the site's quantities, × the site's demand_multiplier)
    × hour-of-day weight × day-of-week weight (each normalised to mean 1)
    × every dated multiplier whose dates include t's date
    × (1 + amplitude·sin(2π(t − phase)/period)) when the profile has a sinusoid.

Arrivals are drawn one day at a time: within each hour the rate is constant but for the
sinusoid, so the number of arrivals in the hour is Poisson and their times uniform; the
sinusoid is applied exactly by thinning.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np

from sim.scenario import CallType, Profile, RemoteOpType, Scenario, Sinusoid, TicketType
from sim.units import DAY_S, HOUR_S, rate_per_s

StreamSpec = CallType | RemoteOpType | TicketType
_HOUR_STARTS_S = np.arange(24) * HOUR_S


@dataclass(frozen=True)
class ArrivalStream:
    """One arrival stream at one site: ``kind`` is 'calls', 'remote_ops' or 'tickets'."""

    site: str
    kind: str
    type_name: str
    spec: StreamSpec
    base_rate_per_s: float
    hour_weights: np.ndarray
    day_weights: np.ndarray
    sinusoid: Sinusoid | None
    #: (first day index, last day index inclusive, multiplier), days counted from the start date.
    dated: tuple[tuple[int, int, float], ...]
    start_weekday: int

    @property
    def name(self) -> str:
        """The stream's unique name, which also names its random streams."""
        return f"{self.site}/{self.kind}.{self.type_name}"

    def hourly_rates_per_s(self, day: int) -> np.ndarray:
        """The 24 hourly rates (arrivals per second, before any sinusoid) of day ``day``."""
        scale = self.base_rate_per_s * self.day_weights[(self.start_weekday + day) % 7]
        for first, last, multiplier in self.dated:
            if first <= day <= last:
                scale *= multiplier
        return self.hour_weights * scale

    def rate_per_s(self, t_s: np.ndarray | float) -> np.ndarray:
        """The exact arrival rate at times ``t_s`` (seconds from the start)."""
        t = np.atleast_1d(np.asarray(t_s, dtype=float))
        days = (t // DAY_S).astype(int)
        hours = ((t % DAY_S) // HOUR_S).astype(int)
        rates = np.array([self.hourly_rates_per_s(int(d))[h] for d, h in zip(days, hours)])
        return rates * self._modulation(t)

    def expected_arrivals(self, day: int) -> float:
        """The expected number of arrivals on day ``day`` (sinusoid included)."""
        rates = self.hourly_rates_per_s(day)
        if self.sinusoid is None:
            return float(rates.sum() * HOUR_S)
        s = self.sinusoid
        omega = 2 * math.pi / (s.period_h * HOUR_S)
        starts = day * DAY_S + _HOUR_STARTS_S - s.phase_h * HOUR_S
        integral = HOUR_S + s.amplitude * (np.cos(omega * starts) - np.cos(omega * (starts + HOUR_S))) / omega
        return float((rates * integral).sum())

    def arrivals(self, day: int, rng: np.random.Generator) -> np.ndarray:
        """Sorted arrival times (seconds from the start of the run) on day ``day``."""
        rates = self.hourly_rates_per_s(day)
        peak = 1.0 + (self.sinusoid.amplitude if self.sinusoid else 0.0)
        counts = rng.poisson(rates * HOUR_S * peak)
        total = int(counts.sum())
        if total == 0:
            return np.empty(0)
        times = day * DAY_S + np.repeat(_HOUR_STARTS_S, counts) + rng.random(total) * HOUR_S
        if self.sinusoid is not None:
            keep = rng.random(total) * peak < self._modulation(times)
            times = times[keep]
        times.sort()
        return times

    def _modulation(self, t: np.ndarray) -> np.ndarray:
        if self.sinusoid is None:
            return np.ones_like(t)
        s = self.sinusoid
        return 1.0 + s.amplitude * np.sin(2 * math.pi * (t / HOUR_S - s.phase_h) / s.period_h)


def _normalised(values: list[float]) -> np.ndarray:
    weights = np.asarray(values, dtype=float)
    return weights / weights.mean()


def arrival_streams(scenario: Scenario) -> list[ArrivalStream]:
    """Every arrival stream of the scenario: each site × each type of call, remote operation and
    ticket, in a fixed order."""
    demand = scenario.demand
    start: dt.date = scenario.calendar.start_date
    streams = []
    for site_name, site in scenario.sites.items():
        quantities = site.quantities()
        for kind, types in (("calls", demand.calls), ("remote_ops", demand.remote_ops), ("tickets", demand.tickets)):
            for type_name, spec in types.items():
                field, value = spec.rate_field
                profile = demand.profiles.get(spec.profile, Profile())
                dated = tuple(
                    ((m.start_date - start).days, (m.end_date - start).days, m.multiplier)
                    for m in demand.dated_multipliers.values()
                    if kind in m.applies_to or f"{kind}.{type_name}" in m.applies_to
                )
                streams.append(
                    ArrivalStream(
                        site=site_name,
                        kind=kind,
                        type_name=type_name,
                        spec=spec,
                        base_rate_per_s=rate_per_s(field, value, quantities) * site.demand_multiplier,
                        hour_weights=_normalised(profile.hour_of_day),
                        day_weights=_normalised(profile.day_of_week),
                        sinusoid=profile.sinusoid,
                        dated=dated,
                        start_weekday=start.weekday(),
                    )
                )
    return streams
