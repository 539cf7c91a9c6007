"""What the API accepts: every size limit, and the characters text may hold.

The limits keep each request's work bounded: validation and generation cost grows
with the size of the profile, the document and the job, so each has a ceiling here,
and an answer over one names it (422, or 413 for the body as a whole).
"""

import json
import re
from typing import Any

from pydantic import AfterValidator

# Paging: a page starts at most this far in (larger offsets cannot reach the database).
MAX_OFFSET = 1_000_000

# The profile, as JSON Resume: its fields and lists, and the whole of it.
PROFILE_SHORT_TEXT = 300
PROFILE_LONG_TEXT = 10_000
PROFILE_LIST_ITEMS = 100  # highlights, keywords, courses, roles of one entry
PROFILE_WORK_ENTRIES = 100
PROFILE_EDUCATION_ENTRIES = 50
PROFILE_SKILL_ENTRIES = 200
PROFILE_PROJECT_ENTRIES = 100
PROFILE_CERTIFICATE_ENTRIES = 100
PROFILE_LANGUAGE_ENTRIES = 30
PROFILE_REFERENCE_ENTRIES = 20
PROFILE_MAX_CHARS = 200_000  # the whole profile, written as JSON

# A document checked by /documents/validate: Markdown text, or a JSON Resume object.
DOCUMENT_TEXT_MAX_CHARS = 100_000
DOCUMENT_JSON_MAX_CHARS = 200_000

# Job intake: pasted text, and the fields of a saved posting.
JOB_TEXT_MAX_CHARS = 100_000
JOB_DESCRIPTION_MAX_CHARS = 100_000
JOB_SHORT_TEXT = 500
JOB_ITEM_CHARS = 2_000
JOB_LIST_ITEMS = 200

# JSON bodies read by hand (not by a schema) may nest this deep at most.
JSON_MAX_DEPTH = 64

# C0 controls and DEL, except tab, line feed and carriage return, which text may hold.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class LimitExceeded(ValueError):
    """A value over one of the limits above; its message names the limit."""


def refuse_control_characters(value: str) -> str:
    """The text as it is, or ValueError if it holds NUL or another control character."""
    found = _CONTROL.search(value)
    if found:
        raise ValueError(
            f"must not contain control characters (found U+{ord(found.group()):04X} "
            f"at position {found.start()})"
        )
    return value


# Put last in a str field's Annotated[...]: refuses NUL and control characters
# (PostgreSQL cannot store NUL, and no text field of the API needs them).
NoControlChars = AfterValidator(refuse_control_characters)


def json_size(value: Any) -> int:
    """The length of a parsed JSON value written compactly: what a limit in chars counts."""
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def check_json_value(value: Any, max_chars: int, what: str) -> None:
    """LimitExceeded if `value` is larger than `max_chars` or nests deeper than
    JSON_MAX_DEPTH; ValueError if a string in it holds a control character."""
    stack = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > JSON_MAX_DEPTH:
            raise LimitExceeded(f"{what} nests deeper than {JSON_MAX_DEPTH} levels.")
        if isinstance(item, str):
            refuse_control_characters(item)
        elif isinstance(item, dict):
            stack.extend((key, depth) for key in item)
            stack.extend((child, depth + 1) for child in item.values())
        elif isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
    size = json_size(value)
    if size > max_chars:
        raise LimitExceeded(f"{what} is {size} characters long; the limit is {max_chars}.")


def json_depth_exceeds(raw: bytes, max_depth: int = JSON_MAX_DEPTH) -> bool:
    """True when raw JSON nests arrays or objects deeper than `max_depth`.

    Read before parsing, as the parser recurses once per level. Brackets inside
    strings are skipped; the scan is linear and ends at the first level too deep.
    """
    text = _JSON_STRING.sub(b'""', raw)
    if text.count(b"[") + text.count(b"{") <= max_depth:
        return False
    depth = 0
    for bracket in _BRACKET.finditer(text):
        depth += 1 if bracket.group() in (b"[", b"{") else -1
        if depth > max_depth:
            return True
    return False


_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")
