"""VideoSDK tokens: minting (HS256 JWTs via PyJWT), and the SDK's cached management token.

A VideoSDK token is a JWT signed with the account's API *secret* whose payload names the
``apikey`` and ``permissions`` (and, for version 2 tokens, optionally ``roomId``,
``participantId`` and ``roles``), as VideoSDK's authentication documentation lists them.
"""

from __future__ import annotations

import json
import time
import warnings
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal

import jwt

from ._errors import InvalidArgumentError as BadValue
from ._errors import InvalidArgumentTypeError as BadType

Permission = Literal["allow_join", "allow_mod", "ask_join"]
Role = Literal["crawler", "rtc"]

_PERMISSIONS = frozenset({"allow_join", "allow_mod", "ask_join"})
_ROLES = frozenset({"crawler", "rtc"})

#: How far ``nbf`` is backdated, so a server whose clock is a little behind ours accepts
#: a token the moment it is minted.
CLOCK_SKEW = 30.0
#: The management token the SDK mints for itself lives this long...
MANAGEMENT_TTL = 3600.0
#: ...and is replaced this long before it expires (the official SDKs also use 60 s).
REFRESH_MARGIN = 60.0
#: [INF] The v1 docs' tokens carry only ``apikey`` and ``permissions``; a token without
#: ``roles`` may use both the REST API and rooms, so the SDK mints that classic shape for its
#: own calls rather than the v2 ``crawler`` role (which the docs describe as v2-only).
MANAGEMENT_PERMISSIONS: tuple[Permission, ...] = ("allow_join", "allow_mod")


def _check_text(name: str, value: object) -> str:
    if not isinstance(value, str):
        raise BadType(f"{name} must be a str, not {type(value).__name__}")
    if not value.strip():
        raise BadValue(f"{name} must not be empty")
    return value


def _check_choices(name: str, values: object, allowed: frozenset[str]) -> list[str]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise BadType(f"{name} must be a sequence of strings, e.g. ({sorted(allowed)[0]!r},)")
    items = list(values)
    if not items:
        raise BadValue(f"{name} must not be empty")
    unknown = [v for v in items if v not in allowed]
    if unknown:
        raise BadValue(f"unknown {name} {unknown!r}; allowed: {sorted(allowed)}")
    return list(dict.fromkeys(items))


#: Claims each of their own argument sets; ``claims=`` may not set them.
RESERVED_CLAIMS = frozenset(
    {"apikey", "iat", "exp", "nbf", "permissions", "roles", "version", "roomId", "participantId"}
)


def _check_claims(claims: object) -> dict[str, Any]:
    if not isinstance(claims, Mapping):
        raise BadType(f"claims must be a mapping, not {type(claims).__name__}")
    extra = dict(claims)
    if not all(isinstance(key, str) for key in extra):
        raise BadType("claims keys must be str")
    reserved = sorted(RESERVED_CLAIMS.intersection(extra))
    if reserved:
        raise BadValue(
            f"claims may not set {reserved}: each has its own argument (permissions=, roles=, "
            "ttl=, room_id=, participant_id=) or is set by the SDK"
        )
    try:
        json.dumps(extra)
    except (TypeError, ValueError):
        raise BadType(
            "claims values must be JSON data (str, number, bool, None, list, dict)"
        ) from None
    return extra


