"""Chinese full-text search: haystack over Whoosh with jieba words and character bigrams.

analysis     jieba word and character-bigram analyzers (one character for one offsets)
dictionary   the jieba user dictionary learned from persons, aliases and topics
query        the search box's syntax → a Whoosh query (a pure function)
highlight    HTML-escaped snippets with <mark> around what matched
searcher     one index and one searcher per process, refreshed when the index changes
service      a search request → results, facets, highlights (the page and the API use it)
backend      the haystack engine (schema, one-writer updates, searches on the kept searcher)
indexing     keeping the index in step: saves, loads, the dictionary, the writer lock
"""
