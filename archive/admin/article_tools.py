"""The article tools of the correction desk: split, merge, move and revert (each after a preview),
and the 需复核 review queue. A mixin of ArticleAdmin; the corrections themselves are plain
functions in archive.corrections.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from ..corrections import CorrectionError
from ..corrections.history import field_label
from ..corrections.revert import MACHINE, preview_revert, revert_article
from ..corrections.structure import (
    merge_articles,
    move_article,
    next_on_page,
    page_order,
    plan_merge,
    plan_split,
    previous_on_page,
    split_article,
)
from ..models import Article, ChangeRecord
from .history import log_removal, show_value

REVIEW_PER_PAGE = 50


class ArticleToolsMixin:
    """Views of the tools, for ArticleAdmin (which adds tool_urls() to its URLs)."""

    def tool_urls(self) -> list:
        view = self.admin_site.admin_view
        return [
            path("review/", view(self.review_view), name="archive_article_review"),
            path("<int:object_id>/split/", view(self.split_view), name="archive_article_split"),
            path("<int:object_id>/merge/", view(self.merge_view), name="archive_article_merge"),
            path("<int:object_id>/move/", view(self.move_view), name="archive_article_move"),
            path("<int:object_id>/revert/", view(self.revert_view), name="archive_article_revert"),
        ]

    def _article_for_change(self, request: HttpRequest, object_id: int) -> Article:
        article = get_object_or_404(Article.objects.select_related("issue__paper"), pk=object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        return article

    def _tool_page(self, request: HttpRequest, template: str, article: Article, title: str, **extra) -> HttpResponse:
        context = {**self.admin_site.each_context(request), "opts": self.opts, "original": article,
                   "title": title, **extra}
        return TemplateResponse(request, f"admin/archive/article/{template}", context)

    def _done(self, article: Article) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:archive_article_change", args=[article.pk]))

    def split_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Choose the paragraph, see both parts (text and source lines), then split."""
        article = self._article_for_change(request, object_id)
        values = request.POST if request.method == "POST" else request.GET
        error, plan = "", None
        fields = {"title": values.get("title", ""), "byline": values.get("byline", article.byline),
                  "dateline": values.get("dateline", article.dateline)}
        if "at" in values:
            try:
                plan = plan_split(article, int(values.get("at", "")))
            except ValueError:
                error = "请选择从哪一段起拆出"
            except CorrectionError as exc:
                error = str(exc)
        if request.method == "POST" and plan and "_confirm" in request.POST:
            try:
                new = split_article(article, plan.at, request.user, **fields)
            except CorrectionError as exc:
                error = str(exc)
            else:
                self.log_change(request, article, f"拆分：第 {plan.at} 段起拆为新文章 #{new.pk}")
                self.log_change(request, new, f"由 #{article.pk} 拆出")
                self.message_user(request, f"已拆分：第 {plan.at} 段起成为新文章，请核对标题等信息。")
                return self._done(new)
        lines = article.issue.raw_text.split("\n")
        return self._tool_page(
            request, "split.html", article, f"拆分：{article}",
            paragraphs=list(enumerate(article.paragraphs, start=1)), error=error, plan=plan, fields=fields,
            first_raw=raw_lines_between(lines, *plan.first_lines) if plan else [],
            rest_raw=raw_lines_between(lines, *plan.rest_lines) if plan else [],
        )

    def merge_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Merge this article into the previous, the next or any article of its page, after a preview.

        `into` is "prev", "next" or an article id; without it the page lists the choices.
        """
        article = self._article_for_change(request, object_id)
        siblings = [a for a in page_order(article.issue) if a.pk != article.pk]
        values = request.POST if request.method == "POST" else request.GET
        choice = values.get("into", "")
        target = {"prev": previous_on_page, "next": next_on_page}.get(choice, lambda a: None)(article)
        if target is None and choice.isdigit():
            target = next((a for a in siblings if a.pk == int(choice)), None)
        error, plan = "", None
        if choice and target is None:
            error = "本版没有可并入的这篇文章"
        elif target is not None:
            try:
                plan = plan_merge(target, article)
            except CorrectionError as exc:
                error = str(exc)
        if request.method == "POST" and plan:
            try:
                with transaction.atomic():
                    self.log_change(request, target, f"合并：并入 #{article.pk}《{article.display_title}》")
                    log_removal(request, article, f"{article}（并入 #{target.pk}）")
                    merge_articles(target, article, request.user)
            except CorrectionError as exc:
                error = str(exc)
            else:
                self.message_user(request, f"已并入《{target.display_title}》；原永久链接转到合并后的文章。")
                return self._done(target)
        return self._tool_page(
            request, "merge.html", article, f"合并：{article}", siblings=siblings, target=target, plan=plan,
            error=error, choice=choice, previous=previous_on_page(article), following=next_on_page(article),
            kept=[(field_label(Article, name), value, name in plan.taken) for name, value in plan.kept.items()]
            if plan else [],
        )

    def move_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        article = self._article_for_change(request, object_id)
        ordered = page_order(article.issue)
        error = ""
        if request.method == "POST":
            try:
                place = int(request.POST.get("place", ""))
                move_article(article, place, request.user)
            except ValueError:
                error = "请选择新的位置"
            except CorrectionError as exc:
                error = str(exc)
            else:
                self.log_change(request, article, f"调整位置：移到第 {place} 条")
                self.message_user(request, "已调整版面位置；永久链接不变。")
                return self._done(article)
        return self._tool_page(request, "move.html", article, f"调整位置：{article}",
                               ordered=list(enumerate(ordered, start=1)), error=error)

    def revert_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """GET: what reverting to `to` (a record id, or "machine") would change. POST: do it."""
        article = self._article_for_change(request, object_id)
        target = (request.POST if request.method == "POST" else request.GET).get("to", "")
        history = HttpResponseRedirect(reverse("admin:archive_article_history", args=[article.pk]))
        try:
            if target == MACHINE:
                to = MACHINE
            else:
                to = ChangeRecord.objects.filter(pk=int(target) if target.isdigit() else 0).first()
                if to is None:
                    raise CorrectionError("没有这条修改记录")
            if request.method == "POST":
                revert_article(article, to, request.user)
            else:
                changes = preview_revert(article, to)
        except CorrectionError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return history
        label = "机器解析结果" if to == MACHINE else f"{to.created_at:%Y-%m-%d %H:%M} 的版本"
        if request.method == "POST":
            self.log_change(request, article, f"恢复为{label}")
            self.message_user(request, f"已恢复为{label}。")
            return self._done(article)
        rows = [{"label": field_label(Article, name), "old": show_value(old), "new": show_value(new)}
                for name, (old, new) in changes.items() if name != "corrected_fields"]
        marks = changes.get("corrected_fields")
        return self._tool_page(request, "revert.html", article, f"恢复：{article}", rows=rows, to=target,
                               label=label, machine=to == MACHINE, marks=marks and [
                                   corrected_labels(marks[0]), corrected_labels(marks[1])])

    # The review queue ----------------------------------------------------------------
    def review_view(self, request: HttpRequest) -> HttpResponse:
        """需复核: articles marked for review first, then those with parser warnings, most doubts first."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        page = Paginator(review_queue(), REVIEW_PER_PAGE).get_page(request.GET.get("page"))
        articles = Article.objects.select_related("issue__paper").in_bulk([pk for pk, *_ in page.object_list])
        context = {**self.admin_site.each_context(request), "opts": self.opts, "title": "需复核",
                   "page": page, "rows": [articles[pk] for pk, *_ in page.object_list if pk in articles]}
        return TemplateResponse(request, "admin/archive/article/review.html", context)




def review_queue() -> list[tuple[int, bool, int]]:
    """(id, needs review, number of warnings) of every article to look at, in the order to look at them."""
    rows = Article.objects.filter(Q(needs_review=True) | ~Q(parse_warnings=[])).values_list(
        "pk", "needs_review", "parse_warnings", "issue__date"
    )
    ordered = sorted(rows, key=lambda r: (not r[1], -len(r[2]), -r[3].toordinal(), r[0]))
    return [(pk, review, len(warnings)) for pk, review, warnings, _date in ordered]


def corrected_labels(names: list[str]) -> str:
    return "、".join(field_label(Article, name) for name in names) or "无"


def raw_lines_between(lines: list[str], first: int, last: int) -> list[dict]:
    return [{"number": n, "text": lines[n - 1], "own": True} for n in range(max(1, first), min(len(lines), last) + 1)]
