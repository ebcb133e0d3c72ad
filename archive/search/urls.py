"""Search URLs (namespace "search"): the page, its Atom feeds, and the JSON API."""

from django.urls import path

from archive.views import api, search_feeds
from archive.views import search as search_views

app_name = "search"
urlpatterns = [
    path("search/", search_views.search, name="search"),
    path("search/feed/", search_feeds.search_feed, name="feed"),
    path("people/<str:slug>/feed/", search_feeds.person_feed, name="person_feed"),
    path("api/search/", api.search, name="api_search"),
    path("api/articles/<int:pk>/", api.article, name="api_article"),
]
