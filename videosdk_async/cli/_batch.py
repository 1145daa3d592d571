"""``create-many`` for any family: write-ahead, resumable, interruptible, with progress.

A run reads the journal it resumes (`_journal.read`), settles every id whose outcome is
unknown (`Kind.find` looks it up; without one, re-sending the create is safe because the
server dedupes the id), then creates the rest through `AsyncVideoSDK.map_iter`, writing each
id's ``sending`` line to disk before its request and its result line after.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from collections.abc import Awaitable, Callable, Iterator
from contextlib import aclosing
from pathlib import Path
from typing import Any, NoReturn

import attrs
import click

from .._client import AsyncVideoSDK
from .._core._errors import APIConnectionError, VideoSDKError
from ._common import (
    ApiOptions,
    Failed,
    checked,
    error_json,
    failure,
    ids_from_file,
    unique,
    usage,
)
from ._journal import Journal, Recorded, read
from ._progress import Progress, Summary

DEFAULT_OUTPUT = Path("results.jsonl")
MAX_COUNT = 10_000_000

Item = tuple[int, str]  # (index in the input, id)


@attrs.frozen
class Kind:
    """How ``create-many`` creates, records and reconciles one family's items.

    Attributes:
        name: The family, as in the journal's ``kind`` (``"meetings"``).
        noun: One item, for messages (``"meeting"``).
        create: Creates the item with this id.
        fields: What a created line records of the resource.
        find: Looks ids up on the server: each id's matches. None: re-sending a create is
            the lookup (the server returns the existing resource for a known id).
    """

    name: str
    noun: str
    create: Callable[[AsyncVideoSDK, str], Awaitable[Any]]
    fields: Callable[[Any], dict[str, Any]]
    find: Callable[[AsyncVideoSDK, set[str]], Awaitable[dict[str, list[Any]]]] | None = None


@attrs.frozen
class Plan:
    """What a run has to do, from its input and the journal it resumes."""

    todo: list[Item]
    pending: list[Item]
    skipped: int
    stray: int

    @classmethod
    def make(cls, ids: list[str], recorded: Recorded) -> Plan:
        """Split ``ids``: already created (skipped), outcome unknown (pending), the rest."""
        todo: list[Item] = []
        pending: list[Item] = []
        for item in enumerate(ids):
            if item[1] in recorded.pending:
                pending.append(item)
            elif item[1] not in recorded.created:
                todo.append(item)
        stray = len(set(recorded.pending) - set(ids)) + recorded.anonymous
        return cls(todo, pending, len(ids) - len(todo) - len(pending), stray)


def options(id_name: str, prefix: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """The options every ``create-many`` takes (its ids, pace, journal).

    ``prefix`` describes the default prefix in the help; the command gets None when
    ``--prefix`` is not given (see `_run_input.resolve`).
    """
    existing = click.Path(exists=True, dir_okay=False, path_type=Path)
    decorators = [
        click.option(
            "--count",
            type=click.IntRange(min=1, max=MAX_COUNT),
            help="How many to create, with ids PREFIX0, PREFIX1, ...",
        ),
        click.option("--prefix", default=None, help=f"{id_name} prefix (default: {prefix})."),
        click.option("--from-file", type=existing, help=f"A UTF-8 file of {id_name}s, one a line."),
        click.option(
            "--concurrency",
            default=16,
            show_default=True,
            type=click.IntRange(min=1),
            help="The most requests in flight.",
        ),
        click.option(
            "--rate",
            type=click.FloatRange(min=0, min_open=True),
            help="The most requests per second (retries included).",
        ),
        click.option(
            "--output",
            type=click.Path(dir_okay=False, path_type=Path),
            help=f"The journal (JSON lines) to write; default {DEFAULT_OUTPUT}. Refused if it "
            "already holds a run.",
        ),
        click.option("--resume", type=existing, help="Continue the run this journal records."),
    ]

    def apply(fn: Callable[..., Any]) -> Callable[..., Any]:
        for decorator in reversed(decorators):
            fn = decorator(fn)
        return fn

    return apply


def input_ids(
    count: int | None,
    prefix: str,
    from_file: Path | None,
    check: Callable[[object, str], object],
    name: str,
) -> list[str]:
    """The run's ids, from ``--count``/``--prefix`` or ``--from-file``, each checked."""
    if (count is None) == (from_file is None):
        usage("give exactly one of --count and --from-file")
    if from_file is not None:
        return ids_from_file(from_file, check, name)
    return unique((checked(check, f"{prefix}{i}", name) for i in range(count or 0)), name)


def journal_path(output: Path | None, resume: Path | None) -> Path:
    """The file to append to; refuses to mix two runs' journals or to start over one."""
    if resume is not None:
        if output is not None and output.resolve() != resume.resolve():
            usage("--output and --resume name different files: a resumed run appends to --resume")
        return resume
    path = output or DEFAULT_OUTPUT
    if path.is_file() and path.stat().st_size:
        usage(f"{path} already holds a run: continue it with --resume {path}, or pick --output")
    return path


