"""videosdk-async: the asyncio Python SDK for the VideoSDK.live server REST API."""

from ._auth import generate_token
from ._client import AsyncVideoSDK
from ._errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    BatchError,
    ConflictError,
    InternalServerError,
    MeetingNotFoundError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnexpectedResponseError,
    VideoSDKError,
)
from ._meetings import AsyncMeetings
from ._models import Meeting
from ._retry import RetryPolicy
from ._version import __version__

__all__ = [
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncMeetings",
    "AsyncVideoSDK",
    "AuthenticationError",
    "BadRequestError",
    "BatchError",
    "ConflictError",
    "InternalServerError",
    "Meeting",
    "MeetingNotFoundError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RetryPolicy",
    "UnexpectedResponseError",
    "VideoSDKError",
    "__version__",
    "generate_token",
]

# Reprs and tracebacks read `videosdk_async.AsyncVideoSDK`, not the private module.
for _name in __all__:
    _obj = globals()[_name]
    if hasattr(_obj, "__module__") and not isinstance(_obj, str):
        _obj.__module__ = __name__
del _name, _obj
