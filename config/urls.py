"""Top-level URLs: the admin, and the archive app."""

from django.contrib import admin
from django.urls import include, path

from archive import sitemaps
from archive.feeds import LatestIssuesFeed, PaperIssuesFeed
from archive.views import site

urlpatterns = [
    path("admin/", admin.site.urls),
    path("feeds/latest.atom", LatestIssuesFeed(), name="feed"),
    path("feeds/<slug:paper>.atom", PaperIssuesFeed(), name="paper_feed"),
    path("opensearch.xml", site.opensearch, name="opensearch"),
    path("sitemap.xml", sitemaps.index, {"sitemaps": sitemaps.SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml", sitemaps.section, {"sitemaps": sitemaps.SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("", include("archive.search.urls")),
    path("", include("archive.urls")),
]

handler404 = "archive.views.site.page_not_found"
handler500 = "archive.views.site.server_error"
