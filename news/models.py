from django.conf import settings
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import connection, models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kim_portal.richtext import RichTextField


class Category(models.Model):
    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ArticleQuerySet(models.QuerySet):
    def public(self):
        """What a visitor may read: published, due, and from a verified KIM or the Redaksi."""
        return self.filter(
            Q(kim__isnull=True) | Q(kim__status="verified"),
            state=Article.State.PUBLISHED,
            published_at__lte=timezone.now(),
        )

    def update_search_vector(self):
        """Refresh the full-text index of these rows (PostgreSQL only; SQLite searches with
        icontains). The body is HTML: PostgreSQL's parser reads tags as tokens of their own,
        which the `indonesian` configuration does not index, so only the words count."""
        if connection.vendor != "postgresql":
            return 0
        return self.update(
            search_vector=SearchVector("title", weight="A", config="indonesian")
            + SearchVector("summary", weight="B", config="indonesian")
            + SearchVector("body", weight="C", config="indonesian")
        )

    def waiting_for_redaksi(self):
        return self.filter(state=Article.State.REDAKSI_REVIEW).order_by("submitted_at", "pk")

    def waiting_for_kim(self, kims):
        return self.filter(state=Article.State.KIM_REVIEW, kim__in=kims).order_by(
            "submitted_at", "pk"
        )


class Article(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        KIM_REVIEW = "kim_review", _("Waiting for KIM review")
        REDAKSI_REVIEW = "redaksi_review", _("Waiting for Redaksi review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    summary = models.TextField(
        _("summary"), max_length=400, help_text=_("One or two sentences shown in lists.")
    )
    body = RichTextField(_("text"))
    photo = models.ForeignKey(
        "kim_portal.Photo",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("featured photo"),
    )
    photo_caption = models.CharField(_("photo caption"), max_length=200, blank=True)
    photo_credit = models.CharField(_("photo credit"), max_length=100, blank=True)
    categories = models.ManyToManyField(
        Category, related_name="articles", blank=True, verbose_name=_("categories")
    )
    kim = models.ForeignKey(
        "groups.Kim",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("KIM"),
        help_text=_("Empty for articles by the Redaksi."),
    )
    kelurahan = models.ForeignKey(
        "groups.Kelurahan",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name=_("kelurahan"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("author"),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, db_index=True)
    # Set by the Redaksi: the home page leads with the most recently featured public article.
    featured_at = models.DateTimeField(_("featured at"), null=True, blank=True)
    # Kept up to date by `ArticleQuerySet.update_search_vector()`, called by the services; the GIN
    # index on it is created in a PostgreSQL-only migration step.
    search_vector = SearchVectorField(null=True, editable=False)
    # Counts saves of the text: a save based on an older number is refused, not applied over a
    # newer one (two tabs, two phones, an autosave that comes back online late).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-created_at"]
        indexes = [
            # The home page's lead: the article the Redaksi featured last (a handful of rows).
            models.Index(
                F("featured_at").desc(),
                name="article_featured",
                condition=Q(featured_at__isnull=False),
            ),
            # The sitemap index's lastmod of the news section: the latest edit of a public
            # article, one walk down this index (news/sitemaps.py).
            models.Index(fields=["updated_at"], name="article_updated_at"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("news:detail", args=[self.slug])

    @property
    def is_scheduled(self) -> bool:
        return (
            self.state == self.State.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def is_editable_by_author(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.CHANGES_REQUESTED)


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(state=Comment.State.APPROVED).order_by("created_at", "pk")

    def pending(self):
        return self.filter(state=Comment.State.PENDING).order_by("created_at", "pk")


class Comment(models.Model):
    """A reader's comment on a public article; shown only once the Redaksi approved it.

    Rejected and spam comments are kept (never deleted) so that moderation stays traceable.
    The e-mail address, IP address and user agent are for moderation only, never shown publicly.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for moderation")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    name = models.CharField(_("name"), max_length=80)
    email = models.EmailField(_("e-mail address"))
    text = models.TextField(_("comment"), max_length=3000)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PENDING, db_index=True
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["article", "state"], name="comment_article_state")]

    def __str__(self) -> str:
        return f"{self.name} on {self.article}"


class Revision(models.Model):
    """The text as it was submitted (or edited by the Redaksi): what reviewers compare."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    summary = models.TextField()
    body = RichTextField()
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article", "number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="unique_revision_number")
        ]

    def __str__(self) -> str:
        return f"{self.article} #{self.number}"


class ReviewEvent(models.Model):
    """One step of an article's life: who moved it from which state to which, and why."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_state = models.CharField(max_length=20, choices=Article.State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=Article.State.choices)
    note = models.TextField(_("note"), blank=True)
    # The revision the actor was looking at: the next diff they see starts from here.
    revision = models.ForeignKey(
        Revision, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.article}: {self.from_state or '-'} → {self.to_state}"
