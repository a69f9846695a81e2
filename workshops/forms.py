from django import forms
from django.utils.translation import gettext_lazy as _

from groups.models import Kim
from kim_portal.uploads import DocumentFormField
from news.models import Article
from workshops.models import Event, Feedback

MATERIAL_KINDS = {"pdf", "pptx", "docx", "xlsx", "jpeg", "png", "webp"}
MATERIAL_MAX_BYTES = 20 * 1024 * 1024


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "kind",
            "title",
            "summary",
            "description",
            "starts_at",
            "ends_at",
            "venue",
            "address",
            "online_url",
            "capacity",
            "seats_per_kim",
            "registration_opens_at",
            "registration_closes_at",
            "audience",
            "speakers",
            "contact",
            "materials_visibility",
            "related_article",
        ]
        widgets = {
            "starts_at": DateTimeLocalInput(),
            "ends_at": DateTimeLocalInput(),
            "registration_opens_at": DateTimeLocalInput(),
            "registration_closes_at": DateTimeLocalInput(),
            "speakers": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "description": _(
                "Paragraphs, headings, lists, bold, italic, quotes and links; other markup is removed."
            ),
            "starts_at": _("Western Indonesia Time (WIB)."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["related_article"].queryset = Article.objects.public().order_by("-published_at")

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The event cannot end before it starts."))
        closes = data.get("registration_closes_at")
        opens = data.get("registration_opens_at")
        if opens and closes and closes <= opens:
            self.add_error("registration_closes_at", _("Registration must close after it opens."))
        if starts and closes and closes > starts:
            self.add_error(
                "registration_closes_at", _("Registration must close before the event starts.")
            )
        if not (data.get("venue") or data.get("online_url")):
            self.add_error("venue", _("Give a venue, an online link, or both."))
        return data


class RegistrationForm(forms.Form):
    kim = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=_("Register on behalf of"),
        empty_label=_("Only myself"),
    )

    def __init__(self, *args, kims, members_only: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kim"].queryset = Kim.objects.filter(pk__in=[k.pk for k in kims])
        if members_only and kims:
            self.fields["kim"].required = True
            self.fields["kim"].empty_label = None


class FeedbackForm(forms.ModelForm):
    rating = forms.TypedChoiceField(
        label=_("Your rating"),
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("5 is best."),
    )

    class Meta:
        model = Feedback
        fields = ["rating", "comment"]
        labels = {"comment": _("What should we keep or change?")}


class EventMaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = DocumentFormField(
        label=_("File"),
        allowed=MATERIAL_KINDS,
        max_bytes=MATERIAL_MAX_BYTES,
        help_text=_("PDF, PowerPoint, Word, Excel or an image; at most 20 MB."),
    )
