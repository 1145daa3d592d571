"""Agents end to end: the emulator over loopback, on both transports (httpx and aiohttp)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

import videosdk_async as vs
from videosdk_async.emulator import Emulator
from videosdk_async.emulator.routes.agents import AgentControls

pytestmark = pytest.mark.loopback


def _sent(emu: Emulator, route: str) -> int:
    return len([e for e in emu.journal if e.route == route])


async def _deployed(sdk: vs.AsyncVideoSDK, name: str = "bot") -> vs.DeployedAgent:
    return await sdk.agents.deploy(name=name, image="ghcr.io/acme/bot:1", env={"K": "v"})


async def test_a_dispatch_joins_the_agent_to_the_live_session(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """dispatch puts the agent among the live session's participants and answers the job."""
    emu.control(AgentControls).register("support-bot", capacity=2)
    room = await wire_sdk.rooms.create()
    emu.join(room.room_id, "alice", name="Alice")

    job = await wire_sdk.agents.dispatch("support-bot", room.room_id, metadata={"lang": "en"})
    people = [p async for p in wire_sdk.participants.list(room.room_id)]

    assert (job.success, job.status, job.agent_id, job.room_id) == (
        True, "assigned", "support-bot", room.room_id
    )  # fmt: skip
    assert job.job_id
    assert job.worker_id
    assert job.cloud is False
    assert {p.name for p in people} == {"Alice", "support-bot"}


async def test_connect_dispatches_too(wire_sdk: vs.AsyncVideoSDK, emu: Emulator) -> None:
    """connect answers a job and the agent joins, as dispatch does."""
    emu.control(AgentControls).register("bot")
    room = await wire_sdk.rooms.create()

    job = await wire_sdk.agents.connect("bot", room.room_id)

    assert job.room_id == room.room_id
    assert [j["participantId"] for j in emu.control(AgentControls).jobs("bot")] == [
        p.participant_id async for p in wire_sdk.participants.list(room.room_id)
    ]


