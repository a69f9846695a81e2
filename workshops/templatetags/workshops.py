from django import template
from django.db.models import Count

from workshops.models import Event, Registration

register = template.Library()


@register.simple_tag
def kim_attended_events(kim, limit: int = 10):
    """Events that active members of `kim` attended, newest first, with how many came."""
    events = (
        Event.objects.filter(
            registrations__status=Registration.Status.ATTENDED,
            registrations__user__memberships__kim=kim,
            registrations__user__memberships__status="active",
        )
        .annotate(attendees=Count("registrations", distinct=True))
        .order_by("-starts_at")
    )
    return list(events[:limit])
