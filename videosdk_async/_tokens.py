"""The token calls of `AsyncVideoSDK`: minting and verifying tokens (a mixin, no I/O).

Every argument is checked before the SDK's secret is touched, so a refusal never happens in a
frame that holds it (error reporters that render frame locals cannot show it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ._core._auth import Permission, Role, token_claims
from ._core._errors import InvalidArgumentTypeError as BadType
from ._core._ids import check_id, optional_id
from ._core._verify import check_token

if TYPE_CHECKING:
    from ._core._requester import Requester


class Tokens:
    """Token minting of `AsyncVideoSDK` (a mixin: it reads the SDK's credentials and clock)."""

    _requester: Requester
    _now: Callable[[], float]

    def join_token(
        self,
        meeting_id: str,
        *,
        participant_id: str | None = None,
        permissions: Iterable[Permission] = ("allow_join",),
        ttl: float = 3600.0,
        roles: Sequence[Role] | None = None,
        claims: Mapping[str, Any] | None = None,
    ) -> str:
        """Mint a token that lets a participant join one room (and only that one).

        Args:
            meeting_id: The room / meeting the token is for (its ``roomId`` claim).
            participant_id: Bind the token to this participant id.
            permissions: ``allow_join`` (default), ``allow_mod``, or ``ask_join`` alone.
            ttl: Lifetime in seconds.
            roles: ``("rtc",)`` for a join-only token; none are sent unless given.
            claims: Custom claims (JSON data); they may not set ``apikey``, ``iat``, ``exp``,
                ``nbf``, ``permissions``, ``roles``, ``version``, ``roomId``, ``participantId``.

        Returns:
            The token, for your front end to hand to VideoSDK's client SDKs.

        Raises:
            RuntimeError: The SDK was given a static ``token`` and has no secret to sign with.
            ValueError: A bad room id, an invalid permission combination, a reserved claim.
            TypeError: An argument of the wrong type.
        """
        room = check_id(meeting_id, "meeting_id")
        payload = token_claims(
            permissions=permissions,
            ttl=ttl,
            room_id=room,
            participant_id=participant_id,
            roles=roles,
            version=2,
            claims=claims,
            now=self._now(),
        )
        return self._requester.auth.sign(payload)

    def generate_token(
        self,
        *,
        permissions: Iterable[Permission] = ("allow_join",),
        roles: Sequence[Role] | None = None,
        room_id: str | None = None,
        participant_id: str | None = None,
        ttl: float = 3600.0,
        claims: Mapping[str, Any] | None = None,
    ) -> str:
        """Mint a token from the SDK's API key and secret; no room required.

        ``roles=("crawler",)`` with ``permissions=("allow_join", "allow_mod")`` is the
        official SDKs' management token (``forApi()``). The payload is version 2 when
        ``roles``, ``room_id`` or ``participant_id`` is given.

        Args:
            permissions: ``allow_join`` (default), ``allow_mod``, or ``ask_join`` alone.
            roles: ``crawler`` (REST API only) and/or ``rtc`` (join only).
            room_id: Restrict the token to this room.
            participant_id: Bind the token to this participant.
            ttl: Lifetime in seconds.
            claims: Custom claims (JSON data), reserved names refused as in `join_token`.

        Returns:
            The token.

        Raises:
            RuntimeError: The SDK was given a static ``token`` and has no secret to sign with.
            ValueError, TypeError: A refused argument (checked before the secret is read).
        """
        payload = token_claims(
            permissions=permissions,
            ttl=ttl,
            room_id=optional_id(room_id, "room_id"),
            participant_id=participant_id,
            roles=roles,
            claims=claims,
            now=self._now(),
        )
        return self._requester.auth.sign(payload)

    def verify_token(self, token: str) -> dict[str, Any]:
        """Check a token (e.g. one a client sent) against the SDK's secret; its claims.

        HS256 only, signature compared in constant time, ``exp`` and ``nbf`` checked against
        the SDK's clock. See the module-level `verify_token` for the rules.

        Raises:
            InvalidTokenError: The token is forged, expired, not yet valid or not HS256.
            RuntimeError: The SDK was given a static ``token`` and has no secret.
            TypeError: ``token`` is not a ``str``.
        """
        if not isinstance(token, str):
            raise BadType(f"token must be a str, not {type(token).__name__}")
        return check_token(token, self._requester.auth.key(), self._now())
