"""`AsyncSipTrunks`: ``.inbound`` and ``.outbound`` SIP trunks (``/v2/sip/*-gateways``).

Creates are never repeated (a failure after sending raises with ``outcome_unknown=True``);
reads, updates (PATCH, a plain field update) and deletes are retried like reads. A trunk
answer is read at its top level, as the official SDK reads it, or under ``data`` [INF].
"""

from __future__ import annotations

from collections.abc import Coroutine, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

from .._core._converter import bare_string
from .._core._errors import InvalidArgumentError as BadValue
from .._core._errors import InvalidArgumentTypeError as BadType
from .._core._ids import check_label, optional_id, optional_label, segment
from .._core._pagination import AsyncPager
from .._core._requester import CallTimeout
from .._core._retry import RetryPolicy
from ..models.sip import ENCRYPTIONS, REGIONS, TRANSPORTS, SipAuth, SipTrunk, one_of
from ._base import Resource, into_at, listed, options

if TYPE_CHECKING:
    from .._client import AsyncVideoSDK

Region = Literal["auto", "us002", "in002"]
Encryption = Literal["enable", "disable"]
Transport = Literal["udp", "tcp", "tls"]


def auth_wire(auth: SipAuth | None) -> dict[str, str] | None:
    """``auth`` on the wire (a `SipAuth`, checked)."""
    if auth is None:
        return None
    if not isinstance(auth, SipAuth):
        raise BadType(f"auth must be a SipAuth, not {type(auth).__name__}")
    return auth.to_wire()


def numbers_given(numbers: Sequence[str] | None, name: str) -> list[str] | None:
    """A non-empty list of numbers (None stays None).

    Raises:
        TypeError: A lone ``str`` or a non-``str`` item.
        ValueError: An empty sequence, or a blank number.
    """
    found = listed(numbers, name)
    if found is not None:
        if not found:
            raise BadValue(f"{name} must hold at least one number")
        found = [check_label(n, name) for n in found]
    return found


def trunk_body(
    *,
    name: str | None,
    numbers: Sequence[str] | None,
    auth: SipAuth | None,
    media_encryption: str | None,
    record: bool | None,
    noise_cancellation: bool | None,
    enable_dtmf: bool | None,
    metadata: Mapping[str, str] | None,
    tags: Sequence[str] | None,
    geo_region: str | None,
    **extra: Any,
) -> dict[str, Any]:
    """The body shared by both kinds of trunk (options under their wire names)."""
    return options(
        {},
        name=optional_label(name, "name"),
        numbers=numbers_given(numbers, "numbers"),
        auth=auth_wire(auth),
        mediaEncryption=one_of(media_encryption, "media_encryption", ENCRYPTIONS),
        record=record,
        noiseCancellation=noise_cancellation,
        enableDtmf=enable_dtmf,
        metadata=metadata,
        tags=listed(tags, "tags"),
        geoRegion=one_of(geo_region, "geo_region", REGIONS),
        **extra,
    )


