"""Read queries behind the pages, one module per page area.

Every function returns what one page shows in a fixed number of SQL queries, whatever
the size of the archive: lists are sliced or paginated, counts come from denormalised
columns or one aggregate, and related rows are fetched with select_related/prefetch.
"""
