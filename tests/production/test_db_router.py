"""Primary + read replicas: reads spread over the replicas until the request writes, then stay on the primary."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory

from archive import db_router
from archive.db_router import PinToPrimaryMiddleware, PrimaryReplicaRouter
from archive.models import Article, Person


@pytest.fixture(autouse=True)
def fresh_request():
    """Each test starts as a new request does: not pinned."""
    token = db_router._pinned.set(False)
    yield
    db_router._pinned.reset(token)


def test_reads_go_to_the_replicas_and_writes_to_the_primary():
    router = PrimaryReplicaRouter(["replica1", "replica2"])
    assert {router.db_for_read(Article) for _ in range(200)} == {"replica1", "replica2"}
    assert router.db_for_write(Article) == "default"


def test_after_a_write_the_request_reads_from_the_primary():
    router = PrimaryReplicaRouter(["replica1"])
    assert router.db_for_read(Person) == "replica1"
    router.db_for_write(Person)
    assert router.db_for_read(Person) == "default"


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_use_the_primary():
    router = PrimaryReplicaRouter(["replica1"])
    with transaction.atomic():
        assert router.db_for_read(Article) == "default"
    assert router.db_for_read(Article) == "replica1"


def test_without_replicas_everything_is_the_primary(settings):
    router = PrimaryReplicaRouter()  # from the settings: only "default" here
    assert router.replicas == []
    assert router.db_for_read(Article) == router.db_for_write(Article) == "default"


def test_migrations_run_on_the_primary_only_and_relations_are_allowed():
    router = PrimaryReplicaRouter(["replica1"])
    assert router.allow_migrate("default", "archive") is True
    assert router.allow_migrate("replica1", "archive") is False
    assert router.allow_relation(Article(), Person()) is True


def test_the_middleware_unpins_each_get_and_pins_each_post():
    router = PrimaryReplicaRouter(["replica1"])
    seen = []

    def view(request):
        seen.append(router.db_for_read(Article))
        router.db_for_write(Article)  # the view writes: later reads of this request use the primary
        seen.append(router.db_for_read(Article))
        return HttpResponse()

    middleware = PinToPrimaryMiddleware(view)
    factory = RequestFactory()
    middleware(factory.get("/"))
    middleware(factory.get("/"))  # the same thread: the last request's write does not carry over
    middleware(factory.post("/"))
    assert seen == ["replica1", "default", "replica1", "default", "default", "default"]
    assert router.db_for_read(Article) == "replica1"  # outside any request again
