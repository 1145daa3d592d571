"""`Model`: what every result class shares (``raw`` and ``to_dict()``).

No `from __future__ import annotations` in the model modules: `videosdk_async/__init__`
re-homes these classes, so cattrs must find real types, not strings, in their annotations.
"""

from typing import Any

import attrs

from .._core._converter import to_dict


@attrs.frozen
class Model:
    """Base of the SDK's result classes.

    Attributes:
        raw: The decoded JSON the value came from, as the API sent it (so fields the API adds
            later are reachable). Not part of equality or the repr.
    """

    raw: dict[str, Any] = attrs.field(factory=dict, kw_only=True, repr=False, eq=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data: snake_case keys, ISO-8601 datetimes, no ``raw``.

        Ready for ``json.dumps`` or as a FastAPI / Starlette response body.
        """
        data: dict[str, Any] = to_dict(self)
        return data
