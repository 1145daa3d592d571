"""Realtime transcription: `TranscriptionSummary` (input), `RealtimeTranscription` (result).
No I/O here."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs

from .._core._errors import InvalidArgumentError as BadValue
from .._core._errors import InvalidArgumentTypeError as BadType
from ._base import Model


def _prompt(instance: object, attribute: "attrs.Attribute[Any]", value: object) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise BadValue("prompt must be a non-empty str or None")


def _flag(instance: object, attribute: "attrs.Attribute[Any]", value: object) -> None:
    if not isinstance(value, bool):
        raise BadType(f"{attribute.name} must be a bool, not {type(value).__name__}")


@attrs.frozen
class TranscriptionSummary:
    """The summary a realtime transcription writes when it ends (sent as ``summary``).

    Attributes:
        enabled: Whether to write one.
        prompt: What the summary should focus on (sent as given).

    Raises:
        TypeError, ValueError: ``enabled`` not a bool, or a blank ``prompt`` (when made).
    """

    enabled: bool = attrs.field(default=True, validator=_flag)
    prompt: str | None = attrs.field(default=None, validator=_prompt)

    def to_wire(self) -> dict[str, Any]:
        """``{"enabled": ..., "prompt": ...}`` (``prompt`` left out when None)."""
        wire: dict[str, Any] = {"enabled": self.enabled}
        if self.prompt is not None:
            wire["prompt"] = self.prompt
        return wire


def _paths(value: object) -> dict[str, str]:
    """``{format: url}``, keeping only the string URLs (the API may write nulls)."""
    if not isinstance(value, Mapping):
        return {}
    return {str(k): v for k, v in value.items() if isinstance(v, str)}


@attrs.frozen
class RealtimeTranscription(Model):
    """A realtime (live) transcription of a room's session.

    Attributes:
        id: Its id (the ``transcriptionId``).
        room_id: The room: ``roomId``, else ``extension.extensionConfig.roomId``, else the
            room the call that answered it was about.
        session_id: The session it transcribes (``extension.extensionConfig.sessionId``).
        status: Its status, as the API writes it.
        extension: The ``extension`` object (provider, config), as sent.
        transcription_file_paths: The transcript's files by format, e.g. ``{"txt": url}``.
        summarized_file_paths: The summary's files by format, e.g. ``{"txt": url}``.
        start: When it started.
        end: When it ended; None while it runs.
        raw: The decoded JSON it came from.
    """

    id: str | None = None
    room_id: str | None = None
    session_id: str | None = None
    status: str | None = None
    extension: dict[str, Any] | None = None
    transcription_file_paths: dict[str, str] = attrs.field(factory=dict)
    summarized_file_paths: dict[str, str] = attrs.field(factory=dict)
    start: datetime | None = None
    end: datetime | None = None

    @staticmethod
    def _from_wire(data: dict[str, Any]) -> dict[str, Any]:
        data = dict(data)
        if data.get("id") is None:  # [INF] other spellings of the id
            data["id"] = data.get("transcriptionId", data.get("_id"))
        extension = data.get("extension")
        config = extension.get("extensionConfig") if isinstance(extension, Mapping) else None
        if isinstance(config, Mapping):
            if data.get("roomId") is None:
                data["roomId"] = config.get("roomId")
            if data.get("sessionId") is None:
                data["sessionId"] = config.get("sessionId")  # [INF]
        if not isinstance(extension, Mapping):
            data["extension"] = None
        for key in ("transcriptionFilePaths", "summarizedFilePaths"):
            data[key] = _paths(data.get(key))
        return data
