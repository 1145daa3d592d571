"""The emulator as a plain HTTP client sees it: shapes, auth, paging, faults, journal."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import datetime

import httpx
import jwt
import pytest

from videosdk_async.emulator import CREATE, GET_ONE, Emulator, EmulatorServer, Fault

MEETING_ID = re.compile(r"[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}")
OBJECT_ID = re.compile(r"[0-9a-f]{24}")
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


@pytest.fixture(name="emu")
def _emu() -> Emulator:
    return Emulator()


@pytest.fixture(name="client")
async def _client(emu: Emulator) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=emu.transport(),
        base_url="http://127.0.0.1",
        headers={"Authorization": emu.token()},
    ) as client:
        yield client


def _assert_meeting_shape(body: dict[str, object]) -> None:
    assert set(body) == {"meetingId", "userMeetingId", "userId", "createdAt", "updatedAt", "id"}
    assert MEETING_ID.fullmatch(str(body["meetingId"]))
    assert OBJECT_ID.fullmatch(str(body["id"]))
    assert OBJECT_ID.fullmatch(str(body["userId"]))
    assert TIMESTAMP.fullmatch(str(body["createdAt"]))
    assert TIMESTAMP.fullmatch(str(body["updatedAt"]))


async def test_create_answers_the_documented_fields(client: httpx.AsyncClient) -> None:
    """POST /v1/meetings answers 200 with the seed's six fields in their documented formats."""
    response = await client.post("/v1/meetings", json={"userMeetingId": "unicorn"})

    assert response.status_code == 200
    body = response.json()
    _assert_meeting_shape(body)
    assert body["userMeetingId"] == "unicorn"


async def test_create_without_body_omits_user_meeting_id(client: httpx.AsyncClient) -> None:
    """POST /v1/meetings with no body creates a meeting without userMeetingId."""
    response = await client.post("/v1/meetings")

    assert response.status_code == 200
    assert "userMeetingId" not in response.json()


async def test_create_rejects_non_string_user_meeting_id(client: httpx.AsyncClient) -> None:
    """A userMeetingId that is not a string is a 400 with the error body."""
    response = await client.post("/v1/meetings", json={"userMeetingId": 5})

    assert response.status_code == 400
    assert response.json()["statusCode"] == 400


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_validate_by_get_and_post(client: httpx.AsyncClient, method: str) -> None:
    """GET and POST /v1/meetings/{id} both answer the stored meeting (the seed's two forms)."""
    created = (await client.post("/v1/meetings", json={"userMeetingId": "u"})).json()

    response = await client.request(method, f"/v1/meetings/{created['meetingId']}")

    assert response.status_code == 200
    assert response.json() == created


async def test_unknown_id_is_404_with_error_body(client: httpx.AsyncClient) -> None:
    """An unknown meeting id answers 404 {"statusCode", "error", "message"}."""
    response = await client.get("/v1/meetings/zzzz-zzzz-zzzz")

    assert response.status_code == 404
    assert response.json() == {
        "statusCode": 404,
        "error": "Not Found",
        "message": "Meeting not found",
    }


async def test_unknown_id_can_be_402() -> None:
    """not_found_status=402 makes unknown ids answer 402, as the real API sometimes does."""
    emu = Emulator(not_found_status=402)
    async with httpx.AsyncClient(transport=emu.transport(), base_url="http://127.0.0.1") as c:
        response = await c.get("/v1/meetings/zzzz", headers={"Authorization": emu.token()})

    assert response.status_code == 402
    assert response.json()["error"] == "Payment Required"


async def test_unknown_route_is_json_404(client: httpx.AsyncClient) -> None:
    """A path the API does not have answers 404 with the JSON error body."""
    response = await client.get("/v9/nothing")

    assert response.status_code == 404
    assert response.json()["statusCode"] == 404


# -- auth ------------------------------------------------------------------------------

UNAUTHORIZED = {
    "statusCode": 401,
    "error": "Unauthorized",
    "message": "Token is invalid or expired",
}


