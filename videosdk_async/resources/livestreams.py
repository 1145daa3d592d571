"""`AsyncLivestreams`: RTMP livestreams of rooms (``/v2/livestreams``); not idempotent."""

from __future__ import annotations

from collections.abc import Sequence

from .._core._converter import bare_string, into
from .._core._errors import InvalidArgumentError as BadValue
from .._core._errors import InvalidArgumentTypeError as BadType
from .._core._ids import check_id, optional_id, segment
from .._core._pagination import AsyncPager
from .._core._requester import CallTimeout
from .._core._retry import RetryPolicy
from ..models.egress import Composition, Egress, Livestream, RtmpOutput
from ._base import Resource
from ._egress import composed, egress_decoder


class AsyncLivestreams(Resource):
    """RTMP livestreams. Get it as ``sdk.livestreams``; do not construct it yourself."""

    __slots__ = ()

    async def start(
        self,
        room_id: str,
        outputs: Sequence[RtmpOutput],
        *,
        composition: Composition | None = None,
        template_url: str | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> Egress:
        """Stream a room's live session to RTMP destinations (``POST /v2/livestreams/start``).

        Raises:
            ValueError: No outputs, or both composition and template_url (nothing sent).
            TypeError: An output is not an `RtmpOutput`.
        """
        if isinstance(outputs, str | RtmpOutput):
            raise BadType("outputs must be a sequence of RtmpOutput(url, stream_key)")
        targets = list(outputs)  # one pass, so an iterator works too
        if not targets:
            raise BadValue("outputs must hold at least one RtmpOutput")
        if not all(isinstance(o, RtmpOutput) for o in targets):
            raise BadType("each output must be an RtmpOutput(url, stream_key)")
        body = composed(room_id, composition, template_url)
        body["outputs"] = [o.to_wire() for o in targets]
        return await self._post(
            "/v2/livestreams/start",
            egress_decoder("livestream", body["roomId"]),
            body=body,
            retry=retry,
            timeout=timeout,
        )

    async def stop(
        self, room_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> str:
        """Stop a room's livestream (``POST /v2/livestreams/end``); the API's confirmation."""
        return await self._post(
            "/v2/livestreams/end",
            bare_string,
            body={"roomId": check_id(room_id, "room_id")},
            retry=retry,
            timeout=timeout,
        )

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
    ) -> AsyncPager[Livestream]:
        """Livestreams, optionally of one room or session, or of the room whose roomId or
        customRoomId is ``query`` (paged; no I/O until used)."""
        return self._room_pager(
            "/v2/livestreams",
            Livestream,
            room_id=room_id,
            session_id=session_id,
            page=page,
            per_page=per_page,
            retry=retry,
            timeout=timeout,
            query=optional_id(query, "query"),
        )

    async def get(
        self, livestream_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> Livestream:
        """One livestream by id (``GET /v2/livestreams/{id}``)."""
        path = f"/v2/livestreams/{segment(livestream_id, 'livestream_id')}"
        return await self._get(path, into(Livestream), retry=retry, timeout=timeout)
