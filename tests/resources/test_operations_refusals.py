"""Operations families: bad input is refused before any request (nothing reaches the wire)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import respx

import videosdk_async as vs

CONFIG = {"query": {"metric": "jitter"}, "condition": {"operator": ">", "threshold": 30}}


async def _call(sdk: vs.AsyncVideoSDK, call: Callable[[vs.AsyncVideoSDK], Any]) -> None:
    outcome = call(sdk)
    if hasattr(outcome, "__await__"):
        await outcome


OUTSIDE_CLOSED_SETS: dict[str, Callable[[vs.AsyncVideoSDK], Any]] = {
    "connectors.create provider": lambda s: s.connectors.create(provider="vonage"),
    "resource_pool.list status": lambda s: s.resource_pool.list(status="busy"),
    "resource_pool.acquire type": lambda s: s.resource_pool.acquire(
        type="recordings", webhook_url="https://h"
    ),
    "resource_pool.acquire mode": lambda s: s.resource_pool.acquire(
        type="hls", webhook_url="https://h", mode="video"
    ),
    "resource_pool.acquire quality": lambda s: s.resource_pool.acquire(
        type="hls", webhook_url="https://h", quality="ultra"
    ),
    "alert_rules.create severity": lambda s: s.alert_rules.create(
        name="n", severity="fatal", rule_config=CONFIG
    ),
    "alert_rules.create domain": lambda s: s.alert_rules.create(
        name="n", severity="info", rule_config=CONFIG, domain="sip"
    ),
    "alert_rules.update severity": lambda s: s.alert_rules.update("a1", severity="high"),
    "alert_rules.list status": lambda s: s.alert_rules.list(status="enabled"),
    "alert_rules.list domain": lambda s: s.alert_rules.list(domain="all"),
    "channels.create type": lambda s: s.alert_rules.channels.create(type="sms", config={}),
    "channels.test type": lambda s: s.alert_rules.channels.test(type="teams", config={}),
    "channels.update type": lambda s: s.alert_rules.channels.update("c1", type="oncall"),
    "metrics.catalog domain": lambda s: s.alert_rules.metrics.catalog(domain="web"),
    "incidents.list status": lambda s: s.incidents.list(status="closed"),
    "incidents.list severity": lambda s: s.incidents.list(severity="high"),
    "incidents.list domain": lambda s: s.incidents.list(domain="sip"),
}


@pytest.mark.parametrize("name", list(OUTSIDE_CLOSED_SETS))
async def test_a_value_outside_a_closed_set_is_refused(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, name: str
) -> None:
    """A value outside its Literal set is ValueError, with nothing sent."""
    with pytest.raises(ValueError, match="must be one of"):
        await _call(sdk, OUTSIDE_CLOSED_SETS[name])

    assert api.calls.call_count == 0


BAD_RULE_CONFIGS: dict[str, Any] = {
    "no query": {"condition": {"operator": ">", "threshold": 1}},
    "query without metric": {"query": {}, "condition": {"operator": ">", "threshold": 1}},
    "no condition": {"query": {"metric": "jitter"}},
    "condition without operator": {"query": {"metric": "m"}, "condition": {"threshold": 1}},
    "condition without threshold": {"query": {"metric": "m"}, "condition": {"operator": ">"}},
}


@pytest.mark.parametrize("config", list(BAD_RULE_CONFIGS))
async def test_a_rule_config_without_its_parts_is_refused_by_create(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, config: str
) -> None:
    """create's rule_config needs query.metric and condition operator+threshold."""
    with pytest.raises(ValueError, match="rule_config"):
        await sdk.alert_rules.create(
            name="n", severity="info", rule_config=BAD_RULE_CONFIGS[config]
        )

    assert api.calls.call_count == 0


