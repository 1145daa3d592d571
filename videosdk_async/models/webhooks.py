"""Webhooks: `WebhookEvent` and the typed payloads of the documented events. No I/O here.

The payload shapes are those of VideoSDK's webhook reference [DOC]: ``{"webhookType": ...,
"data": {"meetingId": ..., "sessionId": ..., ...}}``. No official SDK types them; the
fields here are the documented ones, snake_case, and only the two ids every documented
example carries are required.
"""

import logging
from datetime import datetime
from typing import Any, Final

import attrs

from .._core._converter import ShapeError, structure
from ._base import Model

logger = logging.getLogger("videosdk_async")


@attrs.frozen
class ParticipantEventData(Model):
    """The data of ``participant-joined`` and ``participant-left``.

    Attributes:
        meeting_id: The room's id (the docs' payloads say ``meetingId``, not ``roomId``).
        session_id: The session's id.
        participant_id: The participant's id.
        participant_name: The participant's display name, if sent.
        raw: The decoded ``data`` object.
    """

    meeting_id: str
    session_id: str
    participant_id: str | None = None
    participant_name: str | None = None


@attrs.frozen
class SessionEventData(Model):
    """The data of ``session-started`` and ``session-ended``.

    Attributes:
        meeting_id: The room's id.
        session_id: The session's id.
        start: When the session started (timezone-aware).
        end: When it ended (``session-ended`` only; timezone-aware).
        raw: The decoded ``data`` object.
    """

    meeting_id: str
    session_id: str
    start: datetime | None = None
    end: datetime | None = None


@attrs.frozen
class RecordingEventData(Model):
    """The data of ``recording-starting``, ``-started``, ``-stopping``, ``-stopped``, ``-failed``.

    Attributes:
        meeting_id: The room's id.
        session_id: The session's id.
        file_path: Where the file is stored (``recording-stopped``), e.g.
            ``"/encoded/videos/62d1....mp4"``.
        file_url: The file's download URL (``recording-stopped``).
        raw: The decoded ``data`` object.
    """

    meeting_id: str
    session_id: str
    file_path: str | None = None
    file_url: str | None = None


@attrs.frozen
class RecordedFile:
    """One file of a participant (track) recording (an entry of ``fileDetails``).

    Attributes:
        file_path: Where the file is stored.
        file_url: The file's download URL.
    """

    file_path: str | None = None
    file_url: str | None = None


@attrs.frozen
class ParticipantRecordingEventData(Model):
    """The data of ``participant-recording-*`` and ``participant-track-recording-*``.

    Attributes:
        meeting_id: The room's id.
        session_id: The session's id.
        participant_id: The recorded participant's id.
        kind: The track (``"audio"``, ``"video"``, ...), for track recordings.
        file_format: The file format (``"webm"``, ...), for participant recordings.
        file_details: The recorded files (``...-stopped``); empty otherwise.
        raw: The decoded ``data`` object.
    """

    meeting_id: str
    session_id: str
    participant_id: str | None = None
    kind: str | None = None
    file_format: str | None = None
    file_details: tuple[RecordedFile, ...] = ()


@attrs.frozen
class MergeRecordingEventData(Model):
    """The data of ``merge-recording-completed`` and ``merge-recording-failed``.

    Attributes:
        meeting_id: The room's id.
        session_id: The session's id.
        id: The merge's id.
        message: Why it failed, if the API says (``merge-recording-failed``).
        raw: The decoded ``data`` object.
    """

    meeting_id: str
    session_id: str
    id: str | None = None
    message: str | None = None


@attrs.frozen
class HlsEventData(Model):
    """The data of ``hls-starting``, ``-started``, ``-playable``, ``-stopping``, ``-stopped``, ...

    Attributes:
        meeting_id: The room's id.
        session_id: The session's id.
        playback_hls_url: Live HLS with playback support (``hls-started``, ``hls-playable``).
        livestream_url: Live HLS without playback support (``hls-playable``).
        downstream_url: The deprecated name of ``playback_hls_url``, still sent by some.
        raw: The decoded ``data`` object.
    """

    meeting_id: str
    session_id: str
    playback_hls_url: str | None = None
    livestream_url: str | None = None
    downstream_url: str | None = None


