from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from groups.models import MONTH_CHOICES, Kecamatan, Kelurahan, Kim, Membership, WorkProgramItem
from groups.services import kim_name_taken
from kim_portal.forms import SlugChoiceField
from kim_portal.images import ImageFormField
from kim_portal.uploads import DocumentFormField

DECREE_MAX_BYTES = 5 * 1024 * 1024
DOCUMENT_KINDS = {"pdf", "jpeg", "png"}

PROFILE_FIELDS = [
    "address",
    "description",
    "founded_on",
    "decree_number",
    "decree_date",
    "decree_issuer",
    "phone",
    "email",
    "website_url",
    "facebook_url",
    "instagram_url",
    "youtube_url",
    "focus_areas",
]
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class KimProfileForm(forms.ModelForm):
    """The profile a pengurus edits; files are separate fields the service stores."""

    focus_areas = forms.MultipleChoiceField(
        label=_("Focus areas"),
        choices=Kim.FocusArea.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    decree_upload = DocumentFormField(
        label=_("Decree document (SK pengukuhan)"),
        allowed=DOCUMENT_KINDS,
        max_bytes=DECREE_MAX_BYTES,
        required=False,
        help_text=_("A scan or photo of the signed decree: PDF, JPEG or PNG, at most 5 MB."),
    )
    statutes_upload = DocumentFormField(
        label=_("Statutes (AD/ART)"),
        allowed=DOCUMENT_KINDS,
        max_bytes=DECREE_MAX_BYTES,
        required=False,
        help_text=_("Optional. PDF, JPEG or PNG, at most 5 MB."),
    )
    logo_upload = ImageFormField(
        label=_("Logo"),
        required=False,
        help_text=_("Optional. JPEG, PNG, WebP or HEIC."),
    )

    class Meta:
        model = Kim
        fields = PROFILE_FIELDS
        widgets = {
            "founded_on": DATE_INPUT,
            "decree_date": DATE_INPUT,
            "address": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 5}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        }

    def profile_fields(self) -> dict:
        return {field: self.cleaned_data[field] for field in PROFILE_FIELDS}


class KimRegisterForm(KimProfileForm):
    kelurahan = forms.ModelChoiceField(
        label=_("Kelurahan"),
        queryset=Kelurahan.objects.select_related("kecamatan"),
        empty_label=_("Choose a kelurahan"),
    )

    class Meta(KimProfileForm.Meta):
        fields = ["name", "kelurahan", *PROFILE_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kelurahan"].label_from_instance = lambda k: f"{k.name} ({k.kecamatan.name})"
        self.fields["decree_upload"].required = True
        for name in ("decree_number", "decree_date", "decree_issuer"):
            self.fields[name].required = True
        self.order_fields(
            ["name", "kelurahan", "decree_number", "decree_date", "decree_issuer", "decree_upload"]
        )

    def clean(self):
        cleaned = super().clean()
        name, kelurahan = cleaned.get("name"), cleaned.get("kelurahan")
        if name and kelurahan and kim_name_taken(name=name, kelurahan=kelurahan):
            self.add_error("name", duplicate_name_error(kelurahan))
        return cleaned

    def profile_fields(self) -> dict:
        return {
            "name": self.cleaned_data["name"],
            "kelurahan": self.cleaned_data["kelurahan"],
            **super().profile_fields(),
        }


def duplicate_name_error(kelurahan) -> str:
    return _(
        "A KIM with this name is already registered in Kelurahan %(kelurahan)s. "
        "Ask its pengurus to let you join, or choose another name."
    ) % {"kelurahan": kelurahan.name}


class KimFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name"), required=False, max_length=100)
    kecamatan = SlugChoiceField(
        Kecamatan.objects.all(), label=_("Kecamatan"), empty_label=_("All kecamatan")
    )
    kelurahan = SlugChoiceField(
        Kelurahan.objects.all(), label=_("Kelurahan"), empty_label=_("All kelurahan")
    )

    def filter(self, kims):
        if not self.is_valid():
            return kims
        data = self.cleaned_data
        if data["q"]:
            kims = kims.filter(name__icontains=data["q"].strip())
        if data["kecamatan"]:
            kims = kims.filter(kelurahan__kecamatan=data["kecamatan"])
        if data["kelurahan"]:
            kims = kims.filter(kelurahan=data["kelurahan"])
        return kims


class KimDecisionForm(forms.Form):
    VERIFY, REJECT, DEACTIVATE = "verify", "reject", "deactivate"
    action = forms.ChoiceField(
        choices=[(VERIFY, _("Verify")), (REJECT, _("Reject")), (DEACTIVATE, _("Deactivate"))],
        widget=forms.HiddenInput,
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when rejecting or deactivating; the registrant reads it."),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("action") in (self.REJECT, self.DEACTIVATE)
            and not cleaned.get("note", "").strip()
        ):
            self.add_error("note", _("Write the reason: the KIM's ketua will read it."))
        return cleaned


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class ProgramItemForm(forms.ModelForm):
    """An activity of the work program, as planned (before approval) with its progress."""

    planned_months = forms.TypedMultipleChoiceField(
        label=_("Planned months"),
        choices=MONTH_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "month-choices"}),
    )

    class Meta:
        model = WorkProgramItem
        fields = [
            "activity",
            "objective",
            "indicator",
            "target",
            "unit",
            "planned_months",
            "status",
            "manual_progress",
            "progress_notes",
            "evidence_links",
        ]
        widgets = {
            "objective": forms.Textarea(attrs={"rows": 2}),
            "indicator": forms.RadioSelect,
            "progress_notes": forms.Textarea(attrs={"rows": 3}),
            "evidence_links": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_target(self):
        target = self.cleaned_data["target"]
        if target < 1:
            raise ValidationError(_("The target must be at least 1."), code="min_value")
        return target

    def clean_evidence_links(self):
        lines = [line.strip() for line in self.cleaned_data["evidence_links"].splitlines()]
        lines = [line for line in lines if line]
        validate = URLValidator(schemes=["http", "https"])
        for line in lines:
            try:
                validate(line)
            except ValidationError:
                raise ValidationError(
                    _(
                        "“%(line)s” is not a web address. Put one address per line, starting with https://."
                    ),
                    code="invalid_url",
                    params={"line": line[:80]},
                ) from None
        return "\n".join(lines)


class ProgramProgressForm(ProgramItemForm):
    """Once the program is approved, pengurus report how the work goes; the plan stays."""

    planned_months = None

    class Meta(ProgramItemForm.Meta):
        fields = ["status", "manual_progress", "progress_notes", "evidence_links"]


class ProgramDecisionForm(forms.Form):
    APPROVE, REVISE = "approve", "revise"
    action = forms.ChoiceField(
        choices=[(APPROVE, _("Approve")), (REVISE, _("Ask for a revision"))],
        widget=forms.HiddenInput,
    )
    note = forms.CharField(
        label=_("Note for the pengurus"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when asking for a revision."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == self.REVISE and not cleaned.get("note", "").strip():
            self.add_error(
                "note",
                ValidationError(
                    _("Write what should be revised: the pengurus will read it."), code="required"
                ),
            )
        return cleaned
