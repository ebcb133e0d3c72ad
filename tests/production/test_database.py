"""The same behaviour on SQLite and PostgreSQL (the suite runs on both: see .ci/with-postgres)."""

from __future__ import annotations

import os

import pytest
from django.db import connection

from archive.models import Topic

pytestmark = pytest.mark.django_db


def test_the_suite_runs_on_the_database_url_asks_for():
    url = os.environ.get("DATABASE_URL", "")
    assert connection.vendor == ("postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite")
    if connection.vendor == "postgresql":
        assert connection.settings_dict["NAME"].startswith("test_")  # pytest-django's own database


def test_chinese_text_sorts_by_code_point_on_every_engine():
    # the order pages list people, topics and papers in: 日 (U+65E5) before 晚 (U+665A), whatever
    # a locale's pinyin order says; PostgreSQL databases are made with the C collation for this.
    printed = ("衡阳晚报", "衡阳日报", "Zeta", "alpha", "三高四新", "制造立市", "文旅兴城")
    names = [f"排序测试{name}" for name in printed]
    Topic.objects.bulk_create([Topic(name=name, slug=f"sort-{n}") for n, name in enumerate(names)])
    listed = list(Topic.objects.filter(slug__startswith="sort-").order_by("name").values_list("name", flat=True))
    assert listed == sorted(names)


def test_bulk_created_rows_get_their_ids():
    topics = Topic.objects.bulk_create([Topic(name=f"批量{n}", slug=f"bulk-{n}") for n in range(3)])
    assert all(topic.pk for topic in topics)
    assert sorted(Topic.objects.filter(slug__startswith="bulk-").values_list("pk", flat=True)) == sorted(
        topic.pk for topic in topics)
