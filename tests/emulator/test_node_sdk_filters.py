"""The official Node server SDK, unchanged, lists with each documented filter against the
emulator and gets only the matching items (sessions and recordings by room query,
participant and track recordings by participant, merges by id and by status, HLS and RTMP by
room query)."""

from __future__ import annotations

import asyncio
import json
import subprocess
from typing import Any

import pytest

import videosdk_async as vs
from videosdk_async.emulator import EmulatorServer

from .nodesdk import node_sdk

pytestmark = pytest.mark.loopback

SCRIPT = r"""
const { VideoSDK } = require("@videosdk.live/server-sdk");
const [endpoint, apiKey, secret, cases] = process.argv.slice(1);
const vsdk = new VideoSDK({ apiEndpoint: endpoint, apiKey, secret });
const listers = {
  "sessions.list": (p) => vsdk.sessions.list(p),
  "recordings.list": (p) => vsdk.recordings.list(p),
  "recordings.participant.list": (p) => vsdk.recordings.participant.list(p),
  "recordings.track.list": (p) => vsdk.recordings.track.list(p),
  "recordings.merge.list": (p) => vsdk.recordings.merge.list(p),
  "hls.list": (p) => vsdk.hls.list(p),
  "rtmp.list": (p) => vsdk.rtmp.list(p),
};
(async () => {
  const out = [];
  for (const { call, params } of JSON.parse(cases)) {
    const got = [];
    for await (const item of await listers[call](params)) got.push(item.id);
    out.push(got);
  }
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(String(e)); process.exit(1); });
"""


async def _seed(server: EmulatorServer) -> list[tuple[str, dict[str, str], list[str]]]:
    """Two rooms with sessions, egress and merges; each filter's call, params and answer."""
    emu = server.emulator
    async with vs.AsyncVideoSDK(**server.sdk_kwargs()) as sdk:
        mine = (await sdk.rooms.create(custom_room_id="team-a")).room_id
        other = (await sdk.rooms.create()).room_id
        for room in (mine, other):
            emu.join(room, "alice")
            emu.join(room, "bob")
            await sdk.recordings.start(room)
            await sdk.recordings.stop(room)
            await sdk.hls.start(room)
            await sdk.hls.stop(room)
            await sdk.livestreams.start(room, [vs.RtmpOutput("rtmp://x/live", "k")])
            await sdk.livestreams.stop(room)
        for who in ("alice", "bob"):
            await sdk.recordings.participant.start(mine, who)
            await sdk.recordings.participant.stop(mine, who)
            await sdk.recordings.track.start(mine, who, "audio")
            await sdk.recordings.track.stop(mine, who, "audio")
        session = emu.live_session(mine)
        assert session is not None
        channel = [{"participantId": "alice"}]
        done = (await sdk.recordings.merge.create(session, channel1=channel, channel2=[])).id
        pending = (await sdk.recordings.merge.create(session, channel1=channel, channel2=[])).id
        await sdk.recordings.merge.get(done)  # processing -> completed on its first read
        sessions = {s.room_id: s.id for s in (await sdk.sessions.list()).data}
        parts = {
            r.raw["participantId"]: r.id for r in (await sdk.recordings.participant.list()).data
        }
        tracks = {r.raw["participantId"]: r.id for r in (await sdk.recordings.track.list()).data}
        rooms = {r.room_id: r.id for r in (await sdk.recordings.list()).data}
        hls = {h.room_id: h.id for h in (await sdk.hls.list()).data}
        rtmp = {r.room_id: r.id for r in (await sdk.livestreams.list()).data}
    assert len(sessions) == len(rooms) == len(hls) == len(rtmp) == len(parts) == 2
    return [
        ("sessions.list", {"query": mine}, [sessions[mine]]),
        ("sessions.list", {"query": "team-a"}, [sessions[mine]]),
        ("recordings.list", {"query": mine}, [rooms[mine]]),
        ("recordings.list", {"query": "team-a"}, [rooms[mine]]),
        ("recordings.participant.list", {"participantId": "bob"}, [parts["bob"]]),
        ("recordings.track.list", {"participantId": "bob"}, [tracks["bob"]]),
        ("recordings.merge.list", {"id": done}, [done]),
        ("recordings.merge.list", {"status": "completed"}, [done]),
        ("recordings.merge.list", {"status": "processing"}, [pending]),
        ("hls.list", {"query": "team-a"}, [hls[mine]]),
        ("rtmp.list", {"query": "team-a"}, [rtmp[mine]]),
    ]


async def test_the_node_sdk_gets_only_matching_items_for_each_filter(
    server: EmulatorServer,
) -> None:
    """Each filter, sent by the unchanged Node SDK, leaves every non-matching item out."""
    node = node_sdk()
    cases = await _seed(server)
    wire: list[dict[str, Any]] = [{"call": c, "params": p} for c, p, _ in cases]
    emulator = server.emulator

    done = await asyncio.to_thread(
        subprocess.run,
        [node, "-e", SCRIPT, server.base_url, emulator.api_key, emulator.secret, json.dumps(wire)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == [expected for _, _, expected in cases]
