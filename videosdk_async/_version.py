"""The package version: the single source, read by hatchling at build time too.

A literal rather than importlib.metadata, which costs several milliseconds at import.
"""

__version__ = "0.1.0"
