from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.models import Kecamatan, Kim
from kim_portal.images import ImageFormField
from kim_portal.uploads import DocumentFormField
from materials.models import Announcement, DisseminationReport, Material

MAX_MATERIAL_PDF_BYTES = 10 * 1024 * 1024


class MaterialForm(forms.ModelForm):
    pdf = DocumentFormField(
        allowed={"pdf"},
        max_bytes=MAX_MATERIAL_PDF_BYTES,
        required=False,
        label=_("PDF document"),
        help_text=_("A PDF of at most 10 MB."),
    )
    image = ImageFormField(
        required=False,
        label=_("Image"),
        help_text=_("For infographics: JPEG, PNG, WebP or HEIC. Metadata is removed."),
    )

    class Meta:
        model = Material
        fields = [
            "title",
            "kind",
            "topic",
            "summary",
            "description",
            "video_url",
            "audience",
            "valid_from",
            "valid_until",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "audience": forms.RadioSelect,
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_until")
        if start and end and end < start:
            self.add_error(
                "valid_until",
                ValidationError(
                    _("The end date cannot be before the start date."), code="before_start"
                ),
            )
        if cleaned.get("kind") == Material.Kind.VIDEO and not cleaned.get("video_url"):
            self.add_error(
                "video_url",
                ValidationError(_("A video needs the link to the video."), code="required"),
            )
        return cleaned

    def uploads(self) -> list:
        return [f for f in (self.cleaned_data.get("pdf"), self.cleaned_data.get("image")) if f]

    def material_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class DisseminationReportForm(forms.ModelForm):
    kim = forms.ModelChoiceField(queryset=None, label=_("On behalf of"), empty_label=None)
    shared_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    shared_time = forms.TimeField(
        label=_("Time (WIB), optional"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    class Meta:
        model = DisseminationReport
        fields = ["channel", "people_reached", "note", "evidence_url"]
        widgets = {
            "channel": forms.RadioSelect,
            "people_reached": forms.NumberInput(attrs={"min": 1, "inputmode": "numeric"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "people_reached": _("Your best estimate, for example the members of the group."),
            "evidence_url": _("Optional: a link to the post or a photo of the notice board."),
        }

    field_order = ["kim", "channel", "shared_on", "shared_time", "people_reached"]

    def __init__(self, *args, memberships, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channel"].choices = DisseminationReport.Channel.choices
        kims = [m.kim for m in memberships]
        self.fields["kim"].queryset = Kim.objects.filter(pk__in=[k.pk for k in kims])
        self.fields["kim"].label_from_instance = lambda kim: kim.name
        if self.instance.pk:
            local = timezone.localtime(self.instance.shared_at)
            self.initial.update(
                kim=self.instance.kim_id, shared_on=local.date(), shared_time=local.time()
            )
        else:
            self.initial.setdefault("shared_on", timezone.localdate())
            self.initial.setdefault("kim", kims[0].pk)

    def clean_shared_on(self):
        day = self.cleaned_data["shared_on"]
        if day > timezone.localdate():
            raise ValidationError(_("The date cannot be in the future."), code="future")
        return day


class AnnouncementForm(forms.ModelForm):
    kecamatan = forms.ModelChoiceField(
        queryset=Kecamatan.objects.order_by("name"),
        required=False,
        label=_("Kecamatan"),
        help_text=_("Only when sending to the members of one kecamatan."),
    )

    class Meta:
        model = Announcement
        fields = ["title", "body", "important", "audience", "kecamatan"]
        widgets = {"audience": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].required = True
        self.fields["audience"].choices = Announcement.Audience.choices
        self.fields["audience"].initial = Announcement.Audience.ALL

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("audience") == Announcement.Audience.KECAMATAN and not cleaned.get(
            "kecamatan"
        ):
            self.add_error(
                "kecamatan", ValidationError(_("Choose the kecamatan."), code="required")
            )
        return cleaned
