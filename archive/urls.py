"""URLs of the reading side: home, dates, issues, articles, people, topics, events."""

from django.urls import path, register_converter

from .converters import (
    IsoDateConverter,
    MonthConverter,
    NameSlugConverter,
    PageLabelConverter,
    Sha256Converter,
    UidConverter,
    YearConverter,
)
from .views import browse, cite, events, pages, people, reports, topics

register_converter(IsoDateConverter, "isodate")
register_converter(YearConverter, "year")
register_converter(MonthConverter, "month")
register_converter(PageLabelConverter, "page")
register_converter(Sha256Converter, "hex64")
register_converter(UidConverter, "uid")
register_converter(NameSlugConverter, "name")

app_name = "archive"
urlpatterns = [
    path("", browse.home, name="home"),
    path("dates/", browse.years, name="dates"),
    path("dates/<year:year>/", browse.year, name="year"),
    path("dates/<year:year>/<month:month>/", browse.month, name="month"),
    path("dates/<isodate:date>/", browse.day, name="day"),
    path("issues/<slug:paper>/<isodate:date>/<page:page>/", browse.issue, name="issue"),
    path("issues/<slug:paper>/<isodate:date>/<page:page>/raw/", browse.issue_raw, name="issue_raw"),
    path("issues/<slug:paper>/<isodate:date>/<page:page>/<int:position>/", browse.article_at, name="article_at"),
    path("issues/<slug:paper>/<isodate:date>/<page:page>/iiif/manifest.json", pages.iiif_manifest,
         name="iiif_manifest"),
    path("pages/<hex64:sha256>.webp", pages.page_file, {"kind": "image"}, name="page_image"),
    path("pages/<hex64:sha256>.thumb.webp", pages.page_file, {"kind": "thumb"}, name="page_thumb"),
    path("pages/<hex64:sha256>.pdf", pages.page_file, {"kind": "pdf"}, name="page_pdf"),
    path("articles/<uid:uid>/", browse.article, name="article"),
    path("articles/<uid:uid>/cite.<str:fmt>", cite.download, name="article_cite"),
    path("articles/<uid:uid>/report/", reports.report, name="article_report"),
    path("people/", people.people, name="people"),
    path("people/<name:slug>/", people.person, name="person"),
    path("topics/", topics.topics, name="topics"),
    path("topics/<name:slug>/", topics.topic, name="topic"),
    path("events/", events.events, name="events"),
]
