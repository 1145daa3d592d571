"""The emulator's agents and realtime transcription routes as a plain HTTP client sees them:
answer shapes, control routes, and the webhooks a dispatched agent and a transcription raise."""

from __future__ import annotations

import httpx
import pytest

from videosdk_async.emulator import Emulator
from videosdk_async.emulator.routes.agents import AgentControls

from .conftest import Receiver


@pytest.fixture(name="emulator")
def _emulator(receiver: Receiver) -> Emulator:
    return Emulator(webhook_app=receiver.app)


async def _room(client: httpx.AsyncClient, events: list[str] | None = None) -> str:
    body = {} if events is None else {"webhook": {"endPoint": "http://r/room", "events": events}}
    room_id: str = (await client.post("/v2/rooms", json=body)).json()["roomId"]
    return room_id


async def test_agents_are_registered_over_http(
    client: httpx.AsyncClient, emulator: Emulator
) -> None:
    """POST /_emulator/agents/{id}/register makes the agent dispatchable; DELETE forgets it."""
    room_id = await _room(client)
    registered = await client.post("/_emulator/agents/bot/register", json={"capacity": 3})
    dispatched = await client.post("/v2/agent/dispatch", json={"agentId": "bot",
                                                               "meetingId": room_id})  # fmt: skip
    jobs = (await client.get("/_emulator/agents/jobs")).json()["jobs"]
    forgotten = await client.delete("/_emulator/agents/bot")
    again = await client.delete("/_emulator/agents/bot")

    assert registered.json()["capacity"] == 3
    assert dispatched.status_code == 200
    assert [(j["agentId"], j["roomId"], j["running"]) for j in jobs] == [("bot", room_id, True)]
    assert (forgotten.status_code, again.status_code) == (200, 404)


async def test_a_bad_capacity_is_400(client: httpx.AsyncClient) -> None:
    """The register control refuses a negative or non-integer capacity."""
    negative = await client.post("/_emulator/agents/bot/register", json={"capacity": -1})
    text = await client.post("/_emulator/agents/bot/register", json={"capacity": "2"})

    assert (negative.status_code, text.status_code) == (400, 400)


async def test_a_dispatch_answers_the_documented_shape(
    client: httpx.AsyncClient, emulator: Emulator
) -> None:
    """{message, data: {success, status, roomId, agentId, jobId, workerId, cloud}}."""
    emulator.control(AgentControls).register("bot")
    room_id = await _room(client)

    answer = await client.post("/v2/agent/dispatch", json={"agentId": "bot", "roomId": room_id})

    body = answer.json()
    assert body["message"] == "Agent dispatch requested successfully."
    assert {k: body["data"][k] for k in ("success", "status", "roomId", "agentId", "cloud")} == {
        "success": True, "status": "assigned", "roomId": room_id, "agentId": "bot", "cloud": False
    }  # fmt: skip
    assert body["data"]["jobId"]
    assert body["data"]["workerId"].startswith("worker-")


async def test_no_worker_is_the_docs_message(client: httpx.AsyncClient) -> None:
    """An unregistered agent: 400 with exactly {"message": "No workers available"}."""
    room_id = await _room(client)

    answer = await client.post("/v2/agent/dispatch", json={"agentId": "x", "meetingId": room_id})

    assert (answer.status_code, answer.json()) == (400, {"message": "No workers available"})


@pytest.mark.parametrize(
    ("body", "status"),
    [({"meetingId": "r"}, 400), ({"agentId": "bot"}, 400), ({"agentId": "bot", "meetingId": "zz"},
     404)],
)  # fmt: skip
async def test_a_dispatch_needs_an_agent_and_a_known_room(
    client: httpx.AsyncClient, emulator: Emulator, body: dict[str, str], status: int
) -> None:
    """No agentId or room is 400; an unknown room is 404."""
    emulator.control(AgentControls).register("bot")

    answer = await client.post("/v2/agent/dispatch", json=body)

    assert answer.status_code == status


async def test_a_dispatched_agent_raises_participant_joined(
    client: httpx.AsyncClient, emulator: Emulator, receiver: Receiver
) -> None:
    """The agent's join raises session-started and participant-joined to the room's hook."""
    emulator.control(AgentControls).register("bot")
    room_id = await _room(client, ["session-started", "participant-joined"])

    await client.post("/v2/agent/dispatch", json={"agentId": "bot", "meetingId": room_id})
    await emulator.deliveries_settled()

    kinds = [(kind, data.get("participantName")) for _, kind, data in receiver.got]
    assert kinds == [("session-started", None), ("participant-joined", "bot")]


async def test_a_general_dispatch_needs_a_known_version(
    client: httpx.AsyncClient, emulator: Emulator
) -> None:
    """general/dispatch without versionId is 400; with an unknown one 404."""
    room_id = await _room(client)
    body = {"agentId": "bot", "meetingId": room_id}

    missing = await client.post("/v2/agent/general/dispatch", json=body)
    unknown = await client.post("/v2/agent/general/dispatch", json={**body, "versionId": "v"})

    assert (missing.status_code, unknown.status_code) == (400, 404)


