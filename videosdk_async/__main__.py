"""``python -m videosdk_async`` and the ``videosdk-async`` script: the command line.

The command line needs the ``cli`` extra (click and rich), which the core SDK never imports.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        from .cli import main as cli_main
    except ImportError as exc:  # pragma: no cover (depends on what is installed)
        sys.stderr.write(
            f"the videosdk-async command line needs the cli extra ({exc.name} is missing): "
            "pip install 'videosdk-async[cli,emulator]'\n"
        )
        return 2
    status: int = cli_main(list(argv) if argv is not None else None)
    return status


if __name__ == "__main__":
    sys.exit(main())
