"""Plain text that is safe to store and to put into XML, HTML and JSON. Imports no project app."""

import re

# C0 control characters other than tab, line feed and carriage return: XML 1.0 cannot carry
# them (a feed with one fails to render) and no person means to type them. NUL is left to the
# form fields, which refuse it with a message.
_CONTROLS = re.compile(r"[\x01-\x08\x0e-\x1f\x7f]")
# Word pastes Shift+Enter as a vertical tab, and some editors a form feed: both are line breaks.
_LINE_BREAKS = re.compile(r"[\x0b\x0c]")


def strip_control_characters(text: str) -> str:
    """`text` without the control characters XML refuses; vertical tabs become line breaks."""
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", text)).replace("\x00", "")


def clean_typed_text(text: str) -> str:
    """As `strip_control_characters`, but keeps NUL so that the form refuses it visibly."""
    return _CONTROLS.sub("", _LINE_BREAKS.sub("\n", text))
