"""The explicit set-up step that importing the settings must not do: make the data directory.

manage.py runs it before any command (migrate and load_issues write the database, the
index and jieba's dictionary there); a WSGI server does not, so a server pointed at a data
directory that is not there fails instead of starting on an empty one.
"""

from pathlib import Path

from django.conf import settings


def prepare() -> None:
    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
