"""The egress family: recordings of every kind, HLS, RTMP livestreams, transcodings.

Every start and stop raises its webhook events (``<prefix>-starting``/``-started``,
``-stopping``/``-stopped``, with ``fileUrl``/``filePath`` once a recording is stopped) to the
room's subscription and to the start's ``webhookUrl``. What outlived its session is stopped
(with the same events) before any egress route answers. Transcoding jobs move one step
(pending -> processing -> completed) each time they are read, so tests are deterministic.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

from .._env import iso_now, new_object_id
from .._events import emit
from .._family import ApiError, Call, Family, Handler, paged
from ._egress_store import KINDS, EgressStore, Kind, Running, stream_urls
from ._room_store import RoomStore
from ._session_store import SessionStore

family = Family("egress", stores=(EgressStore,))

_STEPS = {"pending": "processing", "processing": "completed"}
_DELETED = {  # [DOC]
    "recording": "Room recording deleted successfully",
    "hls": "Room Hls Recording deleted successfully !",
}


def _key(kind: Kind, body: dict[str, Any], room_id: str) -> tuple[str, ...]:
    values = []
    for field in kind.key:
        value = body.get(field)
        if not isinstance(value, str) or not value:
            raise ApiError(400, f"Please provide a valid `{field}` in body params")
        values.append(value)
    return (kind.name, room_id, *values)


def _still_on(call: Call) -> Any:
    sessions = call.env.store(SessionStore)

    def still_on(run: Running) -> bool:
        session = sessions.live(run.room_id)
        if session is None or session.id != run.session_id:
            return False
        return "participantId" not in run.body or _present(session, run.body["participantId"])

    return still_on


def _present(session: Any, participant_id: object) -> bool:
    return any(p.participant_id == participant_id for p in session.active())


def _sweep(call: Call) -> None:
    """Stop what outlived its session (or its participant), raising the stop events."""
    store = call.env.store(EgressStore)
    for kind, run, record in store.orphans(_still_on(call), call.base_url()):
        _events(call, kind, run, ("stopping",), {})
        _events(call, kind, run, ("stopped",), _file_fields(record))


def _file_fields(record: dict[str, Any]) -> dict[str, Any]:
    files = record.get("files")
    file = files[0] if isinstance(files, list) and files else record.get("file")
    if not isinstance(file, dict):
        return {}
    return {"fileUrl": file.get("fileUrl"), "filePath": file.get("filePath")}


def _room_id(call: Call, body: dict[str, Any]) -> str:
    key = body.get("roomId")
    if not isinstance(key, str) or not key:
        raise ApiError(400, "Please provide a valid `roomId` in body params")
    room = call.env.store(RoomStore).find(key)
    if room is None:
        raise ApiError(call.env.config.not_found_status, "Room not found")
    return room.room_id


def _events(
    call: Call, kind: Kind, run: Any, names: tuple[str, ...], extra: dict[str, Any]
) -> None:
    data = {"meetingId": run.room_id, "sessionId": run.session_id, "id": run.id, **extra}
    for name in names:
        emit(call.env, f"{kind.event}-{name}", room_id=run.room_id, data=data,
             webhook_url=run.webhook_url)  # fmt: skip


def _starter(kind: Kind) -> Handler:
    async def start(call: Call) -> Response:
        body = call.json_object(required=True)
        room_id = _room_id(call, body)
        if kind.name == "livestream" and not body.get("outputs"):
            raise ApiError(422, "Please provide outputs")
        _sweep(call)
        session = call.env.store(SessionStore).live(room_id)
        if session is None:
            raise ApiError(400, "No active session found for the room")  # [INF] wording
        # A composite recording is keyed by its own new id: several may run at once [INF].
        key = None if kind.name == "composite" else _key(kind, body, room_id)
        if "participantId" in kind.key and not _present(session, body["participantId"]):
            raise ApiError(400, "Participant not found in the session")  # [INF] wording
        run = call.env.store(EgressStore).start(kind, key, session, body)
        if run is None:
            raise ApiError(400, f"{kind.event} is already running in this room")  # [INF]
        call.resource_id, call.meeting_id, call.created = run.id, room_id, True
        extra = {k: body[k] for k in kind.key if k in body and k != "recordingId"}
        _events(call, kind, run, ("starting", "started"), extra)
        if kind.name == "hls":
            urls = stream_urls(call.base_url(), run.id)
            _events(call, kind, run, ("playable",), urls)
            return JSONResponse(
                {"id": run.id, "sessionId": run.session_id, "roomId": room_id,
                 "start": run.start, **urls}
            )  # fmt: skip
        if kind.started is None:
            return JSONResponse({"recordingId": run.id, "message": "Recording started"})
        return JSONResponse(kind.started)

    return start


def _stopper(kind: Kind) -> Handler:
    async def stop(call: Call) -> Response:
        body = call.json_object(required=True)
        room_id = _room_id(call, body)
        key = _key(kind, body, room_id)
        _sweep(call)
        store = call.env.store(EgressStore)
        run = store.running.get(key)
        if run is None:
            raise ApiError(400, f"No active {kind.event} found for the room")  # [INF]
        _events(call, kind, run, ("stopping",), {})
        record = store.stop(kind, key, call.base_url())
        assert record is not None  # noqa: S101 (found just above, under the same request)
        _events(call, kind, run, ("stopped",), _file_fields(record))
        call.resource_id, call.meeting_id = run.id, room_id
        return JSONResponse(kind.stopped)

    return stop


#: Exact-match list filters: every kind's lists take the room and session; participant and
#: track lists ``participantId``, merge lists ``id`` and ``status`` [SDK].
_FILTERS = ("roomId", "sessionId", "participantId", "id", "status")


def _filtered(call: Call, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``records`` that match the list's query: each of `_FILTERS` given, and ``query``,
    a room's roomId or customRoomId [SDK: "exact/regex match on the room's meeting id";
    the emulator matches exactly, INF]."""
    query = call.request.query_params
    for field in _FILTERS:
        if query.get(field):
            records = [r for r in records if r.get(field) == query[field]]
    if query.get("query"):
        room = call.env.store(RoomStore).find(query["query"])
        records = [r for r in records if room is not None and r.get("roomId") == room.room_id]
    return records


