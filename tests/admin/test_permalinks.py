"""Permalinks survive every correction: split, merge (previous / next / chosen), move, revert, re-load.

Old position URLs (/issues/<paper>/<date>/<page>/<position>/) and the permalinks of
merged-away articles answer 301 to the article they were made for, never a 404.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from archive.corrections.revert import MACHINE, revert_article
from archive.corrections.structure import merge_articles, move_article, previous_on_page, split_article
from archive.models import Article, ArticleRedirect, Issue
from archive.permalinks import UID_LENGTH, is_uid
from tests.search.conftest import search_index  # noqa: F401  (the fixture)

from .conftest import seed_article

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def lands_on(client, url: str) -> Article:
    """Follow one 301 from `url` and return the article whose permalink it led to."""
    response = client.get(url)
    assert response.status_code == 301, (url, response.status_code)
    target = response["Location"]
    assert target.startswith("/articles/")
    page = client.get(target)
    assert page.status_code == 200
    return page.context["article"]


def load_changed_copies(tmp_path) -> None:
    """Every seed file again with changed bytes (so each is re-parsed), with its manifest."""
    for source in (SEEDS / "manifest.csv", *sorted(SEEDS.glob("*.txt"))):
        target = tmp_path / source.name
        shutil.copy(source, target)
        if target.suffix == ".txt":
            target.write_bytes(target.read_bytes() + b"\n")
    call_command("load_issues", str(tmp_path), verbosity=0)


def uids() -> dict[int, str]:
    return dict(Article.objects.values_list("pk", "uid"))


def test_every_article_has_a_unique_short_id():
    found = uids()
    assert len(set(found.values())) == len(found) == Article.objects.count()
    assert all(is_uid(u) and len(u) == UID_LENGTH for u in found.values())


def test_bulk_created_articles_get_ids_too():
    issue = Issue.objects.first()
    made = Article.objects.bulk_create([Article(issue=issue, position=90 + i) for i in range(3)])
    assert len({a.uid for a in made}) == 3 and all(is_uid(a.uid) for a in made)


def test_position_url_redirects_to_the_permalink(client):
    article = seed_article("2023-03-23", 2)
    assert lands_on(client, "/issues/hywb/2023-03-23/1/2/").pk == article.pk
    assert client.get("/issues/hywb/2023-03-23/1/2/")["Location"] == f"/articles/{article.uid}/"


def test_split_first_part_keeps_its_permalink_second_gets_a_new_one(client):
    article = seed_article("2023-08-19", 4)
    old_uid = article.uid
    new = split_article(article, 2, None, title="拆出的新闻")
    article.refresh_from_db()
    assert article.uid == old_uid and new.uid != old_uid and is_uid(new.uid)
    assert lands_on(client, "/issues/hywb/2023-08-19/1/4/").pk == article.pk
    assert client.get(new.get_absolute_url()).context["article"].pk == new.pk
    # The new part now stands at position 5; a URL printed for it from now on leads to it.
    assert lands_on(client, "/issues/hywb/2023-08-19/1/5/").pk == new.pk


def test_merge_into_the_previous_article_redirects_the_absorbed_permalink(client):
    target, fragment = seed_article("2023-10-27", 1), seed_article("2023-10-27", 2)
    merge_articles(previous_on_page(fragment), fragment, None)
    assert lands_on(client, f"/articles/{fragment.uid}/").pk == target.pk
    assert lands_on(client, "/issues/hywb/2023-10-27/1/2/").pk == target.pk
    # Positions closed up: the article that was printed fifth is still what /5/ means.
    fifth = Article.objects.get(issue=target.issue, parse_position=5)
    assert fifth.position == 4
    assert lands_on(client, "/issues/hywb/2023-10-27/1/5/").pk == fifth.pk
    assert client.get(f"/articles/{fragment.uid}/cite.ris")["Location"] == f"/articles/{target.uid}/cite.ris"


def test_merge_into_the_next_or_a_chosen_article():
    first, fragment, second_fragment = (seed_article("2023-10-27", p) for p in (1, 2, 3))
    into_next = merge_articles(second_fragment, fragment, None)  # fragment 2 into the one after it
    assert ArticleRedirect.objects.get(uid=fragment.uid).article_id == into_next.pk
    merge_articles(first, Article.objects.get(pk=into_next.pk), None)  # then that one into a chosen article
    assert ArticleRedirect.objects.get(uid=fragment.uid).article_id == first.pk  # chains lead to the end
    assert ArticleRedirect.objects.get(uid=second_fragment.uid).article_id == first.pk


def test_move_changes_no_permalink(client):
    article = seed_article("2023-02-08", 5)
    before = uids()
    move_article(article, 2, None)
    assert uids() == before
    assert lands_on(client, "/issues/hywb/2023-02-08/1/5/").pk == article.pk
    assert lands_on(client, "/issues/hywb/2023-02-08/1/2/").title == "新增国家级小巨人企业 10 家"


def test_undoing_a_merge_gives_the_absorbed_article_its_permalink_back(client):
    first, fragment = seed_article("2023-10-27", 1), seed_article("2023-10-27", 2)
    merge_articles(first, fragment, None)
    revert_article(Article.objects.get(pk=first.pk), MACHINE, None)
    restored = Article.objects.get(issue=first.issue, parse_position=2)
    assert restored.uid == fragment.uid
    assert not ArticleRedirect.objects.filter(uid=fragment.uid).exists()
    assert client.get(f"/articles/{fragment.uid}/").status_code == 200


def test_issue_scenario_split_move_merge_then_reload_changed_copies(client, tmp_path):
    """The issue's report: after a split, a move and a merge, old URLs showed other articles or 404."""
    printed = {(a.issue.date.isoformat(), a.position): a.pk for a in Article.objects.select_related("issue")}
    before = uids()
    split_article(seed_article("2023-08-19", 2), 3, None, title="拆出")
    move_article(seed_article("2023-08-19", 5), 1, None)
    fragment = seed_article("2023-10-27", 2)
    fragment_pk = fragment.pk
    merge_articles(previous_on_page(fragment), fragment, None)
    load_changed_copies(tmp_path)
    for pk, uid in before.items():
        if pk == fragment_pk:
            assert lands_on(client, f"/articles/{uid}/").pk == printed[("2023-10-27", 1)]
        else:
            assert Article.objects.get(pk=pk).uid == uid
            assert client.get(f"/articles/{uid}/").status_code == 200
    for (date, position), pk in printed.items():
        paper = "hyrb" if date == "2021-05-28" else "hywb"
        expected = printed[("2023-10-27", 1)] if pk == fragment_pk else pk
        assert lands_on(client, f"/issues/{paper}/{date}/1/{position}/").pk == expected
    assert Article.objects.get(title="拆出").issue.date.isoformat() == "2023-08-19"


def test_api_and_search_give_the_permalink(client, search_index):  # noqa: F811
    article = seed_article("2023-03-23", 2)
    data = client.get(f"/api/articles/{article.pk}/").json()
    permalink = f"http://testserver/articles/{article.uid}/"  # the API gives absolute URLs
    assert data["url"] == permalink and data["uid"] == article.uid
    results = client.get("/api/search/", {"q": "衡阳算力中心建设项目签约仪式举行"}).json()["results"]
    assert permalink in [r["url"] for r in results]
