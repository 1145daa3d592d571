"""The token calls of `AsyncVideoSDK`: join tokens for front ends (a mixin, no I/O)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from ._core._auth import Permission, generate_token
from ._core._ids import check_id

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
    ) -> str:
        """Mint a token that lets a participant join one room (and only that one).

        Args:
            meeting_id: The room / meeting the token is for (its ``roomId`` claim).
            participant_id: Bind the token to this participant id.
            permissions: ``allow_join`` (default), ``allow_mod``, or ``ask_join`` alone.
            ttl: Lifetime in seconds.

        Returns:
            The token, for your front end to hand to VideoSDK's client SDKs.

        Raises:
            RuntimeError: The SDK was given a static ``token`` and has no secret to sign with.
            ValueError: A bad room id or an invalid permission combination.
        """
        room = check_id(meeting_id, "meeting_id")
        api_key, secret = self._requester.auth.credentials()
        return generate_token(
            api_key,
            secret,
            permissions=permissions,
            ttl=ttl,
            room_id=room,
            participant_id=participant_id,
            version=2,
            now=self._now(),
        )
