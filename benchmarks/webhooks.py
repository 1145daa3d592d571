"""Webhook verification: how many checks a second, and what a 1 MB body costs.

    python benchmarks/webhooks.py            # 2,000 verifies of a ~500-byte event
    python benchmarks/webhooks.py --quick    # 200

`run()` returns the figures (for benchmarks/run.py). Each SDK figure sits beside a baseline
measured in the same run: the bare `cryptography` check plus `json.loads` on the same bytes,
with the key already parsed, so the ratio is the SDK's own overhead (signature decoding,
the cached key lookup, building the typed event).
"""

from __future__ import annotations

import argparse
import base64
import json
import time
from collections.abc import Callable
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

import videosdk_async as vs


def _event(size: int) -> bytes:
    """A recording-stopped event, padded with an ignored field to about ``size`` bytes."""
    payload: dict[str, Any] = {
        "webhookType": "recording-stopped",
        "data": {
            "meetingId": "jvsg-8rjn-j304",
            "sessionId": "613731342f27f56e4fc4b6d0",
            "filePath": "/encoded/videos/62d148951a1eb20029fc9b05.mp4",
            "fileUrl": "https://cdn.videosdk.live/encoded/videos/62d148951a1eb20029fc9b05.mp4",
        },
    }
    body = json.dumps(payload).encode()
    payload["data"]["notes"] = "x" * max(0, size - len(body) - 12)
    return json.dumps(payload).encode()


def _per_call(call: Callable[[], object], n: int, rounds: int = 3) -> float:
    """The best of ``rounds`` mean CPU seconds per call over ``n`` calls."""
    call()  # warm up: key cache, imports
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(n):
            call()
        best = min(best, (time.process_time() - start) / n)
    return best


def run(n: int = 2000) -> dict[str, Any]:
    """Measure verify_webhook with a cached key; print a table; return the figures.

    Args:
        n: Verifications of the small event per round (the 1 MB body gets n // 100).

    Returns:
        ``{"small": {...}, "large": {...}}``: bytes, SDK and baseline microseconds per
        verify, verifies per second, and the SDK/baseline ratio.
    """
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = private.public_key()
    pem = public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
    out: dict[str, Any] = {}
    for name, size, count in (("small", 500, n), ("large", 1024 * 1024, max(10, n // 100))):
        body = _event(size)
        raw_signature = private.sign(body, padding.PKCS1v15(), hashes.SHA256())
        signature = base64.b64encode(raw_signature).decode()

        def sdk(body: bytes = body, signature: str = signature) -> object:
            return vs.verify_webhook(body, signature, public_key=pem)

        def baseline(body: bytes = body, raw_signature: bytes = raw_signature) -> object:
            public.verify(raw_signature, body, padding.PKCS1v15(), hashes.SHA256())
            return json.loads(body)

        sdk_s = _per_call(sdk, count)
        base_s = _per_call(baseline, count)
        out[name] = {
            "bytes": len(body),
            "sdk_us": sdk_s * 1e6,
            "baseline_us": base_s * 1e6,
            "verifies_per_s": 1 / sdk_s,
            "ratio": sdk_s / base_s,
        }
    print(f"{'body':>12} {'bytes':>9} {'SDK µs':>9} {'base µs':>9} {'per s':>9} {'ratio':>6}")
    for name, row in out.items():
        print(
            f"{name:>12} {row['bytes']:>9} {row['sdk_us']:>9.1f} {row['baseline_us']:>9.1f}"
            f" {row['verifies_per_s']:>9.0f} {row['ratio']:>6.2f}"
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 verifies instead of 2,000")
    args = parser.parse_args()
    run(200 if args.quick else 2000)


if __name__ == "__main__":
    main()
