"""Readers' error reports, worked through by staff; and the old article links (read-only)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.db.models import Case, QuerySet, Value, When
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html

from ..corrections.reports import report_handled
from ..models import ArticleRedirect, ReaderReport
from .history import HistoryMixin


@admin.register(ReaderReport)
class ReaderReportAdmin(HistoryMixin, admin.ModelAdmin):
    list_display = ("created_at", "status", "article_link", "message_short", "contact")
    list_filter = ("status",)
    list_select_related = ("article__issue__paper",)
    search_fields = ("message", "contact", "article__title")
    # 待处理 (new) first, then the newest.
    ordering = (Case(When(status=ReaderReport.Status.NEW, then=Value(0)), default=Value(1)).asc(), "-created_at")
    date_hierarchy = "created_at"
    fields = ("article_link", "created_at", "message", "contact", "status", "staff_note", "handled_at", "handled_by")
    readonly_fields = ("article_link", "created_at", "message", "contact", "handled_at", "handled_by")
    actions = ("mark_fixed", "mark_rejected")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # reports come from readers

    @admin.display(description="文章")
    def article_link(self, report: ReaderReport) -> str:
        article = report.article
        return format_html('<a href="{}">{}</a>（{}）· <a href="{}">在网站上查看</a>',
                           reverse("admin:archive_article_change", args=[article.pk]), article.display_title,
                           article.issue, article.get_absolute_url())

    @admin.display(description="问题描述")
    def message_short(self, report: ReaderReport) -> str:
        return report.message[:60]

    def save_model(self, request: HttpRequest, obj: ReaderReport, form: forms.Form, change: bool) -> None:
        before = ReaderReport.objects.get(pk=obj.pk) if change else None
        super().save_model(request, obj, form, change)
        if before is not None:
            report_handled(obj, request.user, before.status, before.staff_note)

    def _set_status(self, request: HttpRequest, queryset: QuerySet[ReaderReport], status: str) -> None:
        for report in queryset:
            old_status, old_note = report.status, report.staff_note
            report.status = status
            report.save(update_fields=["status"])
            if report_handled(report, request.user, old_status, old_note):
                self.log_change(request, report, f"状态改为“{report.get_status_display()}”")
        self.message_user(request, f"已将 {queryset.count()} 条报告标为“{ReaderReport.Status(status).label}”")

    @admin.action(description="标为：已更正", permissions=["change"])
    def mark_fixed(self, request: HttpRequest, queryset: QuerySet[ReaderReport]) -> None:
        self._set_status(request, queryset, ReaderReport.Status.FIXED)

    @admin.action(description="标为：无需更正", permissions=["change"])
    def mark_rejected(self, request: HttpRequest, queryset: QuerySet[ReaderReport]) -> None:
        self._set_status(request, queryset, ReaderReport.Status.REJECTED)


@admin.register(ArticleRedirect)
class ArticleRedirectAdmin(admin.ModelAdmin):
    list_display = ("uid", "article", "created_at")
    list_select_related = ("article__issue__paper",)
    search_fields = ("uid", "article__uid", "article__title")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ArticleRedirect | None = None) -> bool:
        return False
