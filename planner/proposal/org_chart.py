"""The organisation chart (项目组织架构) drawn on a matplotlib figure: the site manager on top, a
box per department (name, people, supervisors) below, and under each the posts with their
people. ``draw(fig, data)`` takes :func:`planner.proposal.posts.organisation_data`'s dict, its
labels already in the document's language; planner.proposal.charts registers it."""

from __future__ import annotations

from matplotlib.patches import FancyBboxPatch

BOX = "#1f4e79"
FILL = "#deebf7"


def _box(ax, x: float, y: float, w: float, h: float, text: str, *, dark: bool = False, size: float = 8.0) -> None:
    ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.004,rounding_size=0.01",
                                linewidth=0.9, edgecolor=BOX, facecolor=BOX if dark else FILL))
    ax.text(x, y, text, ha="center", va="center", fontsize=size, color="white" if dark else "black", linespacing=1.3)


def draw(fig, data: dict) -> None:
    ax = fig.add_subplot()
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    unit = data.get("unit", "")
    depts = data["departments"]
    n = len(depts)
    rows = max(len(d["items"]) for d in depts)
    # vertical layout in axis units: manager, departments, then one line per post
    line_h = 0.62 / (rows + 2.2)
    top, dept_y = 0.93, 0.93 - 0.2
    people = lambda k: f"（{k}{unit}）" if unit else f" ({k})"  # noqa: E731
    _box(ax, 0.5, top, 0.3, 0.1, f"{data['manager']}{people(data['manager_people'])}", dark=True, size=8.5)
    width = min(0.19, 0.96 / n - 0.012)
    xs = [(i + 0.5) / n for i in range(n)]
    bus = (top + dept_y) / 2
    ax.plot([0.5, 0.5], [top - 0.05, bus], color=BOX, linewidth=0.9)
    ax.plot([xs[0], xs[-1]], [bus, bus], color=BOX, linewidth=0.9)
    for x, dept in zip(xs, depts):
        ax.plot([x, x], [bus, dept_y + 0.06], color=BOX, linewidth=0.9)
        label = f"{dept['name']}{people(dept['people'])}"
        if dept["leaders"]:
            label += f"\n{data['supervisor_label']}{people(dept['leaders'])}"
        _box(ax, x, dept_y, width, 0.12, label, dark=True, size=7.5)
        y = dept_y - 0.06 - line_h * 0.9
        ax.plot([x - width / 2 + 0.01] * 2, [dept_y - 0.06, y - line_h * (len(dept["items"]) - 1)], color=BOX,
                linewidth=0.7)
        for name, count in dept["items"]:
            ax.plot([x - width / 2 + 0.01, x - width / 2 + 0.02], [y, y], color=BOX, linewidth=0.7)
            _box(ax, x + 0.01, y, width - 0.02, line_h * 0.8, f"{name}{people(count)}", size=6.8)
            y -= line_h