async def test_an_unregistered_agent_has_no_worker(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """Dispatching an agent nobody registered answers the docs' 'No workers available'."""
    room = await wire_sdk.rooms.create()

    with pytest.raises(vs.BadRequestError, match="No workers available"):
        await wire_sdk.agents.dispatch("nobody", room.room_id)


async def test_a_full_worker_refuses_until_its_job_ends(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """capacity=1: a second dispatch is refused while the first job's session lives."""
    emu.control(AgentControls).register("bot", capacity=1)
    first, second = await wire_sdk.rooms.create(), await wire_sdk.rooms.create()
    await wire_sdk.agents.dispatch("bot", first.room_id)

    with pytest.raises(vs.BadRequestError, match="No workers available"):
        await wire_sdk.agents.dispatch("bot", second.room_id)
    await wire_sdk.sessions.end(first.room_id)
    again = await wire_sdk.agents.dispatch("bot", second.room_id)

    assert again.room_id == second.room_id


@pytest.mark.parametrize(
    ("route", "call"),
    [
        ("POST /v2/agent/dispatch", "dispatch"),
        ("POST /v2/agent/connect", "connect"),
        ("POST /v2/agent/general/dispatch", "general"),
    ],
)
async def test_a_dispatch_processed_then_502_is_outcome_unknown(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator, route: str, call: str
) -> None:
    """Processed, then 502: outcome_unknown after exactly one request (the agent did join)."""
    emu.control(AgentControls).register("bot")
    deployed = await _deployed(wire_sdk)
    room = await wire_sdk.rooms.create()
    emu.inject(route, "process_then_fail", status=502)

    assert deployed.version is not None
    assert deployed.agent_id is not None
    calls = {
        "dispatch": lambda: wire_sdk.agents.dispatch("bot", room.room_id),
        "connect": lambda: wire_sdk.agents.connect("bot", room.room_id),
        "general": lambda: wire_sdk.agents.general_dispatch(
            str(deployed.agent_id), room.room_id, version_id=str(deployed.version.id)
        ),
    }

    with pytest.raises(vs.InternalServerError) as info:
        await calls[call]()

    assert info.value.outcome_unknown is True
    assert _sent(emu, route) == 1
    assert len([p async for p in wire_sdk.participants.list(room.room_id)]) == 1


async def test_general_dispatch_runs_a_deployed_version(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """A deployed agent's version is dispatched by the cloud (no registered worker)."""
    deployed = await _deployed(wire_sdk)
    assert deployed.version is not None
    assert deployed.agent_id is not None
    room = await wire_sdk.rooms.create()

    job = await wire_sdk.agents.general_dispatch(
        deployed.agent_id, room.room_id, version_id=deployed.version.id
    )
    logs = (await wire_sdk.agents.deployments.logs(deployed.id, room_id=room.room_id)).data

    assert (job.cloud, job.agent_id) == (True, deployed.agent_id)
    assert [e.log.startswith("Agent joined room") for e in logs if e.log] == [True]


# -- deploy and deployments ------------------------------------------------------------------


async def test_deploy_makes_a_listed_active_deployment(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """deploy: secret, deployment, active version; list, get and latest_version find them."""
    deployed = await _deployed(wire_sdk, "Support Bot")

    listed = (await wire_sdk.agents.deployments.list(name="^Support")).data
    got = await wire_sdk.agents.deployments.get(deployed.id)
    latest = await wire_sdk.agents.deployments.latest_version(deployed.id)

    assert deployed.secret_id is not None
    assert deployed.env_secret == deployed.secret_id
    assert [d.id for d in listed] == [deployed.id]
    assert (got.id, got.status) == (deployed.id, "active")
    assert deployed.version is not None
    assert (latest.id, latest.active, latest.status) == (deployed.version.id, True, "active")
    assert latest.image == {"imageUrl": "ghcr.io/acme/bot:1", "imageCR": "ghcr.io",
                            "imageType": "public"}  # fmt: skip


async def test_get_answers_only_the_exact_deployment(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """With several deployments, get(id) answers that one; an unknown id is NotFoundError."""
    first, second = await _deployed(wire_sdk, "one"), await _deployed(wire_sdk, "two")

    got = await wire_sdk.agents.deployments.get(second.id)

    assert (got.id, got.name) == (second.id, "two")
    assert first.id != second.id
    with pytest.raises(vs.NotFoundError):
        await wire_sdk.agents.deployments.get("no-such-deployment")


async def test_versions_are_deactivated_and_deployments_deleted(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """set_version_active(False) stops it; delete soft-deletes (listed only as deleted)."""
    deployed = await _deployed(wire_sdk)
    assert deployed.version is not None

    stopped = await wire_sdk.agents.deployments.set_version_active(
        deployed.version.id, activate=False
    )
    latest = await wire_sdk.agents.deployments.latest_version(deployed.id)
    gone = await wire_sdk.agents.deployments.delete(deployed.id, force=True)
    remaining = (await wire_sdk.agents.deployments.list()).data
    deleted = (await wire_sdk.agents.deployments.list(status="deleted")).data

    assert isinstance(stopped, str)
    assert isinstance(gone, str)
    assert latest.active is False
    assert remaining == []
    assert [d.id for d in deleted] == [deployed.id]


async def test_console_logs_tell_what_happened(wire_sdk: vs.AsyncVideoSDK, emu: Emulator) -> None:
    """logs list the deployment's lines, oldest first with sort='asc', inside the window."""
    deployed = await _deployed(wire_sdk)
    assert deployed.version is not None
    await wire_sdk.agents.deployments.set_version_active(deployed.version.id, activate=False)
    now = datetime.now(UTC)

    lines = [
        e.log
        async for e in wire_sdk.agents.deployments.logs(
            deployed.id, sort="asc", start=now - timedelta(hours=1), end=now + timedelta(hours=1)
        )
    ]
    newest = (await wire_sdk.agents.deployments.logs(deployed.id, sort="desc")).data[0]
    of_version = (
        await wire_sdk.agents.deployments.logs(deployed.id, version_id=deployed.version.id)
    ).data

    assert lines[0].startswith("Deployment")
    assert lines[-1].endswith("deactivated")
    assert newest.log == lines[-1]
    assert newest.timestamp is not None
    assert all((e.metadata or {}).get("versionId") == deployed.version.id for e in of_version)
    assert len(of_version) == 3


@pytest.mark.parametrize("route", ["POST /ai/v1/cloud/secrets", "POST /ai/v1/cloud/deployments"])
async def test_a_deploy_step_processed_then_502_is_outcome_unknown(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator, route: str
) -> None:
    """The secret or deployment step processed then 502: outcome unknown, sent once."""
    emu.inject(route, "process_then_fail", status=502)

    with pytest.raises(vs.VideoSDKError) as info:
        await _deployed(wire_sdk)

    assert info.value.outcome_unknown is True
    assert _sent(emu, route) == 1
    assert _sent(emu, "POST /ai/v1/cloud/versions") == 0
    if route.endswith("deployments"):
        assert isinstance(info.value, vs.AgentDeployError)
        assert (info.value.stage, info.value.deployment) == ("deployment", None)
        assert info.value.secret_id is not None


async def test_a_version_step_failure_names_the_deployment_that_exists(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator
) -> None:
    """The version step processed then 502: AgentDeployError naming the real deployment."""
    emu.inject("POST /ai/v1/cloud/versions", "process_then_fail", status=502)

    with pytest.raises(vs.AgentDeployError) as info:
        await _deployed(wire_sdk)

    error = info.value
    assert error.stage == "version"
    assert error.outcome_unknown is True
    assert isinstance(error.__cause__, vs.InternalServerError)
    assert _sent(emu, "POST /ai/v1/cloud/versions") == 1
    exists = await wire_sdk.agents.deployments.get(error.deployment.id)
    assert exists.id == error.deployment.id


@pytest.mark.parametrize(
    "route",
    [
        "GET /ai/v1/cloud/deployments",
        "GET /ai/v1/cloud/deployments/{id}/latest",
        "GET /ai/v1/cloud/deployments/{id}/console-logs",
        "POST /ai/v1/cloud/deployments/{id}/delete",
        "PUT /ai/v1/cloud/versions/{id}/activate",
    ],
)
async def test_reads_delete_and_activation_retry_and_succeed(
    wire_sdk: vs.AsyncVideoSDK, emu: Emulator, route: str
) -> None:
    """A 502 after processing (or a 503) on a retried call: retried once, then it succeeds."""
    deployed = await _deployed(wire_sdk)
    assert deployed.version is not None
    emu.inject(route, "process_then_fail", status=502)
    deployments = wire_sdk.agents.deployments

    if route == "GET /ai/v1/cloud/deployments":
        assert (await deployments.get(deployed.id)).id == deployed.id
    elif route.endswith("latest"):
        assert (await deployments.latest_version(deployed.id)).id == deployed.version.id
    elif route.endswith("console-logs"):
        assert (await deployments.logs(deployed.id)).data
    elif route.endswith("delete"):
        assert isinstance(await deployments.delete(deployed.id), str)
    else:
        assert isinstance(
            await deployments.set_version_active(deployed.version.id, activate=True), str
        )

    assert _sent(emu, route) == 2
