"""报告错误: the form readers use to tell staff an article is wrong (never shown publicly)."""

from __future__ import annotations

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from ..queries import issues as q
from ..reports import allowed, file_report


class ReportForm(forms.Form):
    message = forms.CharField(
        label="哪里有错", min_length=2, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="例如：标题错字、人名或职务有误、正文与原版不符、文章被拆错。",
    )
    contact = forms.CharField(label="联系方式（可不填）", max_length=200, required=False,
                              help_text="电子邮箱或电话，仅供工作人员回复时使用，不会公开。")


@never_cache
def report(request: HttpRequest, uid: str) -> HttpResponse:
    article = q.article_by_uid(uid)
    if article is None:
        raise Http404("没有这篇文章")
    context = {"article": article, "breadcrumbs": [(article.display_title, article.get_absolute_url()),
                                                   ("报告错误", None)]}
    if request.method != "POST":
        return render(request, "archive/report.html", {**context, "form": ReportForm()})
    form = ReportForm(request.POST)
    if not form.is_valid():
        return render(request, "archive/report.html", {**context, "form": form}, status=400)
    if not allowed(request.META.get("REMOTE_ADDR", "")):
        return render(request, "archive/report.html", {**context, "form": form, "limited": True}, status=429)
    file_report(article, form.cleaned_data["message"], form.cleaned_data["contact"])
    return render(request, "archive/report_thanks.html", context)
