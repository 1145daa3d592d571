"""Verifying VideoSDK's signed webhooks: `verify_webhook` and `AsyncWebhooks` (``sdk.webhooks``).

VideoSDK signs each delivery's body with RSASSA-PKCS1-v1_5 over SHA-256 and sends the
signature, base64, in the ``videosdk-signature`` header; the public key is served at
``GET /v2/public/rsa-public-key`` [DOC]. The check runs on the exact bytes received, before
any parsing (a re-serialised body does not verify), and no refusal echoes the body or the
signature: a forged request must not reach your logs.

``cryptography`` is imported on first use, so ``import videosdk_async`` stays light.
"""

from __future__ import annotations

import asyncio
import binascii
import contextlib
import functools
import json
from collections.abc import Awaitable, Mapping
from typing import TYPE_CHECKING, Any, Final

from .._core._converter import ShapeError
from .._core._errors import InvalidArgumentTypeError as BadType
from .._core._errors import WebhookVerificationError
from .._core._retry import RetryPolicy
from ..models.webhooks import WebhookEvent, parse_event
from ._base import Resource

if TYPE_CHECKING:
    import httpx
    from cryptography.hazmat.primitives.asymmetric.padding import AsymmetricPadding
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
    from cryptography.hazmat.primitives.hashes import HashAlgorithm

    from .._client import AsyncVideoSDK

#: After a failed check with a fetched key, the SDK refetches it (the key may have been
#: rotated): the first time at once, then at most once per this many seconds, so that a
#: burst of forged events costs at most one request a minute.
REFETCH_INTERVAL: Final = 60.0
#: Far above the base64 of an 8192-bit signature (1,368 characters): longer is refused unread.
_MAX_SIGNATURE: Final = 4096
_PATH: Final = "/v2/public/rsa-public-key"

_MISSING = "Missing webhook signature (the videosdk-signature header)."
_NOT_BASE64 = "Webhook signature is not valid base64."
_WRONG_LENGTH = "Webhook signature has the wrong length for the public key."
_INVALID = "Webhook signature is invalid."
_BAD_KEY = "Webhook public key is not a readable RSA public key (SPKI or PKCS#1 PEM)."
_NOT_JSON = "Webhook body is not valid JSON."
_TOO_DEEP = "Webhook body is nested too deeply."
_NOT_OBJECT = "Webhook body is not a JSON object."


def _raw_body(body: object) -> bytes:
    if isinstance(body, str):
        return body.encode()
    if isinstance(body, bytes | bytearray | memoryview):
        return bytes(body)
    raise BadType(
        f"body must be the raw request bytes (or str), not {type(body).__name__}: "
        "pass the body as received, before any JSON parsing"
    )


def _signature_bytes(signature: object) -> bytes:
    """The decoded signature; standard or URL-safe base64, padded or not."""
    if isinstance(signature, bytes | bytearray):
        signature = bytes(signature).decode("ascii", "replace")
    if signature is None or (isinstance(signature, str) and not signature.strip()):
        raise WebhookVerificationError(_MISSING)
    if not isinstance(signature, str):
        raise BadType(f"signature must be a str, not {type(signature).__name__}")
    text = signature.strip().rstrip("=").replace("-", "+").replace("_", "/")
    decoded = None
    # binascii.Error, or ValueError for non-ASCII text; refused below, outside the handler,
    # so no exception context travels with the refusal.
    with contextlib.suppress(ValueError):
        if len(text) <= _MAX_SIGNATURE:
            decoded = binascii.a2b_base64(text + "=" * (-len(text) % 4), strict_mode=True)
    if not decoded:
        raise WebhookVerificationError(_NOT_BASE64)
    return decoded


def _pem_bytes(public_key: object) -> bytes:
    if isinstance(public_key, str):
        public_key = public_key.encode()
    if not isinstance(public_key, bytes):
        raise BadType(f"public_key must be a PEM str or bytes, not {type(public_key).__name__}")
    return public_key


@functools.lru_cache(maxsize=16)
def _load_key(pem: bytes) -> RSAPublicKey | None:
    """The RSA key of a PEM (SPKI or PKCS#1), parsed once per distinct PEM; None if unreadable."""
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    pem = pem.strip()
    if b"\\n" in pem and b"\n" not in pem:
        pem = pem.replace(b"\\n", b"\n")  # a PEM squeezed onto one line, as env files do
    try:
        key = load_pem_public_key(pem)
    except (ValueError, TypeError, UnsupportedAlgorithm):  # an unknown algorithm or curve too
        return None
    return key if isinstance(key, RSAPublicKey) else None


@functools.cache
def _scheme() -> tuple[AsymmetricPadding, HashAlgorithm, type[Exception]]:
    """RSASSA-PKCS1-v1_5 with SHA-256, and the error of a failed check (imported once)."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
    from cryptography.hazmat.primitives.hashes import SHA256

    return PKCS1v15(), SHA256(), InvalidSignature


def _problem(pem: bytes, body: bytes, signature: bytes) -> str | None:
    """Why ``signature`` is not ``pem``'s signature of ``body`` (None: it is)."""
    key = _load_key(pem)
    if key is None:
        return _BAD_KEY
    if len(signature) != (key.key_size + 7) // 8:
        return _WRONG_LENGTH
    scheme, digest, invalid = _scheme()
    try:
        key.verify(signature, body, scheme, digest)
    except invalid:
        return _INVALID
    return None


