"""What news tells the apps built on it, without knowing them."""

from django.dispatch import Signal

# Sent once the publication is committed, with `article`; its `published_at` may lie ahead (a
# scheduled article becomes public at that time, with no further write).
article_published = Signal()
