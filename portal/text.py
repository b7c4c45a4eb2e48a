"""Characters that nobody types and that break what the portal writes.

C0 control characters (other than tab, newline and carriage return) arrive by copy-paste
from word processors and chat apps: they are invisible, and XML 1.0 (the Atom feeds)
refuses them. Forms drop them on the way in (``portal.forms.PlainTextMixin``); the feeds
drop whatever is already stored with ``xml_safe``.
"""

import re

# NUL is left to Django's CharField, which refuses it with a message.
CONTROL_CHARACTERS = re.compile(r"[\x01-\x08\x0b\x0c\x0e-\x1f]")
# Everything outside the XML 1.0 Char production.
XML_INVALID = re.compile(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def without_control_characters(text):
    """``text`` without the C0 control characters other than tab, newline and CR."""
    return CONTROL_CHARACTERS.sub("", text)


def xml_safe(text):
    """``text`` without the characters XML 1.0 cannot carry; ``None`` stays ``None``."""
    if text is None:
        return None
    return XML_INVALID.sub("", str(text))
