"""Small inline SVG bar charts of monthly counts, drawn on the server (no JavaScript library)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT = 640, 160
LEFT, RIGHT, TOP, BOTTOM = 32, 8, 12, 24


@dataclass
class MonthBar:
    month: datetime.date
    count: int


def _next_month(day: datetime.date) -> datetime.date:
    return datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def monthly_series(counts: dict[datetime.date, int]) -> list[MonthBar]:
    """Every month from the first to the last with a count, the months between filled with zero."""
    by_month: dict[datetime.date, int] = {}
    for month, count in counts.items():
        if month:
            key = month.replace(day=1)
            by_month[key] = by_month.get(key, 0) + count
    if not by_month:
        return []
    series, month, last = [], min(by_month), max(by_month)
    while month <= last:
        series.append(MonthBar(month, by_month.get(month, 0)))
        month = _next_month(month)
    return series


def _num(value: float) -> str:
    """SVG coordinates with one decimal (format_html escapes its arguments to strings first)."""
    return f"{value:.1f}"


def _axis_label(month: datetime.date, *, first: bool, bars: int) -> str:
    """Every month named on a short chart; on a long one only the years, where they begin."""
    starts_year = first or month.month == 1
    if bars <= 12:
        return f"{month.year}年{month.month}月" if starts_year else f"{month.month}月"
    if bars <= 18:
        return f"{month.month}月"
    return str(month.year) if starts_year else ""


def bar_chart(counts: dict[datetime.date, int], label: str, unit: str = "次") -> SafeString:
    """An accessible SVG: a title and summary for screen readers, one <title> tooltip per bar."""
    series = monthly_series(counts)
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
        tip = f"{bar.month.year}年{bar.month.month}月：{bar.count} {unit}"
        parts.append(format_html(
            '<rect x="{}" y="{}" width="{}" height="{}"><title>{}</title></rect>',
            _num(x), _num(y), _num(bar_w), _num(h), tip,
        ))
        tick = _axis_label(bar.month, first=i == 0, bars=len(series))
        if tick:
            parts.append(format_html(
                '<text x="{}" y="{}" class="axis" text-anchor="middle">{}</text>',
                _num(LEFT + (i + 0.5) * step), HEIGHT - 6, tick,
            ))
    first, last = series[0].month, series[-1].month
    summary = (
        f"{label}：{first.year}年{first.month}月至{last.year}年{last.month}月共 {total} {unit}，"
        f"单月最多 {peak} {unit}"
    )
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
