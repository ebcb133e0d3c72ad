"""The process's search index, through haystack's default connection.

The backend (backend.py) opens it when haystack sets the connection up; everything on
the Django side that reads or writes the index asks for it here, so nothing below the
haystack adapter imports the adapter.
"""

from __future__ import annotations

from haystack import connections

from .engine.reader import IndexHolder


def get_backend():
    """This thread's backend of the default connection, set up."""
    backend = connections["default"].get_backend()
    if not backend.setup_complete:
        backend.setup()
    return backend


def get_holder() -> IndexHolder:
    return get_backend().holder
