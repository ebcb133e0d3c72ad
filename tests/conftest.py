"""Shared fixtures: the test database starts with the five seed pages loaded."""

from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the seeds once per session; each test runs in a transaction that is rolled back."""
    with django_db_blocker.unblock():
        call_command("load_issues", str(SEEDS), verbosity=0)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached aggregates and pages are keyed by ids and counts that the rolled-back databases reuse."""
    from django.core.cache import cache

    cache.clear()
