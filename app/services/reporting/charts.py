"""Small server-rendered charts: the geometry of a stacked bar chart, drawn by a Jinja macro
(templates/charts/_stacked_bars.html) as SVG with a title, a description and a data table."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Segment:
    """One coloured piece of a bar."""

    series: int  #: index of the series
    css: str  #: the series' colour class
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass
class Bar:
    """One category: its label, its segments and where its label goes."""

    label: str
    total: int
    segments: list[Segment] = field(default_factory=list)
    label_x: float = 0
    label_y: float = 0
    total_x: float = 0
    total_y: float = 0


@dataclass
class StackedBarChart:
    """Everything the template needs to draw the chart and its data table."""

    title: str
    description: str
    series: list[str]
    categories: list[str]
    values: list[list[int]]  #: values[category][series]
    bars: list[Bar]
    width: int
    height: int
    horizontal: bool
    axis: dict = field(default_factory=dict)
    category_heading: str = "Category"
    classes: list[str] = field(default_factory=list)  #: one colour class per series

    @property
    def is_empty(self) -> bool:
        """True when every value is zero."""
        return not any(any(row) for row in self.values)


def stacked_bar_chart(title: str, description: str, categories: list[str], series: list[str],
                      values: list[list[int]], *, horizontal: bool = False,
                      category_heading: str = "Category",
                      classes: list[str] | None = None,
                      short_labels: list[str] | None = None) -> StackedBarChart:
    """Lay out a stacked bar chart: vertical bars (e.g. weeks) or horizontal ones (themes).

    ``classes`` names a CSS class per series (its colour); by default ``series-<n>``.
    ``short_labels`` are drawn under the bars instead of the categories (the table keeps these).
    """
    classes = list(classes or [f"series-{n}" for n in range(len(series))])
    top = max((sum(row) for row in values), default=0) or 1
    bars: list[Bar] = []
    y: float
    axis: dict[str, float]
    if horizontal:
        label_width, bar_height, gap, plot = 200, 24, 10, 290
        width, height = label_width + plot + 50, len(categories) * (bar_height + gap) + 10
        for i, (name, row) in enumerate(zip(categories, values, strict=False)):
            y = 5 + i * (bar_height + gap)
            bar = Bar(label=name, total=sum(row), label_x=label_width - 8,
                      label_y=y + bar_height * 0.7)
            x = float(label_width)
            for s, value in enumerate(row):
                w = plot * value / top
                if value:
                    bar.segments.append(Segment(s, classes[s], series[s], value, round(x, 1), y,
                                                round(w, 1), bar_height))
                x += w
            bar.total_x, bar.total_y = round(x + 6, 1), y + bar_height * 0.7
            bars.append(bar)
        axis = {"x1": label_width, "y1": 0, "x2": label_width, "y2": height}
    else:
        left, bottom, plot_height = 10, 40, 180
        slot = max(36, min(64, 520 // max(len(categories), 1)))
        bar_width = round(slot * 0.62)
        width = left * 2 + max(len(categories), 1) * slot
        height = plot_height + bottom + 20
        base: float = 20 + plot_height
        for i, (name, row) in enumerate(zip(short_labels or categories, values, strict=False)):
            x = left + i * slot + (slot - bar_width) // 2
            middle = x + bar_width / 2
            bar = Bar(label=name, total=sum(row), label_x=middle, label_y=base + 18)
            y = float(base)
            for s, value in enumerate(row):
                h = plot_height * value / top
                if value:
                    bar.segments.append(Segment(s, classes[s], series[s], value, x,
                                                round(y - h, 1), bar_width, round(h, 1)))
                y -= h
            bar.total_x, bar.total_y = middle, round(y - 5, 1)
            bars.append(bar)
        axis = {"x1": left, "y1": base, "x2": width - left, "y2": base}
    return StackedBarChart(title=title, description=description, series=series,
                           categories=categories, values=values, bars=bars, width=width,
                           height=height, horizontal=horizontal, axis=axis,
                           category_heading=category_heading, classes=classes)
