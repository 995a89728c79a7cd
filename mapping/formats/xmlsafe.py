"""Parsing XML from users without letting it attack the machine.

GEXF and GraphML never need a DTD. A DTD is how the "billion laughs" entity
expansion (a few hundred bytes that expand to gigabytes) and external entities
(`<!ENTITY x SYSTEM "file:///etc/passwd">`) get in, so `parse_xml` refuses any
document that declares one, before expanding anything, with an `unsafe-xml`
issue. Parsing is done by `defusedxml`, which also refuses entities and external
references however they are declared. A file over the size limit
(`mapping.limits`) is refused before it is parsed.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree

from mapping.issues import ValidationIssue
from mapping.limits import Limits, file_too_large
from mapping.read import InputFile

__all__ = ["local_name", "parse_xml", "xml_text"]

# Characters XML 1.0 cannot hold; removed from exported text rather than producing a broken file.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def parse_xml(file: InputFile, expected: str, limits: Limits) -> tuple[Element | None, list[ValidationIssue]]:
    """The document's root element, or None and an issue saying why it was refused.

    `expected` names the format ("GEXF", "GraphML") for messages; the root
    element must be its lower-cased name.
    """
    too_large = file_too_large(file.name, len(file.data), limits)
    if too_large is not None:
        return None, [too_large]
    try:
        root = defusedxml.ElementTree.fromstring(file.data, forbid_dtd=True)
    except defusedxml.DefusedXmlException as err:
        message = (
            f"{file.name} declares a DTD or entities ({type(err).__name__}). {expected} files never need them, "
            "and they are how entity-expansion and external-entity attacks work, so the file is refused. "
            "Export it again from your graph tool, or remove the <!DOCTYPE ...> part."
        )
        return None, [ValidationIssue(file.name, None, None, "unsafe-xml", message)]
    except ParseError as err:
        line = err.position[0]
        message = f"{file.name} is not well-formed XML ({err}). Export it again from your graph tool."
        return None, [ValidationIssue(file.name, line, None, "unreadable-file", message)]
    if local_name(root.tag) != expected.lower():
        message = f"{file.name} is not a {expected} file: its root element is <{local_name(root.tag)}>."
        return None, [ValidationIssue(file.name, None, None, "unreadable-file", message)]
    return root, []


def local_name(tag: str) -> str:
    """An element's name without its namespace: '{http://www.gexf.net/1.2draft}node' -> 'node'."""
    return tag.rsplit("}", 1)[-1]


def xml_text(text: str) -> str:
    """Text with the characters XML cannot hold removed."""
    return _NOT_XML.sub("", text)
