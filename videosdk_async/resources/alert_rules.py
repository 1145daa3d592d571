"""`AsyncAlertRules`: alert rules (``/v2/alertRules``), with ``.channels`` (where alerts are
sent) and ``.metrics`` (what rules can watch)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from .._core._converter import bare_string
from .._core._errors import InvalidArgumentError as BadValue
from .._core._ids import check_label, optional_label, segment
from .._core._pagination import AsyncPager
from .._core._requester import CallTimeout
from .._core._retry import RetryPolicy
from ..models.operations import AlertRule
from ._alert_channels import AsyncAlertMetrics, AsyncNotificationChannels
from ._base import Resource, into_at, options
from ._operations import DOMAINS, SEVERITIES, flag, id_list, one_of, rule_config, text

if TYPE_CHECKING:
    from .._client import AsyncVideoSDK

PATH = "/v2/alertRules"
STATUSES = ("active", "paused")

Severity = Literal["info", "warning", "critical"]
Domain = Literal["rtc", "agent"]


def rule_body(
    *,
    name: str | None,
    severity: str | None,
    rule_config_: Mapping[str, Any] | None,
    description: str | None,
    summary: str | None,
    enabled: bool | None,
    domain: str | None,
    time_aggregation: str | None,
    notification_channel_ids: Sequence[str] | None,
) -> dict[str, Any]:
    """The JSON body of a create or an update (``None`` options left out), checked."""
    return options(
        {},
        name=None if name is None else check_label(name, "name"),
        severity=one_of(severity, SEVERITIES, "severity"),
        ruleConfig=rule_config(rule_config_),
        description=text(description, "description"),
        summary=text(summary, "summary"),
        enabled=flag(enabled, "enabled"),
        domain=one_of(domain, DOMAINS, "domain"),
        timeAggregation=optional_label(time_aggregation, "time_aggregation"),
        notificationChannelIds=id_list(notification_channel_ids, "notification_channel_ids"),
    )


class AsyncAlertRules(Resource):
    """Alert rules. Get it as ``sdk.alert_rules``; do not construct it yourself."""

    __slots__ = ("channels", "metrics")

    def __init__(self, sdk: AsyncVideoSDK) -> None:
        super().__init__(sdk)
        self.channels = AsyncNotificationChannels(sdk)
        """Where alerts are sent: `AsyncNotificationChannels`."""
        self.metrics = AsyncAlertMetrics(sdk)
        """What rules can watch: `AsyncAlertMetrics`."""

    async def create(
        self,
        *,
        name: str,
        severity: Severity,
        rule_config: Mapping[str, Any],
        description: str | None = None,
        summary: str | None = None,
        enabled: bool | None = None,
        domain: Domain | None = None,
        time_aggregation: str | None = None,
        notification_channel_ids: Sequence[str] | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> AlertRule:
        """Create a rule (``POST /v2/alertRules``).

        Not idempotent: a failure after sending raises with ``outcome_unknown=True`` and is
        never repeated (look with `list` before creating again).

        Args:
            name: Its name.
            severity: ``"info"``, ``"warning"`` or ``"critical"``.
            rule_config: The rule in the API's form, sent as given; it must hold ``query``
                (with a ``metric``) and ``condition`` (``operator``, ``threshold``).
            description: Its description.
            summary: Applied to the alert; the API does not store it on the rule.
            enabled: Whether it is active (read back as ``status``: active or paused).
            domain: ``"rtc"`` (the API's default) or ``"agent"``.
            time_aggregation: Used to build the alert's query; not stored on the rule.
            notification_channel_ids: The channels to notify when it fires.

        Raises:
            ValueError: A value outside its set, a ``rule_config`` without its query metric
                or condition, a blank name or an unsafe id (nothing is sent).
            TypeError: An option of the wrong type, or a lone ``str`` for the channel ids.
        """
        if severity is None or rule_config is None:
            raise BadValue("create needs severity= and rule_config=")
        body = rule_body(
            name=check_label(name, "name"),
            severity=severity,
            rule_config_=rule_config,
            description=description,
            summary=summary,
            enabled=enabled,
            domain=domain,
            time_aggregation=time_aggregation,
            notification_channel_ids=notification_channel_ids,
        )
        return await self._post(
            PATH, into_at(AlertRule, "alertRule"), body=body, retry=retry, timeout=timeout
        )

    def list(
        self,
        *,
        region: str | None = None,
        status: Literal["active", "paused"] | None = None,
        metric_category: str | None = None,
        domain: Domain | None = None,
        page: int | None = None,
        per_page: int | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> AsyncPager[AlertRule]:
        """Rules (no I/O until used). Without ``domain`` the API lists only ``rtc`` rules:
        pass ``"agent"`` for the others.

        Raises:
            ValueError: A status or domain outside its set (nothing is sent).
        """
        params = {
            "region": optional_label(region, "region"),
            "status": one_of(status, STATUSES, "status"),
            "metricCategory": optional_label(metric_category, "metric_category"),
            "domain": one_of(domain, DOMAINS, "domain"),
        }
        return self._pager(
            PATH,
            AlertRule,
            page=page,
            per_page=per_page,
            params=params,
            retry=retry,
            timeout=timeout,
        )

    async def get(
        self, alert_rule_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> AlertRule:
        """One rule (``GET /v2/alertRules/{id}``).

        Raises:
            NotFoundError: No such rule.
        """
        path = f"{PATH}/{segment(alert_rule_id, 'alert_rule_id')}"
        return await self._get(path, into_at(AlertRule, "alertRule"), retry=retry, timeout=timeout)

    async def update(
        self,
        alert_rule_id: str,
        *,
        name: str | None = None,
        severity: Severity | None = None,
        rule_config: Mapping[str, Any] | None = None,
        description: str | None = None,
        summary: str | None = None,
        enabled: bool | None = None,
        domain: Domain | None = None,
        time_aggregation: str | None = None,
        notification_channel_ids: Sequence[str] | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> AlertRule:
        """Change a rule (``PUT /v2/alertRules/{id}``): only the options given are sent.

        Raises:
            ValueError: As `create` (a ``rule_config`` given is checked the same way).
            TypeError: As `create`.
        """
        path = f"{PATH}/{segment(alert_rule_id, 'alert_rule_id')}"
        body = rule_body(
            name=name,
            severity=severity,
            rule_config_=rule_config,
            description=description,
            summary=summary,
            enabled=enabled,
            domain=domain,
            time_aggregation=time_aggregation,
            notification_channel_ids=notification_channel_ids,
        )
        return await self._put(
            path, into_at(AlertRule, "alertRule"), body=body, retry=retry, timeout=timeout
        )

    async def delete(
        self, alert_rule_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> str:
        """Delete a rule (``DELETE /v2/alertRules/{id}``); the API's confirmation."""
        path = f"{PATH}/{segment(alert_rule_id, 'alert_rule_id')}"
        return await self._delete(path, bare_string, retry=retry, timeout=timeout)