async def test_a_secret_answer_never_repeats_its_values(client: httpx.AsyncClient) -> None:
    """POST /ai/v1/cloud/secrets answers {message, data: {id, name, type}} and no keys."""
    answer = await client.post(
        "/ai/v1/cloud/secrets", json={"name": "env", "keys": {"K": "hush"}, "type": "NORMAL"}
    )

    assert set(answer.json()["data"]) == {"id", "name", "type"}
    assert "hush" not in answer.text


async def test_cloud_refusals(client: httpx.AsyncClient) -> None:
    """A version of an unknown deployment is 404; bad replicas and profiles are 400."""
    deployment = (await client.post("/ai/v1/cloud/deployments", json={"name": "d"})).json()
    version = {"deploymentId": deployment["id"], "image": {"imageUrl": "a/b"}}

    unknown = await client.post("/ai/v1/cloud/versions", json={**version, "deploymentId": "x"})
    replicas = await client.post(
        "/ai/v1/cloud/versions", json={**version, "minReplica": 3, "maxReplica": 2}
    )
    profile = await client.post("/ai/v1/cloud/versions", json={**version, "profile": "gpu"})
    no_image = await client.post("/ai/v1/cloud/versions", json={"deploymentId": deployment["id"]})
    secret = await client.post("/ai/v1/cloud/deployments", json={"name": "d", "envSecret": "s"})

    assert [r.status_code for r in (unknown, replicas, profile, no_image, secret)] == [
        404, 400, 400, 400, 404
    ]  # fmt: skip


async def test_lists_keep_items_under_their_keys(client: httpx.AsyncClient) -> None:
    """Deployments under `deployments`, logs under `logs`, transcriptions under theirs."""
    deployment = (await client.post("/ai/v1/cloud/deployments", json={"name": "d"})).json()

    listed = (await client.get("/ai/v1/cloud/deployments")).json()
    logs = (await client.get(f"/ai/v1/cloud/deployments/{deployment['id']}/console-logs")).json()
    transcriptions = (await client.get("/ai/v1/realtime-transcriptions")).json()

    assert [d["id"] for d in listed["deployments"]] == [deployment["id"]]
    assert [e["log"] for e in logs["logs"]] == ["Deployment 'd' created"]
    assert transcriptions["transcriptions"] == []
    assert "data" not in listed
    assert "pageInfo" in logs


async def test_a_transcription_raises_its_events_to_its_webhook_url(
    client: httpx.AsyncClient, emulator: Emulator, receiver: Receiver
) -> None:
    """start and end raise transcription-started, -stopped and -completed to webhookUrl."""
    room_id = await _room(client)
    emulator.join(room_id, "alice")
    start = {"roomId": room_id, "webhookUrl": "http://r/t"}

    started = await client.post("/ai/v1/realtime-transcriptions/start", json=start)
    await client.post("/ai/v1/realtime-transcriptions/end", json={"roomId": room_id})
    await emulator.deliveries_settled()

    assert "roomId" not in started.json()  # the room sits in extension.extensionConfig
    assert started.json()["extension"]["extensionConfig"]["roomId"] == room_id
    assert [(path, kind) for path, kind, _ in receiver.got] == [
        ("/t", "transcription-started"),
        ("/t", "transcription-stopped"),
        ("/t", "transcription-completed"),
    ]


async def test_a_job_raises_agent_session_events(
    client: httpx.AsyncClient, emulator: Emulator, receiver: Receiver
) -> None:
    """A dispatch raises agent-session-starting and -started to the room's subscription."""
    emulator.control(AgentControls).register("bot")
    room_id = await _room(client, ["agent-session-*"])

    job = (
        await client.post("/v2/agent/dispatch", json={"agentId": "bot", "meetingId": room_id})
    ).json()["data"]
    await emulator.deliveries_settled()

    assert [kind for _, kind, _ in receiver.got] == [
        "agent-session-starting",
        "agent-session-started",
    ]
    assert {data["jobId"] for _, _, data in receiver.got} == {job["jobId"]}


async def test_a_cloud_versions_webhook_gets_its_sessions(
    client: httpx.AsyncClient, emulator: Emulator, receiver: Receiver
) -> None:
    """A deployed version's own webhook receives the events its list covers."""
    deployment = (await client.post("/ai/v1/cloud/deployments", json={"name": "d"})).json()
    hook = {"endPoint": "http://r/agent", "events": ["agent-session-started"]}
    version = (
        await client.post(
            "/ai/v1/cloud/versions",
            json={"deploymentId": deployment["id"], "image": "a/b", "webhook": hook},
        )
    ).json()
    room_id = await _room(client)

    await client.post(
        "/v2/agent/general/dispatch",
        json={"agentId": deployment["agentId"], "meetingId": room_id, "versionId": version["id"]},
    )
    await emulator.deliveries_settled()

    assert [(path, kind) for path, kind, _ in receiver.got] == [("/agent", "agent-session-started")]