def _records(name: str) -> tuple[Handler, Handler, Handler]:
    def found(call: Call) -> dict[str, Any]:
        _sweep(call)
        record = call.env.store(EgressStore).done[name].get(call.path_param("id"))
        if record is None:
            raise ApiError(call.env.config.not_found_status, "Not found")
        call.resource_id = record["id"]
        return record

    async def listing(call: Call) -> Response:
        _sweep(call)
        records = list(reversed(call.env.store(EgressStore).done[name].values()))
        answer = paged(call, _filtered(call, records), lambda r: r, max_per_page=1000)
        if name == "merge":  # merge lists keep their items under `recordings` [SDK]
            answer["recordings"] = answer.pop("data")
        return JSONResponse(answer)

    async def get(call: Call) -> Response:
        record = found(call)
        answer = dict(record)
        if name == "merge":  # a merge job moves one step per read, as transcodings do [INF]
            record["status"] = _STEPS.get(record["status"], record["status"])
        return JSONResponse(answer)

    async def delete(call: Call) -> Response:
        record = found(call)
        del call.env.store(EgressStore).done[name][record["id"]]
        return JSONResponse(_DELETED.get(name, "Recording deleted successfully"))  # else [INF]

    return listing, get, delete


for _kind in KINDS:
    family.route("POST", f"{_kind.base}/start")(_starter(_kind))
    family.route("POST", f"{_kind.base}/{_kind.stop}")(_stopper(_kind))
for _name, _base in [(k.name, k.base) for k in KINDS] + [
    ("merge", "/v2/recordings/participant/merge")
]:
    _list, _get, _delete = _records(_name)
    family.route("GET", _base)(_list)
    family.route("GET", _base + "/{id}")(_get)
    family.route("DELETE", _base + "/{id}")(_delete)


