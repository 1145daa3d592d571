"""The ``videosdk-async`` command line (extra ``cli``: click for arguments, rich for progress).

One module per family (listed in `FAMILIES`; each exports its click groups or commands as
``COMMANDS``); `_common` holds the SDK from options, JSON output and exit codes, `_journal` and
`_batch` the resumable ``create-many``. Credentials and the endpoint come from
``--api-key``/``--secret``/``--base-url`` or, as for `AsyncVideoSDK`, the environment:
``VIDEOSDK_API_KEY`` + ``VIDEOSDK_SECRET`` (or ``VIDEOSDK_TOKEN``), ``VIDEOSDK_API_ENDPOINT``.

Every refusal is one ``error: ...`` line on stderr: exit 2 for bad input (nothing sent), 3
when the API says it does not exist, 1 for any other failed or unreachable call, 130 when
interrupted. The global options (``-v``, ``--api-key``, ``--secret``, ``--token``) work
anywhere on the line (`_manners.hoist`).
"""

from __future__ import annotations

import importlib
import logging
import re
import sys
from collections.abc import Sequence
from typing import Any, Final

import click

from .._version import __version__
from ._common import EXIT_INTERRUPTED, EXIT_USAGE, one_line
from ._manners import hoist

__all__ = ["cli", "main"]


class _Root(click.Group):
    """The root group: every error, click's own included, is one line on stderr."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            result = super().main(
                hoist(self, list(sys.argv[1:] if args is None else args)),
                prog_name,
                complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )
            code = result if isinstance(result, int) else 0
        except click.exceptions.NoArgsIsHelpError as exc:
            exc.show()  # a group without its command: its help, as click shows it
            code = EXIT_USAGE
        except click.UsageError as exc:
            code = _fail(exc.format_message(), EXIT_USAGE)
        except click.ClickException as exc:
            code = _fail(exc.format_message(), exc.exit_code)
        except click.Abort:
            code = _fail("interrupted", EXIT_INTERRUPTED)
        if standalone_mode:
            sys.exit(code)
        return code


def _fail(message: str, code: int) -> int:
    click.echo(f"error: {one_line(message)}", err=True)
    return code


#: A JWT (tokens are JWTs): three base64url parts, the first encoding '{"'.
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")


class _Redact(logging.Filter):
    """Belt and braces: nothing that looks like a token leaves through ``-v`` logs."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = _JWT.sub("[redacted]", record.getMessage()), None
        return True


def _log_requests(ctx: click.Context) -> None:
    logger = logging.getLogger("videosdk_async")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(_Redact())
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)

    def restore() -> None:
        logger.removeHandler(handler)
        logger.setLevel(level)

    ctx.call_on_close(restore)


_EPILOG = """\b
Global options (-v, --api-key, --secret, --token) work before or after the command.
Output: JSON on stdout (one object, or one JSON line per item for lists).
Exit status:
  0    done
  1    the call failed, or the API could not be reached
  2    bad input (one error line; nothing was sent)
  3    not found (the room, meeting, session... does not exist)
  130  interrupted
"""


@click.group(cls=_Root, epilog=_EPILOG)
@click.version_option(__version__, "--version", prog_name="videosdk-async")
@click.option("-v", "--verbose", is_flag=True, help="Log each request to stderr (no tokens).")
@click.option("--api-key", default=None, help="Your API key (default: $VIDEOSDK_API_KEY).")
@click.option(
    "--secret",
    default=None,
    help="Your API secret (default: $VIDEOSDK_SECRET; the environment keeps it out of the "
    "process list).",
)
@click.option(
    "--token",
    default=None,
    help="A pre-minted API token instead of a key and secret (default: $VIDEOSDK_TOKEN).",
)
@click.pass_context
def cli(
    ctx: click.Context,
    verbose: bool,
    api_key: str | None,
    secret: str | None,
    token: str | None,
) -> None:
    """The asyncio SDK for the VideoSDK.live REST API, on the command line."""
    del api_key, secret, token  # read by the commands from this context (see _common)
    if verbose:
        _log_requests(ctx)


#: The command-line families, one module each with its ``COMMANDS`` (in help's order).
FAMILIES: Final = (
    "meetings",
    "rooms",
    "sessions",
    "tokens",
    "webhooks",
    "demo",
    "emulator",
    "egress",
    "transcodings",
    "token_tools",
    "ingest",
    "batch_calls",
    "sip",
    "transcription",
    "agents",
    "incidents",
)
for _family in FAMILIES:
    for _command in importlib.import_module(f"{__name__}.{_family}").COMMANDS:
        cli.add_command(_command)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        cli.main(args=argv, prog_name="videosdk-async", standalone_mode=True)
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else EXIT_USAGE)
    return 0
