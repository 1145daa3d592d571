"""The official Node server SDK, for tests that drive it unchanged against the emulator.

Found when ``node`` can ``require('@videosdk.live/server-sdk')`` (``.ci/run`` installs it and
sets ``NODE_PATH``). Without it those tests skip, unless ``VIDEOSDK_REQUIRE_NODE_SDK=1`` (set
by ``.ci/run``), which makes its absence a failure: in CI they always run.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

PACKAGE = "@videosdk.live/server-sdk"


def node_sdk() -> str:
    """The ``node`` executable that can load the Node SDK (else the test skips or fails)."""
    node = shutil.which("node")
    found = node is not None and (
        subprocess.run(
            [node, "-e", f"require.resolve({PACKAGE!r})"],
            capture_output=True,
            timeout=30,
            check=False,
        ).returncode
        == 0
    )
    if not found:
        reason = f"node with {PACKAGE} is not available (set NODE_PATH)"
        if os.environ.get("VIDEOSDK_REQUIRE_NODE_SDK") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    assert node is not None
    return node
