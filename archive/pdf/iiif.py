"""The IIIF Presentation 3 manifest of an issue loaded from its PDF, for researchers' viewers.

Level 0 (static files, no image server): one canvas of the page's size in PDF points, the page
image painted on it, and one annotation per article whose target is its region on the canvas
(an SVG selector when the region has several rectangles, else a media fragment xywh=).
"""

from __future__ import annotations

from collections.abc import Callable

from ..models import Article, Issue, PageImage

CONTEXT = "http://iiif.io/api/presentation/3/context.json"


def _xywh(rect: list[float]) -> str:
    x0, top, x1, bottom = rect
    return f"{round(x0)},{round(top)},{max(1, round(x1 - x0))},{max(1, round(bottom - top))}"


def _target(canvas: str, regions: list[list[float]]) -> dict | str:
    if len(regions) == 1:
        return f"{canvas}#xywh={_xywh(regions[0])}"
    paths = "".join(
        f'<rect x="{r[0]:.1f}" y="{r[1]:.1f}" width="{r[2] - r[0]:.1f}" height="{r[3] - r[1]:.1f}"/>' for r in regions
    )
    return {
        "type": "SpecificResource",
        "source": {"id": canvas, "type": "Canvas"},
        "selector": {"type": "SvgSelector", "value": f'<svg xmlns="http://www.w3.org/2000/svg">{paths}</svg>'},
    }


def manifest(issue: Issue, page: PageImage, articles: list[Article], absolute: Callable[[str], str],
             manifest_path: str, image_path: str, thumb_path: str) -> dict:
    """The manifest as a JSON-ready dict; `absolute` turns a site path into a full URL."""
    title = f"{issue.paper.name} {issue.date:%Y年%-m月%-d日} 第{issue.page}版"
    manifest_id = absolute(manifest_path)
    canvas = f"{manifest_id.removesuffix('manifest.json')}canvas/1"
    width, height = round(page.width), round(page.height)
    annotations = [
        {
            "id": f"{canvas}/article/{article.uid}",
            "type": "Annotation",
            "motivation": "commenting",
            "body": {"type": "TextualBody", "value": article.display_title, "language": "zh",
                     "format": "text/plain"},
            "target": _target(canvas, article.regions),
            "seeAlso": [{"id": absolute(article.get_absolute_url()), "type": "Text", "format": "text/html"}],
        }
        for article in articles if article.regions
    ]
    return {
        "@context": CONTEXT,
        "id": manifest_id,
        "type": "Manifest",
        "label": {"zh": [title]},
        "summary": {"zh": [f"本版 {issue.article_count} 篇；版面区域由原版 PDF 的文字行得出"]},
        "homepage": [{"id": absolute(issue.get_absolute_url()), "type": "Text", "label": {"zh": [title]},
                      "format": "text/html"}],
        "thumbnail": [{"id": absolute(thumb_path), "type": "Image", "format": "image/webp",
                       "width": page.thumb_width, "height": page.thumb_height}],
        "items": [{
            "id": canvas,
            "type": "Canvas",
            "label": {"zh": [f"第{issue.page}版"]},
            "width": width,
            "height": height,
            "items": [{
                "id": f"{canvas}/page",
                "type": "AnnotationPage",
                "items": [{
                    "id": f"{canvas}/page/image",
                    "type": "Annotation",
                    "motivation": "painting",
                    "body": {"id": absolute(image_path), "type": "Image", "format": "image/webp",
                             "width": page.image_width, "height": page.image_height},
                    "target": canvas,
                }],
            }],
            "annotations": [{"id": f"{canvas}/articles", "type": "AnnotationPage", "items": annotations}]
            if annotations else [],
        }],
    }
