"""`AsyncTranscription` and its ``.realtime`` (`AsyncRealtimeTranscription`): live
transcription of a room's session (``/ai/v1/realtime-transcriptions``).

Start and stop are not idempotent: a failure after sending raises with
``outcome_unknown=True`` and is never repeated.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs

from .._core._errors import InvalidArgumentError as BadValue
from .._core._errors import InvalidArgumentTypeError as BadType
from .._core._ids import check_id, check_label, optional_label, segment
from .._core._pagination import AsyncPager, ListShape
from .._core._requester import CallTimeout
from .._core._retry import RetryPolicy
from ..models.transcription import RealtimeTranscription, TranscriptionSummary
from ._base import Resource, into_at, options

if TYPE_CHECKING:
    from .._client import AsyncVideoSDK

PATH = "/ai/v1/realtime-transcriptions"
#: List answers keep their items under ``transcriptions`` (else ``data``).
TRANSCRIPTIONS = ListShape.keyed("transcriptions")


def _in_room(room_id: str) -> Callable[[Any], RealtimeTranscription]:
    """The decoder of an answer about ``room_id``: its room filled in when the API left it out."""
    decode = into_at(RealtimeTranscription)

    def decoded(answer: Any) -> RealtimeTranscription:
        found = decode(answer)
        if found.room_id is not None:
            return found
        return attrs.evolve(found, room_id=room_id)

    return decoded


class AsyncRealtimeTranscription(Resource):
    """Realtime transcription. Get it as ``sdk.transcription.realtime``."""

    __slots__ = ()

    async def start(
        self,
        room_id: str,
        *,
        webhook_url: str | None = None,
        model_id: str | None = None,
        language: str | None = None,
        summary: TranscriptionSummary | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> RealtimeTranscription:
        """Start transcribing a room's live session (``POST .../start``).

        Args:
            room_id: The room (it needs a live session).
            webhook_url: Where to post this transcription's events.
            model_id: The provider's model, e.g. ``"deepgram/nova-2"`` (sent as given).
            language: A language hint, e.g. ``"en"``.
            summary: Write a summary when it ends (`TranscriptionSummary`).

        Returns:
            The transcription, its ``room_id`` filled in.

        Raises:
            TypeError, ValueError: Bad options (nothing is sent).
        """
        room = check_id(room_id, "room_id")
        if summary is not None and not isinstance(summary, TranscriptionSummary):
            raise BadType("summary must be a TranscriptionSummary or None")
        body = options(
            {"roomId": room},
            webhookUrl=optional_label(webhook_url, "webhook_url"),
            modelId=None if model_id is None else check_label(model_id, "model_id"),
            language=optional_label(language, "language"),
            summary=None if summary is None else summary.to_wire(),
        )
        return await self._post(
            f"{PATH}/start", _in_room(room), body=body, retry=retry, timeout=timeout
        )

    async def stop(
        self,
        transcription_or_room_id: RealtimeTranscription | str,
        *,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> RealtimeTranscription:
        """Stop the transcription running in a room (``POST .../end`` with ``{roomId}``).

        Args:
            transcription_or_room_id: The room id, or a `RealtimeTranscription` (its room).

        Raises:
            ValueError: A transcription whose ``room_id`` is None, or a bad id (nothing sent).
        """
        target = transcription_or_room_id
        if isinstance(target, RealtimeTranscription):
            if target.room_id is None:
                raise BadValue("this transcription names no room_id: pass the room id")
            target = target.room_id
        room = check_id(target, "room_id")
        return await self._post(
            f"{PATH}/end", _in_room(room), body={"roomId": room}, retry=retry, timeout=timeout
        )

    async def get(
        self,
        transcription_id: str,
        *,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> RealtimeTranscription:
        """One transcription (``GET .../{id}``)."""
        path = f"{PATH}/{segment(transcription_id, 'transcription_id')}"
        return await self._get(path, into_at(RealtimeTranscription), retry=retry, timeout=timeout)

    def list(
        self,
        *,
        status: str | None = None,
        page: int | None = None,
        per_page: int | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> AsyncPager[RealtimeTranscription]:
        """Transcriptions (paged; no I/O until used). The API has no room filter."""
        return self._pager(
            PATH,
            RealtimeTranscription,
            page=page,
            per_page=per_page,
            params={"status": optional_label(status, "status")},
            shape=TRANSCRIPTIONS,
            retry=retry,
            timeout=timeout,
        )


class AsyncTranscription(Resource):
    """Transcription. Get it as ``sdk.transcription``; its calls are on ``.realtime``."""

    __slots__ = ("realtime",)

    def __init__(self, sdk: AsyncVideoSDK) -> None:
        super().__init__(sdk)
        self.realtime = AsyncRealtimeTranscription(sdk)
        """Realtime (live) transcription: `AsyncRealtimeTranscription`."""
