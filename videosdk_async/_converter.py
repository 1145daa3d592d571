"""The one cattrs converter: camelCase on the wire, snake_case in Python.

Unknown fields in answers are ignored (cattrs' default), so that an SDK released today keeps
working when the API adds fields tomorrow.

The converter is built on first use, not at import: cattrs is a noticeable share of
``import videosdk_async`` otherwise, and a process that only mints tokens never needs it.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

if TYPE_CHECKING:
    import cattrs

_T = TypeVar("_T")

_PATH_PART = re.compile(r"\.([a-z0-9]+(?:_[a-z0-9]+)+)")


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _structure_datetime(value: object, _: type[datetime]) -> datetime:
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO-8601 string, got {type(value).__name__}")
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        # [INF] Every documented timestamp ends in "Z"; a naive one is taken to be UTC, as
        # the API's are.
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _unstructure_datetime(value: datetime) -> str:
    """The API's own form: ``2022-01-05T06:41:16.018Z``."""
    text = value.astimezone(UTC).isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z")


def _structure_str(value: object, _: type[str]) -> str:
    # cattrs would turn 123 into "123"; an id of the wrong type is a shape error.
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


@functools.cache
def _converter() -> cattrs.Converter:
    import cattrs
    from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

    converter = cattrs.Converter(detailed_validation=True, forbid_extra_keys=False)

    def renames(cls: type[Any]) -> dict[str, Any]:
        return {a.name: override(rename=_camel(a.name)) for a in attrs.fields(cls)}

    def structure_factory(cls: type[Any]) -> Any:
        return make_dict_structure_fn(cls, converter, **renames(cls))

    def unstructure_factory(cls: type[Any]) -> Any:
        return make_dict_unstructure_fn(cls, converter, **renames(cls))

    converter.register_structure_hook(datetime, _structure_datetime)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook_factory(attrs.has, structure_factory)
    converter.register_unstructure_hook(datetime, _unstructure_datetime)
    converter.register_unstructure_hook_factory(attrs.has, unstructure_factory)
    return converter


class ShapeError(Exception):
    """An answer did not have the expected shape; the message names the offending fields."""


def structure(data: object, cls: type[_T]) -> _T:
    """Decode a JSON value into ``cls``.

    Raises:
        ShapeError: ``data`` does not fit ``cls``; the message lists each field at fault.
    """
    if not isinstance(data, dict):
        raise ShapeError(f"expected a JSON object, got {type(data).__name__}")
    converter = _converter()
    try:
        return converter.structure(data, cls)
    except Exception as exc:
        import cattrs

        if not isinstance(exc, cattrs.BaseValidationError):
            raise
        # transform_error speaks of attribute names; the user sees the wire's names.
        messages = [
            _PATH_PART.sub(lambda m: "." + _camel(m.group(1)), message)
            for message in cattrs.transform_error(exc)
        ]
        raise ShapeError("; ".join(messages)) from exc


def unstructure(value: object) -> Any:
    """The JSON form of a model, with the API's camelCase names (e.g. for the CLI's output)."""
    return _converter().unstructure(value)
