"""videosdk-async: the asyncio Python SDK for the VideoSDK.live server REST API."""

from ._client import AsyncVideoSDK
from ._core._auth import generate_token
from ._core._errors import (
    AgentDeployError,
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    BatchCallUploadError,
    BatchError,
    ConflictError,
    InternalServerError,
    InvalidArgumentError,
    InvalidArgumentTypeError,
    InvalidTokenError,
    MeetingNotFoundError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    RoomNotFoundError,
    UnexpectedResponseError,
    VideoSDKError,
    WebhookVerificationError,
)
from ._core._pagination import AsyncPager, Page
from ._core._retry import RetryPolicy
from ._core._verify import decode_token, verify_token
from ._version import __version__
from .models.agents import (
    AgentDeployment,
    AgentDeploymentVersion,
    AgentLogEntry,
    AgentScaling,
    DeployedAgent,
    DeployImage,
    DispatchResult,
)
from .models.batch_calls import (
    BatchCall,
    BatchCallRecord,
    BatchCallRetry,
    BatchCallStats,
    BatchCallWebhook,
    DeletedRecords,
)
from .models.egress import (
    Composition,
    Egress,
    HlsStream,
    Livestream,
    Recording,
    RtmpOutput,
    Transcoding,
)
from .models.ingest import SocketIngress, SocketIngressAgent, WhepEndpoint, WhipEndpoint
from .models.meetings import Meeting
from .models.operations import (
    AlertRule,
    Connector,
    Incident,
    NotificationChannel,
    ResourceRelease,
    ResourceUnit,
)
from .models.rooms import AutoClose, MultiComposition, Room, RoomWebhook
from .models.sessions import Participant, Session, SessionStats, TimelogEntry
from .models.sip import (
    SIP_WEBHOOK_EVENTS,
    PhoneNumber,
    PhoneNumberInbound,
    PhoneNumberOutbound,
    RoutingRuleTarget,
    SipAuth,
    SipCall,
    SipRoutingRule,
    SipTrunk,
    SipWebhook,
)
from .models.transcription import RealtimeTranscription, TranscriptionSummary
from .models.webhooks import (
    HlsEventData,
    LivestreamEventData,
    MergeRecordingEventData,
    ParticipantEventData,
    ParticipantRecordingEventData,
    RecordedFile,
    RecordingEventData,
    SessionEventData,
    TranscriptionEventData,
    WebhookEvent,
)
from .resources._alert_channels import AsyncAlertMetrics, AsyncNotificationChannels
from .resources._recording_kinds import (
    AsyncCompositeRecordings,
    AsyncMergeRecordings,
    AsyncParticipantRecordings,
    AsyncTrackRecordings,
)
from .resources.agents import AsyncAgentDeployments, AsyncAgents
from .resources.alert_rules import AsyncAlertRules
from .resources.batch_calls import AsyncBatchCallRecords, AsyncBatchCalls
from .resources.connectors import AsyncConnectors
from .resources.hls import AsyncHls
from .resources.incidents import AsyncIncidents
from .resources.ingest import AsyncSocketIngress, AsyncWhep, AsyncWhip
from .resources.livestreams import AsyncLivestreams
from .resources.meetings import AsyncMeetings
from .resources.participants import AsyncParticipants
from .resources.recordings import AsyncRecordings
from .resources.resource_pool import AsyncResourcePool
from .resources.rooms import AsyncRooms
from .resources.sessions import AsyncSessions
from .resources.sip import (
    AsyncSip,
    AsyncSipCalls,
    AsyncSipInboundTrunks,
    AsyncSipOutboundTrunks,
    AsyncSipPhoneNumbers,
    AsyncSipRoutingRules,
    AsyncSipTrunks,
    AsyncSipWebhooks,
)
from .resources.transcodings import AsyncTranscodings
from .resources.transcription import AsyncRealtimeTranscription, AsyncTranscription
from .resources.webhooks import AsyncWebhooks, verify_webhook

