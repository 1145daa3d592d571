"""The generated fast decoders give exactly what cattrs gives, for every model and any input
(or hand it back to cattrs), and they are what decodes an answer that fits them."""

from __future__ import annotations

import copy
import importlib
import pkgutil
from datetime import datetime, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import videosdk_async.models as models
from videosdk_async._core._converter import _wire, fast_decoder, into, wire_name
from videosdk_async._core._fastdecode import Fallback, compile_decoder
from videosdk_async._core._pagination import Page
from videosdk_async.models.rooms import Room


def _models() -> list[type[Any]]:
    found: dict[str, type[Any]] = {}
    for info in pkgutil.iter_modules(models.__path__):
        module = importlib.import_module(f"videosdk_async.models.{info.name}")
        for value in vars(module).values():
            if isinstance(value, type) and attrs.has(value) and not value.__name__.startswith("_"):
                found[value.__qualname__] = value
    return [found[name] for name in sorted(found)]


MODELS = _models()

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(max_size=5),
    st.sampled_from(["2022-01-05T06:41:16.018Z", "2022-01-05T06:41:16", "yesterday", "", "udp"]),
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=6,
)


_ISO = st.sampled_from(["2022-01-05T06:41:16.018Z", "2024-02-29T23:59:59+05:30"])
#: Values of a field's own type (so that most answers fit the fast path).
_OF_TYPE: dict[str, st.SearchStrategy[Any]] = {
    "str": st.text(max_size=5),
    "bool": st.booleans(),
    "int": st.integers(-5, 5),
    "float": st.floats(allow_nan=False, allow_infinity=False, width=32) | st.integers(0, 3),
    "datetime": _ISO,
    "dict": st.dictionaries(st.text(max_size=4), _SCALARS, max_size=3),
    "tuple": st.lists(st.text(max_size=3), max_size=3),
}


def _of_type(field: attrs.Attribute[Any]) -> st.SearchStrategy[Any]:
    """A strategy for a value of the field's type, None when it is optional, or anything."""
    text = str(field.type)
    for name, strategy in _OF_TYPE.items():
        if text.startswith(
            (name, f"<class '{name}'", f"datetime.{name}", f"<class 'datetime.{name}'")
        ):
            if "None" in text:
                return strategy | st.none()
            return strategy
    return st.none() | _VALUES if "None" in text else _VALUES


@st.composite
def _answers(draw: st.DrawFn, cls: type[Any]) -> dict[str, Any]:
    """A JSON object with some of ``cls``'s wire keys (mostly of their own types, sometimes
    anything) and maybe a key the model does not know."""
    fields = [f for f in attrs.fields(cls) if f.name != "raw"]
    required = [f for f in fields if f.default is attrs.NOTHING]
    optional = [f for f in fields if f.default is not attrs.NOTHING]
    chosen = required + (draw(st.lists(st.sampled_from(optional), unique=True)) if optional else [])
    answer = {
        wire_name(f): draw(_VALUES if draw(st.integers(0, 4)) == 0 else _of_type(f)) for f in chosen
    }
    if draw(st.booleans()):
        answer["somethingNew"] = draw(_VALUES)
    return answer


def _decoded(decode: Any, data: Any) -> tuple[str, Any]:
    try:
        value = decode(data)
    except Fallback:
        return "fallback", None
    except Exception as exc:
        return "error", type(exc).__name__
    return "value", value


def _same(a: Any, b: Any) -> bool:
    """Equal, and of the same types field by field (1 == 1.0 == True is not enough)."""
    if not attrs.has(type(a)):
        return type(a) is type(b) and a == b
    return type(a) is type(b) and all(
        _same(getattr(a, f.name), getattr(b, f.name)) for f in attrs.fields(type(a))
    )


@pytest.mark.parametrize("cls", MODELS, ids=lambda c: c.__qualname__)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_the_fast_path_decodes_as_cattrs_does_or_hands_over(cls: type[Any], data: Any) -> None:
    """For any answer, the fast decoder's model equals cattrs' (with `raw`), or it falls back;
    into() (the fast path with cattrs as its fallback) gives what cattrs gives."""
    answer = data.draw(_answers(cls))
    before = copy.deepcopy(answer)
    fast_kind, fast = _decoded(fast_decoder(cls), answer)
    assert answer == before  # the fast path never changes the answer it keeps as raw
    slow_kind, slow = _decoded(lambda d: _wire().structure(d, cls), answer)

    if fast_kind == "value":
        assert slow_kind == "value", slow
        assert _same(fast, slow)
        if any(f.name == "raw" for f in attrs.fields(cls)):
            assert fast.raw == answer
    into_kind, decoded = _decoded(into(cls), answer)  # the fast path, falling back in-frame
    assert into_kind == slow_kind
    if into_kind == "value":
        assert _same(decoded, slow)


