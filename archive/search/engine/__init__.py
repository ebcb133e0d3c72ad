"""The search engine core: Chinese text in Whoosh, with no Django and nothing of the archive.

Read it bottom up; each module imports only those above it in this list:

text        normalisation (traditional → simplified by phrase, full-width → ASCII; one character for one)
tokens      jieba with a user dictionary file of learned words (where the file is: `configure`)
analyzers   jieba word and character-bigram analyzers (offsets into the printed text, line gaps)
fields      the Whoosh field types: packed positions, multi-valued keywords
codec       posting blocks stored as packed integer arrays
postings    whole posting lists as numpy arrays
reader      one index and searcher per process, per-segment arrays, the writer lock
matching    which documents a query matches (masks), exact phrases
scoring     BM25 over a known set of documents
syntax      what people type → a parse tree
translate   a parse tree → the Whoosh queries the engine runs
highlight   HTML-escaped snippets with <mark> around what matched
execute     a tree and filters → count, ranked page, facet counts
writer      a fast writer for fresh segments (full rebuilds)
"""
