"""Page PDFs and their images under the data directory, named by the PDF's sha256.

pages/<first two hex digits>/<sha256>.pdf, <sha256>.webp (the page) and <sha256>.thumb.webp:
the same PDF loaded twice (or for two pages) is one set of files, and a name never changes
content, so the files are served with far-future cache headers (archive.views.pages).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

IMAGE_SCALE = 2.0  # pixels per PDF point of the full page image (an A3 page: about 1700 px wide)
THUMB_WIDTH = 240
KINDS = {"pdf": ".pdf", "image": ".webp", "thumb": ".thumb.webp"}


@dataclass(frozen=True)
class StoredPage:
    sha256: str
    image_size: tuple[int, int]
    thumb_size: tuple[int, int]


def root() -> Path:
    return Path(settings.DATA_DIR) / "pages"


def path_for(sha256: str, kind: str) -> Path:
    return root() / sha256[:2] / f"{sha256}{KINDS[kind]}"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _write_atomically(target: Path, write) -> None:
    """Write through a temporary file in the same folder, so a reader never sees half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, target)
    finally:
        Path(temporary).unlink(missing_ok=True)


def store_pdf(source: Path) -> StoredPage:
    """Keep the PDF and render its page image and thumbnail, each only when not stored yet."""
    from PIL import Image

    sha = file_sha256(source)
    pdf = path_for(sha, "pdf")
    if not pdf.exists():
        _write_atomically(pdf, lambda tmp: shutil.copyfile(source, tmp))
    image, thumb = path_for(sha, "image"), path_for(sha, "thumb")
    if not image.exists() or not thumb.exists():
        rendered = render(pdf)
        _write_atomically(image, lambda tmp: rendered.save(tmp, "WEBP", quality=82, method=4))
        small = rendered.copy()
        small.thumbnail((THUMB_WIDTH, THUMB_WIDTH * 4), Image.Resampling.LANCZOS)
        _write_atomically(thumb, lambda tmp: small.save(tmp, "WEBP", quality=80, method=4))
    with Image.open(image) as full, Image.open(thumb) as small:
        return StoredPage(sha, full.size, small.size)


def render(pdf: Path):
    """The PDF's first page as a PIL image at IMAGE_SCALE."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        page = document[0]
        bitmap = page.render(scale=IMAGE_SCALE)
        return bitmap.to_pil().convert("RGB")
    finally:
        document.close()
