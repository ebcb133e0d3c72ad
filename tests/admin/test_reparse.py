"""Re-parsing an issue from its stored text: a preview first, corrections kept."""

import pytest
from django.urls import reverse

from archive.corrections.reparse import reparse_issue_preview
from archive.models import Article

from .conftest import change_form_data, seed_article

pytestmark = pytest.mark.django_db


def test_preview_of_an_unchanged_parse_is_empty(admin_client):
    issue = seed_article("2023-03-23", 1).issue
    assert reparse_issue_preview(issue).is_empty
    html = admin_client.get(reverse("admin:archive_issue_reparse", args=[issue.pk])).content.decode()
    assert "结果与库中一致" in html


def test_preview_shows_what_would_change_and_what_is_kept(admin_client):
    article = seed_article("2023-03-23", 1)
    issue = article.issue
    # The machine's stored parse is out of date (as after a parser improvement) for two fields…
    Article.objects.filter(pk=article.pk).update(kicker="旧的引题", byline="旧署名")
    # …and staff corrected one of them.
    url = reverse("admin:archive_article_change", args=[article.pk])
    data = change_form_data(admin_client.get(url))
    data["byline"] = "人工署名"
    admin_client.post(url, data)
    machine = dict(Article.objects.get(pk=article.pk).machine_values)
    Article.objects.filter(pk=article.pk).update(machine_values={**machine, "byline": "旧署名"})
    preview = reparse_issue_preview(issue)
    (diff,) = preview.changed
    assert diff.changes["kicker"] == ["旧的引题", machine["kicker"]]
    assert "byline" not in diff.changes and diff.kept["byline"][0] == "人工署名"
    html = admin_client.get(reverse("admin:archive_issue_reparse", args=[issue.pk])).content.decode()
    assert "旧的引题" in html and "保留人工更正" in html and "人工署名" in html
    admin_client.post(reverse("admin:archive_issue_reparse", args=[issue.pk]))
    article.refresh_from_db()
    assert article.kicker == machine["kicker"] and article.byline == "人工署名"


def test_editors_may_reparse_but_anonymous_may_not(client, editor_client):
    issue = seed_article("2023-03-23", 1).issue
    url = reverse("admin:archive_issue_reparse", args=[issue.pk])
    assert editor_client.get(url).status_code == 200
    editor_client.logout()
    assert client.get(url).status_code == 302