def create_many(
    kind: Kind,
    ids: list[str],
    *,
    api: ApiOptions,
    output: Path | None,
    resume: Path | None,
    concurrency: int,
    rate: float | None,
    inputs: dict[str, Any] | None = None,
) -> NoReturn:
    """Run ``create-many`` for ``kind`` over the checked ``ids``; exits with the summary.

    ``inputs`` (where the ids come from) is recorded in the journal's ``started`` line.
    """
    path = journal_path(output, resume)
    recorded = read(resume, kind.name) if resume is not None else Recorded()
    plan = Plan.make(ids, recorded)
    sdk = api.sdk(max_connections=concurrency)
    journal = Journal(path, kind.name)
    try:
        try:
            journal.start(inputs)
        except OSError as exc:
            usage(f"cannot write {path}: {exc.strerror or exc}")
        if recorded.torn:
            click.echo(f"note: {path} ends a run with a torn line (ignored)", err=True)
        summary = asyncio.run(_session(kind, sdk, journal, plan, concurrency, rate))
    except OSError as exc:
        raise Failed(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        journal.close()
    click.echo(summary.line(), err=True)
    sys.exit(summary.exit_code())


async def _session(
    kind: Kind,
    sdk: AsyncVideoSDK,
    journal: Journal,
    plan: Plan,
    concurrency: int,
    rate: float | None,
) -> Summary:
    summary = Summary(len(plan.todo) + len(plan.pending), plan.skipped)
    if plan.stray:
        summary.stray = plan.stray
        click.echo(
            f"unresolved: {plan.stray} {kind.noun}(s) the journal records as sent without a "
            "result are not in this run's input: resume with the same input to settle them",
            err=True,
        )
    async with sdk:
        todo = await _reconcile(kind, sdk, journal, plan, summary)
        if todo is not None:
            await _create(kind, sdk, journal, todo, summary, concurrency, rate)
    return summary


async def _reconcile(
    kind: Kind, sdk: AsyncVideoSDK, journal: Journal, plan: Plan, summary: Summary
) -> list[Item] | None:
    """Settle the ids with an unknown outcome; the items left to create, None to stop."""
    if not plan.pending:
        return plan.todo
    if kind.find is None:  # the server dedupes these ids: sending again settles them
        summary.resent = len(plan.pending)
        return sorted(plan.todo + plan.pending)
    try:
        found = await kind.find(sdk, {ident for _, ident in plan.pending})
    except VideoSDKError as exc:
        summary.unresolved += len(plan.pending)
        click.echo(
            f"unresolved: {len(plan.pending)} {kind.noun}(s) sent without a known result could "
            f"not be looked up, so nothing was created: {failure(exc, sdk).message}",
            err=True,
        )
        return None
    todo = list(plan.todo)
    for index, ident in plan.pending:
        matches = found.get(ident, [])
        if len(matches) == 1:
            journal.created(index, ident, kind.fields(matches[0]), reconciled=True)
            summary.reconciled += 1
        elif not matches:
            todo.append((index, ident))  # never created: create it now
        else:
            summary.unresolved += 1
            click.echo(
                f"unresolved: {journal.key} {ident!r}: {len(matches)} {kind.noun}s carry it on "
                "the server; not creating another (check them by hand)",
                err=True,
            )
    return sorted(todo)


async def _create(
    kind: Kind,
    sdk: AsyncVideoSDK,
    journal: Journal,
    todo: list[Item],
    summary: Summary,
    concurrency: int,
    rate: float | None,
) -> None:
    """Create ``todo``; Ctrl-C once stops the intake, twice aborts the requests in flight."""
    stop = asyncio.Event()
    main = asyncio.current_task()
    loop = asyncio.get_running_loop()
    aborted = False

    def on_sigint() -> None:
        nonlocal aborted
        if stop.is_set():
            aborted = True
            if main is not None:
                main.cancel()  # their "sending" lines stay: a resume reconciles them
            return
        stop.set()
        click.echo(
            "\ninterrupted: finishing the requests in flight (Ctrl-C again to abort them)",
            err=True,
        )

    def intake() -> Iterator[Item]:
        for item in todo:
            if stop.is_set():
                return
            yield item

    unreachable = Unreachable(sdk.base_url)

    async def one(item: Item) -> Any:
        await journal.sending(*item)
        summary.sent += 1
        return await kind.create(sdk, item[1])

    loop.add_signal_handler(signal.SIGINT, on_sigint)
    progress = Progress(summary)
    try:
        batch = sdk.map_iter(one, intake(), concurrency=concurrency, rate_limit=rate)
        async with aclosing(batch) as results:
            async for position, result in results:
                index, ident = todo[position]
                if isinstance(result, VideoSDKError):
                    unreachable.report(result)
                    journal.failed(index, ident, error_json(result))
                    summary.failed += 1
                else:
                    journal.created(index, ident, kind.fields(result))
                    summary.created += 1
                progress.update()
    except asyncio.CancelledError:
        if not aborted or main is None:
            raise
        main.uncancel()
    finally:
        loop.remove_signal_handler(signal.SIGINT)
        progress.close()
    summary.interrupted = stop.is_set()


class Unreachable:
    """Says once, on stderr, that the API cannot be reached (naming the endpoint and why),
    however many items fail for that reason: a run against a server that refuses
    connections ends with that line, not only with "N failed"."""

    def __init__(self, base_url: str) -> None:
        self._base_url = base_url
        self.reported = False

    def report(self, error: VideoSDKError) -> None:
        """Print the line for the first item that never reached the server."""
        if self.reported or not isinstance(error, APIConnectionError) or error.request_sent:
            return
        self.reported = True
        click.echo(f"error: cannot reach {self._base_url}: {_why(error)}", err=True)


def _why(error: APIConnectionError) -> str:
    """The operating system's reason behind a connect failure, else the SDK's message."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, socket.gaierror):
            return f"the host name does not resolve ({current.strerror})"
        if isinstance(current, OSError) and isinstance(current.errno, int) and current.errno > 0:
            why = os.strerror(current.errno).lower()
            return error.message if why in error.message else f"{why} ({error.message})"
        current = current.__cause__ or current.__context__
    return error.message
