"""A generated decoder per model, for the answers that fit it: the hot path of every call.

cattrs' own generated function calls a hook per field (and a union dispatcher per optional
field). For the field types the models use most (``str``, ``bool``, ``int``, ``float``,
``datetime``, ``dict[str, Any]``, ``tuple[str, ...]``, ``Any``, each optional or not) this
module writes one Python function per model that reads each field by its wire name and
checks its type inline; any other field type goes through the converter's own hook for it.
Whenever a value is not exactly what the fast path expects (a missing required field, a
``"true"`` for a ``bool``, an ``int`` where a ``str`` belongs) it raises `Fallback`, and the
caller decodes with cattrs instead, so the result (or the error) is always cattrs' own; a
test holds the two paths equal over generated inputs.

A model declares its answers' usual drift on its fields, so that the fast path takes every
usual shape without calling (or copying for) the model's ``_from_wire``:

- ``metadata={"or": ("user", "id")}``: when the field's key is absent or null, its value is
  the one at this path of keys, if every step is there (`put_alternatives`, on both paths);
- ``metadata={"fast": "required"}``: an answer without a value for it (absent or null) is of
  another shape: the fast path hands it over, and ``_from_wire`` puts it right;
- ``_from_wire_on_fallback_only = True`` (on the class): ``_from_wire`` changes only answers
  the fast path hands over, so the fast path does not call it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Final, Union, get_args, get_origin

import attrs

#: Field types checked inline: the expression that is true when ``v`` already fits, and the
#: expression that makes the field's value of it.
_INLINE: Final[dict[Any, tuple[str, str]]] = {
    str: ("v.__class__ is str", "v"),
    bool: ("v.__class__ is bool", "v"),
    int: ("v.__class__ is int", "v"),
    float: ("v.__class__ is float or v.__class__ is int", "float(v)"),
    dict[str, Any]: ("v.__class__ is dict", "v"),
    tuple[str, ...]: ("v.__class__ is list and _all_str(v)", "tuple(v)"),
    Any: ("True", "v"),
}
_counter = itertools.count()
#: An absent key, for `put_alternatives` and `follow`.
_ABSENT: Final = object()


class Fallback(Exception):
    """The answer does not fit the fast path: decode it with cattrs."""


def _all_str(values: list[Any]) -> bool:
    return all(value.__class__ is str for value in values)


def _optional_of(kind: Any) -> Any:
    """``X`` for ``X | None`` (``Optional[X]``), else None."""
    if get_origin(kind) in (Union, type(int | None)):
        args = [a for a in get_args(kind) if a is not type(None)]
        if len(args) == 1 and len(get_args(kind)) == 2:
            return args[0]
    return None


def compile_decoder(
    cls: type[Any],
    *,
    wire_name: Callable[[attrs.Attribute[Any]], str],
    raw: str,
    hook_for: Callable[[Any], Callable[[Any, Any], Any]],
    fallback: Callable[[Any], Any] | None = None,
) -> Callable[[Any], Any]:
    """The fast decoder of the attrs class ``cls`` (raises `Fallback` when it does not fit,
    or, given ``fallback``, returns ``fallback(data)`` instead, in the same frame). It takes an
    optional second argument it ignores, so that it serves as a cattrs structure hook as is.

    A model's ``_from_wire(data)`` (its answer's drift put right) must not change ``data``:
    it returns it, or a changed copy; the answer itself becomes ``raw``, uncopied.

    Args:
        cls: The model.
        wire_name: A field's JSON key.
        raw: The name of the field that keeps the answer itself (set to it, not decoded).
        hook_for: The converter's structure hook of a type (fields of other types; a
            datetime is parsed inline as the converter's hook parses it: ISO 8601, naive
            read as UTC).
        fallback: What decodes an answer the fast path does not take (any exception in it).
    """
    names: dict[str, Any] = {
        "_cls": cls,
        "_Fallback": Fallback,
        "_M": object(),
        "_iso": datetime.fromisoformat,
        "_utc": UTC,
        "_all_str": _all_str,
        "_normalise": None if _skips_from_wire(cls) else getattr(cls, "_from_wire", None),
        "_dict": dict,
    }
    body = [
        "def decode(d, _type=None):",  # also a cattrs hook: (data, type), type unused
        "    if d.__class__ is not dict:",
        "        raise _Fallback",
        "    s = _normalise(d) if _normalise is not None else d",
        "    if s.__class__ is not dict:",
        "        raise _Fallback",
        "    g = s.get",
        "    t = _M",  # the last datetime field's text, and its value (equal texts share it)
    ]
    arguments: list[tuple[str, str, str]] = []  # (init name, attribute, value)
    for index, field in enumerate(attrs.fields(cls)):
        if not field.init:
            raise TypeError(f"{field.name}: a field outside __init__ is not supported")
        value = "d" if field.name == raw else f"f{index}"
        if field.name != raw:
            body += _field_lines(field, index, wire_name(field), names, hook_for)
        arguments.append((field.alias or field.name, field.name, value))
    plain = _plain(cls)
    twin = _twin(cls) if plain else None
    if twin is not None:
        # No validator, converter or post-init to run: fill a mutable twin's slots with plain
        # attribute stores, then make it a `cls` (a fifth of storing each slot through its
        # descriptor, and a fraction of attrs' keyword __init__).
        names["_new"], names["_twin"] = object.__new__, twin
        body.append("    o = _new(_twin)")
        body += [f"    o.{name} = {value}" for _, name, value in arguments]
        body += ["    o.__class__ = _cls", "    return o"]
    elif plain:
        # No twin (no slots of its own): fill the instance through `object.__setattr__`.
        names["_new"], names["_set"] = object.__new__, object.__setattr__
        body.append("    o = _new(_cls)")
        body += [f"    _set(o, {name!r}, {value})" for _, name, value in arguments]
        body.append("    return o")
    else:
        body.append(f"    return _cls({', '.join(f'{a}={v}' for a, _, v in arguments)})")
    if fallback is not None:
        names["_fallback"] = fallback
        body = [body[0], "    try:", *("    " + line for line in body[1:])]
        body += ["    except Exception:", "        return _fallback(d)"]
    namespace: dict[str, Any] = dict(names)
    source = "\n".join(body)
    filename = f"<videosdk_async fast decoder {cls.__name__} {next(_counter)}>"
    exec(compile(source, filename, "exec"), namespace)  # noqa: S102 (code made here, from types)
    decoder: Callable[[Any], Any] = namespace["decode"]
    return decoder


def _skips_from_wire(cls: type[Any]) -> bool:
    return vars(cls).get("_from_wire_on_fallback_only") is True


def alternatives(
    cls: type[Any], wire_name: Callable[[attrs.Attribute[Any]], str]
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``(wire key, path)`` of each field of ``cls`` with an ``"or"`` path."""
    return tuple(
        (wire_name(field), tuple(field.metadata["or"]))
        for field in attrs.fields(cls)
        if field.metadata.get("or")
    )


