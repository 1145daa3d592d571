"""The official Node server SDK, unchanged, publishes over WHIP into the emulator and tears it
down. Skipped unless ``node`` can ``require('@videosdk.live/server-sdk')`` (e.g. with
``NODE_PATH`` pointing at a ``node_modules`` that holds it)."""

from __future__ import annotations

import json
import subprocess

import httpx
import pytest

from videosdk_async.emulator import EmulatorServer

from .nodesdk import node_sdk

pytestmark = pytest.mark.loopback

SCRIPT = r"""
const { VideoSDK } = require("@videosdk.live/server-sdk");
const [endpoint, apiKey, secret, roomId] = process.argv.slice(1);
const OFFER = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n" +
  "m=video 9 UDP/TLS/RTP/SAVPF 96\r\n";
(async () => {
  const vsdk = new VideoSDK({ apiKey, secret, apiEndpoint: endpoint });
  const ingress = vsdk.whip.create(roomId, { name: "Node cam" });
  const res = await fetch(ingress.url, {
    method: "POST",
    body: OFFER,
    headers: { Authorization: ingress.token, "Content-Type": "application/sdp" },
  });
  const out = { status: res.status, participantId: ingress.participantId };
  out.live = (await vsdk.sessions.list({ roomId, status: "ongoing" })).data.length;
  out.deleted = await vsdk.whip.delete(ingress);
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(String(e)); process.exit(1); });
"""


def test_the_node_sdk_publishes_and_deletes_over_whip(server: EmulatorServer) -> None:
    """Node's whip.create URL and token publish (201), its whip.delete ends the publisher."""
    node = node_sdk()
    emulator = server.emulator
    created = httpx.post(
        f"{server.base_url}/v2/rooms", json={}, headers={"Authorization": emulator.token()}
    )
    room_id = created.json()["roomId"]

    done = subprocess.run(
        [node, "-e", SCRIPT, server.base_url, emulator.api_key, emulator.secret, room_id],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert done.returncode == 0, done.stderr[-2000:]
    out = json.loads(done.stdout)
    assert (out["status"], out["live"], out["deleted"]) == (201, 1, "WHIP session ended")
    assert out["participantId"].startswith("whip-")
    assert emulator.live_session(room_id) is None
