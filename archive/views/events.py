"""Events: what the articles report, filterable by kind and date, each with its participants."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode

from ..models import Event
from ..queries import events as q
from . import crumbs

PER_PAGE = 30


class EventFilter(forms.Form):
    """Bad values are dropped with a message, never an error page."""

    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "全部类型"), *Event.Kind.choices])
    start = forms.DateField(label="从", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="到", required=False, widget=forms.DateInput(attrs={"type": "date"}))


def events(request: HttpRequest) -> HttpResponse:
    form = EventFilter(request.GET)
    form.is_valid()
    values = form.cleaned_data  # only the fields that validated
    counts = q.kind_counts()
    found = q.events(values.get("kind") or None, values.get("start"), values.get("end"))
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    filters = urlencode({name: str(value) for name, value in values.items() if value})
    return render(request, "archive/events.html", {
        "form": form,
        "kinds": [(value, label, counts.get(value, 0)) for value, label in Event.Kind.choices],
        "kind": values.get("kind", ""),
        "page": page,
        "filters": filters,
        "breadcrumbs": [crumbs.home(), ("事件", None)],
    })
