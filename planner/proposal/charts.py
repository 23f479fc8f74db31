"""The proposal's figures, drawn with matplotlib (Agg canvas, no pyplot state) in an installed
CJK font so that Chinese labels render (no missing-glyph boxes).

``render(figure, width_cm)`` returns PNG bytes for a :class:`~planner.proposal.model.Figure`
whose ``chart`` is one of :data:`CHARTS`; the figure's ``data`` already carries its labels in the
document's language.
"""

from __future__ import annotations

import io
import math
from pathlib import Path

from matplotlib import font_manager
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure as MplFigure
from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

from planner.proposal import org_chart
from planner.proposal.options import ProposalError

#: CJK families tried in order (Simplified Chinese forms first).
CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "Noto Sans SC", "WenQuanYi Zen Hei",
                "SimHei", "Microsoft YaHei")
DPI = 200
CM = 1 / 2.54
COLOURS = ("#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6")


def find_cjk_font(families=CJK_FAMILIES) -> str:
    """The first of ``families`` matplotlib can use. Fonts installed after matplotlib built its
    font cache (e.g. Debian's fonts-noto-cjk, .ttc collections) are registered on the way.
    Raises ProposalError when none is installed."""
    known = {f.name for f in font_manager.fontManager.ttflist}
    for family in families:
        if family in known:
            return family
    for path in _cjk_font_files():
        try:
            font_manager.fontManager.addfont(path)
        except (OSError, RuntimeError, ValueError):
            continue
    known = {f.name for f in font_manager.fontManager.ttflist}
    for family in families:
        if family in known:
            return family
    raise ProposalError(f"no CJK font for the charts: none of {', '.join(families)} is installed "
                        f"(on Debian: apt-get install fonts-noto-cjk)", "no_font")


def _cjk_font_files() -> list[str]:
    files = set()
    for ext in ("ttf", "otf"):
        files.update(font_manager.findSystemFonts(fontext=ext))
    for folder in ("/usr/share/fonts", "/usr/local/share/fonts", str(Path.home() / ".fonts")):
        if Path(folder).is_dir():
            files.update(str(p) for p in Path(folder).rglob("*.tt[cf]"))
            files.update(str(p) for p in Path(folder).rglob("*.otf"))
    hints = ("cjk", "han", "wqy", "simhei", "msyh", "noto")
    return sorted(p for p in files if any(h in Path(p).name.lower() for h in hints))


def render(figure, width_cm: float = 16.0) -> bytes:
    """PNG bytes of ``figure`` (model.Figure), ``width_cm`` wide and ``figure.height_cm`` high."""
    draw = CHARTS.get(figure.chart)
    if draw is None:
        raise ProposalError(f"unknown chart {figure.chart!r}; known: {', '.join(CHARTS)}")
    family = find_cjk_font()
    style = {"font.family": [family, "DejaVu Sans"], "font.size": 8, "axes.titlesize": 8.5, "axes.labelsize": 8,
             "legend.fontsize": 7.5, "xtick.labelsize": 7.5, "ytick.labelsize": 7.5, "axes.unicode_minus": False,
             "axes.spines.top": False, "axes.spines.right": False, "axes.grid": True, "grid.color": "#d9d9d9",
             "grid.linewidth": 0.5}
    with rc_context(style):
        fig = MplFigure(figsize=(width_cm * CM, figure.height_cm * CM), dpi=DPI, layout="constrained")
        FigureCanvasAgg(fig)
        draw(fig, figure.data)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=DPI, facecolor="white")
    return buffer.getvalue()


def _response_times(fig, data: dict) -> None:
    panels = data["panels"]
    axes = fig.subplots(len(panels), 1, squeeze=False)[:, 0]
    for ax, panel in zip(axes, panels):
        lowest = math.inf
        right = max(max(s["x"]) for s in panel["series"])
        right = max([right] + [s["target"][0] for s in panel["series"] if s["target"] is not None]) * 1.5
        for i, series in enumerate(panel["series"]):
            colour = COLOURS[i % len(COLOURS)]
            # Every value is counted by the last edge: the curve stays at 100% to the right.
            x, y = series["x"] + [right], series["y"] + [series["y"][-1]]
            ax.step(x, y, where="post", color=colour, linewidth=1.4, label=series["label"])
            first = next((xi for xi, yi in zip(x, y) if yi > 0.002), x[0])
            lowest = min(lowest, first)
            if series["target"] is not None:
                tx_, ty = series["target"]
                ax.plot([tx_], [ty], marker="o", markersize=5.5, color=colour, markeredgecolor="black",
                        markeredgewidth=0.6, linestyle="none")
                lowest = min(lowest, tx_)
        ax.set_xscale("log")
        ax.set_xlim(lowest / 1.6, right)
        ax.set_ylim(0, 1.02)
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        ax.set_title(panel["title"], loc="left")
        ax.set_xlabel(panel["xlabel"])
        ax.set_ylabel(panel["ylabel"])
        ax.legend(loc="lower right", frameon=False)


