"""Warnings about a site's fire control room (消防控制室): what a scenario may do but a planner
should know it is doing. GB 25506-2010 §4.2.1 keeps a fire control room on duty around the clock
with two certified people a shift under either operating model; a high-rise or mixed-use site has
one by its building type (``Site.fire_control_room_count``).

:func:`fire_control_warnings` gives one :class:`FireControlWarning` (the field's path, the message
in English and in Chinese) per finding, none when nothing is amiss:

* a site that its building type gives a fire control room, switched off (``fire_control_rooms: 0``)
  without a ``fire_control_source`` saying which local rule allows remote duty;
* a site with more fire control rooms than the scenario's field operations have posts of kind
  ``fire_control``: the rooms without a post are not staffed by the plan;
* a fire-control post switched off under centralised control (``staffed_when_centralised: false``).

They are warnings, not errors: a scenario may still be run and planned (the CLIs print them, the
app shows them).
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.scenario.site import FIRE_CONTROL_ROOMS_BY_TYPE, FIRE_CONTROL_STANDARD


@dataclass(frozen=True)
class FireControlWarning:
    """One warning: the field it is about (a path, for the CLIs) and what it says for people, in
    English and in Chinese (no field paths: the app shows them as they are)."""

    path: str
    en: str
    zh: str

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


_TYPE_ZH = {"high_rise": "高层", "multi_storey": "多层", "villa": "别墅", "mixed_use": "综合体"}


def fire_control_warnings(scenario) -> list[FireControlWarning]:
    """Every warning of the scenario (module doc), in the order of its sites and posts."""
    out: list[FireControlWarning] = []
    std = FIRE_CONTROL_STANDARD
    for name, site in scenario.sites.items():
        by_type = FIRE_CONTROL_ROOMS_BY_TYPE[site.building_type]
        if site.fire_control_rooms is not None and site.fire_control_rooms < by_type and not site.fire_control_source:
            out.append(FireControlWarning(
                f"sites.{name}.fire_control_rooms",
                f"{site.fire_control_rooms}: a {site.building_type.replace('_', '-')} site keeps {by_type} fire control "
                f"room{'s' if by_type > 1 else ''} on duty around the clock ({std}); name the local rule that allows "
                f"remote duty under the site's “Local rule allowing remote duty”",
                f"设为 {site.fire_control_rooms}：{_TYPE_ZH[site.building_type]}项目应设 {by_type} 个消防控制室，"
                f"24 小时值班（{std}）；如当地规定允许远程值守，请在“允许远程值守的当地规定”中写明依据"))
    field = scenario.field
    if field is None:
        return out
    posts = [n for n, p in field.posts.items() if p.kind == "fire_control"]
    for name, site in scenario.sites.items():
        if site.fire_control_room_count > len(posts):
            out.append(FireControlWarning(
                f"sites.{name}.fire_control_rooms",
                f"{site.fire_control_room_count}: the site has more fire control rooms than the fixed posts have fire "
                f"control room posts ({len(posts)}); a room without a post is not staffed ({std})",
                f"项目有 {site.fire_control_room_count} 个消防控制室，但固定岗中只有 {len(posts)} 个消防控制室岗："
                f"未设岗的控制室无人排班（{std}）"))
    for name in posts:
        if field.posts[name].staffed_when_centralised is False:
            out.append(FireControlWarning(
                f"field.posts.{name}.staffed_when_centralised",
                f"false: a fire control room stays on duty under centralised control ({std})",
                f"集中管控下消防控制室仍须 24 小时值班（{std}），不应取消"))
    return out
