"""The SDK's behaviour against the emulator: in-process, and a marked subset over loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC

import pytest
import respx

import videosdk_async as vs
from videosdk_async.emulator import CREATE, Emulator, EmulatorServer

from ..conftest import API_KEY, MEETING_JSON, SECRET, wire_kwargs


@pytest.fixture(
    name="any_sdk", params=["in-process", pytest.param("loopback", marks=pytest.mark.loopback)]
)
async def _any_sdk(
    request: pytest.FixtureRequest, videosdk_emulator: Emulator
) -> AsyncIterator[vs.AsyncVideoSDK]:
    if request.param == "in-process":
        async with videosdk_emulator.sdk() as sdk:
            yield sdk
    else:
        with EmulatorServer(videosdk_emulator) as server:
            async with vs.AsyncVideoSDK(**server.sdk_kwargs(), **wire_kwargs()) as sdk:
                yield sdk


async def test_create_then_validate(any_sdk: vs.AsyncVideoSDK) -> None:
    """A created meeting validates to the same meeting."""
    meeting = await any_sdk.meetings.create(user_meeting_id="roundtrip")

    same = await any_sdk.meetings.validate(meeting.meeting_id)

    assert same == meeting
    assert meeting.user_meeting_id == "roundtrip"
    assert meeting.created_at.tzinfo is not None


async def test_validate_unknown_raises_not_found(any_sdk: vs.AsyncVideoSDK) -> None:
    """Validating an id the emulator does not hold raises MeetingNotFoundError (404)."""
    with pytest.raises(vs.MeetingNotFoundError) as info:
        await any_sdk.meetings.validate("zzzz-zzzz-zzzz")

    assert info.value.status_code == 404
    assert info.value.message.endswith("Meeting not found")


async def test_wrong_secret_is_authentication_error(videosdk_emulator: Emulator) -> None:
    """A wrong secret costs exactly one request and raises AuthenticationError."""
    async with videosdk_emulator.sdk(secret="not-the-emulator-secret-at-all-0123456789") as sdk:
        with pytest.raises(vs.AuthenticationError) as info:
            await sdk.meetings.create()

    assert info.value.status_code == 401
    assert info.value.attempts == 1
    assert len(videosdk_emulator.journal) == 1
    assert videosdk_emulator.meetings == {}


async def test_402_not_found_variant() -> None:
    """Against an emulator answering 402 for unknown ids, validate still raises not-found."""
    emulator = Emulator(not_found_status=402)
    async with emulator.sdk() as sdk:
        with pytest.raises(vs.MeetingNotFoundError) as info:
            await sdk.meetings.validate("zzzz-zzzz-zzzz")

    assert info.value.status_code == 402


async def test_non_json_answer_is_unexpected(
    videosdk_emulator: Emulator, videosdk_sdk: vs.AsyncVideoSDK
) -> None:
    """The emulator's non_json fault makes create raise UnexpectedResponseError."""
    videosdk_emulator.inject(CREATE, "non_json")

    with pytest.raises(vs.UnexpectedResponseError, match="not JSON"):
        await videosdk_sdk.meetings.create()


async def test_wrong_shape_answer_is_unexpected(
    videosdk_emulator: Emulator, videosdk_sdk: vs.AsyncVideoSDK
) -> None:
    """A wrong_shape answer makes create raise UnexpectedResponseError naming a field."""
    videosdk_emulator.inject(CREATE, "wrong_shape")

    with pytest.raises(vs.UnexpectedResponseError, match="meetingId"):
        await videosdk_sdk.meetings.create()


async def test_join_token_accepted_by_emulator_verification(
    videosdk_emulator: Emulator, videosdk_sdk: vs.AsyncVideoSDK
) -> None:
    """A join token the SDK mints verifies with the emulator's key and secret."""
    import jwt

    token = videosdk_sdk.join_token("abcd-efgh-ijkl", participant_id="p1")

    claims = jwt.decode(token, videosdk_emulator.secret, algorithms=["HS256"])
    assert claims["apikey"] == videosdk_emulator.api_key
    assert claims["roomId"] == "abcd-efgh-ijkl"


# -- agreement: respx canned answers (the reference) versus the emulator ----------------


def _outcome(result: object) -> tuple[object, ...]:
    """What an SDK call produced, with the values that differ per run left out."""
    if isinstance(result, vs.Meeting):
        return (
            "Meeting",
            result.user_meeting_id,
            result.user_id is not None,
            len(result.id),
            result.created_at.tzinfo == UTC,
            result.meeting_id.count("-"),
        )
    assert isinstance(result, vs.APIStatusError)
    return (type(result).__name__, result.status_code, result.message)


async def _scenario(sdk: vs.AsyncVideoSDK) -> list[tuple[object, ...]]:
    outcomes = []
    created = await sdk.meetings.create(user_meeting_id="unicorn")
    outcomes.append(_outcome(created))
    outcomes.append(_outcome(await sdk.meetings.validate(created.meeting_id)))
    try:
        await sdk.meetings.validate("zzzz-zzzz-zzzz")
    except vs.APIStatusError as exc:
        outcomes.append(_outcome(exc))
    return outcomes


async def test_emulator_agrees_with_reference_examples(videosdk_emulator: Emulator) -> None:
    """The same scenario gives the same SDK results on respx canned answers and the emulator."""
    with respx.mock(base_url="https://api.videosdk.live") as api:
        api.post("/v1/meetings").respond(200, json=MEETING_JSON)
        api.get("/v1/meetings/87i6-bvw8-dtn1").respond(200, json=MEETING_JSON)
        api.get("/v1/meetings/zzzz-zzzz-zzzz").respond(
            404, json={"statusCode": 404, "error": "Not Found", "message": "Meeting not found"}
        )
        async with vs.AsyncVideoSDK(api_key=API_KEY, secret=SECRET, http_backend="httpx") as sdk:
            canned = await _scenario(sdk)

    async with videosdk_emulator.sdk() as sdk:
        emulated = await _scenario(sdk)

    assert canned == emulated
    assert canned[0][0] == "Meeting"
    assert canned[2][0] == "MeetingNotFoundError"
