"""Correcting articles: the list (found with the site's search engine) and the edit page beside the
raw text; the split / merge / move / revert tools are in article_tools."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html

from ..corrections.edits import article_edited, change_kind, mark_reviewed, normalise_body
from ..corrections.state import article_state
from ..corrections.structure import next_on_page, previous_on_page
from ..models import Appearance, Article, Event
from ..pdf.pages import clear_regions
from ..search import service as search_service
from ..templatetags.pages import article_clip
from .article_tools import ArticleToolsMixin
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
        widgets = {
            "body": forms.Textarea(attrs={"rows": 24, "cols": 80, "class": "vLargeTextField"}),
            **{name: forms.TextInput(attrs={"class": "vTextField wide-field"})
               for name in ("kicker", "title", "subtitle")},
        }

    def clean_body(self) -> str:
        return normalise_body(self.cleaned_data["body"])


@admin.register(Article)
class ArticleAdmin(ArticleToolsMixin, HistoryMixin, admin.ModelAdmin):
    form = ArticleForm
    can_revert = True
    change_form_template = "admin/archive/article/change_form.html"
    list_display = ("heading", "paper", "issue_date", "position", "kind", "needs_review", "warnings_short",
                    "is_corrected")
    list_filter = ("issue__paper", "kind", "needs_review", WarningsFilter, CorrectedFilter)
    list_select_related = ("issue__paper",)
    date_hierarchy = "issue__date"
    search_fields = ("title", "kicker", "subtitle", "byline")
    show_full_result_count = False
    list_per_page = 50
    readonly_fields = ("issue_link", "position", "parse_position", "warnings_list", "corrected_list", "region_view",
                       "updated_at")
    fieldsets = (
        (None, {"fields": ("issue_link", "position", "kind", "needs_review", "warnings_list", "corrected_list")}),
        ("标题", {"fields": ("kicker", "title", "subtitle", "column")}),
        ("电头与署名", {"fields": ("dateline", "place", "byline")}),
        ("正文", {"fields": ("body",)}),
        ("版面区域", {"fields": ("region_view",)}),
        ("事件日期", {"fields": ("event_date", "date_text")}),
        ("来源", {"fields": ("parse_position", "updated_at"), "classes": ("collapse",)}),
    )
    inlines = (AppearanceInline, EventInline)
    actions = ("mark_news", "mark_photo", "mark_fragment", "mark_reviewed", "clear_regions")

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

    @admin.display(description="解析提示")
    def warnings_short(self, article: Article) -> str:
        return "；".join(article.parse_warnings) or "—"

    @admin.display(description="已更正", boolean=True)
    def is_corrected(self, article: Article) -> bool:
        return bool(article.corrected_fields)

    # Read-only parts of the page --------------------------------------------------
    @admin.display(description="版面")
    def issue_link(self, article: Article) -> str:
        url = reverse("admin:archive_issue_change", args=[article.issue_id])
        return format_html('<a href="{}">{}</a> · <a href="{}">在网站上查看</a> · 永久编号 {}', url, article.issue,
                           article.get_absolute_url(), article.uid)

    @admin.display(description="解析提示")
    def warnings_list(self, article: Article) -> str:
        return "；".join(article.parse_warnings) or "无"

    @admin.display(description="人工更正的字段")
    def corrected_list(self, article: Article) -> str:
        labels = {name: Article._meta.get_field(name).verbose_name for name in Article.EDITABLE_FIELDS
                  if name not in ("persons", "event")} | {"persons": "人物", "event": "事件"}
        return "、".join(str(labels[name]) for name in article.corrected_fields if name in labels) or "无"

    @admin.display(description="版面区域")
    def region_view(self, article: Article) -> str:
        """The region on the page image, with its rectangles in PDF points (选中后用“清除版面区域”去掉)."""
        if article.region_cleared:
            return "已人工清除（重新导入也不再标出）"
        if not article.regions:
            return "无（版面没有原版 PDF，或 PDF 上未找到本文的文字行）"
        clip = render_to_string("archive/_article_clip.html", article_clip(article))
        rects = "；".join(f"x {r[0]:.0f}–{r[2]:.0f}，y {r[1]:.0f}–{r[3]:.0f}" for r in article.regions)
        return format_html("{}<p>{}</p>", clip, rects)  # the clip is the template's (safe) output

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
            context["has_previous"] = previous_on_page(article) is not None
        return super().change_view(request, object_id, form_url, context)

    # Bulk actions ------------------------------------------------------------------
    def _set_kind(self, request: HttpRequest, queryset: QuerySet[Article], kind: str) -> None:
        for article in queryset:
            if change_kind(article, kind, request.user):
                self.log_change(request, article, f"类型改为“{Article.Kind(kind).label}”")
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
    @admin.action(description="清除版面区域（标错了）")
    def clear_regions(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        self.message_user(request, f"已清除 {clear_regions(queryset)} 篇的版面区域")

    def mark_reviewed(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        articles = list(queryset.filter(needs_review=True))
        for article in articles:
            mark_reviewed(article, request.user)
            self.log_change(request, article, "标为已核对")
        self.message_user(request, f"已将 {len(articles)} 篇标为已核对")

    def get_urls(self) -> list:
        return [*self.tool_urls(), *super().get_urls()]

    # Finding articles: the archive's own search engine, so captions, body text and names are found
    def get_search_results(self, request: HttpRequest, queryset: QuerySet[Article], search_term: str):
        """The engine's matches (body, captions, names — what the site's search finds) plus the
        database's headline matches, so an article is found even before the index has it."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if not search_term.strip():
            return found, may_have_duplicates
        try:
            ids = search_ids(search_term)
        except Exception:  # a missing or broken index: say so, and keep the headline search
            self.message_user(request, "搜索索引不可用，只按标题和署名查找", messages.WARNING)
            return found, may_have_duplicates
        return queryset.filter(Q(pk__in=ids) | Q(pk__in=found.values("pk"))), may_have_duplicates


ADMIN_SEARCH_LIMIT = 1000


def search_ids(text: str) -> list[int]:
    """Ids of the articles the site's search finds for `text` (the engine's best, up to a limit)."""
    response = search_service.search(
        search_service.SearchRequest(q=text, per_page=ADMIN_SEARCH_LIMIT), with_facets=False
    )
    return [result["id"] for result in response.results]


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
