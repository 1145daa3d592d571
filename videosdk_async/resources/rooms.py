"""`AsyncRooms`: the v2 rooms calls (``/v2/rooms``)."""

from __future__ import annotations

import builtins
from collections.abc import AsyncGenerator, Coroutine, Iterable, Mapping, Sequence
from typing import Any, Literal, overload

from .._core._batch import ProgressCallback
from .._core._converter import into
from .._core._errors import (
    InvalidArgumentError as BadValue,
)
from .._core._errors import (
    InvalidArgumentTypeError as BadType,
)
from .._core._errors import (
    RoomNotFoundError,
    VideoSDKError,
)
from .._core._ids import check_id, segment
from .._core._pagination import AsyncPager
from .._core._requester import CallTimeout as Timeout
from .._core._retry import RetryPolicy
from ..models.rooms import AutoClose, MultiComposition, Room, RoomWebhook
from ._base import Resource, listed

#: What validate answers for an unknown room id [DOC].
_VALIDATE_NOT_FOUND = frozenset({400, 402, 404})

#: What `create_many` takes per item: a custom room id, or `create`'s keyword arguments.
RoomSpec = str | Mapping[str, Any]

_CREATE_OPTIONS = frozenset(
    {
        "custom_room_id",
        "webhook",
        "auto_close",
        "auto_start",
        "geo_fence",
        "multi_composition",
        "allowed_participant_ids",
    }
)


def _typed(value: object, cls: type, name: str) -> Any:
    if value is not None and not isinstance(value, cls):
        raise BadType(f"{name} must be a {cls.__name__} or None, not {type(value).__name__}")
    return value


def create_body(
    *,
    custom_room_id: str | None = None,
    webhook: RoomWebhook | None = None,
    auto_close: AutoClose | None = None,
    auto_start: Mapping[str, Any] | None = None,
    geo_fence: str | None = None,
    multi_composition: MultiComposition | None = None,
    allowed_participant_ids: Sequence[str] | None = None,
) -> dict[str, Any]:
    """The JSON body of ``POST /v2/rooms``, checked (``{}`` with no options)."""
    body: dict[str, Any] = {}
    if custom_room_id is not None:
        body["customRoomId"] = check_id(custom_room_id, "custom_room_id")
    if _typed(webhook, RoomWebhook, "webhook") is not None:
        body["webhook"] = webhook.to_wire()  # type: ignore[union-attr]
    if _typed(auto_close, AutoClose, "auto_close") is not None:
        body["autoCloseConfig"] = auto_close.to_wire()  # type: ignore[union-attr]
    if _typed(auto_start, Mapping, "auto_start") is not None:
        body["autoStartConfig"] = dict(auto_start)  # type: ignore[arg-type]
    if _typed(geo_fence, str, "geo_fence") is not None:
        body["geoFence"] = geo_fence
    if _typed(multi_composition, MultiComposition, "multi_composition") is not None:
        body["multiComposition"] = multi_composition.to_wire()  # type: ignore[union-attr]
    participants = listed(allowed_participant_ids, "allowed_participant_ids")
    if participants is not None:
        body["allowedParticipantIds"] = participants
    return body


def spec_body(spec: object) -> dict[str, Any]:
    """A `create_many` item as a create body: a custom room id, or create's keywords."""
    if isinstance(spec, str):
        return create_body(custom_room_id=spec)
    if isinstance(spec, Mapping):
        unknown = set(spec) - _CREATE_OPTIONS
        if unknown:
            raise BadType(f"unknown create() options {sorted(unknown)}")
        return create_body(**spec)
    raise BadType("each item must be a custom room id (str) or a mapping of create() options")


