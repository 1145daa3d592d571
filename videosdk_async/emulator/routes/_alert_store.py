"""`AlertStore`: alert rules, notification channels and incidents, with their checks.

Rules and channels are CRUD; incidents are raised by the test control (`AlertControls.fire`)
and move open -> acknowledged -> resolved, each step stamped and added to the incident's
``events`` timeline. Every step notifies the rule's webhook channels (``incident-fired``,
``incident-acknowledged``, ``incident-resolved``) [INF]: the real service's notification
payload is undocumented, so the data is the incident itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from .._env import iso_now, new_object_id
from .._family import ApiError

if TYPE_CHECKING:
    from .._env import Env

SEVERITIES: Final = ("info", "warning", "critical")
DOMAINS: Final = ("rtc", "agent")
CHANNEL_TYPES: Final = ("webhook", "slack", "email", "pagerduty", "on_call")
OPERATORS: Final = (">", "<", "=", "!=", ">=", "<=")
INCIDENT_STATUSES: Final = ("open", "acknowledged", "resolved")
#: The metrics the emulator knows, by domain and category [INF].
CATALOG: Final = {
    "rtc": {
        "quality": ["jitter", "packet_loss", "rtt", "bitrate"],
        "participants": ["participant_count", "join_failures"],
    },
    "agent": {
        "latency": ["llm_latency", "stt_latency", "tts_latency", "e2e_latency"],
        "errors": ["agent_errors"],
    },
}
MODELS: Final = {
    "llm_latency": ["gpt-4o", "gpt-4o-mini", "gemini-2.0-flash"],
    "stt_latency": ["deepgram/nova-2", "deepgram/nova-3"],
    "tts_latency": ["elevenlabs/turbo-v2.5", "cartesia/sonic"],
}
#: Where a webhook channel's config may keep its URL [INF].
URL_KEYS: Final = ("url", "webhookUrl", "endpoint")
_RULE_TEXT: Final = ("description", "summary", "timeAggregation")


def category(metric: str) -> str | None:
    """The catalog category of a metric (None for one the emulator does not know)."""
    for categories in CATALOG.values():
        for name, metrics in categories.items():
            if metric in metrics:
                return name
    return None


def webhook_url(channel: dict[str, Any]) -> str | None:
    """The URL a webhook channel posts to (None for other types)."""
    if channel.get("type") != "webhook":
        return None
    config = channel.get("config") or {}
    return next((config[k] for k in URL_KEYS if isinstance(config.get(k), str)), None)


def check_rule(body: dict[str, Any], *, partial: bool) -> None:
    """A 400 for a rule body the API would refuse (``partial``: an update's)."""
    name = body.get("name")
    if (not partial or "name" in body) and (not isinstance(name, str) or not name.strip()):
        raise ApiError(400, "name is required")
    if (not partial or "severity" in body) and body.get("severity") not in SEVERITIES:
        raise ApiError(400, f"severity must be one of {', '.join(SEVERITIES)}")
    if "domain" in body and body["domain"] not in DOMAINS:
        raise ApiError(400, f"domain must be one of {', '.join(DOMAINS)}")
    if "enabled" in body and not isinstance(body["enabled"], bool):
        raise ApiError(400, "enabled must be a boolean")
    for key in _RULE_TEXT:
        if key in body and not isinstance(body[key], str):
            raise ApiError(400, f"{key} must be a string")
    if not partial or "ruleConfig" in body:
        config = body.get("ruleConfig")
        query = config.get("query") if isinstance(config, dict) else None
        condition = config.get("condition") if isinstance(config, dict) else None
        if not isinstance(query, dict) or not isinstance(query.get("metric"), str):
            raise ApiError(400, "ruleConfig.query.metric is required")
        if not isinstance(condition, dict) or condition.get("operator") not in OPERATORS:
            raise ApiError(400, f"ruleConfig.condition.operator must be one of {OPERATORS}")
        if not isinstance(condition.get("threshold"), int | float):
            raise ApiError(400, "ruleConfig.condition.threshold must be a number")


def check_channel(body: dict[str, Any], *, partial: bool) -> None:
    """A 400 for a channel body the API would refuse (``partial``: an update's)."""
    if (not partial or "type" in body) and body.get("type") not in CHANNEL_TYPES:
        raise ApiError(400, f"type must be one of {', '.join(CHANNEL_TYPES)}")
    if (not partial or "config" in body) and not isinstance(body.get("config"), dict):
        raise ApiError(400, "config must be an object")
    if "name" in body and not isinstance(body["name"], str):
        raise ApiError(400, "name must be a string")


class AlertStore:
    """Rules, channels and incidents by id (each in the order made)."""

    def __init__(self, env: Env) -> None:
        self._env = env
        self.rules: dict[str, dict[str, Any]] = {}
        self.channels: dict[str, dict[str, Any]] = {}
        self.incidents: dict[str, dict[str, Any]] = {}

    def now(self) -> str:
        """The emulator's time in the API's ISO form."""
        return iso_now(self._env.now())

    def rule(self, key: str) -> dict[str, Any] | None:
        """A rule by ``alertRuleId`` or ``id``."""
        found = self.rules.get(key)
        return found or next((r for r in self.rules.values() if r["id"] == key), None)

    def channel(self, key: str) -> dict[str, Any] | None:
        """A channel by ``channelId`` or ``id``."""
        found = self.channels.get(key)
        return found or next((c for c in self.channels.values() if c["id"] == key), None)

    def channel_ids(self, body: dict[str, Any]) -> list[str] | None:
        """The rule body's ``notificationChannelIds`` (None if absent), each known, or a 400."""
        ids = body.get("notificationChannelIds")
        if ids is None:
            return None
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise ApiError(400, "notificationChannelIds must be an array of strings")
        for channel_id in ids:
            if self.channel(channel_id) is None:
                raise ApiError(400, f"Notification channel {channel_id} not found")
        return [self.channel(i)["channelId"] for i in ids]  # type: ignore[index]

    def add_rule(self, body: dict[str, Any], user_id: str) -> dict[str, Any]:
        """A new rule from a checked create body (``summary``, ``timeAggregation`` not kept)."""
        now = self.now()
        metric = body["ruleConfig"]["query"]["metric"]
        rule = {
            "id": new_object_id(),
            "alertRuleId": new_object_id(),
            "userId": user_id,
            "name": body["name"],
            "severity": body["severity"],
            "description": body.get("description"),
            "domain": body.get("domain", "rtc"),
            "ruleConfig": body["ruleConfig"],
            "metricCategory": category(metric),
            "notificationChannelIds": self.channel_ids(body) or [],
            "status": "paused" if body.get("enabled") is False else "active",
            "version": 1,
            "lastTriggered": None,
            "createdAt": now,
            "updatedAt": now,
        }
        with self._env.lock:
            self.rules[rule["alertRuleId"]] = rule
        return rule

    def update_rule(self, rule: dict[str, Any], body: dict[str, Any]) -> None:
        """Apply a checked update body to a rule (one version more)."""
        ids = self.channel_ids(body)
        with self._env.lock:
            for key in ("name", "severity", "description", "domain", "ruleConfig"):
                if key in body:
                    rule[key] = body[key]
            if ids is not None:
                rule["notificationChannelIds"] = ids
            if "enabled" in body:
                rule["status"] = "active" if body["enabled"] else "paused"
            rule["metricCategory"] = category(rule["ruleConfig"]["query"]["metric"])
            rule["version"] += 1
            rule["updatedAt"] = self.now()

    def rule_json(self, rule: dict[str, Any]) -> dict[str, Any]:
        """A rule as the API answers it, its channels detailed."""
        channels = [self.channel(i) for i in rule["notificationChannelIds"]]
        return {**rule, "notificationChannels": [c for c in channels if c is not None]}

    def add_channel(self, body: dict[str, Any], user_id: str) -> dict[str, Any]:
        """A new channel from a checked create body."""
        now = self.now()
        channel = {
            "id": new_object_id(),
            "channelId": new_object_id(),
            "userId": user_id,
            "name": body.get("name"),
            "type": body["type"],
            "config": body["config"],
            "createdAt": now,
            "updatedAt": now,
        }
        with self._env.lock:
            self.channels[channel["channelId"]] = channel
        return channel

    def fire(
        self, rule: dict[str, Any], value: float | None, summary: str | None
    ) -> dict[str, Any]:
        """A new open incident of ``rule`` (its ``lastTriggered`` stamped)."""
        now = self.now()
        event = {"type": "fired", "at": now, "value": value}
        incident = {
            "incidentId": new_object_id(),
            "alertRuleId": rule["alertRuleId"],
            "metric": rule["ruleConfig"]["query"]["metric"],
            "metricCategory": rule.get("metricCategory"),
            "domain": rule["domain"],
            "status": "open",
            "severity": rule["severity"],
            "alertName": rule["name"],
            "summary": summary or f"{rule['name']} fired",
            "description": rule.get("description"),
            "firedAt": now,
            "acknowledgedAt": None,
            "resolvedAt": None,
            "events": [event],
            "createdAt": now,
            "updatedAt": now,
        }
        with self._env.lock:
            self.incidents[incident["incidentId"]] = incident
            rule["lastTriggered"] = now
        return incident

    def step(self, incident: dict[str, Any], status: str) -> bool:
        """Move an incident to ``acknowledged`` or ``resolved``; False if it already was
        (a repeat changes nothing). Acknowledging a resolved incident is a 400."""
        with self._env.lock:
            if incident["status"] == status:
                return False
            if status == "acknowledged" and incident["status"] == "resolved":
                raise ApiError(400, "A resolved incident cannot be acknowledged")
            now = self.now()
            incident["status"] = status
            incident[f"{status}At"] = now
            incident["updatedAt"] = now
            incident["events"].append({"type": status, "at": now})
            return True

    def targets(self, incident: dict[str, Any]) -> tuple[str, ...]:
        """The webhook URLs of the channels of the incident's rule."""
        rule = self.rule(incident["alertRuleId"])
        channels = [self.channel(i) for i in (rule or {}).get("notificationChannelIds", [])]
        urls = (webhook_url(c) for c in channels if c is not None)
        return tuple(dict.fromkeys(url for url in urls if url))

    def reset(self) -> None:
        """Forget every rule, channel and incident."""
        with self._env.lock:
            self.rules.clear()
            self.channels.clear()
            self.incidents.clear()

    def stats(self) -> dict[str, Any]:
        """Counts for ``GET /_emulator/stats``."""
        return {
            "alertRules": len(self.rules),
            "notificationChannels": len(self.channels),
            "incidents": len(self.incidents),
        }
