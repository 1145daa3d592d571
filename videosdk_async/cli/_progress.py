"""What a ``create-many`` run reports: its counts (`Summary`) and its progress (`Progress`)."""

from __future__ import annotations

import sys
import time
from typing import Any

import attrs
import click

from ._common import EXIT_FAILED, EXIT_INTERRUPTED


@attrs.define
class Summary:
    """Counts of a run, and the line and exit code that end it.

    Attributes:
        total: The input's ids this run had to settle (created ones skipped).
        skipped: The input's ids the resumed journal records as created.
        sent: Creates this run sent (each journaled as "sending" first).
        created: Of those, created.
        failed: Of those, failed.
        reconciled: Ids sent by an earlier run, found on the server.
        resent: Ids sent by an earlier run with no known result, sent again (rooms).
        unresolved: The input's ids a lookup could not settle (nothing created for them).
        stray: Unsettled ids of the journal outside this run's input, or without an id.
    """

    total: int
    skipped: int
    sent: int = 0
    created: int = 0
    failed: int = 0
    reconciled: int = 0
    resent: int = 0
    unresolved: int = 0
    stray: int = 0
    interrupted: bool = False
    started: float = attrs.Factory(time.perf_counter)

    @property
    def done(self) -> int:
        """Items with a final answer in this run."""
        return self.created + self.failed + self.reconciled

    def line(self) -> str:
        """The one-line account of the run, on stderr at the end."""
        elapsed = time.perf_counter() - self.started
        unknown = self.sent - self.created - self.failed
        parts = [
            f"{self.created} created",
            f"{self.failed} failed",
            f"{self.skipped} skipped (already created)",
        ]
        if self.reconciled:
            parts.append(f"{self.reconciled} found already created (reconciled)")
        if self.resent:
            parts.append(f"{self.resent} sent again after an unknown outcome")
        if unknown:
            parts.append(f"{unknown} sent with no result yet (--resume settles them)")
        if self.unresolved or self.stray:
            parts.append(f"{self.unresolved + self.stray} unresolved")
        left = self.total - self.sent - self.reconciled - self.unresolved
        parts.append(f"{left} not attempted")
        state = "interrupted" if self.interrupted else "done"
        return f"{state}: {', '.join(parts)}, in {elapsed:.1f} s"

    def exit_code(self) -> int:
        """130 when interrupted; 1 when an item failed or is unresolved; else 0."""
        if self.interrupted:
            return EXIT_INTERRUPTED
        return EXIT_FAILED if self.failed or self.unresolved or self.stray else 0


class Progress:
    """A rich progress bar on a terminal; a plain line every few seconds otherwise."""

    def __init__(self, summary: Summary, *, every: float = 2.0) -> None:
        self._summary = summary
        self._every = every
        self._last = 0.0
        self._bar: Any = None
        self._task: Any = None
        if sys.stderr.isatty():
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                TextColumn,
                TimeRemainingColumn,
            )
            from rich.progress import Progress as Bar

            self._bar = Bar(
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
        """Show the counts after an item finished."""
        s = self._summary
        elapsed = max(time.perf_counter() - s.started, 1e-9)
        rate = s.done / elapsed
        if self._bar is not None:
            self._bar.update(self._task, completed=s.done, rate=rate, errors=s.failed)
            return
        now = time.perf_counter()
        if now - self._last >= self._every or s.done == s.total:
            self._last = now
            eta = (s.total - s.done) / rate if rate else float("inf")
            click.echo(
                f"progress: {s.done}/{s.total} done, {s.failed} errors, {rate:,.0f}/s, "
                f"ETA {eta:,.0f} s",
                err=True,
            )

    def close(self) -> None:
        """Stop the bar."""
        if self._bar is not None:
            self._bar.stop()
