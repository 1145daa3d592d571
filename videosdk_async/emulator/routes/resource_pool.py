"""The resource pool (``/v2/resource``): acquire, list, get, release composition units.

An acquired unit answers ``pending``, and has warmed up (``idle``) by the time anything next
reads the pool (get or list), so tests are deterministic [INF]: the real pool warms units up
in the background. A unit released before that is still ``pending`` and is not released.
Release frees only ``idle`` units (``released``); each id answers ``{id, success, msg}``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from starlette.responses import JSONResponse, Response

from .._env import new_object_id
from .._family import ApiError, Call, Family, paged

if TYPE_CHECKING:
    from .._env import Env

TYPES: Final = ("recording", "hls", "rtmp")
MODES: Final = ("video-and-audio", "audio")
QUALITIES: Final = ("low", "med", "high")
STATUSES: Final = ("pending", "idle", "composing", "released")
#: The most units one acquire may ask for [INF].
MAX_UNITS: Final = 20


class PoolStore:
    """Units by id, in the order they were acquired."""

    def __init__(self, env: Env) -> None:
        self._env = env
        self.units: dict[str, dict[str, Any]] = {}

    def acquire(self, body: dict[str, Any], count: int) -> list[dict[str, Any]]:
        """``count`` new pending units; copies of them."""
        made = []
        with self._env.lock:
            for _ in range(count):
                unit = {
                    "id": new_object_id(),
                    "status": "pending",
                    "type": body["type"],
                    "mode": body.get("mode", "video-and-audio"),
                    "quality": body.get("quality", "high"),
                    "composerIds": [],
                    "webhookUrl": body["webhookUrl"],
                }
                self.units[unit["id"]] = unit
                made.append(dict(unit))
        return made

    def read(self, status: str | None = None) -> list[dict[str, Any]]:
        """Every unit (or those in ``status``), copies; pending units have warmed up and
        are idle by the time anything reads the pool."""
        with self._env.lock:
            for unit in self.units.values():
                if unit["status"] == "pending":
                    unit["status"] = "idle"
            return [dict(u) for u in self.units.values() if status in (None, u["status"])]

    def release(self, unit_id: str) -> dict[str, Any]:
        """Release one unit if it is idle: ``{id, success, msg}``."""
        with self._env.lock:
            unit = self.units.get(unit_id)
            if unit is None:
                return {"id": unit_id, "success": False, "msg": "Resource not found"}
            if unit["status"] != "idle":
                msg = f"Resource is {unit['status']}, only idle resources can be released"
                return {"id": unit_id, "success": False, "msg": msg}
            unit["status"] = "released"
            return {"id": unit_id, "success": True, "msg": "Resource released"}

    def reset(self) -> None:
        """Forget every unit."""
        with self._env.lock:
            self.units.clear()

    def stats(self) -> dict[str, Any]:
        """Counts for ``GET /_emulator/stats``."""
        return {"resourceUnits": len(self.units)}


family = Family("resource_pool", stores=(PoolStore,))


def _checked(body: dict[str, Any]) -> int:
    """The number of units asked (``units``, default 1), or a 400 for a bad body."""
    if body.get("type") not in TYPES:
        raise ApiError(400, f"type must be one of {', '.join(TYPES)}")
    if not isinstance(body.get("webhookUrl"), str) or not body["webhookUrl"]:
        raise ApiError(400, "Please provide a valid `webhookUrl` in body params")
    for key, allowed in (("mode", MODES), ("quality", QUALITIES)):
        if key in body and body[key] not in allowed:
            raise ApiError(400, f"{key} must be one of {', '.join(allowed)}")
    units = body.get("units", 1)
    if isinstance(units, bool) or not isinstance(units, int) or not 1 <= units <= MAX_UNITS:
        raise ApiError(400, f"units must be an integer from 1 to {MAX_UNITS}")
    return units


@family.route("POST", "/v2/resource/acquire")
async def acquire(call: Call) -> Response:
    """New pending units: ``{data: [unit, ...]}``."""
    body = call.json_object(required=True)
    units = call.env.store(PoolStore).acquire(body, _checked(body))
    call.created = True
    call.resource_id = units[0]["id"]
    return JSONResponse({"data": units})


@family.route("POST", "/v2/resource/release")
async def release(call: Call) -> Response:
    """Release idle units: ``{data: [{id, success, msg}, ...]}``."""
    ids = call.json_object(required=True).get("ids")
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) for i in ids):
        raise ApiError(400, "Please provide `ids`: a non-empty array of resource ids")
    store = call.env.store(PoolStore)
    return JSONResponse({"data": [store.release(unit_id) for unit_id in ids]})


@family.route("GET", "/v2/resource")
async def list_units(call: Call) -> Response:
    """The pool's units, oldest first, optionally of one ``status``: a page."""
    status = call.request.query_params.get("status")
    if status is not None and status not in STATUSES:
        raise ApiError(400, f"status must be one of {', '.join(STATUSES)}")
    units = call.env.store(PoolStore).read(status)
    max_per_page = call.env.config.max_per_page
    return JSONResponse(paged(call, units, lambda unit: unit, max_per_page=max_per_page))


@family.route("GET", "/v2/resource/{unitId}")
async def get(call: Call) -> Response:
    """One unit."""
    unit_id = call.path_param("unitId")
    call.resource_id = unit_id
    found = [unit for unit in call.env.store(PoolStore).read() if unit["id"] == unit_id]
    if not found:
        raise ApiError(404, "Resource not found")
    return JSONResponse({"data": found[0]})