def token_claims(
    *,
    permissions: Iterable[Permission] = ("allow_join",),
    ttl: float = 3600.0,
    room_id: str | None = None,
    participant_id: str | None = None,
    roles: Iterable[Role] | None = None,
    version: int | None = None,
    claims: Mapping[str, Any] | None = None,
    now: float | None = None,
) -> dict[str, Any]:
    """Every claim of a token but ``apikey``, each argument checked (no key or secret read).

    Callers holding credentials check everything with this first, so a refusal never happens
    in a frame that holds the secret. See `generate_token` for the arguments.
    """
    perms = _check_choices("permissions", permissions, _PERMISSIONS)
    if "ask_join" in perms and len(perms) > 1:
        raise BadValue("permission 'ask_join' cannot be combined with 'allow_join'/'allow_mod'")
    if isinstance(ttl, bool) or not isinstance(ttl, int | float):
        raise BadType(f"ttl must be a number of seconds, not {type(ttl).__name__}")
    if not 0 < ttl <= 366 * 86400:
        raise BadValue("ttl must be more than 0 and at most 366 days, in seconds")
    payload: dict[str, Any] = {"permissions": perms}
    needs_v2 = False
    if room_id is not None:
        payload["roomId"] = _check_text("room_id", room_id)
        needs_v2 = True
    if participant_id is not None:
        payload["participantId"] = _check_text("participant_id", participant_id)
        needs_v2 = True
    if roles is not None:
        payload["roles"] = _check_choices("roles", roles, _ROLES)
        needs_v2 = True
    if version is None:
        version = 2 if needs_v2 else None
    elif isinstance(version, bool) or not isinstance(version, int):
        raise BadType(f"version must be an int, not {type(version).__name__}")
    elif needs_v2 and version != 2:
        raise BadValue("room_id, participant_id and roles require version=2")
    if version is not None:
        payload["version"] = version
    if claims is not None:
        payload.update(_check_claims(claims))
    if now is not None and (isinstance(now, bool) or not isinstance(now, int | float)):
        raise BadType(f"now must be a POSIX timestamp, not {type(now).__name__}")
    issued = int(time.time() if now is None else now)
    payload["iat"] = issued
    payload["nbf"] = issued - int(CLOCK_SKEW)
    payload["exp"] = issued + int(ttl)
    return payload


def generate_token(
    api_key: str,
    secret: str,
    *,
    permissions: Iterable[Permission] = ("allow_join",),
    ttl: float = 3600.0,
    room_id: str | None = None,
    participant_id: str | None = None,
    roles: Iterable[Role] | None = None,
    version: int | None = None,
    claims: Mapping[str, Any] | None = None,
    now: float | None = None,
) -> str:
    """Mint a VideoSDK token (an HS256 JWT signed with ``secret``).

    Args:
        api_key: The account's API key (the ``apikey`` claim).
        secret: The account's API secret, the HS256 signing key.
        permissions: Any of ``allow_join``, ``allow_mod``, ``ask_join``; ``ask_join`` cannot
            be combined with the other two.
        ttl: Lifetime in seconds (``exp - iat``).
        room_id: Restrict the token to this room / meeting id.
        participant_id: Restrict the token to this participant.
        roles: Any of ``crawler`` (REST API only, cannot join) and ``rtc`` (join only).
        version: The payload version. Set to 2 automatically when ``room_id``,
            ``participant_id`` or ``roles`` is given, which requires it.
        claims: Custom claims to add (JSON data). They may not set ``apikey``, ``iat``,
            ``exp``, ``nbf``, ``permissions``, ``roles``, ``version``, ``roomId`` or
            ``participantId``: each has its argument.
        now: The issue time as a POSIX timestamp (default: the current time).

    Returns:
        The encoded token.

    Raises:
        TypeError: An argument has the wrong type.
        ValueError: An argument is empty, unknown, reserved, or not allowed with another.
    """
    _check_text("api_key", api_key)
    # From here the secret is held only by a redacting holder: a refusal below leaves no
    # frame local that renders it (error reporters show locals).
    held = _Secret(_check_text("secret", secret))
    del secret
    payload = token_claims(
        permissions=permissions,
        ttl=ttl,
        room_id=room_id,
        participant_id=participant_id,
        roles=roles,
        version=version,
        claims=claims,
        now=now,
    )
    return _encode({"apikey": api_key, **payload}, held.get())


def _encode(payload: dict[str, Any], secret: str) -> str:
    with warnings.catch_warnings():
        # PyJWT warns about HMAC keys shorter than 32 bytes; the key is VideoSDK's secret,
        # whose length the user does not choose, so the warning would only be noise to them.
        warnings.simplefilter("ignore", getattr(jwt.warnings, "InsecureKeyLengthWarning", Warning))
        return jwt.encode(payload, secret, algorithm="HS256")


