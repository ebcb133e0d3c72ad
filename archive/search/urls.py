"""Search URLs (namespace "search"): the page and the JSON API."""

from django.urls import path

from archive.views import api
from archive.views import search as search_views

app_name = "search"
urlpatterns = [
    path("search/", search_views.search, name="search"),
    path("api/search/", api.search, name="api_search"),
    path("api/articles/<int:pk>/", api.article, name="api_article"),
]
