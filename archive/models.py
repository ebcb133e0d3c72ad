"""The archive's data: papers, issues (one printed page each), articles, people, events, topics.

Machine-made fields are refreshed when a file is re-loaded; a field a person corrected
in the admin is recorded in `corrected_fields` and never overwritten by the loader.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from .permalinks import UID_LENGTH, new_uid


class Paper(models.Model):
    name = models.CharField("报名", max_length=50, unique=True)
    slug = models.SlugField("网址名", max_length=50, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = verbose_name_plural = "报纸"

    def __str__(self) -> str:
        return self.name


class Issue(models.Model):
    """One printed page of one paper on one day, with the raw text it was loaded from."""

    class DateConfidence(models.TextChoices):
        GIVEN = "given", "清单给定"
        INFERRED = "inferred", "由正文推断"
        UNKNOWN = "unknown", "未知"

    paper = models.ForeignKey(Paper, on_delete=models.PROTECT, related_name="issues", verbose_name="报纸")
    date = models.DateField("出版日期", db_index=True)
    page = models.CharField("版次", max_length=20, default="1")
    date_confidence = models.CharField("日期来源", max_length=10, choices=DateConfidence.choices)
    source_name = models.CharField("源文件", max_length=255)
    sha256 = models.CharField("源文件 SHA-256", max_length=64, db_index=True)
    encoding = models.CharField("编码", max_length=20)
    raw_text = models.TextField("原始文本")
    parse_warnings = models.JSONField("解析提示", default=list, blank=True)
    # Page furniture the parser kept out of the articles: [{kind, text, line}] (running head, masthead …).
    furniture = models.JSONField("版面元素", default=list, blank=True)
    article_count = models.PositiveIntegerField("文章数", default=0)
    loaded_at = models.DateTimeField("首次导入", auto_now_add=True)
    updated_at = models.DateTimeField("最近导入", auto_now=True)

    class Meta:
        ordering = ["-date", "paper__name", "page"]
        verbose_name = verbose_name_plural = "版面"
        constraints = [
            models.UniqueConstraint(fields=["paper", "date", "page"], name="issue_unique_paper_date_page"),
        ]
        indexes = [
            models.Index(fields=["paper", "date"], name="issue_paper_date"),
            # Covers the date browser's counts, so they never read the pages' raw text.
            models.Index(fields=["date", "article_count", "updated_at"], name="issue_date_counts"),
        ]

    def __str__(self) -> str:
        return f"{self.paper.name} {self.date:%Y-%m-%d} 第{self.page}版"

    def get_absolute_url(self) -> str:
        return reverse(
            "archive:issue",
            kwargs={"paper": self.paper.slug, "date": self.date.isoformat(), "page": self.page},
        )


class Article(models.Model):
    """One item printed on a page: a news story, a captioned photo or a continued fragment."""

    class Kind(models.TextChoices):
        NEWS = "news", "新闻"
        PHOTO = "photo", "图片新闻"
        FRAGMENT = "fragment", "转版续文"

    # Fields staff may correct; the loader leaves a field alone once it is listed in
    # corrected_fields. "persons" stands for the article's appearances as a whole.
    EDITABLE_FIELDS = (
        "kind", "kicker", "title", "subtitle", "column", "dateline", "place", "byline",
        "body", "event_date", "date_text", "position", "persons", "event",
    )

    issue = models.ForeignKey(Issue, on_delete=models.CASCADE, related_name="articles", verbose_name="版面")
    # The permalink: issued once (a model default, so every way of creating an article gets
    # one) and never changed, whatever corrections do to the page.
    uid = models.CharField("永久编号", max_length=UID_LENGTH, unique=True, default=new_uid, editable=False)
    position = models.PositiveSmallIntegerField("版面位置")
    # Position in the machine parse; null for articles staff made (a split).
    parse_position = models.PositiveSmallIntegerField("解析位置", null=True, blank=True)
    # Parse positions of the items staff merged into this one; a re-load must not bring them back.
    absorbed_parse_positions = models.JSONField("已并入的解析位置", default=list, blank=True)
    kind = models.CharField("类型", max_length=10, choices=Kind.choices, default=Kind.NEWS, db_index=True)
    kicker = models.CharField("引题", max_length=500, blank=True)
    title = models.CharField("主标题", max_length=500, blank=True)
    subtitle = models.CharField("副题", max_length=500, blank=True)
    column = models.CharField("栏目", max_length=200, blank=True)
    dateline = models.CharField("电头", max_length=100, blank=True)
    place = models.CharField("地点", max_length=100, blank=True)
    byline = models.CharField("署名", max_length=300, blank=True)
    reporters = models.JSONField("记者", default=list, blank=True)
    body = models.TextField("正文", blank=True, help_text="段落之间空一行。")
    event_date = models.DateField("事件日期", null=True, blank=True, db_index=True)
    date_text = models.CharField("日期(原文)", max_length=20, blank=True, help_text="年份未知时为 --MM-DD")
    first_line = models.PositiveIntegerField("原文起始行", default=0)
    last_line = models.PositiveIntegerField("原文结束行", default=0)
    parse_warnings = models.JSONField("解析提示", default=list, blank=True)
    needs_review = models.BooleanField("待核对", default=False, db_index=True)
    corrected_fields = models.JSONField("人工更正的字段", default=list, blank=True)
    # Where the article is printed on its page (archive.pdf.regions): [[x0, top, x1, bottom], …] in the
    # page PDF's points from the top left; empty when the page has no PDF or the lines were not found.
    regions = models.JSONField("版面区域", default=list, blank=True)
    # Staff cleared the region (a wrong one): a re-load leaves it empty.
    region_cleared = models.BooleanField("版面区域已人工清除", default=False)
    # The machine's last parse of this article (field → value), for "revert to the parse".
    machine_values = models.JSONField("机器解析值", default=dict, blank=True)
    created_at = models.DateTimeField("创建", auto_now_add=True)
    updated_at = models.DateTimeField("修改", auto_now=True, db_index=True)

    class Meta:
        ordering = ["issue", "position"]
        verbose_name = verbose_name_plural = "文章"
        constraints = [
            models.UniqueConstraint(fields=["issue", "position"], name="article_unique_issue_position"),
            models.UniqueConstraint(
                fields=["issue", "parse_position"], name="article_unique_issue_parse_position"
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    def get_absolute_url(self) -> str:
        return article_url(self.uid)

    @property
    def standin_label(self) -> str:
        """What an item without a printed headline is called, so no one takes it for a headline."""
        return UNTITLED_LABELS.get(self.kind, UNTITLED_LABELS[self.Kind.NEWS])

    @property
    def display_title(self) -> str:
        """A heading for any kind of item: photos and fragments have no title of their own,
        so theirs says so (续文，无题) and quotes the first words of the text."""
        if self.title:
            return self.title
        snippet = self.paragraphs[0][:24] if self.body else ""
        return f"{self.standin_label}：{snippet}…" if snippet else self.standin_label

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]


# The longest URL name of a person or topic (their own, or one merged or renamed away): a
# longer one in a path is no page, refused before any query (archive.converters).
NAME_SLUG_LENGTH = 60

UNTITLED_LABELS = {
    Article.Kind.NEWS: "无题",
    Article.Kind.PHOTO: "图片，无题",
    Article.Kind.FRAGMENT: "续文，无题",
}


def article_url(uid: str) -> str:
    """The canonical (permalink) URL of an article; everything that links to one goes through here."""
    return reverse("archive:article", kwargs={"uid": uid})


class ArticleRedirect(models.Model):
    """An issued permalink whose article went into another one (a merge): it leads there for good."""

    uid = models.CharField("旧永久编号", max_length=UID_LENGTH, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="redirects", verbose_name="转到")
    # The merged-away item's place in the machine parse, so undoing the merge gives it its id back.
    parse_position = models.PositiveSmallIntegerField("原解析位置", null=True, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "文章旧链接"

    def __str__(self) -> str:
        return f"{self.uid} → {self.article.uid}"


class Person(models.Model):
    class Kind(models.TextChoices):
        OFFICIAL = "official", "官员"
        JOURNALIST = "journalist", "记者"
        OTHER = "other", "其他"

    name = models.CharField("姓名", max_length=50, db_index=True)
    slug = models.CharField("网址名", max_length=NAME_SLUG_LENGTH, unique=True)
    kind = models.CharField("类别", max_length=12, choices=Kind.choices, default=Kind.OTHER, db_index=True)
    note = models.CharField("说明", max_length=200, blank=True, help_text="区分同名者，如“国开行湖南分行”")
    corrected_fields = models.JSONField("人工更正的字段", default=list, blank=True)
    appearance_count = models.PositiveIntegerField("出现次数", default=0, db_index=True)
    first_seen = models.DateField("最早见报", null=True, blank=True)
    last_seen = models.DateField("最近见报", null=True, blank=True, db_index=True)
    created_at = models.DateTimeField("创建", auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = verbose_name_plural = "人物"

    def __str__(self) -> str:
        return f"{self.name}（{self.note}）" if self.note else self.name

    def get_absolute_url(self) -> str:
        return reverse("archive:person", kwargs={"slug": self.slug})


class PersonAlias(models.Model):
    """Another name a person is printed under, or the name and URL of a person merged into them."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="aliases", verbose_name="人物")
    name = models.CharField("别名", max_length=50, db_index=True)
    slug = models.CharField("旧网址名", max_length=NAME_SLUG_LENGTH, blank=True,
                            help_text="合并前的网址名，访问时转到本人")

    class Meta:
        ordering = ["name"]
        verbose_name = verbose_name_plural = "人物别名"
        constraints = [
            models.UniqueConstraint(fields=["person", "name"], name="alias_unique_person_name"),
            models.UniqueConstraint(
                fields=["slug"], condition=~models.Q(slug=""), name="alias_unique_slug"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.person.name}"


class Appearance(models.Model):
    """A person named in an article: the title printed with the name there, and their role."""

    class Role(models.TextChoices):
        PRESIDED = "presided", "主持"
        SPOKE = "spoke", "讲话"
        ATTENDED = "attended", "出席"
        MET = "met", "会见"
        VISITED = "visited", "调研考察"
        MENTIONED = "mentioned", "提及"
        REPORTED = "reported", "采写"
        PHOTOGRAPHED = "photographed", "摄影"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="appearances", verbose_name="文章")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="appearances", verbose_name="人物")
    title = models.CharField("职务(原文)", max_length=200, blank=True, help_text="如“市委副书记、市长”")
    role = models.CharField("角色", max_length=12, choices=Role.choices, default=Role.MENTIONED, db_index=True)
    roles = models.JSONField("全部角色", default=list, blank=True)
    order = models.PositiveSmallIntegerField("顺序", default=0)
    # The article's issue date, copied so that a person's timeline and counts by month read
    # one index instead of joining every appearance to its issue (archive.counts keeps it).
    date = models.DateField("见报日期", null=True, blank=True, editable=False)

    class Meta:
        ordering = ["article", "order"]
        verbose_name = verbose_name_plural = "人物出现"
        constraints = [
            models.UniqueConstraint(fields=["article", "person"], name="appearance_unique_article_person"),
        ]
        indexes = [
            models.Index(fields=["person", "date"], name="appearance_person_date"),
            models.Index(fields=["person", "role", "date"], name="appearance_person_role_date"),
            # Covers the person page's titles over time (grouped by title, credits left out).
            models.Index(fields=["person", "title", "role", "date"], name="appearance_person_title"),
        ]

    def __str__(self) -> str:
        return f"{self.person.name} @ {self.article}"

    def save(self, *args, **kwargs) -> None:
        self.date = issue_date_of(self.article_id)
        super().save(*args, **kwargs)

    @property
    def titles(self) -> list[str]:
        return [t for t in self.title.split("、") if t]


