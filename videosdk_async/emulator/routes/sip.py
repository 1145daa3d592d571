"""The SIP family: trunks (inbound and outbound gateways), routing rules, provisioned phone
numbers with their gateways (`_sip_numbers`), SIP webhooks, and calls (see `_sip_calls` for
how a call walks through its statuses, joins its room and raises the SIP webhook events).

Records are CRUD with the API's validation as the official SDK documents it (closed sets,
required fields, E.164 numbers [INF]). A trunk update resets an omitted ``record``,
``noiseCancellation`` and ``enableDtmf`` to false and clears an omitted ``geoRegion``, as the
official SDK warns the API does. Confirmation messages are [INF].
"""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

from .._env import Env
from .._family import ApiError, Call, Family, Handler, paged, user_errors
from . import _sip_calls, _sip_numbers
from ._sip_store import (
    DIRECTIONS,
    ENCRYPTIONS,
    HEADER_MODES,
    OUTCOMES,
    REGIONS,
    ROOM_PREFIXES,
    TRANSPORTS,
    SipStore,
    auth,
    choice,
    e164,
    flags,
    mapping,
    strings,
    text,
)

family = Family("sip", stores=(SipStore,))
_SIP = "/v2/sip"
_TRUNK_FLAGS = ("record", "noiseCancellation", "enableDtmf")
_RULE_FLAGS = ("recording", "dtmf", "noiseCancellation", "hidePhoneNumber")


def _found(call: Call, table: dict[str, dict[str, Any]], key: str, what: str) -> dict[str, Any]:
    record = table.get(call.path_param(key))
    if record is None:
        raise ApiError(call.env.config.not_found_status, f"{what} not found")
    call.resource_id = call.path_param(key)
    return record


def _created(call: Call, record: dict[str, Any]) -> Response:
    call.created, call.resource_id = True, record["id"]
    return JSONResponse(record)


def _search(records: list[dict[str, Any]], term: str | None, *keys: str) -> list[dict[str, Any]]:
    if not term:
        return records
    term = term.lower()
    return [r for r in records if any(term in str(r.get(k, "")).lower() for k in keys)]


# -- trunks --------------------------------------------------------------------------------


def _trunk_fields(body: dict[str, Any], direction: str, *, create: bool) -> dict[str, Any]:
    fields = dict(body)
    text(body, "name", required=create)
    if create or "numbers" in body:
        fields["numbers"] = [
            e164(n, "numbers") for n in strings(body, "numbers", non_empty=True) or []
        ]
    if direction == "outbound":
        text(body, "address", required=create)
        choice(body, "transport", TRANSPORTS)
        if create:
            fields.setdefault("transport", "tls")
    else:
        strings(body, "allowedAddresses")
    strings(body, "allowedNumbers")
    strings(body, "tags")
    choice(body, "mediaEncryption", ENCRYPTIONS)
    choice(body, "geoRegion", REGIONS)
    flags(body, *_TRUNK_FLAGS)
    mapping(body, "metadata")
    if "auth" in body:
        fields["auth"] = auth(body["auth"])
    for key in _TRUNK_FLAGS:  # an omitted flag is false, on create and update alike
        fields.setdefault(key, False)
    if not create:
        fields.setdefault("geoRegion", None)  # an omitted region is cleared
    return fields


def _trunk_routes(direction: str) -> tuple[Handler, Handler, Handler, Handler, Handler]:
    def table(call: Call) -> dict[str, dict[str, Any]]:
        return call.env.store(SipStore).trunks[direction]

    async def create(call: Call) -> Response:
        fields = _trunk_fields(call.json_object(required=True), direction, create=True)
        fields["direction"] = direction
        return _created(call, call.env.store(SipStore).add(table(call), fields))

    async def listing(call: Call) -> Response:
        query = call.request.query_params
        found = list(table(call).values())
        if query.get("id"):
            found = [t for t in found if t["id"] == query["id"]]
        found = _search(found, query.get("search"), "name")
        return JSONResponse(paged(call, found, dict, max_per_page=1000))

    async def get(call: Call) -> Response:
        return JSONResponse(_found(call, table(call), "id", "Gateway"))

    async def update(call: Call) -> Response:
        record = _found(call, table(call), "id", "Gateway")
        fields = _trunk_fields(call.json_object(required=True), direction, create=False)
        return JSONResponse(call.env.store(SipStore).change(record, fields))

    async def delete(call: Call) -> Response:
        record = _found(call, table(call), "id", "Gateway")
        del table(call)[record["id"]]
        return JSONResponse({"message": f"{direction.title()} gateway deleted successfully"})

    return create, listing, get, update, delete


