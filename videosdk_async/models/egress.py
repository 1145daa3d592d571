"""Egress: `Composition`, `RtmpOutput` (inputs); `Egress`, `HlsStream`, `Recording`,
`Transcoding` (results). No I/O here."""

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

import attrs

from .._core._errors import InvalidArgumentError as BadValue
from .._core._errors import InvalidArgumentTypeError as BadType
from ._base import Model

_LAYOUTS = ("grid", "spotlight", "sidebar")
_PRIORITIES = ("speaker", "pin")
_THEMES = ("dark", "light", "default")
_QUALITIES = ("low", "med", "high", "ultra")
_ORIENTATIONS = ("portrait", "landscape")
_MODES = ("video-and-audio", "audio")


def _one_of(*allowed: str, optional: bool = True) -> Any:
    def check(instance: object, attribute: "attrs.Attribute[Any]", value: object) -> None:
        if value is None and optional:
            return
        if value not in allowed:
            raise BadValue(f"{attribute.name} must be one of {allowed}, not {value!r}")

    return check


def _grid_size(instance: object, attribute: "attrs.Attribute[Any]", value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 25:
        raise BadValue(f"grid_size must be an int from 0 to 25, not {value!r}")


@attrs.frozen
class Composition:
    """How a recording or stream lays out the room (sent as ``config``).

    Attributes:
        layout: ``"grid"``, ``"spotlight"`` or ``"sidebar"``.
        priority: ``"speaker"`` or ``"pin"``: who gets the big tile.
        grid_size: Tiles in the grid, 0-25.
        theme: ``"dark"``, ``"light"`` or ``"default"``.
        quality: ``"low"``, ``"med"``, ``"high"`` or ``"ultra"``.
        orientation: ``"portrait"`` or ``"landscape"``.
        mode: ``"video-and-audio"`` or ``"audio"``.

    Raises:
        ValueError: A value outside its set (checked when made, before any request).
    """

    layout: Literal["grid", "spotlight", "sidebar"] = attrs.field(
        default="grid", validator=_one_of(*_LAYOUTS, optional=False)
    )
    priority: Literal["speaker", "pin"] | None = attrs.field(
        default=None, validator=_one_of(*_PRIORITIES)
    )
    grid_size: int | None = attrs.field(default=None, validator=_grid_size)
    theme: Literal["dark", "light", "default"] | None = attrs.field(
        default=None, validator=_one_of(*_THEMES)
    )
    quality: Literal["low", "med", "high", "ultra"] | None = attrs.field(
        default=None, validator=_one_of(*_QUALITIES)
    )
    orientation: Literal["portrait", "landscape"] | None = attrs.field(
        default=None, validator=_one_of(*_ORIENTATIONS)
    )
    mode: Literal["video-and-audio", "audio"] | None = attrs.field(
        default=None, validator=_one_of(*_MODES)
    )

    def to_wire(self) -> dict[str, Any]:
        """The ``config`` object: upper-case layout names, unset keys left out."""
        layout: dict[str, Any] = {"type": self.layout.upper()}
        if self.priority is not None:
            layout["priority"] = self.priority.upper()
        if self.grid_size is not None:
            layout["gridSize"] = self.grid_size
        config: dict[str, Any] = {"layout": layout}
        if self.theme is not None:
            config["theme"] = self.theme.upper()
        for key in ("quality", "orientation", "mode"):
            if getattr(self, key) is not None:
                config[key] = getattr(self, key)
        return config


def _text(instance: object, attribute: "attrs.Attribute[Any]", value: object) -> None:
    if not isinstance(value, str):
        raise BadType(f"{attribute.name} must be a str, not {type(value).__name__}")
    if attribute.name == "url" and not value.strip():
        raise BadValue("url must not be blank")


@attrs.frozen
class RtmpOutput:
    """One RTMP destination of a livestream: ``{"url", "streamKey"}`` on the wire.

    Attributes:
        url: The RTMP ingest URL, e.g. ``rtmp://a.rtmp.youtube.com/live2``.
        stream_key: The destination's stream key.

    Raises:
        TypeError, ValueError: A value that is not a str, or a blank url (checked when made).
    """

    url: str = attrs.field(validator=_text)
    stream_key: str = attrs.field(validator=_text)

    def to_wire(self) -> dict[str, str]:
        """``{"url": ..., "streamKey": ...}``."""
        return {"url": self.url, "streamKey": self.stream_key}


@attrs.frozen
class Egress(Model):
    """What a start call answered: enough to stop it or look it up later.

    Attributes:
        kind: ``"recording"``, ``"composite"``, ``"hls"`` or ``"livestream"``.
        room_id: The room it runs in.
        id: Its id (``recordingId``/``id``), or None when the API answered a bare string.
        raw: The answer's JSON object; a bare-string answer is kept as ``{"message": ...}``.
    """

    kind: str
    room_id: str
    id: str | None = None


def egress(kind: str, room_id: str, answer: Any) -> Egress:
    """An `Egress` from a start's answer: a bare string or an object [SDK]."""
    if isinstance(answer, str):
        return Egress(kind, room_id, None, raw={"message": answer})
    if not isinstance(answer, Mapping):
        raise TypeError(f"expected a string or an object, got {type(answer).__name__}")
    found = answer.get("recordingId") or answer.get("id") or answer.get("_id")
    return Egress(kind, room_id, found if isinstance(found, str) else None, raw=dict(answer))


def _v1_names(data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    if data.get("id") is None and "_id" in data:
        data["id"] = data["_id"]
    if data.get("roomId") is None and "meetingId" in data:
        data["roomId"] = data["meetingId"]
    return data


@attrs.frozen
class HlsStream(Model):
    """An HLS stream of a room.

    Attributes:
        id: Its id.
        room_id: The room.
        session_id: The session it streams.
        playback_hls_url: Where viewers play it.
        livestream_url: The live (low-latency) playlist.
        downstream_url: The deprecated name of the playback URL.
        start: When it started.
        end: When it ended, if it has.
        raw: The decoded JSON it came from.
    """

    id: str | None = None
    room_id: str | None = None
    session_id: str | None = None
    playback_hls_url: str | None = None
    livestream_url: str | None = None
    downstream_url: str | None = None
    start: datetime | None = None
    end: datetime | None = None

    _from_wire = staticmethod(_v1_names)


@attrs.frozen
class Recording(Model):
    """A recording (room, participant, track, composite or merged).

    Attributes:
        id: Its id.
        room_id: The room it was made in.
        session_id: The session it recorded.
        file_url: Where its file can be downloaded (from ``file.fileUrl``; for participant
            and track recordings, which list ``files``, the first one's).
        file_path: The file's path in storage (from ``file.filePath``, or the first of
            ``files``).
        created_at: When it was made.
        raw: The decoded JSON it came from (``file.meta``, sizes, transcription, ...).
    """

    id: str
    room_id: str | None = None
    session_id: str | None = None
    file_url: str | None = None
    file_path: str | None = None
    created_at: datetime | None = None

    @staticmethod
    def _from_wire(data: dict[str, Any]) -> dict[str, Any]:
        data = _v1_names(data)
        file = data.get("file")
        files = data.get("files")
        # Participant and track recordings list their files (`files`) [SDK]; the first one.
        if not isinstance(file, Mapping) and isinstance(files, list) and files:
            file = files[0]
        if isinstance(file, Mapping):
            data.setdefault("fileUrl", file.get("fileUrl"))
            data.setdefault("filePath", file.get("filePath"))
        return data


@attrs.frozen
class Transcoding(Model):
    """A transcoding job (a merge, or HLS to MP4).

    Attributes:
        id: Its id.
        status: ``pending``, ``processing``, ``completed``, ``failed`` or ``cancelled``.
        task: ``composite-merge``, ``hls-to-mp4`` or ``meeting-recording-merge``.
        room_id: The room, if the job names one.
        session_id: The session, if the job names one.
        recording_ids: The recordings it merges.
        file_url: The output file's URL, once completed (from ``file.fileUrl``).
        raw: The decoded JSON it came from.
    """

    id: str
    status: str | None = None
    task: str | None = None
    room_id: str | None = None
    session_id: str | None = None
    recording_ids: tuple[str, ...] = ()
    file_url: str | None = None

    @staticmethod
    def _from_wire(data: dict[str, Any]) -> dict[str, Any]:
        data = _v1_names(data)
        if data.get("recordingIds") is None:
            data["recordingIds"] = []
        file = data.get("file")
        if isinstance(file, Mapping):
            data.setdefault("fileUrl", file.get("fileUrl"))
        return data


@attrs.frozen
class Livestream(Model):
    """An RTMP livestream of a room.

    Attributes:
        id: Its id.
        room_id: The room.
        session_id: The session it streamed.
        outputs: Its destinations as the API lists them (``url``, ``streamKey``).
        start: When it started.
        end: When it ended, if it has.
        raw: The decoded JSON it came from.
    """

    id: str
    room_id: str | None = None
    session_id: str | None = None
    outputs: tuple[dict[str, Any], ...] = ()
    start: datetime | None = None
    end: datetime | None = None

    @staticmethod
    def _from_wire(data: dict[str, Any]) -> dict[str, Any]:
        data = _v1_names(data)
        if data.get("outputs") is None:
            data["outputs"] = []
        return data