class Event(models.Model):
    """What an article reports: a meeting, an inspection, a signing …; participants are the appearances."""

    class Kind(models.TextChoices):
        MEETING = "meeting", "会议"
        INSPECTION = "inspection", "调研考察"
        SIGNING = "signing", "签约"
        MEETING_GUESTS = "meeting_guests", "会见"
        AWARD = "award", "颁奖表彰"
        VISIT = "visit", "走访慰问"
        LAUNCH = "launch", "启动仪式"
        OTHER = "other", "其他"

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="event", verbose_name="文章")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices, default=Kind.OTHER, db_index=True)
    name = models.CharField("名称", max_length=300, blank=True)
    date = models.DateField("日期", null=True, blank=True, db_index=True)
    date_text = models.CharField("日期(原文)", max_length=20, blank=True)
    place = models.CharField("地点", max_length=100, blank=True)

    class Meta:
        ordering = ["-date", "id"]
        verbose_name = verbose_name_plural = "事件"

    def __str__(self) -> str:
        return self.name or f"{self.get_kind_display()}（{self.article}）"


class Topic(models.Model):
    class Kind(models.TextChoices):
        SLOGAN = "slogan", "发展战略"
        SUBJECT = "subject", "领域"
        KEYWORD = "keyword", "关键词"

    name = models.CharField("名称", max_length=50, unique=True)
    slug = models.CharField("网址名", max_length=NAME_SLUG_LENGTH, unique=True)
    kind = models.CharField("类别", max_length=10, choices=Kind.choices, default=Kind.KEYWORD, db_index=True)
    description = models.CharField("说明", max_length=300, blank=True)
    article_count = models.PositiveIntegerField("文章数", default=0, db_index=True)
    # Staff hide a topic that says nothing (archive.topics.listed_topics leaves it out everywhere).
    hidden = models.BooleanField("对读者隐藏", default=False)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = verbose_name_plural = "主题"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("archive:topic", kwargs={"slug": self.slug})


