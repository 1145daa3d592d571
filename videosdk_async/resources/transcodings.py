"""`AsyncTranscodings`: merges and conversions of recordings (``/v2/transcodings``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .._core._converter import into
from .._core._errors import InvalidArgumentError as BadValue
from .._core._errors import InvalidArgumentTypeError as BadType
from .._core._ids import check_id, optional_id, optional_label, segment
from .._core._pagination import AsyncPager
from .._core._requester import CallTimeout
from .._core._retry import RetryPolicy
from ..models.egress import Transcoding
from ._base import Resource, options


class AsyncTranscodings(Resource):
    """Transcoding jobs. Get it as ``sdk.transcodings``; do not construct it yourself."""

    __slots__ = ()

    async def merge(
        self,
        recording_ids: Sequence[str],
        *,
        webhook_url: str | None = None,
        watermark: Mapping[str, Any] | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> Transcoding:
        """Merge recordings into one file (``POST /v2/transcodings/merge``).

        Raises:
            ValueError: No recording ids (nothing is sent).
            TypeError: ``recording_ids`` is a lone ``str`` or holds a non-``str``.
        """
        if isinstance(recording_ids, str):
            raise BadType("recording_ids must be a sequence of str, not one str")
        ids = [check_id(r, "recording_id") for r in recording_ids]
        if not ids:
            raise BadValue("recording_ids must hold at least one recording id")
        body = options(
            {"recordingIds": ids},
            webhookUrl=optional_label(webhook_url, "webhook_url"),
            watermark=watermark,
        )
        return await self._post(
            "/v2/transcodings/merge", into(Transcoding), body=body, retry=retry, timeout=timeout
        )

    async def meeting_recording_merge(
        self,
        recording_ids: Sequence[str | Mapping[str, Any]],
        *,
        webhook_url: str | None = None,
        presigned_output_url: str | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> Transcoding:
        """Concatenate meeting recordings in time order (``POST /v2/transcodings/
        meeting-recording-merge``).

        Args:
            recording_ids: Recording ids, or ``{"id": ..., "presignedUrl": ...}`` mappings
                (sent as given, the id checked).
            webhook_url: Where the job's events go.
            presigned_output_url: Where the output is written (before your storage settings).

        Raises:
            ValueError: No recordings, or a mapping without an ``id`` (nothing is sent).
            TypeError: ``recording_ids`` is a lone ``str``, or holds something else.
        """
        if isinstance(recording_ids, str | Mapping):
            raise BadType("recording_ids must be a sequence of ids or mappings, not one")
        refs = [_recording_ref(ref) for ref in recording_ids]
        if not refs:
            raise BadValue("recording_ids must hold at least one recording")
        body = options(
            {"recordingIds": refs},
            webhookUrl=optional_label(webhook_url, "webhook_url"),
            presignedOutputUrl=optional_label(presigned_output_url, "presigned_output_url"),
        )
        return await self._post(
            "/v2/transcodings/meeting-recording-merge",
            into(Transcoding),
            body=body,
            retry=retry,
            timeout=timeout,
        )

    async def hls_to_mp4(
        self,
        *,
        room_id: str | None = None,
        session_id: str | None = None,
        hls_id: str | None = None,
        webhook_url: str | None = None,
        storage: Mapping[str, Any] | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> Transcoding:
        """Convert an HLS recording to MP4 (``POST /v2/transcodings/hls-to-mp4``).

        Raises:
            ValueError: None of room_id, session_id, hls_id (nothing is sent).
        """
        if room_id is None and session_id is None and hls_id is None:
            raise BadValue("hls_to_mp4 needs room_id=, session_id= or hls_id=")
        body = options(
            {},
            roomId=optional_id(room_id, "room_id"),
            sessionId=optional_id(session_id, "session_id"),
            hlsId=optional_id(hls_id, "hls_id"),
            webhookUrl=optional_label(webhook_url, "webhook_url"),
            storage=storage,
        )
        return await self._post(
            "/v2/transcodings/hls-to-mp4",
            into(Transcoding),
            body=body,
            retry=retry,
            timeout=timeout,
        )

    def list(
        self,
        *,
        room_id: str | None = None,
        session_id: str | None = None,
        status: str | None = None,
        page: int | None = None,
        per_page: int | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> AsyncPager[Transcoding]:
        """Transcoding jobs (paged; no I/O until used)."""
        return self._room_pager(
            "/v2/transcodings",
            Transcoding,
            room_id=room_id,
            session_id=session_id,
            page=page,
            per_page=per_page,
            retry=retry,
            timeout=timeout,
            status=status,
        )

    async def get(
        self, transcoding_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> Transcoding:
        """One job (``GET /v2/transcodings/{id}``)."""
        path = f"/v2/transcodings/{segment(transcoding_id, 'transcoding_id')}"
        return await self._get(path, into(Transcoding), retry=retry, timeout=timeout)

    async def cancel(
        self, transcoding_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> Transcoding:
        """Cancel a job (``POST /v2/transcodings/{id}/cancel``)."""
        path = f"/v2/transcodings/{segment(transcoding_id, 'transcoding_id')}/cancel"
        return await self._post(path, into(Transcoding), retry=retry, timeout=timeout)


def _recording_ref(ref: object) -> str | dict[str, Any]:
    """A recording id, or ``{id, presignedUrl?}`` with its id checked."""
    if isinstance(ref, Mapping):
        check_id(ref.get("id"), "recording_ids[].id")
        return dict(ref)
    return check_id(ref, "recording_id")
