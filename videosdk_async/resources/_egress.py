"""What the egress families share: start bodies (composition or template), option checks."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .._core._errors import InvalidArgumentError as BadValue
from .._core._errors import InvalidArgumentTypeError as BadType
from .._core._ids import check_id, check_label
from ..models.egress import Composition, Egress, egress

TRACK_KINDS = ("audio", "video", "screen_audio", "screen_video")


def composed(
    room_id: str, composition: Composition | None, template_url: str | None
) -> dict[str, Any]:
    """``{roomId, config?, templateUrl?}``; a composition and a template are exclusive.

    Raises:
        ValueError: Both ``composition`` and ``template_url`` are given.
        TypeError: ``composition`` is not a `Composition`.
    """
    body: dict[str, Any] = {"roomId": check_id(room_id, "room_id")}
    if composition is not None and template_url is not None:
        raise BadValue("give composition= or template_url= (a custom layout page), not both")
    if composition is not None:
        if not isinstance(composition, Composition):
            raise BadType("composition must be a Composition")
        body["config"] = composition.to_wire()
    if template_url is not None:
        body["templateUrl"] = check_label(template_url, "template_url")
    return body


def track_kind(kind: object) -> str:
    """A track kind, checked."""
    if kind not in TRACK_KINDS:
        raise BadValue(f"kind must be one of {TRACK_KINDS}, not {kind!r}")
    return str(kind)


def egress_decoder(kind: str, room_id: str) -> Callable[[Any], Egress]:
    """Decode a start's answer (bare string or object) into an `Egress`."""
    return lambda answer: egress(kind, room_id, answer)
