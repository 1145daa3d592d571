"""v2 rooms: `Room`, and the option classes of ``rooms.create``. No I/O here."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any, ClassVar

import attrs

from .._core._errors import InvalidArgumentTypeError as BadType
from ._base import Model


def _events(value: Sequence[str]) -> tuple[str, ...]:
    if isinstance(value, str) or not all(isinstance(e, str) and e for e in value):
        raise BadType("events must be a sequence of non-empty event names, e.g. ['*']")
    return tuple(value)


@attrs.frozen
class RoomWebhook:
    """Where VideoSDK posts a room's events, and which ones.

    Attributes:
        url: The receiving endpoint (``endPoint`` on the wire); it must accept POST.
        events: Event names, exact (``"participant-joined"``) or wildcards (``"*"``,
            ``"recording-*"``).
    """

    url: str = attrs.field(metadata={"wire": "endPoint"})
    events: tuple[str, ...] = attrs.field(converter=_events)

    def to_wire(self) -> dict[str, Any]:
        """``{"endPoint": url, "events": [...]}``."""
        return {"endPoint": self.url, "events": list(self.events)}


@attrs.frozen
class AutoClose:
    """When VideoSDK closes a room's session by itself (``autoCloseConfig``).

    Attributes:
        type: ``"session-ends"`` or ``"session-end-and-deactivate"`` (kept open as ``str``).
        duration: Passed through as given: the docs say minutes, the official Node SDK says
            seconds, and nothing settles it [INF].
    """

    type: str = "session-ends"
    duration: int | None = None

    def to_wire(self) -> dict[str, Any]:
        """``{"type": ..., "duration": ...}`` (``duration`` left out when None)."""
        wire: dict[str, Any] = {"type": self.type}
        if self.duration is not None:
            wire["duration"] = self.duration
        return wire


@attrs.frozen
class MultiComposition:
    """Which egress kinds may run several compositions at once (``multiComposition``)."""

    recording: bool = False
    hls: bool = False
    rtmp: bool = False

    def to_wire(self) -> dict[str, Any]:
        """``{"recording": ..., "hls": ..., "rtmp": ...}``."""
        return {"recording": self.recording, "hls": self.hls, "rtmp": self.rtmp}


@attrs.frozen
class Room(Model):
    """A v2 room, from any of the rooms calls.

    The API's answers drift: create and validate carry ``userId``, get and list a ``user``
    object, deactivate the v1 names ``meetingId`` / ``userMeetingId``, update a ``status``
    instead of ``disabled``. Every shape decodes to the same fields.

    Attributes:
        id: The room's database id.
        room_id: The id participants join with, e.g. ``"87i6-bvw8-dtn1"`` (v1: meetingId).
        custom_room_id: Your own id for the room, if it was created with one.
        user_id: The owning account's id (from ``userId`` or ``user.id``).
        disabled: Whether the room is deactivated.
        created_at: When it was created (timezone-aware).
        updated_at: When it was last changed (timezone-aware).
        webhook: Its webhook subscription, if any.
        auto_close: Its auto-close configuration, if any.
        geo_fence: Its region, if one was set.
        links: The API's links (``get_room``, ``get_session``).
        raw: The decoded JSON it came from.
    """

    id: str
    room_id: str = attrs.field(metadata={"or": ("meetingId",)})
    custom_room_id: str | None = attrs.field(default=None, metadata={"or": ("userMeetingId",)})
    user_id: str | None = attrs.field(default=None, metadata={"or": ("user", "id")})
    disabled: bool = attrs.field(default=False, metadata={"fast": "required"})
    created_at: datetime | None = None
    updated_at: datetime | None = None
    webhook: RoomWebhook | None = None
    auto_close: AutoClose | None = attrs.field(default=None, metadata={"wire": "autoCloseConfig"})
    geo_fence: str | None = None
    links: dict[str, Any] | None = None

    #: The v1 names and ``user{}`` are read by the fields' ``"or"`` paths; `_from_wire` puts
    #: right only what the fast decoder hands over to cattrs (no ``disabled``, or a webhook
    #: object without ``endPoint``, which `RoomWebhook` refuses), so that path skips it.
    _from_wire_on_fallback_only: ClassVar[bool] = True

    @staticmethod
    def _from_wire(data: dict[str, Any]) -> dict[str, Any]:
        if data.get("disabled") is None:
            data = {**data, "disabled": data.get("status") == "disabled"}
        webhook = data.get("webhook")
        if isinstance(webhook, dict) and "endPoint" not in webhook:
            data = {**data, "webhook": None}  # a webhook object of another shape stays in raw
        return data
