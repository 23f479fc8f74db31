"""Time distributions named in scenario files.

A scenario writes a duration as a mapping with a ``dist`` key, for example
``handle_time_s: {dist: lognormal, mean: 180, sd: 90}``; the unit comes from the field name.
Each class validates its parameters, knows its mean, and draws many values at once with
``sample(rng, n)`` (vectorised: the simulation draws a day of attributes in one call).
"""

from __future__ import annotations

import math
from typing import Annotated, Literal, Union

import numpy as np
from pydantic import Field, model_validator

from sim.scenario.problems import problem
from sim.scenario.strict import StrictModel


#: The widest and (for the gamma) narrowest spread allowed, as sd ÷ mean: beyond them the
#: parameters of the underlying distribution overflow (a lognormal with sd 1e300).
MAX_CV = 1000.0
MIN_CV = 1e-6
#: The largest mean, value or bound of a duration, in the field's own unit.
MAX_DURATION = 1e9


def _check_spread(dist, low: float):
    ratio = dist.sd / dist.mean
    if not low <= ratio <= MAX_CV:
        raise problem("sd_spread", sd=dist.sd, ratio=ratio, mean=dist.mean, low=low, high=MAX_CV)
    return dist


Duration = Annotated[float, Field(gt=0, le=MAX_DURATION)]
NonNegativeDuration = Annotated[float, Field(ge=0, le=MAX_DURATION)]


class Exponential(StrictModel):
    """Exponential with the given mean (memoryless: the M of M/M/n)."""

    dist: Literal["exponential"]
    mean: Duration

    @property
    def mean_value(self) -> float:
        return self.mean

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return rng.exponential(self.mean, n)


class LogNormal(StrictModel):
    """Lognormal given by its own mean and standard deviation (not those of its logarithm)."""

    dist: Literal["lognormal"]
    mean: Duration
    sd: Duration

    @property
    def mean_value(self) -> float:
        return self.mean

    _spread = model_validator(mode="after")(lambda self: _check_spread(self, low=0.0))

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        sigma2 = math.log1p((self.sd / self.mean) ** 2)
        return rng.lognormal(math.log(self.mean) - sigma2 / 2, math.sqrt(sigma2), n)


class Gamma(StrictModel):
    """Gamma given by its mean and standard deviation (shape = (mean/sd)²)."""

    dist: Literal["gamma"]
    mean: Duration
    sd: Duration

    @property
    def mean_value(self) -> float:
        return self.mean

    _spread = model_validator(mode="after")(lambda self: _check_spread(self, low=MIN_CV))

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        shape = (self.mean / self.sd) ** 2
        return rng.gamma(shape, self.mean / shape, n)


class Deterministic(StrictModel):
    """Always the same value."""

    dist: Literal["deterministic"]
    value: NonNegativeDuration

    @property
    def mean_value(self) -> float:
        return self.value

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return np.full(n, self.value)


class Uniform(StrictModel):
    """Uniform between ``low`` and ``high``."""

    dist: Literal["uniform"]
    low: NonNegativeDuration
    high: NonNegativeDuration

    @model_validator(mode="after")
    def _ordered(self) -> "Uniform":
        if self.high <= self.low:
            raise problem("high_above_low", high=self.high, low=self.low)
        return self

    @property
    def mean_value(self) -> float:
        return (self.low + self.high) / 2

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return rng.uniform(self.low, self.high, n)


class Empirical(StrictModel):
    """Resamples a list of observed values with equal weights (bootstrap)."""

    dist: Literal["empirical"]
    values: list[NonNegativeDuration] = Field(min_length=1, max_length=100_000)

    @property
    def mean_value(self) -> float:
        return math.fsum(self.values) / len(self.values)

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return np.asarray(self.values, dtype=float)[rng.integers(0, len(self.values), n)]


Distribution = Annotated[
    Union[Exponential, LogNormal, Gamma, Deterministic, Uniform, Empirical],
    Field(discriminator="dist"),
]
DISTRIBUTION_NAMES = ("exponential", "lognormal", "gamma", "deterministic", "uniform", "empirical")
