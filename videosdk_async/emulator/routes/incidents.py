"""Incidents (``/v2/incidents``): list, get (with the event timeline), delete, acknowledge,
resolve; and the test control that fires one (`AlertControls`).

Incidents answer at the top level (as Node reads them). Nothing in the emulator measures
metrics, so a test fires a rule itself: ``emulator.control(AlertControls).fire(rule_id)``
or ``POST /_emulator/alert-rules/{alertRuleId}/fire``. Firing, acknowledging and resolving
each post a signed event (``incident-fired``, ``incident-acknowledged``,
``incident-resolved``; data: the incident) to the rule's webhook channels [INF].
Acknowledging or resolving again changes nothing and posts nothing (the calls are PUTs).
"""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

from .._env import Env
from .._events import emit
from .._family import ApiError, Call, Family, paged, user_errors
from ._alert_store import DOMAINS, INCIDENT_STATUSES, SEVERITIES, AlertStore


def _listed(incident: dict[str, Any]) -> dict[str, Any]:
    """An incident as lists show it: without its timeline."""
    return {k: v for k, v in incident.items() if k != "events"}


def _notify(env: Env, incident: dict[str, Any], step: str) -> None:
    """Post ``incident-<step>`` to the incident's rule's webhook channels (if any)."""
    targets = env.store(AlertStore).targets(incident)
    if targets:
        data = {**incident, "events": list(incident["events"])}
        emit(env, f"incident-{step}", room_id=None, data=data, targets=targets)


class AlertControls:
    """Fire alert rules (the emulator measures no metric). Raises ``ValueError`` for a bad
    argument or a paused rule, ``LookupError`` for a missing rule."""

    def __init__(self, env: Env) -> None:
        self._env = env

    def fire(
        self, alert_rule_id: str, *, value: float | None = None, summary: str | None = None
    ) -> str:
        """The rule fires: a new open incident, posted to the rule's webhook channels.

        Args:
            alert_rule_id: The rule (its ``alertRuleId`` or ``id``).
            value: The metric's value that crossed the threshold (kept in the timeline).
            summary: The incident's summary (default: "<rule name> fired").

        Returns:
            The new incident's id.
        """
        with user_errors():
            if not isinstance(alert_rule_id, str):
                raise ApiError(400, "alert_rule_id must be a str")
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, int | float)
            ):
                raise ApiError(400, "value must be a number")
            if summary is not None and not isinstance(summary, str):
                raise ApiError(400, "summary must be a str")
            store = self._env.store(AlertStore)
            rule = store.rule(alert_rule_id)
            if rule is None:
                raise ApiError(404, f"no alert rule {alert_rule_id!r}")
            if rule["status"] != "active":
                raise ApiError(400, f"alert rule {alert_rule_id!r} is paused")
            incident = store.fire(rule, value, summary)
        _notify(self._env, incident, "fired")
        return str(incident["incidentId"])


family = Family("incidents", controls=AlertControls)


@family.control("POST", "/_emulator/alert-rules/{alert_rule_id}/fire")
def _fire_route(env: Env, params: dict[str, str], body: dict[str, Any]) -> Any:
    fired = AlertControls(env).fire(
        params["alert_rule_id"], value=body.get("value"), summary=body.get("summary")
    )
    return {"incidentId": fired}


def _incident(call: Call) -> dict[str, Any]:
    key = call.path_param("incidentId")
    call.resource_id = key
    incident = call.env.store(AlertStore).incidents.get(key)
    if incident is None:
        raise ApiError(404, "Incident not found")
    return incident


def _matches(incident: dict[str, Any], query: Any, domain: str) -> bool:
    if incident["domain"] != domain:
        return False
    for key, field in (("status", "status"), ("severity", "severity")):
        if query.get(key) not in (None, incident[field]):
            return False
    if query.get("metricCategory") not in (None, incident["metricCategory"]):
        return False
    text = (query.get("query") or "").lower()
    fields = ("alertName", "summary", "description", "metric")
    return not text or any(text in str(incident.get(f) or "").lower() for f in fields)


@family.route("GET", "/v2/incidents")
async def list_incidents(call: Call) -> Response:
    """Incidents of one domain (``rtc`` by default), newest first, filtered: a page."""
    query = call.request.query_params
    for key, allowed in (("status", INCIDENT_STATUSES), ("severity", SEVERITIES),
                         ("domain", DOMAINS)):  # fmt: skip
        if query.get(key) not in (None, *allowed):
            raise ApiError(400, f"{key} must be one of {', '.join(allowed)}")
    domain = query.get("domain") or "rtc"
    store = call.env.store(AlertStore)
    found = [i for i in reversed(store.incidents.values()) if _matches(i, query, domain)]
    max_per_page = call.env.config.max_per_page
    return JSONResponse(paged(call, found, _listed, max_per_page=max_per_page))


@family.route("GET", "/v2/incidents/{incidentId}")
async def get_incident(call: Call) -> Response:
    """One incident with its timeline, at the top level."""
    return JSONResponse(_incident(call))


@family.route("DELETE", "/v2/incidents/{incidentId}")
async def delete_incident(call: Call) -> Response:
    """Delete an incident."""
    incident = _incident(call)
    with call.env.lock:
        call.env.store(AlertStore).incidents.pop(incident["incidentId"], None)
    return JSONResponse({"message": "Incident deleted successfully"})  # [INF] wording


def _stepper(status: str, step: str) -> Any:
    async def handler(call: Call) -> Response:
        incident = _incident(call)
        if call.env.store(AlertStore).step(incident, status):
            _notify(call.env, incident, step)
        return JSONResponse(incident)

    handler.__doc__ = f"Move an incident to {status} (a repeat changes nothing)."
    return handler


family.route("PUT", "/v2/incidents/{incidentId}/acknowledge")(
    _stepper("acknowledged", "acknowledged")
)
family.route("PUT", "/v2/incidents/{incidentId}/resolve")(_stepper("resolved", "resolved"))