_STATIC = (
    "this AsyncVideoSDK was given a pre-minted token, so it cannot mint or verify tokens: "
    "construct it with api_key= and secret= (or VIDEOSDK_API_KEY and VIDEOSDK_SECRET) instead"
)


class _Secret:
    """A string that keeps out of reprs, tracebacks with locals, and logs."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def get(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "<redacted>"

    __str__ = __repr__


class TokenProvider:
    """Hands out the token for the ``Authorization`` header of each attempt.

    Either a static token the user gave, or a management token minted from the API key and
    secret, cached, and re-minted ``REFRESH_MARGIN`` seconds before it expires (so there is
    one signature per TTL window, not one per request).
    """

    __slots__ = ("_api_key", "_clock", "_expires", "_secret", "_token", "signatures", "ttl")

    def __init__(
        self,
        *,
        token: str | None = None,
        api_key: str | None = None,
        secret: str | None = None,
        clock: Callable[[], float] = time.time,
        ttl: float = MANAGEMENT_TTL,
    ) -> None:
        self._clock = clock
        self._api_key = api_key
        self._secret = _Secret(secret) if secret is not None else None
        self._token = _Secret(token) if token is not None else None
        self._expires = float("inf") if token is not None else float("-inf")
        self.ttl = ttl
        #: How many tokens this provider has signed (a benchmark reports it).
        self.signatures = 0

    @property
    def mode(self) -> str:
        """``"api-key"`` when the SDK mints its own tokens, ``"token"`` for a static one."""
        return "api-key" if self._secret is not None else "token"

    @property
    def can_mint(self) -> bool:
        return self._secret is not None

    def credentials(self) -> tuple[str, str]:
        """The API key and secret, for minting other tokens (join tokens)."""
        if self._api_key is None or self._secret is None:
            raise RuntimeError(_STATIC)
        return self._api_key, self._secret.get()

    def key(self) -> Callable[[], str]:
        """What reads the secret, for verifying tokens (the secret itself stays inside).

        Raises:
            RuntimeError: The SDK has a static token and no secret.
        """
        if self._secret is None:
            raise RuntimeError(_STATIC)
        return self._secret.get

    def sign(self, claims: dict[str, Any]) -> str:
        """``claims`` (checked by `token_claims`) signed as a token with the SDK's key.

        Raises:
            RuntimeError: The SDK has a static token and no secret to sign with.
        """
        if self._api_key is None or self._secret is None:
            raise RuntimeError(_STATIC)
        return _encode({"apikey": self._api_key, **claims}, self._secret.get())

    def get(self) -> str:
        """The token to send now, minting a fresh one when the cached one nears expiry."""
        if self._token is not None and self._clock() < self._expires - REFRESH_MARGIN:
            return self._token.get()
        if self._secret is None or self._api_key is None:
            assert self._token is not None  # noqa: S101 (constructor guarantees one of the two)
            return self._token.get()
        now = self._clock()
        # Straight into the redacting holder: no local of ours ever holds the token.
        self._token = _Secret(
            generate_token(
                self._api_key,
                self._secret.get(),
                permissions=MANAGEMENT_PERMISSIONS,
                ttl=self.ttl,
                now=now,
            )
        )
        self.signatures += 1
        self._expires = float(int(now) + int(self.ttl))
        return self._token.get()

    def minted_within(self, seconds: float) -> bool:
        """Whether the current token was minted by this provider less than ``seconds`` ago."""
        if self._secret is None or self._token is None:
            return False
        return self._clock() - (self._expires - int(self.ttl)) < seconds

    def invalidate(self) -> bool:
        """Forget a minted token (the server said it expired); False if nothing can be minted."""
        if self._secret is None:
            return False
        self._token = None
        self._expires = float("-inf")
        return True

    def __repr__(self) -> str:
        return f"<TokenProvider mode={self.mode}>"
