"""Ingest: `WhipEndpoint`, `WhepEndpoint`, `SocketIngress` (results); `SocketIngressAgent`
(input). No I/O here.

The endpoints' tokens are for the publisher or player: they are left out of ``repr`` (so logs
and tracebacks do not show them) but kept in ``to_dict()`` and ``raw``.
"""

from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs, urlsplit

import attrs

from .._core._errors import InvalidArgumentTypeError as BadType
from .._core._ids import check_id
from ._base import Model


@attrs.frozen
class WhipEndpoint(Model):
    """Where and how an encoder (OBS, GStreamer, a camera) publishes into a room over WHIP.

    POST the SDP offer to ``url`` with ``Authorization: <token>`` and ``Content-Type:
    application/sdp``; the answer is ``201 Created`` with the SDP answer and a ``Location``.

    Attributes:
        url: The WHIP endpoint (OBS: *Server*).
        token: The token that authorizes the publish (OBS: *Bearer Token*). Not in the repr.
        room_id: The room published into.
        participant_id: The publisher's participant id.
        display_name: The publisher's display name, if one was given.
        stream_key: The same token, under the name some WHIP tools use. Not in the repr.
        raw: The official SDK's camelCase shape (``url``, ``token``, ``streamKey``, ...).
    """

    url: str
    token: str = attrs.field(repr=False)
    room_id: str
    participant_id: str
    display_name: str | None = None
    stream_key: str = attrs.field(
        default=attrs.Factory(lambda self: self.token, takes_self=True), repr=False
    )


@attrs.frozen
class WhepEndpoint(Model):
    """Where and how a player pulls a participant out of a room over WHEP.

    POST the SDP offer to ``url`` with ``Authorization: <token>`` for the SDP answer.

    Attributes:
        url: The WHEP endpoint.
        token: The token that authorizes the pull. Not in the repr.
        room_id: The room.
        participant_id: The player's own participant id.
        remote_peer_id: The participant pulled (None: the server picks).
        raw: The official SDK's camelCase shape.
    """

    url: str
    token: str = attrs.field(repr=False)
    room_id: str
    participant_id: str
    remote_peer_id: str | None = None


def _ref(ws_url: object) -> str | None:
    """The percent-decoded ``ref=`` of a socket ingress URL."""
    if not isinstance(ws_url, str):
        return None
    values = parse_qs(urlsplit(ws_url).query).get("ref")
    return values[0] if values else None


def _with_ref(data: dict[str, Any]) -> dict[str, Any]:
    if data.get("ref") is None:
        data = {**data, "ref": _ref(data.get("wsUrl"))}
    return data


@attrs.frozen
class SocketIngress(Model):
    """A socket ingest session: a single-use WebSocket URL to stream media or data into a room.

    Attributes:
        ws_url: Connect here (once) and stream frames; it expires after ``expires_in`` s.
        room_id: The room.
        expires_in: Seconds until ``ws_url`` expires (about 90).
        ref: The session's single-use handle, the ``ref=`` of ``ws_url`` (percent-decoded).
        raw: The decoded JSON it came from.
    """

    ws_url: str
    room_id: str | None = None
    expires_in: float | None = None
    ref: str | None = None

    _from_wire = staticmethod(_with_ref)


def _agent_id(instance: object, attribute: "attrs.Attribute[Any]", value: object) -> None:
    check_id(value, "agent id")


def _optional_str(instance: object, attribute: "attrs.Attribute[Any]", value: object) -> None:
    if value is not None and not (isinstance(value, str) and value.strip()):
        raise BadType(f"{attribute.name} must be a non-empty str or None")


def _optional_mapping(instance: object, attribute: "attrs.Attribute[Any]", value: object) -> None:
    if value is not None and not isinstance(value, Mapping):
        raise BadType(f"{attribute.name} must be a mapping or None")


@attrs.frozen
class SocketIngressAgent:
    """The agent a socket ingest session is for (``agent`` in the request).

    Attributes:
        id: The agent's id.
        type: The agent's type, as your agent platform names it.
        metadata: Free data for the agent (sent as given).

    Raises:
        TypeError, ValueError: A bad id, type or metadata (checked when made).
    """

    id: str = attrs.field(validator=_agent_id)
    type: str | None = attrs.field(default=None, validator=_optional_str)
    metadata: Mapping[str, Any] | None = attrs.field(default=None, validator=_optional_mapping)

    def to_wire(self) -> dict[str, Any]:
        """``{"id", "type"?, "metadata"?}``."""
        wire: dict[str, Any] = {"id": self.id}
        if self.type is not None:
            wire["type"] = self.type
        if self.metadata is not None:
            wire["metadata"] = dict(self.metadata)
        return wire
