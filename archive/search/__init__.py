"""Chinese full-text search: haystack over Whoosh with jieba words and character bigrams.

engine/      the search engine core, no Django (see engine/__init__.py)

The Django side, each module importing only the engine and those above it here:

dictionary   the jieba user dictionary learned from persons, aliases and topics
schema       the index's haystack field kinds and the Whoosh schema they make
connection   the process's index (through haystack's connection)
indexing     keeping the index in step: saves, loads, the dictionary, rebuilds (the one route
             from a change to the index)
service      a search request → results, facets, highlights (the page, the API, the feeds)
checks       `manage.py check`: is the index there and readable
backend      the haystack engine, a thin adapter at the edge
urls         /search/, /search/feed/, /api/search/, /api/articles/<id>/ (namespace "search")

The haystack index of articles and the documents made from them: archive/search_indexes.py.
"""
