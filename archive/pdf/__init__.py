"""Page PDFs: their text layer read into the extracted-text form the parser reads, their pages
rendered into images, their lines' boxes kept so each article's region on the page is known.

`reader` has no Django import (like the parser it feeds); `storage` keeps the files under the
data directory by their sha256; `regions` turns an article's lines into rectangles.
"""
