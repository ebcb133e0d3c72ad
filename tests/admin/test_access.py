"""Who reaches the admin: staff only; editors edit articles and people but delete no issues or people."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from archive.models import Article, ChangeRecord, Issue, Person

from .conftest import seed_article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["admin:index", "admin:archive_article_changelist", "admin:auth_user_changelist"])
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response.url.startswith(reverse("admin:login"))


def test_anonymous_cannot_use_the_tools(client):
    article = seed_article("2023-03-23", 2)
    response = client.post(reverse("admin:archive_article_split", args=[article.pk]), {"at": "2"})
    assert response.status_code == 302
    assert Article.objects.filter(issue=article.issue).count() == article.issue.article_count


def test_non_staff_user_cannot_log_in(client, django_user_model):
    django_user_model.objects.create_user("reader", password="x-Very-long-pass-42")
    response = client.post(reverse("admin:login"), {"username": "reader", "password": "x-Very-long-pass-42"})
    assert response.status_code == 200 and 'class="errornote"' in response.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302


def test_editor_edits_articles_and_people(editor_client):
    article = seed_article("2023-03-23", 2)
    assert editor_client.get(reverse("admin:archive_article_change", args=[article.pk])).status_code == 200
    person = Person.objects.get(name="朱健")
    assert editor_client.get(reverse("admin:archive_person_change", args=[person.pk])).status_code == 200
    assert editor_client.get(reverse("admin:archive_article_split", args=[article.pk])).status_code == 200


def test_editor_cannot_delete_issues_or_people_nor_manage_users(editor_client):
    issue = Issue.objects.first()
    person = Person.objects.get(name="朱健")
    assert editor_client.post(reverse("admin:archive_issue_delete", args=[issue.pk]),
                              {"post": "yes"}).status_code == 403
    assert editor_client.post(reverse("admin:archive_person_delete", args=[person.pk]),
                              {"post": "yes"}).status_code == 403
    assert Issue.objects.filter(pk=issue.pk).exists() and Person.objects.filter(pk=person.pk).exists()
    assert editor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert editor_client.get(reverse("admin:auth_group_changelist")).status_code == 403
    html = editor_client.get(reverse("admin:index")).content.decode()
    assert "文章" in html and "用户" not in html


def test_history_cannot_be_edited(admin_client):
    record = ChangeRecord.objects.first()
    assert admin_client.get(reverse("admin:archive_changerecord_changelist")).status_code == 200
    assert admin_client.post(reverse("admin:archive_changerecord_delete", args=[record.pk]),
                             {"post": "yes"}).status_code == 403


def test_csrf_is_enforced(admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    article = seed_article("2023-03-23", 2)
    response = client.post(reverse("admin:archive_article_split", args=[article.pk]), {"at": "2"})
    assert response.status_code == 403


def test_passwords_go_through_djangos_validators():
    with pytest.raises(ValidationError):
        validate_password("12345678")
    validate_password("x-Very-long-pass-42")
