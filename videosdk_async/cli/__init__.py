"""The ``videosdk-async`` command line (extra ``cli``: click for arguments, rich for progress)."""

from ._main import cli, main

__all__ = ["cli", "main"]
