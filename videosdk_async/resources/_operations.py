"""Checks and decoders shared by the operations families (connectors, resource pool, alert
rules and incidents): closed value sets, ``rule_config``, and the answers' shapes."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from .._core._converter import ShapeError, into
from .._core._errors import InvalidArgumentError as BadValue
from .._core._errors import InvalidArgumentTypeError as BadType
from .._core._ids import check_id

_T = TypeVar("_T")

SEVERITIES = ("info", "warning", "critical")
DOMAINS = ("rtc", "agent")
CHANNEL_TYPES = ("webhook", "slack", "email", "pagerduty", "on_call")


def one_of(value: Any, allowed: tuple[str, ...], name: str) -> Any:
    """``value`` if it is None or one of ``allowed``.

    Raises:
        ValueError: Any other value (nothing is sent).
    """
    if value is not None and (not isinstance(value, str) or value not in allowed):
        raise BadValue(f"{name} must be one of {allowed}, not {value!r}")
    return value


def text(value: object, name: str) -> str | None:
    """An optional free text (a description, a summary): a ``str`` or None.

    Raises:
        TypeError: Anything else.
    """
    if value is not None and not isinstance(value, str):
        raise BadType(f"{name} must be a str or None, not {type(value).__name__}")
    return value


def flag(value: object, name: str) -> bool | None:
    """An optional ``bool``.

    Raises:
        TypeError: Anything else (``1`` is not ``True`` here).
    """
    if value is not None and not isinstance(value, bool):
        raise BadType(f"{name} must be a bool or None, not {type(value).__name__}")
    return value


def id_list(values: Sequence[str] | None, name: str) -> list[str] | None:
    """A sequence of ids, each checked (a lone ``str`` is refused: it is a common slip).

    Raises:
        TypeError: A lone ``str``, not a sequence, or a non-``str`` item.
        ValueError: An unsafe id.
    """
    if values is None:
        return None
    if isinstance(values, str) or not isinstance(values, Sequence):
        raise BadType(f"{name} must be a sequence of str, not {type(values).__name__}")
    return [check_id(value, name) for value in values]


def mapping(value: object, name: str) -> dict[str, Any] | None:
    """An optional mapping in the API's form, sent as given.

    Raises:
        TypeError: Anything else.
    """
    if value is None:
        return None
    if not isinstance(value, Mapping):
        raise BadType(f"{name} must be a mapping, not {type(value).__name__}")
    return dict(value)


def rule_config(value: object) -> dict[str, Any] | None:
    """A rule's config in the API's form: it must hold ``query`` with a ``metric`` and
    ``condition`` with ``operator`` and ``threshold`` (the API refuses a rule without).

    Raises:
        TypeError: Not a mapping.
        ValueError: A part missing (nothing is sent).
    """
    config = mapping(value, "rule_config")
    if config is None:
        return None
    query, condition = config.get("query"), config.get("condition")
    if not isinstance(query, Mapping) or query.get("metric") in (None, ""):
        raise BadValue("rule_config must hold 'query' with a 'metric'")
    if not isinstance(condition, Mapping) or any(
        condition.get(key) is None for key in ("operator", "threshold")
    ):
        raise BadValue("rule_config must hold 'condition' with 'operator' and 'threshold'")
    return config


# -- decoders ----------------------------------------------------------------------------


def items_of(cls: type[_T]) -> Callable[[Any], list[_T]]:
    """A decoder of a list answer: the list itself or under ``data`` (none: empty, as Node)."""
    decode = into(cls)

    def decode_all(answer: Any) -> list[_T]:
        found = answer.get("data") if isinstance(answer, Mapping) else answer
        if found is None and isinstance(answer, Mapping):
            return []
        if not isinstance(found, list):
            raise ShapeError(f"expected a list of items at data, got {type(found).__name__}")
        return [decode(item) for item in found]

    return decode_all


def within(*keys: str) -> Callable[[Any], Any]:
    """A decoder step: the first of ``keys`` that holds an object, else the answer itself.

    Raises:
        ShapeError: The answer is not a JSON object.
    """

    def unwrap(answer: Any) -> Any:
        if not isinstance(answer, Mapping):
            raise ShapeError(f"expected an object, got {type(answer).__name__}")
        for key in keys:
            if isinstance(answer.get(key), Mapping):
                return answer[key]
        return answer

    return unwrap


def json_object(answer: Any) -> dict[str, Any]:
    """An untyped object answer, as decoded.

    Raises:
        ShapeError: The answer is not a JSON object.
    """
    if not isinstance(answer, Mapping):
        raise ShapeError(f"expected an object, got {type(answer).__name__}")
    return dict(answer)


def message_or_json(answer: Any) -> Any:
    """The answer as decoded; a bare string, or an object that is only ``{message}``, as `str`."""
    if (
        isinstance(answer, Mapping)
        and set(answer) == {"message"}
        and isinstance(answer["message"], str)
    ):
        return answer["message"]
    return answer


def participant_count(answer: Any) -> int:
    """``participantCount`` of the answer (or of its ``data``).

    Raises:
        ShapeError: No integer ``participantCount``.
    """
    for found in (answer, answer.get("data") if isinstance(answer, Mapping) else None):
        if isinstance(found, Mapping):
            count = found.get("participantCount")
            if isinstance(count, int) and not isinstance(count, bool):
                return count
    raise ShapeError("expected an integer participantCount")
