"""Text from users shown through Markdown as text, never as markup.

Streamlit renders `st.markdown`, labels and notices as GitHub-flavoured Markdown
with HTML, maths (`$...$`), colour directives (`:red[...]`) and icon shortcodes
(`:material/home:`). A name, note or workspace field written into such a string
could otherwise make every viewer's browser load an image from another host
(`![](http://host/x.png)`), show a live phishing link (`[sign in again](http://host)`),
or turn a bare address, a `www.` host or an e-mail address into a link by itself
(GFM autolinks). `escape_markdown` is the one helper for all of them; what each
escape stops was checked in Chromium (`tests/browser/test_hostile_text.py`).

Backslashes stop the syntax, but not the autolinks nor the shortcodes: Streamlit's
renderer finds those in the text after the escapes are read (`[x](http\\://host)` still
shows a live `http://host`). They are broken with an invisible WORD JOINER (U+2060)
where the pattern would start to match: `http⁠://`, `www⁠.`, `name⁠@host`, `:⁠smile:`.
The text reads the same; a copied address holds the joiner and must be retyped, which
is the point: an address from a map is not a link to follow.
"""

from __future__ import annotations

import re

__all__ = ["escape_markdown"]

_SPECIAL = re.compile(r"([\\`*_\[\]()#|<>~$])")
"""Emphasis, code, links, images, headings, tables, HTML, strike-through and maths."""
_JOINER = "\u2060"
"""WORD JOINER: invisible, and no autolink or shortcode pattern matches across it."""
_AUTOLINK = re.compile(r"(?i)(?<![A-Za-z0-9])(?:https?|ftp|mailto|www)(?=\\?[:.])|@")
"""Where a bare address, a www. host or an e-mail address would start to be a link."""
_SHORTCODE = re.compile(r"(?<=:)(?=[A-Za-z0-9_+-]+(?:/[A-Za-z0-9_+-]+)?:)|(?<=:)(?=[A-Za-z]+\\\[)")
"""Just after the colon of an emoji or icon shortcode (`:smile:`, `:material/home:`) or a colour (`:red[`)."""
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")


def escape_markdown(text: str) -> str:
    r"""Backslash-escape Markdown syntax so user text stays text.

    Emphasis, links, images, code, headings, tables, HTML, maths, shortcodes and
    autolinks are escaped anywhere; list and heading markers only where they would
    start a line. Line breaks become spaces (a name is one line).

    >>> escape_markdown("[click](http://x) *now*, 0.5").replace(_JOINER, "+")
    '\\[click\\]\\(http+://x\\) \\*now\\*, 0.5'
    >>> escape_markdown("1. not a list")
    '1\\. not a list'
    >>> escape_markdown("www.host.example, a@host.example, $5, :smile:").replace(_JOINER, "+")
    'www+.host.example, a+@host.example, \\$5, :+smile:'
    """
    escaped = _SPECIAL.sub(r"\\\1", text.replace("\r", " ").replace("\n", " "))
    escaped = _AUTOLINK.sub(_joined, escaped)
    escaped = _SHORTCODE.sub(_JOINER, escaped)
    match = _LINE_START.match(escaped)
    if match and match.group(2).isdigit():
        end = match.end()
        return escaped[:end] + "\\" + escaped[end:]
    if match:
        return escaped[: match.start(2)] + "\\" + escaped[match.start(2) :]
    return escaped


def _joined(match: re.Match[str]) -> str:
    """A scheme or `www` followed by the joiner; an `@` preceded by it."""
    return _JOINER + "@" if match[0] == "@" else match[0] + _JOINER
