"""Reading tokens: `verify_token` (signature, algorithm, expiry) and `decode_token` (unchecked).

A VideoSDK token is an HS256 JWT signed with the account's secret. Verification takes HS256
only (a token saying ``alg: none`` or naming any other algorithm is refused before its
signature is looked at), compares the signature in constant time (PyJWT), then checks
``exp`` and ``nbf`` against the clock. Messages name what is wrong, never the token.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from typing import Any

import jwt

from ._auth import _Secret
from ._errors import InvalidArgumentError as BadValue
from ._errors import InvalidArgumentTypeError as BadType
from ._errors import InvalidTokenError


def _check_str(value: object, name: str) -> str:
    if not isinstance(value, str):
        raise BadType(f"{name} must be a str, not {type(value).__name__}")
    return value


def _number(claims: dict[str, Any], name: str) -> float | None:
    value = claims.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidTokenError(f"the token's {name} claim is not a number")
    return float(value)


def _decode(token: str, key: Callable[[], str]) -> dict[str, Any] | str:
    """The verified claims, or why not (no exception leaves: none of PyJWT's frames, which
    hold the key, stays reachable from an error the caller sees)."""
    try:
        with warnings.catch_warnings():
            # PyJWT warns about short HMAC keys; the user does not choose VideoSDK's secret.
            warnings.simplefilter(
                "ignore", getattr(jwt.warnings, "InsecureKeyLengthWarning", Warning)
            )
            claims: dict[str, Any] = jwt.decode(
                token,
                key(),
                algorithms=["HS256"],
                # The signature only: times are checked below against the caller's clock, and
                # aud/iss/sub/jti are no part of a VideoSDK token (custom claims may use them).
                options={
                    "verify_exp": False,
                    "verify_nbf": False,
                    "verify_iat": False,
                    "verify_aud": False,
                    "verify_iss": False,
                    "verify_sub": False,
                    "verify_jti": False,
                },
            )
    except jwt.InvalidAlgorithmError:
        return "the token is not signed with HS256"
    except jwt.InvalidSignatureError:
        return "the token's signature does not match the secret"
    except jwt.PyJWTError as exc:
        return f"the token is malformed ({type(exc).__name__})"
    return claims


def check_token(token: str, key: Callable[[], str], now: float) -> dict[str, Any]:
    """`verify_token` with the secret behind ``key`` (never a local here), at time ``now``."""
    _check_str(token, "token")
    claims = _decode(token, key)
    if isinstance(claims, str):
        raise InvalidTokenError(claims)
    expires, not_before = _number(claims, "exp"), _number(claims, "nbf")
    if expires is not None and now >= expires:
        raise InvalidTokenError("the token has expired")
    if not_before is not None and now < not_before:
        raise InvalidTokenError("the token is not valid yet (nbf)")
    return claims


def verify_token(token: str, secret: str) -> dict[str, Any]:
    """Check a VideoSDK token against your API secret and return its claims.

    Only HS256 is accepted (``alg: none`` and every other algorithm are refused); the
    signature is compared in constant time; ``exp`` and ``nbf`` are checked against the
    current time.

    Args:
        token: The token, e.g. one a client sent you.
        secret: Your API secret.

    Returns:
        The token's claims (``apikey``, ``permissions``, ``exp``, ... and any custom ones).

    Raises:
        InvalidTokenError: A bad signature, another algorithm, a malformed token, an expired
            one or one not valid yet. The message never contains the token.
        TypeError: ``token`` or ``secret`` is not a ``str``.
        ValueError: An empty ``secret``.
    """
    _check_str(token, "token")
    if not _check_str(secret, "secret").strip():
        raise BadValue("secret must not be empty")
    key = _Secret(secret).get  # a refused token's frames hold this holder, not the secret
    del secret
    return check_token(token, key, time.time())


def decode_token(token: str) -> dict[str, Any] | None:
    """A token's claims WITHOUT checking its signature or expiry (e.g. to read ``exp``).

    Never trust what this returns: use `verify_token` for that.

    Returns:
        The claims, or None when ``token`` is not a JWT with a JSON-object payload.

    Raises:
        TypeError: ``token`` is not a ``str``.
    """
    _check_str(token, "token")
    try:
        claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        return None
    return claims
