"""The statistics of the fit: exact intervals for counts and shares, maximum-likelihood
durations with censoring, and the estimate record every fitted number is written with."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy import optimize, stats

FAMILIES = ("exponential", "lognormal", "gamma")


@dataclass
class Estimate:
    """One fitted number: where it goes in the scenario, its value, its interval at ``level``,
    the count it rests on and how it was obtained."""

    path: str
    value: float
    low: float
    high: float
    n: int
    note: str = ""
    level: float = 0.95

    def comment(self) -> str:
        pct = f"{100 * self.level:g}%"
        return f"{pct} [{_fmt(self.low)}, {_fmt(self.high)}], n={self.n}" + (f", {self.note}" if self.note else "")

    def as_dict(self) -> dict:
        return {"path": self.path, "value": self.value, "low": self.low, "high": self.high, "n": self.n,
                "level": self.level, "note": self.note}


def _fmt(x: float) -> str:
    if x is None or not math.isfinite(x):
        return "inf" if x == math.inf else "nan"
    return f"{x:.4g}"


def poisson_interval(count: int, level: float = 0.95) -> tuple[float, float]:
    """Exact (Garwood) interval of a Poisson mean from one count."""
    a = 1 - level
    low = 0.0 if count == 0 else stats.chi2.ppf(a / 2, 2 * count) / 2
    high = stats.chi2.ppf(1 - a / 2, 2 * count + 2) / 2
    return float(low), float(high)


def binomial_interval(k: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Exact (Clopper–Pearson) interval of a share k/n."""
    if n == 0:
        return 0.0, 1.0
    a = 1 - level
    low = 0.0 if k == 0 else stats.beta.ppf(a / 2, k, n - k + 1)
    high = 1.0 if k == n else stats.beta.ppf(1 - a / 2, k + 1, n - k)
    return float(low), float(high)


def _frozen(family: str, mean: float, sd: float | None):
    if family == "exponential":
        return stats.expon(scale=mean)
    if family == "lognormal":
        s2 = math.log1p((sd / mean) ** 2)
        return stats.lognorm(s=math.sqrt(s2), scale=math.exp(math.log(mean) - s2 / 2))
    if family == "gamma":
        shape = (mean / sd) ** 2
        return stats.gamma(shape, scale=mean / shape)
    raise KeyError(family)


def _loglik(family: str, theta: np.ndarray, exact: np.ndarray, censored: np.ndarray) -> float:
    mean = math.exp(theta[0])
    sd = math.exp(theta[1]) if family != "exponential" else None
    if not (1e-9 < mean < 1e12) or (sd is not None and not (1e-9 < sd < 1e12)):
        return -math.inf
    d = _frozen(family, mean, sd)
    total = float(np.sum(d.logpdf(exact)))
    if len(censored):
        total += float(np.sum(d.logsf(censored)))
    return total if math.isfinite(total) else -math.inf


@dataclass
class DurationFit:
    """A duration distribution fitted by maximum likelihood."""

    family: str
    mean: float
    sd: float | None
    mean_interval: tuple[float, float]
    sd_interval: tuple[float, float] | None
    n_exact: int
    n_censored: int
    loglik: float
    aic: float
    ks: tuple[float, float] | None = None       # (D, p) of the chosen family, uncensored data only
    others: dict[str, float] = field(default_factory=dict)   # every family's AIC

    def distribution(self, scale: float = 1.0) -> dict:
        """The scenario's distribution mapping (values divided by ``scale``: 60 for minutes)."""
        out = {"dist": self.family, "mean": _round(self.mean / scale)}
        if self.sd is not None:
            out["sd"] = _round(self.sd / scale)
        return out

    def note(self, scale: float = 1.0) -> str:
        lo, hi = self.mean_interval
        text = f"mean [{_fmt(lo / scale)}, {_fmt(hi / scale)}]"
        if self.sd_interval is not None:
            text += f", sd [{_fmt(self.sd_interval[0] / scale)}, {_fmt(self.sd_interval[1] / scale)}]"
        text += f", n={self.n_exact}" + (f" + {self.n_censored} censored" if self.n_censored else "")
        text += ", AIC " + " ".join(f"{f} {a:.1f}" for f, a in sorted(self.others.items(), key=lambda kv: kv[1]))
        if self.ks is not None:
            text += f", KS D={self.ks[0]:.3f} p≈{self.ks[1]:.2f}"
        return text


