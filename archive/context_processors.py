"""Template context every page needs."""

from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    return {"SITE_NAME": "衡阳报纸档案馆", "search_query": request.GET.get("q", "")[:200]}
