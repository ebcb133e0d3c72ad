"""People: kind and aliases, appearance counts, and the merge and split tools."""

from __future__ import annotations

from collections import Counter

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse

from ..corrections import CorrectionError
from ..corrections.people import merge_persons, person_edited, retitle_appearances, split_person
from ..corrections.state import person_state
from ..models import Appearance, Article, Person, PersonAlias
from .history import HistoryMixin, log_removal


class PersonAliasInline(admin.TabularInline):
    model = PersonAlias
    fields = ("name", "slug")
    readonly_fields = ("slug",)
    extra = 0


@admin.register(Person)
class PersonAdmin(HistoryMixin, admin.ModelAdmin):
    list_display = ("name", "note", "kind", "appearance_count", "first_seen", "last_seen")
    list_filter = ("kind",)
    search_fields = ("name", "note", "aliases__name")
    ordering = ("-appearance_count", "name")
    show_full_result_count = False
    list_per_page = 100
    fields = ("name", "kind", "note", "slug", "appearance_count", "first_seen", "last_seen")
    readonly_fields = ("slug", "appearance_count", "first_seen", "last_seen")
    inlines = (PersonAliasInline,)
    actions = ("merge_selected",)
    change_form_template = "admin/archive/person/change_form.html"

    def save_model(self, request: HttpRequest, obj: Person, form: forms.Form, change: bool) -> None:
        request._person_before = person_state(Person.objects.get(pk=obj.pk)) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request: HttpRequest, form: forms.Form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        if request._person_before is not None:
            person_edited(form.instance, request.user, request._person_before)

    @admin.action(description="合并所选的两位人物", permissions=["change"])
    def merge_selected(self, request: HttpRequest, queryset: QuerySet[Person]) -> HttpResponse | None:
        people = list(queryset[:3])
        if len(people) != 2:
            self.message_user(request, "请恰好选择两位人物进行合并", messages.ERROR)
            return None
        if "keep" in request.POST:
            keep = next((p for p in people if str(p.pk) == request.POST["keep"]), None)
            if keep is None:
                self.message_user(request, "请选择保留哪一位", messages.ERROR)
                return None
            other = next(p for p in people if p.pk != keep.pk)
            try:
                with transaction.atomic():
                    log_removal(request, other, f"{other}（并入“{keep}”）")
                    merge_persons(keep, other, request.user)
            except CorrectionError as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return None
            self.log_change(request, keep, f"合并人物：并入“{other.name}”")
            self.message_user(request, f"已将“{other.name}”并入“{keep.name}”，旧网址会转到保留的人物。")
            return None
        context = {**self.admin_site.each_context(request), "opts": self.opts, "title": "合并人物",
                   "people": people, "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME}
        return TemplateResponse(request, "admin/archive/person/merge.html", context)

    def get_urls(self) -> list:
        return [
            path("<int:object_id>/split/", self.admin_site.admin_view(self.split_view), name="archive_person_split"),
            path("<int:object_id>/titles/", self.admin_site.admin_view(self.titles_view),
                 name="archive_person_titles"),
            *super().get_urls(),
        ]

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: dict | None = None) -> HttpResponse:
        """The page lists every appearance (date, paper, page, title as printed, role) for bulk fixes."""
        person = self.get_object(request, object_id)
        context = dict(extra_context or {})
        if person is not None:
            appearances = list(appearances_of(person))
            context["appearances"] = appearances
            context["printed_titles"] = Counter(a.title for a in appearances if a.title).most_common()
            context["all_appearances"] = ALL_APPEARANCES
        return super().change_view(request, object_id, form_url, context)

    def titles_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        """Change the printed title of the ticked appearances, or of all with one title, in one step."""
        person = get_object_or_404(Person, pk=object_id)
        if not self.has_change_permission(request, person) or request.method != "POST":
            raise PermissionDenied
        chosen = {int(v) for v in request.POST.getlist("appearance") if v.isdigit()}
        from_title = request.POST.get("from_title", "")
        if from_title:
            every = person.appearances.all()
            chosen |= set((every if from_title == ALL_APPEARANCES else every.filter(title=from_title))
                          .values_list("pk", flat=True))
        title = request.POST.get("title", "")
        try:
            article_ids = retitle_appearances(person, sorted(chosen), title, request.user)
        except CorrectionError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            self.log_change(request, person, f"职务改为“{title.strip()}”：{len(article_ids)} 篇文章")
            for article in Article.objects.filter(pk__in=article_ids):
                LogEntry.objects.log_actions(request.user.pk, [article], CHANGE, single_object=True,
                                             change_message=f"{person.name} 的职务改为“{title.strip()}”")
            self.message_user(request, f"已把 {len(article_ids)} 篇文章中{person.name}的职务改为“{title.strip()}”。")
        return HttpResponseRedirect(reverse("admin:archive_person_change", args=[person.pk]) + "#appearances")

    def split_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        person = get_object_or_404(Person, pk=object_id)
        if not self.has_change_permission(request, person):
            raise PermissionDenied
        appearances = appearances_of(person)[:500]
        error = ""
        if request.method == "POST":
            chosen = [int(v) for v in request.POST.getlist("appearance") if v.isdigit()]
            try:
                new = split_person(person, chosen, request.POST.get("name", ""), request.POST.get("note", ""),
                                   request.POST.get("kind", Person.Kind.OTHER), request.user)
            except CorrectionError as exc:
                error = str(exc)
            else:
                self.log_change(request, person, f"拆分人物：{len(chosen)} 处出现转给“{new}”")
                self.log_change(request, new, f"由“{person}”拆出")
                self.message_user(request, f"已拆出新人物“{new}”。")
                return HttpResponseRedirect(reverse("admin:archive_person_change", args=[new.pk]))
        context = {**self.admin_site.each_context(request), "opts": self.opts, "original": person,
                   "title": f"拆分人物：{person}", "appearances": appearances, "kinds": Person.Kind.choices,
                   "error": error, "form_values": request.POST if request.method == "POST" else {}}
        return TemplateResponse(request, "admin/archive/person/split.html", context)


ALL_APPEARANCES = "*"  # the bulk title form's choice for "every appearance of this person"


def appearances_of(person: Person) -> QuerySet[Appearance]:
    return person.appearances.select_related("article__issue__paper").order_by(
        "-article__issue__date", "article__issue__paper__name", "article__issue__page", "article__position"
    )


@admin.register(Appearance)
class AppearanceAdmin(admin.ModelAdmin):
    list_display = ("person", "title", "role", "article")
    list_filter = ("role",)
    list_select_related = ("person", "article__issue__paper")
    search_fields = ("person__name", "title")
    autocomplete_fields = ("person",)
    raw_id_fields = ("article",)
    fields = ("article", "person", "title", "role", "order")
    show_full_result_count = False


@admin.register(PersonAlias)
class PersonAliasAdmin(admin.ModelAdmin):
    list_display = ("name", "person", "slug")
    list_select_related = ("person",)
    search_fields = ("name", "person__name", "slug")
    autocomplete_fields = ("person",)
