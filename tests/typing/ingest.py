# ruff: noqa: F841  (the annotated assignments are the pins)
"""Type-checked (mypy --strict in .ci/run), never run: pins the ingest (WHIP, WHEP, socket
ingress), token tools, extra headers and meeting recording merge API's types."""

from __future__ import annotations

from typing import Any

import videosdk_async as vs


async def ingest(sdk: vs.AsyncVideoSDK) -> None:
    whip_family: vs.AsyncWhip = sdk.whip
    whep_family: vs.AsyncWhep = sdk.whep
    sockets: vs.AsyncSocketIngress = sdk.socket_ingress
    publish: vs.WhipEndpoint = sdk.whip.create(
        "room", participant_id="cam", name="OBS", expires_in=600, use_existing_peer=True
    )
    url: str = publish.url
    token: str = publish.token
    stream_key: str = publish.stream_key
    display: str | None = publish.display_name
    as_dict: dict[str, Any] = publish.to_dict()
    ended: str = await sdk.whip.delete(publish)
    by_room: str = await sdk.whip.delete("room", "cam", session_id="s1", retry=None, timeout=5.0)
    play: vs.WhepEndpoint = sdk.whep.create("room", participant_id="v", source="cam", expires_in=60)
    remote: str | None = play.remote_peer_id
    stopped: str = await sdk.whep.delete(play)
    stopped_by_room: str = await sdk.whep.delete("room", "v", session_id="s1")
    made: vs.SocketIngress = await sdk.socket_ingress.create(
        "room",
        participant_id="mic",
        name="Mic",
        metadata={"lang": "en"},
        agent=vs.SocketIngressAgent("agent-1", type="voice", metadata={"v": 1}),
        region="us002",
        retry=vs.RetryPolicy(max_attempts=1),
        timeout=5.0,
    )
    ws_url: str = made.ws_url
    ref: str | None = made.ref
    expires_in: float | None = made.expires_in
    merged: vs.Transcoding = await sdk.transcodings.meeting_recording_merge(
        ["r1", {"id": "r2", "presignedUrl": "https://s3/r2"}],
        webhook_url="https://h",
        presigned_output_url="https://s3/out",
    )
    print(whip_family, whep_family, sockets, ended, by_room, stopped, stopped_by_room, merged)


async def tokens_and_headers() -> None:
    sdk = vs.AsyncVideoSDK(api_key="k", secret="s", headers={"X-Tenant": "acme"})
    joined: str = sdk.join_token("room", roles=["rtc"], claims={"plan": "pro"})
    minted: str = sdk.generate_token(
        permissions=["allow_join", "allow_mod"],
        roles=["crawler"],
        room_id="room",
        participant_id="p",
        ttl=60.0,
        claims={"a": 1},
    )
    claims: dict[str, Any] = sdk.verify_token(minted)
    checked: dict[str, Any] = vs.verify_token(minted, "secret")
    peeked: dict[str, Any] | None = vs.decode_token(minted)
    module: str = vs.generate_token("k", "s", claims={"a": 1})
    answer: Any = await sdk.request("GET", "/v2/rooms", headers={"X-Once": "1"})
    try:
        vs.verify_token("x", "s")
    except vs.InvalidTokenError as exc:
        message: str = exc.message
