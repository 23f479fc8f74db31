"""The sites of a portfolio on a map, coloured by district (片区, sim.scenario.district): a pure
function of a scenario's ``portfolio.locations`` and ``portfolio.districts``, drawn with matplotlib
(Agg canvas, no pyplot state) in the CJK font of the proposal's charts (planner.proposal.charts).

* :func:`map_planes` places every located site in km, x east and y north: x/y as given, latitude/
  longitude projected about the centre of the sites given so (sim.scenario.district.positions_km).
  A scenario with sites of both kinds gets one plane of each (they share no origin).
* :func:`district_map` draws the planes side by side: a point per site labelled with its name,
  each district's sites in one colour, the district's name and its reach limit in the legend
  (sites in no district grey and hollow), a scale bar in km (metres below 1 km), north up. Its
  words come from planner.proposal.text (``map.*``) and from ``names``: no key is drawn. None
  when no site has a location.
* The chart ``district_map`` (registered in planner.proposal.charts.CHARTS) draws one district's
  sites from a portfolio.json ``districts`` block (``locations_km``, its sites' names), for the
  portfolio chapter's section 片区共享维修与巡逻 (planner.proposal.portfolio).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from typing import Mapping

from matplotlib import colormaps, rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure as MplFigure
from matplotlib.lines import Line2D
from mpl_toolkits.axes_grid1.anchored_artists import AnchoredSizeBar

from planner.proposal.charts import CHARTS, CM, COLOURS, DPI, find_cjk_font
from planner.proposal.text import t
from sim.scenario.district import positions_km
from sim.scenario.field_names import FIELD_NAMES

#: Sites in no district: grey, hollow.
NO_DISTRICT = "#7f7f7f"


@dataclass(frozen=True)
class Plane:
    """Sites placed on one plane: ``points`` site → (x km east, y km north), in the scenario's
    order of sites; ``geographic`` when they were given by latitude/longitude."""

    geographic: bool
    points: dict[str, tuple[float, float]]


def map_planes(scenario) -> list[Plane]:
    """The located sites of ``scenario`` on their planes (module doc); [] when none is located."""
    portfolio = scenario.portfolio
    if portfolio is None or not portfolio.locations:
        return []
    located = [s for s in scenario.sites if s in portfolio.locations]
    planes = []
    for geographic in (False, True):
        sites = [s for s in located if portfolio.locations[s].geographic == geographic]
        if sites:
            found = positions_km(portfolio.locations, sites)
            planes.append(Plane(geographic, {s: found[s] for s in sites}))
    return planes


def district_colours(n: int) -> list[str]:
    """``n`` distinct colours: the charts' palette, then tab20's, then evenly round the hue circle."""
    palette = list(COLOURS) + [c for c in map(_hex, colormaps["tab20"].colors) if c not in COLOURS]
    return palette[:n] if n <= len(palette) else [_hex(colormaps["hsv"](i / n)) for i in range(n)]


def _hex(rgba) -> str:
    return "#" + "".join(f"{round(255 * v):02x}" for v in rgba[:3])


def scale_km(extent_km: float) -> float:
    """A round length for the scale bar, about a quarter of ``extent_km``: 1, 2 or 5 × 10^k km."""
    target = max(extent_km, 1e-3) / 4
    power = 10 ** math.floor(math.log10(target))
    return max(step * power for step in (1, 2, 5) if step * power <= target)


def district_map(scenario, lang: str, names: Mapping[str, str] | None = None, width_cm: float = 16.0) -> MplFigure | None:
    """The map of ``scenario``'s sites in ``lang`` (module doc); ``names`` names its sites and
    districts by key, over the scenario's own ``display_names`` (a site or district with neither
    is 项目 n / 片区 n by its order)."""
    planes = map_planes(scenario)
    if not planes:
        return None
    given = {k: getattr(v, lang) for k, v in scenario.display_names.items() if getattr(v, lang)}
    names = {**given, **(names or {})}
    districts = scenario.portfolio.districts
    district_of = {site: d for d, district in districts.items() for site in district.sites}
    colours = dict(zip(districts, district_colours(len(districts))))
    site_name = {s: names.get(s) or t("map.site_n", lang, n=i) for i, s in enumerate(scenario.sites, start=1)}
    district_name = {d: names.get(d) or t("map.district_n", lang, n=i) for i, d in enumerate(districts, start=1)}
    with rc_context(_style()):
        height_cm = width_cm * (0.7 if len(planes) == 1 else 0.45) + 0.6 * math.ceil((len(districts) + 1) / 2)
        fig = MplFigure(figsize=(width_cm * CM, height_cm * CM), dpi=DPI, layout="constrained")
        FigureCanvasAgg(fig)
        axes = fig.subplots(1, len(planes), squeeze=False)[0]
        for ax, plane in zip(axes, planes):
            _plane(ax, plane, district_of, colours, site_name, lang)
        handles = [Line2D([], [], marker="o", linestyle="none", markersize=6, color=colours[d],
                          label=t("map.district", lang, district=district_name[d], minutes=district.reach_min,
                                  mode=FIELD_NAMES[district.reach_mode][0 if lang == "zh" else 1]))
                   for d, district in districts.items() if any(s in p.points for p in planes for s in district.sites)]
        if any(s not in district_of for p in planes for s in p.points):
            handles.append(Line2D([], [], marker="o", linestyle="none", markersize=6, markerfacecolor="white",
                                  markeredgecolor=NO_DISTRICT, label=t("map.no_district", lang)))
        if handles:
            fig.legend(handles=handles, loc="outside lower center", ncols=min(2, len(handles)), frameon=False)
    return fig


def _style() -> dict:
    """The map's matplotlib settings: the charts' CJK font (Chinese names and words, no boxes)."""
    return {"font.family": [find_cjk_font(), "DejaVu Sans"], "font.size": 8, "axes.titlesize": 8.5,
            "legend.fontsize": 7.5, "axes.unicode_minus": False}


def _plane(ax, plane: Plane, district_of: dict[str, str], colours: dict[str, str], site_name: dict[str, str],
           lang: str) -> None:
    xs, ys = [p[0] for p in plane.points.values()], [p[1] for p in plane.points.values()]
    extent = max(max(xs) - min(xs), max(ys) - min(ys))
    for d in [*colours, None]:  # one scatter per district (its one colour), then the sites in no district
        sites = [s for s in plane.points if district_of.get(s) == d]
        if sites:
            at = [plane.points[s] for s in sites]
            colour = colours[d] if d is not None else NO_DISTRICT
            ax.scatter([p[0] for p in at], [p[1] for p in at], s=36, zorder=3, gid=d or "",
                       color="white" if d is None else colour, edgecolors=colour, linewidths=1.2)
    for site, (x, y) in plane.points.items():
        ax.annotate(site_name[site], (x, y), xytext=(5, 4), textcoords="offset points", fontsize=7.5)
    pad = max(0.25 * extent, 0.3)
    ax.set_xlim(min(xs) - pad, max(xs) + pad * 1.6)  # room for the names, right of their points
    ax.set_ylim(min(ys) - pad, max(ys) + pad)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(t("map.title.geo" if plane.geographic else "map.title.xy", lang), loc="left")
    length = scale_km(max(extent, 0.4))
    label = t("map.km", lang, n=length) if length >= 1 else t("map.m", lang, n=round(length * 1000))
    ax.add_artist(AnchoredSizeBar(ax.transData, length, label, "lower left", pad=0.4, frameon=False, size_vertical=0))
    ax.annotate(t("map.north", lang), xy=(0.97, 0.97), xytext=(0.97, 0.84), xycoords="axes fraction",
                ha="center", va="center", arrowprops={"arrowstyle": "-|>", "color": "#404040", "linewidth": 0.8})


def district_map_png(scenario, lang: str, names: Mapping[str, str] | None = None, width_cm: float = 16.0) -> bytes | None:
    """PNG bytes of :func:`district_map` (None when no site has a location)."""
    with rc_context(_style()):
        fig = district_map(scenario, lang, names, width_cm)
        if fig is None:
            return None
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    return buffer.getvalue()


def district_chart_data(points_km: Mapping[str, list[float]], site_names: Mapping[str, str], district: str,
                        lang: str) -> dict:
    """The ``district_map`` chart's data for one district: its sites' points (km), their names and
    the district's name, in ``lang``."""
    return {"points": {s: [float(x), float(y)] for s, (x, y) in points_km.items()},
            "site_names": {s: site_names.get(s, s) for s in points_km}, "district": district, "lang": lang}


def _district_chart(fig, data: dict) -> None:
    """One district's sites on the chapter's figure (charts.render gives the figure and its font)."""
    points = {s: (x, y) for s, (x, y) in data["points"].items()}
    ax = fig.subplots()
    _plane(ax, Plane(False, points), dict.fromkeys(points, "d"), {"d": COLOURS[0]}, data["site_names"], data["lang"])
    ax.grid(False)
    for spine in ax.spines.values():  # a framed map, not a chart's open axes
        spine.set_visible(True)
    ax.set_title(data["district"], loc="left")


CHARTS.setdefault("district_map", _district_chart)
