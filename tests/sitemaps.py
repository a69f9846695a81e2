"""Reading the sitemap as a search engine does: the index (/sitemap.xml), then every page of
every section it names."""

from urllib.parse import urlsplit
from xml.etree import ElementTree

from django.urls import reverse

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def local(address: str) -> str:
    """An absolute address (under SITE_URL) as the test client asks it: path and query."""
    parts = urlsplit(address)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def section_pages(client) -> list[str]:
    """The addresses the index lists, in its order."""
    response = client.get(reverse("sitemap"))
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{{{NS['s']}}}sitemapindex"
    return [loc.text for loc in root.findall("s:sitemap/s:loc", NS)]


def sitemap_entries(client) -> dict[str, str | None]:
    """Every address of every section page, with its lastmod (None when it has none)."""
    entries = {}
    for page in section_pages(client):
        response = client.get(local(page))
        assert response.status_code == 200, page
        for url in ElementTree.fromstring(response.content).findall("s:url", NS):
            lastmod = url.find("s:lastmod", NS)
            entries[url.find("s:loc", NS).text] = None if lastmod is None else lastmod.text
    return entries


def sitemap_text(client) -> str:
    """The index and all its section pages, as one text (to look for what must not be there)."""
    return "\n".join(
        client.get(page).content.decode() for page in [reverse("sitemap"), *section_pages(client)]
    )
