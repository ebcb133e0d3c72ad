"""The admin index's 工作台: how much review work and how many readers' reports are waiting."""

from __future__ import annotations

from django import template
from django.db.models import Q

from ..models import Article, ReaderReport

register = template.Library()


@register.simple_tag
def workbench_counts() -> dict[str, int]:
    return {
        "review": Article.objects.filter(Q(needs_review=True) | ~Q(parse_warnings=[])).count(),
        "reports": ReaderReport.objects.filter(status=ReaderReport.Status.NEW).count(),
    }
