"""The event description cleaner: a small allow-list kept inside the app.

The news app grows a shared cleaner in kim_portal/richtext.py; events can switch to it once merged.
"""

import nh3

ALLOWED_TAGS = {"p", "h2", "h3", "strong", "em", "ul", "ol", "li", "a", "blockquote", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}


def clean_description(html: str) -> str:
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener nofollow ugc",
    ).strip()