@family.route("GET", "/v2/hls/{roomId}/active")
async def hls_active(call: Call) -> Response:
    _sweep(call)
    room = call.env.store(RoomStore).find(call.path_param("roomId"))
    run = None if room is None else call.env.store(EgressStore).running_in("hls", room.room_id)
    if run is None:
        raise ApiError(404, "HLS not found")
    urls = stream_urls(call.base_url(), run.id)
    data = {"id": run.id, "roomId": run.room_id, "sessionId": run.session_id, "start": run.start}
    return JSONResponse({"code": 200, "data": {**data, **urls}})


@family.route("POST", "/v2/hls/capture")
async def hls_capture(call: Call) -> Response:
    body = call.json_object(required=True)
    room_id = _room_id(call, body)
    _sweep(call)
    if call.env.store(EgressStore).running_in("hls", room_id) is None:
        raise ApiError(404, "HLS not found")
    name = f"{room_id}.{body.get('format') or 'png'}"
    return JSONResponse({"message": "Captured", "roomId": room_id, "filePath": f"captures/{name}"})


@family.route("POST", "/v2/recordings/participant/merge")
async def merge(call: Call) -> Response:
    body = call.json_object(required=True)
    session = call.env.store(SessionStore).get(str(body.get("sessionId")))
    if session is None:
        raise ApiError(call.env.config.not_found_status, "Session not found")
    record = {
        "id": new_object_id(),
        "roomId": session.room_id,
        "sessionId": session.id,
        "status": "processing",  # [INF] then completed, one step per read by id
        "createdAt": iso_now(call.env.now()),
    }
    call.env.store(EgressStore).done["merge"][record["id"]] = record
    call.created, call.resource_id = True, record["id"]
    return JSONResponse({"message": "Merge started", "recording": record})


def _job(call: Call, task: str, body: dict[str, Any]) -> Response:
    # The server's own fields come last: a body's "id" or "status" cannot overwrite them.
    job = {**body, "id": new_object_id(), "status": "pending", "task": task}
    job.setdefault("recordingIds", [])
    call.env.store(EgressStore).jobs[job["id"]] = job
    call.created, call.resource_id = True, job["id"]
    return JSONResponse(job)


@family.route("POST", "/v2/transcodings/merge")
async def transcode_merge(call: Call) -> Response:
    body = call.json_object(required=True)
    if not body.get("recordingIds"):
        raise ApiError(400, "Please provide `recordingIds`")
    return _job(call, "composite-merge", body)


@family.route("POST", "/v2/transcodings/hls-to-mp4")
async def transcode_hls(call: Call) -> Response:
    body = call.json_object(required=True)
    if not any(body.get(field) for field in ("roomId", "sessionId", "hlsId")):
        raise ApiError(400, "Please provide `roomId`, `sessionId` or `hlsId`")  # [INF]
    return _job(call, "hls-to-mp4", body)


def _read_job(call: Call) -> dict[str, Any]:
    job = call.env.store(EgressStore).jobs.get(call.path_param("id"))
    if job is None:
        raise ApiError(call.env.config.not_found_status, "Transcoding not found")
    return job


@family.route("GET", "/v2/transcodings")
async def transcodings(call: Call) -> Response:
    jobs = list(reversed(call.env.store(EgressStore).jobs.values()))
    query = call.request.query_params
    for field in ("roomId", "sessionId", "hlsId", "status"):
        if query.get(field):
            jobs = [j for j in jobs if j.get(field) == query[field]]
    return JSONResponse(paged(call, jobs, lambda j: j, max_per_page=1000))


@family.route("GET", "/v2/transcodings/{id}")
async def transcoding(call: Call) -> Response:
    job = _read_job(call)
    answer = dict(job)
    job["status"] = _STEPS.get(job["status"], job["status"])  # one step per read
    if job["status"] == "completed":
        job["file"] = {"fileUrl": f"{call.base_url()}/encoded/transcodings/{job['id']}.mp4"}
    return JSONResponse(answer)


@family.route("POST", "/v2/transcodings/{id}/cancel")
async def cancel(call: Call) -> Response:
    job = _read_job(call)
    if job["status"] in ("pending", "processing"):
        job["status"] = "cancelled"
    return JSONResponse(job)
