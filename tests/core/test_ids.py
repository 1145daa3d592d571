"""Path-safe identifiers: what is refused, what reaches the server intact, and subclasses."""

from __future__ import annotations

import enum
import json
import sys
import unicodedata

import pytest
import respx
from hypothesis import given
from hypothesis import strategies as st

import videosdk_async as vs
from videosdk_async._core._ids import _has_control, check_id, check_label, optional_label, segment

REFUSED = [
    "",
    "x" * 257,
    "a/b",
    "a?b",
    "a#b",
    "a%2Fb",
    ".",
    "..",
    " lead",
    "trail ",
    "tab\tinside",
    "nul\x00",
    "del\x7f",
    "c1\x85",
    "c1\x9f",
]
ACCEPTED = ["abcd-efgh-ijkl", "inner space", "a.b", "ünïcødé", "+&=;:@,", "x" * 256]


@pytest.mark.parametrize("value", REFUSED)
def test_refused_ids_raise_value_error(value: str) -> None:
    """Empty, too long, control characters, edge whitespace, / ? # %, . and .. are refused."""
    with pytest.raises(ValueError):
        check_id(value, "room_id")


@pytest.mark.parametrize("value", [None, 123, b"bytes"])
def test_non_str_ids_raise_type_error(value: object) -> None:
    """Anything but a str is a TypeError."""
    with pytest.raises(TypeError):
        check_id(value, "room_id")


@pytest.mark.parametrize("value", ACCEPTED)
def test_accepted_ids_round_trip(value: str) -> None:
    """Inner spaces and dots, non-ASCII letters and +&=;:@, are valid and kept intact."""
    assert check_id(value) == value


class Sneaky(str):
    """A str whose __str__ and __format__ lie about its contents."""

    def __str__(self) -> str:
        return "../../admin"

    def __format__(self, spec: str) -> str:
        return "../../admin"


class Kind(str, enum.Enum):  # noqa: UP042 (the (str, Enum) mixin is what is under test)
    ROOM = "abcd-efgh-ijkl"

    def __str__(self) -> str:
        return "../other"

    def __format__(self, spec: str) -> str:
        return "../other"


@pytest.mark.parametrize("value", [Sneaky("abcd-efgh-ijkl"), Kind.ROOM])
def test_segment_is_built_from_the_checked_data(value: str) -> None:
    """A str subclass or (str, Enum) member cannot steer the path through __str__/__format__."""
    assert segment(value) == "abcd-efgh-ijkl"
    assert type(check_id(value)) is str


async def test_subclass_id_reaches_the_wire_as_its_data(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """rooms.get(Sneaky(...)) requests the checked id's path, not what __format__ says."""
    route = api.get("/v2/rooms/abcd-efgh-ijkl").respond(
        200, json={"id": "i", "roomId": "abcd-efgh-ijkl"}
    )

    await sdk.rooms.get(Sneaky("abcd-efgh-ijkl"))

    assert route.call_count == 1


async def test_special_characters_are_percent_encoded_and_arrive_intact(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """An id with a space and +&=;:@, is sent percent-encoded in one path segment."""
    route = api.get(url__regex=r"/v2/rooms/.*").respond(200, json={"id": "i", "roomId": "r"})

    await sdk.rooms.get("a b+&=;:@,")

    raw_path = route.calls.last.request.url.raw_path.decode()
    assert raw_path == "/v2/rooms/a%20b%2B%26%3D%3B%3A%40%2C"


async def test_control_characters_refused_in_custom_room_id_body(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A C1 control character in custom_room_id is refused before any request."""
    with pytest.raises(ValueError, match="control"):
        await sdk.rooms.create(custom_room_id="class\x857")

    assert api.calls.call_count == 0


async def test_control_characters_refused_in_user_meeting_id(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A C1 control character in user_meeting_id is refused before any request."""
    with pytest.raises(ValueError, match="control"):
        await sdk.meetings.create("class\x9b7")

    assert api.calls.call_count == 0


async def test_subclass_custom_room_id_goes_in_the_body_as_its_data(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A str subclass's data, not its __str__, is what the JSON body carries."""
    route = api.post("/v2/rooms").respond(200, json={"id": "i", "roomId": "r"})

    await sdk.rooms.create(custom_room_id=Sneaky("class-7"))

    assert json.loads(route.calls.last.request.content) == {"customRoomId": "class-7"}


def test_control_characters_are_exactly_unicode_category_cc() -> None:
    """The control-character check refuses exactly the code points of category Cc."""
    mismatched = [
        hex(point)
        for point in range(sys.maxunicode + 1)
        if _has_control(chr(point)) != (unicodedata.category(chr(point)) == "Cc")
    ]

    assert mismatched == []


def _outcome(check: object, value: str) -> object:
    try:
        return check(value, "label")  # type: ignore[operator]
    except (TypeError, ValueError) as exc:
        return type(exc), str(exc)


@given(st.text(max_size=300) | st.sampled_from(["", " ", "\t", "x" * 256, "x" * 257, "a\x85"]))
def test_an_optional_label_is_checked_exactly_as_a_label(value: str) -> None:
    """optional_label's in-frame check of a plain str accepts and refuses exactly what
    check_label does, with the same error."""
    assert _outcome(optional_label, value) == _outcome(check_label, value)
