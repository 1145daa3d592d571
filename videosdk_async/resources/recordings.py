"""`AsyncRecordings`: room recordings, and ``.participant``, ``.track``, ``.composite``,
``.merge`` (``/v2/recordings...``). Starts and stops are not idempotent: a failure after
sending raises with ``outcome_unknown=True`` and is never repeated."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._core._converter import bare_string
from .._core._ids import check_id, optional_id, optional_label
from .._core._pagination import AsyncPager
from .._core._requester import CallTimeout
from .._core._retry import RetryPolicy
from ..models.egress import Composition, Egress, Recording
from ._base import options
from ._egress import composed, egress_decoder
from ._recording_kinds import (
    AsyncCompositeRecordings,
    AsyncMergeRecordings,
    AsyncParticipantRecordings,
    AsyncTrackRecordings,
    RecordingList,
)

if TYPE_CHECKING:
    from .._client import AsyncVideoSDK


class AsyncRecordings(RecordingList):
    """Room (composed) recordings. Get it as ``sdk.recordings``; do not construct it."""

    __slots__ = ("composite", "merge", "participant", "track")

    def __init__(self, sdk: AsyncVideoSDK) -> None:
        super().__init__(sdk)
        self.participant = AsyncParticipantRecordings(sdk)
        """Recordings of one participant: `AsyncParticipantRecordings`."""
        self.track = AsyncTrackRecordings(sdk)
        """Recordings of one track of a participant: `AsyncTrackRecordings`."""
        self.composite = AsyncCompositeRecordings(sdk)
        """Composite recordings of chosen participants: `AsyncCompositeRecordings`."""
        self.merge = AsyncMergeRecordings(sdk)
        """Merges of participant recordings: `AsyncMergeRecordings`."""

    async def start(
        self,
        room_id: str,
        *,
        composition: Composition | None = None,
        template_url: str | None = None,
        webhook_url: str | None = None,
        dir_path: str | None = None,
        file_format: str | None = None,
        pre_signed_url: str | None = None,
        transcription: Mapping[str, Any] | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> Egress:
        """Start recording a room's live session (``POST /v2/recordings/start``).

        Args:
            room_id: The room.
            composition: The layout (`Composition`); or ``template_url``, never both.
            template_url: A custom layout page.
            webhook_url: Where to post this recording's events.
            dir_path: The storage folder (sent as ``awsDirPath``).
            file_format: ``"mp4"`` or ``"webm"``.
            pre_signed_url: Upload there (sent as ``preSignedUrl``).
            transcription: The API's transcription options, sent as given.

        Returns:
            An `Egress` (``id`` None when the API answered a bare string).

        Raises:
            TypeError, ValueError: Bad options (nothing is sent).
        """
        body = options(
            composed(room_id, composition, template_url),
            webhookUrl=optional_label(webhook_url, "webhook_url"),
            awsDirPath=dir_path,
            fileFormat=file_format,
            preSignedUrl=pre_signed_url,
            transcription=transcription,
        )
        return await self._post(
            "/v2/recordings/start",
            egress_decoder("recording", body["roomId"]),
            body=body,
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
    ) -> AsyncPager[Recording]:
        """The room recordings, optionally of one room or session, or of the room whose
        roomId or customRoomId is ``query`` (paged; no I/O until used)."""
        found = optional_id(query, "query")
        return self._listing(room_id, session_id, page, per_page, retry, timeout, query=found)

    async def stop(
        self, room_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> str:
        """Stop a room's recording (``POST /v2/recordings/end``); the API's confirmation."""
        return await self._post(
            "/v2/recordings/end",
            bare_string,
            body={"roomId": check_id(room_id, "room_id")},
            retry=retry,
            timeout=timeout,
        )