def _round(x: float) -> float:
    return float(f"{x:.4g}")


def _fit_family(family: str, exact: np.ndarray, censored: np.ndarray, level: float):
    z = stats.norm.ppf(0.5 + level / 2)
    d = len(exact)
    total = float(exact.sum() + censored.sum())
    if family == "exponential":
        mean = total / d
        ll = _loglik(family, np.array([math.log(mean)]), exact, censored)
        a = 1 - level
        if len(censored):   # random censoring: 2T/θ ≈ χ²(2d), with the usual +2 for the upper end
            low, high = 2 * total / stats.chi2.ppf(1 - a / 2, 2 * d + 2), 2 * total / stats.chi2.ppf(a / 2, 2 * d)
        else:               # exact: 2T/θ ~ χ²(2n)
            low, high = 2 * total / stats.chi2.ppf(1 - a / 2, 2 * d), 2 * total / stats.chi2.ppf(a / 2, 2 * d)
        return mean, None, (low, high), None, ll
    logs = np.log(exact)
    if family == "lognormal" and not len(censored):
        mu, s = logs.mean(), logs.std()
        start = np.array([mu + s * s / 2, mu + s * s / 2 + 0.5 * math.log(math.expm1(s * s))])
    else:
        m = total / d
        v = exact.var() if d > 1 else m * m
        start = np.array([math.log(m), 0.5 * math.log(max(v, 1e-6 * m * m))])
    nll = lambda th: -_loglik(family, th, exact, censored)
    res = optimize.minimize(nll, start, method="Nelder-Mead", options={"xatol": 1e-7, "fatol": 1e-7, "maxiter": 4000})
    theta = res.x
    # observed information by central differences in (log mean, log sd)
    h = 1e-3
    H = np.zeros((2, 2))
    for i in range(2):
        for j in range(2):
            ei, ej = np.eye(2)[i] * h, np.eye(2)[j] * h
            H[i, j] = (nll(theta + ei + ej) - nll(theta + ei - ej) - nll(theta - ei + ej) + nll(theta - ei - ej)) / (4 * h * h)
    try:
        cov = np.linalg.inv(H)
        se = np.sqrt(np.clip(np.diag(cov), 0, None))
    except np.linalg.LinAlgError:
        se = np.array([math.inf, math.inf])
    mean, sd = math.exp(theta[0]), math.exp(theta[1])
    return (mean, sd, (math.exp(theta[0] - z * se[0]), math.exp(theta[0] + z * se[0])),
            (math.exp(theta[1] - z * se[1]), math.exp(theta[1] + z * se[1])), -float(res.fun))


def fit_duration(exact, censored=(), level: float = 0.95, families=FAMILIES) -> DurationFit | None:
    """The best of ``families`` by AIC for durations observed exactly (``exact``) or known only to
    exceed a value (``censored``: a caller still waiting when answered). None without any exact
    observation. Values ≤ 0 are kept at 1 ms (a log-likelihood needs them positive)."""
    exact = np.clip(np.asarray(exact, float), 1e-3, None)
    censored = np.asarray(censored, float)
    censored = censored[censored > 0]      # waited 0: says nothing about patience
    if len(exact) == 0:
        return None
    if len(exact) < 3 or np.ptp(exact) == 0:
        families = ("exponential",)
    fits = {}
    for family in families:
        mean, sd, mi, si, ll = _fit_family(family, exact, censored, level)
        if math.isfinite(ll):
            fits[family] = (mean, sd, mi, si, ll, 2 * (1 if family == "exponential" else 2) - 2 * ll)
    best = min(fits, key=lambda f: fits[f][5])
    mean, sd, mi, si, ll, aic = fits[best]
    ks = None
    if not len(censored) and len(exact) >= 5:
        r = stats.kstest(exact, _frozen(best, mean, sd).cdf)
        ks = (float(r.statistic), float(r.pvalue))
    return DurationFit(best, mean, sd, mi, si, len(exact), len(censored), ll, aic, ks,
                       {f: v[5] for f, v in fits.items()})
