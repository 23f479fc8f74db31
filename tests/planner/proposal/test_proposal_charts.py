"""The proposal's charts render Chinese labels with a CJK font: no missing-glyph warnings (captured
from warnings and from matplotlib's logging), and a blank chart would fail."""

from __future__ import annotations

import io
import logging
import warnings

import numpy as np
import pytest
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure as MplFigure
from PIL import Image

from planner.proposal import ProposalError
from planner.proposal.charts import CJK_FAMILIES, find_cjk_font, render
from planner.proposal.model import Figure

CHINESE = "服务水平与坐席人数（排队论）：周六 09:00–10:00，㎡·月"


def _capture(draw):
    """Run ``draw`` and return every warning and matplotlib log record it emitted."""
    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            records.append(record.getMessage())

    handler = Collect(level=logging.DEBUG)
    logger = logging.getLogger("matplotlib")
    logger.addHandler(handler)
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = draw()
    finally:
        logger.removeHandler(handler)
    return result, [str(w.message) for w in caught] + [r for r in records if "lyph" in r or "missing" in r]


def _ink_share(png: bytes) -> float:
    pixels = np.asarray(Image.open(io.BytesIO(png)).convert("L"))
    return float((pixels < 200).mean())


def _figure(chart: str, data: dict, height_cm: float = 7.0) -> Figure:
    return Figure("图", "3-1", "3", 1, CHINESE, chart, data, height_cm)


def test_capture_sees_missing_glyphs_without_a_cjk_font():
    """The control: a Latin-only font does warn about Chinese text, so the capture works."""
    def draw():
        with rc_context({"font.family": ["DejaVu Sans"]}):
            fig = MplFigure(figsize=(3, 2))
            FigureCanvasAgg(fig)
            fig.suptitle(CHINESE)
            fig.savefig(io.BytesIO(), format="png")
    _, messages = _capture(draw)
    assert any("missing" in m.lower() for m in messages)


@pytest.mark.parametrize("chart, data", [
    ("service_level", {"panels": [{"title": CHINESE, "agents": [1, 2, 3, 4], "erlang_c": [0.5, 0.9, 0.98, 1.0],
                                   "erlang_a": [0.6, 0.92, 0.99, 1.0], "target": 0.8, "planned": 2,
                                   "target_label": "目标 80%（15秒内）", "planned_label": "排班 2 人"}],
                       "labels": {"agents": "坐席人数", "service_level": "服务水平", "erlang_c": "Erlang C（不放弃）",
                                  "erlang_a": "Erlang A（含放弃）"}}),
    ("cost_breakdown", {"categories": ["人员费用（工资、社保、福利）", "公共部位及共用设施设备日常运行维护费", "税金及附加"],
                        "plan": [655.1, 176.0, 64.9], "norms": [488.4, 176.0, 52.5],
                        "labels": {"plan": "本方案", "norms": "经验配比", "axis": "万元/年"}, "decimals": 1}),
    ("demand", {"panels": [{"title": "客服中心坐席", "offered": list(np.linspace(0.1, 1.5, 168)),
                            "required": [1] * 84 + [2] * 84, "on_duty": [2.0] * 168}],
                "labels": {"offered": "话务量（爱尔朗）", "required": "理论需求人数", "on_duty": "排班在岗人数",
                           "people": "人数"}, "days": ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]}),
    ("response_times", {"panels": [{"title": "坐席接听等待", "xlabel": "时间（秒）", "ylabel": "完成比例",
                                    "series": [{"label": "住户来电", "x": [1, 5, 15, 30], "y": [0.6, 0.8, 0.95, 1.0],
                                                "target": (15, 0.8)}]}]}),
])
def test_charts_render_chinese_without_missing_glyphs(chart, data):
    png, messages = _capture(lambda: render(_figure(chart, data)))
    assert not [m for m in messages if "lyph" in m or "missing" in m.lower()], messages
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert _ink_share(png) > 0.01  # something is drawn


def test_no_cjk_font_is_a_clear_error():
    with pytest.raises(ProposalError, match="no CJK font.*fonts-noto-cjk"):
        find_cjk_font(("No Such Font SC",))
    assert find_cjk_font() in CJK_FAMILIES
