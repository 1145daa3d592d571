"""Alert rules (``/v2/alertRules``), their notification channels and the metrics catalog.

Rules answer under ``alertRule`` and channels under ``channel`` (as Node reads them); lists
are pages under ``data``. Without ``domain`` the rules list holds only ``rtc`` rules (as the
API does). ``notification-channel/test`` posts a signed ``notification-channel-test`` event to
a webhook channel's URL (``config.url``) [INF]; other channel types only answer. The
metrics answers are the emulator's own small catalog [INF] (Node leaves them untyped).
"""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

from .._events import emit
from .._family import ApiError, Call, Family, paged
from ._alert_store import (
    CATALOG,
    DOMAINS,
    MODELS,
    AlertStore,
    check_channel,
    check_rule,
    webhook_url,
)
from ._session_store import SessionStore

family = Family("alerts", stores=(AlertStore,))

RULES = "/v2/alertRules"
CHANNELS = "/v2/alertRules/notification-channel"
METRICS = "/v2/alertRules/metrics"


def _rule(call: Call) -> dict[str, Any]:
    key = call.path_param("alertRuleId")
    call.resource_id = key
    rule = call.env.store(AlertStore).rule(key)
    if rule is None:
        raise ApiError(404, "Alert rule not found")
    return rule


def _channel(call: Call) -> dict[str, Any]:
    key = call.path_param("channelId")
    call.resource_id = key
    channel = call.env.store(AlertStore).channel(key)
    if channel is None:
        raise ApiError(404, "Notification channel not found")
    return channel


def _domain(call: Call) -> str | None:
    domain = call.request.query_params.get("domain")
    if domain is not None and domain not in DOMAINS:
        raise ApiError(400, f"domain must be one of {', '.join(DOMAINS)}")
    return domain


# -- rules -------------------------------------------------------------------------------


@family.route("POST", RULES)
async def create_rule(call: Call) -> Response:
    """A new rule: ``{alertRule}``."""
    body = call.json_object(required=True)
    check_rule(body, partial=False)
    store = call.env.store(AlertStore)
    rule = store.add_rule(body, call.env.user_id)
    call.resource_id, call.created = rule["alertRuleId"], True
    return JSONResponse({"alertRule": store.rule_json(rule)})


@family.route("GET", RULES)
async def list_rules(call: Call) -> Response:
    """Rules of one domain (``rtc`` by default), filtered by status and metric category."""
    query = call.request.query_params
    domain = _domain(call) or "rtc"
    store = call.env.store(AlertStore)
    rules = [
        rule
        for rule in reversed(store.rules.values())
        if rule["domain"] == domain
        and query.get("status") in (None, rule["status"])
        and query.get("metricCategory") in (None, rule["metricCategory"])
    ]
    max_per_page = call.env.config.max_per_page
    return JSONResponse(paged(call, rules, store.rule_json, max_per_page=max_per_page))


@family.route("GET", RULES + "/{alertRuleId}")
async def get_rule(call: Call) -> Response:
    """One rule: ``{alertRule}``."""
    return JSONResponse({"alertRule": call.env.store(AlertStore).rule_json(_rule(call))})


@family.route("PUT", RULES + "/{alertRuleId}")
async def update_rule(call: Call) -> Response:
    """Change the fields given: ``{alertRule}``."""
    rule = _rule(call)
    body = call.json_object()
    check_rule(body, partial=True)
    store = call.env.store(AlertStore)
    store.update_rule(rule, body)
    return JSONResponse({"alertRule": store.rule_json(rule)})


@family.route("DELETE", RULES + "/{alertRuleId}")
async def delete_rule(call: Call) -> Response:
    """Delete a rule (its incidents stay)."""
    rule = _rule(call)
    with call.env.lock:
        call.env.store(AlertStore).rules.pop(rule["alertRuleId"], None)
    return JSONResponse({"message": "Alert rule deleted successfully"})  # [INF] wording


# -- notification channels ---------------------------------------------------------------


