"""People pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .. import queries


def person(request: HttpRequest, slug: str) -> HttpResponse:
    person = queries.person_by_slug(slug)
    return render(request, "archive/person.html", {"person": person, "appearances": queries.appearances_of(person)})
