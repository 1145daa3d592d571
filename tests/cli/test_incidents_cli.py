"""`incidents list | ack | resolve` against the emulator server."""

from __future__ import annotations

import json

import httpx
import pytest

from videosdk_async.emulator import EmulatorServer
from videosdk_async.emulator.routes.incidents import AlertControls

from .helpers import invoke

pytestmark = pytest.mark.loopback

CONFIG = {"query": {"metric": "jitter"}, "condition": {"operator": ">", "threshold": 30}}


def _incident(server: EmulatorServer, severity: str = "critical") -> str:
    """A rule made over HTTP, fired once: the incident's id."""
    answer = httpx.post(
        f"{server.base_url}/v2/alertRules",
        json={"name": "High jitter", "severity": severity, "ruleConfig": CONFIG},
        headers={"Authorization": server.emulator.token()},
    )
    rule_id = answer.json()["alertRule"]["alertRuleId"]
    return server.emulator.control(AlertControls).fire(rule_id)


def test_list_prints_one_json_line_per_incident(
    server: EmulatorServer, env: dict[str, str]
) -> None:
    """`incidents list` prints each incident as a JSON line (snake_case fields)."""
    first, second = _incident(server), _incident(server, "info")

    code, out, _ = invoke(env, "incidents", "list")

    assert code == 0
    assert sorted(json.loads(line)["incident_id"] for line in out.splitlines()) == sorted(
        [first, second]
    )


def test_list_filters_by_status_and_severity(server: EmulatorServer, env: dict[str, str]) -> None:
    """`--status` and `--severity` reach the API's filters."""
    critical, _ = _incident(server), _incident(server, "info")

    code, out, _ = invoke(env, "incidents", "list", "--status", "open", "--severity", "critical")

    assert (code, [json.loads(line)["incident_id"] for line in out.splitlines()]) == (
        0,
        [critical],
    )


def test_ack_then_resolve_print_the_incident(server: EmulatorServer, env: dict[str, str]) -> None:
    """`incidents ack ID` and `incidents resolve ID` print the incident in its new status."""
    incident_id = _incident(server)

    acked = invoke(env, "incidents", "ack", incident_id)
    resolved = invoke(env, "incidents", "resolve", incident_id)
    listed = invoke(env, "incidents", "list", "--status", "resolved")

    assert (acked[0], json.loads(acked[1])["status"]) == (0, "acknowledged")
    assert json.loads(acked[1])["acknowledged_at"] is not None
    assert (resolved[0], json.loads(resolved[1])["status"]) == (0, "resolved")
    assert [json.loads(line)["incident_id"] for line in listed[1].splitlines()] == [incident_id]


@pytest.mark.parametrize(
    "args",
    [
        ("incidents", "ack", "a/b"),
        ("incidents", "resolve", " x"),
        ("incidents", "list", "--status", "closed"),
        ("incidents", "list", "--domain", "sip"),
        ("incidents", "list", "--query", " "),
    ],
)
def test_bad_input_is_exit_2_with_nothing_sent(
    server: EmulatorServer, env: dict[str, str], args: tuple[str, ...]
) -> None:
    """An unsafe id, a status or domain outside its set, or a blank query: exit 2, one line."""
    code, out, err = invoke(env, *args)

    assert (code, out) == (2, "")
    assert len(err.strip().splitlines()) == 1
    assert server.emulator.journal == []


def test_ack_of_an_unknown_incident_exits_3(server: EmulatorServer, env: dict[str, str]) -> None:
    """`incidents ack` of an unknown incident is one error line and exit 3 (not found)."""
    code, out, err = invoke(env, "incidents", "ack", "0" * 24)

    assert (code, out) == (3, "")
    assert err.count("\n") == 1
    assert "404" in err
