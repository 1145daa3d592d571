"""The values the API returns (frozen attrs classes, no I/O), one module per family."""
