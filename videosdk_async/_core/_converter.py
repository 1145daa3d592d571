"""The one cattrs converter: camelCase on the wire, snake_case in Python.

- Unknown fields in answers are ignored, so an SDK released today keeps working when the API
  adds fields tomorrow; the decoded JSON stays reachable as the model's ``raw``.
- A field's wire name is the camelCase of its name, or ``metadata={"wire": "..."}``.
- A model may define ``_from_wire(data) -> data`` (a staticmethod) to normalise the API's
  shape drift (``user{...}`` vs ``userId``, v1 names) before decoding; that is the one place
  each family's quirks live, with the drift its fields declare (``metadata={"or": path}``,
  ``{"fast": "required"}``: see `_fastdecode`), which the fast path puts right inline.
- `to_dict` is the other direction for users: snake_case keys, ISO-8601 datetimes, no ``raw``,
  ready for ``json.dumps`` or a FastAPI response.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar, get_origin

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from . import _json
from ._errors import UnexpectedResponseError, mark_unknown_outcome
from ._fastdecode import alternatives, compile_decoder, put_alternatives
from ._json import rebuild

if TYPE_CHECKING:
    import httpx

_T = TypeVar("_T")

_PATH_PART = re.compile(r"\.([a-z0-9]+(?:_[a-z0-9]+)+)")
RAW = "raw"


def camel(name: str) -> str:
    """``user_meeting_id`` -> ``userMeetingId``."""
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def wire_name(field: attrs.Attribute[Any]) -> str:
    """The JSON key of a model field."""
    return str(field.metadata.get("wire", camel(field.name)))


def _structure_datetime(value: object, _: type[datetime]) -> datetime:
    if not isinstance(value, str):
        raise TypeError(f"expected an ISO-8601 string, got {type(value).__name__}")
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        # [INF] Every documented timestamp ends in "Z" (or "+00:00"); a naive one is UTC.
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def _iso(value: datetime) -> str:
    """The API's own form: ``2022-01-05T06:41:16.018Z``."""
    return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _structure_str(value: object, _: type[str]) -> str:
    # cattrs would turn 123 into "123"; an id of the wrong type is a shape error.
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _structure_any_dict(value: object, _: type[Any]) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise TypeError(f"expected a JSON object, got {type(value).__name__}")
    return dict(value)


def _free_form(cls: Any) -> bool:
    """A dict or list field (or value) of free-form JSON: ``links``, ``stats``, ``raw``..."""
    return cls in (dict, list) or get_origin(cls) in (dict, list)


def _free_form_hook(converter: cattrs.Converter) -> Callable[[Any], Any]:
    """Unstructure free-form JSON without recursion (any depth); other values in it (a model,
    a datetime) go through ``converter``."""

    def leaf(value: Any) -> Any:
        if value is None or isinstance(value, str | int | float):
            return value
        return converter.unstructure(value)

    return lambda value: rebuild(value, leaf)


def _has_raw(cls: type[Any]) -> bool:
    return any(a.name == RAW for a in attrs.fields(cls))


def _optional_str(value: object, _: object) -> str | None:
    """``str | None`` without cattrs' generic union dispatch (the hot path of list decoding)."""
    if value is None or value.__class__ is str:
        return value
    return _structure_str(value, str)


def _optional_datetime(value: object, _: object) -> datetime | None:
    """``datetime | None`` without cattrs' generic union dispatch."""
    return None if value is None else _structure_datetime(value, datetime)


