"""People: the index by kind, and one person's titles, timeline, companions and chart."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode

from ..charts import bar_chart
from ..models import Appearance, Person
from ..queries import people as q
from . import crumbs

PER_PAGE = 50
MAX_QUERY = 50


def people(request: HttpRequest) -> HttpResponse:
    name = request.GET.get("q", "").strip()[:MAX_QUERY]
    kind = request.GET.get("kind", "")
    if kind not in Person.Kind.values:
        kind = "" if name else Person.Kind.OFFICIAL
    counts = q.kind_counts()
    page = Paginator(q.people_list(kind or None, name), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "archive/people.html", {
        "kind": kind,
        "kind_label": Person.Kind(kind).label if kind else "全部",
        "kinds": [(value, label, counts[value]) for value, label in Person.Kind.choices],
        "total": sum(counts.values()),
        "name": name,
        "page": page,
        "page_qs": urlencode({k: v for k, v in (("kind", kind), ("q", name)) if v}),
        "breadcrumbs": [crumbs.home(), ("人物", None)],
    })


def person(request: HttpRequest, slug: str) -> HttpResponse:
    found, merged_into = q.person_or_alias(slug)
    if merged_into:
        return redirect(merged_into, permanent=True)
    if found is None:
        raise Http404("没有这个人物")
    role = request.GET.get("role", "")
    if role not in Appearance.Role.values:
        role = ""
    role_counts = q.role_counts(found)
    count = role_counts.get(role, 0) if role else found.appearance_count
    page = Paginator(q.timeline(found, role or None, count), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "archive/person.html", {
        "person": found,
        "titles": q.titles_over_time(found),
        "roles": [(v, label, role_counts[v]) for v, label in Appearance.Role.choices if v in role_counts],
        "role": role,
        "role_qs": urlencode({"role": role}) if role else "",
        "page": page,
        "companions": q.companions(found),
        "chart": bar_chart(q.appearances_per_month(found), f"{found.name}每月见报次数"),
        "breadcrumbs": [
            crumbs.home(),
            ("人物", reverse("archive:people")),
            (found.get_kind_display(), f"{reverse('archive:people')}?kind={found.kind}"),
            (found.name, None),
        ],
    })
