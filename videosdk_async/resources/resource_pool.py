"""`AsyncResourcePool`: pre-acquired composition units (``/v2/resource``; Enterprise only)."""

from __future__ import annotations

import builtins
from collections.abc import Sequence
from typing import Literal

from .._core._errors import InvalidArgumentError as BadValue
from .._core._errors import InvalidArgumentTypeError as BadType
from .._core._ids import check_label, segment
from .._core._pagination import AsyncPager
from .._core._requester import CallTimeout
from .._core._retry import RetryPolicy
from ..models.operations import ResourceRelease, ResourceUnit
from ._base import Resource, into_at, options
from ._operations import id_list, items_of, one_of

PATH = "/v2/resource"
STATUSES = ("pending", "idle", "composing", "released")
TYPES = ("recording", "hls", "rtmp")
MODES = ("video-and-audio", "audio")
QUALITIES = ("low", "med", "high")


def _units(units: object) -> int | None:
    if units is None:
        return None
    if isinstance(units, bool) or not isinstance(units, int):
        raise BadType(f"units must be an int or None, not {type(units).__name__}")
    if units < 1:
        raise BadValue(f"units must be at least 1, got {units}")
    return units


class AsyncResourcePool(Resource):
    """Composition units acquired ahead of sessions (Enterprise). Get it as
    ``sdk.resource_pool``; do not construct it yourself."""

    __slots__ = ()

    def list(
        self,
        *,
        status: Literal["pending", "idle", "composing", "released"] | None = None,
        page: int | None = None,
        per_page: int | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> AsyncPager[ResourceUnit]:
        """The pool's units, optionally only those in one status (no I/O until used).

        Raises:
            ValueError: An unknown status (nothing is sent).
        """
        return self._pager(
            PATH,
            ResourceUnit,
            page=page,
            per_page=per_page,
            params={"status": one_of(status, STATUSES, "status")},
            retry=retry,
            timeout=timeout,
        )

    async def get(
        self, unit_id: str, *, retry: RetryPolicy | None = None, timeout: CallTimeout = None
    ) -> ResourceUnit:
        """One unit (``GET /v2/resource/{id}``).

        Raises:
            NotFoundError: No such unit.
        """
        path = f"{PATH}/{segment(unit_id, 'unit_id')}"
        return await self._get(path, into_at(ResourceUnit), retry=retry, timeout=timeout)

    async def acquire(
        self,
        *,
        type: Literal["recording", "hls", "rtmp"],
        webhook_url: str,
        units: int | None = None,
        mode: Literal["video-and-audio", "audio"] | None = None,
        quality: Literal["low", "med", "high"] | None = None,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> builtins.list[ResourceUnit]:
        """Acquire units ahead of a session (``POST /v2/resource/acquire``).

        Billable, so never repeated: a failure after sending raises with
        ``outcome_unknown=True`` (look with `list` before acquiring again).

        Args:
            type: The composer to pre-warm: ``"recording"``, ``"hls"`` or ``"rtmp"``.
            webhook_url: Where the units' events are posted.
            units: How many (at least 1; the API's default is 1).
            mode: ``"video-and-audio"`` or ``"audio"``.
            quality: ``"low"``, ``"med"`` or ``"high"``.

        Returns:
            The units acquired.

        Raises:
            ValueError: A value outside its set, ``units`` < 1, or a blank URL (nothing is
                sent).
            TypeError: ``units`` not an int, or a non-``str`` URL.
        """
        if type is None:
            raise BadValue(f"type must be one of {TYPES}")
        body = options(
            {
                "type": one_of(type, TYPES, "type"),
                "webhookUrl": check_label(webhook_url, "webhook_url"),
            },
            units=_units(units),
            mode=one_of(mode, MODES, "mode"),
            quality=one_of(quality, QUALITIES, "quality"),
        )
        return await self._post(
            f"{PATH}/acquire", items_of(ResourceUnit), body=body, retry=retry, timeout=timeout
        )

    async def release(
        self,
        unit_ids: Sequence[str],
        *,
        retry: RetryPolicy | None = None,
        timeout: CallTimeout = None,
    ) -> builtins.list[ResourceRelease]:
        """Release units (``POST /v2/resource/release`` with ``{ids}``); only ``idle``
        units are released, the others answer ``success=False``.

        Retried like a read: a repeat after a lost answer reports ``success=False`` for the
        units the lost attempt freed, and frees nothing else.

        Raises:
            ValueError: No ids, or an unsafe one (nothing is sent).
            TypeError: A lone ``str`` or a non-``str`` id.
        """
        ids = id_list(unit_ids, "unit_ids")
        if not ids:
            raise BadValue("unit_ids must hold at least one unit id")
        return await self._post(
            f"{PATH}/release",
            items_of(ResourceRelease),
            body={"ids": ids},
            idempotent=True,
            retry=retry,
            timeout=timeout,
        )