async def test_a_rule_config_given_to_update_is_checked(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """update checks a rule_config it is given the same way."""
    with pytest.raises(ValueError, match="rule_config"):
        await sdk.alert_rules.update("a1", rule_config={"query": {"metric": "m"}})

    assert api.calls.call_count == 0


async def test_a_rule_config_that_is_not_a_mapping_is_a_type_error(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """rule_config must be a mapping."""
    with pytest.raises(TypeError, match="rule_config"):
        await sdk.alert_rules.create(name="n", severity="info", rule_config="jitter > 30")  # type: ignore[arg-type]

    assert api.calls.call_count == 0


@pytest.mark.parametrize("units", [0, -1])
async def test_fewer_than_one_unit_is_refused(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, units: int
) -> None:
    """acquire(units=) below 1 is ValueError."""
    with pytest.raises(ValueError, match="units"):
        await sdk.resource_pool.acquire(type="hls", webhook_url="https://h", units=units)

    assert api.calls.call_count == 0


@pytest.mark.parametrize("units", [True, 1.5, "2"])
async def test_units_that_are_not_an_int_are_a_type_error(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, units: Any
) -> None:
    """acquire(units=) must be an int (a bool is not)."""
    with pytest.raises(TypeError, match="units"):
        await sdk.resource_pool.acquire(type="hls", webhook_url="https://h", units=units)

    assert api.calls.call_count == 0


async def test_an_empty_release_is_refused(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """release([]) is ValueError."""
    with pytest.raises(ValueError, match="at least one"):
        await sdk.resource_pool.release([])

    assert api.calls.call_count == 0


LONE_STRINGS: dict[str, Callable[[vs.AsyncVideoSDK], Any]] = {
    "resource_pool.release": lambda s: s.resource_pool.release("u1"),
    "alert_rules.create": lambda s: s.alert_rules.create(
        name="n", severity="info", rule_config=CONFIG, notification_channel_ids="ch1"
    ),
    "alert_rules.update": lambda s: s.alert_rules.update("a1", notification_channel_ids="ch1"),
}


@pytest.mark.parametrize("name", list(LONE_STRINGS))
async def test_a_lone_str_for_a_sequence_is_a_type_error(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, name: str
) -> None:
    """A str where a sequence of ids goes is TypeError (not its characters as ids)."""
    with pytest.raises(TypeError, match="sequence"):
        await _call(sdk, LONE_STRINGS[name])

    assert api.calls.call_count == 0


UNSAFE_IDS: dict[str, Callable[[vs.AsyncVideoSDK], Any]] = {
    "connectors.get": lambda s: s.connectors.get("a/b"),
    "connectors.rotate_key": lambda s: s.connectors.rotate_key(".."),
    "connectors.create room_id": lambda s: s.connectors.create(provider="twilio", room_id="r?x"),
    "resource_pool.get": lambda s: s.resource_pool.get(""),
    "resource_pool.release": lambda s: s.resource_pool.release(["ok", "a#b"]),
    "alert_rules.delete": lambda s: s.alert_rules.delete(" a"),
    "alert_rules.create channel": lambda s: s.alert_rules.create(
        name="n", severity="info", rule_config=CONFIG, notification_channel_ids=["x%2F"]
    ),
    "channels.get": lambda s: s.alert_rules.channels.get("a/b"),
    "incidents.acknowledge": lambda s: s.incidents.acknowledge("a/b"),
    "incidents.resolve": lambda s: s.incidents.resolve("."),
}


@pytest.mark.parametrize("name", list(UNSAFE_IDS))
async def test_an_unsafe_id_is_refused(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter, name: str
) -> None:
    """An id that could reshape a URL (or is empty) is ValueError, with nothing sent."""
    with pytest.raises(ValueError):
        await _call(sdk, UNSAFE_IDS[name])

    assert api.calls.call_count == 0


async def test_a_non_str_id_is_a_type_error(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """A non-str id is TypeError."""
    with pytest.raises(TypeError):
        await sdk.incidents.get(42)  # type: ignore[arg-type]

    assert api.calls.call_count == 0


async def test_a_blank_metric_is_refused(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """metrics.query needs a metric name."""
    with pytest.raises(ValueError, match="metric"):
        await sdk.alert_rules.metrics.query(" ")

    assert api.calls.call_count == 0


async def test_a_channel_config_that_is_not_a_mapping_is_a_type_error(
    sdk: vs.AsyncVideoSDK, api: respx.MockRouter
) -> None:
    """channels.create(config=) must be a mapping."""
    with pytest.raises(TypeError, match="config"):
        await sdk.alert_rules.channels.create(type="webhook", config="https://h")  # type: ignore[arg-type]

    assert api.calls.call_count == 0


async def test_enabled_must_be_a_bool(sdk: vs.AsyncVideoSDK, api: respx.MockRouter) -> None:
    """alert_rules.update(enabled=1) is TypeError (1 is not True here)."""
    with pytest.raises(TypeError, match="enabled"):
        await sdk.alert_rules.update("a1", enabled=1)  # type: ignore[arg-type]

    assert api.calls.call_count == 0
