"""Charts for the briefing: horizontal bar charts drawn by the stylesheet, one row of text and one bar per
region. The labels and numbers are text in the PDF (a screen reader and pdftotext read them, and they use
the document's font), and the renderer lays out a few boxes instead of drawing an image: a chart as an SVG of
glyph outlines cost about a second of rendering each."""

from __future__ import annotations

from dataclasses import dataclass, replace

from briefing.report.format import number


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    highlighted: bool
    #: the bar's length as a share of the chart's width (the longest bar leaves room for its number)
    share: float = 0.0
    #: the value's extraction confidence is under the briefing's threshold (marked as in the tables)
    uncertain: bool = False

    @property
    def width(self) -> str:
        return f"{self.share * 100:.1f}%"


@dataclass(frozen=True)
class BarChart:
    """Bars from the largest value down; highlighted bars are this period's documents."""

    unit: str
    bars: tuple[Bar, ...]

    @property
    def summary(self) -> str:
        """The chart's numbers in one sentence, for readers who do not see it."""
        return "；".join(f"{bar.label} {number(bar.value)}{self.unit}" for bar in self.bars)


def bar_chart(bars: list[Bar], unit: str) -> BarChart:
    longest = max((bar.value for bar in bars), default=0.0)
    scale = 0.8 / longest if longest > 0 else 0.0
    ordered = sorted(bars, key=lambda bar: bar.value, reverse=True)
    return BarChart(unit, tuple(replace(bar, share=max(bar.value, 0.0) * scale) for bar in ordered))