def _event(body: bytes) -> WebhookEvent:
    """The event of a verified body; JSON is parsed only now."""
    problem = None
    try:
        payload = json.loads(body)
    except RecursionError:
        problem = _TOO_DEEP
    except ValueError:  # JSONDecodeError (which holds the body) and UnicodeDecodeError
        problem = _NOT_JSON
    if problem is None and not isinstance(payload, dict):
        problem = _NOT_OBJECT
    if problem is not None:
        raise WebhookVerificationError(problem)
    return parse_event(payload)


def verify_webhook(
    body: bytes | str, signature: str | bytes | None, *, public_key: str | bytes
) -> WebhookEvent:
    """Check a webhook's signature with a key you hold, then decode it. No I/O.

    Args:
        body: The raw request body, exactly as received (``str`` is UTF-8 encoded). Not a
            parsed or re-serialised body: a single changed byte fails the check.
        signature: The ``videosdk-signature`` header: base64 (standard or URL-safe, padded
            or not) RSASSA-PKCS1-v1_5 over SHA-256. ``None`` (a missing header) is refused.
        public_key: VideoSDK's public key, PEM (``BEGIN PUBLIC KEY`` or
            ``BEGIN RSA PUBLIC KEY``); parsed once per distinct key and cached.

    Returns:
        The `WebhookEvent`.

    Raises:
        WebhookVerificationError: The signature is missing, empty, not base64, of the wrong
            length or wrong; the key is unreadable or not RSA; or the verified body is not
            a JSON object. The message never contains the body nor the signature.
        TypeError: An argument is of the wrong type (e.g. an already parsed body).
    """
    raw = _raw_body(body)
    decoded = _signature_bytes(signature)
    problem = _problem(_pem_bytes(public_key), raw, decoded)
    if problem is not None:
        raise WebhookVerificationError(problem)
    return _event(raw)


def _public_key(data: Any) -> str:
    key = data.get("publicKey") if isinstance(data, Mapping) else None
    if not isinstance(key, str) or not key.strip():
        raise ShapeError("expected {'publicKey': '<PEM>'}")
    return key


class AsyncWebhooks(Resource):
    """Webhook verification. Get it as ``sdk.webhooks``; do not construct it yourself.

    With ``AsyncVideoSDK(webhook_public_key=...)`` (or ``$VIDEOSDK_WEBHOOK_PUBLIC_KEY``) the
    key is pinned and never fetched. Otherwise it is fetched when first needed, once per
    SDK (concurrent first calls share one request), and kept.
    """

    __slots__ = ("_fetched", "_fetching", "_refetched_at")

    def __init__(self, sdk: AsyncVideoSDK) -> None:
        super().__init__(sdk)
        self._fetched: bytes | None = None
        self._fetching: asyncio.Task[str] | None = None
        self._refetched_at: float | None = None

    async def public_key(
        self, *, retry: RetryPolicy | None = None, timeout: float | httpx.Timeout | None = None
    ) -> str:
        """Fetch VideoSDK's webhook public key (``GET /v2/public/rsa-public-key``).

        Args:
            retry: A `RetryPolicy` for this call instead of the SDK's.
            timeout: Seconds (or an ``httpx.Timeout``) for each attempt of this call.

        Returns:
            The key, PEM.

        Raises:
            VideoSDKError: The call failed; see the exception tree.
        """
        return await self._get(_PATH, _public_key, retry=retry, timeout=timeout)

    async def verify(self, body: bytes | str, signature: str | bytes | None) -> WebhookEvent:
        """Check a webhook's signature with VideoSDK's key (pinned, or fetched once), decode it.

        A missing or malformed signature is refused before any fetch. When the check fails
        with a fetched key, the key is fetched once more (it may have been rotated) and the
        check repeated before refusing: the first time at once, later at most once a minute.

        Args:
            body: The raw request body, exactly as received (``str`` is UTF-8 encoded).
            signature: The ``videosdk-signature`` header (``None`` if absent: refused).

        Returns:
            The `WebhookEvent`.

        Raises:
            WebhookVerificationError: As `verify_webhook`.
            VideoSDKError: Fetching the key failed (nothing is cached then).
            TypeError: An argument is of the wrong type (e.g. an already parsed body).
        """
        raw = _raw_body(body)
        decoded = _signature_bytes(signature)
        pinned = self._sdk._webhook_public_key
        if pinned:
            problem = _problem(_pem_bytes(pinned), raw, decoded)
        else:
            pem = self._fetched or await self._fetch()
            problem = _problem(pem, raw, decoded)
            if problem is not None:
                fresh = await self._rotated(pem)
                if fresh is not None:
                    problem = _problem(fresh, raw, decoded)
        if problem is not None:
            raise WebhookVerificationError(problem)
        return _event(raw)

    async def _rotated(self, used: bytes) -> bytes | None:
        """A key other than ``used`` (refetched, if allowed now); None if there is none."""
        if self._fetched is not None and self._fetched != used:
            return self._fetched  # another call refetched meanwhile
        if self._fetching is None:
            now = self._sdk._monotonic()
            last = self._refetched_at
            if last is not None and now - last < REFETCH_INTERVAL:
                return None
            self._refetched_at = now
        fresh = await self._fetch()
        return fresh if fresh != used else None

    def _fetch(self) -> Awaitable[bytes]:
        """The key from the API; concurrent callers share one request."""
        task = self._fetching
        if task is None:
            task = asyncio.get_running_loop().create_task(self.public_key())
            task.add_done_callback(self._fetch_done)
            self._fetching = task
        return _shielded(task)

    def _fetch_done(self, task: asyncio.Task[str]) -> None:
        self._fetching = None
        if not task.cancelled() and task.exception() is None:
            self._fetched = task.result().encode()


async def _shielded(task: asyncio.Task[str]) -> bytes:
    # A cancelled caller must not cancel the fetch the others wait for.
    return (await asyncio.shield(task)).encode()
