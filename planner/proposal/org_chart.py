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


#: Layout in centimetres from the top: manager box, department boxes, post rows.
MANAGER_H, DEPT_H, ROW_H, ROW_PITCH, GAP = 0.85, 1.05, 0.6, 0.78, 0.55


def height_cm(rows: int) -> float:
    """The figure height that fits ``rows`` posts under the fullest department."""
    return 0.3 + MANAGER_H + GAP + DEPT_H + 0.35 + rows * ROW_PITCH + 0.2


def draw(fig, data: dict) -> None:
    ax = fig.add_subplot()
    ax.set_axis_off()
    unit = data.get("unit", "")
    depts = data["departments"]
    n = len(depts)
    rows = max(len(d["items"]) for d in depts)
    height = height_cm(rows)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, height)
    ax.set_position([0, 0, 1, 1])
    people = lambda k: f"（{k}{unit}）" if unit else f" ({k})"  # noqa: E731
    top = height - 0.3 - MANAGER_H / 2
    dept_y = top - MANAGER_H / 2 - GAP - DEPT_H / 2
    _box(ax, 0.5, top, 0.3, MANAGER_H, f"{data['manager']}{people(data['manager_people'])}", dark=True, size=8.5)
    width = min(0.19, 0.96 / n - 0.012)
    xs = [(i + 0.5) / n for i in range(n)]
    bus = dept_y + DEPT_H / 2 + GAP / 2
    ax.plot([0.5, 0.5], [top - MANAGER_H / 2, bus], color=BOX, linewidth=0.9)
    ax.plot([xs[0], xs[-1]], [bus, bus], color=BOX, linewidth=0.9)
    for x, dept in zip(xs, depts):
        ax.plot([x, x], [bus, dept_y + DEPT_H / 2], color=BOX, linewidth=0.9)
        label = f"{dept['name']}{people(dept['people'])}"
        if dept["leaders"]:
            label += f"\n{data['supervisor_label']}{people(dept['leaders'])}"
        _box(ax, x, dept_y, width, DEPT_H, label, dark=True, size=7.5)
        y = dept_y - DEPT_H / 2 - 0.35 - ROW_H / 2
        stem = x - width / 2 + 0.01
        ax.plot([stem, stem], [dept_y - DEPT_H / 2, y - ROW_PITCH * (len(dept["items"]) - 1)], color=BOX, linewidth=0.7)
        for name, count in dept["items"]:
            text = f"{name}{people(count)}"
            ax.plot([stem, stem + 0.01], [y, y], color=BOX, linewidth=0.7)
            _box(ax, x + 0.01, y, width - 0.02, ROW_H, text, size=6.8 if len(text) <= 10 else 6.0)
            y -= ROW_PITCH
