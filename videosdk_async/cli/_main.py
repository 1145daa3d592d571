"""The ``videosdk-async`` command line (extra ``cli``: click for arguments, rich for progress).

Credentials and the endpoint come from the environment, as for `AsyncVideoSDK`:
``VIDEOSDK_API_KEY`` + ``VIDEOSDK_SECRET`` (or ``VIDEOSDK_TOKEN``), ``VIDEOSDK_API_ENDPOINT``.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import click
import jwt

from .._client import AsyncVideoSDK
from .._core._auth import generate_token
from .._core._converter import unstructure
from .._core._errors import APIStatusError, MeetingNotFoundError, VideoSDKError
from .._core._ids import check_label
from ..models.meetings import Meeting

EXIT_FAILED_ITEMS = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


def _echo_json(value: object) -> None:
    click.echo(json.dumps(value, indent=2, sort_keys=True))


def _error_json(error: VideoSDKError) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": type(error).__name__,
        "message": error.message,
        "outcomeUnknown": error.outcome_unknown,
    }
    if isinstance(error, APIStatusError):
        out["statusCode"] = error.status_code
    return out


def _sdk(base_url: str | None) -> AsyncVideoSDK:
    try:
        return AsyncVideoSDK(base_url=base_url)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None


def _run(coro: Any) -> Any:
    try:
        return asyncio.run(coro)
    except VideoSDKError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_FAILED_ITEMS)


base_url_option = click.option(
    "--base-url", default=None, help="API root (default: $VIDEOSDK_API_ENDPOINT or the real API)."
)


@click.group()
def cli() -> None:
    """The asyncio SDK for the VideoSDK.live REST API, on the command line."""


# -- demo --------------------------------------------------------------------------------


@cli.command()
@click.option("--batch", default=300, show_default=True, help="Meetings to batch-create.")
def demo(batch: int) -> None:
    """Create, validate, mint a join token, batch-create: offline unless credentials are set."""
    sys.exit(asyncio.run(_demo(batch)))


def _demo_sdk() -> tuple[AsyncVideoSDK, str]:
    if os.environ.get("VIDEOSDK_API_KEY") and os.environ.get("VIDEOSDK_SECRET"):
        sdk = AsyncVideoSDK()
        return sdk, f"the real API at {sdk.base_url} (VIDEOSDK_API_KEY is set)"
    try:
        from ..emulator import Emulator
    except ImportError:
        raise click.UsageError(
            "the offline demo needs the emulator extra: pip install 'videosdk-async[emulator]'"
        ) from None
    where = (
        "the in-process emulator (offline; set VIDEOSDK_API_KEY and VIDEOSDK_SECRET "
        "to use the real API)"
    )
    return Emulator().sdk(), where


async def _demo(batch: int) -> int:
    sdk, where = _demo_sdk()
    click.echo(f"videosdk-async demo, using {where}")
    async with sdk:
        meeting = await sdk.meetings.create(user_meeting_id="unicorn")
        click.echo(f"\n1. Created meeting {meeting.meeting_id} (userMeetingId=unicorn)")
        click.echo(f"   id={meeting.id} created_at={meeting.created_at.isoformat()}")

        same = await sdk.meetings.validate(meeting.meeting_id)
        click.echo(
            f"\n2. Validated {same.meeting_id}: it exists (same id: {same.id == meeting.id})"
        )

        try:
            await sdk.meetings.validate("zzzz-zzzz-zzzz")
        except MeetingNotFoundError as exc:
            click.echo(f"\n3. Validating zzzz-zzzz-zzzz raised {type(exc).__name__}: {exc}")
        else:
            click.echo("\n3. Unexpectedly, zzzz-zzzz-zzzz exists")

        token = sdk.join_token(meeting.meeting_id, participant_id="alice", ttl=600)
        claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
        shown = {k: claims[k] for k in ("roomId", "participantId", "permissions", "version")}
        click.echo(f"\n4. Minted a join token for alice ({len(token)} characters): {shown}")

        click.echo(f"\n5. Creating {batch} meetings with create_many(concurrency=16)...")
        started = time.perf_counter()
        end = "\r" if sys.stdout.isatty() else "\n"

        def progress(done: int, total: int | None) -> None:
            if done % 100 == 0 or done == total:
                rate = done / (time.perf_counter() - started)
                sys.stdout.write(f"   {done}/{total} done, {rate:,.0f} meetings/s{end}")
                sys.stdout.flush()

        results = await sdk.meetings.create_many(
            [f"demo-{i}" for i in range(batch)], return_exceptions=True, on_progress=progress
        )
        elapsed = time.perf_counter() - started
        failed = sum(isinstance(r, VideoSDKError) for r in results)
        click.echo(f"   {batch - failed} created, {failed} failed, in {elapsed:.2f} s")
    return EXIT_FAILED_ITEMS if failed else 0


# -- meetings ----------------------------------------------------------------------------


@cli.group()
def meetings() -> None:
    """Create and validate meetings."""


@meetings.command("create")
@click.option("--user-meeting-id", default=None, help="Your own id for the meeting.")
@base_url_option
def meetings_create(user_meeting_id: str | None, base_url: str | None) -> None:
    """Create one meeting and print it as JSON."""

    async def run() -> Meeting:
        async with _sdk(base_url) as sdk:
            return await sdk.meetings.create(user_meeting_id=user_meeting_id)

    _echo_json(unstructure(_run(run())))


@meetings.command("validate")
@click.argument("meeting_id")
@base_url_option
def meetings_validate(meeting_id: str, base_url: str | None) -> None:
    """Check that MEETING_ID exists and print it as JSON (exit 1 if it does not)."""

    async def run() -> Meeting:
        async with _sdk(base_url) as sdk:
            return await sdk.meetings.validate(meeting_id)

    try:
        _echo_json(unstructure(_run(run())))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="MEETING_ID") from None


@meetings.command("create-many")
@click.option("--count", type=click.IntRange(min=1), help="Create COUNT meetings (ids PREFIX0..).")
@click.option("--prefix", default="meeting-", show_default=True, help="userMeetingId prefix.")
@click.option(
    "--from-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="One userMeetingId per line.",
)
@click.option("--concurrency", default=16, show_default=True, type=click.IntRange(min=1))
@click.option("--rate", type=click.FloatRange(min=0, min_open=True), help="Requests per second.")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Append one JSON line per result (default: results.jsonl, or the --resume file).",
)
@click.option(
    "--resume",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Skip the ids this JSONL file already records as created; append to it.",
)
@base_url_option
def meetings_create_many(
    count: int | None,
    prefix: str,
    from_file: Path | None,
    concurrency: int,
    rate: float | None,
    output: Path | None,
    resume: Path | None,
    base_url: str | None,
) -> None:
    """Create many meetings concurrently, recording each result as soon as it arrives.

    Ctrl-C stops taking new ids and lets the requests in flight finish (and be recorded);
    a second Ctrl-C aborts them. Rerun with --resume to finish the rest without duplicates.
    """
    if (count is None) == (from_file is None):
        raise click.UsageError("give exactly one of --count and --from-file")
    if from_file is not None:
        ids = [line.strip() for line in from_file.read_text().splitlines() if line.strip()]
    else:
        ids = [f"{prefix}{i}" for i in range(count or 0)]
    for umid in ids:
        try:
            check_label(umid, "user_meeting_id")
        except ValueError as exc:
            raise click.UsageError(f"bad userMeetingId {umid!r}: {exc}") from None
    done_ids = _created_ids(resume) if resume is not None else set()
    todo = [umid for umid in ids if umid not in done_ids]
    path = output or resume or Path("results.jsonl")
    sdk = _sdk(base_url)
    with path.open("a", encoding="utf-8") as sink:
        summary = asyncio.run(
            _create_many(
                sdk, todo, sink, concurrency=concurrency, rate=rate, skipped=len(ids) - len(todo)
            )
        )
    click.echo(summary.line(), err=True)
    sys.exit(summary.exit_code())


def _created_ids(path: Path) -> set[str]:
    created = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except ValueError:
            continue  # a line cut short by a crash: that id is retried
        if isinstance(record, dict) and record.get("meetingId") and record.get("userMeetingId"):
            created.add(str(record["userMeetingId"]))
    return created


class _Summary:
    def __init__(self, total: int, skipped: int) -> None:
        self.total = total
        self.skipped = skipped
        self.created = 0
        self.failed = 0
        self.interrupted = False
        self.started = time.perf_counter()

    def line(self) -> str:
        elapsed = time.perf_counter() - self.started
        state = "interrupted" if self.interrupted else "done"
        return (
            f"{state}: {self.created} created, {self.failed} failed, {self.skipped} skipped "
            f"(already created), {self.total - self.created - self.failed} not attempted, "
            f"in {elapsed:.1f} s"
        )

    def exit_code(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        return EXIT_FAILED_ITEMS if self.failed else 0


class _Progress:
    """A rich progress bar on a terminal; a plain line every few seconds otherwise."""

    def __init__(self, summary: _Summary, *, every: float = 2.0) -> None:
        self._summary = summary
        self._every = every
        self._last = 0.0
        self._bar: Any = None
        self._task: Any = None
        if sys.stderr.isatty():
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            self._bar = Progress(
                TextColumn("creating"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]:,.0f}/s"),
                TextColumn("errors: {task.fields[errors]}"),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                transient=False,
            )
            self._task = self._bar.add_task("create", total=summary.total, rate=0.0, errors=0)
            self._bar.start()

    def update(self) -> None:
        s = self._summary
        done = s.created + s.failed
        elapsed = max(time.perf_counter() - s.started, 1e-9)
        rate = done / elapsed
        if self._bar is not None:
            self._bar.update(self._task, completed=done, rate=rate, errors=s.failed)
            return
        now = time.perf_counter()
        if now - self._last >= self._every or done == s.total:
            self._last = now
            eta = (s.total - done) / rate if rate else float("inf")
            click.echo(
                f"progress: {done}/{s.total} done, {s.failed} errors, {rate:,.0f}/s, "
                f"ETA {eta:,.0f} s",
                err=True,
            )

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


async def _create_many(
    sdk: AsyncVideoSDK,
    todo: list[str],
    sink: IO[str],
    *,
    concurrency: int,
    rate: float | None,
    skipped: int,
) -> _Summary:
    summary = _Summary(len(todo), skipped)
    stop = asyncio.Event()
    main = asyncio.current_task()
    loop = asyncio.get_running_loop()

    def on_sigint() -> None:
        if stop.is_set():
            if main is not None:
                main.cancel()  # second Ctrl-C: abort the requests in flight
            return
        stop.set()
        click.echo(
            "\ninterrupted: finishing the requests in flight (Ctrl-C again to abort them)",
            err=True,
        )

    def intake() -> Iterator[str]:
        for umid in todo:
            if stop.is_set():
                return
            yield umid

    loop.add_signal_handler(signal.SIGINT, on_sigint)
    progress = _Progress(summary)
    try:
        async with sdk:
            results = sdk.meetings.create_iter(intake(), concurrency=concurrency, rate_limit=rate)
            async for index, result in results:
                record: dict[str, Any] = {"index": index, "userMeetingId": todo[index]}
                if isinstance(result, Meeting):
                    record.update(unstructure(result))
                    summary.created += 1
                else:
                    record["error"] = _error_json(result)
                    summary.failed += 1
                sink.write(json.dumps(record) + "\n")
                sink.flush()
                progress.update()
    except asyncio.CancelledError:
        pass
    finally:
        loop.remove_signal_handler(signal.SIGINT)
        progress.close()
    summary.interrupted = stop.is_set()
    return summary


# -- tokens ------------------------------------------------------------------------------


@cli.command()
@click.option("--meeting-id", default=None, help="Restrict the token to this meeting (join).")
@click.option("--participant-id", default=None, help="Bind the token to this participant.")
@click.option(
    "--permission",
    "permissions",
    multiple=True,
    type=click.Choice(["allow_join", "allow_mod", "ask_join"]),
    help="Repeatable; default allow_join (allow_join + allow_mod with --management).",
)
@click.option("--role", "roles", multiple=True, type=click.Choice(["crawler", "rtc"]))
@click.option("--ttl", default=3600.0, show_default=True, help="Lifetime in seconds.")
@click.option("--management", is_flag=True, help="A server-side token for the REST API.")
def token(
    meeting_id: str | None,
    participant_id: str | None,
    permissions: tuple[str, ...],
    roles: tuple[str, ...],
    ttl: float,
    management: bool,
) -> None:
    """Mint a token from VIDEOSDK_API_KEY and VIDEOSDK_SECRET and print it as JSON."""
    api_key = os.environ.get("VIDEOSDK_API_KEY")
    secret = os.environ.get("VIDEOSDK_SECRET")
    if not api_key or not secret:
        raise click.UsageError("minting a token needs VIDEOSDK_API_KEY and VIDEOSDK_SECRET")
    if not permissions:
        permissions = ("allow_join", "allow_mod") if management else ("allow_join",)
    try:
        minted = generate_token(
            api_key,
            secret,
            permissions=permissions,  # type: ignore[arg-type]
            ttl=ttl,
            room_id=meeting_id,
            participant_id=participant_id,
            roles=roles or None,  # type: ignore[arg-type]
        )
    except (TypeError, ValueError) as exc:
        raise click.UsageError(str(exc)) from None
    claims = jwt.decode(minted, options={"verify_signature": False})
    _echo_json({"token": minted, "claims": claims})


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        cli.main(args=argv, prog_name="videosdk-async", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else EXIT_USAGE)
