"""`AsyncHls`: HLS streams of rooms (``/v2/hls``). Starts and stops are not idempotent."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._core._converter import ShapeError, bare_string, into, json_value
from .._core._errors import InvalidArgumentError as BadValue
from .._core._ids import check_id, optional_id, optional_label, segment
from .._core._pagination import AsyncPager
from .._core._requester import CallTimeout
from .._core._retry import RetryPolicy
from ..models.egress import Composition, HlsStream
from ._base import Resource, into_at, options
from ._egress import composed


def _capture(answer: Any) -> dict[str, Any]:
    if not isinstance(answer, Mapping):
        raise ShapeError(f"expected an object, got {type(answer).__name__}")
    return dict(answer)


class AsyncHls(Resource):
    """HLS streams. Get it as ``sdk.hls``; do not construct it yourself."""

    __slots__ = ()

    async def start(
        self,
        room_id: str,
        *,
        composition: Composition | None = None,
        template_url: str | None = None,
        webhook_url: str | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> HlsStream:
        """Start streaming a room's live session over HLS (``POST /v2/hls/start``).

        Raises:
            TypeError, ValueError: Bad options, e.g. both composition and template_url.
        """
        body = options(
            composed(room_id, composition, template_url),
            webhookUrl=optional_label(webhook_url, "webhook_url"),
        )
        return await self._post(
            "/v2/hls/start", into(HlsStream), body=body, retry=retry, timeout=timeout
        )

    async def stop(
        self, room_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> str:
        """Stop a room's HLS stream (``POST /v2/hls/end``); the API's confirmation."""
        body = {"roomId": check_id(room_id, "room_id")}
        return await self._post("/v2/hls/end", bare_string, body=body, retry=retry, timeout=timeout)

    async def active(
        self, room_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> HlsStream:
        """The room's live HLS stream (``GET /v2/hls/{roomId}/active``).

        Raises:
            NotFoundError: Nothing is streaming.
        """
        path = f"/v2/hls/{segment(room_id, 'room_id')}/active"
        # ``{code, data}`` around the stream [DOC]
        return await self._get(path, into_at(HlsStream), retry=retry, timeout=timeout)

    async def get(
        self, hls_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> HlsStream:
        """One HLS stream by id (``GET /v2/hls/{id}``)."""
        path = f"/v2/hls/{segment(hls_id, 'hls_id')}"
        return await self._get(path, into(HlsStream), retry=retry, timeout=timeout)

    def list(
        self,
        *,
        room_id: str | None = None,
        session_id: str | None = None,
        query: str | None = None,
        page: int | None = None,
        per_page: int | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> AsyncPager[HlsStream]:
        """HLS streams, optionally of one room or session, or of the room whose roomId or
        customRoomId is ``query`` (paged; no I/O until used)."""
        return self._room_pager(
            "/v2/hls",
            HlsStream,
            room_id=room_id,
            session_id=session_id,
            page=page,
            per_page=per_page,
            retry=retry,
            timeout=timeout,
            query=optional_id(query, "query"),
        )

    async def delete(
        self, hls_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> str:
        """Delete an HLS stream's recording; the API's confirmation."""
        path = f"/v2/hls/{segment(hls_id, 'hls_id')}"
        return await self._delete(path, bare_string, retry=retry, timeout=timeout)

    async def capture(
        self,
        room_id: str,
        *,
        format: str | None = None,
        width: int | None = None,
        height: int | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> dict[str, Any]:
        """Capture a still of the room's stream (``POST /v2/hls/capture``): the answer's JSON."""
        if format is not None and format not in ("png", "jpg", "webp"):
            raise BadValue(f"format must be 'png', 'jpg' or 'webp', not {format!r}")
        body = options(
            {"roomId": check_id(room_id, "room_id")}, format=format, width=width, height=height
        )
        answer = await self._post(
            "/v2/hls/capture", json_value, body=body, retry=retry, timeout=timeout
        )
        return _capture(answer)
