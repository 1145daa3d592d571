"""`AsyncMeetings`: the v1 meetings calls. No httpx details here: `_client` sends."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from ._errors import MeetingNotFoundError
from ._models import Meeting
from ._retry import RetryPolicy

if TYPE_CHECKING:
    from ._client import AsyncVideoSDK

# [INF] Real meeting ids look like "87i6-bvw8-dtn1", but the docs also show other shapes, so
# the check is only what keeps user input from reshaping the URL: ASCII letters, digits, "-"
# and "_". Nothing else ever reaches the path.
_MEETING_ID: Final = re.compile(r"[A-Za-z0-9_-]{1,64}", re.ASCII)
MAX_USER_MEETING_ID: Final = 256


def check_meeting_id(meeting_id: object) -> str:
    """Return ``meeting_id`` if it is safe to put in a URL path.

    Raises:
        TypeError: It is not a str.
        ValueError: It is not 1 to 64 of ``A-Z a-z 0-9 - _``.
    """
    if not isinstance(meeting_id, str):
        raise TypeError(f"meeting_id must be a str, not {type(meeting_id).__name__}")
    if _MEETING_ID.fullmatch(meeting_id) is None:
        raise ValueError(
            "meeting_id must be 1 to 64 characters among A-Z, a-z, 0-9, '-' and '_' "
            "(e.g. '87i6-bvw8-dtn1')"
        )
    return meeting_id


def check_user_meeting_id(user_meeting_id: object) -> str | None:
    """Return ``user_meeting_id`` if it is None or a sane, non-empty string.

    Raises:
        TypeError: It is neither None nor a str.
        ValueError: It is blank, too long, or holds control characters.
    """
    if user_meeting_id is None:
        return None
    if not isinstance(user_meeting_id, str):
        raise TypeError(
            f"user_meeting_id must be a str or None, not {type(user_meeting_id).__name__}"
        )
    if not user_meeting_id.strip():
        raise ValueError("user_meeting_id must not be empty or blank (pass None for no id)")
    if len(user_meeting_id) > MAX_USER_MEETING_ID:
        raise ValueError(f"user_meeting_id must be at most {MAX_USER_MEETING_ID} characters")
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in user_meeting_id):
        raise ValueError("user_meeting_id must not contain control characters")
    return user_meeting_id


class AsyncMeetings:
    """The v1 meetings API, bound to an `AsyncVideoSDK`'s connection pool and credentials.

    Get it as ``sdk.meetings``; do not construct it yourself.
    """

    __slots__ = ("_sdk",)

    def __init__(self, sdk: AsyncVideoSDK) -> None:
        self._sdk = sdk

    def __repr__(self) -> str:
        return f"<AsyncMeetings of {self._sdk!r}>"

    async def create(
        self, user_meeting_id: str | None = None, *, retry: RetryPolicy | None = None
    ) -> Meeting:
        """Create a meeting (``POST /v1/meetings``).

        Creation is not idempotent on v1: a failure after the request was sent is not retried
        (unless ``retry.retry_unknown_outcome``), and its error has ``outcome_unknown=True``.

        Args:
            user_meeting_id: Your own id for the meeting, echoed back as
                ``Meeting.user_meeting_id``.
            retry: A `RetryPolicy` for this call instead of the SDK's.

        Returns:
            The new `Meeting`.

        Raises:
            TypeError, ValueError: ``user_meeting_id`` is not a sane string (nothing is sent).
            VideoSDKError: The call failed; see the exception tree.
        """
        umid = check_user_meeting_id(user_meeting_id)
        body = None if umid is None else {"userMeetingId": umid}
        return await self._sdk._request(
            "POST", "/v1/meetings", into=Meeting, json_body=body, idempotent=False, retry=retry
        )

    async def validate(self, meeting_id: str, *, retry: RetryPolicy | None = None) -> Meeting:
        """Check that a meeting exists before joining it (``GET /v1/meetings/{meetingId}``).

        The seed's Python sample uses GET (its curl sample POSTs to the same path); GET is
        the documented "get meeting details" call and safe to retry.

        Args:
            meeting_id: The meeting id to check, e.g. ``"87i6-bvw8-dtn1"``.
            retry: A `RetryPolicy` for this call instead of the SDK's.

        Returns:
            The `Meeting`.

        Raises:
            TypeError, ValueError: ``meeting_id`` is not a safe id (nothing is sent).
            MeetingNotFoundError: No such meeting (the API answers 400, 402 or 404).
            VideoSDKError: Any other failure; see the exception tree.
        """
        check_meeting_id(meeting_id)
        return await self._sdk._request(
            "GET",
            f"/v1/meetings/{meeting_id}",
            into=Meeting,
            idempotent=True,
            not_found=MeetingNotFoundError,
            not_found_statuses=frozenset({400, 402, 404}),
            retry=retry,
        )
