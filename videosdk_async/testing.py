"""Helpers for testing code that uses videosdk-async.

```python
from videosdk_async import testing

testing.set_testing(True)   # backoff sleeps become instant, retries still happen
```
"""

from __future__ import annotations

from ._core._retry import is_testing, set_testing

__all__ = ["is_testing", "set_testing"]
