"""Top-level URLs: the admin, and the archive app."""

from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from archive.feeds import LatestIssuesFeed
from archive.sitemaps import SITEMAPS
from archive.views import site

urlpatterns = [
    path("admin/", admin.site.urls),
    path("feeds/latest.atom", LatestIssuesFeed(), name="feed"),
    path("opensearch.xml", site.opensearch, name="opensearch"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap"),
    path(
        "sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("", include("archive.search.urls")),
    path("", include("archive.urls")),
]

handler404 = "archive.views.site.page_not_found"
handler500 = "archive.views.site.server_error"
