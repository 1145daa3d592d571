"""vs.verify_webhook: the signature check on the exact bytes, its refusals, and the event."""

from __future__ import annotations

import base64
import json
import logging
from datetime import UTC, datetime
from typing import Any

import attrs
import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

import videosdk_async as vs
from videosdk_async.models.webhooks import DATA_TYPES
from videosdk_async.resources import webhooks as webhooks_module

M, S, P = "jvsg-8rjn-j304", "613731342f27f56e4fc4b6d0", "fkd74h"
URL = "https://cdn.videosdk.live/encoded/videos/62d148951a1eb20029fc9b05.mp4"
HLS = "https://cdn.videosdk.live/meetings-hls/b8a770ef/index.m3u8"
STEPS = ("starting", "started", "stopping", "failed")


@attrs.frozen
class Keys:
    """An RSA key pair in the forms a test needs."""

    private: rsa.RSAPrivateKey
    spki: str
    pkcs1: str

    @classmethod
    def generate(cls) -> Keys:
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        public = private.public_key()
        spki = public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        pkcs1 = public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.PKCS1)
        return cls(private, spki.decode(), pkcs1.decode())

    def signature(self, body: bytes) -> bytes:
        return self.private.sign(body, padding.PKCS1v15(), hashes.SHA256())

    def sign(self, body: bytes) -> str:
        """The videosdk-signature header for ``body``: standard base64."""
        return base64.b64encode(self.signature(body)).decode()


def event_body(kind: str = "participant-joined", /, **data: Any) -> bytes:
    """A webhook body as VideoSDK sends it (compact JSON)."""
    payload = {"webhookType": kind, "data": {"meetingId": M, "sessionId": S, **data}}
    return json.dumps(payload, separators=(",", ":")).encode()


@pytest.fixture(scope="session", name="keys")
def _keys() -> Keys:
    """VideoSDK's key pair, for the whole session."""
    return Keys.generate()


Case = tuple[str, dict[str, Any], object]
IDS: dict[str, Any] = {"meeting_id": M, "session_id": S}
FILES = {"fileDetails": [{"filePath": "/encoded/a.mp4", "fileUrl": URL}]}
RECORDED = (vs.RecordedFile(file_path="/encoded/a.mp4", file_url=URL),)


def _people_and_sessions() -> list[Case]:
    """participant-* and session-*: (type, data beyond the ids, expected data)."""
    people = {"participantId": P, "participantName": "John"}
    start = {"start": "2022-07-05T15:55:35.047+00:00"}
    started = datetime(2022, 7, 5, 15, 55, 35, 47000, tzinfo=UTC)
    ended = datetime(2022, 7, 5, 16, 0, 35, 47000, tzinfo=UTC)
    joined = vs.ParticipantEventData(**IDS, participant_id=P, participant_name="John")
    return [
        ("participant-joined", people, joined),
        ("participant-left", people, joined),
        ("session-started", start, vs.SessionEventData(**IDS, start=started)),
        (
            "session-ended",
            {**start, "end": "2022-07-05T16:00:35.047+00:00"},
            vs.SessionEventData(**IDS, start=started, end=ended),
        ),
    ]


def _recordings() -> list[Case]:
    """recording-*, participant-(track-)recording-*, merge-recording-*."""
    track = {"participantId": "abcd", "kind": "audio"}
    person = {"participantId": "abcd", "fileFormat": "webm"}
    tracked = vs.ParticipantRecordingEventData(**IDS, participant_id="abcd", kind="audio")
    personal = vs.ParticipantRecordingEventData(**IDS, participant_id="abcd", file_format="webm")
    stopped = {"filePath": "/encoded/a.mp4", "fileUrl": URL}
    return [
        *[(f"recording-{s}", {}, vs.RecordingEventData(**IDS)) for s in STEPS],
        (
            "recording-stopped",
            stopped,
            vs.RecordingEventData(**IDS, file_path="/encoded/a.mp4", file_url=URL),
        ),
        *[(f"participant-track-recording-{s}", track, tracked) for s in STEPS],
        (
            "participant-track-recording-stopped",
            {**track, **FILES},
            attrs.evolve(tracked, file_details=RECORDED),
        ),
        *[(f"participant-recording-{s}", person, personal) for s in STEPS],
        (
            "participant-recording-stopped",
            {"participantId": "abcd", **FILES},
            vs.ParticipantRecordingEventData(**IDS, participant_id="abcd", file_details=RECORDED),
        ),
        ("merge-recording-completed", {"id": "bf37"}, vs.MergeRecordingEventData(**IDS, id="bf37")),
        (
            "merge-recording-failed",
            {"id": "bf37", "message": "sync issue"},
            vs.MergeRecordingEventData(**IDS, id="bf37", message="sync issue"),
        ),
    ]


