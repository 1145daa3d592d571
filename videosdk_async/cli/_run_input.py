"""Which ids a ``create-many`` run creates, and how its journal remembers them.

A run's input is ``--count`` with a ``--prefix`` (ids PREFIX0, PREFIX1, ...) or
``--from-file``. The journal's ``started`` line records it (``"input": {"prefix": "m-",
"count": 5}`` or ``{"fromFile": "/abs/ids.txt"}``), so ``--resume FILE`` alone finishes the
run: the options it is not given come from the journal, and one that contradicts it (another
prefix, another file) is refused rather than silently starting a new set.

Meetings get a prefix unique to each run by default (``meeting-20250101T120000-1a2b-``): a v1
create is not idempotent, so two runs with the same ids would make two meetings per id.
Rooms keep ``room-`` (the API returns the existing room for a known custom room id, so
running again creates nothing twice).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs

from ._common import checked, ids_from_file, unique, usage

#: The prefix a journal without a recorded input was written with (before inputs were kept).
LEGACY_PREFIX = {"meetings": "meeting-", "rooms": "room-"}


def default_prefix(kind: str) -> str:
    """The prefix a new run uses when none is given (unique per run for meetings)."""
    if kind != "meetings":
        return LEGACY_PREFIX[kind]
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    return f"meeting-{stamp}-{secrets.token_hex(2)}-"


@attrs.frozen
class RunInput:
    """A run's ids, and what its journal records about where they came from."""

    ids: list[str]
    record: dict[str, Any]


def recorded_input(path: Path, kind: str) -> dict[str, Any] | None:
    """The input the latest run in the journal at ``path`` recorded (None: none recorded).

    A journal of another family is refused here, with the command that resumes it.
    """
    try:
        lines = path.read_bytes().split(b"\n")
    except OSError as exc:
        usage(f"cannot read {path}: {exc.strerror or exc}")
    found: dict[str, Any] | None = None
    for line in lines:
        if b'"started"' not in line:
            continue
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if not isinstance(record, dict) or record.get("state") != "started":
            continue
        other = record.get("kind")
        if isinstance(other, str) and other != kind and other in LEGACY_PREFIX:
            usage(f"{path} records a {other} run: resume it with '{other} create-many'")
        value = record.get("input")
        if isinstance(value, dict):
            found = value
    return found


def _from_journal(
    recorded: dict[str, Any],
    resume: Path,
    count: int | None,
    prefix: str | None,
    from_file: Path | None,
) -> tuple[int | None, str | None, Path | None]:
    """``count``, ``prefix``, ``from_file`` completed from (and checked against) a journal."""
    source = recorded.get("fromFile")
    if isinstance(source, str):
        if count is not None or prefix is not None:
            usage(f"{resume} records a run reading {source}: --count and --prefix do not apply")
        if from_file is not None and from_file.resolve() != Path(source):
            usage(f"{resume} records a run reading {source}, not {from_file}")
        return None, None, Path(source)
    was_prefix, was_count = recorded.get("prefix"), recorded.get("count")
    if not isinstance(was_prefix, str) or not isinstance(was_count, int):
        usage(f"{resume} records an input this version cannot read: give --count or --from-file")
    if from_file is not None:
        usage(f"{resume} records a run of --count ids (prefix {was_prefix!r}), not --from-file")
    if prefix is not None and prefix != was_prefix:
        usage(
            f"{resume} records a run with --prefix {was_prefix!r}, not {prefix!r}: another "
            "prefix would create a new set (leave --prefix out to finish the run)"
        )
    return (count if count is not None else was_count), was_prefix, None


def resolve(
    kind: str,
    *,
    count: int | None,
    prefix: str | None,
    from_file: Path | None,
    resume: Path | None,
    check: Callable[[object, str], object],
    name: str,
) -> RunInput:
    """The run's checked ids from its options, completed by the journal it resumes.

    ``--count`` given with ``--resume`` changes how many ids the run has (to extend it).
    """
    recorded = recorded_input(resume, kind) if resume is not None else None
    if resume is not None and recorded is not None:
        count, prefix, from_file = _from_journal(recorded, resume, count, prefix, from_file)
    elif resume is not None and prefix is None:
        prefix = LEGACY_PREFIX[kind]  # written before journals recorded their input
    if (count is None) == (from_file is None):
        usage("give exactly one of --count and --from-file (or --resume a journal that has one)")
    if from_file is not None:
        ids = ids_from_file(from_file, check, name)
        return RunInput(ids, {"fromFile": str(from_file.resolve())})
    if prefix is None:
        prefix = default_prefix(kind)  # the journal's lines show the ids it chose
    ids = unique((checked(check, f"{prefix}{i}", name) for i in range(count or 0)), name)
    return RunInput(ids, {"prefix": prefix, "count": count})
