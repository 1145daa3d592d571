"""`_json`: orjson's speed with the standard library's answers and errors."""

from __future__ import annotations

import enum
import json
import math
from datetime import UTC, datetime

import pytest

from videosdk_async._core import _json


class Colour(enum.StrEnum):
    RED = "red"


def test_loads_parses_an_object() -> None:
    """An ordinary answer parses to dicts, lists and scalars."""
    assert _json.loads(b'{"a": [1, 2.5, "x", true, null]}') == {"a": [1, 2.5, "x", True, None]}


def test_loads_accepts_nan_as_json_loads_does() -> None:
    """``NaN``, which orjson refuses, parses as json.loads parses it."""
    assert math.isnan(_json.loads(b'{"x": NaN}')["x"])


def test_loads_accepts_utf16_bytes_as_json_loads_does() -> None:
    """A UTF-16 body (json.loads detects the encoding) still parses."""
    assert _json.loads('{"a": "é"}'.encode("utf-16")) == {"a": "é"}


def test_loads_keeps_a_lone_surrogate_as_json_loads_does() -> None:
    """An escaped lone surrogate, which orjson refuses, parses as json.loads parses it."""
    assert _json.loads(b'"\\ud800"') == "\ud800"


def test_loads_refuses_what_is_not_json_with_value_error() -> None:
    """A body that is not JSON is a ValueError (json.loads' own)."""
    with pytest.raises(ValueError):
        _json.loads(b"{not json")


def test_dumps_is_compact_utf8() -> None:
    """A request body is compact JSON in UTF-8, non-ASCII text unescaped."""
    assert _json.dumps({"name": "é", "n": [1, True]}) == '{"name":"é","n":[1,true]}'.encode()


def test_dumps_encodes_a_big_integer_as_json_dumps_does() -> None:
    """An integer beyond 64 bits, which orjson refuses, is written exactly."""
    assert _json.dumps({"n": 2**70}) == b'{"n": 1180591620717411303424}'


def test_dumps_encodes_a_str_subclass_by_its_value() -> None:
    """A StrEnum member is written as its value, as json.dumps writes it."""
    assert json.loads(_json.dumps({"colour": Colour.RED})) == {"colour": "red"}


def test_dumps_refuses_a_datetime_as_json_dumps_does() -> None:
    """A datetime (which orjson would write) is a TypeError, as before."""
    with pytest.raises(TypeError):
        _json.dumps({"at": datetime(2022, 1, 5, tzinfo=UTC)})


def test_dumps_refuses_a_circular_value_with_value_error() -> None:
    """A list that holds itself is a ValueError, not a RecursionError."""
    loop: list[object] = []
    loop.append(loop)
    with pytest.raises(ValueError):
        _json.dumps(loop)


def test_dumps_writes_nan_as_null() -> None:
    """NaN becomes null: valid JSON, where json.dumps would write ``NaN``."""
    assert _json.dumps({"x": math.nan}) == b'{"x":null}'


def test_dumps_sorted_keeps_json_dumps_form() -> None:
    """``sort_keys=True`` (the CLI's printing) keeps json.dumps' sorted, spaced form."""
    assert _json.dumps({"b": 1, "a": 2}, sort_keys=True) == b'{"a": 2, "b": 1}'
