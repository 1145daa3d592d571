"""`SipStore`: the SIP family's memory (trunks, routing rules, provisioned numbers and their
gateways, SIP webhooks, calls, and the scripted outcomes of the next calls), and the checks
its routes share. Records are kept in the API's camelCase shape.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Final

from .._env import iso_now, new_object_id
from .._family import ApiError

if TYPE_CHECKING:
    from .._env import Env

REGIONS: Final = ("auto", "us002", "in002")
TRANSPORTS: Final = ("udp", "tcp", "tls")
ENCRYPTIONS: Final = ("enable", "disable")
HEADER_MODES: Final = ("ALL", "SIP_X_HEADERS", "NONE")
DIRECTIONS: Final = ("inbound", "outbound")
ROOM_PREFIXES: Final = ("blank", "participantNumber", "sipNumber", "random")
OUTCOMES: Final = ("answered", "not-answered", "failed")
#: [INF] E.164: a plus, then up to 15 digits, the first not 0.
_E164: Final = re.compile(r"\+[1-9][0-9]{1,14}")


def text(body: dict[str, Any], key: str, *, required: bool = False) -> str | None:
    """``body[key]`` as a non-empty string (400 otherwise; absent is None unless required)."""
    value = body.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ApiError(400, f"Please provide a valid `{key}`")
    return value


def choice(body: dict[str, Any], key: str, allowed: tuple[str, ...]) -> str | None:
    """``body[key]`` if absent or one of ``allowed`` (400 otherwise)."""
    value = body.get(key)
    if value is not None and value not in allowed:
        raise ApiError(400, f"`{key}` must be one of {', '.join(allowed)}")
    return value


def e164(value: object, key: str) -> str:
    """A number in E.164 form (400 otherwise)."""
    if not isinstance(value, str) or _E164.fullmatch(value) is None:
        raise ApiError(400, f"`{key}` must be E.164 numbers like +14155550100")
    return value


def strings(body: dict[str, Any], key: str, *, non_empty: bool = False) -> list[str] | None:
    """``body[key]`` as a list of strings (absent is None; 400 otherwise)."""
    value = body.get(key)
    if value is None:
        if non_empty:
            raise ApiError(400, f"Please provide `{key}`")
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ApiError(400, f"`{key}` must be a list of strings")
    if non_empty and not value:
        raise ApiError(400, f"`{key}` must not be empty")
    return list(value)


def flags(body: dict[str, Any], *keys: str) -> None:
    """Each of ``keys`` absent or a boolean (400 otherwise)."""
    for key in keys:
        if key in body and not isinstance(body[key], bool):
            raise ApiError(400, f"`{key}` must be a boolean")


def mapping(body: dict[str, Any], *keys: str) -> None:
    """Each of ``keys`` absent or a JSON object (400 otherwise)."""
    for key in keys:
        if body.get(key) is not None and not isinstance(body[key], dict):
            raise ApiError(400, f"`{key}` must be an object")


def auth(value: object) -> dict[str, str] | None:
    """A ``{username, password}`` object, or None (400 for another shape)."""
    if value is None:
        return None
    if not isinstance(value, dict) or not all(
        isinstance(value.get(k), str) for k in ("username", "password")
    ):
        raise ApiError(400, "`auth` must be {username, password}")
    return {"username": value["username"], "password": value["password"]}


#: Fields the emulator assigns: a create or update body never sets them.
SERVER_FIELDS = frozenset({"id", "createdAt", "updatedAt"})


class SipStore:
    """The SIP family's records, by id (numbers by E.164)."""

    def __init__(self, env: Env) -> None:
        self._env = env
        self.trunks: dict[str, dict[str, dict[str, Any]]] = {}
        self.rules: dict[str, dict[str, Any]] = {}
        self.numbers: dict[str, dict[str, Any]] = {}
        self.gateways: dict[str, dict[str, Any]] = {}
        self.webhooks: dict[str, dict[str, Any]] = {}
        self.calls: dict[str, dict[str, Any]] = {}
        self.outcomes: list[str] = []
        self.reset()

    def reset(self) -> None:
        """Forget everything."""
        self.trunks = {"inbound": {}, "outbound": {}}
        self.rules, self.numbers, self.gateways = {}, {}, {}
        self.webhooks, self.calls, self.outcomes = {}, {}, []

    def stats(self) -> dict[str, Any]:
        """Counts for ``GET /_emulator/stats``."""
        return {
            "sipTrunks": sum(len(t) for t in self.trunks.values()),
            "sipRoutingRules": len(self.rules),
            "sipPhoneNumbers": len(self.numbers),
            "sipWebhooks": len(self.webhooks),
            "sipCalls": len(self.calls),
        }

    def stamp(self) -> str:
        """Now, as the API writes times."""
        return iso_now(self._env.now())

    def add(self, table: dict[str, dict[str, Any]], record: dict[str, Any]) -> dict[str, Any]:
        """Keep ``record`` under a new id (with ``createdAt``/``updatedAt``); returns it."""
        stamp = self.stamp()
        with self._env.lock:
            given = {k: v for k, v in record.items() if k not in SERVER_FIELDS}
            record = {"id": new_object_id(), **given, "createdAt": stamp, "updatedAt": stamp}
            table[record["id"]] = record
        return record

    def change(self, record: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
        """Apply ``changes`` (None removes a key); ``updatedAt`` moves on."""
        with self._env.lock:
            for key, value in changes.items():
                if key in SERVER_FIELDS:
                    continue  # a body cannot rewrite the server's own fields
                if value is None:
                    record.pop(key, None)
                else:
                    record[key] = value
            record["updatedAt"] = self.stamp()
        return record

    def next_outcome(self) -> str:
        """How the next call ends up (scripted by the test control; else answered)."""
        with self._env.lock:
            return self.outcomes.pop(0) if self.outcomes else "answered"

    def gateway_of(self, gateway_id: str) -> dict[str, Any] | None:
        """An outbound trunk or a number's outbound gateway, by id."""
        found = self.trunks["outbound"].get(gateway_id) or self.gateways.get(gateway_id)
        if found is None or found.get("direction", "outbound") != "outbound":
            return None
        return found

    def subscribers(self, event: str) -> tuple[str, ...]:
        """The URLs of the SIP webhooks subscribed to ``event``, oldest first."""
        return tuple(w["url"] for w in self.webhooks.values() if event in w["events"])
