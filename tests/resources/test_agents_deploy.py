"""agents.deploy at the wire (respx): its 2-3 steps, their bodies, the image and scaling
rules, and what a failure at each step raises."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest
import respx

import videosdk_async as vs
from videosdk_async.resources._deploy import slug

CLOUD = "/ai/v1/cloud"
DEPLOYMENT = {"id": "d1", "agentId": "a1", "name": "Support Bot", "status": "inactive"}
VERSION = {"id": "v1", "deploymentId": "d1", "agentId": "a1", "active": True}


def _body(route: respx.Route) -> Any:
    return json.loads(route.calls.last.request.content)


def _routes(api: respx.MockRouter) -> tuple[respx.Route, respx.Route, respx.Route]:
    secret = api.post(f"{CLOUD}/secrets").respond(200, json={"data": {"id": "s1"}})
    deployment = api.post(f"{CLOUD}/deployments").respond(200, json=DEPLOYMENT)
    version = api.post(f"{CLOUD}/versions").respond(200, json=VERSION)
    return secret, deployment, version


async def test_deploy_sends_three_steps_with_env(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """With env: secret, deployment (envSecret), version (agentId of the deployment)."""
    secret, deployment, version = _routes(api)
    hook = vs.RoomWebhook("https://hooks/x", ["agent-session-started"])

    made = await sdk.agents.deploy(
        name="Support Bot",
        image="registry.example.com/acme/bot:1.4",
        env={"OPENAI_API_KEY": "sk-1"},
        scaling=vs.AgentScaling(min=1, max=3),
        profile="cpu-medium",
        region="us002",
        version_tag="v1.4",
        webhook=hook,
    )

    sent = _body(secret)
    assert re.fullmatch(r"support-bot-env-[0-9a-f]{8}", sent.pop("name"))
    assert sent == {"keys": {"OPENAI_API_KEY": "sk-1"}, "type": "NORMAL"}
    assert _body(deployment) == {"name": "Support Bot", "envSecret": "s1"}
    assert _body(version) == {
        "agentId": "a1",
        "deploymentId": "d1",
        "image": {
            "imageUrl": "registry.example.com/acme/bot:1.4",
            "imageCR": "registry.example.com",
            "imageType": "public",
        },
        "profile": "cpu-medium",
        "minReplica": 1,
        "maxReplica": 3,
        "region": "us002",
        "versionTag": "v1.4",
        "webhook": {"endPoint": "https://hooks/x", "events": ["agent-session-started"]},
    }
    assert (made.id, made.agent_id, made.secret_id) == ("d1", "a1", "s1")
    assert made.version is not None
    assert made.version.id == "v1"


async def test_deploy_without_env_makes_no_secret(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """No env (or an empty one): two steps; defaults cpu-small and a docker.io image."""
    secret, deployment, version = _routes(api)

    made = await sdk.agents.deploy(name="bot", image="acme/bot:1", env={}, agent_id="a1")

    assert secret.call_count == 0
    assert _body(deployment) == {"name": "bot", "agentId": "a1"}
    assert _body(version) == {
        "agentId": "a1",
        "deploymentId": "d1",
        "image": {"imageUrl": "acme/bot:1", "imageCR": "docker.io", "imageType": "public"},
        "profile": "cpu-small",
    }
    assert made.secret_id is None


async def test_deploy_names_the_secret_as_told(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """env_secret_name is the secret's name; a secret id at the top level is read too."""
    secret, _, _ = _routes(api)
    secret.respond(200, json={"id": "s9"})

    made = await sdk.agents.deploy(
        name="bot", image="acme/bot:1", env={"K": "v"}, env_secret_name="bot-env"
    )

    assert _body(secret)["name"] == "bot-env"
    assert made.secret_id == "s9"


@pytest.mark.parametrize(
    ("image", "wire"),
    [
        ("localhost/bot:1", {"imageUrl": "localhost/bot:1", "imageCR": "localhost"}),
        ("host:5000/bot", {"imageUrl": "host:5000/bot", "imageCR": "host:5000"}),
        ("bot", {"imageUrl": "bot", "imageCR": "docker.io"}),
        (
            vs.DeployImage("ghcr.io/a/b", image_pull_secret="ps1"),
            {
                "imageUrl": "ghcr.io/a/b",
                "imageCR": "ghcr.io",
                "imageType": "private",
                "imagePullSecret": "ps1",
            },
        ),
        (
            vs.DeployImage("a/b", image_cr="reg.io", image_type="managed"),
            {"imageUrl": "a/b", "imageCR": "reg.io", "imageType": "managed"},
        ),
    ],
)
async def test_the_image_registry_and_type_follow_dockers_rule(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, image: Any, wire: dict[str, str]
) -> None:
    """imageCR is the first part holding '.' or ':' or localhost, else docker.io."""
    _, _, version = _routes(api)

    await sdk.agents.deploy(name="bot", image=image)

    assert _body(version)["image"] == {"imageType": "public", **wire}