def test_a_fitting_answer_takes_the_fast_path() -> None:
    """A room as the API sends it is decoded without falling back."""
    answer = {
        "id": "61d53d8c964704379e7d927a",
        "roomId": "abcd-efgh-ijkl",
        "customRoomId": "team-a",
        "disabled": False,
        "createdAt": "2022-01-05T06:41:16.018Z",
        "links": {"get_room": "https://api.videosdk.live/v2/rooms/abcd-efgh-ijkl"},
    }

    room = fast_decoder(Room)(answer)

    assert room.room_id == "abcd-efgh-ijkl"
    assert room.created_at == datetime.fromisoformat("2022-01-05T06:41:16.018+00:00")
    assert room.raw is answer


def test_an_answer_that_does_not_fit_is_decoded_by_cattrs() -> None:
    """A "true" string for a bool falls back, and into() still decodes it as cattrs would."""
    answer = {"id": "i", "roomId": "r", "disabled": "true"}

    with pytest.raises(Fallback):
        fast_decoder(Room)(answer)
    assert into(Room)(answer).disabled is True


def test_a_drifted_room_answer_is_left_as_sent() -> None:
    """Putting a v1-named room right works on a copy: raw is the answer, unchanged."""
    answer = {"id": "i", "meetingId": "m", "userMeetingId": "u", "user": {"id": "x"}}
    before = copy.deepcopy(answer)

    room = fast_decoder(Room)(answer)

    assert (room.room_id, room.custom_room_id, room.user_id) == ("m", "u", "x")
    assert answer == before
    assert room.raw is answer


def test_equal_datetime_texts_share_one_value() -> None:
    """``updatedAt`` equal to ``createdAt`` is parsed once: both fields hold one datetime."""
    answer = {"id": "i", "roomId": "r", "createdAt": "2022-01-05T06:41:16.018Z"}
    answer["updatedAt"] = "".join(answer["createdAt"])  # equal text, another object

    room = fast_decoder(Room)(answer)

    assert room.updated_at is room.created_at
    assert room.created_at == datetime.fromisoformat("2022-01-05T06:41:16.018+00:00")


def test_a_naive_datetime_reads_as_utc() -> None:
    """A timestamp without an offset decodes timezone-aware, in UTC, as cattrs' hook does."""
    answer = {"id": "i", "roomId": "r", "createdAt": "2022-01-05T06:41:16"}

    room = fast_decoder(Room)(answer)

    assert room.created_at is not None
    assert room.created_at.utcoffset() == timedelta(0)


def test_a_json_object_field_is_the_answers_own() -> None:
    """A free-form object field (``links``) is the decoded answer's dict, not a copy."""
    answer = {"id": "i", "roomId": "r", "links": {"get_room": "https://x"}}

    room = fast_decoder(Room)(answer)

    assert room.links is answer["links"]


def test_a_page_with_an_odd_item_still_decodes_every_item() -> None:
    """One item that does not fit the fast path (a "true" string) is decoded by cattrs."""
    wire = [{"id": "a", "roomId": "r"}, {"id": "b", "roomId": "s", "disabled": "true"}]

    page = Page.parse({}, wire, requested=None, per_page=None, fetch=None, decode=into(Room))

    assert [(room.id, room.disabled) for room in page.data] == [("a", False), ("b", True)]


def test_a_fast_decoded_model_is_exactly_its_frozen_class() -> None:
    """The model filled through its mutable twin is a plain `Room`: frozen, equal, hashable."""
    answer = {"id": "i", "roomId": "r", "customRoomId": "c", "disabled": True}

    room = fast_decoder(Room)(answer)

    assert type(room) is Room
    assert room == Room(id="i", room_id="r", custom_room_id="c", disabled=True)
    assert hash(room) == hash(Room(id="i", room_id="r", custom_room_id="c", disabled=True))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        room.room_id = "changed"  # type: ignore[misc]


@attrs.frozen(slots=False)
class _Unslotted:
    name: str
    count: int = 0


attrs.resolve_types(_Unslotted)  # this module's annotations are strings


def test_a_model_without_slots_of_its_own_is_still_fast_decoded() -> None:
    """A class with no slots (so no twin) is filled through `object.__setattr__` instead."""
    decode = compile_decoder(
        _Unslotted, wire_name=wire_name, raw="raw", hook_for=_wire().get_structure_hook
    )

    value = decode({"name": "n", "count": 3})

    assert type(value) is _Unslotted
    assert value == _Unslotted(name="n", count=3)
