"""Secrets and tokens never leak into reprs, error messages, tracebacks or logs."""

from __future__ import annotations

import logging
import traceback

import pytest
import respx

import videosdk_async as vs

from ..conftest import API_KEY, MEETING_JSON, SECRET, FakeClock


def _leaks(text: str, *secrets: str) -> list[str]:
    return [s for s in secrets if s in text]


async def test_secret_and_token_absent_from_repr_errors_and_logs(
    api: respx.MockRouter, caplog: pytest.LogCaptureFixture, clock: FakeClock
) -> None:
    """During a succeeding and a failing call, no repr, error text or log line holds a secret."""
    caplog.set_level(logging.DEBUG)
    api.post("/v1/meetings").respond(200, json=MEETING_JSON)
    api.get("/v1/meetings/zzzz-zzzz-zzzz").respond(
        404, json={"message": "Meeting not found"}, headers={"x-request-id": "r1"}
    )
    api.get("/v1/meetings/aaaa-aaaa-aaaa").respond(503, json={"message": "busy"})

    async with vs.AsyncVideoSDK(
        api_key=API_KEY,
        secret=SECRET,
        retry=vs.RetryPolicy(max_attempts=2),
        clock=clock,
        sleep=clock.sleep,
        http_backend="httpx",
    ) as sdk:
        meeting = await sdk.meetings.create(user_meeting_id="unicorn")
        errors: list[BaseException] = []
        for meeting_id in ("zzzz-zzzz-zzzz", "aaaa-aaaa-aaaa"):
            try:
                await sdk.meetings.validate(meeting_id)
            except vs.VideoSDKError as exc:
                errors.append(exc)
        token = api.calls[0].request.headers["authorization"]
        texts = [repr(sdk), str(sdk), repr(sdk.meetings), repr(meeting), repr(sdk._requester.auth)]

    assert len(errors) == 2
    for exc in errors:
        texts += [str(exc), repr(exc), "".join(traceback.format_exception(exc))]
        texts += [repr(getattr(exc, "response", None)), repr(getattr(exc, "body", None))]
        response = getattr(exc, "response", None)
        if response is not None:
            texts.append(repr(response.request.headers))
    texts += [record.getMessage() for record in caplog.records]

    assert any("GET /v1/meetings/zzzz-zzzz-zzzz -> 404" in t for t in texts)  # logs were read
    assert any("retrying in" in t for t in texts)  # the retry INFO line too
    assert len(token) > 20
    assert [t for t in texts if _leaks(t, SECRET, token)] == []


def test_static_token_absent_from_repr() -> None:
    """An SDK built with a static token does not show it in its repr."""
    sdk = vs.AsyncVideoSDK(token="header.payload.signature-very-secret")

    assert "very-secret" not in repr(sdk)
    assert "very-secret" not in repr(sdk._requester.auth)
    assert "very-secret" not in repr(vars(sdk))


def test_invalid_credentials_errors_do_not_echo_values() -> None:
    """Credential errors name the variable, never its value."""
    with pytest.raises(ValueError, match="secret") as info:
        vs.AsyncVideoSDK(api_key="key-value-xyz", secret="   ")

    assert "key-value-xyz" not in str(info.value)
