"""Path-safe identifiers: every id a family puts in a URL goes through here first.

The checks run on the string *data* (``str.__str__`` of the value), and the path segment is
built from that same checked string, percent-encoded. A ``str`` subclass or a ``(str, Enum)``
member whose ``__str__``/``__format__`` say something else therefore cannot steer a URL: what
was checked is exactly what is sent.

A refusal is an `InvalidArgumentError` (a `ValueError`) or an `InvalidArgumentTypeError` (a
`TypeError`): both are `VideoSDKError` too, so one ``except`` covers bad input and API errors.
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import quote

from ._errors import InvalidArgumentError, InvalidArgumentTypeError

MAX_ID: Final = 256
_FORBIDDEN: Final = frozenset("/?#%")
# [INF] Real meeting ids look like "87i6-bvw8-dtn1", but the docs show other shapes too, so
# the v1 check is only what keeps user input from reshaping the URL.
_MEETING_ID: Final = re.compile(r"[A-Za-z0-9_-]{1,64}", re.ASCII)


def _text(value: object, name: str, *, optional: bool = False) -> str:
    if not isinstance(value, str):
        allowed = "a str or None" if optional else "a str"
        raise InvalidArgumentTypeError(f"{name} must be {allowed}, not {type(value).__name__}")
    # The data itself: a subclass's __str__/__format__ never reach a URL or a body.
    return str.__str__(value)


#: Unicode category Cc, exactly: the C0 controls, DEL and the C1 controls U+0080-U+009F.
_CONTROL: Final = re.compile("[\x00-\x1f\x7f-\x9f]")


def _has_control(text: str) -> bool:
    return _CONTROL.search(text) is not None


def check_id(value: object, name: str = "id") -> str:
    """Return the id as a plain ``str`` if it is a valid v2 identifier.

    Everything is allowed except what could reshape a URL or is surely a mistake: inner
    spaces and dots, non-ASCII letters and ``+&=;:@,`` reach the server intact.

    Raises:
        TypeError: It is not a str.
        ValueError: It is empty, over 256 characters, has control characters, whitespace at
            either end, ``/``, ``?``, ``#`` or ``%``, or is ``.`` or ``..``.
    """
    text = _text(value, name)
    if not text:
        raise InvalidArgumentError(f"{name} must not be empty")
    if len(text) > MAX_ID:
        raise InvalidArgumentError(f"{name} must be at most {MAX_ID} characters, got {len(text)}")
    if _has_control(text):
        raise InvalidArgumentError(f"{name} must not contain control characters")
    if text != text.strip():
        raise InvalidArgumentError(f"{name} must not start or end with whitespace")
    if _FORBIDDEN.intersection(text):
        raise InvalidArgumentError(f"{name} must not contain '/', '?', '#' or '%'")
    if text in (".", ".."):
        raise InvalidArgumentError(f"{name} must not be '.' or '..'")
    return text


def optional_id(value: object, name: str = "id") -> str | None:
    """`check_id` for an optional id (a filter or an option): None stays None."""
    return None if value is None else check_id(value, name)


def segment(value: object, name: str = "id") -> str:
    """The checked id as one percent-encoded URL path segment (see `check_id`)."""
    return quote(check_id(value, name), safe="")


def check_meeting_id(value: object, name: str = "meeting_id") -> str:
    """Return a v1 meeting id if it is 1 to 64 of ``A-Z a-z 0-9 - _``.

    Raises:
        TypeError: It is not a str.
        ValueError: It has other characters, or none, or too many.
    """
    text = _text(value, name)
    if _MEETING_ID.fullmatch(text) is None:
        raise InvalidArgumentError(
            f"{name} must be 1 to 64 characters among A-Z, a-z, 0-9, '-' and '_' "
            "(e.g. '87i6-bvw8-dtn1')"
        )
    return text


def check_label(value: object, name: str) -> str:
    """Return a caller-chosen text for a request body (a label, a name, a URL).

    Raises:
        TypeError: It is not a str.
        ValueError: It is blank, over 256 characters, or holds control characters.
    """
    text = _text(value, name)
    if not text or text.isspace():
        raise InvalidArgumentError(f"{name} must not be empty or blank")
    if len(text) > MAX_ID:
        raise InvalidArgumentError(f"{name} must be at most {MAX_ID} characters")
    if _has_control(text):
        raise InvalidArgumentError(f"{name} must not contain control characters")
    return text


def optional_label(value: object, name: str) -> str | None:
    """`check_label` for an optional text (``user_meeting_id``, ``webhook_url``): None stays None.

    Raises:
        TypeError: It is neither None nor a str.
        ValueError: It is blank, over 256 characters, or holds control characters.
    """
    if value is None:
        return None
    if (  # the usual label, checked in this frame: a plain str, short, no controls
        value.__class__ is str
        and 0 < len(value) <= MAX_ID
        and not value.isspace()
        and _CONTROL.search(value) is None
    ):
        return value
    if not isinstance(value, str):
        raise InvalidArgumentTypeError(f"{name} must be a str or None, not {type(value).__name__}")
    return check_label(value, name)
