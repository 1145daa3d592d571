"""The other kinds of recording: per participant, per track, composite, and merges.

They send the storage folder as ``bucketDirPath`` (the room recording sends ``awsDirPath``),
and the composite one its upload URL as ``preSignedURL`` [SDK]. Starts and stops are not
idempotent: a failure after sending raises with ``outcome_unknown=True``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from .._core._converter import bare_string, into
from .._core._errors import InvalidArgumentError as BadValue
from .._core._errors import InvalidArgumentTypeError as BadType
from .._core._ids import check_id, optional_id, optional_label, segment
from .._core._pagination import DATA, AsyncPager, ListShape
from .._core._requester import CallTimeout
from .._core._retry import RetryPolicy
from ..models.egress import Egress, Recording
from ._base import Resource, into_at, options
from ._egress import egress_decoder, track_kind

TrackKind = Literal["audio", "video", "screen_audio", "screen_video"]


class RecordingLister(Resource):
    """``list`` of the recordings under ``_base``, whose answers have ``_shape``."""

    __slots__ = ()
    _base = "/v2/recordings"
    _shape = DATA

    def list(
        self,
        *,
        room_id: str | None = None,
        session_id: str | None = None,
        page: int | None = None,
        per_page: int | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> AsyncPager[Recording]:
        """The recordings, optionally of one room or session (paged; no I/O until used)."""
        return self._listing(room_id, session_id, page, per_page, retry, timeout)

    def _listing(
        self,
        room_id: str | None,
        session_id: str | None,
        page: int | None,
        per_page: int | None,
        retry: RetryPolicy | None,
        timeout: CallTimeout,
        **filters: str | None,
    ) -> AsyncPager[Recording]:
        """``list`` with the kind's own ``filters`` (wire names; None left out)."""
        return self._room_pager(
            self._base,
            Recording,
            room_id=room_id,
            session_id=session_id,
            page=page,
            per_page=per_page,
            retry=retry,
            timeout=timeout,
            shape=self._shape,
            **filters,
        )


