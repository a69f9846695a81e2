from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.models import Kecamatan, Kim
from kim_portal.forms import SlugChoiceField
from kim_portal.images import ImageFormField
from news.comments import is_trusted_commenter
from news.models import Article, Category


class ArticleForm(forms.ModelForm):
    kim = forms.ModelChoiceField(
        queryset=None,
        label=_("Written for"),
        empty_label=_("Redaksi (no KIM)"),
        help_text=_("The KIM this article is written for."),
    )
    photo_file = ImageFormField(
        label=_("Featured photo"),
        required=False,
        help_text=_("JPEG, PNG, WebP or HEIC (iPhone). Location data is removed."),
    )
    categories = forms.ModelMultipleChoiceField(
        queryset=Category.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("Categories"),
    )
    # The version the author started from (news.services.article_update refuses an older one).
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    class Meta:
        model = Article
        fields = ["title", "summary", "body", "categories", "photo_caption", "photo_credit"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    field_order = [
        "kim",
        "title",
        "summary",
        "body",
        "photo_file",
        "photo_caption",
        "photo_credit",
        "categories",
    ]

    def __init__(self, *args, kims=None, allow_redaksi=False, autosave=False, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
        if autosave:
            # A draft saved while the author types: the text may be unfinished, the photo goes
            # with the form itself; an existing article's version must come along.
            del self.fields["photo_file"]
            self.fields["summary"].required = False
            self.fields["body"].required = False
            self.fields["version"].required = self.instance.pk is not None
        else:
            self.fields["body"].required = True
        if kims is None:
            # Editing: the KIM is fixed once the article exists.
            del self.fields["kim"]
        else:
            self.fields["kim"].queryset = kims
            self.fields["kim"].required = not allow_redaksi
            if not allow_redaksi:
                self.fields["kim"].empty_label = None

    TEXT_FIELDS = ("title", "summary", "body", "categories", "photo_caption", "photo_credit")

    def text_fields(self) -> dict:
        """What the services' article_create/article_update take from the form as typed."""
        return {name: self.cleaned_data[name] for name in self.TEXT_FIELDS}


class DecisionForm(forms.Form):
    """The reviewer's note, and a date and time when scheduling. All fields optional here:
    the services say clearly what is missing."""

    note = forms.CharField(
        label=_("Note for the author"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when requesting changes, rejecting or unpublishing."),
    )
    publish_date = forms.DateField(
        label=_("Publication date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    publish_time = forms.TimeField(
        label=_("Time (WIB, Asia/Jakarta)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}),
    )

    def publish_at(self) -> datetime | None:
        date, time = self.cleaned_data.get("publish_date"), self.cleaned_data.get("publish_time")
        if not date or not time:
            return None
        return datetime.combine(date, time, tzinfo=timezone.get_default_timezone())

    def clean(self):
        cleaned = super().clean()
        if self.data.get("action") == "schedule":
            when = self.publish_at()
            if when is None:
                raise forms.ValidationError(_("Choose the date and time to publish."))
            if when <= timezone.now():
                raise forms.ValidationError(
                    _("The time to publish must be in the future; use “Publish now” instead.")
                )
        return cleaned


class BodyImageForm(forms.Form):
    image = ImageFormField(label=_("Image"))


class CommentForm(forms.Form):
    """A reader's comment. Signed-in readers comment under their account's name and address."""

    template_name_label = "news/_comment_label.html"

    name = forms.CharField(label=_("Name"), max_length=80)
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("Your e-mail address will not be published.")
    )
    text = forms.CharField(
        label=_("Comment"), max_length=3000, widget=forms.Textarea(attrs={"rows": 5})
    )
    # A trap for robots that fill in every field; people do not see it and leave it empty.
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # What the form says happens next: a trusted commenter's comment is public at once.
        self.publishes_at_once = False
        if user is not None and user.is_authenticated:
            del self.fields["name"]
            del self.fields["email"]
            self.publishes_at_once = is_trusted_commenter(user)

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("website"):
            # Shown again empty: a person whose browser filled it in can simply send again.
            self.data = self.data.copy()
            self.data["website"] = ""
            raise forms.ValidationError(
                _(
                    "Your comment was not sent because a hidden anti-spam field was filled in "
                    "(perhaps by your browser). Please send it again."
                ),
                code="honeypot",
            )
        return cleaned_data


class ArticleFilterForm(forms.Form):
    """Search and filters of the news list; unknown values are ignored rather than refused."""

    q = forms.CharField(
        label=_("Search the news"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "maxlength": 200}),
    )
    category = SlugChoiceField(
        Category.objects.all(), label=_("Category"), empty_label=_("All categories")
    )
    kecamatan = SlugChoiceField(
        Kecamatan.objects.order_by("name"), label=_("Kecamatan"), empty_label=_("All kecamatan")
    )
    kim = SlugChoiceField(
        Kim.objects.verified().order_by("name"), label=_("KIM"), empty_label=_("All KIM")
    )
    # Reaches what lies beyond the counted pages (kim_portal/paging.py): the list starts again
    # with the newest article published before that day.
    before = forms.DateField(
        label=_("Published before"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def filter(self, articles):
        if not self.is_bound:
            return articles
        self.is_valid()  # fills cleaned_data with the fields that are valid
        data = self.cleaned_data
        if data.get("category"):
            articles = articles.filter(categories=data["category"])
        if data.get("kecamatan"):
            articles = articles.filter(kelurahan__kecamatan=data["kecamatan"])
        if data.get("kim"):
            articles = articles.filter(kim=data["kim"])
        if data.get("before"):
            midnight = datetime.combine(
                data["before"], time(), tzinfo=timezone.get_current_timezone()
            )
            articles = articles.filter(published_at__lt=midnight)
        return articles

    def older_link(self, oldest_shown: datetime) -> str:
        """The `before` day that continues past `oldest_shown` (its day included again, so
        nothing is skipped; the day itself when that would not move on)."""
        day = timezone.localtime(oldest_shown).date() + timedelta(days=1)
        current = self.cleaned_data.get("before") if self.is_bound else None
        if current and day >= current:
            day = current - timedelta(days=1)
        return day.isoformat()