__all__ = [
    "SIP_WEBHOOK_EVENTS",
    "APIConnectionError",
    "APIStatusError",
    "APITimeoutError",
    "AgentDeployError",
    "AgentDeployment",
    "AgentDeploymentVersion",
    "AgentLogEntry",
    "AgentScaling",
    "AlertRule",
    "AsyncAgentDeployments",
    "AsyncAgents",
    "AsyncAlertMetrics",
    "AsyncAlertRules",
    "AsyncBatchCallRecords",
    "AsyncBatchCalls",
    "AsyncCompositeRecordings",
    "AsyncConnectors",
    "AsyncHls",
    "AsyncIncidents",
    "AsyncLivestreams",
    "AsyncMeetings",
    "AsyncMergeRecordings",
    "AsyncNotificationChannels",
    "AsyncPager",
    "AsyncParticipantRecordings",
    "AsyncParticipants",
    "AsyncRealtimeTranscription",
    "AsyncRecordings",
    "AsyncResourcePool",
    "AsyncRooms",
    "AsyncSessions",
    "AsyncSip",
    "AsyncSipCalls",
    "AsyncSipInboundTrunks",
    "AsyncSipOutboundTrunks",
    "AsyncSipPhoneNumbers",
    "AsyncSipRoutingRules",
    "AsyncSipTrunks",
    "AsyncSipWebhooks",
    "AsyncSocketIngress",
    "AsyncTrackRecordings",
    "AsyncTranscodings",
    "AsyncTranscription",
    "AsyncVideoSDK",
    "AsyncWebhooks",
    "AsyncWhep",
    "AsyncWhip",
    "AuthenticationError",
    "AutoClose",
    "BadRequestError",
    "BatchCall",
    "BatchCallRecord",
    "BatchCallRetry",
    "BatchCallStats",
    "BatchCallUploadError",
    "BatchCallWebhook",
    "BatchError",
    "Composition",
    "ConflictError",
    "Connector",
    "DeletedRecords",
    "DeployImage",
    "DeployedAgent",
    "DispatchResult",
    "Egress",
    "HlsEventData",
    "HlsStream",
    "Incident",
    "InternalServerError",
    "InvalidArgumentError",
    "InvalidArgumentTypeError",
    "InvalidTokenError",
    "Livestream",
    "LivestreamEventData",
    "Meeting",
    "MeetingNotFoundError",
    "MergeRecordingEventData",
    "MultiComposition",
    "NotFoundError",
    "NotificationChannel",
    "Page",
    "Participant",
    "ParticipantEventData",
    "ParticipantRecordingEventData",
    "PermissionDeniedError",
    "PhoneNumber",
    "PhoneNumberInbound",
    "PhoneNumberOutbound",
    "RateLimitError",
    "RealtimeTranscription",
    "RecordedFile",
    "Recording",
    "RecordingEventData",
    "ResourceRelease",
    "ResourceUnit",
    "RetryPolicy",
    "Room",
    "RoomNotFoundError",
    "RoomWebhook",
    "RoutingRuleTarget",
    "RtmpOutput",
    "Session",
    "SessionEventData",
    "SessionStats",
    "SipAuth",
    "SipCall",
    "SipRoutingRule",
    "SipTrunk",
    "SipWebhook",
    "SocketIngress",
    "SocketIngressAgent",
    "TimelogEntry",
    "Transcoding",
    "TranscriptionEventData",
    "TranscriptionSummary",
    "UnexpectedResponseError",
    "VideoSDKError",
    "WebhookEvent",
    "WebhookVerificationError",
    "WhepEndpoint",
    "WhipEndpoint",
    "__version__",
    "decode_token",
    "generate_token",
    "verify_token",
    "verify_webhook",
]

# Reprs and tracebacks read `videosdk_async.AsyncVideoSDK`, not the private module.
for _name in __all__:
    _obj = globals()[_name]
    if hasattr(_obj, "__module__") and not isinstance(_obj, str):
        _obj.__module__ = __name__
del _name, _obj
