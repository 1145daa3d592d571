"""TLS on the default transport: verified by default, loaded only for https, on the wire."""

from __future__ import annotations

import asyncio
import datetime
import ipaddress
import ssl
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from videosdk_async._core._aiohttp import AiohttpTransport

from ..rawserver import RawServer

pytestmark = pytest.mark.loopback


@pytest.fixture(name="certificate", scope="module")
def _certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key (PEM files)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


async def _ok(request: bytes, writer: asyncio.StreamWriter) -> None:
    writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}")
    await writer.drain()


@pytest.fixture(name="tls_server")
def _tls_server(certificate: tuple[Path, Path]) -> Iterator[RawServer]:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    with RawServer(_ok, tls=context) as server:
        yield server


async def _get(transport: AiohttpTransport, url: str) -> int:
    try:
        answer = await transport.exchange(
            "GET", url, {}, None, transport.client_timeout(httpx.Timeout(5), None), None
        )
    finally:
        await transport.aclose()
    return answer.status_code


async def test_an_untrusted_certificate_is_refused(tls_server: RawServer) -> None:
    """By default a server whose certificate no CA vouches for is refused (verification on)."""
    transport = AiohttpTransport(trust_env=False)

    with pytest.raises(httpx.ConnectError, match=r"(?i)certificate"):
        await _get(transport, tls_server.base_url + "/v2/rooms")


async def test_the_given_tls_settings_are_used_for_https(
    tls_server: RawServer, certificate: tuple[Path, Path]
) -> None:
    """An ssl_context that trusts the server's certificate is what an https request uses."""
    trusting = ssl.create_default_context(cafile=str(certificate[0]))
    transport = AiohttpTransport(trust_env=False, ssl_context=trusting)

    assert await _get(transport, tls_server.base_url + "/v2/rooms") == 200


async def test_plain_http_never_loads_the_tls_settings() -> None:
    """A request over http does not build the TLS context (no CA bundle read)."""
    transport = AiohttpTransport(trust_env=False)

    with RawServer(_ok) as server:
        status = await _get(transport, server.base_url + "/v2/rooms")

    assert status == 200
    assert transport._ssl is None