@attrs.frozen
class LivestreamEventData(Model):
    """The data of ``livestream-starting``, ``-started``, ``-stopping``, ``-stopped``, ``-failed``.

    Attributes:
        meeting_id: The room's id.
        session_id: The session's id.
        raw: The decoded ``data`` object.
    """

    meeting_id: str
    session_id: str


@attrs.frozen
class TranscriptionEventData(Model):
    """The data of ``transcription-started``, ``-stopped``, ``-failed`` and ``-completed``.

    Attributes:
        meeting_id: The room's id.
        session_id: The session's id.
        id: The transcription's id.
        type: ``"realtime"`` or post-session (kept open as ``str``).
        raw: The decoded ``data`` object.
    """

    meeting_id: str
    session_id: str
    id: str | None = None
    type: str | None = None


#: What `WebhookEvent.data` can be: a documented event's typed data, else the ``dict``.
WebhookData = (
    ParticipantEventData
    | SessionEventData
    | RecordingEventData
    | ParticipantRecordingEventData
    | MergeRecordingEventData
    | HlsEventData
    | LivestreamEventData
    | TranscriptionEventData
    | dict[str, Any]
)


_EGRESS_STEPS: Final = ("starting", "started", "stopping", "stopped", "failed")
#: The documented event types with a typed payload, and their data class.
DATA_TYPES: Final[dict[str, type[Model]]] = {
    "participant-joined": ParticipantEventData,
    "participant-left": ParticipantEventData,
    "session-started": SessionEventData,
    "session-ended": SessionEventData,
    **{f"recording-{step}": RecordingEventData for step in _EGRESS_STEPS},
    **{f"participant-recording-{step}": ParticipantRecordingEventData for step in _EGRESS_STEPS},
    **{
        f"participant-track-recording-{step}": ParticipantRecordingEventData
        for step in _EGRESS_STEPS
    },
    "merge-recording-completed": MergeRecordingEventData,
    "merge-recording-failed": MergeRecordingEventData,
    **{f"livestream-{step}": LivestreamEventData for step in _EGRESS_STEPS},
    **{f"hls-{step}": HlsEventData for step in (*_EGRESS_STEPS, "playable")},
    **{
        f"transcription-{step}": TranscriptionEventData
        for step in ("started", "stopped", "failed", "completed")
    },
}


@attrs.frozen
class WebhookEvent(Model):
    """A verified webhook event, from `verify_webhook` or ``sdk.webhooks.verify``.

    ``data`` is typed for the documented events (participant, session, recording,
    participant recording, merge, HLS, livestream and transcription events) and the
    plain ``dict`` for any other type (agent sessions, SIP calls, events added later).
    A documented event whose data does not have the documented shape (a missing id, a
    value of another type) keeps its ``dict`` too, and a warning is logged: an authentic
    event is never refused for its shape.

    Attributes:
        type: The event's name, from ``webhookType`` (else ``type``); None if it has none.
        data: Its payload: a typed class (above) or the ``dict`` (``{}`` when absent).
        raw: The whole decoded body (so fields the API adds later are reachable).
    """

    type: str | None
    data: WebhookData = attrs.field(factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: ``{"type": ..., "data": ...}`` (typed data in snake_case).

        An untyped ``data`` came from ``json.loads`` and is returned as a shallow copy, not
        walked: a deeply nested (but verified) payload cannot exhaust the recursion limit.
        """
        data = self.data.to_dict() if isinstance(self.data, Model) else dict(self.data)
        return {"type": self.type, "data": data}


def parse_event(payload: dict[str, Any]) -> WebhookEvent:
    """The `WebhookEvent` of a verified body already decoded into a JSON object."""
    kind = next(
        (payload[key] for key in ("webhookType", "type") if isinstance(payload.get(key), str)),
        None,
    )
    data = payload.get("data")
    found: WebhookData = data if isinstance(data, dict) else {}
    typed = DATA_TYPES.get(kind) if kind is not None else None
    if typed is not None:
        try:
            found = structure(found, typed)  # type: ignore[assignment]
        except ShapeError:
            # Logged without the data: only the type, which is VideoSDK's own name.
            logger.warning("webhook %r: data is not of the documented shape; kept as dict", kind)
    return WebhookEvent(type=kind, data=found, raw=payload)
