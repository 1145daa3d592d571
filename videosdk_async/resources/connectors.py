"""`AsyncConnectors`: telephony connectors (``/v2/connectors``): a provider's webhook
ingress that bridges inbound calls into a room."""

from __future__ import annotations

from typing import Literal

from .._core._converter import bare_string
from .._core._errors import InvalidArgumentError as BadValue
from .._core._ids import optional_id, optional_label, segment
from .._core._pagination import AsyncPager
from .._core._requester import CallTimeout
from .._core._retry import RetryPolicy
from ..models.operations import Connector
from ._base import Resource, into_at, options
from ._operations import one_of

PATH = "/v2/connectors"
PROVIDERS = ("twilio", "plivo", "telnyx")


class AsyncConnectors(Resource):
    """Telephony connectors. Get it as ``sdk.connectors``; do not construct it yourself."""

    __slots__ = ()

    async def create(
        self,
        *,
        provider: Literal["twilio", "plivo", "telnyx"],
        name: str | None = None,
        room_id: str | None = None,
        default_rule_id: str | None = None,
        region: str | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> Connector:
        """Create a connector (``POST /v2/connectors``); configure its ``webhook_url`` at
        the provider.

        Not idempotent: a failure after sending raises with ``outcome_unknown=True`` and is
        never repeated (look with `list` before creating again).

        Args:
            provider: ``"twilio"``, ``"plivo"`` or ``"telnyx"``.
            name: Its name.
            room_id: The room calls go to when no routing rule resolves (sent as
                ``defaultRoomId``).
            default_rule_id: The routing rule applied by default.
            region: Where to pin call ingestion, e.g. ``"us002"``.

        Raises:
            ValueError: An unknown provider or an unsafe id (nothing is sent).
            TypeError: A non-``str`` option.
        """
        if provider is None:
            raise BadValue(f"provider must be one of {PROVIDERS}")
        body = options(
            {"provider": one_of(provider, PROVIDERS, "provider")},
            name=optional_label(name, "name"),
            defaultRoomId=optional_id(room_id, "room_id"),
            defaultRuleId=optional_id(default_rule_id, "default_rule_id"),
            region=optional_label(region, "region"),
        )
        return await self._post(PATH, into_at(Connector), body=body, retry=retry, timeout=timeout)

    def list(
        self,
        *,
        page: int | None = None,
        per_page: int | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> AsyncPager[Connector]:
        """Every connector (no I/O until used). The API answers them in one page when it
        sends no page metadata; ``page``/``per_page`` are sent only when given."""
        return self._pager(
            PATH, Connector, page=page, per_page=per_page, retry=retry, timeout=timeout
        )

    async def get(
        self, connector_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> Connector:
        """One connector (``GET /v2/connectors/{id}``).

        Raises:
            NotFoundError: No such connector.
        """
        path = f"{PATH}/{segment(connector_id, 'connector_id')}"
        return await self._get(path, into_at(Connector), retry=retry, timeout=timeout)

    async def delete(
        self, connector_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> str:
        """Delete a connector (``DELETE /v2/connectors/{id}``); the API's confirmation."""
        path = f"{PATH}/{segment(connector_id, 'connector_id')}"
        return await self._delete(path, bare_string, retry=retry, timeout=timeout)

    async def rotate_key(
        self, connector_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> Connector:
        """Rotate the connector's webhook key (``POST /v2/connectors/{id}/rotate-key``): the
        answer carries the new ``webhook_url``; the old one stops working.

        Retried like a read: a repeat after a lost answer rotates again, and the key valid
        now is the one answered, so nothing is lost [INF].
        """
        path = f"{PATH}/{segment(connector_id, 'connector_id')}/rotate-key"
        return await self._post(
            path, into_at(Connector), idempotent=True, retry=retry, timeout=timeout
        )
