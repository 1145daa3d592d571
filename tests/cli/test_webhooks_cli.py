"""`webhooks verify` and `webhooks public-key`, against the emulator server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from videosdk_async.cli import cli
from videosdk_async.emulator import EmulatorServer

from .helpers import invoke

pytestmark = pytest.mark.loopback

BODY = b'{"webhookType": "participant-joined", "data": {"meetingId": "m", "sessionId": "s", "participantId": "p", "participantName": "P"}}'  # noqa: E501


def _signature(server: EmulatorServer, body: bytes) -> str:
    from videosdk_async.emulator._delivery import DeliveryStore

    return server.emulator._env.store(DeliveryStore).sign(body)


def _verify(env: dict[str, str], body: bytes, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["webhooks", "verify", *args], input=body, env=env)
    return result.exit_code, result.stdout, result.stderr


def test_public_key_prints_the_emulators_key(server: EmulatorServer, env: dict[str, str]) -> None:
    """`webhooks public-key` prints the PEM the emulator signs with."""
    code, out, _ = invoke(env, "webhooks", "public-key")

    assert code == 0
    assert out.strip() == server.emulator.webhook_public_key.strip()


def test_verify_with_a_fetched_key_prints_the_event(
    server: EmulatorServer, env: dict[str, str]
) -> None:
    """`webhooks verify --signature SIG < body` fetches the key and prints the event."""
    code, out, _ = _verify(env, BODY, "--signature", _signature(server, BODY))

    assert code == 0
    assert json.loads(out)["data"]["participant_id"] == "p"


def test_verify_with_a_key_file(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """--public-key FILE verifies without calling the API."""
    key = tmp_path / "key.pem"
    key.write_text(server.emulator.webhook_public_key)

    code, out, _ = _verify(
        env, BODY, "--signature", _signature(server, BODY), "--public-key", str(key)
    )

    assert code == 0
    assert json.loads(out)["type"] == "participant-joined"
    assert server.emulator.journal == []


def test_a_changed_body_is_refused_without_echoing_it(
    server: EmulatorServer, env: dict[str, str]
) -> None:
    """A body that does not match its signature: exit 1, one line, no body in the output."""
    signature = _signature(server, BODY)
    code, out, err = _verify(env, BODY + b" ", "--signature", signature)

    assert code == 1
    assert len(err.strip().splitlines()) == 1
    assert "participantName" not in out + err
