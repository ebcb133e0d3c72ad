"""Handling a reader's report: who closed it, when, and a line on the article's history."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from ..models import Article, ChangeRecord, ReaderReport
from .history import record_change


def report_handled(report: ReaderReport, user: AbstractBaseUser | None, old_status: str,
                   old_note: str) -> ChangeRecord | None:
    """After staff changed a report's status or note: stamp it and record it on the report and the article."""
    if (report.status, report.staff_note) == (old_status, old_note):
        return None
    if report.status != old_status:
        report.handled_at = timezone.now() if report.status != ReaderReport.Status.NEW else None
        report.handled_by = user if user and user.is_authenticated and report.handled_at else None
        report.save(update_fields=["handled_at", "handled_by"])
    labels = dict(ReaderReport.Status.choices)
    change = {"report": [labels[old_status], f"{report.get_status_display()}：{report.staff_note}".rstrip("：")]}
    record_change(Article.objects.get(pk=report.article_id), user, change, ChangeRecord.Action.REPORT)
    return record_change(report, user, change, ChangeRecord.Action.REPORT)
