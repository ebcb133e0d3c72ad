"""Admin fixtures: an editor's client, seed articles by their place on the page, and form data from a page."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group, User

from archive.models import Article


@pytest.fixture
def editor(db) -> User:
    user = User.objects.create_user("editor1", password="x-Very-long-pass-42", is_staff=True)
    user.groups.add(Group.objects.get(name="editor"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def index_calls(monkeypatch) -> dict[str, list]:
    """What the corrections had the search index write, one entry per index commit (nothing is
    written): the articles rewritten, those removed, and each refresh of jieba's dictionary."""
    from archive.search import indexing

    calls: dict[str, list] = {"reindex": [], "remove": [], "dictionary": []}

    def commit(ix, ids, parallel=True):
        present = set(Article.objects.filter(pk__in=ids).values_list("pk", flat=True))
        calls["reindex"].append(present)
        calls["remove"].append(set(ids) - present)
        return len(present)

    def changing_words():
        calls["dictionary"].append(True)
        return set()

    monkeypatch.setattr(indexing, "_commit_articles", commit)
    monkeypatch.setattr(indexing, "_changing_words", changing_words)
    return calls


def seed_article(date: str, position: int, paper: str = "hywb") -> Article:
    return Article.objects.select_related("issue__paper").get(
        issue__paper__slug=paper, issue__date=datetime.date.fromisoformat(date), position=position
    )


def change_form_data(response) -> dict:
    """The POST data the admin change page would send back unchanged (main form and inlines)."""
    data: dict = {}

    def add(form) -> None:
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if value is None:
                value = ""
            if isinstance(value, bool):
                if value:
                    data[key] = "on"
                continue
            if isinstance(value, datetime.date):
                value = value.isoformat()
            data[key] = value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data
