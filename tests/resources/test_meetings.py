"""AsyncMeetings.create() and validate() at the wire, against respx."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import httpx
import pytest
import respx

import videosdk_async as vs

from ..conftest import MEETING_JSON


async def test_create_posts_user_meeting_id(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """create(user_meeting_id=...) POSTs {"userMeetingId": ...} as JSON to /v1/meetings."""
    route = api.post("/v1/meetings").respond(200, json=MEETING_JSON)

    await sdk.meetings.create(user_meeting_id="unicorn")

    request = route.calls.last.request
    assert request.method == "POST"
    assert request.url.path == "/v1/meetings"
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.content) == {"userMeetingId": "unicorn"}


async def test_create_without_user_meeting_id_sends_no_body(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """create() without an id POSTs an empty body."""
    route = api.post("/v1/meetings").respond(200, json={**MEETING_JSON, "userMeetingId": None})

    meeting = await sdk.meetings.create()

    assert route.calls.last.request.content == b""
    assert meeting.user_meeting_id is None


async def test_create_returns_decoded_meeting(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """create() decodes the documented answer field for field."""
    api.post("/v1/meetings").respond(200, json=MEETING_JSON)

    meeting = await sdk.meetings.create(user_meeting_id="unicorn")

    stamp = datetime(2022, 1, 5, 6, 41, 16, 18000, tzinfo=UTC)
    assert meeting == vs.Meeting(
        id="61d53d8c964704379e7d927a",
        meeting_id="87i6-bvw8-dtn1",
        user_meeting_id="unicorn",
        user_id="5fa671e77b80d58c11cbca95",
        created_at=stamp,
        updated_at=stamp,
    )


async def test_datetimes_are_timezone_aware(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """created_at and updated_at carry UTC as their tzinfo."""
    api.post("/v1/meetings").respond(200, json=MEETING_JSON)

    meeting = await sdk.meetings.create()

    assert meeting.created_at.utcoffset() is not None
    assert meeting.created_at.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
    assert meeting.updated_at.tzinfo is not None


async def test_unknown_fields_are_ignored(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """Fields the SDK does not know (e.g. v2's ``user`` object) do not break decoding."""
    extra = {**MEETING_JSON, "user": {"name": "x", "id": "y"}, "brandNew": [1, 2]}
    api.get("/v1/meetings/87i6-bvw8-dtn1").respond(200, json=extra)

    meeting = await sdk.meetings.validate("87i6-bvw8-dtn1")

    assert meeting.meeting_id == "87i6-bvw8-dtn1"


async def test_meeting_is_frozen_and_slotted(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """Meeting values cannot be mutated and have no __dict__."""
    api.post("/v1/meetings").respond(200, json=MEETING_JSON)
    meeting = await sdk.meetings.create()

    with pytest.raises(AttributeError):
        meeting.meeting_id = "other"  # type: ignore[misc]
    assert not hasattr(meeting, "__dict__")


async def test_validate_gets_the_meeting_path(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """validate(id) sends GET /v1/meetings/{id} and returns the meeting."""
    route = api.get("/v1/meetings/87i6-bvw8-dtn1").respond(200, json=MEETING_JSON)

    meeting = await sdk.meetings.validate("87i6-bvw8-dtn1")

    assert route.call_count == 1
    assert route.calls.last.request.method == "GET"
    assert meeting.id == "61d53d8c964704379e7d927a"


@pytest.mark.parametrize("status", [400, 402, 404])
async def test_validate_not_found_statuses(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, status: int
) -> None:
    """validate() raises MeetingNotFoundError for 400, 402 and 404."""
    api.get("/v1/meetings/zzzz-zzzz-zzzz").respond(
        status, json={"statusCode": status, "error": "Not Found", "message": "Meeting not found"}
    )

    with pytest.raises(vs.MeetingNotFoundError) as info:
        await sdk.meetings.validate("zzzz-zzzz-zzzz")

    assert info.value.status_code == status
    assert "Meeting not found" in info.value.message


async def test_create_400_is_bad_request_not_meeting_not_found(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A 400 on create is a BadRequestError (only validate maps 400 to not-found)."""
    api.post("/v1/meetings").respond(400, json={"message": "bad"})

    with pytest.raises(vs.BadRequestError) as info:
        await sdk.meetings.create()

    assert not isinstance(info.value, vs.NotFoundError)


UNSAFE_IDS = [
    "",
    "..",
    "../v2/rooms",
    "a/b",
    "abc?x=1",
    "abc#frag",
    "has space",
    "tab\there",
    "new\nline",
    "nul\x00",
    "caf\u00e9",
    "\u0661\u0662\u0663",  # Arabic-Indic digits: str.isdigit() but not ASCII
    "%2e%2e",
    "a" * 65,
]


@pytest.mark.parametrize("meeting_id", UNSAFE_IDS)
async def test_validate_rejects_unsafe_ids_before_sending(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, meeting_id: str
) -> None:
    """Each unsafe meeting id is a ValueError, and no request is sent."""
    with pytest.raises(ValueError, match="meeting_id"):
        await sdk.meetings.validate(meeting_id)

    assert len(api.calls) == 0


async def test_validate_accepts_the_longest_safe_id(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A 64-character id of letters, digits, '-' and '_' is sent as is."""
    meeting_id = "A-z_0" * 12 + "abcd"
    route = api.get(f"/v1/meetings/{meeting_id}").respond(200, json=MEETING_JSON)

    await sdk.meetings.validate(meeting_id)

    assert route.call_count == 1


@pytest.mark.parametrize("bad", [None, 123, b"abc", ["a"]])
async def test_validate_rejects_non_str_ids(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, bad: object
) -> None:
    """A meeting id that is not a str is a TypeError, and no request is sent."""
    with pytest.raises(TypeError, match="meeting_id"):
        await sdk.meetings.validate(bad)  # type: ignore[arg-type]

    assert len(api.calls) == 0


@pytest.mark.parametrize("bad", [123, b"unicorn", ["unicorn"], 1.5, True])
async def test_create_rejects_wrong_type_user_meeting_id(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, bad: object
) -> None:
    """A user_meeting_id that is not a str is a TypeError, and no request is sent."""
    with pytest.raises(TypeError, match="user_meeting_id"):
        await sdk.meetings.create(user_meeting_id=bad)  # type: ignore[arg-type]

    assert len(api.calls) == 0


@pytest.mark.parametrize("bad", ["", "   ", "x" * 257, "a\x00b", "line\nbreak"])
async def test_create_rejects_insane_user_meeting_id(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, bad: str
) -> None:
    """Blank, over-long or control-character user_meeting_ids are a ValueError, nothing sent."""
    with pytest.raises(ValueError, match="user_meeting_id"):
        await sdk.meetings.create(user_meeting_id=bad)

    assert len(api.calls) == 0


async def test_non_json_2xx_is_unexpected_response(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A 200 whose body is not JSON raises UnexpectedResponseError saying so."""
    api.post("/v1/meetings").respond(200, text="<html>gateway</html>")

    with pytest.raises(vs.UnexpectedResponseError, match="not JSON") as info:
        await sdk.meetings.create()

    assert info.value.status_code == 200


async def test_wrong_shaped_2xx_names_the_field(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A 200 missing meetingId raises UnexpectedResponseError naming meetingId."""
    body = {k: v for k, v in MEETING_JSON.items() if k != "meetingId"}
    api.post("/v1/meetings").respond(200, json=body)

    with pytest.raises(vs.UnexpectedResponseError, match="meetingId"):
        await sdk.meetings.create()


async def test_wrong_typed_field_names_the_field(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A 200 whose createdAt is not a timestamp raises UnexpectedResponseError naming it."""
    api.post("/v1/meetings").respond(200, json={**MEETING_JSON, "createdAt": 12})

    with pytest.raises(vs.UnexpectedResponseError, match="createdAt"):
        await sdk.meetings.create()


async def test_json_array_2xx_is_unexpected_response(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A 200 whose JSON is not an object raises UnexpectedResponseError."""
    api.post("/v1/meetings").respond(200, json=["not", "an", "object"])

    with pytest.raises(vs.UnexpectedResponseError, match="JSON object"):
        await sdk.meetings.create()


async def test_shape_error_does_not_chain_a_cattrs_error(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """The UnexpectedResponseError has no cattrs/json exception attached as its cause."""
    api.post("/v1/meetings").respond(200, json={"id": 1})

    with pytest.raises(vs.UnexpectedResponseError) as info:
        await sdk.meetings.create()

    assert info.value.__cause__ is None
    assert info.value.__context__ is None


async def test_transport_errors_become_connection_errors(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """An httpx transport error surfaces as APIConnectionError, chained from the original."""
    api.get("/v1/meetings/abcd-efgh-ijkl").mock(side_effect=httpx.ConnectError("refused"))

    with pytest.raises(vs.APIConnectionError) as info:
        await sdk.meetings.validate("abcd-efgh-ijkl", retry=vs.RetryPolicy(max_attempts=1))

    assert isinstance(info.value.__cause__, httpx.ConnectError)
    assert info.value.request_sent is False
