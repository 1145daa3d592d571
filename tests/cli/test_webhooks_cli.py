"""`webhooks verify` and `webhooks public-key`, against the emulator server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from videosdk_async.cli import cli
from videosdk_async.emulator import Emulator, EmulatorServer
from videosdk_async.emulator._delivery import DeliveryStore

from .helpers import invoke

pytestmark = pytest.mark.loopback

BODY = b'{"webhookType":"participant-joined","data":{"meetingId":"m","sessionId":"s","participantId":"p","participantName":"P"}}'  # noqa: E501
KEY_ROUTE = "GET /v2/public/rsa-public-key"


def _signature(emulator: Emulator, body: bytes) -> str:
    return emulator._env.store(DeliveryStore).sign(body)


def _verify(env: dict[str, str], body: bytes, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["webhooks", "verify", *args], input=body, env=env)
    return result.exit_code, result.stdout, result.stderr


def _key_file(tmp_path: Path, pem: str) -> str:
    path = tmp_path / "key.pem"
    path.write_text(pem)
    return str(path)


def test_public_key_prints_the_emulators_key(server: EmulatorServer, env: dict[str, str]) -> None:
    """`webhooks public-key` prints the PEM the emulator signs with."""
    code, out, _ = invoke(env, "webhooks", "public-key")

    assert code == 0
    assert out.strip() == server.emulator.webhook_public_key.strip()


def test_public_key_of_an_unreachable_api_is_one_line_and_exit_1(
    closed_port: int, instant_retries: None
) -> None:
    """`webhooks public-key` with nothing listening: exit 1, one line naming the endpoint."""
    env = {"VIDEOSDK_API_KEY": "k", "VIDEOSDK_SECRET": "s"}
    url = f"http://127.0.0.1:{closed_port}"

    code, out, err = invoke(env, "webhooks", "public-key", "--base-url", url)

    assert code == 1
    assert out == ""
    assert err.strip().splitlines() == [err.strip()]
    assert url in err


def test_verify_with_a_fetched_key_prints_the_event(
    server: EmulatorServer, env: dict[str, str]
) -> None:
    """`webhooks verify --signature SIG < body` fetches the key and prints the event."""
    code, out, _ = _verify(env, BODY, "--signature", _signature(server.emulator, BODY))

    assert code == 0
    assert json.loads(out) == {
        "type": "participant-joined",
        "data": {
            "meeting_id": "m",
            "session_id": "s",
            "participant_id": "p",
            "participant_name": "P",
        },
    }
    assert len([e for e in server.emulator.journal if e.route == KEY_ROUTE]) == 1


def test_verify_a_real_delivery(server: EmulatorServer, env: dict[str, str]) -> None:
    """A delivery the emulator made, body and signature as journaled, verifies."""
    emulator = server.emulator
    emulator.route_webhooks_to(Starlette(routes=[Route("/h", _accept, methods=["POST"])]))
    room_id = _create_room(server, env)
    emulator.join(room_id, "alice", name="Alice")
    [delivery] = emulator.wait_deliveries()

    code, out, _ = _verify(env, delivery.body, "--signature", delivery.signature)

    assert code == 0
    assert json.loads(out)["data"]["participant_name"] == "Alice"


async def _accept(request: Request) -> Response:
    return Response(status_code=204)


def _create_room(server: EmulatorServer, env: dict[str, str]) -> str:
    code, out, _ = invoke(
        env, "rooms", "create", "--webhook-url", "http://r/h", "--webhook-event", "participant-*"
    )
    assert code == 0, out
    room_id: str = json.loads(out)["room_id"]
    return room_id


def test_verify_with_a_key_file(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """--public-key FILE verifies without calling the API."""
    key = _key_file(tmp_path, server.emulator.webhook_public_key)

    code, out, _ = _verify(
        env, BODY, "--signature", _signature(server.emulator, BODY), "--public-key", key
    )

    assert code == 0
    assert json.loads(out)["type"] == "participant-joined"
    assert server.emulator.journal == []


def test_verify_with_a_key_file_needs_no_credentials(tmp_path: Path) -> None:
    """--public-key FILE works with no API key, secret or endpoint configured at all."""
    emulator = Emulator()
    key = _key_file(tmp_path, emulator.webhook_public_key)

    code, out, _ = _verify({}, BODY, "--signature", _signature(emulator, BODY), "--public-key", key)

    assert code == 0
    assert json.loads(out)["data"]["session_id"] == "s"


def test_verify_with_a_pinned_key_in_the_environment_fetches_nothing(
    server: EmulatorServer, env: dict[str, str]
) -> None:
    """With VIDEOSDK_WEBHOOK_PUBLIC_KEY set, the key is not fetched."""
    pinned = env | {"VIDEOSDK_WEBHOOK_PUBLIC_KEY": server.emulator.webhook_public_key}

    code, _, _ = _verify(pinned, BODY, "--signature", _signature(server.emulator, BODY))

    assert code == 0
    assert server.emulator.journal == []


def test_a_changed_body_is_refused_without_echoing_it(
    server: EmulatorServer, env: dict[str, str]
) -> None:
    """A body that does not match its signature: exit 1, one line, no body in the output."""
    signature = _signature(server.emulator, BODY)
    code, out, err = _verify(env, BODY + b" ", "--signature", signature)

    assert code == 1
    assert out == ""
    assert err.startswith("error: refused: ")
    assert len(err.strip().splitlines()) == 1
    assert "participantName" not in err


def test_another_keys_signature_is_refused(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """A signature made with another key: exit 1 with one 'refused' line."""
    stranger = Emulator()
    key = _key_file(tmp_path, server.emulator.webhook_public_key)

    code, out, err = _verify(
        env, BODY, "--signature", _signature(stranger, BODY), "--public-key", key
    )

    assert code == 1
    assert out == ""
    assert err.strip().splitlines() == [err.strip()]
    assert err.startswith("error: refused: ")


def test_a_key_file_that_holds_no_key_is_refused(env: dict[str, str], tmp_path: Path) -> None:
    """A --public-key file that is not a PEM key: exit 1, one line."""
    key = _key_file(tmp_path, "not a key\n")

    code, _, err = _verify(env, BODY, "--signature", "c2ln", "--public-key", key)

    assert code == 1
    assert err.strip().splitlines() == [err.strip()]


def test_verify_without_a_signature_is_a_usage_error(env: dict[str, str]) -> None:
    """--signature is required: exit 2, nothing fetched."""
    code, out, _ = _verify(env, BODY)

    assert code == 2
    assert out == ""