def _streams() -> list[Case]:
    """livestream-*, hls-*, transcription-*."""
    playable = {"playbackHlsUrl": HLS, "livestreamUrl": HLS + "?live", "downstreamUrl": HLS}
    transcription = vs.TranscriptionEventData(**IDS, id="40b0a4ed", type="realtime")
    return [
        *[(f"livestream-{s}", {}, vs.LivestreamEventData(**IDS)) for s in (*STEPS, "stopped")],
        *[
            (f"hls-{s}", {}, vs.HlsEventData(**IDS))
            for s in ("starting", "stopping", "stopped", "failed")
        ],
        ("hls-started", {"playbackHlsUrl": HLS}, vs.HlsEventData(**IDS, playback_hls_url=HLS)),
        (
            "hls-playable",
            playable,
            vs.HlsEventData(
                **IDS, playback_hls_url=HLS, livestream_url=HLS + "?live", downstream_url=HLS
            ),
        ),
        *[
            (f"transcription-{s}", {"id": "40b0a4ed", "type": "realtime"}, transcription)
            for s in ("started", "stopped", "failed", "completed")
        ],
    ]


DOCUMENTED = [*_people_and_sessions(), *_recordings(), *_streams()]


def test_every_typed_event_type_is_covered_here() -> None:
    """DOCUMENTED names each event type that has a typed data class, exactly once."""
    names = [kind for kind, _, _ in DOCUMENTED]

    assert sorted(names) == sorted(DATA_TYPES)


@pytest.mark.parametrize(("kind", "data", "expected"), DOCUMENTED, ids=[c[0] for c in DOCUMENTED])
def test_documented_event_decodes_to_typed_data(
    keys: Keys, kind: str, data: dict[str, Any], expected: object
) -> None:
    """A signed documented event decodes to its typed data class with the payload's values."""
    body = event_body(kind, **data)

    event = vs.verify_webhook(body, keys.sign(body), public_key=keys.spki)

    assert (event.type, event.data) == (kind, expected)
    assert event.raw == json.loads(body)


def test_session_times_are_timezone_aware(keys: Keys) -> None:
    """The webhooks' `+00:00` timestamps decode to aware datetimes in UTC."""
    body = event_body("session-started", start="2022-07-05T15:55:35.047+00:00")

    event = vs.verify_webhook(body, keys.sign(body), public_key=keys.spki)

    assert isinstance(event.data, vs.SessionEventData)
    assert event.data.start is not None
    assert event.data.start.utcoffset() is not None
    assert event.data.start == datetime(2022, 7, 5, 15, 55, 35, 47000, tzinfo=UTC)


def test_unknown_event_type_keeps_data_as_dict(keys: Keys) -> None:
    """An event type without a typed class (an agent session) keeps its data as the dict."""
    body = json.dumps({"webhookType": "agent-session-started", "data": {"agentId": "a1"}}).encode()

    event = vs.verify_webhook(body, keys.sign(body), public_key=keys.spki)

    assert (event.type, event.data) == ("agent-session-started", {"agentId": "a1"})


def test_type_falls_back_to_the_type_key(keys: Keys) -> None:
    """Without `webhookType`, the event's type is read from `type` (as the Node SDK does)."""
    body = json.dumps({"type": "call-answered", "data": {}}).encode()

    event = vs.verify_webhook(body, keys.sign(body), public_key=keys.spki)

    assert event.type == "call-answered"


def test_event_without_type_or_data_has_none_and_empty_dict(keys: Keys) -> None:
    """An object with neither a type nor data is an event of type None with data {}."""
    body = b"{}"

    event = vs.verify_webhook(body, keys.sign(body), public_key=keys.spki)

    assert (event.type, event.data) == (None, {})


def test_unknown_fields_do_not_break_decoding(keys: Keys) -> None:
    """Fields the docs do not list are ignored by the typed data and kept in its raw."""
    body = event_body(participantId=P, role="host", joinedAt=1720000000)

    event = vs.verify_webhook(body, keys.sign(body), public_key=keys.spki)

    assert isinstance(event.data, vs.ParticipantEventData)
    assert event.data.participant_id == P
    assert event.data.raw["role"] == "host"


def test_documented_event_of_another_shape_keeps_dict_and_warns(
    keys: Keys, caplog: pytest.LogCaptureFixture
) -> None:
    """A documented type whose data lacks its ids stays a dict, with a warning naming the type."""
    body = json.dumps({"webhookType": "recording-stopped", "data": {"fileUrl": URL}}).encode()

    with caplog.at_level(logging.WARNING, logger="videosdk_async"):
        event = vs.verify_webhook(body, keys.sign(body), public_key=keys.spki)

    assert event.data == {"fileUrl": URL}
    assert "recording-stopped" in caplog.text
    assert URL not in caplog.text


