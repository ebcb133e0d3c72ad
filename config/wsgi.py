"""WSGI entry point: `gunicorn -c config/gunicorn.py config.wsgi` (make serve), or any WSGI server (runserver too).

Each server process prepares the search index in the background as it starts, so the
first search does not wait for jieba's dictionaries and the index's arrays.
"""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from archive.search.service import warm_in_background  # noqa: E402  (needs the app registry)

warm_in_background()
