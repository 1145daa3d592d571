"""vs.verify_webhook's refusals: each one a WebhookVerificationError that echoes nothing."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

import videosdk_async as vs

from .test_webhooks import Keys, event_body

MARKER = "do-not-log-this-body"


@pytest.fixture(scope="session", name="keys")
def _keys() -> Keys:
    """VideoSDK's key pair, for the whole session."""
    return Keys.generate()


@pytest.fixture(scope="session", name="other")
def _other() -> Keys:
    """Someone else's key pair."""
    return Keys.generate()


def _refused(body: bytes | str, signature: str | None, key: str) -> vs.WebhookVerificationError:
    with pytest.raises(vs.WebhookVerificationError) as info:
        vs.verify_webhook(body, signature, public_key=key)
    return info.value


@pytest.mark.parametrize("signature", [None, "", "   "], ids=["none", "empty", "blank"])
def test_missing_signature_is_refused(keys: Keys, signature: str | None) -> None:
    """A missing, empty or blank signature header is refused as missing."""
    error = _refused(event_body(), signature, keys.spki)

    assert "Missing webhook signature" in error.message


def test_one_changed_byte_is_refused(keys: Keys) -> None:
    """Changing one byte of the signed body fails the check."""
    body = event_body(participantName="John")
    forged = body.replace(b"John", b"Joan")

    error = _refused(forged, keys.sign(body), keys.spki)

    assert error.message == "Webhook signature is invalid."


def test_appended_whitespace_is_refused(keys: Keys) -> None:
    """One trailing space after the signed body fails the check (no normalisation)."""
    body = event_body()

    error = _refused(body + b" ", keys.sign(body), keys.spki)

    assert error.message == "Webhook signature is invalid."


def test_reserialised_json_is_refused(keys: Keys) -> None:
    """The same JSON re-serialised with other spacing fails the check (bytes, not values)."""
    body = event_body()
    reserialised = json.dumps(json.loads(body)).encode()

    assert reserialised != body
    assert _refused(reserialised, keys.sign(body), keys.spki).message == (
        "Webhook signature is invalid."
    )


def test_signature_of_another_key_is_refused(keys: Keys, other: Keys) -> None:
    """A body signed with another private key fails the check."""
    body = event_body()

    error = _refused(body, other.sign(body), keys.spki)

    assert error.message == "Webhook signature is invalid."


def test_truncated_signature_is_refused(keys: Keys) -> None:
    """A signature cut short (still base64) is refused for its length."""
    body = event_body()
    short = base64.b64encode(keys.signature(body)[:-3]).decode()

    error = _refused(body, short, keys.spki)

    assert "wrong length" in error.message


@pytest.mark.parametrize("signature", ["not base64!", "abcde", "é" * 344, "A" * 5000])
def test_undecodable_signature_is_refused(keys: Keys, signature: str) -> None:
    """A signature that is not base64 (bad characters, impossible length, huge) is refused."""
    error = _refused(event_body(), signature, keys.spki)

    assert error.message == "Webhook signature is not valid base64."


@pytest.mark.parametrize(
    "key",
    [
        "",
        "not a key",
        "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
    ],
    ids=["empty", "text", "broken-pem"],
)
def test_unreadable_key_is_refused(keys: Keys, key: str) -> None:
    """A key that is not a readable PEM public key is refused."""
    body = event_body()

    error = _refused(body, keys.sign(body), key)

    assert "public key is not a readable RSA public key" in error.message


def test_non_rsa_key_is_refused(keys: Keys) -> None:
    """A readable public key that is not RSA (EC) is refused."""
    body = event_body()
    ec_pem = (
        ec.generate_private_key(ec.SECP256R1())
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )

    error = _refused(body, keys.sign(body), ec_pem.decode())

    assert "RSA" in error.message


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"[1, 2]", "Webhook body is not a JSON object."),
        (b'"participant-joined"', "Webhook body is not a JSON object."),
        (b"null", "Webhook body is not a JSON object."),
        (b'{"webhookType": ', "Webhook body is not valid JSON."),
        (b"\xff\xfe{}", "Webhook body is not valid JSON."),
        (b"[" * 100_000 + b"]" * 100_000, "Webhook body is nested too deeply."),
    ],
    ids=["list", "string", "null", "truncated", "not-utf8", "too-deep"],
)
def test_signed_body_that_is_not_an_object_is_refused(
    keys: Keys, body: bytes, message: str
) -> None:
    """A correctly signed body that is not a JSON object is refused, never a RecursionError."""
    error = _refused(body, keys.sign(body), keys.spki)

    assert error.message == message


def test_refusal_echoes_neither_body_nor_signature(keys: Keys, other: Keys) -> None:
    """The refusal's message, args and repr contain neither the body nor the signature."""
    body = event_body(participantName=MARKER)
    signature = other.sign(body)

    error = _refused(body, signature, keys.spki)

    for text in (str(error), repr(error), repr(error.args)):
        assert MARKER not in text
        assert signature not in text
        assert signature[:40] not in text


def test_refusal_of_bad_json_carries_no_exception_context(keys: Keys) -> None:
    """A body refused as bad JSON chains no JSONDecodeError (whose .doc would hold the body)."""
    body = b'{"secret": "' + MARKER.encode()

    error = _refused(body, keys.sign(body), keys.spki)

    assert error.__context__ is None
    assert error.__cause__ is None


def _unknown_algorithm_pem() -> str:
    """An SPKI PEM whose algorithm OID no library knows (cryptography: UnsupportedAlgorithm)."""
    from cryptography.hazmat.primitives.asymmetric import ed25519

    der = (
        ed25519.Ed25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    unknown = der.replace(bytes.fromhex("06032b6570"), bytes.fromhex("06032b657f"))
    body = base64.encodebytes(unknown).decode()
    return f"-----BEGIN PUBLIC KEY-----\n{body}-----END PUBLIC KEY-----\n"


def test_a_key_of_an_unsupported_algorithm_is_refused(keys: Keys) -> None:
    """A PEM whose algorithm cryptography cannot load is a WebhookVerificationError."""
    body = event_body()

    error = _refused(body, keys.sign(body), _unknown_algorithm_pem())

    assert "public key is not a readable RSA public key" in error.message


async def test_sdk_verify_with_a_pinned_key_of_an_unsupported_algorithm_is_refused(
    keys: Keys,
) -> None:
    """sdk.webhooks.verify with such a pinned key raises WebhookVerificationError, no fetch."""
    body = event_body()
    async with vs.AsyncVideoSDK(
        api_key="k", secret="s", webhook_public_key=_unknown_algorithm_pem()
    ) as sdk:
        with pytest.raises(vs.WebhookVerificationError):
            await sdk.webhooks.verify(body, keys.sign(body))
