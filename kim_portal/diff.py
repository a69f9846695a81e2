"""A word-level diff a reviewer can read: what changed since the version they last saw."""

import difflib
import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

_BLOCK_END = re.compile(r"</(p|h2|h3|li|blockquote)>|<br\s*/?>", re.IGNORECASE)


def html_to_text(html: str) -> str:
    """The words of a body, with paragraph breaks kept as new lines."""
    return strip_tags(_BLOCK_END.sub("\n", html or "")).strip()


def word_diff(old: str, new: str) -> SafeString:
    """`new` with inserted words in <ins> and removed ones in <del>; every word is escaped."""
    old_words = re.findall(r"\S+|\n", old or "")
    new_words = re.findall(r"\S+|\n", new or "")
    parts = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(_words(new_words[b1:b2]))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{_words(old_words[a1:a2])}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{_words(new_words[b1:b2])}</ins>")
    return mark_safe(" ".join(part for part in parts if part).replace(" \n ", "\n"))


def _words(words: list[str]) -> str:
    return " ".join(escape(word) for word in words)
