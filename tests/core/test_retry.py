"""The retry policy, end to end through the SDK with respx and an injected sleep."""

from __future__ import annotations

import asyncio
import logging
import random
from datetime import UTC, datetime
from email.utils import format_datetime

import httpx
import pytest
import respx

import videosdk_async as vs
from videosdk_async import testing

from ..conftest import API_KEY, MEETING_JSON, SECRET, FakeClock

MEETING_PATH = "/v1/meetings/87i6-bvw8-dtn1"
FAST = vs.RetryPolicy(max_attempts=3, jitter=False)


def _sdk(clock: FakeClock, **kwargs: object) -> vs.AsyncVideoSDK:
    kwargs.setdefault("retry", FAST)
    kwargs.setdefault("sleep", clock.sleep)
    kwargs.setdefault("http_backend", "httpx")  # respx mocks httpx's stock transport
    return vs.AsyncVideoSDK(api_key=API_KEY, secret=SECRET, clock=clock, **kwargs)  # type: ignore[arg-type]


async def _call(sdk: vs.AsyncVideoSDK, call: str) -> vs.Meeting:
    if call == "create":
        return await sdk.meetings.create()
    return await sdk.meetings.validate("87i6-bvw8-dtn1")


# -- the policy on its own -------------------------------------------------------------


def test_backoff_without_jitter_doubles_up_to_the_cap() -> None:
    """Without jitter the waits are initial * 2**(n-1), capped at backoff_max."""
    policy = vs.RetryPolicy(backoff_initial=0.5, backoff_max=3.0, jitter=False)

    assert [policy.backoff(n) for n in range(1, 7)] == [0.5, 1.0, 2.0, 3.0, 3.0, 3.0]


def test_backoff_with_jitter_stays_within_half_to_full() -> None:
    """With jitter each wait lies in [base/2, base] and the waits are not all equal."""
    policy = vs.RetryPolicy(backoff_initial=0.5, backoff_max=8.0, jitter=True)
    rng = random.Random(7)

    for n in range(1, 10):
        base = min(8.0, 0.5 * 2 ** (n - 1))
        waits = [policy.backoff(n, rng=rng) for _ in range(200)]
        assert min(waits) >= base / 2
        assert max(waits) <= base
        assert len(set(waits)) > 100


def test_backoff_survives_huge_attempt_numbers() -> None:
    """A very large attempt number neither overflows nor exceeds the cap."""
    assert vs.RetryPolicy(jitter=False).backoff(10_000) == 8.0


@pytest.mark.parametrize(
    "kwargs",
    [
        {"max_attempts": 0},
        {"max_attempts": 1.5},
        {"backoff_initial": 0},
        {"backoff_max": -1},
        {"max_retry_after": 0},
        {"deadline": 0},
    ],
)
def test_policy_rejects_nonsense(kwargs: dict[str, object]) -> None:
    """Non-positive durations and attempt counts below 1 are a ValueError."""
    with pytest.raises(ValueError):
        vs.RetryPolicy(**kwargs)  # type: ignore[arg-type]


def test_policy_is_frozen() -> None:
    """A RetryPolicy cannot be changed after construction."""
    policy = vs.RetryPolicy()

    with pytest.raises(AttributeError):
        policy.max_attempts = 5  # type: ignore[misc]


# -- what is retried, per method -------------------------------------------------------

READ_RETRIED = [408, 429, 500, 502, 503, 504]
CREATE_RETRIED = [429, 503]
CREATE_NOT_RETRIED = [408, 500, 502, 504]
NEVER_RETRIED = [400, 401, 403, 404, 409, 422]


@pytest.mark.parametrize("status", READ_RETRIED)
async def test_validate_retries_transient_status(
    clock: FakeClock, api: respx.MockRouter, status: int
) -> None:
    """validate() retries 408/429/500/502/503/504 and then succeeds."""
    route = api.get(MEETING_PATH)
    route.side_effect = [httpx.Response(status), httpx.Response(200, json=MEETING_JSON)]

    async with _sdk(clock) as sdk:
        meeting = await sdk.meetings.validate("87i6-bvw8-dtn1")

    assert meeting.meeting_id == "87i6-bvw8-dtn1"
    assert route.call_count == 2
    assert clock.sleeps == [0.5]


