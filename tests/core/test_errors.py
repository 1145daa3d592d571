"""Status codes and bodies become the documented exception tree."""

from __future__ import annotations

import pickle

import httpx
import pytest
import respx

import videosdk_async as vs

NO_RETRY = vs.RetryPolicy(max_attempts=1)

STATUS_CLASSES = [
    (400, vs.BadRequestError),
    (401, vs.AuthenticationError),
    (402, vs.NotFoundError),
    (403, vs.PermissionDeniedError),
    (404, vs.NotFoundError),
    (409, vs.ConflictError),
    (422, vs.BadRequestError),
    (429, vs.RateLimitError),
    (500, vs.InternalServerError),
    (502, vs.InternalServerError),
    (503, vs.InternalServerError),
    (504, vs.InternalServerError),
    (418, vs.APIStatusError),
]


@pytest.mark.parametrize(("status", "cls"), STATUS_CLASSES)
async def test_status_maps_to_exception_with_fields(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, status: int, cls: type[vs.APIStatusError]
) -> None:
    """Each status raises its class with status_code, message, code and request_id filled."""
    api.post("/v1/meetings").respond(
        status,
        json={"statusCode": status, "error": "Reason", "message": "the text", "code": "E42"},
        headers={"x-request-id": "req-123"},
    )

    with pytest.raises(vs.APIStatusError) as info:
        await sdk.meetings.create(retry=NO_RETRY)

    assert type(info.value) is cls
    assert info.value.status_code == status
    assert ": the text" in info.value.message
    assert info.value.message.startswith(f"{status} ")
    assert info.value.code == "E42"
    assert info.value.request_id == "req-123"
    assert info.value.attempts == 1


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"message": "m", "error": "e"}, "m"),
        ({"error": "e", "msg": "x"}, "e"),
        ({"msg": "x", "statusMessage": "y"}, "x"),
        ({"statusMessage": "y"}, "y"),
    ],
)
async def test_error_message_key_precedence(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, body: dict[str, str], expected: str
) -> None:
    """The message is read from message, then error, msg, statusMessage."""
    api.post("/v1/meetings").respond(400, json=body)

    with pytest.raises(vs.BadRequestError) as info:
        await sdk.meetings.create()

    assert info.value.message.endswith(f": {expected}")
    assert info.value.body == body


async def test_error_code_from_error_code_key(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """The code falls back to errorCode when code is absent."""
    api.post("/v1/meetings").respond(409, json={"message": "dup", "errorCode": 4001})

    with pytest.raises(vs.ConflictError) as info:
        await sdk.meetings.create()

    assert info.value.code == "4001"


async def test_non_json_error_body_kept_as_text(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A non-JSON error body becomes the message and the body, as text."""
    api.post("/v1/meetings").respond(502, text="Bad Gateway from nginx")

    with pytest.raises(vs.InternalServerError) as info:
        await sdk.meetings.create(retry=NO_RETRY)

    assert info.value.body == "Bad Gateway from nginx"
    assert "Bad Gateway from nginx" in info.value.message


@pytest.mark.parametrize(
    "header", ["x-request-id", "request-id", "x-amzn-requestid", "x-amz-request-id"]
)
async def test_request_id_header_cousins(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, header: str
) -> None:
    """The request id is read from x-request-id and its cousins."""
    api.post("/v1/meetings").respond(403, json={"message": "no"}, headers={header: "rid-7"})

    with pytest.raises(vs.PermissionDeniedError) as info:
        await sdk.meetings.create()

    assert info.value.request_id == "rid-7"


async def test_rate_limit_error_carries_retry_after(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A 429 with Retry-After sets RateLimitError.retry_after in seconds."""
    api.post("/v1/meetings").respond(429, json={"message": "slow"}, headers={"Retry-After": "7"})

    with pytest.raises(vs.RateLimitError) as info:
        await sdk.meetings.create(retry=NO_RETRY)

    assert info.value.retry_after == 7.0


async def test_errors_pickle_without_the_response(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """An APIStatusError survives pickling with its fields, minus the live response."""
    api.post("/v1/meetings").respond(429, json={"message": "slow"}, headers={"Retry-After": "3"})
    with pytest.raises(vs.RateLimitError) as info:
        await sdk.meetings.create(retry=NO_RETRY)

    clone = pickle.loads(pickle.dumps(info.value))

    assert type(clone) is vs.RateLimitError
    assert (clone.status_code, clone.message, clone.retry_after, clone.attempts) == (
        429,
        info.value.message,
        3.0,
        1,
    )
    assert clone.response is None
    assert str(clone) == str(info.value)


@pytest.mark.parametrize(
    "error",
    [
        vs.VideoSDKError("x"),
        vs.APIConnectionError("x", request_sent=True),
        vs.APITimeoutError("x", request_sent=False, attempts=2),
        vs.UnexpectedResponseError("x", status_code=200),
        vs.BatchError("x", results=[1, None]),
        vs.MeetingNotFoundError("x", status_code=404),
    ],
)
def test_every_error_class_pickles(error: vs.VideoSDKError) -> None:
    """Every error class round-trips through pickle with its attributes."""
    clone = pickle.loads(pickle.dumps(error))

    assert type(clone) is type(error)
    assert clone.__dict__ == error.__dict__


def test_tree_shape() -> None:
    """The exception tree is the documented one."""
    assert issubclass(vs.APITimeoutError, vs.APIConnectionError)
    assert issubclass(vs.APIConnectionError, vs.VideoSDKError)
    assert issubclass(vs.MeetingNotFoundError, vs.NotFoundError)
    for cls in (
        vs.BadRequestError,
        vs.AuthenticationError,
        vs.PermissionDeniedError,
        vs.NotFoundError,
        vs.ConflictError,
        vs.RateLimitError,
        vs.InternalServerError,
    ):
        assert issubclass(cls, vs.APIStatusError)
    assert issubclass(vs.APIStatusError, vs.VideoSDKError)
    assert issubclass(vs.UnexpectedResponseError, vs.VideoSDKError)
    assert issubclass(vs.BatchError, vs.VideoSDKError)


async def test_read_timeout_becomes_timeout_error(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """An httpx.ReadTimeout surfaces as APITimeoutError with request_sent=True."""
    api.get("/v1/meetings/abcd").mock(side_effect=httpx.ReadTimeout("slow"))

    with pytest.raises(vs.APITimeoutError) as info:
        await sdk.meetings.validate("abcd", retry=NO_RETRY)

    assert info.value.request_sent is True


async def test_pool_timeout_says_how_to_raise_limits(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """A PoolTimeout surfaces as APITimeoutError that names max_connections."""
    api.get("/v1/meetings/abcd").mock(side_effect=httpx.PoolTimeout("full"))

    with pytest.raises(vs.APITimeoutError, match="max_connections"):
        await sdk.meetings.validate("abcd")
