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
