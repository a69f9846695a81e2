from django import forms
from django.utils.translation import gettext_lazy as _

from groups.models import Kecamatan, Kelurahan, Kim
from news.models import Category
from subscriptions.models import TARGETS, Subscription


def target_choices() -> list:
    """Everything one can follow, grouped, as "<kind>:<slug>" values."""
    return [
        ("", _("Choose…")),
        (
            _("Kelurahan"),
            [
                (f"kelurahan:{k.slug}", f"{k.name} ({k.kecamatan.name})")
                for k in Kelurahan.objects.select_related("kecamatan").order_by("name")
            ],
        ),
        (
            _("Kecamatan"),
            [(f"kecamatan:{k.slug}", k.name) for k in Kecamatan.objects.order_by("name")],
        ),
        (_("KIM"), [(f"kim:{k.slug}", k.name) for k in Kim.objects.verified().order_by("name")]),
        (_("Category"), [(f"category:{c.slug}", c.name) for c in Category.objects.all()]),
    ]


MODELS = {"kelurahan": Kelurahan, "kecamatan": Kecamatan, "kim": Kim, "category": Category}


def resolve_target(value: str):
    """ "kelurahan:ledok" → ("kelurahan", <Kelurahan>), or None when it names nothing."""
    kind, _sep, slug = (value or "").partition(":")
    if kind not in TARGETS:
        return None
    objects = Kim.objects.verified() if kind == "kim" else MODELS[kind].objects
    found = objects.filter(slug=slug).first()
    return (kind, found) if found else None


class TargetField(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=target_choices, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        target = resolve_target(value)
        if target is None:
            raise forms.ValidationError(_("Choose what you want to follow from the list."))
        return target


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter a valid e-mail address, for example nama@contoh.id."),
        },
    )
    target = TargetField(
        label=_("News to follow"),
        help_text=_("A kelurahan, a kecamatan, a KIM or a category."),
        error_messages={
            "required": _("Choose what you want to follow."),
            "invalid_choice": _("Choose what you want to follow from the list."),
        },
    )
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=Subscription.Frequency.choices,
        initial=Subscription.Frequency.WEEKLY,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose daily or weekly.")},
    )


class FrequencyForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("How often"), choices=Subscription.Frequency.choices, widget=forms.RadioSelect
    )
