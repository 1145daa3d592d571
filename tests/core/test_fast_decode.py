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
from videosdk_async.models.sessions import Participant, Session


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


#: A key some models' ``_from_wire`` read (a room's ``status`` stands for ``disabled``).
_DRIFT_STATUS = st.sampled_from(["disabled", "active", "ongoing", "ended"]) | st.none() | _SCALARS


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
def _answers(draw: st.DrawFn, cls: type[Any], wild: int = 4) -> dict[str, Any]:
    """A JSON object with some of ``cls``'s wire keys (of their own types, one in ``wild``+1
    anything), the drift its fields declare, and maybe a key the model does not know."""
    fields = [f for f in attrs.fields(cls) if f.name != "raw"]
    required = [f for f in fields if f.default is attrs.NOTHING]
    optional = [f for f in fields if f.default is not attrs.NOTHING]
    chosen = required + (draw(st.lists(st.sampled_from(optional), unique=True)) if optional else [])
    answer = {
        wire_name(f): draw(_VALUES if draw(st.integers(0, wild)) == 0 else _of_type(f))
        for f in chosen
    }
    for field in fields:  # the drift a field declares: its "or" path, its own key gone or null
        path = field.metadata.get("or")
        if path and draw(st.booleans()):
            value = draw(_VALUES if draw(st.integers(0, wild)) == 0 else _of_type(field))
            for key in reversed(path[1:]):
                value = {key: value, **draw(st.dictionaries(st.sampled_from(["x"]), _SCALARS))}
            answer[path[0]] = value
            if draw(st.booleans()):
                answer[wire_name(field)] = None
            elif draw(st.booleans()):
                answer.pop(wire_name(field), None)
    if draw(st.booleans()):
        answer["status"] = draw(_DRIFT_STATUS)
    if draw(st.booleans()):
        answer["somethingNew"] = draw(_VALUES)
    return answer


