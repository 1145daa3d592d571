"""The realtime transcription family: ``/ai/v1/realtime-transcriptions...``.

- A transcription runs only on a room's live session (else 400) and one at a time per room;
  it stops on ``POST .../end`` (keyed by room) or when the session it transcribes ends
  (checked before any of these routes answers), leaving its transcript's file URLs (and the
  summary's, when ``summary.enabled``) [INF: the real API serves them from its storage].
- Answers carry the room only in ``extension.extensionConfig`` (as the official SDK reads
  them); lists keep their items under ``transcriptions`` [SDK]. Statuses (``started``,
  ``stopped``) and error wordings are [INF].
- Starting raises ``transcription-started``; stopping raises ``transcription-stopped`` and
  ``transcription-completed``, to the room's subscription and to the start's ``webhookUrl``.
"""

from __future__ import annotations

from typing import Any, Final

import attrs
from starlette.responses import JSONResponse, Response

from .._env import Env, iso_now, new_object_id
from .._events import emit
from .._family import ApiError, Call, Family, paged
from ._room_store import RoomStore
from ._session_store import SessionStore

PATH: Final = "/ai/v1/realtime-transcriptions"


@attrs.define(kw_only=True)
class Run:
    """One realtime transcription."""

    id: str
    room_id: str
    session_id: str
    start: str
    webhook_url: str | None
    summary: bool
    model_id: str | None
    language: str | None
    end: str | None = None
    files: dict[str, str] = attrs.Factory(dict)
    summaries: dict[str, str] = attrs.Factory(dict)


class TranscriptionStore:
    """Every transcription by id, and the running one of each room."""

    def __init__(self, env: Env) -> None:
        self._env = env
        self.runs: dict[str, Run] = {}
        self.running: dict[str, str] = {}

    def stop(self, run: Run, base_url: str, at: str | None = None) -> bool:
        """End ``run`` (at ``at``, else now) and leave its files; False if it had ended."""
        with self._env.lock:
            if run.end is not None:
                return False
            run.end = at or iso_now(self._env.now())
            self.running.pop(run.room_id, None)
            where = f"{base_url}/transcriptions/{run.id}"
            run.files = {"txt": f"{where}/transcript.txt", "json": f"{where}/transcript.json"}
            if run.summary:
                run.summaries = {"txt": f"{where}/summary.txt"}
        return True

    def reset(self) -> None:
        with self._env.lock:
            self.runs.clear()
            self.running.clear()

    def stats(self) -> dict[str, Any]:
        with self._env.lock:
            return {"transcriptions": len(self.runs), "liveTranscriptions": len(self.running)}


family = Family("transcription", stores=(TranscriptionStore,))


def _json(run: Run) -> dict[str, Any]:
    return {
        "id": run.id,
        "status": "started" if run.end is None else "stopped",
        "extension": {
            "enabled": True,
            "provider": "videosdk",
            "extensionConfig": {"roomId": run.room_id, "sessionId": run.session_id},
        },
        "transcriptionFilePaths": dict(run.files),
        "summarizedFilePaths": dict(run.summaries),
        "start": run.start,
        "end": run.end,
    }


def _events(call: Call, run: Run, *names: str) -> None:
    data = {"meetingId": run.room_id, "sessionId": run.session_id, "id": run.id,
            "type": "realtime"}  # fmt: skip
    for name in names:
        emit(call.env, f"transcription-{name}", room_id=run.room_id, data=data,
             webhook_url=run.webhook_url)  # fmt: skip


def _sweep(call: Call) -> None:
    """Stop what outlived its session (at the session's end), raising the stop events."""
    store = call.env.store(TranscriptionStore)
    sessions = call.env.store(SessionStore)
    with call.env.lock:
        runs = [store.runs[i] for i in store.running.values()]
    for run in runs:
        session = sessions.get(run.session_id)
        live = sessions.live(run.room_id)
        if live is None or live.id != run.session_id:
            ended = session.end if session is not None else None
            if store.stop(run, call.base_url(), ended):
                _events(call, run, "stopped", "completed")


def _room_id(call: Call, body: dict[str, Any]) -> str:
    key = body.get("roomId")
    if not isinstance(key, str) or not key:
        raise ApiError(400, "Please provide a valid `roomId` in body params")
    room = call.env.store(RoomStore).find(key)
    if room is None:
        raise ApiError(call.env.config.not_found_status, "Room not found")
    return room.room_id


def _optional_text(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    if value is not None and (not isinstance(value, str) or not value):
        raise ApiError(400, f"Please provide a valid `{key}` in body params")
    return value


@family.route("POST", f"{PATH}/start")
async def start(call: Call) -> Response:
    body = call.json_object(required=True)
    room_id = _room_id(call, body)
    summary = body.get("summary")
    if summary is not None and not isinstance(summary, dict):
        raise ApiError(400, "summary must be an object")
    webhook_url = _optional_text(body, "webhookUrl")
    model_id, language = _optional_text(body, "modelId"), _optional_text(body, "language")
    _sweep(call)
    session = call.env.store(SessionStore).live(room_id)
    if session is None:
        raise ApiError(400, "No active session found for the room")
    store = call.env.store(TranscriptionStore)
    with call.env.lock:
        if room_id in store.running:
            raise ApiError(400, "Realtime transcription is already running in this room")
        run = Run(
            id=new_object_id(),
            room_id=room_id,
            session_id=session.id,
            start=iso_now(call.env.now()),
            webhook_url=webhook_url,
            summary=bool(summary and summary.get("enabled")),
            model_id=model_id,
            language=language,
        )
        store.runs[run.id] = run
        store.running[room_id] = run.id
    call.resource_id, call.meeting_id, call.created = run.id, room_id, True
    _events(call, run, "started")
    return JSONResponse(_json(run))


@family.route("POST", f"{PATH}/end")
async def end(call: Call) -> Response:
    body = call.json_object(required=True)
    room_id = _room_id(call, body)
    _sweep(call)
    store = call.env.store(TranscriptionStore)
    with call.env.lock:
        run_id = store.running.get(room_id)
        run = None if run_id is None else store.runs[run_id]
    if run is None:
        raise ApiError(400, "No active realtime transcription found for the room")
    store.stop(run, call.base_url())
    call.resource_id, call.meeting_id = run.id, room_id
    _events(call, run, "stopped", "completed")
    return JSONResponse(_json(run))


@family.route("GET", PATH)
async def list_transcriptions(call: Call) -> Response:
    _sweep(call)
    status = call.request.query_params.get("status")
    with call.env.lock:
        runs = list(reversed(call.env.store(TranscriptionStore).runs.values()))
        runs = [r for r in runs if not status or _json(r)["status"] == status]
        answer = paged(call, runs, _json, max_per_page=1000)
    answer["transcriptions"] = answer.pop("data")
    return JSONResponse(answer)


@family.route("GET", PATH + "/{id}")
async def get_transcription(call: Call) -> Response:
    _sweep(call)
    run = call.env.store(TranscriptionStore).runs.get(call.path_param("id"))
    if run is None:
        raise ApiError(call.env.config.not_found_status, "Transcription not found")
    call.resource_id, call.meeting_id = run.id, run.room_id
    with call.env.lock:
        return JSONResponse(_json(run))
