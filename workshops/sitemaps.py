from kim_portal.sitemaps import RowSitemap
from workshops.models import Event


class EventSitemap(RowSitemap):
    """Published events, members-only ones included (their page is public; what only members
    may see stays off it). Drafts and cancelled events stay out."""

    url_name = "workshops:detail"

    def rows(self):
        return Event.objects.published()