@pytest.mark.parametrize(
    "body",
    [
        event_body("session-ended", start="2022-07-05T15:55:35+00:00", end="2022-07-05T16:00:35Z"),
        json.dumps({"webhookType": "agent-session-failed", "data": {"a": [1, {"b": None}]}}),
    ],
    ids=["typed", "dict"],
)
def test_to_dict_is_json_ready(keys: Keys, body: bytes | str) -> None:
    """`to_dict()` of an event (typed data or dict) passes json.dumps, in snake_case."""
    raw = body.encode() if isinstance(body, str) else body
    event = vs.verify_webhook(raw, keys.sign(raw), public_key=keys.spki)

    dumped = json.loads(json.dumps(event.to_dict()))

    assert dumped["type"] == event.type
    assert "meetingId" not in dumped["data"]


@pytest.mark.parametrize("form", ["spki", "pkcs1"])
def test_spki_and_pkcs1_keys_verify(keys: Keys, form: str) -> None:
    """Both PEM forms of the public key (BEGIN PUBLIC KEY, BEGIN RSA PUBLIC KEY) verify."""
    body = event_body(participantId=P)
    pem = keys.spki if form == "spki" else keys.pkcs1

    event = vs.verify_webhook(body, keys.sign(body), public_key=pem.encode())

    assert event.type == "participant-joined"


def test_pem_with_escaped_newlines_verifies(keys: Keys) -> None:
    """A PEM squeezed onto one line with literal `\\n` (as env files hold it) verifies."""
    body = event_body(participantId=P)
    one_line = keys.spki.strip().replace("\n", "\\n")

    event = vs.verify_webhook(body, keys.sign(body), public_key=one_line)

    assert event.type == "participant-joined"


def test_base64url_signature_verifies(keys: Keys) -> None:
    """A signature in the URL-safe alphabet (`-`, `_`) verifies."""
    body = next(
        b
        for b in (event_body(participantId=str(n)) for n in range(100))
        if set(base64.b64encode(keys.signature(b))) & set(b"+/")
    )
    signature = base64.urlsafe_b64encode(keys.signature(body)).decode()

    assert set(signature) & {"-", "_"}
    assert vs.verify_webhook(body, signature, public_key=keys.spki).type == "participant-joined"


def test_unpadded_signature_verifies(keys: Keys) -> None:
    """A signature without its `=` padding verifies."""
    body = event_body(participantId=P)
    signature = keys.sign(body)

    assert signature.endswith("=")
    assert vs.verify_webhook(body, signature.rstrip("="), public_key=keys.spki).type


def test_str_body_is_utf8_encoded(keys: Keys) -> None:
    """A str body is checked as its UTF-8 bytes (non-ASCII names included)."""
    text = event_body(participantName="Zoë 名前").decode()

    event = vs.verify_webhook(text, keys.sign(text.encode()), public_key=keys.spki)

    assert isinstance(event.data, vs.ParticipantEventData)
    assert event.data.participant_name == "Zoë 名前"


def test_parsed_body_is_a_type_error(keys: Keys) -> None:
    """A body already parsed into a dict is a TypeError (the bytes are what was signed)."""
    body = event_body()

    with pytest.raises(TypeError, match="raw request bytes"):
        vs.verify_webhook(json.loads(body), keys.sign(body), public_key=keys.spki)  # type: ignore[arg-type]


def test_known_key_is_parsed_once(keys: Keys, monkeypatch: pytest.MonkeyPatch) -> None:
    """Verifying again with the same PEM does not parse the PEM again."""
    calls: list[bytes] = []
    real = serialization.load_pem_public_key

    def counting(data: bytes, backend: Any = None) -> Any:
        calls.append(data)
        return real(data)

    monkeypatch.setattr(serialization, "load_pem_public_key", counting)
    webhooks_module._load_key.cache_clear()
    body = event_body(participantId=P)
    for _ in range(3):
        vs.verify_webhook(body, keys.sign(body), public_key=keys.spki)

    assert len(calls) == 1


def test_to_dict_of_deeply_nested_dict_data_does_not_recurse(keys: Keys) -> None:
    """A verified payload nested 500 deep (json.loads accepts it) still turns into a dict."""
    body = b'{"webhookType":"x","data":{"a":' + b"[" * 500 + b"]" * 500 + b"}}"
    event = vs.verify_webhook(body, keys.sign(body), public_key=keys.spki)

    expected = {"type": "x", "data": json.loads(body)["data"]}
    assert json.loads(json.dumps(event.to_dict())) == expected