for _direction in DIRECTIONS:
    _base = f"{_SIP}/{_direction}-gateways"
    _handlers = _trunk_routes(_direction)
    for _method, _path, _handler in zip(
        ("POST", "GET", "GET", "PATCH", "DELETE"),
        (_base, _base, *[_base + "/{id}"] * 3),
        _handlers,
        strict=True,
    ):
        family.route(_method, _path)(_handler)


# -- routing rules -------------------------------------------------------------------------


def _room(value: object) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, dict) or value.get("type") not in ("static", "dynamic"):
        raise ApiError(400, "`room.type` must be static or dynamic")
    if value["type"] == "static" and not isinstance(value.get("id"), str):
        raise ApiError(400, "A static room needs `room.id`")
    if value["type"] == "dynamic":
        choice(value, "prefix", ROOM_PREFIXES)
    return dict(value)


def _rule_fields(call: Call, body: dict[str, Any], *, create: bool) -> dict[str, Any]:
    fields = dict(body)
    text(body, "name", required=create)
    if create:
        if body.get("type") not in DIRECTIONS:
            raise ApiError(400, "`type` must be inbound or outbound")
    elif "type" in body:
        raise ApiError(400, "A routing rule's `type` cannot be changed")  # [INF]
    numbers = strings(body, "phoneNumbers")
    if numbers is not None:
        provisioned = call.env.store(SipStore).numbers
        for number in numbers:
            if number not in provisioned:
                raise ApiError(400, f"Phone number {number} is not provisioned")  # [INF]
        fields["numbers"] = fields.pop("phoneNumbers")
    if "room" in body:
        fields["room"] = _room(body["room"])
    choice(body, "includeHeaders", HEADER_MODES)
    flags(body, *_RULE_FLAGS)
    mapping(body, "agentMetadata", "headers", "headersToAttributes")
    for key in ("allowedNumbers", "allowedIpAddresses", "tags"):
        strings(body, key)
    return fields


@family.route("POST", f"{_SIP}/routing-rule")
async def create_rule(call: Call) -> Response:
    fields = _rule_fields(call, call.json_object(required=True), create=True)
    fields.setdefault("numbers", [])
    return _created(call, call.env.store(SipStore).add(call.env.store(SipStore).rules, fields))


@family.route("GET", f"{_SIP}/routing-rule")
async def list_rules(call: Call) -> Response:
    query = call.request.query_params
    found = _search(list(call.env.store(SipStore).rules.values()), query.get("search"),
                    "name", "numbers")  # fmt: skip
    if query.get("type"):
        found = [r for r in found if r.get("type") == query["type"]]
    if query.get("ruleIds"):
        wanted = query["ruleIds"].split(",")
        found = [r for r in found if r["id"] in wanted]
    if query.get("roomType"):
        kinds = query["roomType"].split(",")
        found = [r for r in found if (r.get("room") or {}).get("type") in kinds]
    return JSONResponse(paged(call, found, dict, max_per_page=1000))


@family.route("GET", f"{_SIP}/routing-rule/{{id}}")
async def get_rule(call: Call) -> Response:
    return JSONResponse(_found(call, call.env.store(SipStore).rules, "id", "Routing rule"))


