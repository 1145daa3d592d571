"""The public surface: exactly these names, homed in `videosdk_async`."""

from __future__ import annotations

import videosdk_async as vs

EXPECTED = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncCompositeRecordings",
    "AsyncHls",
    "AsyncLivestreams",
    "AsyncMeetings",
    "AsyncMergeRecordings",
    "AsyncPager",
    "AsyncParticipantRecordings",
    "AsyncParticipants",
    "AsyncRecordings",
    "AsyncRooms",
    "AsyncSessions",
    "AsyncTrackRecordings",
    "AsyncTranscodings",
    "AsyncVideoSDK",
    "AsyncWebhooks",
    "AuthenticationError",
    "AutoClose",
    "BadRequestError",
    "BatchError",
    "Composition",
    "ConflictError",
    "Egress",
    "HlsEventData",
    "HlsStream",
    "InternalServerError",
    "Livestream",
    "LivestreamEventData",
    "Meeting",
    "MeetingNotFoundError",
    "MergeRecordingEventData",
    "MultiComposition",
    "NotFoundError",
    "Page",
    "Participant",
    "ParticipantEventData",
    "ParticipantRecordingEventData",
    "PermissionDeniedError",
    "RateLimitError",
    "RecordedFile",
    "Recording",
    "RecordingEventData",
    "RetryPolicy",
    "Room",
    "RoomNotFoundError",
    "RoomWebhook",
    "RtmpOutput",
    "Session",
    "SessionEventData",
    "SessionStats",
    "TimelogEntry",
    "Transcoding",
    "TranscriptionEventData",
    "UnexpectedResponseError",
    "VideoSDKError",
    "WebhookEvent",
    "WebhookVerificationError",
    "__version__",
    "generate_token",
    "verify_webhook",
]


def test_all_is_pinned() -> None:
    """__all__ lists exactly the public names, sorted."""
    assert vs.__all__ == EXPECTED


def test_public_names_are_homed_in_the_package() -> None:
    """Every public class and function reports videosdk_async as its module."""
    for name in EXPECTED:
        obj = getattr(vs, name)
        if not isinstance(obj, str):
            assert obj.__module__ == "videosdk_async", name


def test_every_public_name_is_documented() -> None:
    """Every public class and function has a docstring."""
    for name in EXPECTED:
        obj = getattr(vs, name)
        if not isinstance(obj, str):
            assert obj.__doc__, name


def test_py_typed_is_shipped() -> None:
    """The package ships py.typed, so type checkers use its annotations."""
    from importlib.resources import files

    assert files("videosdk_async").joinpath("py.typed").is_file()
