"""Small inline SVG charts, drawn on the server. Colours come from CSS classes s0..s7.

Each chart is a picture of numbers that the page also prints in a table beside it, so
the SVG carries no figures a reader could only get from hovering.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

Format = Callable[[float], str]
PALETTE_SIZE = 8
WIDTH = 640
LEFT = 76  # room for the value axis labels
RIGHT = 8
TOP = 10
BOTTOM = 24  # room for the category labels


@dataclass(frozen=True, slots=True)
class Series:
    name: str
    values: Sequence[float]


def colour(index: int) -> str:
    return f"s{index % PALETTE_SIZE}"


def _svg(height: int, label: str, body: list[str]) -> Markup:
    head = (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
    )
    return Markup(head + "".join(body) + "</svg>")  # noqa: S704 (every text part is escaped)


def _rect(x: float, y: float, w: float, h: float, cls: str, tip: str) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{max(w, 0):.1f}" height="{max(h, 0):.1f}" '
        f'class="{cls}"><title>{escape(tip)}</title></rect>'
    )


def _text(x: float, y: float, content: str, anchor: str = "start", cls: str = "") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" class="label {cls}">'
        f"{escape(content)}</text>"
    )


def _value_axis(top: float, bottom: float, peak: float, fmt: Format) -> list[str]:
    parts = []
    for share in (0.0, 0.5, 1.0):
        y = bottom - (bottom - top) * share
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
        )
        parts.append(_text(LEFT - 6, y + 4, fmt(peak * share), "end"))
    return parts


def stacked_bars(
    label: str, categories: Sequence[str], series: Sequence[Series], fmt: Format, height: int = 220
) -> Markup:
    """One bar per category, stacked by series (e.g. cost per day, by provider)."""
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    peak = max(totals, default=0) or 1
    bottom = height - BOTTOM
    body = _value_axis(TOP, bottom, peak, fmt)
    slot = (WIDTH - LEFT - RIGHT) / max(len(categories), 1)
    every = max(1, round(len(categories) / 8))
    for i, category in enumerate(categories):
        x, y = LEFT + i * slot + slot * 0.15, float(bottom)
        for index, s in enumerate(series):
            h = (bottom - TOP) * s.values[i] / peak
            y -= h
            tip = f"{category} · {s.name}: {fmt(s.values[i])}"
            body.append(_rect(x, y, slot * 0.7, h, colour(index), tip))
        if i % every == 0:
            body.append(_text(x + slot * 0.35, height - 6, category, "middle"))
    return _svg(height, label, body)


def horizontal_bars(
    label: str, items: Sequence[tuple[str, float]], fmt: Format, classes: Sequence[str] = ()
) -> Markup:
    """One labelled bar per item, longest for the largest value."""
    row = 26
    height = TOP + row * max(len(items), 1)
    peak = max((value for _, value in items), default=0) or 1
    left, right = 150, 90
    body = []
    for i, (name, value) in enumerate(items):
        y = TOP + i * row
        width = (WIDTH - left - right) * value / peak
        cls = classes[i] if i < len(classes) else colour(i)
        body.append(_text(left - 6, y + 15, name[:24], "end"))
        body.append(_rect(left, y + 3, width, row - 8, cls, f"{name}: {fmt(value)}"))
        body.append(_text(left + width + 6, y + 15, fmt(value)))
    return _svg(height, label, body)


def latency_ranges(label: str, items: Sequence[tuple[str, float, float, float]]) -> Markup:
    """Per item: a dark bar to the median, a lighter one to p95, a whisker to p99."""
    row = 26
    height = TOP + row * max(len(items), 1) + BOTTOM
    peak = max((p99 for *_, p99 in items), default=0) or 1
    left, right = 170, 16
    span = WIDTH - left - right

    def at(value: float) -> float:
        return left + span * value / peak

    body = []
    for i, (name, p50, p95, p99) in enumerate(items):
        y = TOP + i * row
        tip = f"{name}: p50 ≈ {p50:,.0f} ms, p95 ≈ {p95:,.0f} ms, p99 ≈ {p99:,.0f} ms"
        body.append(_text(left - 6, y + 15, name[:28], "end"))
        body.append(_rect(left, y + 4, at(p95) - left, row - 10, "p95", tip))
        body.append(_rect(left, y + 4, at(p50) - left, row - 10, "p50", tip))
        mid = y + row / 2 - 1
        body.append(
            f'<line x1="{at(p95):.1f}" x2="{at(p99):.1f}" y1="{mid:.1f}" y2="{mid:.1f}" '
            'class="whisker"/>'
        )
    axis_y = height - 6
    body.append(_text(left, axis_y, "0 ms"))
    body.append(_text(WIDTH - right, axis_y, f"{peak:,.0f} ms", "end"))
    return _svg(height, label, body)