@pytest.mark.parametrize("status", CREATE_RETRIED)
async def test_create_retries_not_processed_status(
    clock: FakeClock, api: respx.MockRouter, status: int
) -> None:
    """create() retries 429 and 503, which say the meeting was not created."""
    route = api.post("/v1/meetings")
    route.side_effect = [httpx.Response(status), httpx.Response(200, json=MEETING_JSON)]

    async with _sdk(clock) as sdk:
        await sdk.meetings.create(user_meeting_id="u")

    assert route.call_count == 2


@pytest.mark.parametrize("status", CREATE_NOT_RETRIED)
async def test_create_does_not_retry_ambiguous_status(
    clock: FakeClock, api: respx.MockRouter, status: int
) -> None:
    """create() does not retry 408/500/502/504, and says the outcome is unknown."""
    route = api.post("/v1/meetings").respond(status, json={"message": "boom"})

    async with _sdk(clock) as sdk:
        with pytest.raises(vs.APIStatusError) as info:
            await sdk.meetings.create(user_meeting_id="u")

    assert route.call_count == 1
    assert info.value.outcome_unknown is True
    assert "outcome unknown" in str(info.value)
    assert "may have been created" in str(info.value)
    assert info.value.attempts == 1


@pytest.mark.parametrize("status", CREATE_NOT_RETRIED)
async def test_retry_unknown_outcome_opts_in(
    clock: FakeClock, api: respx.MockRouter, status: int
) -> None:
    """RetryPolicy(retry_unknown_outcome=True) retries ambiguous creates too."""
    route = api.post("/v1/meetings")
    route.side_effect = [httpx.Response(status), httpx.Response(200, json=MEETING_JSON)]

    async with _sdk(clock, retry=vs.RetryPolicy(retry_unknown_outcome=True)) as sdk:
        await sdk.meetings.create()

    assert route.call_count == 2


@pytest.mark.parametrize("status", NEVER_RETRIED)
@pytest.mark.parametrize("call", ["create", "validate"])
async def test_client_errors_never_retried(
    clock: FakeClock, api: respx.MockRouter, status: int, call: str
) -> None:
    """400/401/403/404/409/422 are raised after one attempt, on reads and creates."""
    post = api.post("/v1/meetings").respond(status, json={"message": "no"})
    get = api.get(MEETING_PATH).respond(status, json={"message": "no"})

    async with _sdk(clock) as sdk:
        with pytest.raises(vs.APIStatusError) as info:
            await _call(sdk, call)

    assert post.call_count + get.call_count == 1
    assert info.value.attempts == 1
    assert info.value.outcome_unknown is False
    assert clock.sleeps == []


CONNECT_PHASE = [httpx.ConnectError("refused"), httpx.ConnectTimeout("slow connect")]
AFTER_SEND = [
    httpx.ReadTimeout("slow"),
    httpx.RemoteProtocolError("Server disconnected without sending a response."),
    httpx.ReadError("reset"),
    httpx.WriteError("broken pipe"),
]


@pytest.mark.parametrize("exc", CONNECT_PHASE, ids=lambda e: type(e).__name__)
@pytest.mark.parametrize("call", ["create", "validate"])
async def test_connect_phase_failures_retried_for_all(
    clock: FakeClock, api: respx.MockRouter, exc: Exception, call: str
) -> None:
    """Could-not-connect failures are retried for creates and reads alike."""
    post = api.post("/v1/meetings")
    post.side_effect = [exc, httpx.Response(200, json=MEETING_JSON)]
    get = api.get(MEETING_PATH)
    get.side_effect = [exc, httpx.Response(200, json=MEETING_JSON)]

    async with _sdk(clock) as sdk:
        await _call(sdk, call)

    assert post.call_count + get.call_count == 2