def test_the_secret_name_slug_follows_the_official_sdk() -> None:
    """slug: lower-case, other runs to '-', trimmed, at most 40 characters, else agent."""
    assert slug("  My Support Bot!! v2 ") == "my-support-bot-v2"
    assert slug("***") == "agent"
    assert slug("x" * 50) == "x" * 40


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"profile": "gpu"}, ValueError),
        ({"image": 7}, TypeError),
        ({"name": " "}, ValueError),
        ({"env": {"K": 1}}, TypeError),
        ({"webhook": vs.RoomWebhook("https://h", [])}, ValueError),
        ({"agent_id": "a/b"}, ValueError),
        ({"scaling": {"min": 1}}, TypeError),
    ],
)
async def test_deploy_refuses_bad_input_before_sending(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, kwargs: dict[str, Any], error: type
) -> None:
    """Bad arguments are refused before the first step."""
    routes = _routes(api)
    arguments: dict[str, Any] = {"name": "bot", "image": "acme/bot", "env": {"K": "v"}}

    with pytest.raises(error):
        await sdk.agents.deploy(**{**arguments, **kwargs})

    assert [r.call_count for r in routes] == [0, 0, 0]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [({"min": -1}, ValueError), ({"max": 51}, ValueError), ({"min": 3, "max": 2}, ValueError),
     ({"min": 1.5}, TypeError)],
)  # fmt: skip
def test_scaling_is_checked_when_made(kwargs: dict[str, Any], error: type) -> None:
    """A negative value, max over 50 or min over max is refused by AgentScaling."""
    with pytest.raises(error):
        vs.AgentScaling(**kwargs)


def test_a_deploy_image_type_is_checked_when_made() -> None:
    """Another image_type than public/private/managed is refused."""
    with pytest.raises(ValueError, match="image_type"):
        vs.DeployImage("a/b", image_type="shared")  # type: ignore[arg-type]


async def test_a_502_at_the_secret_step_raises_its_own_error(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """The secret step failing raises its error (outcome unknown), one request, no more steps."""
    secret, deployment, _ = _routes(api)
    secret.mock(return_value=httpx.Response(502, json={}))

    with pytest.raises(vs.InternalServerError) as info:
        await sdk.agents.deploy(name="bot", image="acme/bot", env={"K": "v"})

    assert info.value.outcome_unknown is True
    assert (secret.call_count, deployment.call_count) == (1, 0)


async def test_a_502_at_the_deployment_step_is_an_agent_deploy_error(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """stage deployment, the secret named, outcome unknown, the 502 as its cause; sent once."""
    _, deployment, version = _routes(api)
    deployment.mock(return_value=httpx.Response(502, json={}))

    with pytest.raises(vs.AgentDeployError) as info:
        await sdk.agents.deploy(name="bot", image="acme/bot", env={"K": "v"})

    error = info.value
    assert (error.stage, error.secret_id, error.deployment) == ("deployment", "s1", None)
    assert error.outcome_unknown is True
    assert isinstance(error.__cause__, vs.InternalServerError)
    assert (deployment.call_count, version.call_count) == (1, 0)


async def test_a_refused_version_names_the_deployment_that_exists(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A 400 at the version step: stage version, the deployment made, outcome known."""
    _, _, version = _routes(api)
    version.mock(return_value=httpx.Response(400, json={"message": "bad image"}))

    with pytest.raises(vs.AgentDeployError) as info:
        await sdk.agents.deploy(name="bot", image="acme/bot")

    error = info.value
    assert error.stage == "version"
    assert isinstance(error.deployment, vs.AgentDeployment)
    assert error.deployment.id == "d1"
    assert error.outcome_unknown is False
    assert "d1" in str(error)
    assert isinstance(error.__cause__, vs.BadRequestError)


async def test_no_secret_value_reaches_the_error_message(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """An AgentDeployError's message never holds env values."""
    _, _, version = _routes(api)
    version.mock(return_value=httpx.Response(502, json={}))

    with pytest.raises(vs.AgentDeployError) as info:
        await sdk.agents.deploy(name="bot", image="acme/bot", env={"TOKEN": "very-secret-value"})

    assert "very-secret-value" not in str(info.value)
    assert "very-secret-value" not in repr(info.value)
