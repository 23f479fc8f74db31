"""Hypothesis strategies shared by the property-based tests."""

from __future__ import annotations

from hypothesis import strategies as st


def floats(low: float, high: float) -> st.SearchStrategy[float]:
    return st.floats(low, high, allow_nan=False, allow_infinity=False)


@st.composite
def distributions(draw, scale: float) -> dict:
    """A distribution of any family, with values up to about ``scale`` (zero included)."""
    family = draw(st.sampled_from(["exponential", "lognormal", "gamma", "deterministic", "uniform", "empirical"]))
    if family == "exponential":
        return {"dist": family, "mean": draw(floats(scale / 100, scale))}
    if family in ("lognormal", "gamma"):
        return {"dist": family, "mean": draw(floats(scale / 100, scale)), "sd": draw(floats(scale / 1000, 2 * scale))}
    if family == "deterministic":
        return {"dist": family, "value": draw(floats(0, scale))}
    if family == "uniform":
        low = draw(floats(0, scale))
        return {"dist": family, "low": low, "high": low + draw(floats(scale / 100, scale))}
    return {"dist": family, "values": draw(st.lists(floats(0, scale), min_size=1, max_size=5))}