@pytest.mark.parametrize("exc", AFTER_SEND, ids=lambda e: type(e).__name__)
async def test_after_send_failures_retried_for_reads(
    clock: FakeClock, api: respx.MockRouter, exc: Exception
) -> None:
    """Read timeouts and disconnects are retried for validate()."""
    route = api.get(MEETING_PATH)
    route.side_effect = [exc, httpx.Response(200, json=MEETING_JSON)]

    async with _sdk(clock) as sdk:
        await sdk.meetings.validate("87i6-bvw8-dtn1")

    assert route.call_count == 2


@pytest.mark.parametrize("exc", AFTER_SEND, ids=lambda e: type(e).__name__)
async def test_after_send_failures_not_retried_for_create(
    clock: FakeClock, api: respx.MockRouter, exc: Exception
) -> None:
    """A create that failed after sending raises at once with outcome_unknown set."""
    route = api.post("/v1/meetings")
    route.side_effect = [exc, httpx.Response(200, json=MEETING_JSON)]

    async with _sdk(clock) as sdk:
        with pytest.raises(vs.APIConnectionError) as info:
            await sdk.meetings.create(user_meeting_id="u")

    assert route.call_count == 1
    assert info.value.request_sent is True
    assert info.value.outcome_unknown is True
    assert "may have been created" in str(info.value)


@pytest.mark.parametrize("call", ["create", "validate"])
async def test_pool_timeout_never_retried(
    clock: FakeClock, api: respx.MockRouter, call: str
) -> None:
    """PoolTimeout is local saturation: raised at once, for creates and reads."""
    post = api.post("/v1/meetings").mock(side_effect=httpx.PoolTimeout("full"))
    get = api.get(MEETING_PATH).mock(side_effect=httpx.PoolTimeout("full"))

    async with _sdk(clock) as sdk:
        with pytest.raises(vs.APITimeoutError, match="max_connections") as info:
            await _call(sdk, call)

    assert post.call_count + get.call_count == 1
    assert info.value.request_sent is False
    assert info.value.outcome_unknown is False


# -- attempts, exhaustion, backoff sequence --------------------------------------------


async def test_exhausted_retries_raise_last_error_with_attempts(
    clock: FakeClock, api: respx.MockRouter
) -> None:
    """After max_attempts failures the last error is raised, with attempts == max_attempts."""
    route = api.get(MEETING_PATH).respond(503, json={"message": "busy"})

    async with _sdk(clock, retry=vs.RetryPolicy(max_attempts=4, jitter=False)) as sdk:
        with pytest.raises(vs.InternalServerError) as info:
            await sdk.meetings.validate("87i6-bvw8-dtn1")

    assert route.call_count == 4
    assert info.value.attempts == 4
    assert clock.sleeps == [0.5, 1.0, 2.0]


async def test_max_attempts_one_disables_retries(clock: FakeClock, api: respx.MockRouter) -> None:
    """RetryPolicy(max_attempts=1) makes exactly one attempt."""
    route = api.get(MEETING_PATH).respond(503)

    async with _sdk(clock, retry=vs.RetryPolicy(max_attempts=1)) as sdk:
        with pytest.raises(vs.InternalServerError):
            await sdk.meetings.validate("87i6-bvw8-dtn1")

    assert route.call_count == 1
    assert clock.sleeps == []


async def test_per_call_policy_overrides_the_sdk_policy(
    clock: FakeClock, api: respx.MockRouter
) -> None:
    """A retry= given to a call wins over the SDK's policy."""
    route = api.get(MEETING_PATH).respond(503)

    async with _sdk(clock, retry=vs.RetryPolicy(max_attempts=5)) as sdk:
        with pytest.raises(vs.InternalServerError):
            await sdk.meetings.validate("87i6-bvw8-dtn1", retry=vs.RetryPolicy(max_attempts=2))

    assert route.call_count == 2


async def test_jittered_sleeps_within_bounds(clock: FakeClock, api: respx.MockRouter) -> None:
    """With jitter on, the SDK's sleeps stay within [base/2, base] for each attempt."""
    api.get(MEETING_PATH).respond(503)
    policy = vs.RetryPolicy(max_attempts=6, backoff_initial=0.5, backoff_max=4.0, deadline=None)

    async with _sdk(clock, retry=policy) as sdk:
        with pytest.raises(vs.InternalServerError):
            await sdk.meetings.validate("87i6-bvw8-dtn1")

    bases = [0.5, 1.0, 2.0, 4.0, 4.0]
    assert len(clock.sleeps) == 5
    for slept, base in zip(clock.sleeps, bases, strict=True):
        assert base / 2 <= slept <= base


