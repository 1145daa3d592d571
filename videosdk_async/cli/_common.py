"""What the command families share: the SDK from options, JSON output, errors -> exit codes.

Exit codes: 0 success, 1 the API or an item failed, or could not be reached (or a resume
could not reconcile), 2 bad input (one line on stderr, nothing sent), 3 not found (the API
says the room, meeting, session... does not exist), 130 interrupted.
"""

from __future__ import annotations

import asyncio
import functools
import json
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import attrs
import click

from .. import _config
from .._client import AsyncVideoSDK
from .._core import _json
from .._core._errors import APIConnectionError, APIStatusError, NotFoundError, VideoSDKError

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_NOT_FOUND = 3
EXIT_INTERRUPTED = 130

_T = TypeVar("_T")


def one_line(text: str) -> str:
    """``text`` on one line (messages may quote server text or paths with newlines)."""
    return " ".join(text.split())


class BadInput(click.ClickException):
    """Bad input, refused before anything is sent: one ``error: ...`` line, exit 2."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str) -> None:
        super().__init__(one_line(message))


class Failed(BadInput):
    """A call or the journal failed: one ``error: ...`` line, exit 1."""

    exit_code = EXIT_FAILED


def usage(message: str) -> NoReturn:
    """Refuse bad input: one line on stderr, exit 2 (before anything is sent)."""
    raise BadInput(message)


def checked(check: Callable[[object, str], object], value: object, name: str) -> str:
    """``value`` passed through one of the SDK's id checks, or a usage error."""
    try:
        result = check(value, name)
    except (TypeError, ValueError) as exc:
        usage(str(exc))
    return str(result)


# -- the SDK from options and the environment ----------------------------------------------


@attrs.frozen
class ApiOptions:
    """``--api-key``, ``--secret``, ``--base-url`` and ``--token``, as given (None: from the
    environment)."""

    api_key: str | None = None
    secret: str | None = None
    base_url: str | None = None
    token: str | None = attrs.field(default=None, repr=False)

    def sdk(self, *, max_connections: int = 0) -> AsyncVideoSDK:
        """An `AsyncVideoSDK` from these options, the rest from the environment.

        ``max_connections`` raises the pool's size (never lowers it), for a batch's
        concurrency.
        """
        key, secret = self.api_key, self.secret
        if key is not None or secret is not None:
            # One of the pair on the command line, the other in the environment is fine.
            key = key if key is not None else _config.env(_config.ENV_API_KEY)
            secret = secret if secret is not None else _config.env(_config.ENV_SECRET)
        try:
            return AsyncVideoSDK(
                api_key=key,
                secret=secret,
                token=self.token,
                base_url=self.base_url,
                max_connections=max(max_connections, _config.DEFAULT_MAX_CONNECTIONS),
            )
        except (TypeError, ValueError) as exc:
            usage(str(exc))

    def credentials(self) -> tuple[str, str]:
        """The API key and secret to sign tokens with (options first, then the environment)."""
        key = self.api_key or _config.env(_config.ENV_API_KEY)
        secret = self.secret or _config.env(_config.ENV_SECRET)
        if not key or not secret:
            usage(
                "minting a token needs an API key and secret: --api-key and --secret, "
                f"or {_config.ENV_API_KEY} and {_config.ENV_SECRET}"
            )
        return key, secret


def _credential_options() -> list[Callable[[Callable[..., Any]], Callable[..., Any]]]:
    return [
        click.option(
            "--api-key", default=None, help=f"Your API key (default: ${_config.ENV_API_KEY})."
        ),
        click.option(
            "--secret",
            default=None,
            help=f"Your API secret (default: ${_config.ENV_SECRET}; the environment keeps it "
            "out of the process list).",
        ),
    ]


def api_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--api-key``, ``--secret`` and ``--base-url``; the command gets ``api=ApiOptions``."""

    @functools.wraps(fn)
    def wrapper(
        *args: Any, api_key: str | None, secret: str | None, base_url: str | None, **kwargs: Any
    ) -> Any:
        api = ApiOptions(*_global(api_key, secret), base_url, _global_token())
        return fn(*args, api=api, **kwargs)

    command: Callable[..., Any] = wrapper
    base_url: Callable[[Callable[..., Any]], Callable[..., Any]] = click.option(
        "--base-url",
        default=None,
        help=f"API root (default: ${_config.ENV_ENDPOINT}, else {_config.DEFAULT_BASE_URL}).",
    )
    for option in [*_credential_options(), base_url][::-1]:
        command = option(command)
    return command


def credential_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--api-key`` and ``--secret`` (no endpoint); the command gets ``api=ApiOptions``."""

    @functools.wraps(fn)
    def wrapper(*args: Any, api_key: str | None, secret: str | None, **kwargs: Any) -> Any:
        return fn(*args, api=ApiOptions(*_global(api_key, secret)), **kwargs)

    command: Callable[..., Any] = wrapper
    for option in _credential_options()[::-1]:
        command = option(command)
    return command