def _bad_tokens(emu: Emulator) -> dict[str, str | None]:
    now = 1_700_000_000
    return {
        "missing": None,
        "malformed": "not-a-jwt",
        "wrong signature": jwt.encode(
            {"apikey": emu.api_key, "permissions": ["allow_join"], "exp": 4_000_000_000},
            "some-other-secret-long-enough-for-hs256",
            algorithm="HS256",
        ),
        "expired": jwt.encode(
            {"apikey": emu.api_key, "permissions": ["allow_join"], "iat": now, "exp": now + 1},
            emu.secret,
            algorithm="HS256",
        ),
        "other api key": jwt.encode(
            {"apikey": "someone-else", "permissions": ["allow_join"], "exp": 4_000_000_000},
            emu.secret,
            algorithm="HS256",
        ),
        "no exp": jwt.encode(
            {"apikey": emu.api_key, "permissions": ["allow_join"]}, emu.secret, algorithm="HS256"
        ),
        "alg none": jwt.encode(
            {"apikey": emu.api_key, "exp": 4_000_000_000}, None, algorithm="none"
        ),
    }


@pytest.mark.parametrize(
    "case",
    ["missing", "malformed", "wrong signature", "expired", "other api key", "no exp", "alg none"],
)
async def test_auth_failures_are_401_with_documented_body(emu: Emulator, case: str) -> None:
    """Each bad token case answers 401 with the documented message, and creates nothing."""
    token = _bad_tokens(emu)[case]
    headers = {} if token is None else {"Authorization": token}
    async with httpx.AsyncClient(transport=emu.transport(), base_url="http://127.0.0.1") as c:
        response = await c.post("/v1/meetings", headers=headers)

    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED
    assert emu.meetings == {}


async def test_bearer_prefix_is_accepted(emu: Emulator) -> None:
    """`Authorization: Bearer <jwt>` is accepted as the v1 Python sample sends it."""
    async with httpx.AsyncClient(transport=emu.transport(), base_url="http://127.0.0.1") as c:
        response = await c.post("/v1/meetings", headers={"Authorization": f"Bearer {emu.token()}"})

    assert response.status_code == 200


async def test_rtc_role_token_is_403(emu: Emulator) -> None:
    """A token with only the 'rtc' role cannot use server APIs: 403."""
    async with httpx.AsyncClient(transport=emu.transport(), base_url="http://127.0.0.1") as c:
        response = await c.post("/v1/meetings", headers={"Authorization": emu.token(roles=["rtc"])})

    assert response.status_code == 403
    assert response.json()["statusCode"] == 403


# -- paging ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "page", "per_page", "last_page", "count"),
    [(0, 1, 20, 1, 0), (5, 1, 2, 3, 2), (5, 3, 2, 3, 1), (5, 4, 2, 3, 0), (40, 2, 20, 2, 20)],
)
async def test_list_paging_math(
    client: httpx.AsyncClient, total: int, page: int, per_page: int, last_page: int, count: int
) -> None:
    """GET /v1/meetings pages with pageInfo {currentPage, perPage, lastPage, total}."""
    for i in range(total):
        await client.post("/v1/meetings", json={"userMeetingId": f"m{i}"})

    response = await client.get("/v1/meetings", params={"page": page, "perPage": per_page})

    body = response.json()
    assert body["pageInfo"] == {
        "currentPage": page,
        "perPage": per_page,
        "lastPage": last_page,
        "total": total,
    }
    assert len(body["data"]) == count


async def test_list_pages_cover_every_meeting_once(client: httpx.AsyncClient) -> None:
    """Walking every page yields each meeting exactly once, newest first."""
    for i in range(7):
        await client.post("/v1/meetings", json={"userMeetingId": f"m{i}"})

    seen = []
    for page in (1, 2, 3):
        data = (await client.get("/v1/meetings", params={"page": page, "perPage": 3})).json()
        seen += [m["userMeetingId"] for m in data["data"]]

    assert seen == [f"m{i}" for i in reversed(range(7))]


@pytest.mark.parametrize("params", [{"page": 0}, {"perPage": 0}, {"perPage": 101}, {"page": "x"}])
async def test_list_rejects_bad_paging(
    client: httpx.AsyncClient, params: dict[str, object]
) -> None:
    """Out-of-range or non-integer page/perPage answer 400."""
    response = await client.get("/v1/meetings", params=params)

    assert response.status_code == 400


