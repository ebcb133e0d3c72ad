"""Correcting articles: the edit page beside the raw text, and split / merge / move / revert."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from ..corrections import CorrectionError
from ..corrections.edits import article_edited, change_kind, mark_reviewed, normalise_body
from ..corrections.revert import MACHINE, revert_article
from ..corrections.state import article_state
from ..corrections.structure import merge_with_next, move_article, next_on_page, page_order, split_article
from ..models import Appearance, Article, ChangeRecord, Event
from .history import HistoryMixin

RAW_CONTEXT_LINES = 2


class EmptyListFilter(admin.SimpleListFilter):
    """Yes / no on whether a JSON list field (warnings, corrected fields) has anything in it."""

    field: str
    labels: tuple[str, str]

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        return [("yes", self.labels[0]), ("no", self.labels[1])]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "yes":
            return queryset.exclude(**{self.field: []})
        if self.value() == "no":
            return queryset.filter(**{self.field: []})
        return queryset


class WarningsFilter(EmptyListFilter):
    title = "解析提示"
    parameter_name = "warnings"
    field = "parse_warnings"
    labels = ("有提示", "无提示")


class CorrectedFilter(EmptyListFilter):
    title = "人工更正"
    parameter_name = "corrected"
    field = "corrected_fields"
    labels = ("已更正", "未更正")


class AppearanceInline(admin.TabularInline):
    model = Appearance
    fields = ("person", "title", "role", "order")
    autocomplete_fields = ("person",)
    extra = 0
    verbose_name = "人物"
    verbose_name_plural = "文中人物（职务与角色）"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Appearance]:
        return super().get_queryset(request).select_related("person", "article")


class EventInline(admin.StackedInline):
    model = Event
    fields = ("kind", "name", "date", "date_text", "place")
    extra = 0
    max_num = 1


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ("kind", "needs_review", "kicker", "title", "subtitle", "column", "dateline", "place", "byline",
                  "body", "event_date", "date_text")
        widgets = {"body": forms.Textarea(attrs={"rows": 24, "cols": 80, "class": "vLargeTextField"})}

    def clean_body(self) -> str:
        return normalise_body(self.cleaned_data["body"])


@admin.register(Article)
class ArticleAdmin(HistoryMixin, admin.ModelAdmin):
    form = ArticleForm
    can_revert = True
    change_form_template = "admin/archive/article/change_form.html"
    list_display = ("heading", "paper", "issue_date", "position", "kind", "needs_review", "warning_count",
                    "is_corrected")
    list_filter = ("issue__paper", "kind", "needs_review", WarningsFilter, CorrectedFilter)
    list_select_related = ("issue__paper",)
    date_hierarchy = "issue__date"
    search_fields = ("title", "kicker", "subtitle", "byline")
    show_full_result_count = False
    list_per_page = 50
    readonly_fields = ("issue_link", "position", "parse_position", "warnings_list", "corrected_list", "updated_at")
    fieldsets = (
        (None, {"fields": ("issue_link", "position", "kind", "needs_review", "warnings_list", "corrected_list")}),
        ("标题", {"fields": ("kicker", "title", "subtitle", "column")}),
        ("电头与署名", {"fields": ("dateline", "place", "byline")}),
        ("正文", {"fields": ("body",)}),
        ("事件日期", {"fields": ("event_date", "date_text")}),
        ("来源", {"fields": ("parse_position", "updated_at"), "classes": ("collapse",)}),
    )
    inlines = (AppearanceInline, EventInline)
    actions = ("mark_news", "mark_photo", "mark_fragment", "mark_reviewed")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # articles come from the loader, or from splitting one

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).select_related("issue__paper")

    # List columns ---------------------------------------------------------------
    @admin.display(description="标题", ordering="title")
    def heading(self, article: Article) -> str:
        return article.display_title

    @admin.display(description="报纸", ordering="issue__paper__name")
    def paper(self, article: Article) -> str:
        return article.issue.paper.name

    @admin.display(description="日期", ordering="issue__date")
    def issue_date(self, article: Article):
        return article.issue.date

    @admin.display(description="提示")
    def warning_count(self, article: Article) -> int:
        return len(article.parse_warnings)

    @admin.display(description="已更正", boolean=True)
    def is_corrected(self, article: Article) -> bool:
        return bool(article.corrected_fields)

    # Read-only parts of the page --------------------------------------------------
    @admin.display(description="版面")
    def issue_link(self, article: Article) -> str:
        url = reverse("admin:archive_issue_change", args=[article.issue_id])
        return format_html('<a href="{}">{}</a> · <a href="{}">在网站上查看</a>', url, article.issue,
                           article.get_absolute_url())

    @admin.display(description="解析提示")
    def warnings_list(self, article: Article) -> str:
        return "；".join(article.parse_warnings) or "无"

    @admin.display(description="人工更正的字段")
    def corrected_list(self, article: Article) -> str:
        labels = {name: Article._meta.get_field(name).verbose_name for name in Article.EDITABLE_FIELDS
                  if name not in ("persons", "event")} | {"persons": "人物", "event": "事件"}
        return "、".join(str(labels[name]) for name in article.corrected_fields if name in labels) or "无"

    # Saving: everything that changed is marked corrected, recorded and re-indexed ----
    def save_model(self, request: HttpRequest, obj: Article, form: forms.Form, change: bool) -> None:
        request._article_before = article_state(Article.objects.get(pk=obj.pk))
        super().save_model(request, obj, form, change)

    def save_formset(self, request: HttpRequest, form: forms.Form, formset, change: bool) -> None:
        if formset.model is not Appearance:
            return super().save_formset(request, form, formset, change)
        for appearance in formset.save(commit=False):
            appearance.roles = [appearance.role, *(r for r in appearance.roles if r != appearance.role)]
            appearance.save()
        for appearance in formset.deleted_objects:
            appearance.delete()

    def save_related(self, request: HttpRequest, form: forms.Form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        article_edited(form.instance, request.user, request._article_before)

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: dict | None = None) -> HttpResponse:
        article = self.get_object(request, object_id)
        context = {**(extra_context or {}), **(raw_text_context(article) if article else {})}
        if article:
            context["has_next"] = next_on_page(article) is not None
        return super().change_view(request, object_id, form_url, context)

    # Bulk actions ------------------------------------------------------------------
    def _set_kind(self, request: HttpRequest, queryset: QuerySet[Article], kind: str) -> None:
        for article in queryset:
            change_kind(article, kind, request.user)
        self.message_user(request, f"已将 {queryset.count()} 篇改为“{Article.Kind(kind).label}”")

    @admin.action(description="改为：新闻", permissions=["change"])
    def mark_news(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        self._set_kind(request, queryset, Article.Kind.NEWS)

    @admin.action(description="改为：图片新闻", permissions=["change"])
    def mark_photo(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        self._set_kind(request, queryset, Article.Kind.PHOTO)

    @admin.action(description="改为：转版续文", permissions=["change"])
    def mark_fragment(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        self._set_kind(request, queryset, Article.Kind.FRAGMENT)

    @admin.action(description="标为已核对", permissions=["change"])
    def mark_reviewed(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        articles = list(queryset.filter(needs_review=True))
        for article in articles:
            mark_reviewed(article, request.user)
        self.message_user(request, f"已将 {len(articles)} 篇标为已核对")

    # Structure tools ---------------------------------------------------------------
    def get_urls(self) -> list:
        view = self.admin_site.admin_view
        return [
            path("<int:object_id>/split/", view(self.split_view), name="archive_article_split"),
            path("<int:object_id>/merge-next/", view(self.merge_view), name="archive_article_merge"),
            path("<int:object_id>/move/", view(self.move_view), name="archive_article_move"),
            path("<int:object_id>/revert/", view(require_POST(self.revert_view)), name="archive_article_revert"),
            *super().get_urls(),
        ]

    def _article_for_change(self, request: HttpRequest, object_id: int) -> Article:
        article = get_object_or_404(Article.objects.select_related("issue__paper"), pk=object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article

    def _tool_page(self, request: HttpRequest, template: str, article: Article, title: str, **extra) -> HttpResponse:
        context = {**self.admin_site.each_context(request), "opts": self.opts, "original": article,
                   "title": title, **extra}
        return TemplateResponse(request, f"admin/archive/article/{template}", context)

    def _done(self, article: Article) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:archive_article_change", args=[article.pk]))

    def split_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        article = self._article_for_change(request, object_id)
        error = ""
        if request.method == "POST":
            try:
                at = int(request.POST.get("at", ""))
                new = split_article(article, at, request.user, title=request.POST.get("title", ""))
            except ValueError:
                error = "请选择从哪一段起拆出"
            except CorrectionError as exc:
                error = str(exc)
            else:
                self.message_user(request, f"已拆分：第 {at} 段起成为新文章，请补上它的标题等信息。")
                return self._done(new)
        return self._tool_page(request, "split.html", article, f"拆分：{article}",
                               paragraphs=list(enumerate(article.paragraphs, start=1)), error=error)

    def merge_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        article = self._article_for_change(request, object_id)
        following = next_on_page(article)
        if request.method == "POST":
            try:
                merge_with_next(article, request.user)
            except CorrectionError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                self.message_user(request, "已把下一篇并入本篇。")
            return self._done(article)
        return self._tool_page(request, "merge.html", article, f"与下一篇合并：{article}", following=following)

    def move_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        article = self._article_for_change(request, object_id)
        ordered = page_order(article.issue)
        error = ""
        if request.method == "POST":
            try:
                move_article(article, int(request.POST.get("place", "")), request.user)
            except ValueError:
                error = "请选择新的位置"
            except CorrectionError as exc:
                error = str(exc)
            else:
                self.message_user(request, "已调整版面位置。")
                return self._done(article)
        return self._tool_page(request, "move.html", article, f"调整位置：{article}",
                               ordered=list(enumerate(ordered, start=1)), error=error)

    def revert_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        article = self._article_for_change(request, object_id)
        target = request.POST.get("to", "")
        try:
            if target == MACHINE:
                revert_article(article, MACHINE, request.user)
            else:
                record = ChangeRecord.objects.filter(pk=int(target) if target.isdigit() else 0).first()
                if record is None:
                    raise CorrectionError("没有这条修改记录")
                revert_article(article, record, request.user)
        except CorrectionError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:archive_article_history", args=[article.pk]))
        self.message_user(request, "已恢复。")
        return self._done(article)


def raw_text_context(article: Article) -> dict:
    """The lines of the stored page the article came from, with a little context, for side-by-side reading."""
    lines = article.issue.raw_text.split("\n")
    if article.first_line and article.last_line:
        start = max(1, article.first_line - RAW_CONTEXT_LINES)
        end = min(len(lines), article.last_line + RAW_CONTEXT_LINES)
    else:
        start, end = 1, len(lines)
    return {
        "raw_lines": [
            {"number": n, "text": lines[n - 1], "own": article.first_line <= n <= article.last_line}
            for n in range(start, end + 1)
        ],
    }