def follow(data: Any, path: tuple[str, ...]) -> Any:
    """The value at ``path`` (keys of nested JSON objects) in ``data``; `_ABSENT` if a step is
    not there."""
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return _ABSENT
        data = data[key]
    return data


def put_alternatives(
    data: dict[str, Any], found: tuple[tuple[str, tuple[str, ...]], ...]
) -> dict[str, Any]:
    """``data`` with each absent or null key of ``found`` set from its path, when there (the
    cattrs path's half of the ``"or"`` metadata; edits ``data``, a copy of the answer)."""
    for key, path in found:
        if data.get(key) is None:
            value = follow(data, path)
            if value is not _ABSENT:
                data[key] = value
    return data


def _twin(cls: type[Any]) -> type[Any] | None:
    """A mutable class of exactly ``cls``'s layout (same base, same slots) whose instances may
    become a ``cls`` by ``__class__`` assignment; None when ``cls`` has no slots of its own or
    Python refuses the swap."""
    slots = vars(cls).get("__slots__")
    if not isinstance(slots, tuple) or "__dict__" in slots:
        return None
    namespace = {
        "__slots__": slots,
        "__setattr__": object.__setattr__,  # both, so that attribute stores are Python's own
        "__delattr__": object.__delattr__,
        "__module__": __name__,
        "__qualname__": f"{cls.__qualname__}Twin",
    }
    twin = type(f"{cls.__name__}Twin", cls.__bases__, namespace)
    probe: Any = object.__new__(twin)
    try:
        probe.__class__ = cls
    except TypeError:  # "object layout differs"
        return None
    return twin


