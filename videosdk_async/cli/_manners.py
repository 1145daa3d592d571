"""Command-line manners shared by every family: global options anywhere, JSON confirmations.

The global options (``-v``, ``--api-key``, ``--secret``, ``--token``) belong to the root
group, and `hoist` moves them there from wherever they are on the line, so
``videosdk-async rooms list -v`` and ``videosdk-async -v rooms list`` are the same. A command
that defines one of them itself (``emulator --api-key``: the key it accepts) keeps it.
"""

from __future__ import annotations

from typing import Final

import click

from ._common import echo_json

#: The root's options that may appear anywhere on the line.
GLOBAL_FLAGS: Final = frozenset({"-v", "--verbose"})
GLOBAL_VALUES: Final = frozenset({"--api-key", "--secret", "--token"})


def _option_names(command: click.Command) -> dict[str, bool]:
    """Each option name of ``command`` -> whether it takes a value."""
    names: dict[str, bool] = {}
    for param in command.params:
        if isinstance(param, click.Option):
            for name in (*param.opts, *param.secondary_opts):
                names[name] = not (param.is_flag or param.count)
    return names


def _leaf(root: click.Group, args: list[str]) -> tuple[click.Command, int]:
    """The command the line runs, and the index of the token after the first subcommand."""
    command: click.Command = root
    first = len(args)
    index = 0
    while index < len(args):
        token = args[index]
        if token == "--":
            break
        if token.startswith("-"):
            name = token.split("=", 1)[0]
            takes_value = _option_names(command).get(name, name in GLOBAL_VALUES)
            index += 2 if takes_value and "=" not in token else 1
            continue
        if not isinstance(command, click.Group) or token not in command.commands:
            break  # an argument of the command
        command = command.commands[token]
        index += 1
        first = min(first, index)
    return command, first


def hoist(root: click.Group, args: list[str]) -> list[str]:
    """``args`` with the global options after the subcommand moved before it.

    An option the command itself defines stays where it is; so does everything after
    ``--``.
    """
    command, first = _leaf(root, args)
    own = _option_names(command) if command is not root else {}
    moved: list[str] = []
    kept = list(args[:first])
    index = first
    while index < len(args):
        token = args[index]
        if token == "--":
            kept += args[index:]
            break
        name = token.split("=", 1)[0]
        if name in own or name not in GLOBAL_FLAGS | GLOBAL_VALUES:
            kept.append(token)
            index += 1
            continue
        if name in GLOBAL_VALUES and "=" not in token and index + 1 < len(args):
            moved += args[index : index + 2]
            index += 2
        else:
            moved.append(token)
            index += 1
    return moved + kept


def echo_done(message: str, **what: object) -> None:
    """Print what a stop, end or remove did as one JSON object: ``what`` plus the API's text."""
    echo_json({**what, "message": message})
