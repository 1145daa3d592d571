"""Helpers of the command-line tests: run the CLI in process, read a create-many journal."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from videosdk_async.cli import cli


def invoke(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    """Run ``videosdk-async ARGS`` in process: (exit code, stdout, stderr)."""
    result = CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def records(path: Path) -> list[dict[str, Any]]:
    """Every whole JSON line of a journal (a torn last line left out)."""
    out = []
    for line in path.read_text().splitlines():
        try:
            out.append(json.loads(line))
        except ValueError:
            continue
    return out


def states(path: Path, key: str) -> dict[str, str]:
    """Each id's state in a journal: created (final), else its last line's state."""
    found: dict[str, str] = {}
    for record in records(path):
        ident = record.get(key)
        if ident is None or found.get(ident) == "created":
            continue
        state = record["state"]
        if state == "failed" and record["outcomeUnknown"]:
            state = "unknown"
        found[ident] = state
    return found


def created(path: Path, key: str) -> set[str]:
    """The ids a journal records as created."""
    return {ident for ident, state in states(path, key).items() if state == "created"}


def write_journal(path: Path, *lines: dict[str, Any]) -> None:
    """Write a journal by hand, one JSON line per record."""
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
