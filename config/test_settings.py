"""Test settings: the project's settings with a throw-away data directory and fast password hashing.

The data directory is chosen here, before the settings package is read, so every path
the package makes from it (database, search index, jieba dictionary, secret key) is a
test one and the development data in var/ is never touched. Processes the tests start
(manage.py) inherit the same directory through the environment.
"""

import os
import tempfile

os.environ["ARCHIVE_DATA_DIR"] = os.environ.get("ARCHIVE_TEST_DATA_DIR") or tempfile.mkdtemp(prefix="archive-test-")
os.environ["ARCHIVE_TEST_DATA_DIR"] = os.environ["ARCHIVE_DATA_DIR"]
for name in ("ARCHIVE_DB_PATH", "ARCHIVE_WHOOSH_PATH"):  # paths that would point elsewhere
    os.environ.pop(name, None)
# Development settings, whatever the shell exported (tests of the production settings set them
# in a process of their own). DATABASE_URL is honoured: pytest-django makes test_<name> there.
os.environ["ARCHIVE_ENV"] = "development"

from config.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