# -- Retry-After -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "3"}, 3.0),
        ({"Retry-After": "0.25"}, 0.5),  # backoff (0.5) wins over a smaller ask
        ({"retry-after-ms": "2500"}, 2.5),
        ({"retry-after-ms": "1500", "Retry-After": "9"}, 1.5),  # ms is the more precise
        ({"Retry-After": "soon"}, 0.5),  # unparseable: ignored
    ],
)
async def test_retry_after_honoured(
    clock: FakeClock, api: respx.MockRouter, headers: dict[str, str], expected: float
) -> None:
    """The wait is the larger of the backoff and the server's Retry-After / retry-after-ms."""
    route = api.post("/v1/meetings")
    route.side_effect = [
        httpx.Response(429, headers=headers),
        httpx.Response(200, json=MEETING_JSON),
    ]

    async with _sdk(clock) as sdk:
        await sdk.meetings.create()

    assert clock.sleeps == [expected]


async def test_retry_after_http_date(clock: FakeClock, api: respx.MockRouter) -> None:
    """A Retry-After HTTP date is turned into seconds from now."""
    when = datetime.fromtimestamp(clock.now + 7, UTC)
    route = api.post("/v1/meetings")
    route.side_effect = [
        httpx.Response(429, headers={"Retry-After": format_datetime(when, usegmt=True)}),
        httpx.Response(200, json=MEETING_JSON),
    ]

    async with _sdk(clock) as sdk:
        await sdk.meetings.create()

    assert clock.sleeps == [pytest.approx(7.0, abs=1.0)]


async def test_retry_after_above_cap_raises_without_sleeping(
    clock: FakeClock, api: respx.MockRouter
) -> None:
    """A Retry-After above max_retry_after raises RateLimitError at once, with retry_after."""
    route = api.post("/v1/meetings").respond(429, headers={"Retry-After": "120"})

    async with _sdk(clock, retry=vs.RetryPolicy(max_retry_after=60)) as sdk:
        with pytest.raises(vs.RateLimitError) as info:
            await sdk.meetings.create()

    assert route.call_count == 1
    assert clock.sleeps == []
    assert info.value.retry_after == 120.0


async def test_retry_after_past_deadline_raises_without_sleeping(
    clock: FakeClock, api: respx.MockRouter
) -> None:
    """A Retry-After longer than the time left before the deadline raises at once."""
    route = api.post("/v1/meetings").respond(429, headers={"Retry-After": "20"})

    async with _sdk(clock, retry=vs.RetryPolicy(deadline=10, max_retry_after=60)) as sdk:
        with pytest.raises(vs.RateLimitError) as info:
            await sdk.meetings.create()

    assert route.call_count == 1
    assert clock.sleeps == []
    assert info.value.retry_after == 20.0


async def test_deadline_bounds_the_whole_call(clock: FakeClock, api: respx.MockRouter) -> None:
    """No sleep starts that would end past the deadline; time slept stays within it."""
    route = api.get(MEETING_PATH).respond(503)
    policy = vs.RetryPolicy(max_attempts=50, backoff_initial=1, jitter=False, deadline=10)

    async with _sdk(clock, retry=policy) as sdk:
        with pytest.raises(vs.InternalServerError) as info:
            await sdk.meetings.validate("87i6-bvw8-dtn1")

    assert clock.sleeps == [1, 2, 4]  # the next (8) would end at 15 > 10
    assert sum(clock.sleeps) <= 10
    assert route.call_count == 4
    assert info.value.attempts == 4


async def test_deadline_caps_each_attempts_timeout(clock: FakeClock, api: respx.MockRouter) -> None:
    """Each attempt's timeouts are cut to the time left before the deadline."""
    route = api.get(MEETING_PATH).respond(200, json=MEETING_JSON)

    async with _sdk(clock, retry=vs.RetryPolicy(deadline=2.0)) as sdk:
        await sdk.meetings.validate("87i6-bvw8-dtn1")

    timeouts = route.calls.last.request.extensions["timeout"]
    assert timeouts == {"connect": 2.0, "read": 2.0, "write": 2.0, "pool": 2.0}


