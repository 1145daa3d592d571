"""Telephony connectors (``/v2/connectors``): create, list, get, delete, rotate-key.

Answers sit under ``data`` (as Node reads them). A connector's ``webhookUrl`` is this
emulator's URL with a secret key in it; rotating the key changes the URL [INF]: nothing
documents the real URL's shape. The list answers every connector in one ``{data}`` without
page metadata (as Node reads it), or a page when ``page``/``perPage`` are asked.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any, Final

from starlette.responses import JSONResponse, Response

from .._env import iso_now, new_object_id
from .._family import ApiError, Call, Family, paged

if TYPE_CHECKING:
    from .._env import Env

PROVIDERS: Final = ("twilio", "plivo", "telnyx")
_TEXT_OPTIONS: Final = ("name", "defaultRoomId", "defaultRuleId", "region")


class ConnectorStore:
    """Connectors by id, each with its current webhook key."""

    def __init__(self, env: Env) -> None:
        self._env = env
        self.connectors: dict[str, dict[str, Any]] = {}
        self.keys: dict[str, str] = {}

    def add(self, record: dict[str, Any]) -> None:
        """Keep a new connector and give it a key."""
        with self._env.lock:
            self.connectors[record["id"]] = record
            self.keys[record["id"]] = secrets.token_urlsafe(16)

    def rotate(self, connector_id: str) -> bool:
        """A new key for the connector; False if there is none."""
        with self._env.lock:
            if connector_id not in self.connectors:
                return False
            self.keys[connector_id] = secrets.token_urlsafe(16)
            return True

    def reset(self) -> None:
        """Forget every connector."""
        with self._env.lock:
            self.connectors.clear()
            self.keys.clear()

    def stats(self) -> dict[str, Any]:
        """Counts for ``GET /_emulator/stats``."""
        return {"connectors": len(self.connectors)}


family = Family("connectors", stores=(ConnectorStore,))


def _json(call: Call, record: dict[str, Any]) -> dict[str, Any]:
    key = call.env.store(ConnectorStore).keys.get(record["id"], "")
    url = f"{call.base_url()}/telephony/{record['provider']}/{record['id']}/{key}"  # [INF]
    return {**record, "webhookUrl": url}


def _found(call: Call) -> dict[str, Any]:
    connector_id = call.path_param("connectorId")
    call.resource_id = connector_id
    record = call.env.store(ConnectorStore).connectors.get(connector_id)
    if record is None:
        raise ApiError(404, "Connector not found")
    return record


@family.route("POST", "/v2/connectors")
async def create(call: Call) -> Response:
    """A new connector from ``{provider, name?, defaultRoomId?, defaultRuleId?, region?}``."""
    body = call.json_object(required=True)
    if body.get("provider") not in PROVIDERS:
        raise ApiError(400, f"provider must be one of {', '.join(PROVIDERS)}")
    for key in _TEXT_OPTIONS:
        if key in body and body[key] is not None and not isinstance(body[key], str):
            raise ApiError(400, f"{key} must be a string")
    now = iso_now(call.env.now())
    record = {
        "id": new_object_id(),
        "provider": body["provider"],
        **{key: body[key] for key in _TEXT_OPTIONS if body.get(key) is not None},
        "createdAt": now,
        "updatedAt": now,
    }
    call.env.store(ConnectorStore).add(record)
    call.resource_id, call.created = record["id"], True
    return JSONResponse({"data": _json(call, record)})


@family.route("GET", "/v2/connectors")
async def list_connectors(call: Call) -> Response:
    """Every connector, newest first: one ``{data}``, or a page when one is asked."""
    records = list(reversed(call.env.store(ConnectorStore).connectors.values()))
    query = call.request.query_params
    if "page" in query or "perPage" in query:
        max_per_page = call.env.config.max_per_page
        return JSONResponse(
            paged(call, records, lambda r: _json(call, r), max_per_page=max_per_page)
        )
    return JSONResponse({"data": [_json(call, r) for r in records]})


@family.route("GET", "/v2/connectors/{connectorId}")
async def get(call: Call) -> Response:
    """One connector."""
    return JSONResponse({"data": _json(call, _found(call))})


@family.route("DELETE", "/v2/connectors/{connectorId}")
async def delete(call: Call) -> Response:
    """Delete a connector."""
    record = _found(call)
    store = call.env.store(ConnectorStore)
    with call.env.lock:
        store.connectors.pop(record["id"], None)
        store.keys.pop(record["id"], None)
    return JSONResponse({"message": "Connector deleted successfully"})  # [INF] wording


@family.route("POST", "/v2/connectors/{connectorId}/rotate-key")
async def rotate_key(call: Call) -> Response:
    """A new webhook key: the answer's ``webhookUrl`` changes, the old one stops working."""
    record = _found(call)
    call.env.store(ConnectorStore).rotate(record["id"])
    return JSONResponse({"data": _json(call, record)})