@functools.cache
def _wire(detailed: bool = False) -> cattrs.Converter:
    """Decodes answers into models (and encodes models in the wire's names).

    Two of it: the fast one (``detailed=False``) decodes; only when it fails does the
    detailed one decode again, to say which fields are at fault (`structure`).
    """
    converter = cattrs.Converter(detailed_validation=detailed, forbid_extra_keys=False)

    def structure_factory(cls: type[Any]) -> Any:
        fields = attrs.fields(cls)
        overrides = {
            a.name: override(omit=True) if a.name == RAW else override(rename=wire_name(a))
            for a in fields
        }
        decode = make_dict_structure_fn(cls, converter, **overrides)  # type: ignore[arg-type]
        normalise = getattr(cls, "_from_wire", None)
        found = alternatives(cls, wire_name)  # the fields' "or" paths
        keeps_raw = _has_raw(cls)

        def hook(data: Any, _: type[Any]) -> Any:
            if data.__class__ is not dict and not isinstance(data, Mapping):
                raise TypeError(f"expected a JSON object, got {type(data).__name__}")
            # `raw` is the answer's own dict, not a copy; a normaliser gets a copy to edit.
            wire = data
            if found or normalise:
                wire = put_alternatives(dict(data), found)
                wire = normalise(wire) if normalise else wire
            obj = decode(wire, cls)
            if keeps_raw:
                object.__setattr__(obj, RAW, data if data.__class__ is dict else dict(data))
            return obj

        if detailed:
            return hook
        # A model inside another (a session's participants, their timelogs) takes the
        # generated fast path too, with this hook, not `structure`, as its fallback.
        try:  # the generated decoder takes (and ignores) cattrs' type argument itself
            return compile_decoder(
                cls,
                wire_name=wire_name,
                raw=RAW,
                hook_for=converter.get_structure_hook,
                fallback=lambda data: hook(data, cls),
            )
        except (TypeError, cattrs.errors.StructureHandlerNotFoundError):
            return hook

    def unstructure_factory(cls: type[Any]) -> Any:
        overrides = {
            a.name: override(omit=True) if a.name == RAW else override(rename=wire_name(a))
            for a in attrs.fields(cls)
        }
        return make_dict_unstructure_fn(cls, converter, **overrides)  # type: ignore[arg-type]

    converter.register_structure_hook(datetime, _structure_datetime)
    converter.register_structure_hook(str, _structure_str)
    converter.register_structure_hook_func(lambda t: t == str | None, _optional_str)
    converter.register_structure_hook_func(lambda t: t == datetime | None, _optional_datetime)
    converter.register_structure_hook_func(lambda t: t == dict[str, Any], _structure_any_dict)
    converter.register_structure_hook_factory(attrs.has, structure_factory)
    converter.register_unstructure_hook(datetime, _iso)
    converter.register_unstructure_hook_factory(attrs.has, unstructure_factory)
    converter.register_unstructure_hook_func(_free_form, _free_form_hook(converter))
    return converter


@functools.cache
def _python() -> cattrs.Converter:
    """Turns models into JSON-ready data with their Python (snake_case) names."""
    converter = cattrs.Converter()

    def unstructure_factory(cls: type[Any]) -> Any:
        overrides = {a.name: override(omit=True) for a in attrs.fields(cls) if a.name == RAW}
        return make_dict_unstructure_fn(cls, converter, **overrides)  # type: ignore[arg-type]

    converter.register_unstructure_hook(datetime, lambda value: value.isoformat())
    converter.register_unstructure_hook_factory(attrs.has, unstructure_factory)
    converter.register_unstructure_hook_func(_free_form, _free_form_hook(converter))
    return converter


class ShapeError(Exception):
    """An answer did not have the expected shape; the message names the offending fields."""


#: What decoding an answer raises when the answer is at fault (its shape, or its JSON): what
#: becomes the call's `UnexpectedResponseError`, whether decoded at once or item by item later.
DECODE_ERRORS: Final = (ShapeError, ValueError)


def structure(data: object, cls: type[_T]) -> _T:
    """Decode a JSON value into ``cls``.

    Raises:
        ShapeError: ``data`` does not fit ``cls``; the message lists each field at fault.
    """
    if attrs.has(cls) and not isinstance(data, Mapping):
        raise ShapeError(f"expected a JSON object, got {type(data).__name__}")
    try:
        return _wire().structure(data, cls)
    except Exception:  # noqa: S110 (the detailed decoder says what went wrong, below)
        pass
    try:
        return _wire(detailed=True).structure(data, cls)
    except cattrs.BaseValidationError as exc:
        # transform_error speaks of attribute names; the user sees the wire's names.
        messages = [
            _PATH_PART.sub(lambda m: "." + camel(m.group(1)), message)
            for message in cattrs.transform_error(exc)
        ]
        raise ShapeError("; ".join(messages)) from exc


def unstructure(value: object) -> Any:
    """The wire (camelCase) form of a model, e.g. for the CLI's JSON lines."""
    return _wire().unstructure(value)


def to_dict(value: object) -> Any:
    """The Python (snake_case) JSON-ready form of a model: see `Model.to_dict`."""
    return _python().unstructure(value)


def json_value(data: Any) -> Any:
    """The decoded JSON as is (`sdk.request`)."""
    return data


def text_body(text: str) -> str:
    """The decoder of a text answer (a CSV export): the request pipeline hands it the body
    as text instead of parsing JSON."""
    return text


