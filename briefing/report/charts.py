"""Charts for the briefing: horizontal bar charts as SVG (matplotlib, text drawn as outlines, so the chart
needs no font to display), embedded as data: URIs, the only images the renderer accepts."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass

from matplotlib.figure import Figure

FONT = "Noto Sans CJK SC"  # any other family name falls back to DejaVu, which has no Chinese glyphs
HIGHLIGHT = "#8b1a1a"
NORMAL = "#b9a58f"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    highlighted: bool


def bar_chart(bars: list[Bar], unit: str) -> str:
    """A horizontal bar chart as a data: URI; highlighted bars are this period's documents."""
    figure = Figure(figsize=(6.2, 0.42 * len(bars) + 0.7), dpi=100)
    axes = figure.add_subplot()
    ordered = sorted(bars, key=lambda bar: bar.value)
    axes.barh([bar.label for bar in ordered], [bar.value for bar in ordered],
              color=[HIGHLIGHT if bar.highlighted else NORMAL for bar in ordered], height=0.6)
    for position, bar in enumerate(ordered):
        axes.text(bar.value, position, f" {bar.value:g}{unit}", va="center", fontsize=8, family=FONT)
    axes.set_yticks(range(len(ordered)), [bar.label for bar in ordered], family=FONT, fontsize=8.5)
    axes.tick_params(axis="x", labelsize=7.5)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.set_xlim(0, max(bar.value for bar in ordered) * 1.25 if ordered else 1)
    figure.tight_layout()
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue().encode("utf-8")).decode("ascii")
