"""sdk.sessions and sdk.participants at the wire (respx): the calls test_sessions.py leaves out,
refusals before I/O, and the retry rule of the writes."""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import pytest
import respx

import videosdk_async as vs

SID = "61d53d8c964704379e7d927a"
ALICE = {"participantId": "alice", "name": "Alice", "timelog": []}
PAGE_INFO = {"currentPage": 1, "perPage": 20, "lastPage": 1, "total": 1}
LIVE = {"pageInfo": {**PAGE_INFO, "perPage": 1}, "data": [{"id": SID, "roomId": "abcd"}]}


def _active(*people: dict[str, Any], page: int = 1, last: int = 1) -> dict[str, Any]:
    info = {"currentPage": page, "perPage": 1, "lastPage": last, "total": last}
    return {"pageInfo": info, "data": [{"_id": SID, "participants": list(people)}]}


# -- calls and bodies ----------------------------------------------------------------------


async def test_list_sends_custom_room_id(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """list(custom_room_id=) sends customRoomId and nothing else."""
    route = api.get("/v2/sessions").respond(200, json={"pageInfo": PAGE_INFO, "data": []})

    await sdk.sessions.list(custom_room_id="class 7")

    assert dict(route.calls.last.request.url.params) == {"customRoomId": "class 7"}


async def test_end_without_session_id_sends_only_the_room(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """end(room_id) POSTs exactly {roomId}."""
    route = api.post("/v2/sessions/end").respond(200, json={"id": SID, "roomId": "abcd"})

    await sdk.sessions.end("abcd")

    assert json.loads(route.calls.last.request.content) == {"roomId": "abcd"}


async def test_end_after_a_502_is_outcome_unknown_after_one_request(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """An end answered 502 raises outcome_unknown=True and is never repeated."""
    route = api.post("/v2/sessions/end").respond(502)

    with pytest.raises(vs.InternalServerError) as info:
        await sdk.sessions.end("abcd")

    assert info.value.outcome_unknown is True
    assert route.call_count == 1


async def test_participant_decodes_the_bare_object(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """participant() GETs /participants/{pid} and decodes the participant object."""
    api.get(f"/v2/sessions/{SID}/participants/alice").respond(200, json=ALICE)

    alice = await sdk.sessions.participant(SID, "alice")

    assert (alice.participant_id, alice.name, alice.timelog) == ("alice", "Alice", ())


async def test_participant_accepts_a_data_envelope(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """participant() also reads the participant from a {data: {...}} envelope."""
    api.get(f"/v2/sessions/{SID}/participants/alice").respond(200, json={"data": ALICE})

    assert (await sdk.sessions.participant(SID, "alice")).participant_id == "alice"


async def test_remove_participant_by_session_sends_session_id(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """remove_participant(session_id=) POSTs {participantId, sessionId}."""
    route = api.post("/v2/sessions/participants/remove").respond(200, json="removed")

    await sdk.sessions.remove_participant("alice", session_id=SID)

    assert json.loads(route.calls.last.request.content) == {
        "participantId": "alice",
        "sessionId": SID,
    }


async def test_removal_answered_with_a_message_object_is_its_message(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A removal answered {message} returns the message."""
    api.post("/v2/sessions/participants/remove").respond(200, json={"message": "Removed"})

    assert await sdk.sessions.remove_participant("alice", room_id="abcd") == "Removed"


async def test_removal_answered_with_the_session_is_its_json_text(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A removal answered with the session (the docs' example) returns that object as JSON."""
    answer = {"id": SID, "roomId": "abcd"}
    api.post("/v2/sessions/participants/remove").respond(200, json=answer)

    text = await sdk.sessions.remove_participant("alice", room_id="abcd")

    assert json.loads(text) == answer


async def test_participants_list_of_a_live_room_takes_two_requests(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """participants.list(room) finds the live session, then reads its data[0].participants."""
    api.get("/v2/sessions").respond(200, json=LIVE)
    active = api.get(f"/v2/sessions/{SID}/participants/active").respond(200, json=_active(ALICE))

    found = [p.participant_id async for p in sdk.participants.list("abcd")]

    assert found == ["alice"]
    assert api.calls.call_count == 2
    assert dict(active.calls.last.request.url.params) == {}


async def test_participants_list_finds_the_session_once_for_all_pages(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """Paging a room's participants looks the live session up once, not once per page."""
    lookup = api.get("/v2/sessions").respond(200, json=LIVE)
    bob = {**ALICE, "participantId": "bob"}
    api.get(f"/v2/sessions/{SID}/participants/active").mock(
        side_effect=[
            respx.MockResponse(200, json=_active(ALICE, page=1, last=2)),
            respx.MockResponse(200, json=_active(bob, page=2, last=2)),
        ]
    )

    found = [p.participant_id async for p in sdk.participants.list("abcd")]

    assert found == ["alice", "bob"]
    assert lookup.call_count == 1


async def test_participants_get_reads_the_live_sessions_participant(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """participants.get(room, pid) resolves the live session, then GETs its participant."""
    api.get("/v2/sessions").respond(200, json=LIVE)
    one = api.get(f"/v2/sessions/{SID}/participants/alice").respond(200, json=ALICE)

    alice = await sdk.participants.get("abcd", "alice")

    assert alice.name == "Alice"
    assert one.call_count == 1


async def test_participants_remove_sends_room_and_participant_without_a_lookup(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """participants.remove(room, pid) is one POST of {participantId, roomId}."""
    route = api.post("/v2/sessions/participants/remove").respond(200, json="removed")

    answer = await sdk.participants.remove("abcd", "alice")

    assert answer == "removed"
    assert api.calls.call_count == 1
    assert json.loads(route.calls.last.request.content) == {
        "participantId": "alice",
        "roomId": "abcd",
    }


async def test_a_per_call_retry_policy_bounds_the_attempts(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """retry= on a call replaces the SDK's policy for that call."""
    route = api.get(f"/v2/sessions/{SID}").respond(503)

    with pytest.raises(vs.InternalServerError):
        await sdk.sessions.get(SID, retry=vs.RetryPolicy(max_attempts=1))

    assert route.call_count == 1


# -- refusals before any I/O ---------------------------------------------------------------

Call = Callable[[vs.AsyncVideoSDK, str], Any]

CALLS: dict[str, Call] = {
    "sessions.list(room_id=)": lambda sdk, bad: sdk.sessions.list(room_id=bad),
    "sessions.list(custom_room_id=)": lambda sdk, bad: sdk.sessions.list(custom_room_id=bad),
    "sessions.get": lambda sdk, bad: sdk.sessions.get(bad),
    "sessions.end": lambda sdk, bad: sdk.sessions.end(bad),
    "sessions.end(session_id=)": lambda sdk, bad: sdk.sessions.end("r", session_id=bad),
    "sessions.participants": lambda sdk, bad: sdk.sessions.participants(bad),
    "sessions.active_participants": lambda sdk, bad: sdk.sessions.active_participants(bad),
    "sessions.participant": lambda sdk, bad: sdk.sessions.participant(SID, bad),
    "sessions.remove_participant": lambda sdk, bad: sdk.sessions.remove_participant(
        bad, room_id="r"
    ),
    "sessions.remove_participant(room_id=)": lambda sdk, bad: sdk.sessions.remove_participant(
        "p", room_id=bad
    ),
    "sessions.remove_participant(session_id=)": (
        lambda sdk, bad: sdk.sessions.remove_participant("p", session_id=bad)
    ),
    "sessions.stats": lambda sdk, bad: sdk.sessions.stats(bad),
    "sessions.participant_stats": lambda sdk, bad: sdk.sessions.participant_stats(SID, bad),
    "participants.list": lambda sdk, bad: sdk.participants.list(bad),
    "participants.get(room)": lambda sdk, bad: sdk.participants.get(bad, "p"),
    "participants.get(participant)": lambda sdk, bad: sdk.participants.get("r", bad),
    "participants.remove": lambda sdk, bad: sdk.participants.remove("r", bad),
}


async def _start(result: Any) -> None:
    """Run what a call returned: await a coroutine, fetch a pager's first page."""
    await result


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
@pytest.mark.parametrize("bad", ["a/b", "", " x", "..", "a%2F"])
async def test_an_unsafe_id_is_refused_before_any_request(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, call: Call, bad: str
) -> None:
    """Every sessions/participants call refuses an unsafe id with ValueError, sending nothing."""
    with pytest.raises(ValueError):
        await _start(call(sdk, bad))

    assert api.calls.call_count == 0


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
async def test_a_non_str_id_is_a_type_error_before_any_request(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, call: Call
) -> None:
    """Every sessions/participants call refuses a non-str id with TypeError, sending nothing."""
    with pytest.raises(TypeError):
        await _start(call(sdk, 42))  # type: ignore[arg-type]

    assert api.calls.call_count == 0


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"status": "live"}, ValueError),
        ({"end_date": datetime(2022, 1, 5)}, ValueError),
        ({"start_date": date(2022, 1, 5)}, TypeError),
        ({"start_date": 1641362400000}, TypeError),
        ({"per_page": 0}, ValueError),
    ],
)
def test_bad_list_filters_are_refused_at_the_call(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, options: dict[str, Any], error: type
) -> None:
    """sessions.list() refuses a bad status, a naive or non-datetime date and bad paging."""
    with pytest.raises(error):
        sdk.sessions.list(**options)

    assert api.calls.call_count == 0


def test_list_dates_keep_their_millisecond() -> None:
    """A date with microseconds is sent as whole epoch milliseconds."""
    from videosdk_async.resources.sessions import epoch_ms

    moment = datetime(2022, 1, 5, 6, 41, 16, 18999, tzinfo=UTC)

    assert epoch_ms(moment, "start_date") == 1641364876018


# -- the contract's shape ------------------------------------------------------------------

METHODS = [
    (vs.AsyncSessions, name)
    for name in (
        "list",
        "get",
        "end",
        "participants",
        "active_participants",
        "participant",
        "remove_participant",
        "stats",
        "participant_stats",
    )
] + [(vs.AsyncParticipants, name) for name in ("list", "get", "remove")]


@pytest.mark.parametrize(("cls", "name"), METHODS, ids=[f"{c.__name__}.{n}" for c, n in METHODS])
def test_ids_are_positional_and_options_keyword_only(cls: type, name: str) -> None:
    """Each call takes ids positionally, the rest keyword-only, retry= and timeout= included."""
    params = list(inspect.signature(getattr(cls, name)).parameters.values())[1:]
    positional = [p.name for p in params if p.kind is p.POSITIONAL_OR_KEYWORD]
    keyword = [p.name for p in params if p.kind is p.KEYWORD_ONLY]

    assert all(p.endswith("_id") for p in positional)
    assert keyword[-2:] == ["retry", "timeout"]
    assert len(positional) + len(keyword) == len(params)
