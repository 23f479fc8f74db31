"""Shift names a site uses (早班, 中班, 夜班, 白班, 行政班, 全天班), given by each shift's times, unique
within its pool, team or post.

A shift is named by when it starts and how long it lasts (the scenario's own key, e.g.
``early`` or a search's ``middle_0800``, is never shown):

* 24 hours: 全天班 (all-day);
* 11 hours or more: 白班 (day) if it starts 05:00–12:59, else 夜班 (night) — two 12-hour shifts;
* Monday to Friday only, starting 07:00–10:59: 行政班 (office hours);
* the only shift of its group, starting 05:00–12:59: 白班 (day);
* otherwise by the start: 04:00–10:59 早班 (early), 11:00–18:59 中班 (middle/late),
  19:00–03:59 夜班 (night).

Two shifts of a group with the same name are numbered in order of their start
(早班一, 早班二 / early 1, early 2), so no two shifts of a group share a name.
"""

from __future__ import annotations

from typing import Iterable, Sequence

#: Shift kinds: (中文, English).
KINDS: dict[str, tuple[str, str]] = {
    "all_day": ("全天班", "all-day"),
    "day": ("白班", "day"),
    "office": ("行政班", "office hours"),
    "early": ("早班", "early"),
    "middle": ("中班", "late"),
    "night": ("夜班", "night"),
}
ORDINALS_ZH = "一二三四五六七八九十"
WORKDAYS = ("mon", "tue", "wed", "thu", "fri")


def shift_kind(start: str, length_h: float, days: Sequence[str], alone: bool = False) -> str:
    """The kind of a shift starting at ``start`` (HH:MM) for ``length_h`` hours on ``days``
    (``alone``: the only shift of its group)."""
    hour = int(start[:2]) + int(start[3:5]) / 60
    if length_h >= 24:
        return "all_day"
    if length_h >= 11:
        return "day" if 5 <= hour < 13 else "night"
    if tuple(days) == WORKDAYS and 7 <= hour < 11:
        return "office"
    if alone and 5 <= hour < 13:
        return "day"
    if 4 <= hour < 11:
        return "early"
    if 11 <= hour < 19:
        return "middle"
    return "night"


def shift_names(shifts: Iterable[tuple[str, str, float, Sequence[str]]]) -> dict[str, tuple[str, str]]:
    """``{key: (中文 name, English name)}`` for one group's shifts given as
    ``(key, start, length_h, days)``: named by :func:`shift_kind`, numbered where two share a kind."""
    shifts = list(shifts)
    alone = len(shifts) == 1
    kinds = {key: shift_kind(start, length, days, alone) for key, start, length, days in shifts}
    out = {}
    for kind in dict.fromkeys(kinds.values()):
        same = sorted((s for s in shifts if kinds[s[0]] == kind), key=lambda s: (s[1], -s[2], s[0]))
        zh, en = KINDS[kind]
        for i, (key, *_rest) in enumerate(same):
            if len(same) == 1:
                out[key] = (zh, en)
            else:
                out[key] = (zh + (ORDINALS_ZH[i] if i < len(ORDINALS_ZH) else str(i + 1)), f"{en} {i + 1}")
    return out