@family.route("PATCH", f"{_SIP}/routing-rule/{{id}}")
async def update_rule(call: Call) -> Response:
    record = _found(call, call.env.store(SipStore).rules, "id", "Routing rule")
    fields = _rule_fields(call, call.json_object(required=True), create=False)
    return JSONResponse(call.env.store(SipStore).change(record, fields))


@family.route("DELETE", f"{_SIP}/routing-rule/{{id}}")
async def delete_rule(call: Call) -> Response:
    record = _found(call, call.env.store(SipStore).rules, "id", "Routing rule")
    del call.env.store(SipStore).rules[record["id"]]
    return JSONResponse({"message": "Routing rule deleted successfully"})


# -- SIP webhooks --------------------------------------------------------------------------


def _webhook_fields(body: dict[str, Any]) -> dict[str, Any]:
    url = text(body, "url", required=True)
    if not str(url).startswith(("http://", "https://")):
        raise ApiError(400, "`url` must be an http(s) URL")
    return {"url": url, "events": strings(body, "events", non_empty=True)}


@family.route("POST", f"{_SIP}/webhooks")
async def create_webhook(call: Call) -> Response:
    fields = _webhook_fields(call.json_object(required=True))
    store = call.env.store(SipStore)
    return _created(call, store.add(store.webhooks, fields))


@family.route("GET", f"{_SIP}/webhooks")
async def list_webhooks(call: Call) -> Response:
    found = _search(list(call.env.store(SipStore).webhooks.values()),
                    call.request.query_params.get("search"), "url")  # fmt: skip

    def render(hook: dict[str, Any]) -> dict[str, Any]:
        # [INF] Lists name the id `webhookId` (the official SDK maps it to `id`).
        return {"webhookId": hook["id"], **{k: v for k, v in hook.items() if k != "id"}}

    return JSONResponse(paged(call, found, render, max_per_page=1000))


@family.route("GET", f"{_SIP}/webhooks/{{id}}")
async def get_webhook(call: Call) -> Response:
    return JSONResponse(_found(call, call.env.store(SipStore).webhooks, "id", "Webhook"))


@family.route("PATCH", f"{_SIP}/webhooks/{{id}}")
async def update_webhook(call: Call) -> Response:
    record = _found(call, call.env.store(SipStore).webhooks, "id", "Webhook")
    fields = _webhook_fields(call.json_object(required=True))
    return JSONResponse(call.env.store(SipStore).change(record, fields))


@family.route("DELETE", f"{_SIP}/webhooks/{{id}}")
async def delete_webhook(call: Call) -> Response:
    record = _found(call, call.env.store(SipStore).webhooks, "id", "Webhook")
    del call.env.store(SipStore).webhooks[record["id"]]
    return JSONResponse({"message": "Webhook deleted successfully"})


# -- test controls -------------------------------------------------------------------------


class SipControls:
    """What a test scripts about SIP calls (the emulator dials nobody).

    Raises ``ValueError`` for a bad argument.
    """

    def __init__(self, env: Env) -> None:
        self._env = env

    def next_call_outcome(self, outcome: str) -> None:
        """How the next call placed ends up: ``"answered"`` (the default),
        ``"not-answered"`` or ``"failed"``. Several calls queue in order."""
        with user_errors():
            if outcome not in OUTCOMES:
                raise ApiError(400, f"outcome must be one of {', '.join(OUTCOMES)}")
            with self._env.lock:
                self._env.store(SipStore).outcomes.append(outcome)

    def calls(self) -> list[dict[str, Any]]:
        """Every call as the emulator keeps it, oldest first (copies)."""
        return [dict(c) for c in self._env.store(SipStore).calls.values()]


family.controls = SipControls


@family.control("POST", "/_emulator/sip/next-call-outcome")
def _outcome_route(env: Env, params: dict[str, str], body: dict[str, Any]) -> Any:
    SipControls(env).next_call_outcome(body.get("outcome"))  # type: ignore[arg-type]
    return {"outcome": body.get("outcome")}


_sip_numbers.register(family)
_sip_calls.register(family)
