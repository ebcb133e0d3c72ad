"""URLs of the reading side: /, issues, articles, people, topics."""

from django.urls import path, register_converter

from .converters import IsoDateConverter
from .views import browse, people, topics

register_converter(IsoDateConverter, "isodate")

app_name = "archive"
urlpatterns = [
    path("", browse.home, name="home"),
    path("issues/<slug:paper>/<isodate:date>/<str:page>/", browse.issue, name="issue"),
    path("issues/<slug:paper>/<isodate:date>/<str:page>/<int:position>/", browse.article, name="article"),
    path("people/<str:slug>/", people.person, name="person"),
    path("topics/<str:slug>/", topics.topic, name="topic"),
]
