"""Ingest at the wire (respx): WHIP/WHEP builders (no I/O, documented claims and URLs), their
deletes through the live session, socket ingress and the meeting recording merge."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import jwt
import pytest
import respx

import videosdk_async as vs

from ..conftest import API_KEY, BASE_URL, SECRET, FakeClock

LIVE = {
    "pageInfo": {"currentPage": 1, "perPage": 1, "lastPage": 1, "total": 1},
    "data": [{"id": "s1", "roomId": "abcd", "start": "2024-01-01T00:00:00.000Z", "end": None}],
}
QUIET = {"pageInfo": {"currentPage": 1, "perPage": 1, "lastPage": 1, "total": 0}, "data": []}
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")


def _query(request: httpx.Request) -> dict[str, str]:
    return dict(request.url.params)


def _claims(token: str) -> dict[str, Any]:
    return jwt.decode(  # type: ignore[no-any-return]
        token, SECRET, algorithms=["HS256"], options={"verify_exp": False, "verify_nbf": False}
    )


def _url_query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


# -- the builders --------------------------------------------------------------------------


async def test_whip_create_builds_the_url_and_sends_nothing(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """whip.create is a plain method: no request, URL on base_url with the given keys."""
    endpoint = sdk.whip.create("abcd", participant_id="cam 1", name="Stage cam")

    assert not api.calls
    assert endpoint.url.startswith(f"{BASE_URL}/v2/whip?")
    assert _url_query(endpoint.url) == {
        "roomId": ["abcd"],
        "participantId": ["cam 1"],
        "displayName": ["Stage cam"],
    }
    assert "displayName=Stage+cam" in endpoint.url  # form-encoded, as URLSearchParams
    assert (endpoint.room_id, endpoint.participant_id, endpoint.display_name) == (
        "abcd",
        "cam 1",
        "Stage cam",
    )


def test_whip_create_mints_the_management_token(clock: FakeClock) -> None:
    """The token is forApi()'s: allow_join+allow_mod, crawler, version 2, expires_in s."""
    sdk = vs.AsyncVideoSDK(api_key=API_KEY, secret=SECRET, clock=clock)

    endpoint = sdk.whip.create("abcd", expires_in=600)

    now = int(clock.now)
    assert _claims(endpoint.token) == {
        "apikey": API_KEY,
        "permissions": ["allow_join", "allow_mod"],
        "roles": ["crawler"],
        "version": 2,
        "iat": now,
        "nbf": now - 30,
        "exp": now + 600,
    }
    assert endpoint.stream_key == endpoint.token


def test_whip_create_defaults_and_use_existing_peer(sdk: vs.AsyncVideoSDK) -> None:
    """participant_id defaults to whip-<uuid4>; use_existing_peer adds useExistingPeer=true."""
    plain = sdk.whip.create("abcd")
    reused = sdk.whip.create("abcd", participant_id="p1", use_existing_peer=True)

    assert re.fullmatch(f"whip-{UUID.pattern}", plain.participant_id)
    assert _url_query(plain.url) == {"roomId": ["abcd"], "participantId": [plain.participant_id]}
    assert plain.display_name is None
    assert _url_query(reused.url)["useExistingPeer"] == ["true"]


def test_whip_endpoint_hides_its_token_from_repr_but_not_to_dict(sdk: vs.AsyncVideoSDK) -> None:
    """repr shows no token; to_dict() and raw (camelCase) keep it for the publisher."""
    endpoint = sdk.whip.create("abcd", participant_id="p1", name="Cam")

    assert endpoint.token not in repr(endpoint)
    assert endpoint.to_dict() == {
        "url": endpoint.url,
        "token": endpoint.token,
        "stream_key": endpoint.token,
        "room_id": "abcd",
        "participant_id": "p1",
        "display_name": "Cam",
    }
    assert endpoint.raw == {
        "url": endpoint.url,
        "token": endpoint.token,
        "streamKey": endpoint.token,
        "roomId": "abcd",
        "participantId": "p1",
        "displayName": "Cam",
    }