# -- closing, cancellation, logging ----------------------------------------------------


async def test_discarded_responses_closed_before_sleeping(
    clock: FakeClock, api: respx.MockRouter
) -> None:
    """Each failed attempt's response is closed before the backoff sleep starts."""
    failures = [httpx.Response(503), httpx.Response(503)]
    route = api.get(MEETING_PATH)
    route.side_effect = [*failures, httpx.Response(200, json=MEETING_JSON)]
    closed_at_sleep: list[list[bool]] = []

    async def sleep(seconds: float) -> None:
        closed_at_sleep.append([call.response.is_closed for call in route.calls])

    async with _sdk(clock, sleep=sleep) as sdk:
        await sdk.meetings.validate("87i6-bvw8-dtn1")

    assert closed_at_sleep == [[True], [True, True]]


async def test_cancel_during_backoff_propagates_at_once(
    clock: FakeClock, api: respx.MockRouter
) -> None:
    """Cancelling a call while it sleeps between attempts raises CancelledError promptly."""
    api.get(MEETING_PATH).respond(503)
    sleeping = asyncio.Event()

    async def sleep(seconds: float) -> None:
        sleeping.set()
        await asyncio.Event().wait()  # a backoff that never ends by itself

    async with _sdk(clock, sleep=sleep) as sdk:
        task = asyncio.create_task(sdk.meetings.validate("87i6-bvw8-dtn1"))
        await sleeping.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    assert task.cancelled()


async def test_each_retry_logs_one_info_line(
    clock: FakeClock, api: respx.MockRouter, caplog: pytest.LogCaptureFixture
) -> None:
    """One INFO line per retry names the attempt, the cause and the delay."""
    caplog.set_level(logging.INFO, logger="videosdk_async")
    route = api.get(MEETING_PATH)
    route.side_effect = [
        httpx.Response(503),
        httpx.ConnectError("refused"),
        httpx.Response(200, json=MEETING_JSON),
    ]

    async with _sdk(clock) as sdk:
        await sdk.meetings.validate("87i6-bvw8-dtn1")

    lines = [r.getMessage() for r in caplog.records if r.levelno == logging.INFO]
    assert lines == [
        f"GET {MEETING_PATH}: attempt 1 failed (503); retrying in 0.50 s",
        f"GET {MEETING_PATH}: attempt 2 failed (ConnectError); retrying in 1.00 s",
    ]


# -- user-supplied clients, tokens -----------------------------------------------------


async def test_user_supplied_client_gets_retries(clock: FakeClock, api: respx.MockRouter) -> None:
    """Retries apply the same when the SDK sends through the user's httpx.AsyncClient."""
    route = api.post("/v1/meetings")
    route.side_effect = [httpx.Response(503), httpx.Response(200, json=MEETING_JSON)]

    async with httpx.AsyncClient() as client, _sdk(clock, http_client=client) as sdk:
        await sdk.meetings.create()

    assert route.call_count == 2


async def test_token_refreshed_between_attempts(clock: FakeClock, api: respx.MockRouter) -> None:
    """A token that nears expiry during a backoff is replaced before the next attempt."""
    route = api.get(MEETING_PATH)
    route.side_effect = [
        httpx.Response(503, headers={"Retry-After": "30"}),
        httpx.Response(200, json=MEETING_JSON),
    ]

    async with _sdk(clock, token_ttl=90, retry=vs.RetryPolicy(jitter=False)) as sdk:
        await sdk.meetings.validate("87i6-bvw8-dtn1")

    first, second = (call.request.headers["authorization"] for call in route.calls)
    assert first != second
    assert sdk._requester.auth.signatures == 2


