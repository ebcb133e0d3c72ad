"""A URLconf whose only view fails, to see the 500 page a visitor would get."""

from django.urls import path


def boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", boom)]
handler500 = "archive.views.site.server_error"
