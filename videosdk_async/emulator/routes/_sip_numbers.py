"""Provisioned phone numbers of the SIP family (``/v2/sip/phone-numbers``).

Provisioning makes an inbound and an outbound gateway: one pair for all the numbers when
``isShared`` (the default), else a pair per number. A number answers as ``{phoneNumber,
inbound, outbound}``. ``detach`` takes the gateways off a number (a second detach is a 400
[INF]); ``release`` forgets it. Provider, origin and messages are [INF].
"""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

from .._env import new_object_id
from .._family import ApiError, Call, Family, paged
from ._sip_store import (
    ENCRYPTIONS,
    REGIONS,
    TRANSPORTS,
    SipStore,
    auth,
    choice,
    e164,
    flags,
    strings,
    text,
)

_BASE = "/v2/sip/phone-numbers"


def render(store: SipStore, record: dict[str, Any]) -> dict[str, Any]:
    """A number as the API answers it: ``{phoneNumber, inbound, outbound}``."""
    return {
        "phoneNumber": record["phoneNumber"],
        "inbound": store.gateways.get(record.get("inbound") or ""),
        "outbound": store.gateways.get(record.get("outbound") or ""),
    }


def _gateway_configs(body: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    inbound, outbound = body.get("inbound"), body.get("outbound")
    if not isinstance(inbound, dict) or not isinstance(outbound, dict):
        raise ApiError(400, "Please provide `inbound` and `outbound` gateway configs")
    for side in (inbound, outbound):
        if side.get("sipRegion") not in REGIONS:
            raise ApiError(400, f"`sipRegion` must be one of {', '.join(REGIONS)}")
    text(outbound, "address", required=True)
    choice(outbound, "transport", TRANSPORTS)
    return inbound, outbound


def _gateway(
    store: SipStore, direction: str, name: str, numbers: list[str], config: dict[str, Any]
) -> str:
    gateway = {"direction": direction, "name": f"{name} ({direction})", "numbers": numbers,
               "geoRegion": config["sipRegion"]}  # fmt: skip
    if direction == "outbound":
        gateway.update(address=config["address"], transport=config.get("transport") or "tls")
        if config.get("auth") is not None:
            gateway["auth"] = auth(config["auth"])
    return str(store.add(store.gateways, gateway)["id"])


async def create(call: Call) -> Response:
    body = call.json_object(required=True)
    name = str(text(body, "name", required=True))
    numbers = [e164(n, "phoneNumbers") for n in strings(body, "phoneNumbers", non_empty=True) or []]
    inbound, outbound = _gateway_configs(body)
    choice(body, "mediaEncryption", ENCRYPTIONS)
    flags(body, "isShared")
    store = call.env.store(SipStore)
    taken = [n for n in numbers if n in store.numbers]
    if taken or len(set(numbers)) != len(numbers):
        raise ApiError(409, f"Phone number already provisioned: {', '.join(taken or numbers)}")
    groups = [numbers] if body.get("isShared", True) else [[n] for n in numbers]
    stamp = store.stamp()
    for group in groups:
        pair = {d: _gateway(store, d, name, group, c)
                for d, c in (("inbound", inbound), ("outbound", outbound))}  # fmt: skip
        for number in group:
            info = {"phoneNumberId": new_object_id(), "e164": number, "provider": "emulator",
                    "origin": "byoc", "status": "active", "name": name,
                    "createdAt": stamp, "updatedAt": stamp}  # fmt: skip
            with call.env.lock:
                store.numbers[number] = {"phoneNumber": info, **pair}
    call.created = True
    return JSONResponse({"message": "Phone numbers created successfully"})


async def listing(call: Call) -> Response:
    store = call.env.store(SipStore)
    term = (call.request.query_params.get("search") or "").lower()
    found = [
        r
        for r in store.numbers.values()
        if any(term in str(r["phoneNumber"][k]).lower() for k in ("e164", "name"))
    ]
    return JSONResponse(paged(call, found, lambda r: render(store, r), max_per_page=1000))


def _number(call: Call, number: object) -> dict[str, Any]:
    record = call.env.store(SipStore).numbers.get(number) if isinstance(number, str) else None
    if record is None:
        raise ApiError(call.env.config.not_found_status, "Phone number not found")
    call.resource_id = record["phoneNumber"]["e164"]
    return record


async def get(call: Call) -> Response:
    store = call.env.store(SipStore)
    return JSONResponse(render(store, _number(call, call.path_param("e164"))))


async def detach(call: Call) -> Response:
    record = _number(call, call.json_object(required=True).get("phoneNumber"))
    if record.get("inbound") is None and record.get("outbound") is None:
        raise ApiError(400, "Phone number is not attached to any gateway")
    with call.env.lock:
        record["inbound"] = record["outbound"] = None
    return JSONResponse({"message": "Phone number detached successfully"})


async def update_gateway(call: Call) -> Response:
    store = call.env.store(SipStore)
    gateway = store.gateways.get(call.path_param("id"))
    if gateway is None:
        raise ApiError(call.env.config.not_found_status, "Gateway not found")
    body = call.json_object(required=True)
    text(body, "name")
    text(body, "address")
    choice(body, "mediaEncryption", ENCRYPTIONS)
    choice(body, "sipRegion", REGIONS)
    choice(body, "transport", TRANSPORTS)
    outbound_only = [k for k in ("address", "auth", "transport") if k in body]
    if gateway["direction"] == "inbound" and outbound_only:
        raise ApiError(400, f"{', '.join(outbound_only)}: outbound gateways only")  # [INF]
    keys = ("name", "mediaEncryption", "address", "transport")
    changes: dict[str, Any] = {k: body[k] for k in keys if k in body}
    if "sipRegion" in body:
        changes["geoRegion"] = body["sipRegion"]
    if "auth" in body:
        changes["auth"] = auth(body["auth"])
    store.change(gateway, changes)
    call.resource_id = gateway["id"]
    return JSONResponse({"message": "Gateway updated successfully"})


async def release(call: Call) -> Response:
    store = call.env.store(SipStore)
    wanted = call.path_param("id")
    found = [n for n, r in store.numbers.items() if r["phoneNumber"]["phoneNumberId"] == wanted]
    if not found:
        raise ApiError(call.env.config.not_found_status, "Phone number not found")
    with call.env.lock:
        del store.numbers[found[0]]
    call.resource_id = wanted
    return JSONResponse({"message": "Phone number released successfully"})


def register(family: Family) -> None:
    """Add the phone-number routes to the SIP family."""
    family.route("POST", _BASE)(create)
    family.route("GET", _BASE)(listing)
    family.route("POST", f"{_BASE}/detach")(detach)
    family.route("PATCH", f"{_BASE}/gateways/{{id}}")(update_gateway)
    family.route("POST", f"{_BASE}/{{id}}/release")(release)
    family.route("GET", f"{_BASE}/{{e164}}")(get)