class AsyncRooms(Resource):
    """The v2 rooms API. Get it as ``sdk.rooms``; do not construct it yourself."""

    __slots__ = ()

    async def create(
        self,
        *,
        custom_room_id: str | None = None,
        webhook: RoomWebhook | None = None,
        auto_close: AutoClose | None = None,
        auto_start: Mapping[str, Any] | None = None,
        geo_fence: str | None = None,
        multi_composition: MultiComposition | None = None,
        allowed_participant_ids: Sequence[str] | None = None,
        retry: RetryPolicy | None = None,
        timeout: Timeout = None,
    ) -> Room:
        """Create a room (``POST /v2/rooms``); ``create()`` with no options sends ``{}``.

        The API returns the existing room for a ``custom_room_id`` it has seen, so a create
        with one is retried like a read, even after an ambiguous failure. Without one, a
        failure after sending raises with ``outcome_unknown=True`` and is not repeated.

        Args:
            custom_room_id: Your own id for the room (idempotency key).
            webhook: Where to post the room's events (`RoomWebhook`).
            auto_close: When to close its sessions by themselves (`AutoClose`).
            auto_start: ``autoStartConfig`` in the wire form, sent as given.
            geo_fence: The region, e.g. ``"us002"``.
            multi_composition: `MultiComposition`.
            allowed_participant_ids: Only these participants may join.
            retry: A `RetryPolicy` for this call instead of the SDK's.
            timeout: Seconds (or an ``httpx.Timeout``) for each attempt of this call.

        Returns:
            The `Room` (the existing one, for a known ``custom_room_id``).

        Raises:
            TypeError, ValueError: An option is invalid (nothing is sent).
            VideoSDKError: The call failed; see the exception tree.
        """
        body = create_body(
            custom_room_id=custom_room_id,
            webhook=webhook,
            auto_close=auto_close,
            auto_start=auto_start,
            geo_fence=geo_fence,
            multi_composition=multi_composition,
            allowed_participant_ids=allowed_participant_ids,
        )
        return await self._create(body, retry, timeout)

    def _create(
        self, body: dict[str, Any], retry: Any, timeout: Timeout
    ) -> Coroutine[Any, Any, Room]:
        # Idempotent on customRoomId: "Reusing a customRoomId returns the existing room" [DOC].
        return self._post(
            "/v2/rooms",
            into(Room),
            body=body,
            idempotent="customRoomId" in body,
            retry=retry,
            timeout=timeout,
        )

    async def get(
        self, room_id: str, *, retry: RetryPolicy | None = None, timeout: Timeout = None
    ) -> Room:
        """One room by its roomId or customRoomId (``GET /v2/rooms/{id}``).

        Raises:
            TypeError, ValueError: ``room_id`` is not a valid id (nothing is sent).
            NotFoundError: No such room.
        """
        path = f"/v2/rooms/{segment(room_id, 'room_id')}"
        return await self._get(path, into(Room), retry=retry, timeout=timeout)

    async def validate(
        self, room_id: str, *, retry: RetryPolicy | None = None, timeout: Timeout = None
    ) -> Room:
        """Check that a room exists before joining it (``GET /v2/rooms/validate/{id}``).

        Raises:
            TypeError, ValueError: ``room_id`` is not a valid id (nothing is sent).
            RoomNotFoundError: No such room (the API answers 400, 402 or 404).
        """
        return await self._get(
            f"/v2/rooms/validate/{segment(room_id, 'room_id')}",
            into(Room),
            not_found=RoomNotFoundError,
            not_found_statuses=_VALIDATE_NOT_FOUND,
            retry=retry,
            timeout=timeout,
        )

    def list(
        self,
        *,
        page: int | None = None,
        per_page: int | None = None,
        query: str | None = None,
        retry: RetryPolicy | None = None,
        timeout: Timeout = None,
    ) -> AsyncPager[Room]:
        """The account's rooms (``GET /v2/rooms``, paged); no I/O until awaited or iterated.

        Args:
            page: The page to start at (sent only when given; the server starts at 1).
            per_page: Rooms per page, 1-1000 (sent only when given).
            query: Only the room whose roomId or customRoomId is exactly this.

        Raises:
            ValueError: ``page`` < 1 or ``per_page`` outside 1-1000 (at once, nothing sent).
        """
        if query is not None and not isinstance(query, str):
            raise BadType(f"query must be a str or None, not {type(query).__name__}")
        return self._pager(
            "/v2/rooms",
            Room,
            page=page,
            per_page=per_page,
            params={"query": query},
            retry=retry,
            timeout=timeout,
        )

    async def deactivate(
        self, room_id: str, *, retry: RetryPolicy | None = None, timeout: Timeout = None
    ) -> Room:
        """Deactivate a room (``POST /v2/rooms/deactivate``); the answer has ``disabled=True``.

        Only a VideoSDK roomId works: the API refuses a customRoomId with 402 [SDK].
        Repeating a deactivation changes nothing, so it is retried like a read.
        """
        body = {"roomId": check_id(room_id, "room_id")}
        return await self._post(
            "/v2/rooms/deactivate",
            into(Room),
            body=body,
            idempotent=True,
            retry=retry,
            timeout=timeout,
        )

    async def update(
        self,
        room_id: str,
        *,
        status: Literal["enabled", "disabled"],
        retry: RetryPolicy | None = None,
        timeout: Timeout = None,
    ) -> Room:
        """Enable or disable a room (``POST /v2/rooms/{roomId}`` with ``{status}``).

        Setting a status is idempotent, so it is retried like a read.

        Raises:
            ValueError: ``status`` is not ``"enabled"`` or ``"disabled"`` (nothing is sent).
        """
        path = f"/v2/rooms/{segment(room_id, 'room_id')}"
        if status not in ("enabled", "disabled"):
            raise BadValue(f"status must be 'enabled' or 'disabled', not {status!r}")
        body = {"status": status}
        return await self._post(
            path, into(Room), body=body, idempotent=True, retry=retry, timeout=timeout
        )

    # -- batches -----------------------------------------------------------------------

    @overload
    async def create_many(
        self,
        items: Iterable[RoomSpec],
        *,
        concurrency: int = ...,
        return_exceptions: Literal[False] = ...,
        rate_limit: float | None = ...,
        on_progress: ProgressCallback | None = ...,
        retry: RetryPolicy | None = ...,
        timeout: Timeout = ...,
    ) -> builtins.list[Room]: ...
    @overload
    async def create_many(
        self,
        items: Iterable[RoomSpec],
        *,
        concurrency: int = ...,
        return_exceptions: bool,
        rate_limit: float | None = ...,
        on_progress: ProgressCallback | None = ...,
        retry: RetryPolicy | None = ...,
        timeout: Timeout = ...,
    ) -> builtins.list[Room | VideoSDKError]: ...
    async def create_many(
        self,
        items: Iterable[RoomSpec],
        *,
        concurrency: int = 16,
        rate_limit: float | None = None,
        return_exceptions: bool = False,
        on_progress: ProgressCallback | None = None,
        retry: RetryPolicy | None = None,
        timeout: Timeout = None,
    ) -> builtins.list[Room] | builtins.list[Room | VideoSDKError]:
        """Create one room per item, concurrently; results in input order.

        `AsyncVideoSDK.map` applied to `create`. Items are custom room ids (``str``) or
        mappings of `create` keyword arguments. With custom room ids every failure is retried
        safely (the API dedupes them), so a batch ends with exactly one room per id.

        Raises:
            BatchError: An item failed (``return_exceptions=False``); see `AsyncVideoSDK.map`.
            TypeError, ValueError: An item of a sized input is invalid and
                ``return_exceptions`` is False (nothing is sent), or an option is invalid.
        """
        return await self._map(
            lambda body: self._create(body, retry, timeout),
            items,
            prepare=spec_body,
            concurrency=concurrency,
            rate_limit=rate_limit,
            return_exceptions=return_exceptions,
            on_progress=on_progress,
        )

    def create_iter(
        self,
        items: Iterable[RoomSpec],
        *,
        concurrency: int = 16,
        rate_limit: float | None = None,
        retry: RetryPolicy | None = None,
        timeout: Timeout = None,
    ) -> AsyncGenerator[tuple[int, Room | VideoSDKError]]:
        """Create one room per item, yielding ``(index, room or error)`` as each finishes."""
        return self._map_iter(
            lambda body: self._create(body, retry, timeout),
            items,
            prepare=spec_body,
            concurrency=concurrency,
            rate_limit=rate_limit,
        )