class _Trunks(Resource):
    """What inbound and outbound trunks share: list, get, delete."""

    __slots__ = ()
    _path = ""

    def list(
        self,
        *,
        id: str | None = None,
        search: str | None = None,
        page: int | None = None,
        per_page: int | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> AsyncPager[SipTrunk]:
        """Trunks, filtered by ``id`` or a name ``search`` (paged; no I/O until used)."""
        params = {"id": optional_id(id, "id"), "search": optional_label(search, "search")}
        return self._pager(
            self._path,
            SipTrunk,
            page=page,
            per_page=per_page,
            params=params,
            retry=retry,
            timeout=timeout,
        )

    async def get(
        self, trunk_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> SipTrunk:
        """One trunk (``GET .../{id}``)."""
        path = f"{self._path}/{segment(trunk_id, 'trunk_id')}"
        return await self._get(path, into_at(SipTrunk), retry=retry, timeout=timeout)

    async def delete(
        self, trunk_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> str:
        """Delete a trunk (``DELETE .../{id}``); the API's confirmation."""
        path = f"{self._path}/{segment(trunk_id, 'trunk_id')}"
        return await self._delete(path, bare_string, retry=retry, timeout=timeout)

    def _create(
        self, body: dict[str, Any], retry: Any, timeout: CallTimeout
    ) -> Coroutine[Any, Any, SipTrunk]:
        return self._post(self._path, into_at(SipTrunk), body=body, retry=retry, timeout=timeout)

    async def _update(
        self, trunk_id: str, body: dict[str, Any], retry: Any, timeout: CallTimeout
    ) -> SipTrunk:
        path = f"{self._path}/{segment(trunk_id, 'trunk_id')}"
        return await self._patch(
            path, into_at(SipTrunk), body=body, idempotent=True, retry=retry, timeout=timeout
        )


class AsyncSipInboundTrunks(_Trunks):
    """Inbound trunks: connections that receive calls for a set of numbers
    (``/v2/sip/inbound-gateways``). Get it as ``sdk.sip.trunks.inbound``."""

    __slots__ = ()
    _path = "/v2/sip/inbound-gateways"

    async def create(
        self,
        *,
        name: str,
        numbers: Sequence[str],
        auth: SipAuth | None = None,
        allowed_addresses: Sequence[str] | None = None,
        allowed_numbers: Sequence[str] | None = None,
        media_encryption: Encryption | None = None,
        record: bool | None = None,
        noise_cancellation: bool | None = None,
        enable_dtmf: bool | None = None,
        metadata: Mapping[str, str] | None = None,
        tags: Sequence[str] | None = None,
        geo_region: Region | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> SipTrunk:
        """Create an inbound trunk (``POST /v2/sip/inbound-gateways``); never repeated.

        Raises:
            ValueError: Empty ``numbers``, or a value outside its set (nothing is sent).
            TypeError: A lone ``str`` for a sequence.
        """
        body = trunk_body(
            name=check_label(name, "name"), numbers=numbers_given(numbers, "numbers"),
            auth=auth, media_encryption=media_encryption, record=record,
            noise_cancellation=noise_cancellation, enable_dtmf=enable_dtmf, metadata=metadata,
            tags=tags, geo_region=geo_region,
            allowedAddresses=listed(allowed_addresses, "allowed_addresses"),
            allowedNumbers=listed(allowed_numbers, "allowed_numbers"),
        )  # fmt: skip
        return await self._create(body, retry, timeout)

    async def update(
        self,
        trunk_id: str,
        *,
        name: str | None = None,
        numbers: Sequence[str] | None = None,
        auth: SipAuth | None = None,
        allowed_addresses: Sequence[str] | None = None,
        allowed_numbers: Sequence[str] | None = None,
        media_encryption: Encryption | None = None,
        record: bool | None = None,
        noise_cancellation: bool | None = None,
        enable_dtmf: bool | None = None,
        metadata: Mapping[str, str] | None = None,
        tags: Sequence[str] | None = None,
        geo_region: Region | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> SipTrunk:
        """Update an inbound trunk (``PATCH .../{id}``); retried like a read.

        Pass the full state: the API resets an omitted ``record``, ``noise_cancellation`` and
        ``enable_dtmf`` to false and clears an omitted ``geo_region`` (the official SDK's
        note). The SDK does not read and merge for you.
        """
        body = trunk_body(
            name=name, numbers=numbers, auth=auth, media_encryption=media_encryption,
            record=record, noise_cancellation=noise_cancellation, enable_dtmf=enable_dtmf,
            metadata=metadata, tags=tags, geo_region=geo_region,
            allowedAddresses=listed(allowed_addresses, "allowed_addresses"),
            allowedNumbers=listed(allowed_numbers, "allowed_numbers"),
        )  # fmt: skip
        return await self._update(trunk_id, body, retry, timeout)


class AsyncSipOutboundTrunks(_Trunks):
    """Outbound trunks: connections used to place calls to a SIP host
    (``/v2/sip/outbound-gateways``). Get it as ``sdk.sip.trunks.outbound``."""

    __slots__ = ()
    _path = "/v2/sip/outbound-gateways"

    async def create(
        self,
        *,
        name: str,
        numbers: Sequence[str],
        address: str,
        transport: Transport | None = None,
        auth: SipAuth | None = None,
        media_encryption: Encryption | None = None,
        record: bool | None = None,
        noise_cancellation: bool | None = None,
        enable_dtmf: bool | None = None,
        metadata: Mapping[str, str] | None = None,
        tags: Sequence[str] | None = None,
        geo_region: Region | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> SipTrunk:
        """Create an outbound trunk to the SIP host ``address`` (``POST
        /v2/sip/outbound-gateways``); never repeated.

        Raises:
            ValueError: Empty ``numbers``, or a value outside its set (nothing is sent).
        """
        body = trunk_body(
            name=check_label(name, "name"), numbers=numbers_given(numbers, "numbers"),
            auth=auth, media_encryption=media_encryption, record=record,
            noise_cancellation=noise_cancellation, enable_dtmf=enable_dtmf, metadata=metadata,
            tags=tags, geo_region=geo_region, address=check_label(address, "address"),
            transport=one_of(transport, "transport", TRANSPORTS),
        )  # fmt: skip
        return await self._create(body, retry, timeout)

    async def update(
        self,
        trunk_id: str,
        *,
        name: str | None = None,
        numbers: Sequence[str] | None = None,
        address: str | None = None,
        transport: Transport | None = None,
        auth: SipAuth | None = None,
        allowed_numbers: Sequence[str] | None = None,
        media_encryption: Encryption | None = None,
        record: bool | None = None,
        noise_cancellation: bool | None = None,
        enable_dtmf: bool | None = None,
        metadata: Mapping[str, str] | None = None,
        tags: Sequence[str] | None = None,
        geo_region: Region | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> SipTrunk:
        """Update an outbound trunk (``PATCH .../{id}``); retried like a read.

        Pass the full state: the API resets an omitted ``record``, ``noise_cancellation`` and
        ``enable_dtmf`` to false and clears an omitted ``geo_region`` (the official SDK's
        note). The SDK does not read and merge for you.
        """
        body = trunk_body(
            name=name, numbers=numbers, auth=auth, media_encryption=media_encryption,
            record=record, noise_cancellation=noise_cancellation, enable_dtmf=enable_dtmf,
            metadata=metadata, tags=tags, geo_region=geo_region,
            address=optional_label(address, "address"),
            transport=one_of(transport, "transport", TRANSPORTS),
            allowedNumbers=listed(allowed_numbers, "allowed_numbers"),
        )  # fmt: skip
        return await self._update(trunk_id, body, retry, timeout)


class AsyncSipTrunks(Resource):
    """SIP trunks: ``.inbound`` and ``.outbound``. Get it as ``sdk.sip.trunks``."""

    __slots__ = ("inbound", "outbound")

    def __init__(self, sdk: AsyncVideoSDK) -> None:
        super().__init__(sdk)
        self.inbound = AsyncSipInboundTrunks(sdk)
        """Inbound trunks: `AsyncSipInboundTrunks`."""
        self.outbound = AsyncSipOutboundTrunks(sdk)
        """Outbound trunks: `AsyncSipOutboundTrunks`."""
