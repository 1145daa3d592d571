"""Bad input to any family is refused before I/O with an error that is both the ValueError or
TypeError it always was and a VideoSDKError, so ``except vs.VideoSDKError`` catches it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
import respx

import videosdk_async as vs

Refusal = Callable[[vs.AsyncVideoSDK], Any]

VALUE_REFUSALS: dict[str, Refusal] = {
    "rooms.update status": lambda sdk: sdk.rooms.update("r", status="paused"),
    "sessions.remove_participant without room or session": (
        lambda sdk: sdk.sessions.remove_participant("p")
    ),
    "recordings.start composition and template": lambda sdk: sdk.recordings.start(
        "r", composition=vs.Composition(), template_url="https://example.com"
    ),
    "Composition grid_size": lambda sdk: vs.Composition(grid_size=99),
    "livestreams.start without outputs": lambda sdk: sdk.livestreams.start("r", []),
    "transcription.realtime.start blank model": (
        lambda sdk: sdk.transcription.realtime.start("r", model_id="")
    ),
    "AgentScaling min over max": lambda sdk: vs.AgentScaling(min=3, max=1),
    "sip.calls.create participant twice": lambda sdk: sdk.sip.calls.create(
        call_to="+14155550100", participant_id="p", participant={"id": "q"}
    ),
    "batch_calls.upload of a .txt": lambda sdk: sdk.batch_calls.upload(b"x", file_name="a.txt"),
    "alert_rules.create without a condition": lambda sdk: sdk.alert_rules.create(
        name="n", severity="info", rule_config={"query": {"metric": "m"}}
    ),
    "resource_pool.acquire of no units": lambda sdk: sdk.resource_pool.acquire(
        type="recording", webhook_url="https://example.com/h", units=0
    ),
    "join_token reserved claim": lambda sdk: sdk.join_token("r", claims={"exp": 1}),
    "per_page out of range": lambda sdk: sdk.rooms.list(per_page=5000),
}

TYPE_REFUSALS: dict[str, Refusal] = {
    "rooms.create webhook of the wrong type": lambda sdk: sdk.rooms.create(webhook="x"),  # type: ignore[arg-type]
    "transcodings.merge of one str": lambda sdk: sdk.transcodings.merge("rec"),  # type: ignore[arg-type]
    "sip.trunks.inbound.create numbers as one str": lambda sdk: sdk.sip.trunks.inbound.create(
        name="t", numbers="+14155550100"
    ),
}


async def _refuse(sdk: vs.AsyncVideoSDK, refusal: Refusal) -> None:
    result = refusal(sdk)
    if isinstance(result, Awaitable):
        await result


@pytest.mark.parametrize("case", list(VALUE_REFUSALS))
async def test_a_bad_value_is_a_value_error_and_a_videosdk_error(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, case: str
) -> None:
    """Each refusal of a bad value is caught by both ValueError and VideoSDKError, nothing sent."""
    route = api.route().respond(json={})

    with pytest.raises(ValueError) as info:
        await _refuse(sdk, VALUE_REFUSALS[case])

    assert isinstance(info.value, vs.VideoSDKError)
    assert route.call_count == 0


@pytest.mark.parametrize("case", list(TYPE_REFUSALS))
async def test_a_bad_type_is_a_type_error_and_a_videosdk_error(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, case: str
) -> None:
    """Each refusal of a wrong type is caught by both TypeError and VideoSDKError, nothing sent."""
    route = api.route().respond(json={})

    with pytest.raises(TypeError) as info:
        await _refuse(sdk, TYPE_REFUSALS[case])

    assert isinstance(info.value, vs.VideoSDKError)
    assert route.call_count == 0
