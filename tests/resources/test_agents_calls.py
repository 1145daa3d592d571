"""Agents at the wire (respx): each dispatch's and each deployments call's method, path,
query and body, and what each makes of the answer."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import httpx
import pytest
import respx

import videosdk_async as vs

DEPLOYMENTS = "/ai/v1/cloud/deployments"
JOB = {"success": True, "jobId": "j1", "status": "assigned", "workerId": "w1",
       "roomId": "abcd", "agentId": "bot", "cloud": False}  # fmt: skip
PAGE = {"pageInfo": {"currentPage": 1, "perPage": 20, "lastPage": 1, "total": 1}}


def _body(route: respx.Route) -> Any:
    return json.loads(route.calls.last.request.content)


def _query(route: respx.Route) -> dict[str, str]:
    return dict(route.calls.last.request.url.params)


@pytest.mark.parametrize("call", ["dispatch", "connect"])
async def test_dispatch_sends_every_option(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, call: str
) -> None:
    """dispatch/connect send {agentId, meetingId, roomId, roomOptions, ...}; data unwrapped."""
    route = api.post(f"/v2/agent/{call}").respond(200, json={"message": "ok", "data": JOB})

    job = await getattr(sdk.agents, call)(
        "bot",
        "abcd",
        room_options={"autoEndSession": True},
        sip_options={"callTo": "+15550100"},
        metadata={"variables": [{"name": "fname", "value": "ann"}]},
        version_id="v1",
        version_tag="prod",
        wait=True,
    )

    assert _body(route) == {
        "agentId": "bot",
        "meetingId": "abcd",
        "roomId": "abcd",
        "roomOptions": {"autoEndSession": True},
        "sipOptions": {"callTo": "+15550100"},
        "metadata": {"variables": [{"name": "fname", "value": "ann"}]},
        "versionId": "v1",
        "versionTag": "prod",
        "wait": True,
    }
    assert (job.job_id, job.worker_id, job.status, job.cloud) == ("j1", "w1", "assigned", False)


async def test_dispatch_sends_the_room_twice_and_nothing_else(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """dispatch(agent, room) sends agentId, meetingId and roomId only."""
    route = api.post("/v2/agent/dispatch").respond(200, json={"data": JOB})

    await sdk.agents.dispatch("bot", "abcd")

    assert _body(route) == {"agentId": "bot", "meetingId": "abcd", "roomId": "abcd"}


async def test_general_dispatch_requires_and_sends_the_version(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """general_dispatch(..., version_id=) is POST /v2/agent/general/dispatch with versionId."""
    route = api.post("/v2/agent/general/dispatch").respond(200, json={"data": JOB})

    job = await sdk.agents.general_dispatch("bot", "abcd", version_id="v1", metadata={"k": 1})

    assert _body(route) == {
        "agentId": "bot",
        "meetingId": "abcd",
        "roomId": "abcd",
        "versionId": "v1",
        "metadata": {"k": 1},
    }
    assert job.agent_id == "bot"


@pytest.mark.parametrize(
    ("args", "kwargs", "error"),
    [
        (("a/b", "abcd"), {}, ValueError),
        (("bot", 7), {}, TypeError),
        (("bot", "abcd"), {"metadata": [1]}, TypeError),
        (("bot", "abcd"), {"wait": "yes"}, TypeError),
        (("bot", "abcd"), {"version_id": "v?1"}, ValueError),
    ],
)
async def test_dispatch_refuses_bad_input_before_sending(
    sdk: vs.AsyncVideoSDK,
    api: respx.MockRouter,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    error: type,
) -> None:
    """Bad ids and options are refused before any request."""
    route = api.post("/v2/agent/dispatch").respond(200, json={"data": JOB})

    with pytest.raises(error):
        await sdk.agents.dispatch(*args, **kwargs)

    assert route.call_count == 0


@pytest.mark.parametrize("path", ["dispatch", "connect", "general/dispatch"])
async def test_a_dispatch_is_never_repeated_after_a_502(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, path: str
) -> None:
    """A 502 answer raises with outcome_unknown after exactly one request."""
    route = api.post(f"/v2/agent/{path}").mock(return_value=httpx.Response(502, json={}))
    call = {
        "dispatch": lambda: sdk.agents.dispatch("bot", "abcd"),
        "connect": lambda: sdk.agents.connect("bot", "abcd"),
        "general/dispatch": lambda: sdk.agents.general_dispatch("bot", "abcd", version_id="v"),
    }[path]

    with pytest.raises(vs.InternalServerError) as info:
        await call()

    assert info.value.outcome_unknown is True
    assert route.call_count == 1


# -- deployments -----------------------------------------------------------------------------


async def test_deployments_list_sends_every_filter(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """list(...) is GET /ai/v1/cloud/deployments with its filters; items under deployments."""
    route = api.get(DEPLOYMENTS).respond(
        200, json={**PAGE, "deployments": [{"id": "d1", "agentId": "a1", "envSecret": "s1"}]}
    )

    page = await sdk.agents.deployments.list(
        agent_id="a1", name="^my", status="active", deployment_id="d1", page=2, per_page=10
    )

    assert _query(route) == {
        "agentId": "a1",
        "name": "^my",
        "status": "active",
        "deploymentId": "d1",
        "page": "2",
        "perPage": "10",
    }
    assert [(d.id, d.agent_id, d.env_secret) for d in page.data] == [("d1", "a1", "s1")]


async def test_deployments_get_answers_only_the_exact_id(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """get(id) is GET ...?deploymentId=id and picks the item with that id among others."""
    items = [{"id": "d0"}, {"id": "d1", "name": "mine"}, {"id": "d2"}]
    route = api.get(DEPLOYMENTS).respond(200, json={**PAGE, "deployments": items})

    got = await sdk.agents.deployments.get("d1")

    assert _query(route) == {"deploymentId": "d1"}
    assert (got.id, got.name) == ("d1", "mine")


async def test_deployments_get_of_a_page_of_others_is_not_found(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A page that holds only other deployments raises NotFoundError (never another one)."""
    api.get(DEPLOYMENTS).respond(200, json={**PAGE, "deployments": [{"id": "d0"}, {"id": "d2"}]})

    with pytest.raises(vs.NotFoundError) as info:
        await sdk.agents.deployments.get("d1")

    assert info.value.status_code == 404