def _plain(cls: type[Any]) -> bool:
    """Whether ``cls.__init__`` only stores its arguments (nothing to validate or convert)."""
    return not hasattr(cls, "__attrs_post_init__") and not any(
        field.validator is not None or field.converter is not None for field in attrs.fields(cls)
    )


def _field_lines(
    field: attrs.Attribute[Any],
    index: int,
    key: str,
    names: dict[str, Any],
    hook_for: Callable[[Any], Callable[[Any, Any], Any]],
) -> list[str]:
    """The lines that set ``f<index>`` from ``s[key]`` (or the default)."""
    kind = field.type
    inner = _optional_of(kind)
    optional = inner is not None
    if (inner if optional else kind) is datetime:
        return _datetime_lines(field, index, key, names, optional)
    check, make = _INLINE.get(inner if optional else kind, ("", ""))
    if not check:  # another type: the converter's own hook, on the exact declared type
        names[f"_h{index}"], names[f"_t{index}"] = hook_for(kind), kind
        check, make = "True", f"_h{index}(v, _t{index})"
        optional = False  # the hook itself handles None where the type allows it
    target = f"f{index}"
    lines = [*_read_lines(field, key), *_missing_lines(field, index, names, optional)]
    lines += [
        f"    elif {check}:",
        f"        {target} = {make}",
        "    else:",
        "        raise _Fallback",
    ]
    return lines


def _read_lines(field: attrs.Attribute[Any], key: str) -> list[str]:
    """``v = s[key]`` (``_M``: absent), then the field's ``"or"`` path and ``"fast"``
    requirement when that is absent or null (`follow`, inline)."""
    lines = [f"    v = g({key!r}, _M)"]
    path = field.metadata.get("or")
    if path:
        first, *rest = path
        lines += ["    if v is _M or v is None:", f"        a = g({first!r}, _M)"]
        for step in rest:  # each step a JSON object holding the next key (`_M` is not one)
            lines += [
                "        if isinstance(a, _dict):",
                f"            a = a.get({step!r}, _M)",
                "        else:",
                "            a = _M",
            ]
        lines += ["        if a is not _M:", "            v = a"]
    if field.metadata.get("fast") == "required":
        lines += ["    if v is _M or v is None:", "        raise _Fallback"]
    return lines


def _missing_lines(
    field: attrs.Attribute[Any], index: int, names: dict[str, Any], optional: bool
) -> list[str]:
    """``if v is _M:`` (the key is absent) setting the default, then ``elif v is None``
    setting None when the field is optional."""
    default: Any = field.default
    if default is attrs.NOTHING:
        missing = "raise _Fallback"
    elif isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        if default.takes_self:
            raise TypeError(f"{field.name}: a default that takes self is not supported")
        names[f"_f{index}"] = default.factory
        missing = f"f{index} = _f{index}()"
    else:
        names[f"_d{index}"] = default
        missing = f"f{index} = _d{index}"
    lines = ["    if v is _M:", f"        {missing}"]
    if optional:
        lines += ["    elif v is None:", f"        f{index} = None"]
    return lines


def _datetime_lines(
    field: attrs.Attribute[Any], index: int, key: str, names: dict[str, Any], optional: bool
) -> list[str]:
    """A datetime field parsed inline (as the converter's hook parses it); a text equal to
    the previous datetime field's (``createdAt == updatedAt``) shares its value."""
    return [
        *_read_lines(field, key),
        *_missing_lines(field, index, names, optional),
        "    elif v.__class__ is str:",
        "        if v == t:",
        f"            f{index} = w",
        "        else:",
        f"            f{index} = w = _iso(v)",
        "            t = v",
        "            if w.tzinfo is None:",
        f"                f{index} = w = w.replace(tzinfo=_utc)",
        "    else:",
        "        raise _Fallback",
    ]
