"""`AsyncNotificationChannels` (``sdk.alert_rules.channels``) and `AsyncAlertMetrics`
(``sdk.alert_rules.metrics``): where alerts are sent, and what rules can watch."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from .._core._converter import bare_string
from .._core._errors import InvalidArgumentError as BadValue
from .._core._ids import check_label, optional_label, segment
from .._core._pagination import AsyncPager
from .._core._requester import CallTimeout
from .._core._retry import RetryPolicy
from ..models.operations import NotificationChannel
from ._base import Resource, into_at, options
from ._operations import (
    CHANNEL_TYPES,
    DOMAINS,
    json_object,
    mapping,
    message_or_json,
    one_of,
    participant_count,
)

CHANNELS = "/v2/alertRules/notification-channel"
METRICS = "/v2/alertRules/metrics"

ChannelType = Literal["webhook", "slack", "email", "pagerduty", "on_call"]


def _channel_body(
    type: object,
    config: Mapping[str, Any] | None,
    name: str | None,
    *,
    required: bool,
) -> dict[str, Any]:
    if required and (type is None or config is None):
        raise BadValue("a channel needs type= and config=")
    return options(
        {},
        type=one_of(type, CHANNEL_TYPES, "type"),
        config=mapping(config, "config"),
        name=optional_label(name, "name"),
    )


class AsyncNotificationChannels(Resource):
    """Notification channels. Get it as ``sdk.alert_rules.channels``; do not construct it."""

    __slots__ = ()

    async def create(
        self,
        *,
        type: ChannelType,
        config: Mapping[str, Any],
        name: str | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> NotificationChannel:
        """Create a channel (``POST /v2/alertRules/notification-channel``).

        Not idempotent: a failure after sending raises with ``outcome_unknown=True`` and is
        never repeated.

        Args:
            type: ``"webhook"``, ``"slack"``, ``"email"``, ``"pagerduty"`` or ``"on_call"``.
            config: Its settings in the API's form, sent as given (a webhook's endpoint, a
                Slack bot token and channel, email recipients, ...).
            name: Its name.

        Raises:
            ValueError: An unknown type (nothing is sent).
            TypeError: ``config`` not a mapping, or a non-``str`` name.
        """
        body = _channel_body(type, config, name, required=True)
        return await self._post(
            CHANNELS, into_at(NotificationChannel, "channel"), body=body, retry=retry,
            timeout=timeout,
        )  # fmt: skip

    async def test(
        self,
        *,
        type: ChannelType,
        config: Mapping[str, Any],
        name: str | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> Any:
        """Send a test notification through a channel's settings
        (``POST .../notification-channel/test``); nothing is stored.

        Returns:
            The answer as decoded (a ``str`` for a ``{message}`` answer).

        Raises:
            ValueError, TypeError: As `create` (nothing is sent).
        """
        body = _channel_body(type, config, name, required=True)
        return await self._post(
            f"{CHANNELS}/test", message_or_json, body=body, retry=retry, timeout=timeout
        )

    def list(
        self,
        *,
        page: int | None = None,
        per_page: int | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> AsyncPager[NotificationChannel]:
        """Every channel (no I/O until used)."""
        return self._pager(
            CHANNELS, NotificationChannel, page=page, per_page=per_page, retry=retry,
            timeout=timeout,
        )  # fmt: skip

    async def get(
        self, channel_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> NotificationChannel:
        """One channel (``GET .../notification-channel/{id}``).

        Raises:
            NotFoundError: No such channel.
        """
        path = f"{CHANNELS}/{segment(channel_id, 'channel_id')}"
        return await self._get(
            path, into_at(NotificationChannel, "channel"), retry=retry, timeout=timeout
        )

    async def update(
        self,
        channel_id: str,
        *,
        type: ChannelType | None = None,
        config: Mapping[str, Any] | None = None,
        name: str | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> NotificationChannel:
        """Change a channel (``PUT .../notification-channel/{id}``); only what is given is sent.

        Raises:
            ValueError, TypeError: As `create` (nothing is sent).
        """
        path = f"{CHANNELS}/{segment(channel_id, 'channel_id')}"
        body = _channel_body(type, config, name, required=False)
        return await self._put(
            path, into_at(NotificationChannel, "channel"), body=body, retry=retry,
            timeout=timeout,
        )  # fmt: skip

    async def delete(
        self, channel_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> str:
        """Delete a channel (``DELETE .../notification-channel/{id}``); the confirmation."""
        path = f"{CHANNELS}/{segment(channel_id, 'channel_id')}"
        return await self._delete(path, bare_string, retry=retry, timeout=timeout)


class AsyncAlertMetrics(Resource):
    """The metrics rules can watch. Get it as ``sdk.alert_rules.metrics``; do not construct
    it. Its answers are returned as decoded (the API does not fix their shapes)."""

    __slots__ = ()

    async def catalog(
        self,
        *,
        domain: Literal["rtc", "agent"] | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> dict[str, Any]:
        """The metrics grouped by category (``GET .../metrics/catalog``).

        Raises:
            ValueError: A domain outside its set (nothing is sent).
        """
        params = {"domain": one_of(domain, DOMAINS, "domain")}
        return await self._get(
            f"{METRICS}/catalog", json_object, params=params, retry=retry, timeout=timeout
        )

    async def models(
        self, metric: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> dict[str, Any]:
        """The model options of an agent-domain metric (``GET .../metrics/models?metric``)."""
        params = {"metric": check_label(metric, "metric")}
        return await self._get(
            f"{METRICS}/models", json_object, params=params, retry=retry, timeout=timeout
        )

    async def participant_count(
        self, metric: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> int:
        """How many distinct participants a metric covers over the recent window
        (``GET .../metrics/participantCount?metric``)."""
        params = {"metric": check_label(metric, "metric")}
        return await self._get(
            f"{METRICS}/participantCount", participant_count, params=params, retry=retry,
            timeout=timeout,
        )  # fmt: skip

    async def query(
        self,
        metric: str,
        *,
        window: str | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> dict[str, Any]:
        """A metric's time series (``GET /v2/alertRules/metrics?metric&window``).

        Args:
            metric: The metric's name (from `catalog`).
            window: The span to query, in the API's form (e.g. ``"1h"``).
        """
        params = {
            "metric": check_label(metric, "metric"),
            "window": optional_label(window, "window"),
        }
        return await self._get(METRICS, json_object, params=params, retry=retry, timeout=timeout)
