"""Search fixtures: the index rebuilt from the seeded test database, once per session.

The index lives in the test settings' temporary data directory. It is rebuilt when the
first search test asks for it, so whatever earlier tests wrote to it (their database
changes were rolled back, the index's were not) is gone.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command

from archive.models import Article


@pytest.fixture(scope="session")
def search_index(django_db_setup, django_db_blocker):
    from archive.search.dictionary import update_userdict

    with django_db_blocker.unblock():
        update_userdict()
        call_command("rebuild_index", "--noinput", verbosity=0)
        return list(Article.objects.select_related("issue__paper").order_by("pk"))


@pytest.fixture
def articles(search_index, db):
    """The seed articles as the index was built from them."""
    return search_index


def api(client, **params):
    response = client.get("/api/search/", params)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def ids(data) -> list[int]:
    return [r["id"] for r in data["results"]]


def headline(article) -> str:
    return "".join(f"{article.kicker}{article.title}{article.subtitle}".split())
