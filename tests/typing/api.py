"""Type-checked (mypy --strict in .ci/run), never run: pins the public API's types."""

from __future__ import annotations

import contextlib
from datetime import datetime

import httpx

import videosdk_async as vs


async def usage() -> None:
    policy: vs.RetryPolicy = vs.RetryPolicy(max_attempts=1, deadline=None)
    async with vs.AsyncVideoSDK(
        api_key="k",
        secret="s",
        base_url="https://api.videosdk.live",
        timeout=httpx.Timeout(5.0),
        retry=policy,
        http_backend="aiohttp",
    ) as sdk:
        meetings: vs.AsyncMeetings = sdk.meetings
        meeting: vs.Meeting = await meetings.create(user_meeting_id="u")
        same: vs.Meeting = await meetings.validate(meeting.meeting_id, retry=policy)
        created: datetime = same.created_at
        umid: str | None = same.user_meeting_id
        token: str = sdk.join_token(meeting.meeting_id, participant_id="p", ttl=60)
        results: list[vs.Meeting | vs.VideoSDKError] = await meetings.create_many(
            ["a", None], concurrency=4, return_exceptions=True, rate_limit=10.0
        )
        async with contextlib.aclosing(meetings.create_iter(["a"])) as stream:
            async for index, result in stream:
                position: int = index
                outcome: vs.Meeting | vs.VideoSDKError = result
        checked = await meetings.validate_many(["x"], return_exceptions=True)
        only_meetings: list[vs.Meeting] = await meetings.create_many(["a"])
        rooms: vs.AsyncRooms = sdk.rooms
        room: vs.Room = await rooms.create(
            custom_room_id="c",
            webhook=vs.RoomWebhook("https://h/x", ["*"]),
            auto_close=vs.AutoClose(duration=5),
            multi_composition=vs.MultiComposition(hls=True),
            timeout=2.0,
            retry=policy,
        )
        raw: dict[str, object] = room.raw
        as_json: dict[str, object] = room.to_dict()
        fetched: vs.Room = await rooms.get(room.room_id, timeout=httpx.Timeout(1.0))
        await rooms.update(room.room_id, status="disabled")
        pager: vs.AsyncPager[vs.Room] = rooms.list(per_page=100, query="c")
        page: vs.Page[vs.Room] = await pager
        listed: list[vs.Room] = page.data
        following: vs.Page[vs.Room] | None = await page.next_page()
        async for each in rooms.list():
            each_id: str = each.room_id
        made: list[vs.Room] = await rooms.create_many(["a", {"geo_fence": "us002"}])
        mixed: list[vs.Room | vs.VideoSDKError] = await rooms.create_many(
            ["a"], return_exceptions=True
        )
        mapped: list[int] = await sdk.map(_double, [1, 2])
        mapped_or_errors: list[int | vs.VideoSDKError] = await sdk.map(
            _double, [1], return_exceptions=True
        )
        anything: object = await sdk.request("GET", "/v2/rooms", params={"page": 1})
        webhooks: vs.AsyncWebhooks = sdk.webhooks
        pem: str = await webhooks.public_key(timeout=5.0)
        event: vs.WebhookEvent = await webhooks.verify(b"{}", "c2ln")
        kind: str | None = event.type
        if isinstance(event.data, vs.ParticipantEventData):
            who: str | None = event.data.participant_id
            del who
        offline: vs.WebhookEvent = vs.verify_webhook("{}", None, public_key=pem)
        del kind, offline
        sessions: vs.AsyncSessions = sdk.sessions
        session_pages: vs.AsyncPager[vs.Session] = sessions.list(room_id="r", status="ended")
        one_session: vs.Session = await sessions.get("s")
        ended_session: vs.Session = await sessions.end("r", session_id="s")
        people: vs.AsyncPager[vs.Participant] = sdk.participants.list("r")
        removed: str = await sessions.remove_participant("p", room_id="r")
        quality: vs.SessionStats = await sessions.stats("s")
        stays: tuple[vs.TimelogEntry, ...] = (await sdk.participants.get("r", "p")).timelog
        del session_pages, one_session, ended_session, people, removed, quality, stays
        everyone: vs.Page[vs.Participant] = await sessions.participants("s", per_page=50)
        now_in: vs.AsyncPager[vs.Participant] = sessions.active_participants("s")
        alice: vs.Participant = await sessions.participant("s", "p", timeout=2.0)
        samples: tuple[dict[str, object], ...] = (await sessions.participant_stats("s", "p")).stats
        kicked: str = await sdk.participants.remove("r", "p", retry=vs.RetryPolicy())
        del everyone, now_in, alice, samples, kicked
        layout = vs.Composition(layout="grid", grid_size=4, quality="ultra")
        egress: vs.Egress = await sdk.recordings.start("r", composition=layout, dir_path="/d")
        recordings: vs.AsyncPager[vs.Recording] = sdk.recordings.list(room_id="r")
        composite: vs.Egress = await sdk.recordings.composite.start("r")
        stopped: str = await sdk.recordings.composite.stop(composite)
        tracked: str = await sdk.recordings.track.start("r", "p", "audio")
        hls_stream: vs.HlsStream = await sdk.hls.active("r")
        rtmp: vs.Egress = await sdk.livestreams.start("r", [vs.RtmpOutput("rtmp://x", "k")])
        job: vs.Transcoding = await sdk.transcodings.merge(["a"])
        del egress, recordings, stopped, tracked, hls_stream, rtmp, job
        merged: vs.Recording = await sdk.recordings.merge.get("m")
        streamed: vs.HlsStream = await sdk.hls.start("r", template_url="https://t")
        streams: vs.AsyncPager[vs.Livestream] = sdk.livestreams.list(room_id="r")
        cancelled: vs.Transcoding = await sdk.transcodings.cancel("t")
        del merged, streamed, streams, cancelled
        del created, umid, token, results, checked, position, outcome, only_meetings, raw
        del as_json, fetched, listed, following, each_id, made, mixed, mapped, mapped_or_errors
        del anything
    minted: str = vs.generate_token("k", "s", permissions=["allow_join"], roles=["crawler"])
    del minted


async def _double(value: int) -> int:
    return value * 2


def errors(exc: vs.VideoSDKError) -> None:
    attempts: int = exc.attempts
    unknown: bool = exc.outcome_unknown
    if isinstance(exc, vs.RateLimitError):
        wait: float | None = exc.retry_after
        status: int = exc.status_code
        request_id: str | None = exc.request_id
        del wait, status, request_id
    if isinstance(exc, vs.BatchError):
        items: list[object] = exc.results
        del items
    del attempts, unknown


async def emulator_webhooks(app: object) -> None:
    from videosdk_async.emulator import Delivery, Emulator

    emulator = Emulator(webhook_private_key=None, webhook_app=app)
    emulator.route_webhooks_to(app)
    pem: str = emulator.webhook_public_key
    emulator.rotate_webhook_key()
    settled: list[Delivery] = await emulator.deliveries_settled(timeout=1.0)
    finished: list[Delivery] = emulator.deliveries
    waited: list[Delivery] = emulator.wait_deliveries(timeout=1.0)
    first = finished[0]
    fields: tuple[str, str, bytes, str, int, int, tuple[int, ...], bool] = (
        first.url,
        first.type,
        first.body,
        first.signature,
        first.attempts,
        first.status,
        first.statuses,
        first.delivered,
    )
    del pem, settled, waited, fields
