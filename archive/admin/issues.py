"""Papers and issues (pages): read-only machine data, and the re-parse from the stored text."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html

from ..corrections import CorrectionError
from ..corrections.reparse import reparse_issue_apply, reparse_issue_preview
from ..models import Article, Issue, Paper
from .history import field_label, show_value


@admin.register(Paper)
class PaperAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")


class ArticleRowInline(admin.TabularInline):
    model = Article
    fields = ("position", "kind", "title", "needs_review")
    readonly_fields = fields
    show_change_link = True
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Issue | None = None) -> bool:
        return False


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ("__str__", "paper", "date", "page", "article_count", "date_confidence", "source_name")
    list_filter = ("paper", "date_confidence")
    list_select_related = ("paper",)
    date_hierarchy = "date"
    search_fields = ("source_name", "sha256")
    show_full_result_count = False
    fields = ("paper", "date", "page", "date_confidence", "source_name", "sha256", "encoding", "article_count",
              "warnings", "raw", "loaded_at", "updated_at")
    readonly_fields = fields
    inlines = (ArticleRowInline,)
    change_form_template = "admin/archive/issue/change_form.html"

    @admin.display(description="解析提示")
    def warnings(self, issue: Issue) -> str:
        return "；".join(issue.parse_warnings) or "无"

    @admin.display(description="原始文本")
    def raw(self, issue: Issue) -> str:
        return format_html('<pre class="raw-text">{}</pre>', issue.raw_text)

    def get_urls(self) -> list:
        return [
            path("<int:object_id>/reparse/", self.admin_site.admin_view(self.reparse_view),
                 name="archive_issue_reparse"),
            *super().get_urls(),
        ]

    def reparse_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        issue = get_object_or_404(Issue.objects.select_related("paper"), pk=object_id)
        if not self.has_change_permission(request, issue):
            raise PermissionDenied
        back = HttpResponseRedirect(reverse("admin:archive_issue_change", args=[issue.pk]))
        try:
            if request.method == "POST":
                result = reparse_issue_apply(issue, request.user)
                count = len(result.changed_article_ids)
                self.log_change(request, issue, f"从原文重新解析：{count} 篇文章有变化")
                self.message_user(request, f"已重新解析，{count} 篇文章有变化；人工更正均已保留。")
                return back
            preview = reparse_issue_preview(issue)
        except CorrectionError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return back
        changed = [
            {
                "article": diff.article,
                "changes": [{"label": field_label(Article, n), "old": show_value(o), "new": show_value(v)}
                            for n, (o, v) in diff.changes.items()],
                "kept": [{"label": field_label(Article, n), "old": show_value(o), "new": show_value(v)}
                         for n, (o, v) in diff.kept.items()],
            }
            for diff in preview.changed
        ]
        context = {**self.admin_site.each_context(request), "opts": self.opts, "original": issue,
                   "title": f"重新解析：{issue}", "preview": preview, "changed": changed}
        return TemplateResponse(request, "admin/archive/issue/reparse.html", context)
