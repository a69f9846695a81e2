from django import forms
from django.utils.translation import gettext_lazy as _

from groups.models import MONTH_CHOICES
from overview.statistics import Period


class PeriodForm(forms.Form):
    """The period of the statistics: a year, optionally one month of it."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=[])
    month = forms.TypedChoiceField(
        label=_("Month"), coerce=int, required=False, empty_value=None, choices=[]
    )

    def __init__(self, *args, this_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.this_year = this_year
        self.fields["year"].choices = [(y, y) for y in range(this_year, this_year - 5, -1)]
        self.fields["month"].choices = [("", _("The whole year")), *MONTH_CHOICES]

    def period(self):
        if self.is_bound and self.is_valid():
            return Period(self.cleaned_data["year"], self.cleaned_data["month"])
        return Period(self.this_year)


class AccountEraseForm(forms.Form):
    """The owner deletes their own account: their password, and a tick that they mean it."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account is deleted for good and cannot be restored."),
        error_messages={"required": _("Tick the box to confirm.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password


class RequestEraseForm(forms.Form):
    """The Redaksi deletes an account at its owner's request: which request, and a tick."""

    note = forms.CharField(
        label=_("The request"),
        help_text=_("How and when the person asked, e.g. “e-mail of 3 March, ref. 12/2025”."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("The person asked for this; the account is deleted for good."),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class AccountLookupForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the account"))