def _global(api_key: str | None, secret: str | None) -> tuple[str | None, str | None]:
    """The command's own ``--api-key``/``--secret``, else those given before the command."""
    ctx = click.get_current_context(silent=True)
    given = ctx.find_root().params if ctx is not None else {}
    return (
        api_key if api_key is not None else given.get("api_key"),
        secret if secret is not None else given.get("secret"),
    )


def global_option(name: str) -> str | None:
    """A global option's value (``api_key``, ``secret``, ``token``) given before the command
    (or moved there from after it); None if not given."""
    ctx = click.get_current_context(silent=True)
    value = ctx.find_root().params.get(name) if ctx is not None else None
    return value if isinstance(value, str) else None


def _global_token() -> str | None:
    """``--token`` (a pre-minted token), wherever it was given on the line."""
    return global_option("token")


class NotFound(Failed):
    """The API says what the command names does not exist: one line, exit 3."""

    exit_code = EXIT_NOT_FOUND


def failure(exc: VideoSDKError, sdk: AsyncVideoSDK) -> Failed:
    """An SDK error as the one line the command ends with (exit 3 not found, else 1)."""
    if isinstance(exc, APIConnectionError):
        return Failed(f"cannot reach {sdk.base_url}: {exc}")
    if isinstance(exc, NotFoundError):
        return NotFound(str(exc))
    return Failed(str(exc))


def call_api(api: ApiOptions, call: Callable[[AsyncVideoSDK], Awaitable[_T]]) -> _T:
    """Run ``call(sdk)`` on a fresh SDK; a failure is one line, exit 1 (3: not found)."""
    sdk = api.sdk()

    async def run() -> _T:
        async with sdk:
            return await call(sdk)

    try:
        return asyncio.run(run())
    except VideoSDKError as exc:
        raise failure(exc, sdk) from None


# -- output ---------------------------------------------------------------------------------


def echo_json(value: object) -> None:
    """Print ``value`` as indented JSON on stdout (compact when it nests too deeply to
    indent: indenting recurses a few frames per level)."""
    try:
        text = json.dumps(value, indent=2, sort_keys=True)
    except RecursionError:
        text = _compact(value)
    click.echo(text)


def echo_json_line(value: object) -> None:
    """Print ``value`` as one compact JSON line on stdout."""
    click.echo(_compact(value))


def _compact(value: object) -> str:
    try:
        return _json.dumps(value, sort_keys=True).decode()
    except ValueError:
        raise Failed("the answer is nested too deeply to print as JSON") from None


def error_json(error: VideoSDKError) -> dict[str, Any]:
    """A failed item's error, as recorded in a create-many journal."""
    out: dict[str, Any] = {
        "type": type(error).__name__,
        "message": error.message,
        "outcomeUnknown": error.outcome_unknown,
    }
    if isinstance(error, APIStatusError):
        out["statusCode"] = error.status_code
    return out


# -- input ----------------------------------------------------------------------------------


def ids_from_file(path: Path, check: Callable[[object, str], object], name: str) -> list[str]:
    """The ids of a UTF-8 file, one a line, each checked; unique.

    Only ``\\n`` ends a line: other line breaks (``\\x1c``, ``\\x85``...) are control
    characters inside an id, refused rather than silently splitting it. A blank line is bad
    input too (a missing id, or a file that is not the list it seems); the file's final line
    break is not one.
    """
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        usage(f"{path} is not UTF-8 text (byte {exc.start} cannot be decoded)")
    except OSError as exc:
        usage(f"cannot read {path}: {exc.strerror or exc}")
    ids: list[str] = []
    lines = text.split("\n")
    if lines[-1] == "":
        lines.pop()  # the line break that ends the last line
    for number, line in enumerate(lines, start=1):
        value = line.strip(" \t\r")
        if not value:
            usage(f"line {number} of {path} is blank: give one {name} a line, no empty lines")
        try:
            ids.append(str(check(value, name)))
        except (TypeError, ValueError) as exc:
            usage(f"line {number} of {path}: {exc}")
    return unique(ids, name)


def unique(ids: Iterable[str], name: str) -> list[str]:
    """``ids`` as a list, refusing duplicates (a resumed run tells items apart by id)."""
    seen: set[str] = set()
    out = []
    for value in ids:
        if value in seen:
            usage(f"{name} {value!r} appears twice: each item needs its own id")
        seen.add(value)
        out.append(value)
    return out
