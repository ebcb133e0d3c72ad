"""Small inline SVG bar charts of monthly (or, over long spans, yearly) counts, drawn on the server."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from . import validation

WIDTH, HEIGHT = 640, 160
LEFT, RIGHT, TOP, BOTTOM = 32, 8, 12, 24


# More months than this are drawn as years: a person printed from 1990 to 2024 gets 35
# bars, not 420 too thin to see. The archive's dates (archive.validation) span fewer
# years than this, so a yearly chart is never longer.
MAX_BARS = 120


@dataclass
class Bar:
    start: datetime.date  # first day of the month, or of the year for a yearly bar
    count: int
    yearly: bool = False

    @property
    def label(self) -> str:
        return f"{self.start.year}年" if self.yearly else f"{self.start.year}年{self.start.month}月"


def monthly_series(counts: dict[datetime.date, int]) -> list[Bar]:
    """Every month from the first to the last with a count, the months between filled with zero.

    Only dates the archive can hold count: one stray 0001-01-01 must not stretch the chart
    over two thousand years.
    """
    by_month: dict[int, int] = {}
    for day, count in counts.items():
        if day and validation.in_range(day):
            key = day.year * 12 + day.month - 1
            by_month[key] = by_month.get(key, 0) + count
    if not by_month:
        return []
    return [
        Bar(datetime.date(key // 12, key % 12 + 1, 1), by_month.get(key, 0))
        for key in range(min(by_month), max(by_month) + 1)
    ]


def chart_series(counts: dict[datetime.date, int]) -> list[Bar]:
    """The bars to draw: the months, or the years when there are more than MAX_BARS months."""
    months = monthly_series(counts)
    if len(months) <= MAX_BARS:
        return months
    by_year: dict[int, int] = {}
    for bar in months:
        by_year[bar.start.year] = by_year.get(bar.start.year, 0) + bar.count
    return [Bar(datetime.date(year, 1, 1), count, yearly=True) for year, count in sorted(by_year.items())]


def _num(value: float) -> str:
    """SVG coordinates with one decimal (format_html escapes its arguments to strings first)."""
    return f"{value:.1f}"


def _axis_label(bar: Bar, *, first: bool, bars: int) -> str:
    """Every month named on a short chart; on a long one only the years, where they begin."""
    if bar.yearly:
        every = 1 if bars <= 12 else 5 if bars <= 40 else 10
        return str(bar.start.year) if first or bar.start.year % every == 0 else ""
    month = bar.start
    starts_year = first or month.month == 1
    if bars <= 12:
        return f"{month.year}年{month.month}月" if starts_year else f"{month.month}月"
    if bars <= 18:
        return f"{month.month}月"
    return str(month.year) if starts_year else ""


def bar_chart(counts: dict[datetime.date, int], label: str, unit: str = "次") -> SafeString:
    """An accessible SVG: a title and summary for screen readers, one <title> tooltip per bar."""
    series = chart_series(counts)
    if not series:
        return mark_safe("")
    peak = max(bar.count for bar in series) or 1
    total = sum(bar.count for bar in series)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = plot_w / len(series)
    bar_w = max(step * 0.8, 1.0)
    parts = []
    for i, bar in enumerate(series):
        h = plot_h * bar.count / peak
        x, y = LEFT + i * step + (step - bar_w) / 2, TOP + plot_h - h
        tip = f"{bar.label}：{bar.count} {unit}"
        parts.append(format_html(
            '<rect x="{}" y="{}" width="{}" height="{}"><title>{}</title></rect>',
            _num(x), _num(y), _num(bar_w), _num(h), tip,
        ))
        tick = _axis_label(bar, first=i == 0, bars=len(series))
        if tick:
            parts.append(format_html(
                '<text x="{}" y="{}" class="axis" text-anchor="middle">{}</text>',
                _num(LEFT + (i + 0.5) * step), HEIGHT - 6, tick,
            ))
    period = "单年" if series[0].yearly else "单月"
    summary = f"{label}：{series[0].label}至{series[-1].label}共 {total} {unit}，{period}最多 {peak} {unit}"
    axis = format_html(
        '<text x="{}" y="{}" class="axis" text-anchor="end">{}</text>'
        '<text x="{}" y="{}" class="axis" text-anchor="end">0</text>'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" class="baseline"/>',
        LEFT - 4, TOP + 10, peak, LEFT - 4, TOP + plot_h, LEFT, TOP + plot_h, WIDTH - RIGHT, TOP + plot_h,
    )
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">'
        "<title>{}</title>{}{}</svg>",
        WIDTH, HEIGHT, summary, summary, axis, mark_safe("".join(parts)),
    )
