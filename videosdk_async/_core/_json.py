"""JSON by orjson, with the standard library's rules, and safe from hostile nesting.

- `loads` parses with orjson (a fraction of ``json.loads``' CPU: see the benchmarks' list
  scenario). What orjson refuses and ``json.loads`` accepts (``NaN``, ``1e400``, a lone
  surrogate, UTF-16 bytes) is parsed by ``json.loads``, so every answer parses as before but
  for one rule: an integer beyond 64 bits becomes a float (orjson's), as it already is in the
  API's own JavaScript server [INF]. ``json.loads`` recurses once per level and counts the
  caller's frames too, so a body a few hundred levels deep fails inside a deep call stack: it
  is then parsed again on a fresh thread's stack, where only its own depth counts; deeper
  than that is a ``ValueError``, never ``RecursionError``.
- `dumps` encodes a request body with orjson (compact UTF-8). What orjson would encode
  otherwise than ``json.dumps`` or not at all (an integer beyond 64 bits, a non-string key,
  a subclass of ``str``/``int``/``dict``/``list``, a datetime, a dataclass, a circular or
  very deep value) goes to ``json.dumps``, whose errors are kept; deep data is encoded on a
  fresh stack, and data too deep for the encoder is a ``ValueError`` (nothing is sent). NaN
  and the infinities, which ``json.dumps`` writes as the non-JSON ``NaN``/``Infinity``,
  become ``null``.
- `rebuild` copies decoded JSON (dicts, lists, tuples) without recursion, mapping each leaf.
- `too_deep` says, without recursion, whether a value nests deeper than a bound.
"""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Callable, Mapping
from typing import Any

import orjson

_CONTAINERS = (Mapping, list, tuple)
#: orjson refuses what json.dumps would encode otherwise or refuse (subclasses of str, int,
#: dict and list, datetimes, dataclasses); json.dumps then decides.
_EXACT = (
    orjson.OPT_PASSTHROUGH_SUBCLASS
    | orjson.OPT_PASSTHROUGH_DATETIME
    | (orjson.OPT_PASSTHROUGH_DATACLASS)
)


def loads(content: bytes | str) -> Any:
    """``json.loads``; hostile nesting is a ``ValueError`` (never ``RecursionError``)."""
    try:
        return orjson.loads(content)
    except orjson.JSONDecodeError:
        pass  # json.loads accepts more: its answer, or its error
    try:
        return json.loads(content)
    except RecursionError:
        pass
    return _loads_on_fresh_stack(content)


def _loads_on_fresh_stack(content: bytes | str) -> Any:
    return _on_fresh_stack(json.loads, content, "not JSON")


def dumps(value: Any, *, sort_keys: bool = False) -> bytes:
    """``json.dumps(value).encode()``; data nested too deeply to encode is a ``ValueError``.

    Raises:
        TypeError: A value JSON cannot hold.
        ValueError: Nested too deeply, or a circular reference.
    """
    if not sort_keys:
        try:
            return orjson.dumps(value, option=_EXACT)
        except TypeError:
            pass  # json.dumps' rules decide (orjson.JSONEncodeError is a TypeError)
    encode = functools.partial(json.dumps, sort_keys=sort_keys)
    try:
        return encode(value).encode()
    except RecursionError:
        pass
    text = _on_fresh_stack(encode, value, "not JSON-serialisable")
    return str(text).encode()


def _on_fresh_stack(work: Callable[[Any], Any], value: Any, problem: str) -> Any:
    """``work(value)`` on a new thread (a stack of its own); its RecursionError becomes a
    ``ValueError``, as do its ``ValueError`` and ``TypeError`` (saying ``problem``)."""
    result: list[Any] = []
    failure: list[BaseException] = []

    def run() -> None:
        try:
            result.append(work(value))
        except (RecursionError, ValueError, TypeError) as exc:
            failure.append(exc)

    worker = threading.Thread(target=run, name="videosdk-json", daemon=True)
    worker.start()
    worker.join()
    if failure or not result:
        if failure and not isinstance(failure[0], RecursionError):
            raise (TypeError if isinstance(failure[0], TypeError) else ValueError)(
                problem
            ) from None
        raise ValueError("JSON nested too deeply") from None
    return result[0]


def _empty(value: Any) -> dict[Any, Any] | list[Any]:
    return {} if isinstance(value, Mapping) else []


def rebuild(value: Any, leaf: Callable[[Any], Any]) -> Any:
    """A copy of ``value`` (mappings -> dicts, lists and tuples -> lists) with every other
    value passed through ``leaf``; iterative, so any depth is fine. A container met twice is
    copied once (so a cycle ends, as a cycle in the copy)."""
    if not isinstance(value, _CONTAINERS):
        return leaf(value)
    root = _empty(value)
    copies: dict[int, Any] = {id(value): root}
    stack: list[tuple[Any, Any]] = [(value, root)]
    while stack:
        source, target = stack.pop()
        pairs = source.items() if isinstance(source, Mapping) else enumerate(source)
        for key, item in pairs:
            if isinstance(item, _CONTAINERS):
                copy = copies.get(id(item))
                if copy is None:
                    copy = copies[id(item)] = _empty(item)
                    stack.append((item, copy))
                item = copy
            else:
                item = leaf(item)
            if isinstance(target, dict):
                target[key] = item
            else:
                target.append(item)
    return root


def too_deep(value: Any, limit: int) -> bool:
    """Whether ``value`` nests containers more than ``limit`` levels deep (iterative)."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        current, depth = stack.pop()
        if not isinstance(current, _CONTAINERS):
            continue
        if depth >= limit:
            return True
        items = current.values() if isinstance(current, Mapping) else current
        stack.extend((item, depth + 1) for item in items if isinstance(item, _CONTAINERS))
    return False