#: How a `Deferred` decoder reports the answer of unexpected shape, later: ``fail(exc)`` is
#: the `UnexpectedResponseError` (with the answer's status and attempts) to raise from exc.
Fail = Callable[[Exception], UnexpectedResponseError]


@attrs.frozen
class Deferred(Generic[_T]):
    """A decoder that leaves part of its work until after the call (a page whose items are
    decoded as iteration reaches them): `decode_answer` calls ``read(body, fail)``, and that
    later work raises ``fail(exc)`` for an answer it finds of unexpected shape, the same error
    the call would have raised."""

    read: Callable[[Any, Fail], _T]

    def __call__(self, data: Any) -> _T:
        """Decode without an answer to blame: a later failure raises its own exception."""
        return self.read(data, _reraise)


def _reraise(exc: Exception) -> UnexpectedResponseError:
    raise exc


_DECODERS: dict[type[Any], Callable[[Any], Any]] = {}


def fast_decoder(
    cls: type[Any], fallback: Callable[[Any], Any] | None = None
) -> Callable[[Any], Any]:
    """The generated fast path of a model (`_fastdecode`; ``fallback`` decodes what it does not
    take), or else ``fallback`` or the converter's decoding (a model with a field no hook
    serves, such as the webhook event's union, or not a model).
    """
    converter = _wire()
    if attrs.has(cls):
        try:
            return compile_decoder(
                cls,
                wire_name=wire_name,
                raw=RAW,
                hook_for=converter.get_structure_hook,
                fallback=fallback,
            )
        except (TypeError, cattrs.errors.StructureHandlerNotFoundError):
            pass
    return fallback or (lambda data: converter.structure(data, cls))


def into(cls: type[_T]) -> Callable[[Any], _T]:
    """The decoder into a model class (made once per class): the generated fast path, and
    `structure` (cattrs, then the detailed errors) whenever an answer does not fit it."""
    decoder = _DECODERS.get(cls)
    if decoder is None:
        decoder = _DECODERS[cls] = fast_decoder(cls, lambda data: structure(data, cls))
    return decoder


def bare_string(data: Any) -> str:
    """A confirmation answer: the API's bare JSON string (or the ``message`` of an object);
    ``""`` for an empty success (a 204, or no body)."""
    if data is None:
        return ""
    if isinstance(data, str):
        return data
    if isinstance(data, Mapping) and isinstance(data.get("message"), str):
        return str(data["message"])
    raise ShapeError(f"expected a string, got {type(data).__name__}")


def decode_answer(
    response: httpx.Response, decode: Callable[[Any], _T], *, attempts: int, created: bool
) -> _T:
    """A successful answer decoded by ``decode`` (JSON, or text for `text_body`; a `Deferred`
    gets the JSON and its way to fail later).

    Args:
        response: The 2xx answer, its body read.
        decode: The call's decoder; it gets None for a 204 or an empty body.
        attempts: The attempts the call made (for the error).
        created: Whether the request may have made something (a create): an answer that
            does not decode then leaves the outcome unknown.

    Raises:
        UnexpectedResponseError: The body is not JSON, or not of the shape ``decode`` takes.
    """
    content = response.content
    empty = response.status_code == 204 or not content or content.isspace()
    try:
        if decode is text_body:  # a text answer (a CSV export), not JSON
            return decode(response.text)
        if decode.__class__ is Deferred:
            fail = functools.partial(_unexpected, response, attempts, created, empty)
            return decode.read(None if empty else _json.loads(content), fail)  # type: ignore[no-any-return]
        return decode(None if empty else _json.loads(content))
    except DECODE_ERRORS as exc:  # not of the shape, or not JSON
        failure: Exception = exc
    raise _unexpected(response, attempts, created, empty, failure)


def _unexpected(
    response: httpx.Response, attempts: int, created: bool, empty: bool, exc: Exception
) -> UnexpectedResponseError:
    """The error for a 2xx answer that did not decode (``exc``: the `ShapeError`, or the
    parser's `ValueError`)."""
    if isinstance(exc, ShapeError):
        problem = "no body" if empty else f"a body of unexpected shape ({exc})"
    else:
        problem = "a body that is not JSON (or nested too deeply)"
    where = f"{response.request.method} {response.request.url.path}"  # only on failure
    error = UnexpectedResponseError(
        f"the API answered {where} with status {response.status_code} and {problem}",
        status_code=response.status_code,
        attempts=attempts,
    )
    if created and not empty:
        # The server said yes: whatever it made exists, though we cannot read it. (An
        # empty success is a plain yes: nothing more could be known by asking again.)
        mark_unknown_outcome(error)
    return error
