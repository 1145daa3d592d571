"""`EgressStore`: what is recording or streaming in each room, and what it left behind.

One table describes every kind (room recording, participant, track, composite, HLS, RTMP):
its path, its start/stop verbs, the webhook event prefix, and how it answers. Something can
run only while its room has a live session, and only once at a time per key [INF]: the API's
own error for a second start is undocumented. What outlives its session (or, recording one
participant, that participant) is finished the next time the egress routes look [INF]: the
real service stops it when the session ends.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import attrs

from .._env import iso_now, new_object_id

if TYPE_CHECKING:
    from .._env import Env


@attrs.frozen(kw_only=True)
class Kind:
    """One kind of egress.

    Attributes:
        name: Its name (``"recording"``, ``"hls"``, ...).
        base: Its path (``/v2/recordings``).
        stop: The stop verb (``end`` or ``stop``).
        event: The webhook event prefix (``recording`` -> ``recording-started``).
        key: The body fields that identify one running instance, besides ``roomId``.
        started: The start's bare-string answer (None: it answers an object).
        stopped: The stop's bare-string answer.
        file: Whether stopping leaves a file (recordings) or not (streams).
    """

    name: str
    base: str
    stop: str
    event: str
    key: tuple[str, ...] = ()
    started: str | None = None
    stopped: str = "Stopped successfully"
    file: bool = True


KINDS = (
    Kind(name="recording", base="/v2/recordings", stop="end", event="recording",
         started="Recording started successfully", stopped="Recording ended successfully"),
    Kind(name="participant", base="/v2/recordings/participant", stop="stop",
         event="participant-recording", key=("participantId",),
         started="Participant recording started successfully",
         stopped="Participant recording stopped successfully"),
    Kind(name="track", base="/v2/recordings/participant/track", stop="stop",
         event="participant-track-recording", key=("participantId", "kind"),
         started="Track recording started successfully",
         stopped="Track recording stopped successfully"),
    Kind(name="composite", base="/v2/recordings/composite", stop="stop",
         event="recording", key=("recordingId",), stopped="Composite recording stopped"),
    Kind(name="hls", base="/v2/hls", stop="end", event="hls", stopped="HLS ended successfully",
         file=False),
    Kind(name="livestream", base="/v2/livestreams", stop="end", event="livestream",
         started="Livestream started successfully", stopped="Livestream ended successfully",
         file=False),
)  # fmt: skip
BY_NAME = {kind.name: kind for kind in KINDS}
#: The kinds that record one participant (a list of `files` each).
_INDIVIDUAL = frozenset({"participant", "track"})


@attrs.define(kw_only=True)
class Running:
    """Something recording or streaming now."""

    id: str
    kind: str
    room_id: str
    session_id: str
    start: str
    webhook_url: str | None
    body: dict[str, Any]


class EgressStore:
    """Running egress by key, finished ones by kind and id, and transcoding jobs."""

    def __init__(self, env: Env) -> None:
        self._env = env
        self.running: dict[tuple[str, ...], Running] = {}
        self.done: dict[str, dict[str, dict[str, Any]]] = {kind.name: {} for kind in KINDS}
        self.done["merge"] = {}
        self.jobs: dict[str, dict[str, Any]] = {}

    def start(
        self, kind: Kind, key: tuple[str, ...] | None, session: Any, body: dict[str, Any]
    ) -> Running | None:
        """Start ``kind`` under ``key`` (None: under its new id); None if one runs there."""
        with self._env.lock:
            if key in self.running:
                return None
            webhook = body.get("webhookUrl")
            run = Running(
                id=new_object_id(),
                kind=kind.name,
                room_id=session.room_id,
                session_id=session.id,
                start=iso_now(self._env.now()),
                webhook_url=webhook if isinstance(webhook, str) else None,
                body=body,
            )
            self.running[key or (kind.name, run.room_id, run.id)] = run
            return run

    def stop(self, kind: Kind, key: tuple[str, ...], base_url: str) -> dict[str, Any] | None:
        """Stop what runs under ``key``; its finished record, or None if nothing ran."""
        with self._env.lock:
            run = self.running.pop(key, None)
            return None if run is None else self._finish(kind, run, base_url)

    def orphans(
        self, still_on: Callable[[Running], bool], base_url: str
    ) -> list[tuple[Kind, Running, dict[str, Any]]]:
        """Finish what ``still_on`` says has lost its session; each with its record."""
        finished = []
        with self._env.lock:
            for key, run in list(self.running.items()):
                if not still_on(run):
                    kind = BY_NAME[run.kind]
                    del self.running[key]
                    finished.append((kind, run, self._finish(kind, run, base_url)))
        return finished

    def _finish(self, kind: Kind, run: Running, base_url: str) -> dict[str, Any]:
        record: dict[str, Any] = {
            "id": run.id,
            "roomId": run.room_id,
            "sessionId": run.session_id,
            "start": run.start,
            "end": iso_now(self._env.now()),
            "createdAt": run.start,
        }
        if kind.name in _INDIVIDUAL:
            # Who was recorded; their files as a list (`files`), as the official SDK types
            # participant and track recordings [SDK].
            record |= {k: run.body[k] for k in ("participantId", "kind") if k in run.body}
            path = f"encoded/{kind.name}/{run.id}.webm"
            record["files"] = [{"fileUrl": f"{base_url}/{path}", "filePath": path, "id": run.id}]
        elif kind.file:
            path = f"encoded/{kind.name}/{run.id}.mp4"
            record["file"] = {"fileUrl": f"{base_url}/{path}", "filePath": path, "id": run.id}
        elif kind.name == "livestream":
            record["outputs"] = run.body.get("outputs", [])
        else:
            record |= stream_urls(base_url, run.id)
        self.done[kind.name][run.id] = record
        return record

    def running_in(self, kind: str, room_id: str) -> Running | None:
        """The one ``kind`` running in a room, if any (HLS active)."""
        with self._env.lock:
            for run in self.running.values():
                if run.kind == kind and run.room_id == room_id:
                    return run
        return None

    def reset(self) -> None:
        with self._env.lock:
            self.running.clear()
            for records in self.done.values():
                records.clear()
            self.jobs.clear()

    def stats(self) -> dict[str, Any]:
        with self._env.lock:
            return {
                "egressRunning": len(self.running),
                "recordings": len(self.done["recording"]),
                "transcodings": len(self.jobs),
            }


def stream_urls(base_url: str, stream_id: str) -> dict[str, str]:
    """The playback URLs of an HLS stream [INF: the real API serves them from its CDN]."""
    playback = f"{base_url}/hls/{stream_id}/index.m3u8"
    return {
        "playbackHlsUrl": playback,
        "livestreamUrl": f"{base_url}/hls/{stream_id}/live.m3u8",
        "downstreamUrl": playback,
    }
