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
        del created, umid, token, results, checked, position, outcome
    minted: str = vs.generate_token("k", "s", permissions=["allow_join"], roles=["crawler"])
    del minted


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
