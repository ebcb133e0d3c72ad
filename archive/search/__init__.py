"""Chinese full-text search: haystack over Whoosh with jieba words and character bigrams.

text         normalisation (traditional → simplified, full-width → ASCII; one character for one)
analysis     jieba word and character-bigram analyzers (offsets into the printed text)
dictionary   the jieba user dictionary learned from persons, aliases and topics, with sub-words
fields       the index's haystack field kinds and the Whoosh field each becomes
query        the search box's syntax → parse tree → Whoosh queries (pure functions)
highlight    HTML-escaped snippets with <mark> around what matched
searcher     one index and searcher per process, refreshed when the index changes; docsets,
             exact phrases and BM25 read a posting block at a time; the writer lock
service      a search request → results, facets, highlights (the page and the API use it)
backend      the haystack engine (schema, one-writer updates, searches on the kept searcher)
bulk         a fast writer for fresh segments (full rebuilds)
indexing     keeping the index in step: saves, loads, the dictionary, parallel rebuilds
urls         /search/, /api/search/, /api/articles/<id>/ (namespace "search")
"""
