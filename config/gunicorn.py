"""gunicorn settings for `make serve`: `gunicorn -c config/gunicorn.py config.wsgi`.

Several synchronous worker processes, each with its own kept-open searcher over the one
index in the data directory (readers only: an index write takes the file lock in
archive/search/searcher.py, so one process at a time writes, and a reader opens whole
commits only). Not preloaded: each worker imports the app itself, so the warm-up thread
config/wsgi.py starts runs in the worker, not in a parent that forks.
"""

import multiprocessing
import os

bind = os.environ.get("ARCHIVE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count() + 1)))
timeout = 30
graceful_timeout = 30
keepalive = 5
# The TLS proxy in front is on this machine; it sets X-Forwarded-Proto / X-Forwarded-For.
forwarded_allow_ips = os.environ.get("ARCHIVE_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("ARCHIVE_ACCESS_LOG", "-")
# client (as the proxy saw it), request line, status, bytes, milliseconds
access_log_format = '%({x-forwarded-for}i)s "%(r)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
# gunicorn's runtime control socket (in $HOME) is not used; two servers on one machine would share it.
control_socket_disable = True
