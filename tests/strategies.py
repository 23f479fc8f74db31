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


@st.composite
def shift_breaks(draw, length_h: float, agents: int) -> list[dict]:
    """0–2 breaks that fit a shift of ``length_h`` hours with ``agents`` staggered people."""
    breaks = []
    for _ in range(draw(st.integers(0, 2))):
        length_min = draw(floats(1, 60))
        stagger_min = draw(floats(0, 30))
        latest_h = length_h - (max(agents - 1, 0) * stagger_min + length_min) / 60 - 1e-6
        if latest_h >= 0:
            breaks.append({"after_h": draw(floats(0, latest_h)), "length_min": length_min, "stagger_min": stagger_min})
    return breaks