async def test_latest_version_is_got_by_deployment(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """latest_version(id) is GET .../{id}/latest (encoded); an image object stays a dict."""
    version = {"id": "v1", "deploymentId": "d 1", "image": {"imageUrl": "x"}, "minReplica": 1,
               "maxReplica": 2, "active": True, "versionTag": "t"}  # fmt: skip
    route = api.get(f"{DEPLOYMENTS}/d%201/latest").respond(200, json=version)

    got = await sdk.agents.deployments.latest_version("d 1")

    assert route.call_count == 1
    assert (got.id, got.image, got.min_replica, got.max_replica) == ("v1", {"imageUrl": "x"}, 1, 2)
    assert (got.active, got.version_tag) == (True, "t")


async def test_logs_send_filters_iso_times_and_sort(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """logs(...) is GET .../{id}/console-logs; times as ISO UTC, sort as 1/-1; key logs."""
    entry = {"log": "hello", "timestamp": "2024-05-01T09:00:00.000Z", "metadata": {"k": 1}}
    route = api.get(f"{DEPLOYMENTS}/d1/console-logs").respond(200, json={**PAGE, "logs": [entry]})
    plus2 = timezone(timedelta(hours=2))

    page = await sdk.agents.deployments.logs(
        "d1",
        agent_id="a1",
        version_id="v1",
        session_id="s1",
        user_id="u1",
        room_id="abcd",
        start=datetime(2024, 5, 1, 11, 0, tzinfo=plus2),
        end=datetime(2024, 5, 2, tzinfo=UTC),
        sort="desc",
        page=1,
        per_page=50,
    )

    assert _query(route) == {
        "agentId": "a1",
        "versionId": "v1",
        "sessionId": "s1",
        "userId": "u1",
        "roomId": "abcd",
        "start": "2024-05-01T09:00:00.000Z",
        "end": "2024-05-02T00:00:00.000Z",
        "sort": "-1",
        "page": "1",
        "perPage": "50",
    }
    [line] = page.data
    assert (line.log, line.metadata) == ("hello", {"k": 1})
    assert line.timestamp == datetime(2024, 5, 1, 9, tzinfo=UTC)


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"start": datetime(2024, 5, 1)}, ValueError),
        ({"end": "2024-05-01"}, TypeError),
        ({"sort": "up"}, ValueError),
        ({"room_id": "a#b"}, ValueError),
    ],
)
async def test_logs_refuse_bad_input_before_sending(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, kwargs: dict[str, Any], error: type
) -> None:
    """A naive datetime, a non-datetime, another sort or a bad id is refused at once."""
    route = api.get(f"{DEPLOYMENTS}/d1/console-logs").respond(200, json={"logs": []})

    with pytest.raises(error):
        sdk.agents.deployments.logs("d1", **kwargs)

    assert route.call_count == 0


async def test_delete_is_a_post_retried_like_a_read(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """delete(id, force=True) is POST .../{id}/delete {force}; a 502 is retried."""
    route = api.post(f"{DEPLOYMENTS}/d1/delete").mock(
        side_effect=[httpx.Response(502, json={}), httpx.Response(200, json={"message": "gone"})]
    )

    answer = await sdk.agents.deployments.delete("d1", force=True)

    assert _body(route) == {"force": True}
    assert (answer, route.call_count) == ("gone", 2)


async def test_delete_without_force_sends_an_empty_object(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """delete(id) sends {} (force left out)."""
    route = api.post(f"{DEPLOYMENTS}/d1/delete").respond(200, json={"message": "gone"})

    await sdk.agents.deployments.delete("d1")

    assert _body(route) == {}


async def test_set_version_active_is_a_put_retried_like_a_read(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """set_version_active(v, activate=, force=) is PUT /ai/v1/cloud/versions/{v}/activate."""
    route = api.put("/ai/v1/cloud/versions/v1/activate").mock(
        side_effect=[httpx.Response(503, json={}), httpx.Response(200, json={"message": "ok"})]
    )

    answer = await sdk.agents.deployments.set_version_active("v1", activate=False, force=True)

    assert _body(route) == {"activate": False, "force": True}
    assert (answer, route.call_count) == ("ok", 2)


async def test_set_version_active_needs_a_bool(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """activate must be a bool: anything else is refused before sending."""
    route = api.put("/ai/v1/cloud/versions/v1/activate").respond(200, json={"message": "ok"})

    with pytest.raises(TypeError):
        await sdk.agents.deployments.set_version_active("v1", activate="yes")  # type: ignore[arg-type]

    assert route.call_count == 0