# -- faults ----------------------------------------------------------------------------


async def test_status_fault_with_retry_after(emu: Emulator, client: httpx.AsyncClient) -> None:
    """A status fault answers its status and Retry-After without processing, then stops."""
    emu.inject(CREATE, "status", status=429, retry_after=2, count=2)

    first = await client.post("/v1/meetings")
    second = await client.post("/v1/meetings")
    third = await client.post("/v1/meetings")

    assert (first.status_code, second.status_code, third.status_code) == (429, 429, 200)
    assert first.headers["retry-after"] == "2"
    assert len(emu.meetings) == 1


async def test_fault_only_hits_its_route(emu: Emulator, client: httpx.AsyncClient) -> None:
    """A fault for one route leaves the other routes alone."""
    emu.inject(GET_ONE, "status", status=500)

    created = await client.post("/v1/meetings")
    fetched = await client.get(f"/v1/meetings/{created.json()['meetingId']}")

    assert (created.status_code, fetched.status_code) == (200, 500)


async def test_non_json_fault(emu: Emulator, client: httpx.AsyncClient) -> None:
    """A non_json fault answers 200 with an HTML body."""
    emu.inject(CREATE, "non_json")

    response = await client.post("/v1/meetings")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    with pytest.raises(ValueError, match="Expecting value"):
        response.json()


async def test_wrong_shape_fault(emu: Emulator, client: httpx.AsyncClient) -> None:
    """A wrong_shape fault answers 200 with JSON lacking the meeting fields."""
    emu.inject(CREATE, "wrong_shape")

    response = await client.post("/v1/meetings")

    assert response.status_code == 200
    assert "meetingId" not in response.json()


async def test_process_then_fail_fault(emu: Emulator, client: httpx.AsyncClient) -> None:
    """process_then_fail creates the meeting, then answers the error status."""
    emu.inject(CREATE, "process_then_fail", status=502)

    response = await client.post("/v1/meetings", json={"userMeetingId": "ambiguous"})

    assert response.status_code == 502
    assert emu.creates("ambiguous") == 1


async def test_delay_fault_then_processes(emu: Emulator, client: httpx.AsyncClient) -> None:
    """A delay fault waits, then processes normally (journal shows the wait)."""
    emu.inject(CREATE, "delay", delay=0.05)

    response = await client.post("/v1/meetings")

    entry = emu.journal[-1]
    assert response.status_code == 200
    assert entry.fault == "delay"
    assert entry.finished - entry.started >= 0.05


async def test_drop_fault_in_process_raises_remote_protocol_error(
    emu: Emulator, client: httpx.AsyncClient
) -> None:
    """In-process, a drop fault surfaces as httpx.RemoteProtocolError, and nothing is created."""
    emu.inject(CREATE, "drop")

    with pytest.raises(httpx.RemoteProtocolError):
        await client.post("/v1/meetings")

    assert emu.meetings == {}
    assert emu.journal[-1].status == 0


def test_fault_validation() -> None:
    """Unknown fault kinds and routes are refused when scripted."""
    with pytest.raises(ValueError, match="kind"):
        Fault(kind="explode")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="route"):
        Fault(route="DELETE /v1/meetings")


# -- journal, counters, reset, admin routes --------------------------------------------


async def test_journal_records_requests(emu: Emulator, client: httpx.AsyncClient) -> None:
    """The journal lists method, path, status, times and userMeetingId of each request."""
    await client.post("/v1/meetings", json={"userMeetingId": "j1"})
    await client.get("/v1/meetings/zzzz-zzzz-zzzz")

    first, second = emu.journal
    assert (first.method, first.path, first.status, first.user_meeting_id) == (
        "POST",
        "/v1/meetings",
        200,
        "j1",
    )
    assert first.created is True
    assert (second.method, second.status, second.meeting_id) == ("GET", 404, "zzzz-zzzz-zzzz")
    assert first.started <= first.finished <= second.started