async def test_whep_create_builds_the_url_token_and_sends_nothing(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, clock: FakeClock
) -> None:
    """whep.create: {base}/v2/whep?roomId&participantId&remotePeerId, the management token."""
    endpoint = sdk.whep.create("abcd", source="alice", expires_in=120)
    default = sdk.whep.create("abcd")

    assert not api.calls
    assert endpoint.url.startswith(f"{BASE_URL}/v2/whep?")
    assert _url_query(endpoint.url) == {
        "roomId": ["abcd"],
        "participantId": [endpoint.participant_id],
        "remotePeerId": ["alice"],
    }
    assert re.fullmatch(f"whep-{UUID.pattern}", endpoint.participant_id)
    assert "remotePeerId" not in _url_query(default.url)
    assert (endpoint.remote_peer_id, default.remote_peer_id) == ("alice", None)
    assert _claims(endpoint.token)["roles"] == ["crawler"]
    assert _claims(endpoint.token)["exp"] == int(clock.now) + 120
    assert endpoint.token not in repr(endpoint)
    assert endpoint.to_dict()["token"] == endpoint.token


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda sdk: sdk.whip.create(None), TypeError),
        (lambda sdk: sdk.whip.create("a/b"), ValueError),
        (lambda sdk: sdk.whip.create("abcd", participant_id="x?y"), ValueError),
        (lambda sdk: sdk.whip.create("abcd", expires_in="1h"), TypeError),
        (lambda sdk: sdk.whip.create("abcd", expires_in=0), ValueError),
        (lambda sdk: sdk.whip.create("abcd", use_existing_peer="yes"), TypeError),
        (lambda sdk: sdk.whep.create("abcd", source="../x"), ValueError),
        (lambda sdk: sdk.whep.create("abcd", expires_in=-5), ValueError),
    ],
)
def test_builders_refuse_bad_arguments(
    sdk: vs.AsyncVideoSDK, call: Any, error: type[Exception]
) -> None:
    """Bad ids, expiry or flags are refused before any token is minted, and no frame of the
    refusal holds the secret."""
    signed = sdk._requester.auth.signatures
    with pytest.raises(error) as info:
        call(sdk)
    assert sdk._requester.auth.signatures == signed
    frames, tb = [], info.value.__traceback__
    while tb is not None:
        frames.extend(repr(v) for v in tb.tb_frame.f_locals.values())
        tb = tb.tb_next
    assert [text for text in frames if SECRET in text] == []


def test_builders_need_a_secret() -> None:
    """A static-token SDK cannot build WHIP/WHEP credentials: RuntimeError."""
    sdk = vs.AsyncVideoSDK(token="a.b.c")

    with pytest.raises(RuntimeError, match="api_key= and secret="):
        sdk.whip.create("abcd")
    with pytest.raises(RuntimeError, match="api_key= and secret="):
        sdk.whep.create("abcd")


# -- deletes ---------------------------------------------------------------------------------


