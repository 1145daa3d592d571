"""The values the API returns, as frozen attrs classes. No I/O here.

No `from __future__ import annotations` here: `__init__` re-homes these classes to
`videosdk_async`, so cattrs must find real types, not strings, in their annotations.
"""

from datetime import datetime

import attrs


@attrs.frozen
class Meeting:
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
            ``user`` object instead, so this can be ``None``.
    """

    id: str
    meeting_id: str
    created_at: datetime
    updated_at: datetime
    user_meeting_id: str | None = None
    user_id: str | None = None