class TopicRedirect(models.Model):
    """A topic's former URL name (renamed, or merged into another topic): it leads to the topic for good."""

    slug = models.CharField("旧网址名", max_length=NAME_SLUG_LENGTH, unique=True)
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="redirects", verbose_name="转到")

    class Meta:
        verbose_name = verbose_name_plural = "主题旧网址"

    def __str__(self) -> str:
        return f"{self.slug} → {self.topic.slug}"


class ArticleTopic(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="article_topics", verbose_name="文章")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="article_topics", verbose_name="主题")
    mentions = models.PositiveIntegerField("提及次数", default=1)
    source = models.CharField(
        "来源", max_length=10, default="rule", choices=[("rule", "规则"), ("keyword", "关键词"), ("staff", "人工")]
    )
    # The article's issue date, copied like Appearance.date: a topic's pages read one index.
    date = models.DateField("见报日期", null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-mentions"]
        verbose_name = verbose_name_plural = "文章主题"
        constraints = [
            models.UniqueConstraint(fields=["article", "topic"], name="article_topic_unique"),
        ]
        indexes = [models.Index(fields=["topic", "date", "mentions"], name="article_topic_date")]

    def __str__(self) -> str:
        return f"{self.topic} @ {self.article}"

    def save(self, *args, **kwargs) -> None:
        self.date = issue_date_of(self.article_id)
        super().save(*args, **kwargs)


def issue_date_of(article_id: int | None) -> datetime.date | None:
    """The issue date of an article, for the copies on Appearance and ArticleTopic.

    Rows saved one at a time (the admin) fill it here; rows made in bulk (the loader,
    topic detection) get it from archive.counts when their counts are refreshed.
    """
    if article_id is None:
        return None
    return Article.objects.filter(pk=article_id).values_list("issue__date", flat=True).first()


class ChangeRecord(models.Model):
    """One change to an archive object: who, when, which fields, old and new values.

    `snapshot` holds the object's editable state after the change, so any earlier
    version can be restored.
    """

    class Action(models.TextChoices):
        MACHINE = "machine", "机器解析"
        EDIT = "edit", "人工修改"
        REVERT = "revert", "恢复版本"
        SPLIT = "split", "拆分"
        MERGE = "merge", "合并"
        RELOAD = "reload", "重新导入"
        REPORT = "report", "处理读者报告"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name="操作人"
    )
    action = models.CharField("操作", max_length=10, choices=Action.choices)
    changes = models.JSONField("改动", default=dict, help_text="字段 → [旧值, 新值]")
    snapshot = models.JSONField("改后状态", default=dict)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "修改记录"
        indexes = [models.Index(fields=["content_type", "object_id"], name="change_target")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.content_type.model}#{self.object_id}"