async def test_counters_per_user_meeting_id(emu: Emulator, client: httpx.AsyncClient) -> None:
    """creates() counts meetings created per userMeetingId (v1 creates are not idempotent)."""
    for _ in range(3):
        await client.post("/v1/meetings", json={"userMeetingId": "same"})
    await client.post("/v1/meetings")

    assert emu.creates("same") == 3
    assert emu.creates_by_user_meeting_id == {"same": 3, None: 1}
    assert emu.max_in_flight == 1


async def test_reset_forgets_everything(emu: Emulator, client: httpx.AsyncClient) -> None:
    """reset() clears meetings, faults, journal and counters."""
    await client.post("/v1/meetings", json={"userMeetingId": "x"})
    emu.inject(CREATE, "status")

    emu.reset()

    assert (emu.meetings, emu.journal, emu.creates_by_user_meeting_id) == ({}, [], {})
    assert (await client.post("/v1/meetings")).status_code == 200


async def test_admin_routes_drive_faults_and_read_state(
    emu: Emulator, client: httpx.AsyncClient
) -> None:
    """/_emulator/ routes script faults, read the journal and stats, and reset."""
    scripted = await client.post(
        "/_emulator/faults", json={"route": CREATE, "kind": "status", "status": 503, "count": 1}
    )
    failed = await client.post("/v1/meetings", json={"userMeetingId": "a"})
    created = await client.post("/v1/meetings", json={"userMeetingId": "a"})
    journal = (await client.get("/_emulator/journal")).json()
    stats = (await client.get("/_emulator/stats")).json()
    reset = await client.post("/_emulator/reset")

    assert scripted.status_code == 200
    assert (failed.status_code, created.status_code) == (503, 200)
    assert [(e["method"], e["status"], e["fault"]) for e in journal] == [
        ("POST", 503, "status"),
        ("POST", 200, None),
    ]
    assert stats["createsByUserMeetingId"] == {"a": 1}
    assert stats["meetings"] == 1
    assert reset.status_code == 200
    assert emu.journal == []


async def test_admin_rejects_bad_fault(client: httpx.AsyncClient) -> None:
    """A malformed fault posted to /_emulator/faults answers 400."""
    response = await client.post("/_emulator/faults", json={"kind": "explode"})

    assert response.status_code == 400


async def test_admin_clear_faults(emu: Emulator, client: httpx.AsyncClient) -> None:
    """DELETE /_emulator/faults drops pending faults."""
    emu.inject(CREATE, "status", count=5)

    await client.delete("/_emulator/faults")

    assert (await client.post("/v1/meetings")).status_code == 200


# -- server mode -----------------------------------------------------------------------


@pytest.mark.loopback
async def test_server_mode_serves_and_drops_connections() -> None:
    """Over real sockets, a drop fault closes the connection with no answer."""
    with EmulatorServer() as server:
        assert server.base_url.startswith("http://127.0.0.1:")
        async with httpx.AsyncClient(
            base_url=server.base_url, headers={"Authorization": server.emulator.token()}
        ) as client:
            ok = await client.post("/v1/meetings", json={"userMeetingId": "s"})
            server.emulator.inject(CREATE, "drop")
            with pytest.raises(httpx.RemoteProtocolError):
                await client.post("/v1/meetings", json={"userMeetingId": "dropped"})
            again = await client.post("/v1/meetings", json={"userMeetingId": "after"})

    assert ok.status_code == 200
    assert again.status_code == 200
    assert server.emulator.creates("dropped") == 0
    assert [e.status for e in server.emulator.journal] == [200, 0, 200]


@pytest.mark.loopback
def test_server_stops_and_frees_its_port() -> None:
    """After stop(), nothing listens on the server's port any more."""
    server = EmulatorServer().start()
    port = server.port

    server.stop()

    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/v1/meetings", timeout=2)


async def test_timestamps_parse_as_utc(client: httpx.AsyncClient) -> None:
    """The emulator's timestamps parse to aware UTC datetimes."""
    meeting = (await client.post("/v1/meetings", json={"userMeetingId": "t"})).json()

    parsed = datetime.fromisoformat(meeting["createdAt"])
    assert parsed.utcoffset() is not None
    assert parsed.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
