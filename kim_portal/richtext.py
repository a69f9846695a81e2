"""Rich text from the editor: one allow-list for the editor and the server-side cleaner.

The editor's extensions decide what markup exists; the same list, run through nh3, decides what
may be stored. `RichTextField` cleans on every save, so admin, services and the shell alike store
clean HTML. Imports no project app.
"""

import re
from functools import cache

import nh3
from django.utils.html import linebreaks, strip_tags
from django_prose_editor.config import allowlist_from_extensions, expand_extensions
from django_prose_editor.fields import ProseEditorField, ProseEditorFormField

EXTENSIONS = {
    "Document": True,
    "Paragraph": True,
    "Text": True,
    "HardBreak": True,
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    # No target attribute: links open in the same tab, and rel is always ours, never the author's.
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
}
EDITOR_CONFIG = {"extensions": EXTENSIONS}
EDITOR_PRESET = "kim"
LINK_REL = "noopener nofollow ugc"


@cache
def _cleaner() -> nh3.Cleaner:
    allowed = allowlist_from_extensions(expand_extensions(EXTENSIONS))
    attributes = {tag: set(names) - {"rel"} for tag, names in allowed["attributes"].items()}
    return nh3.Cleaner(
        tags=set(allowed["tags"]),
        attributes=attributes,
        url_schemes={"http", "https", "mailto"},
        link_rel=LINK_REL,
        strip_comments=True,
    )


def clean_html(html: str | None) -> str:
    """Return `html` with everything outside the editor's allow-list removed."""
    if not html:
        return ""
    cleaned = _cleaner().clean(html).strip()
    # The editor always leaves one empty paragraph behind; an empty body should be "".
    return "" if cleaned in ("<p></p>", "<p><br></p>") else cleaned


_EDITOR_OUTPUT = re.compile(r"\s*<(p|h[1-6]|ul|ol|blockquote)[\s>]", re.IGNORECASE)


def _clean_form_value(value: str) -> str:
    # The editor always sends block elements. Anything else came from the plain textarea
    # (no JavaScript): it is text, not HTML ("a<b turun, c>d naik" is kept as typed), in the
    # author's paragraphs.
    if value and not _EDITOR_OUTPUT.match(value):
        return clean_html(linebreaks(value, autoescape=True))
    cleaned = clean_html(value)
    if not cleaned and strip_tags(value).strip():
        # Markup that looked like the editor's but held nothing allowed: keep the words rather
        # than telling the author the body is empty.
        return clean_html(linebreaks(value, autoescape=True))
    return cleaned


class RichTextFormField(ProseEditorFormField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("config", EDITOR_CONFIG)
        # static/js/prose-editor.js: CSP-safe and labelled (DJANGO_PROSE_EDITOR_PRESETS).
        kwargs["preset"] = EDITOR_PRESET
        kwargs["sanitize"] = _clean_form_value
        super().__init__(*args, **kwargs)


class RichTextField(ProseEditorField):
    """A TextField edited with the prose editor whose value is cleaned on every save."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("config", EDITOR_CONFIG)
        kwargs["sanitize"] = clean_html
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        value = clean_html(getattr(model_instance, self.attname))
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": RichTextFormField, **kwargs})
