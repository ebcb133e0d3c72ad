"""Small inline SVG bar charts of monthly (or, over long spans, yearly) counts, drawn on the server."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from . import validation

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


def _pct(value: float) -> str:
    """Across, in percent of the chart's width (format_html escapes its arguments to strings first)."""
    return f"{value:.2f}%"


# The chart is as wide as its column and has no viewBox: text keeps its CSS size (readable at
# 390 px as at 1280 px) and the bars spread across in percent. Heights are in pixels.
HEIGHT = 190
TOP, BOTTOM = 22, 42  # room for the values above the bars, and for two rows of axis labels
MONTH_ROW, YEAR_ROW = HEIGHT - 24, HEIGHT - 6
# Values stand above every bar on a short chart; on a long one they show on hover or focus,
# the peak's always (site.css: .chart.few/.some/.many). A month label fits under each bar up to
# 12 bars ("3月"), a bare number up to 24.
FEW, SOME = 12, 31


def _month_label(bar: Bar, bars: int) -> str:
    if bar.yearly or bars > 24:
        return ""
    return f"{bar.start.month}月" if bars <= 12 else str(bar.start.month)


def _year_label(bar: Bar, *, first: bool, bars: int) -> str:
    """Where a year begins; on a yearly chart every year, fifth or tenth year."""
    if bar.yearly:
        every = 1 if bars <= 12 else 5 if bars <= 40 else 10
        return f"{bar.start.year}" if first or bar.start.year % every == 0 else ""
    if not (first or bar.start.month == 1):
        return ""
    return f"{bar.start.year}年" if bars <= 60 else str(bar.start.year)


def _density(bars: int) -> str:
    return "few" if bars <= FEW else "some" if bars <= SOME else "many"


def bar_chart(counts: dict[datetime.date, int], label: str, unit: str = "次") -> SafeString:
    """An SVG that reads on a phone, with its numbers also as a table (for screen readers and small screens).

    Every bar is focusable and named by its value (2023年3月：3 次), so a keyboard or screen
    reader user goes through the bars as a sighted user reads them.
    """
    series = chart_series(counts)
    if not series:
        return mark_safe("")
    peak = max(bar.count for bar in series) or 1
    total = sum(bar.count for bar in series)
    plot_h = HEIGHT - TOP - BOTTOM
    step = 100 / len(series)
    bar_w = step * 0.8
    bars, ticks = [], []
    for i, bar in enumerate(series):
        h = plot_h * bar.count / peak
        y = TOP + plot_h - h
        name = f"{bar.label}：{bar.count} {unit}"
        value = format_html(
            '<text class="value" x="{}" y="{}" text-anchor="middle">{}</text>', _pct((i + 0.5) * step), f"{y - 5:.1f}",
            bar.count,
        ) if bar.count else ""
        bars.append(format_html(
            '<g class="bar{}" tabindex="0" role="img" aria-label="{}">'
            '<rect class="hit" x="{}" y="{}" width="{}" height="{}"/>'
            '<rect class="fill" x="{}" y="{}" width="{}" height="{}"/>{}</g>',
            " peak" if bar.count == peak else "", name,
            _pct(i * step), 0, _pct(step), TOP + plot_h,
            _pct(i * step + (step - bar_w) / 2), f"{y:.1f}", _pct(bar_w), f"{h:.1f}", value,
        ))
        month = _month_label(bar, len(series))
        if month:
            ticks.append(format_html(
                '<text class="axis" x="{}" y="{}" text-anchor="middle">{}</text>',
                _pct((i + 0.5) * step), MONTH_ROW, month,
            ))
        year = _year_label(bar, first=i == 0, bars=len(series))
        if year:
            ticks.append(format_html(
                '<text class="axis" x="{}" y="{}" text-anchor="start">{}</text>', _pct(i * step + 0.5), YEAR_ROW, year,
            ))
    period = "单年" if series[0].yearly else "单月"
    summary = f"{label}：{series[0].label}至{series[-1].label}共 {total} {unit}，{period}最多 {peak} {unit}"
    svg = format_html(
        '<svg class="chart {}" width="100%" height="{}" role="group" aria-label="{}" xmlns="http://www.w3.org/2000/svg">'
        '<line class="baseline" x1="0" y1="{}" x2="100%" y2="{}"/>{}<g aria-hidden="true">{}</g></svg>',
        _density(len(series)), HEIGHT, summary, TOP + plot_h, TOP + plot_h,
        mark_safe("".join(bars)), mark_safe("".join(ticks)),
    )
    rows = format_html_join("", "<tr><th scope=\"row\">{}</th><td>{}</td></tr>", ((b.label, b.count) for b in series))
    return format_html(
        '<figure class="chart-figure">{}<figcaption>{}</figcaption>'
        '<details class="chart-data"><summary>查看数据表</summary>'
        '<table class="chart-table"><caption class="visually-hidden">{}</caption>'
        '<thead><tr><th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>'
        "</details></figure>",
        svg, summary, label, "年份" if series[0].yearly else "月份", f"{unit}数", rows,
    )