async def test_whip_delete_finds_the_live_session_then_deletes(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """whip.delete(endpoint): GET /v2/sessions?roomId&status=ongoing&perPage=1, then DELETE
    /v2/whip/sessions/{sid}?participantId&displayName."""
    sessions = api.get("/v2/sessions").respond(200, json=LIVE)
    gone = api.delete("/v2/whip/sessions/s1").respond(200, json="Whip session ended")
    endpoint = sdk.whip.create("abcd", participant_id="cam1", name="Stage cam")

    answer = await sdk.whip.delete(endpoint)

    assert answer == "Whip session ended"
    assert _query(sessions.calls.last.request) == {
        "roomId": "abcd",
        "status": "ongoing",
        "perPage": "1",
    }
    assert _query(gone.calls.last.request) == {"participantId": "cam1", "displayName": "Stage cam"}
    assert gone.calls.last.request.content == b""


async def test_whip_delete_with_a_session_id_sends_only_the_delete(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """whip.delete(room, participant, session_id=) skips the lookup; the sid is encoded."""
    sessions = api.get("/v2/sessions").respond(200, json=LIVE)
    gone = api.delete("/v2/whip/sessions/s%201").respond(200, json={"message": "ok"})

    answer = await sdk.whip.delete("abcd", "cam1", session_id="s 1")

    assert answer == "ok"
    assert sessions.call_count == 0
    assert _query(gone.calls.last.request) == {"participantId": "cam1"}


async def test_whep_delete_sends_participant_and_remote_peer(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """whep.delete(endpoint): DELETE /v2/whep/sessions/{sid}?participantId&remotePeerId."""
    api.get("/v2/sessions").respond(200, json=LIVE)
    gone = api.delete("/v2/whep/sessions/s1").respond(200, json="Whep session ended")
    endpoint = sdk.whep.create("abcd", participant_id="viewer", source="alice")

    answer = await sdk.whep.delete(endpoint)

    assert answer == "Whep session ended"
    assert _query(gone.calls.last.request) == {"participantId": "viewer", "remotePeerId": "alice"}


@pytest.mark.parametrize("kind", ["whip", "whep"])
async def test_delete_in_a_quiet_room_raises_room_not_found_without_a_delete(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, kind: str
) -> None:
    """No live session: RoomNotFoundError, and no DELETE is sent."""
    api.get("/v2/sessions").respond(200, json=QUIET)
    gone = api.delete(url__regex=rf"/v2/{kind}/sessions/.*").respond(200, json="x")

    with pytest.raises(vs.RoomNotFoundError):
        await getattr(sdk, kind).delete("abcd", "p1")

    assert gone.call_count == 0


@pytest.mark.parametrize("kind", ["whip", "whep"])
async def test_delete_refuses_a_room_without_participant(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, kind: str
) -> None:
    """A room id without participant_id, or an endpoint with one, is ValueError; nothing sent."""
    endpoint = getattr(sdk, kind).create("abcd")

    with pytest.raises(ValueError, match="participant_id"):
        await getattr(sdk, kind).delete("abcd")
    with pytest.raises(ValueError, match="participant_id"):
        await getattr(sdk, kind).delete(endpoint, "p2")
    with pytest.raises(ValueError, match="session_id"):
        await getattr(sdk, kind).delete("abcd", "p1", session_id="a/b")
    assert not api.calls


async def test_whip_delete_is_retried_like_a_read(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A DELETE answered 503 is repeated (R): the second attempt's answer is returned."""
    gone = api.delete("/v2/whip/sessions/s1").mock(
        side_effect=[httpx.Response(503, json={"message": "busy"}), httpx.Response(200, json="ok")]
    )

    answer = await sdk.whip.delete("abcd", "p1", session_id="s1")

    assert (answer, gone.call_count) == ("ok", 2)


# -- socket ingress ---------------------------------------------------------------------------


async def test_socket_ingress_create_sends_the_full_body(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """POST /v2/ingest/sessions {roomId, participant{id,name,metadata}, agent, region}."""
    route = api.post("/v2/ingest/sessions").respond(
        200,
        json={
            "data": {
                "wsUrl": "wss://ingest.videosdk.live/ws?ref=ab%2Fc%3D1&x=2",
                "roomId": "abcd",
                "expiresIn": 90,
            }
        },
    )

    made = await sdk.socket_ingress.create(
        "abcd",
        participant_id="mic-1",
        name="Mic",
        metadata={"lang": "en"},
        agent=vs.SocketIngressAgent("agent-1", type="voice", metadata={"v": 2}),
        region="us002",
    )

    assert json.loads(route.calls.last.request.content) == {
        "roomId": "abcd",
        "participant": {"id": "mic-1", "name": "Mic", "metadata": {"lang": "en"}},
        "agent": {"id": "agent-1", "type": "voice", "metadata": {"v": 2}},
        "region": "us002",
    }
    assert (made.room_id, made.expires_in, made.ref) == ("abcd", 90, "ab/c=1")
    assert made.ws_url.startswith("wss://")


async def test_socket_ingress_create_sends_participant_only_when_given(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """Without participant options the body is {roomId} (and one option is enough)."""
    route = api.post("/v2/ingest/sessions").respond(
        200, json={"wsUrl": "ws://x/ws?ref=r1", "roomId": "abcd", "expiresIn": 90}
    )

    plain = await sdk.socket_ingress.create("abcd")
    bodies = [json.loads(route.calls.last.request.content)]
    await sdk.socket_ingress.create("abcd", name="Mic")
    bodies.append(json.loads(route.calls.last.request.content))

    assert bodies == [{"roomId": "abcd"}, {"roomId": "abcd", "participant": {"name": "Mic"}}]
    assert plain.ref == "r1"  # a top-level answer decodes too


async def test_socket_ingress_failure_after_sending_is_outcome_unknown(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A 502 to the create (1x) raises outcome_unknown=True after exactly one request."""
    route = api.post("/v2/ingest/sessions").respond(502, json={"message": "bad gateway"})

    with pytest.raises(vs.VideoSDKError) as info:
        await sdk.socket_ingress.create("abcd")

    assert info.value.outcome_unknown is True
    assert route.call_count == 1


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"metadata": ["x"]}, TypeError),
        ({"agent": {"id": "a"}}, TypeError),
        ({"participant_id": "a/b"}, ValueError),
    ],
)
async def test_socket_ingress_refuses_bad_options(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, kwargs: dict[str, Any], error: type[Exception]
) -> None:
    """Bad metadata, agent or ids are refused before anything is sent."""
    with pytest.raises(error):
        await sdk.socket_ingress.create("abcd", **kwargs)
    assert not api.calls


def test_socket_ingress_agent_checks_its_fields() -> None:
    """SocketIngressAgent refuses a bad id, a blank type and non-mapping metadata."""
    with pytest.raises(ValueError):
        vs.SocketIngressAgent("a/b")
    with pytest.raises(TypeError):
        vs.SocketIngressAgent("a", type=" ")
    with pytest.raises(TypeError):
        vs.SocketIngressAgent("a", metadata=[1])  # type: ignore[arg-type]
    assert vs.SocketIngressAgent("a").to_wire() == {"id": "a"}


# -- meeting recording merge ------------------------------------------------------------------


async def test_meeting_recording_merge_sends_ids_and_refs(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """POST /v2/transcodings/meeting-recording-merge {recordingIds, webhookUrl,
    presignedOutputUrl}; ids and {id, presignedUrl} mappings sent as given."""
    route = api.post("/v2/transcodings/meeting-recording-merge").respond(
        200, json={"id": "t1", "status": "pending", "recordingIds": ["r1", "r2"]}
    )

    job = await sdk.transcodings.meeting_recording_merge(
        ["r1", {"id": "r2", "presignedUrl": "https://s3/r2.mp4"}],
        webhook_url="https://hooks.example.com/t",
        presigned_output_url="https://s3/out.mp4",
    )

    assert json.loads(route.calls.last.request.content) == {
        "recordingIds": ["r1", {"id": "r2", "presignedUrl": "https://s3/r2.mp4"}],
        "webhookUrl": "https://hooks.example.com/t",
        "presignedOutputUrl": "https://s3/out.mp4",
    }
    assert (job.id, job.status, job.recording_ids) == ("t1", "pending", ("r1", "r2"))


@pytest.mark.parametrize(
    ("ids", "error"),
    [([], ValueError), ("r1", TypeError), ({"id": "r1"}, TypeError), ([{"x": 1}], TypeError)],
)
async def test_meeting_recording_merge_refuses_bad_ids(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, ids: Any, error: type[Exception]
) -> None:
    """No recordings, a lone id or mapping, or a mapping without id: refused, nothing sent."""
    with pytest.raises(error):
        await sdk.transcodings.meeting_recording_merge(ids)
    assert not api.calls


async def test_meeting_recording_merge_failure_after_sending_is_outcome_unknown(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """The merge is 1x: a 500 after sending raises outcome_unknown=True after one request."""
    route = api.post("/v2/transcodings/meeting-recording-merge").respond(500, json={})

    with pytest.raises(vs.InternalServerError) as info:
        await sdk.transcodings.meeting_recording_merge(["r1"])

    assert (info.value.outcome_unknown, route.call_count) == (True, 1)