@family.route("POST", CHANNELS)
async def create_channel(call: Call) -> Response:
    """A new channel: ``{channel}``."""
    body = call.json_object(required=True)
    check_channel(body, partial=False)
    channel = call.env.store(AlertStore).add_channel(body, call.env.user_id)
    call.resource_id, call.created = channel["channelId"], True
    return JSONResponse({"channel": channel})


@family.route("POST", CHANNELS + "/test")
async def test_channel(call: Call) -> Response:
    """Send a test notification through a channel's settings (a webhook's: for real)."""
    body = call.json_object(required=True)
    check_channel(body, partial=False)
    url = webhook_url(body)
    if body["type"] == "webhook" and url is None:
        raise ApiError(400, "A webhook channel needs config.url")
    if url is not None:
        data = {"name": body.get("name"), "type": "webhook", "message": "Test notification"}
        emit(call.env, "notification-channel-test", room_id=None, data=data, targets=(url,))
    return JSONResponse({"message": "Test notification sent successfully"})  # [INF]


@family.route("GET", CHANNELS)
async def list_channels(call: Call) -> Response:
    """Every channel, newest first: a page."""
    channels = list(reversed(call.env.store(AlertStore).channels.values()))
    max_per_page = call.env.config.max_per_page
    return JSONResponse(paged(call, channels, lambda c: c, max_per_page=max_per_page))


@family.route("GET", CHANNELS + "/{channelId}")
async def get_channel(call: Call) -> Response:
    """One channel: ``{channel}``."""
    return JSONResponse({"channel": _channel(call)})


@family.route("PUT", CHANNELS + "/{channelId}")
async def update_channel(call: Call) -> Response:
    """Change the fields given: ``{channel}``."""
    channel = _channel(call)
    body = call.json_object()
    check_channel(body, partial=True)
    with call.env.lock:
        channel.update({k: body[k] for k in ("type", "config", "name") if k in body})
        channel["updatedAt"] = call.env.store(AlertStore).now()
    return JSONResponse({"channel": channel})


@family.route("DELETE", CHANNELS + "/{channelId}")
async def delete_channel(call: Call) -> Response:
    """Delete a channel (rules stop notifying it)."""
    channel = _channel(call)
    store = call.env.store(AlertStore)
    with call.env.lock:
        store.channels.pop(channel["channelId"], None)
        for rule in store.rules.values():
            ids = rule["notificationChannelIds"]
            rule["notificationChannelIds"] = [i for i in ids if i != channel["channelId"]]
    return JSONResponse({"message": "Notification channel deleted successfully"})  # [INF]


# -- metrics -----------------------------------------------------------------------------


def _metric(call: Call) -> str:
    metric = call.request.query_params.get("metric")
    if not metric:
        raise ApiError(400, "metric is required")
    return metric


@family.route("GET", METRICS + "/catalog")
async def catalog(call: Call) -> Response:
    """The metrics by category, of one domain (``rtc`` by default)."""
    domain = _domain(call) or "rtc"
    return JSONResponse({"domain": domain, "categories": CATALOG[domain]})


@family.route("GET", METRICS + "/models")
async def models(call: Call) -> Response:
    """The model options of an agent metric."""
    metric = _metric(call)
    return JSONResponse({"metric": metric, "models": MODELS.get(metric, [])})


@family.route("GET", METRICS + "/participantCount")
async def participant_count(call: Call) -> Response:
    """Distinct participants in the live sessions now (the emulator's recent window)."""
    metric = _metric(call)
    sessions = call.env.store(SessionStore).newest_first()
    live = {p.participant_id for s in sessions if s.status == "ongoing" for p in s.active()}
    return JSONResponse({"metric": metric, "participantCount": len(live)})


@family.route("GET", METRICS)
async def query_metric(call: Call) -> Response:
    """A metric's time series over ``window`` (the emulator records none: empty)."""
    metric = _metric(call)
    window = call.request.query_params.get("window", "1h")
    return JSONResponse({"metric": metric, "window": window, "series": []})
