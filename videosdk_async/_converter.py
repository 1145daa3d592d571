"""The one cattrs converter: camelCase on the wire, snake_case in Python.

Unknown fields in answers are ignored (cattrs' default), so that an SDK released today keeps
working when the API adds fields tomorrow.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

_T = TypeVar("_T")

_converter = cattrs.Converter(detailed_validation=True, forbid_extra_keys=False)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _structure_attrs_factory(cls: type[Any]) -> Any:
    overrides: dict[str, Any] = {a.name: override(rename=_camel(a.name)) for a in attrs.fields(cls)}
    return make_dict_structure_fn(cls, _converter, **overrides)


def _structure_datetime(value: object, _: type[datetime]) -> datetime:
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO-8601 string, got {type(value).__name__}")
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        # [INF] Every documented timestamp ends in "Z"; a naive one is taken to be UTC, as
        # the API's are.
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _structure_str(value: object, _: type[str]) -> str:
    # cattrs would turn 123 into "123"; an id of the wrong type is a shape error.
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _unstructure_attrs_factory(cls: type[Any]) -> Any:
    overrides: dict[str, Any] = {a.name: override(rename=_camel(a.name)) for a in attrs.fields(cls)}
    return make_dict_unstructure_fn(cls, _converter, **overrides)


def _unstructure_datetime(value: datetime) -> str:
    """The API's own form: ``2022-01-05T06:41:16.018Z``."""
    text = value.astimezone(UTC).isoformat(timespec="milliseconds")
    return text.replace("+00:00", "Z")


_converter.register_unstructure_hook(datetime, _unstructure_datetime)
_converter.register_unstructure_hook_factory(attrs.has, _unstructure_attrs_factory)
_converter.register_structure_hook(datetime, _structure_datetime)
_converter.register_structure_hook(str, _structure_str)
_converter.register_structure_hook_factory(attrs.has, _structure_attrs_factory)


_PATH_PART = re.compile(r"\.([a-z0-9]+(?:_[a-z0-9]+)+)")


class ShapeError(Exception):
    """An answer did not have the expected shape; the message names the offending fields."""


def structure(data: object, cls: type[_T]) -> _T:
    """Decode a JSON value into ``cls``.

    Raises:
        ShapeError: ``data`` does not fit ``cls``; the message lists each field at fault.
    """
    if not isinstance(data, dict):
        raise ShapeError(f"expected a JSON object, got {type(data).__name__}")
    try:
        return _converter.structure(data, cls)
    except cattrs.BaseValidationError as exc:
        # transform_error speaks of attribute names; the user sees the wire's names.
        messages = [
            _PATH_PART.sub(lambda m: "." + _camel(m.group(1)), message)
            for message in cattrs.transform_error(exc)
        ]
        raise ShapeError("; ".join(messages)) from exc


def unstructure(value: object) -> Any:
    """The JSON form of a model, with the API's camelCase names (e.g. for the CLI's output)."""
    return _converter.unstructure(value)
