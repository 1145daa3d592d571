"""The emulator's extension point: a route family is served by the one pipeline."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.responses import JSONResponse, Response

from videosdk_async.emulator import DEFAULT_API_KEY, DEFAULT_SECRET, Emulator, Fault
from videosdk_async.emulator._app import build_app
from videosdk_async.emulator._env import AppConfig, Env
from videosdk_async.emulator._family import ApiError, Call, Family
from videosdk_async.emulator._state import State


class NoteStore:
    """A toy family's store."""

    def __init__(self, env: Env) -> None:
        self.notes: dict[str, Any] = {}

    def reset(self) -> None:
        self.notes.clear()

    def stats(self) -> dict[str, Any]:
        return {"notes": len(self.notes)}


notes = Family("notes", stores=(NoteStore,))


@notes.route("GET", "/v9/notes/{noteId}")
async def get_note(call: Call) -> Response:
    call.resource_id = call.path_param("noteId")
    note = call.env.store(NoteStore).notes.get(call.resource_id)
    if note is None:
        raise ApiError(404, "Note not found")
    return JSONResponse(note)


@notes.route("GET", "/v9/notes/latest")
async def latest(call: Call) -> Response:
    return JSONResponse({"latest": True})


@notes.route("POST", "/v9/notes")
async def create_note(call: Call) -> Response:
    body = call.json_object(required=True)
    store = call.env.store(NoteStore)
    call.resource_id = str(len(store.notes) + 1)
    call.created = True
    store.notes[call.resource_id] = body
    return JSONResponse({"noteId": call.resource_id, **body})


@pytest.fixture(name="state")
def _state() -> State:
    return State(clock=time.time)


@pytest.fixture(name="env")
def _env() -> Env:
    config = AppConfig(api_key=DEFAULT_API_KEY, secret=DEFAULT_SECRET)
    return Env(config, store_types=notes.stores)


@pytest.fixture(name="client")
async def _client(state: State, env: Env) -> AsyncIterator[httpx.AsyncClient]:
    app = build_app(state, env, [notes])
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://127.0.0.1",
        headers={"Authorization": Emulator().token()},
    ) as client:
        yield client


def test_registration_names_each_route() -> None:
    """Family.route records (method, path, "METHOD path", handler) in registration order."""
    assert [(s.method, s.path, s.name, s.handler) for s in notes.routes] == [
        ("GET", "/v9/notes/{noteId}", "GET /v9/notes/{noteId}", get_note),
        ("GET", "/v9/notes/latest", "GET /v9/notes/latest", latest),
        ("POST", "/v9/notes", "POST /v9/notes", create_note),
    ]


async def test_a_new_family_is_served_with_auth(env: Env, state: State) -> None:
    """A family's routes go through the pipeline's auth: no token is a 401."""
    app = build_app(state, env, [notes])
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1"
    ) as client:
        response = await client.post("/v9/notes", json={"text": "hi"})

    assert response.status_code == 401
    assert env.store(NoteStore).notes == {}


async def test_a_new_family_is_journaled(client: httpx.AsyncClient, state: State) -> None:
    """A family's requests land in the journal with body, resource id and created."""
    await client.post("/v9/notes", json={"text": "hi"})
    missing = await client.get("/v9/notes/9")

    create, get = state.journal
    assert (create.route, create.body, create.resource_id, create.created) == (
        "POST /v9/notes",
        {"text": "hi"},
        "1",
        True,
    )
    assert (missing.status_code, get.status, get.resource_id) == (404, 404, "9")


async def test_literal_path_wins_over_an_earlier_template(client: httpx.AsyncClient) -> None:
    """/v9/notes/latest reaches its own handler though {noteId} was registered first."""
    response = await client.get("/v9/notes/latest")

    assert response.json() == {"latest": True}


async def test_wildcard_fault_applies_to_a_new_family(
    client: httpx.AsyncClient, state: State
) -> None:
    """A "*" fault hits a family's route with no edit to the pipeline."""
    state.add_fault(Fault(kind="status", status=418, match={"text": "tea"}))

    coffee = await client.post("/v9/notes", json={"text": "coffee"})
    tea = await client.post("/v9/notes", json={"text": "tea"})

    assert (coffee.status_code, tea.status_code) == (200, 418)


async def test_stats_and_reset_reach_every_store(client: httpx.AsyncClient, env: Env) -> None:
    """Env.stats merges each store's entries and Env.reset clears each store."""
    await client.post("/v9/notes", json={"text": "a"})
    before = env.stats()

    env.reset()

    assert (before, env.stats()) == ({"notes": 1}, {"notes": 0})


def test_family_refuses_unknown_methods() -> None:
    """Registering a route with an unknown HTTP method is a ValueError."""
    with pytest.raises(ValueError, match="unknown method"):
        Family("x").route("FETCH", "/v9/x")
