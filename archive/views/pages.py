"""The printed page: its image files (named by sha256, so cached for good) and its IIIF manifest."""

from __future__ import annotations

import datetime

from django.http import FileResponse, Http404, HttpRequest, JsonResponse
from django.urls import reverse

from ..models import PageImage
from ..pdf import iiif, storage
from ..queries import issues as q

FOREVER = "public, max-age=31536000, immutable"
CONTENT_TYPES = {"pdf": "application/pdf", "image": "image/webp", "thumb": "image/webp"}


def page_file(request: HttpRequest, sha256: str, kind: str) -> FileResponse:
    """A stored page PDF, image or thumbnail. Its name is its PDF's hash: it never changes."""
    path = storage.path_for(sha256, kind)
    if not PageImage.objects.filter(pdf_sha256=sha256).exists() or not path.is_file():
        raise Http404("没有这个版面文件")
    response = FileResponse(open(path, "rb"), content_type=CONTENT_TYPES[kind])
    response["Cache-Control"] = FOREVER
    if kind == "pdf":
        response["Content-Disposition"] = f'inline; filename="{sha256[:12]}.pdf"'
    return response


def file_url(sha256: str, kind: str) -> str:
    return reverse(f"archive:page_{kind}", kwargs={"sha256": sha256})


def iiif_manifest(request: HttpRequest, paper: str, date: datetime.date, page: str) -> JsonResponse:
    issue = q.issue_by_key(paper, date, page)
    image = PageImage.objects.filter(issue=issue).first()
    if image is None:
        raise Http404("这一版没有原版图像")
    body = iiif.manifest(
        issue, image, list(q.articles_of_issue(issue)), request.build_absolute_uri,
        manifest_path=request.path, image_path=file_url(image.pdf_sha256, "image"),
        thumb_path=file_url(image.pdf_sha256, "thumb"),
    )
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = 'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