def _cattrs(data: Any, cls: type[Any]) -> Any:
    """cattrs alone, no generated decoder at any depth (the detailed converter's hooks)."""
    return _wire(detailed=True).structure(data, cls)


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
    into() (the fast path with cattrs as its fallback) gives what cattrs gives. Nested models
    take their own fast path; the reference is cattrs alone at every depth."""
    answer = data.draw(_answers(cls))
    before = copy.deepcopy(answer)
    fast_kind, fast = _decoded(fast_decoder(cls), answer)
    assert answer == before  # the fast path never changes the answer it keeps as raw
    slow_kind, slow = _decoded(lambda d: _cattrs(d, cls), answer)

    if fast_kind == "value":
        assert slow_kind == "value", slow
        assert _same(fast, slow)
        if any(f.name == "raw" for f in attrs.fields(cls)):
            assert fast.raw == answer
    into_kind, decoded = _decoded(into(cls), answer)  # the fast path, falling back in-frame
    assert into_kind == slow_kind
    if into_kind == "value":
        assert _same(decoded, slow)


def _declares_drift(cls: type[Any]) -> bool:
    return vars(cls).get("_from_wire_on_fallback_only") is True or any(
        f.metadata.get("or") or f.metadata.get("fast") for f in attrs.fields(cls)
    )


@pytest.mark.parametrize("cls", [c for c in MODELS if _declares_drift(c)], ids=lambda c: c.__name__)
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_model_declaring_its_drift_decodes_its_drifted_answers_as_cattrs_does(
    cls: type[Any], data: Any
) -> None:
    """Answers that mostly fit, with the drift the model declares: whatever the fast path
    decodes (skipping ``_from_wire``, following ``"or"`` paths) is what cattrs decodes."""
    answer = data.draw(_answers(cls, wild=30))
    fast_kind, fast = _decoded(fast_decoder(cls), answer)
    slow_kind, slow = _decoded(lambda d: _cattrs(d, cls), answer)

    if fast_kind == "value":
        assert slow_kind == "value", slow
        assert _same(fast, slow)


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
    """Putting a v1-named room without ``disabled`` right (cattrs' path) works on a copy: raw
    is the answer, unchanged."""
    answer = {"id": "i", "meetingId": "m", "userMeetingId": "u", "user": {"id": "x"}}
    before = copy.deepcopy(answer)

    room = into(Room)(answer)

    assert (room.room_id, room.custom_room_id, room.user_id) == ("m", "u", "x")
    assert room.disabled is False
    assert answer == before
    assert room.raw is answer


def test_a_listed_room_with_a_user_object_takes_the_fast_path() -> None:
    """A room as list and get send it (``user{}``, no ``userId``) is decoded by the fast path,
    its user id read from ``user.id``, the answer neither copied nor changed."""
    user = {"email": "e@example.com", "name": "n", "discontinuedReason": None, "id": "u1"}
    answer = {"id": "i", "roomId": "r", "user": user, "disabled": False}
    before = copy.deepcopy(answer)

    room = fast_decoder(Room)(answer)

    assert room.user_id == "u1"
    assert room.raw is answer
    assert answer == before


def test_v1_room_names_are_read_by_the_fast_path() -> None:
    """``meetingId`` / ``userMeetingId`` stand in for an absent or null ``roomId`` /
    ``customRoomId`` on the fast path, as on cattrs'."""
    answer = {"id": "i", "roomId": None, "meetingId": "m", "userMeetingId": "u", "disabled": True}

    room = fast_decoder(Room)(answer)

    assert (room.room_id, room.custom_room_id, room.disabled) == ("m", "u", True)
    assert room == into(Room)(answer) == _cattrs(answer, Room)


def test_a_room_without_disabled_is_handed_to_cattrs() -> None:
    """``disabled`` is required on the fast path: an answer with a ``status`` instead is
    cattrs', where ``_from_wire`` derives it."""
    answer = {"id": "i", "roomId": "r", "status": "disabled"}

    with pytest.raises(Fallback):
        fast_decoder(Room)(answer)
    assert into(Room)(answer).disabled is True


def test_the_fast_path_does_not_call_a_from_wire_declared_for_the_fallback_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With ``_from_wire_on_fallback_only``, a usual room is decoded without `_from_wire`."""
    calls: list[object] = []
    original = Room._from_wire
    monkeypatch.setattr(Room, "_from_wire", lambda data: calls.append(data) or original(data))
    answer = {"id": "i", "roomId": "r", "user": {"id": "u"}, "disabled": False}

    room = fast_decoder(Room)(answer)

    assert (room.user_id, calls) == ("u", [])


def test_equal_datetime_texts_share_one_value() -> None:
    """``updatedAt`` equal to ``createdAt`` is parsed once: both fields hold one datetime."""
    answer = {"id": "i", "roomId": "r", "disabled": False, "createdAt": "2022-01-05T06:41:16.018Z"}
    answer["updatedAt"] = "".join(answer["createdAt"])  # equal text, another object

    room = fast_decoder(Room)(answer)

    assert room.updated_at is room.created_at
    assert room.created_at == datetime.fromisoformat("2022-01-05T06:41:16.018+00:00")


def test_a_naive_datetime_reads_as_utc() -> None:
    """A timestamp without an offset decodes timezone-aware, in UTC, as cattrs' hook does."""
    answer = {"id": "i", "roomId": "r", "disabled": False, "createdAt": "2022-01-05T06:41:16"}

    room = fast_decoder(Room)(answer)

    assert room.created_at is not None
    assert room.created_at.utcoffset() == timedelta(0)


def test_a_json_object_field_is_the_answers_own() -> None:
    """A free-form object field (``links``) is the decoded answer's dict, not a copy."""
    answer = {"id": "i", "roomId": "r", "disabled": False, "links": {"get_room": "https://x"}}

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


def test_a_sessions_participants_decode_as_cattrs_decodes_them() -> None:
    """A listed session's participants and their timelogs (models inside a model, on their
    own fast path) equal cattrs' alone, each keeping its own part of the answer as raw."""
    stay = {"start": "2022-01-05T06:41:16.018Z", "end": None}
    people = [
        {"participantId": "p1", "name": "Ada", "timelog": [stay]},
        {"participantId": "p2", "timelog": []},
    ]
    answer = {"id": "s", "roomId": "r", "status": "ongoing", "participants": people}

    session = into(Session)(answer)

    assert _same(session, _cattrs(answer, Session))
    assert [p.name for p in session.participants] == ["Ada", None]
    assert session.participants[0].raw is people[0]
    assert session.participants[0].timelog[0].raw is stay


def test_a_nested_models_converter_hook_is_its_generated_decoder() -> None:
    """cattrs calls a nested model's generated decoder itself (data, type): no wrapper frame."""
    hook = _wire().get_structure_hook(Participant)

    assert hook.__code__.co_filename.startswith("<videosdk_async fast decoder Participant")
    assert hook({"participantId": "p"}, Participant) == Participant(participant_id="p")