async def test_401_to_an_older_token_remints_once(clock: FakeClock, api: respx.MockRouter) -> None:
    """A 401 to a token minted by an earlier call re-mints and retries once, retries off or not."""
    route = api.post("/v1/meetings")
    route.side_effect = [
        httpx.Response(200, json=MEETING_JSON),
        httpx.Response(401, json={"message": "Token is invalid or expired"}),
        httpx.Response(200, json=MEETING_JSON),
    ]

    async with _sdk(clock, retry=vs.RetryPolicy(max_attempts=1)) as sdk:
        await sdk.meetings.create()
        await sdk.meetings.create()

    assert route.call_count == 3
    assert sdk._requester.auth.signatures == 2
    assert clock.sleeps == []


async def test_401_to_a_just_minted_token_costs_one_request(
    clock: FakeClock, api: respx.MockRouter
) -> None:
    """A 401 to the token minted for this very call (a wrong secret) is raised at once."""
    route = api.post("/v1/meetings").respond(401, json={"message": "Token is invalid or expired"})

    async with _sdk(clock) as sdk:
        with pytest.raises(vs.AuthenticationError) as info:
            await sdk.meetings.create()

    assert route.call_count == 1
    assert info.value.attempts == 1


async def test_401_after_a_remint_is_raised(clock: FakeClock, api: respx.MockRouter) -> None:
    """A second 401 in the same call (after the re-mint) is raised, not retried again."""
    route = api.post("/v1/meetings")
    route.side_effect = [
        httpx.Response(200, json=MEETING_JSON),
        httpx.Response(401, json={"message": "Token is invalid or expired"}),
        httpx.Response(401, json={"message": "Token is invalid or expired"}),
    ]

    async with _sdk(clock) as sdk:
        await sdk.meetings.create()
        with pytest.raises(vs.AuthenticationError) as info:
            await sdk.meetings.create()

    assert route.call_count == 3
    assert info.value.attempts == 2


async def test_other_401_not_retried(clock: FakeClock, api: respx.MockRouter) -> None:
    """A 401 that does not mention expiry is raised at once."""
    route = api.post("/v1/meetings").respond(401, json={"message": "`token` is invalid."})

    async with _sdk(clock) as sdk:
        with pytest.raises(vs.AuthenticationError):
            await sdk.meetings.create()

    assert route.call_count == 1


async def test_expired_401_with_static_token_not_retried(
    clock: FakeClock, api: respx.MockRouter
) -> None:
    """With a static token there is nothing to re-mint: the 401 is raised at once."""
    route = api.post("/v1/meetings").respond(401, json={"message": "Token is invalid or expired"})

    async with vs.AsyncVideoSDK(
        token="a.b.c", clock=clock, sleep=clock.sleep, http_backend="httpx"
    ) as sdk:
        with pytest.raises(vs.AuthenticationError):
            await sdk.meetings.create()

    assert route.call_count == 1


# -- testing mode ----------------------------------------------------------------------


async def test_testing_mode_makes_default_sleep_instant(
    api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With testing.set_testing(True) the default sleep waits 0 s, and retries still happen."""
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr(asyncio, "sleep", fake_sleep)
    route = api.get(MEETING_PATH)
    route.side_effect = [httpx.Response(503), httpx.Response(200, json=MEETING_JSON)]
    testing.set_testing(True)
    try:
        async with vs.AsyncVideoSDK(api_key=API_KEY, secret=SECRET, http_backend="httpx") as sdk:
            await sdk.meetings.validate("87i6-bvw8-dtn1")
    finally:
        testing.set_testing(False)

    assert route.call_count == 2
    assert slept == [0]


async def test_default_sleep_waits_the_backoff_outside_testing_mode(
    api: respx.MockRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outside testing mode the default sleep is asked for the real backoff."""
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    monkeypatch.setattr(asyncio, "sleep", fake_sleep)
    route = api.get(MEETING_PATH)
    route.side_effect = [httpx.Response(503), httpx.Response(200, json=MEETING_JSON)]

    async with vs.AsyncVideoSDK(
        api_key=API_KEY, secret=SECRET, retry=FAST, http_backend="httpx"
    ) as sdk:
        await sdk.meetings.validate("87i6-bvw8-dtn1")

    assert slept == [0.5]
    assert testing.is_testing() is False
