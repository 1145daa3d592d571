"""`AsyncIncidents`: what alert rules raised (``/v2/incidents``), acknowledged and resolved."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from .._core._converter import ShapeError, bare_string, into
from .._core._ids import optional_label, segment
from .._core._pagination import AsyncPager
from .._core._requester import CallTimeout
from .._core._retry import RetryPolicy
from ..models.operations import Incident
from ._base import Resource
from ._operations import DOMAINS, SEVERITIES, one_of

PATH = "/v2/incidents"
STATUSES = ("open", "acknowledged", "resolved")

_decode = into(Incident)


def incident(answer: Any) -> Incident:
    """An `Incident` from the answer's top level (as Node reads it), or from under
    ``incident`` or ``data`` when the top level is only a wrapper [INF].

    Raises:
        ShapeError: The answer is not a JSON object, or no incident.
    """
    if not isinstance(answer, Mapping):
        raise ShapeError(f"expected an object, got {type(answer).__name__}")
    if answer.get("incidentId") is None:
        for key in ("incident", "data"):
            if isinstance(answer.get(key), Mapping):
                return _decode(answer[key])
    return _decode(answer)


class AsyncIncidents(Resource):
    """Incidents. Get it as ``sdk.incidents``; do not construct it yourself."""

    __slots__ = ()

    def list(
        self,
        *,
        status: Literal["open", "acknowledged", "resolved"] | None = None,
        severity: Literal["info", "warning", "critical"] | None = None,
        metric_category: str | None = None,
        domain: Literal["rtc", "agent"] | None = None,
        query: str | None = None,
        page: int | None = None,
        per_page: int | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> AsyncPager[Incident]:
        """Incidents, filtered (no I/O until used). Without ``domain`` the API lists only
        ``rtc`` incidents: pass ``"agent"`` for the others.

        Args:
            status: ``"open"``, ``"acknowledged"`` or ``"resolved"``.
            severity: ``"info"``, ``"warning"`` or ``"critical"``.
            metric_category: Only this metric category's.
            domain: ``"rtc"`` or ``"agent"``.
            query: Free-text search.

        Raises:
            ValueError: A status, severity or domain outside its set (nothing is sent).
        """
        params = {
            "status": one_of(status, STATUSES, "status"),
            "severity": one_of(severity, SEVERITIES, "severity"),
            "metricCategory": optional_label(metric_category, "metric_category"),
            "domain": one_of(domain, DOMAINS, "domain"),
            "query": optional_label(query, "query"),
        }
        return self._pager(
            PATH, Incident, page=page, per_page=per_page, params=params, retry=retry,
            timeout=timeout,
        )  # fmt: skip

    async def get(
        self, incident_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> Incident:
        """One incident with its event timeline (``GET /v2/incidents/{id}``).

        Raises:
            NotFoundError: No such incident.
        """
        path = f"{PATH}/{segment(incident_id, 'incident_id')}"
        return await self._get(path, incident, retry=retry, timeout=timeout)

    async def delete(
        self, incident_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> str:
        """Delete an incident (``DELETE /v2/incidents/{id}``); the API's confirmation."""
        path = f"{PATH}/{segment(incident_id, 'incident_id')}"
        return await self._delete(path, bare_string, retry=retry, timeout=timeout)

    async def acknowledge(
        self, incident_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> Incident:
        """Acknowledge an open incident (``PUT /v2/incidents/{id}/acknowledge``, no body).

        Raises:
            NotFoundError: No such incident.
        """
        path = f"{PATH}/{segment(incident_id, 'incident_id')}/acknowledge"
        return await self._put(path, incident, retry=retry, timeout=timeout)

    async def resolve(
        self, incident_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> Incident:
        """Resolve an incident (``PUT /v2/incidents/{id}/resolve``, no body).

        Raises:
            NotFoundError: No such incident.
        """
        path = f"{PATH}/{segment(incident_id, 'incident_id')}/resolve"
        return await self._put(path, incident, retry=retry, timeout=timeout)
