"""The change history: a read-only list of every record, and each object's own history page."""

from __future__ import annotations

import json

from django.contrib import admin
from django.contrib.admin.models import DELETION, LogEntry
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from ..corrections.history import field_label, history_of
from ..models import ChangeRecord


def show_value(value: object) -> str:
    """A readable rendering of a recorded value (people as 姓名（职务·角色）)."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, list) and all(isinstance(v, dict) and "name" in v for v in value):
        return "、".join(
            v["name"] + (f"（{v.get('title') or '、'.join(v.get('titles', []))}）" if v.get("title") or v.get("titles")
                         else "")
            for v in value
        ) or "（无）"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def history_rows(model: type, records) -> list[dict]:
    return [
        {
            "record": record,
            "changes": [
                {"label": field_label(model, name), "old": show_value(old), "new": show_value(new)}
                for name, (old, new) in record.changes.items()
            ],
        }
        for record in records
    ]


class HistoryMixin:
    """Replaces the admin's history page with the archive's own change records."""

    history_template = "admin/archive/history.html"
    can_revert = False

    def history_view(self, request: HttpRequest, object_id: str, extra_context: dict | None = None) -> HttpResponse:
        obj = self.get_object(request, object_id)
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        records = history_of(self.model, obj.pk)[:200]
        context = {
            **self.admin_site.each_context(request),
            "title": f"修改记录：{obj}",
            "subtitle": None,
            "opts": self.opts,
            "object": obj,
            "rows": history_rows(self.model, records),
            "can_revert": self.can_revert and self.has_change_permission(request, obj),
            **(extra_context or {}),
        }
        return TemplateResponse(request, self.history_template, context)


@admin.register(ChangeRecord)
class ChangeRecordAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "action", "target_link", "changed_fields")
    list_filter = ("action", "content_type")
    list_select_related = ("user", "content_type")
    date_hierarchy = "created_at"
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ChangeRecord | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: ChangeRecord | None = None) -> bool:
        return False

    @admin.display(description="对象")
    def target_link(self, record: ChangeRecord) -> str:
        label = f"{record.content_type.name} #{record.object_id}"
        try:
            url = reverse(f"admin:{record.content_type.app_label}_{record.content_type.model}_history",
                          args=[record.object_id])
        except NoReverseMatch:
            return label
        return format_html('<a href="{}">{}</a>', url, label)

    @admin.display(description="改动的字段")
    def changed_fields(self, record: ChangeRecord) -> str:
        model = record.content_type.model_class()
        return "、".join(field_label(model, name) for name in record.changes) or "—"


def log_removal(request: HttpRequest, obj: models.Model, message: str) -> None:
    """A deletion in the admin's recent actions, for an object a correction removes (merged away)."""
    LogEntry.objects.log_actions(request.user.pk, [obj], DELETION, change_message=message, single_object=True)
