"""Topics, their article links, and events (events are also edited inline on the article page)."""

from django.contrib import admin

from ..models import ArticleTopic, Event, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "article_count", "description")
    list_filter = ("kind",)
    search_fields = ("name", "description")
    readonly_fields = ("article_count",)
    ordering = ("-article_count", "name")


@admin.register(ArticleTopic)
class ArticleTopicAdmin(admin.ModelAdmin):
    list_display = ("topic", "article", "mentions", "source")
    list_filter = ("source", "topic__kind")
    list_select_related = ("topic", "article__issue__paper")
    search_fields = ("topic__name", "article__title")
    raw_id_fields = ("article",)
    show_full_result_count = False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "date", "place")
    list_filter = ("kind",)
    list_select_related = ("article__issue__paper",)
    search_fields = ("name", "place")
    raw_id_fields = ("article",)
    date_hierarchy = "date"
    show_full_result_count = False
