"""Extra request headers (``AsyncVideoSDK(headers=)``, ``sdk.request(headers=)``), checked.

The SDK's own headers cannot be replaced: ``Authorization``, ``User-Agent``, ``Content-Type``,
``Accept`` and ``Host`` are refused (the official Node SDK lets extra headers override its
own; here a typo cannot silently drop the token or send JSON under another type).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

from ._errors import InvalidArgumentError as BadValue
from ._errors import InvalidArgumentTypeError as BadType
from ._wire import WireHeaders

#: Header names the SDK sets itself (lower case).
RESERVED_HEADERS: Final = frozenset(
    {"authorization", "user-agent", "content-type", "accept", "host"}
)
#: An HTTP header name (RFC 9110 token).
_NAME: Final = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
#: Any control character but tab (no header splitting).
_CONTROL: Final = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")

Headers = tuple[tuple[str, str], ...]


def check_headers(headers: object, name: str = "headers") -> Headers:
    """``headers`` as ``((name, value), ...)``, in their order, each one checked.

    Raises:
        TypeError: Not a mapping of ``str`` to ``str``.
        ValueError: A reserved or malformed name, or a value with a line break or other
            control character (nothing is sent).
    """
    if headers is None:
        return ()
    if not isinstance(headers, Mapping):
        raise BadType(f"{name} must be a mapping of str to str, not {type(headers).__name__}")
    checked: list[tuple[str, str]] = []
    for key, value in headers.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise BadType(f"{name} must map str to str")
        if not _NAME.fullmatch(key):
            raise BadValue(f"{name}: {key!r} is not a valid header name")
        if key.lower() in RESERVED_HEADERS:
            raise BadValue(
                f"{name} may not set {key!r}: the SDK sets Authorization, User-Agent, "
                "Content-Type, Accept and Host itself"
            )
        if _CONTROL.search(value):
            # The value may be a credential: name the header only.
            raise BadValue(f"{name}: the value of {key!r} holds a line break or control character")
        checked.append((key, value))
    return tuple(checked)


def with_extra(wire: WireHeaders, extra: Headers) -> WireHeaders:
    """A copy of the SDK's cached ``wire`` headers with a call's ``extra`` ones set (each
    replaces a header of the same name); ``wire`` itself when there are none."""
    if not extra:
        return wire
    merged = WireHeaders(wire)
    for name, value in extra:
        merged[name] = value
    return merged


def combine(sdk: Headers, call: Headers) -> Headers:
    """The SDK's extra headers, then a call's: a call's header replaces the SDK's of the same
    name (any case), so each name is sent once."""
    names = {name.lower() for name, _ in call}
    return tuple((n, v) for n, v in sdk if n.lower() not in names) + call
