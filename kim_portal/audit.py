"""The audit log: one append-only record of every privileged action.

Services call `record(...)` inside their own transaction, so an entry exists exactly when the
action took effect. Views never write entries: they call services.
"""

from kim_portal.models import AuditEntry

Action = AuditEntry.Action


def record(*, actor, action: str, obj=None, note: str = "", object_repr: str = "") -> AuditEntry:
    """Add one entry. `obj` is a model instance (or None for an action on no single object,
    such as a CSV export: then say what in `note`). `object_repr` replaces `str(obj)` where the
    description itself would keep what must go (an erased account)."""
    if action not in Action.values:
        raise ValueError(f"Unknown audit action {action!r}")
    if actor is not None and not actor.is_authenticated:
        actor = None
    entry = AuditEntry(
        actor=actor,
        actor_name=(actor.full_name or actor.email)[:150] if actor else "",
        action=action,
        note=note.strip(),
    )
    if obj is not None:
        entry.object_type = obj._meta.label_lower
        entry.object_id = str(obj.pk)
        entry.object_repr = (object_repr or str(obj))[:200]
    else:
        entry.object_repr = object_repr[:200]
    entry.save()
    return entry
