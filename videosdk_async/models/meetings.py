"""v1 meetings: `Meeting`. No I/O here."""

from datetime import datetime
from typing import Any

import attrs

from ._base import Model


@attrs.frozen
class Meeting(Model):
    """A v1 meeting, as ``POST /v1/meetings`` and ``GET /v1/meetings/{meetingId}`` return it.

    Attributes:
        id: The meeting's database id (24 hex characters in every documented example).
        meeting_id: The id participants join with, e.g. ``"87i6-bvw8-dtn1"`` (the same value
            the v2 API calls ``roomId``).
        created_at: When the meeting was created (timezone-aware).
        updated_at: When the meeting was last updated (timezone-aware).
        user_meeting_id: The caller's own id for the meeting, if one was given at creation
            (v2 calls it ``customRoomId``).
        user_id: The id of the account that owns the meeting. ``GET`` answers may carry a
            ``user`` object instead, so this can be ``None`` (then read from ``user.id``).
        raw: The decoded JSON it came from.
    """

    id: str
    meeting_id: str
    created_at: datetime
    updated_at: datetime
    user_meeting_id: str | None = None
    user_id: str | None = None

    @staticmethod
    def _from_wire(data: dict[str, Any]) -> dict[str, Any]:
        user = data.get("user")
        if data.get("userId") is None and isinstance(user, dict) and "id" in user:
            data = {**data, "userId": user["id"]}
        return data
