"""The search index's pending table: read-only, so staff can see what is waiting to be indexed."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from ..models import IndexPending


@admin.register(IndexPending)
class IndexPendingAdmin(admin.ModelAdmin):
    list_display = ("article_id", "created_at")
    readonly_fields = ("article_id", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: IndexPending | None = None) -> bool:
        return False
