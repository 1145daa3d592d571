# ruff: noqa: F841  (the annotated assignments are the pins)
"""Type-checked (mypy --strict in .ci/run), never run: pins the agents and realtime
transcription API's types."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import videosdk_async as vs
from videosdk_async.emulator import Emulator
from videosdk_async.emulator.routes.agents import AgentControls


async def transcription(sdk: vs.AsyncVideoSDK) -> None:
    realtime: vs.AsyncRealtimeTranscription = sdk.transcription.realtime
    family: vs.AsyncTranscription = sdk.transcription
    started: vs.RealtimeTranscription = await realtime.start(
        "room",
        webhook_url="https://h",
        model_id="deepgram/nova-2",
        language="en",
        summary=vs.TranscriptionSummary(enabled=True, prompt="p"),
        retry=vs.RetryPolicy(max_attempts=1),
        timeout=5.0,
    )
    stopped: vs.RealtimeTranscription = await realtime.stop(started)
    by_room: vs.RealtimeTranscription = await realtime.stop("room")
    got: vs.RealtimeTranscription = await realtime.get("t1")
    page: vs.Page[vs.RealtimeTranscription] = await realtime.list(status="x", per_page=5)
    async for each in realtime.list():
        room_id: str | None = each.room_id
        session_id: str | None = each.session_id
        files: dict[str, str] = each.transcription_file_paths
        summaries: dict[str, str] = each.summarized_file_paths
        extension: dict[str, Any] | None = each.extension
        start: datetime | None = each.start
        end: datetime | None = each.end
    print(family, stopped, by_room, got, page)


async def agents(sdk: vs.AsyncVideoSDK) -> None:
    family: vs.AsyncAgents = sdk.agents
    job: vs.DispatchResult = await family.dispatch(
        "agent",
        "room",
        room_options={"autoEndSession": True},
        sip_options={},
        metadata={"k": 1},
        version_id="v",
        version_tag="t",
        wait=True,
    )
    connected: vs.DispatchResult = await family.connect("agent", "room")
    general: vs.DispatchResult = await family.general_dispatch("agent", "room", version_id="v")
    fields: tuple[bool | None, str | None, str | None, str | None] = (
        job.success,
        job.job_id,
        job.status,
        job.worker_id,
    )
    deployed: vs.DeployedAgent = await family.deploy(
        name="bot",
        image=vs.DeployImage("a/b", image_type="private", image_pull_secret="ps"),
        env={"K": "v"},
        scaling=vs.AgentScaling(min=1, max=2),
        profile="cpu-large",
        region="us002",
        agent_id="a",
        version_tag="t",
        webhook=vs.RoomWebhook("https://h", ["*"]),
        env_secret_name="n",
    )
    version: vs.AgentDeploymentVersion | None = deployed.version
    secret: str | None = deployed.secret_id
    deployments: vs.AsyncAgentDeployments = family.deployments
    page: vs.Page[vs.AgentDeployment] = await deployments.list(agent_id="a", name="^b")
    one: vs.AgentDeployment = await deployments.get("d1")
    latest: vs.AgentDeploymentVersion = await deployments.latest_version("d1")
    async for line in deployments.logs("d1", start=datetime.now(UTC), sort="asc"):
        text: str | None = line.log
        at: datetime | None = line.timestamp
    gone: str = await deployments.delete("d1", force=True)
    toggled: str = await deployments.set_version_active("v1", activate=False, force=None)
    try:
        await family.deploy(name="bot", image="a/b")
    except vs.AgentDeployError as exc:
        stage: str = exc.stage
        made: str | None = exc.secret_id
        unknown: bool = exc.outcome_unknown
    print(connected, general, fields, version, secret, page, one, latest, gone, toggled)


def emulator_controls(emulator: Emulator) -> None:
    controls: AgentControls = emulator.control(AgentControls)
    worker: str = controls.register("agent", capacity=2)
    jobs: list[dict[str, Any]] = controls.jobs("agent")
    controls.unregister("agent")
    print(worker, jobs)
