"""WSGI entry point: `gunicorn -c config/gunicorn.py config.wsgi` (make serve), or any WSGI server (runserver too).

It refuses to start without a built database (archive.checks). Each server process
prepares the search index in the background as it starts, so the first search does not
wait for jieba's dictionaries and the index's arrays.
"""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from archive.checks import require_database  # noqa: E402  (needs the app registry)
from archive.search.service import warm_in_background  # noqa: E402

require_database()  # a missing or empty database stops the server here, with the reason

warm_in_background()
