"""Topics, their article links, and events (events are also edited inline on the article page).

Edits made here are recorded on the object's history like every other correction; a
renamed or merged topic's old URL keeps leading to it.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from ..corrections import CorrectionError
from ..corrections.state import event_state, topic_state
from ..corrections.topics import event_edited, merge_topics, topic_edited
from ..models import ArticleTopic, Event, Topic, TopicRedirect
from .history import HistoryMixin, log_removal


@admin.register(Topic)
class TopicAdmin(HistoryMixin, admin.ModelAdmin):
    list_display = ("name", "slug", "kind", "article_count", "hidden", "description")
    list_filter = ("kind", "hidden")
    search_fields = ("name", "description", "slug")
    readonly_fields = ("article_count",)
    ordering = ("-article_count", "name")
    actions = ("merge_selected", "hide_selected", "show_selected")

    def save_model(self, request: HttpRequest, obj: Topic, form: forms.Form, change: bool) -> None:
        before = topic_state(Topic.objects.get(pk=obj.pk)) if change else {}
        super().save_model(request, obj, form, change)
        topic_edited(obj, request.user, before)

    def _set_hidden(self, request: HttpRequest, queryset: QuerySet[Topic], hidden: bool) -> int:
        changed = list(queryset.exclude(hidden=hidden))
        for topic in changed:
            before = topic_state(topic)
            topic.hidden = hidden
            topic.save(update_fields=["hidden"])
            topic_edited(topic, request.user, before)
            self.log_change(request, topic, "对读者隐藏" if hidden else "恢复显示")
        return len(changed)

    @admin.action(description="对读者隐藏所选主题（文章页、搜索、主题页都不再列出）", permissions=["change"])
    def hide_selected(self, request: HttpRequest, queryset: QuerySet[Topic]) -> None:
        self.message_user(request, f"已隐藏 {self._set_hidden(request, queryset, True)} 个主题。")

    @admin.action(description="恢复显示所选主题", permissions=["change"])
    def show_selected(self, request: HttpRequest, queryset: QuerySet[Topic]) -> None:
        self.message_user(request, f"已恢复显示 {self._set_hidden(request, queryset, False)} 个主题。")

    @admin.action(description="合并所选主题（并入文章最多的一个）", permissions=["change"])
    def merge_selected(self, request: HttpRequest, queryset: QuerySet[Topic]) -> None:
        topics = list(queryset.order_by("-article_count", "pk"))
        if len(topics) < 2:
            self.message_user(request, "请至少选择两个主题", messages.ERROR)
            return
        keep, others = topics[0], topics[1:]
        try:
            for other in others:
                log_removal(request, other, f"{other}（并入“{keep}”）")
                merge_topics(keep, other, request.user)
        except CorrectionError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self.log_change(request, keep, "合并主题：" + "、".join(o.name for o in others))
        self.message_user(request, f"已并入“{keep.name}”，旧网址会转到这里。")


@admin.register(TopicRedirect)
class TopicRedirectAdmin(admin.ModelAdmin):
    list_display = ("slug", "topic")
    list_select_related = ("topic",)
    search_fields = ("slug", "topic__name")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: TopicRedirect | None = None) -> bool:
        return False


@admin.register(ArticleTopic)
class ArticleTopicAdmin(admin.ModelAdmin):
    list_display = ("topic", "article", "mentions", "source")
    list_filter = ("source", "topic__kind")
    list_select_related = ("topic", "article__issue__paper")
    search_fields = ("topic__name", "article__title")
    raw_id_fields = ("article",)
    show_full_result_count = False


@admin.register(Event)
class EventAdmin(HistoryMixin, admin.ModelAdmin):
    list_display = ("__str__", "kind", "date", "place")
    list_filter = ("kind",)
    list_select_related = ("article__issue__paper",)
    search_fields = ("name", "place")
    raw_id_fields = ("article",)
    date_hierarchy = "date"
    show_full_result_count = False

    def save_model(self, request: HttpRequest, obj: Event, form: forms.Form, change: bool) -> None:
        before = event_state(Event.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)
        event_edited(obj, request.user, before)
