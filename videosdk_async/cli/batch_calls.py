"""``videosdk-async batch-calls``: upload a file of numbers, export a campaign's records.

``upload FILE`` prints a JSON summary of the batch on stdout, and its progress (each status
while the file is parsed) on stderr; ``records export ID`` prints the records' CSV.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import click

from .._client import AsyncVideoSDK
from .._core._ids import check_id
from ..models.batch_calls import BatchCall
from ._common import ApiOptions, api_options, call_api, checked, echo_json, usage


@click.group("batch-calls")
def batch_calls() -> None:
    """Outbound call campaigns: upload a file of numbers, export the results."""


class _Progress:
    """Each status of the upload on stderr: a spinner on a terminal, else one line each."""

    def __init__(self) -> None:
        self._started = time.perf_counter()
        self._status: Any = None
        if sys.stderr.isatty():
            from rich.console import Console

            self._status = Console(stderr=True).status("uploading")
            self._status.start()
        else:
            click.echo("uploading", err=True)

    def __call__(self, status: str, batch: BatchCall | None) -> None:
        elapsed = time.perf_counter() - self._started
        line = f"{status} ({elapsed:.1f} s)"
        if batch is not None and batch.records_uploaded is not None and status == "parsed":
            line += f": {batch.records_uploaded} numbers"
        if self._status is not None:
            self._status.update(line)
        else:
            click.echo(line, err=True)

    def close(self) -> None:
        if self._status is not None:
            self._status.stop()


def _summary(batch: BatchCall) -> dict[str, Any]:
    return {
        "batch_id": batch.batch_id,
        "status": batch.status,
        "records_uploaded": batch.records_uploaded,
        "file": batch.file,
        "parse_error": batch.parse_error,
    }


@batch_calls.command("upload")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--wait/--no-wait", default=False, help="Wait until the file is parsed.")
@click.option("--batch-id", default=None, help="Replace this batch's file.")
@click.option("--poll-interval", type=float, default=2.0, show_default=True, help="Seconds.")
@click.option("--poll-timeout", type=float, default=120.0, show_default=True, help="Seconds.")
@api_options
def upload(
    file: Path,
    wait: bool,
    batch_id: str | None,
    poll_interval: float,
    poll_timeout: float,
    api: ApiOptions,
) -> None:
    """Upload FILE (.csv, .xls or .xlsx, at most 5 MiB) and start parsing it; print the batch
    as JSON (with --wait, once parsed: exit 1 if parsing fails)."""
    batch = None if batch_id is None else checked(check_id, batch_id, "--batch-id")

    async def run(sdk: AsyncVideoSDK) -> BatchCall:
        progress = _Progress()
        try:
            return await sdk.batch_calls.upload(
                file,
                batch_id=batch,
                wait_for_parse=wait,
                poll_interval=poll_interval,
                poll_timeout=poll_timeout,
                on_status=progress,
            )
        except ValueError as exc:  # the file or an option, refused before sending
            usage(str(exc))
        except OSError as exc:
            usage(f"cannot read {file}: {exc.strerror or exc}")
        finally:
            progress.close()

    echo_json(_summary(call_api(api, run)))


@batch_calls.group("records")
def records() -> None:
    """The numbers of a campaign."""


@records.command("export")
@click.argument("batch_id")
@click.option("--status", default=None, help="Only records of these statuses (comma-separated).")
@click.option("--search", default=None, help="Only records matching this text.")
@api_options
def export(batch_id: str, status: str | None, search: str | None, api: ApiOptions) -> None:
    """Print BATCH_ID's records as CSV on stdout."""
    bid = checked(check_id, batch_id, "batch_id")
    text = call_api(
        api, lambda sdk: sdk.batch_calls.records.export(bid, status=status, search=search)
    )
    click.echo(text, nl=not text.endswith("\n"))


#: What this module adds to the command line.
COMMANDS: tuple[click.Command, ...] = (batch_calls,)