def _demand(fig, data: dict) -> None:
    panels, labels = data["panels"], data["labels"]
    axes = fig.subplots(len(panels), 1, squeeze=False, sharex=True)[:, 0]
    hours = list(range(169))
    for ax, panel in zip(axes, panels):
        offered = panel["offered"] + panel["offered"][-1:]
        ax.fill_between(hours, offered, step="post", color="#9dc3e6", alpha=0.8, linewidth=0, label=labels["offered"])
        ax.step(hours, panel["on_duty"] + panel["on_duty"][-1:], where="post", color=COLOURS[0], linewidth=1.6,
                label=labels["on_duty"], zorder=3)
        ax.step(hours, panel["required"] + panel["required"][-1:], where="post", color=COLOURS[1], linestyle="--",
                linewidth=1.1, label=labels["required"], zorder=4)
        for day in range(1, 7):
            ax.axvline(day * 24, color="#a6a6a6", linewidth=0.6)
        top = max(max(panel["on_duty"]), max(panel["required"]), max(panel["offered"]))
        ax.set_ylim(0, top * 1.25 + 0.2)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlim(0, 168)
        ax.set_title(panel["title"], loc="left")
        ax.set_ylabel(labels["people"])
        ax.grid(axis="x", visible=False)
        ax.tick_params(axis="x", length=0)
    axes[-1].set_xticks([12 + 24 * d for d in range(7)], data["days"])
    axes[0].legend(loc="upper left", ncols=3, frameon=False, bbox_to_anchor=(0, 1.32))


def _service_level(fig, data: dict) -> None:
    panels, labels = data["panels"], data["labels"]
    axes = fig.subplots(1, len(panels), squeeze=False)[0]
    for ax, panel in zip(axes, panels):
        agents = panel["agents"]
        ax.plot(agents, panel["erlang_c"], marker="o", markersize=3, color=COLOURS[0], linewidth=1.2,
                label=labels["erlang_c"])
        if panel.get("erlang_a"):
            ax.plot(agents, panel["erlang_a"], marker="s", markersize=3, color=COLOURS[2], linewidth=1.2,
                    linestyle="--", label=labels["erlang_a"])
        ax.axhline(panel["target"], color=COLOURS[1], linewidth=1, linestyle=":", label=panel["target_label"])
        ax.axvline(panel["planned"], color="#404040", linewidth=1.1, label=panel["planned_label"])
        ax.set_ylim(0, 1.04)
        ax.set_xlim(agents[0] - 0.4, agents[-1] + 0.4)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        ax.set_title(panel["title"], loc="left")
        ax.set_xlabel(labels["agents"])
        ax.set_ylabel(labels["service_level"])
        ax.legend(loc="lower right", frameon=False)


def _cost_breakdown(fig, data: dict) -> None:
    ax = fig.subplots()
    names = data["categories"][::-1]
    plan, norms = data["plan"][::-1], data["norms"][::-1]
    height = 0.38
    ys = range(len(names))
    bars_plan = ax.barh([y + height / 2 for y in ys], plan, height, color=COLOURS[0], label=data["labels"]["plan"])
    bars_norms = ax.barh([y - height / 2 for y in ys], norms, height, color="#a6a6a6", label=data["labels"]["norms"])
    top = max(plan + norms) if plan + norms else 1
    for bars in (bars_plan, bars_norms):
        for bar in bars:
            width = bar.get_width()
            ax.text(width + top * 0.01, bar.get_y() + bar.get_height() / 2, f"{width:,.{data['decimals']}f}",
                    va="center", fontsize=6.5)
    ax.set_yticks(list(ys), names)
    ax.set_xlim(0, top * 1.15)
    ax.set_xlabel(data["labels"]["axis"])
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right", frameon=False)


CHARTS = {"response_times": _response_times, "demand": _demand, "service_level": _service_level,
          "cost_breakdown": _cost_breakdown, "organisation": org_chart.draw}
