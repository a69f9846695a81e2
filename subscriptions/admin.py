from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from subscriptions import services
from subscriptions.models import PushSubscription, Subscription, SuppressedAddress


def _suppress(modeladmin, request, queryset, reason: str) -> None:
    emails = sorted(set(queryset.values_list("email", flat=True)))
    for email in emails:
        services.address_suppress(email=email, reason=reason)
    modeladmin.message_user(
        request,
        _("%(count)d address(es) will receive nothing more.") % {"count": len(emails)},
        messages.SUCCESS,
    )


@admin.action(description=_("Mark the address as bounced"))
def mark_bounced(modeladmin, request, queryset):
    _suppress(modeladmin, request, queryset, SuppressedAddress.Reason.BOUNCE)


@admin.action(description=_("Mark the address as complained (spam)"))
def mark_complained(modeladmin, request, queryset):
    _suppress(modeladmin, request, queryset, SuppressedAddress.Reason.COMPLAINT)


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "target", "frequency", "status", "language", "created_at"]
    list_filter = ["status", "frequency", "language"]
    search_fields = ["email"]
    readonly_fields = ["token", "confirmed_at", "unsubscribed_at"]
    actions = [mark_bounced, mark_complained]


@admin.register(SuppressedAddress)
class SuppressedAddressAdmin(admin.ModelAdmin):
    list_display = ["email", "reason", "created_at"]
    search_fields = ["email"]


@admin.register(PushSubscription)
class PushSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["target", "language", "created_at"]
