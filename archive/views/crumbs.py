"""Breadcrumbs: where a page sits, from the home page down; base.html draws them."""

from __future__ import annotations

import datetime

from django.urls import reverse

Crumb = tuple[str, str | None]


def home() -> Crumb:
    return ("首页", reverse("archive:home"))


def to_day(day: datetime.date, *, link_day: bool = True) -> list[Crumb]:
    """首页 › 按日期 › 2023年 › 3月 › 23日 (the last one linked unless it is the page itself)."""
    return [
        home(),
        ("按日期", reverse("archive:dates")),
        (f"{day.year}年", reverse("archive:year", args=[day.year])),
        (f"{day.month}月", reverse("archive:month", args=[day.year, day.month])),
        (f"{day.day}日", reverse("archive:day", args=[day]) if link_day else None),
    ]