class ReaderReport(models.Model):
    """A reader's note that an article is wrong: a queue staff work through; never shown publicly."""

    class Status(models.TextChoices):
        NEW = "new", "待处理"
        FIXED = "fixed", "已更正"
        REJECTED = "rejected", "无需更正"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="reports", verbose_name="文章")
    message = models.TextField("问题描述", max_length=2000)
    contact = models.CharField("联系方式", max_length=200, blank=True)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.NEW, db_index=True)
    staff_note = models.CharField("处理说明", max_length=500, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True, db_index=True)
    handled_at = models.DateTimeField("处理时间", null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name="处理人"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "读者报告"

    def __str__(self) -> str:
        return f"{self.get_status_display()}：{self.message[:30]}"


class IndexPending(models.Model):
    """An article whose search document may not show what the database holds yet.

    A row is written in the same transaction as the change (a loaded file, an admin save),
    and deleted only after the index has committed the article: a process killed between
    the two leaves the row, and the next flush (load_issues, rebuild_index, check_index)
    catches the index up. Not a foreign key: a deleted article's row says "remove it".
    """

    article_id = models.BigIntegerField("文章", db_index=True)
    created_at = models.DateTimeField("登记", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "待索引文章"

    def __str__(self) -> str:
        return f"article {self.article_id}"


class PageImage(models.Model):
    """The printed page of an issue loaded from its PDF: the PDF and its images, kept by sha256
    under the data directory (archive.pdf.storage), and the boxes of each extracted text line."""

    issue = models.OneToOneField(Issue, on_delete=models.CASCADE, related_name="page_image", verbose_name="版面")
    pdf_sha256 = models.CharField("PDF SHA-256", max_length=64, db_index=True)
    width = models.FloatField("页宽（点）")
    height = models.FloatField("页高（点）")
    image_width = models.PositiveIntegerField("图像宽（像素）")
    image_height = models.PositiveIntegerField("图像高（像素）")
    thumb_width = models.PositiveIntegerField("缩略图宽（像素）")
    thumb_height = models.PositiveIntegerField("缩略图高（像素）")
    # Text line number (as a string: JSON keys) → [[x0, top, x1, bottom], …] of the printed lines it joins.
    line_boxes = models.JSONField("文本行位置", default=dict)

    class Meta:
        verbose_name = verbose_name_plural = "版面图像"

    def __str__(self) -> str:
        return f"{self.issue} 原版"
