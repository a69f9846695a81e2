from django import forms
from django.utils.translation import gettext_lazy as _

from kim_portal.models import User


class SignupForm(forms.Form):
    """Extra fields for allauth's sign-up form."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )

    field_order = ["full_name", "email", "password1", "password2"]

    def signup(self, request, user: User) -> None:
        user.full_name = self.cleaned_data["full_name"].strip()
        user.save(update_fields=["full_name"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "whatsapp", "wants_news_email"]
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "whatsapp": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }
        help_texts = {
            "whatsapp": _("Only KIM officers and Redaksi can see it."),
            "wants_news_email": _("Important announcements from the Redaksi always arrive."),
        }