class RecordingList(RecordingLister):
    """``list``, ``get`` and ``delete`` of one kind of recording under ``_base``.

    Each kind adds its own ``start``/``stop`` beside these; none changes these signatures.
    """

    __slots__ = ()

    async def get(
        self, recording_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> Recording:
        """One recording."""
        path = f"{self._base}/{segment(recording_id, 'recording_id')}"
        return await self._get(path, into(Recording), retry=retry, timeout=timeout)

    async def delete(
        self, recording_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> str:
        """Delete a recording; returns the API's confirmation."""
        path = f"{self._base}/{segment(recording_id, 'recording_id')}"
        return await self._delete(path, bare_string, retry=retry, timeout=timeout)


def _who(room_id: str, participant_id: str, kind: object = None) -> dict[str, Any]:
    """``{roomId, participantId, kind?}``: both ids checked first, then the track kind."""
    body = {
        "roomId": check_id(room_id, "room_id"),
        "participantId": check_id(participant_id, "participant_id"),
    }
    if kind is not None:
        body["kind"] = track_kind(kind)
    return body


class AsyncParticipantRecordings(RecordingList):
    """Recordings of one participant (``/v2/recordings/participant``)."""

    __slots__ = ()
    _base = "/v2/recordings/participant"

    def list(
        self,
        *,
        room_id: str | None = None,
        session_id: str | None = None,
        participant_id: str | None = None,
        page: int | None = None,
        per_page: int | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> AsyncPager[Recording]:
        """The recordings, optionally of one room, session or participant (paged; no I/O
        until used)."""
        participant = optional_id(participant_id, "participant_id")
        return self._listing(
            room_id, session_id, page, per_page, retry, timeout, participantId=participant
        )

    async def start(
        self,
        room_id: str,
        participant_id: str,
        *,
        file_format: str | None = None,
        webhook_url: str | None = None,
        dir_path: str | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> str:
        """Start recording one participant; returns the API's confirmation."""
        body = options(
            _who(room_id, participant_id),
            fileFormat=file_format,
            webhookUrl=optional_label(webhook_url, "webhook_url"),
            bucketDirPath=dir_path,
        )
        return await self._post(
            f"{self._base}/start", bare_string, body=body, retry=retry, timeout=timeout
        )

    async def stop(
        self,
        room_id: str,
        participant_id: str,
        *,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> str:
        """Stop recording one participant; returns the API's confirmation."""
        body = _who(room_id, participant_id)
        return await self._post(
            f"{self._base}/stop", bare_string, body=body, retry=retry, timeout=timeout
        )


class AsyncTrackRecordings(RecordingList):
    """Recordings of one track of a participant (``/v2/recordings/participant/track``)."""

    __slots__ = ()
    _base = "/v2/recordings/participant/track"

    def list(
        self,
        *,
        room_id: str | None = None,
        session_id: str | None = None,
        participant_id: str | None = None,
        page: int | None = None,
        per_page: int | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> AsyncPager[Recording]:
        """The recordings, optionally of one room, session or participant (paged; no I/O
        until used)."""
        participant = optional_id(participant_id, "participant_id")
        return self._listing(
            room_id, session_id, page, per_page, retry, timeout, participantId=participant
        )

    async def start(
        self,
        room_id: str,
        participant_id: str,
        kind: TrackKind,
        *,
        file_format: str | None = None,
        webhook_url: str | None = None,
        dir_path: str | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> str:
        """Start recording one track (``audio``, ``video``, ``screen_audio``, ``screen_video``).

        Raises:
            ValueError: An unknown track kind (nothing is sent).
        """
        body = options(
            _who(room_id, participant_id, kind),
            fileFormat=file_format,
            webhookUrl=optional_label(webhook_url, "webhook_url"),
            bucketDirPath=dir_path,
        )
        return await self._post(
            f"{self._base}/start", bare_string, body=body, retry=retry, timeout=timeout
        )

    async def stop(
        self,
        room_id: str,
        participant_id: str,
        kind: TrackKind,
        *,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> str:
        """Stop recording one track; returns the API's confirmation."""
        body = _who(room_id, participant_id, kind)
        return await self._post(
            f"{self._base}/stop", bare_string, body=body, retry=retry, timeout=timeout
        )


class AsyncCompositeRecordings(RecordingList):
    """Composite recordings of chosen participants (``/v2/recordings/composite``)."""

    __slots__ = ()
    _base = "/v2/recordings/composite"

    async def start(
        self,
        room_id: str,
        *,
        participants: Sequence[Mapping[str, Any]] | None = None,
        watermarks: Sequence[Mapping[str, Any]] | None = None,
        webhook_url: str | None = None,
        dir_path: str | None = None,
        pre_signed_url: str | None = None,
        file_format: str | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> Egress:
        """Start a composite recording; the `Egress` carries its ``id`` (the recordingId).

        Args:
            participants: ``[{"participantId": ..., "kind": [...]}]``, sent as given.
            watermarks: Up to three watermark objects, sent as given.
            dir_path: Sent as ``bucketDirPath``.
            pre_signed_url: Sent as ``preSignedURL`` (this endpoint's spelling).
        """
        body = options(
            {"roomId": check_id(room_id, "room_id")},
            participants=participants,
            watermarks=watermarks,
            webhookUrl=optional_label(webhook_url, "webhook_url"),
            bucketDirPath=dir_path,
            preSignedURL=pre_signed_url,
            fileFormat=file_format,
        )
        return await self._post(
            f"{self._base}/start",
            egress_decoder("composite", body["roomId"]),
            body=body,
            retry=retry,
            timeout=timeout,
        )

    async def stop(
        self,
        egress_or_room_id: Egress | str,
        recording_id: str | None = None,
        *,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> str:
        """Stop a composite recording, given its `Egress` or its room and recording ids.

        Raises:
            ValueError: No recording id (neither in the `Egress` nor given).
        """
        if isinstance(egress_or_room_id, Egress):
            room_id, recording_id = egress_or_room_id.room_id, recording_id or egress_or_room_id.id
        elif isinstance(egress_or_room_id, str):
            room_id = egress_or_room_id
        else:
            raise BadType(
                "egress_or_room_id must be an Egress or a room id (str), "
                f"not {type(egress_or_room_id).__name__}"
            )
        if recording_id is None:
            raise BadValue("stopping a composite recording needs its recording id")
        body = {
            "roomId": check_id(room_id, "room_id"),
            "recordingId": check_id(recording_id, "recording_id"),
        }
        return await self._post(
            f"{self._base}/stop", bare_string, body=body, retry=retry, timeout=timeout
        )


class AsyncMergeRecordings(RecordingLister):
    """Merges of participant recordings into one file (``/v2/recordings/participant/merge``)."""

    __slots__ = ()
    _base = "/v2/recordings/participant/merge"
    # Merge lists keep their items under `recordings` [SDK].
    _shape = ListShape.keyed("recordings")

    def list(
        self,
        *,
        room_id: str | None = None,
        session_id: str | None = None,
        merge_id: str | None = None,
        status: str | None = None,
        page: int | None = None,
        per_page: int | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> AsyncPager[Recording]:
        """The merges, optionally of one room or session, one merge (``merge_id``, sent as
        ``id``) or one ``status`` (paged; no I/O until used)."""
        merge, state = optional_id(merge_id, "merge_id"), optional_label(status, "status")
        return self._listing(
            room_id, session_id, page, per_page, retry, timeout, id=merge, status=state
        )

    async def create(
        self,
        session_id: str,
        *,
        channel1: Sequence[Mapping[str, Any]],
        channel2: Sequence[Mapping[str, Any]],
        webhook_url: str | None = None,
        dir_path: str | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> Recording:
        """Merge recordings of a session: ``channel1``/``channel2`` sent as given."""
        body = options(
            {"sessionId": check_id(session_id, "session_id")},
            channel1=channel1,
            channel2=channel2,
            webhookUrl=optional_label(webhook_url, "webhook_url"),
            bucketDirPath=dir_path,
        )
        # The API answers {message, recording} [SDK]; a bare recording object is accepted too.
        merged = into_at(Recording, "recording")
        return await self._post(self._base, merged, body=body, retry=retry, timeout=timeout)

    async def get(
        self, merge_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> Recording:
        """One merge by its id (``GET /v2/recordings/participant/merge/{id}``)."""
        path = f"{self._base}/{segment(merge_id, 'merge_id')}"
        return await self._get(path, into(Recording), retry=retry, timeout=timeout)
