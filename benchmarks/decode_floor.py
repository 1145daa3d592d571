"""Where a listed room's client CPU goes, and the floor of decoding it into a model.

    python benchmarks/decode_floor.py      # a table, and results/decode_floor.json

Per item of a page of 1,000 rooms (the list benchmark's rooms), in one process: parsing the
page (``json.loads``, as the raw baseline does, and orjson, as the SDK does), the SDK's
decoder (`into(Room)`), and a hand-written decoder that does only what any eager decoding
into a frozen attrs model must (read and check each field, parse the two datetimes, make the
instance and fill its slots, by the fastest way found) with nothing else: the floor of decoding. With the collector on,
each run also pays for the garbage collection its allocations trigger.
"""

from __future__ import annotations

import gc
import json
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from lists import _room  # the list benchmark's rooms (this folder is on sys.path[0])

from videosdk_async import Room
from videosdk_async._core._converter import into
from videosdk_async._core._fastdecode import _twin

HERE = Path(__file__).parent
PAGE = 1000
ROUNDS = 30


#: A mutable class of Room's exact layout (the SDK's own helper): plain attribute stores fill
#: it, and assigning ``__class__`` makes it a Room (the fastest way found to fill a frozen
#: slotted instance).
_TWIN = _twin(Room)
assert _TWIN is not None, "Room has slots of its own"
_NEW = object.__new__


def _when(text: object) -> datetime | None:
    if text is None:
        return None
    if text.__class__ is not str:
        raise TypeError
    value = datetime.fromisoformat(text)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def minimal(d: dict[str, Any]) -> Room:
    """Only what eager decoding must do: check, convert, make, fill (straight-line)."""
    get = d.get
    room_id, id_ = get("roomId"), get("id")
    if room_id.__class__ is not str or id_.__class__ is not str:
        raise TypeError
    room: Any = _NEW(_TWIN)
    room.raw = d
    room.id = id_
    room.room_id = room_id
    room.custom_room_id = get("customRoomId")
    user = get("user")  # a listed room's owner (`Room` reads `userId`, else `user.id`)
    room.user_id = user.get("id") if user.__class__ is dict else get("userId")
    room.disabled = get("disabled") is True
    room.created_at = _when(get("createdAt"))
    room.updated_at = _when(get("updatedAt"))
    room.webhook = None
    room.auto_close = None
    room.geo_fence = get("geoFence")
    room.links = get("links")
    room.__class__ = Room
    return room  # type: ignore[no-any-return]


def _per_item(work: Callable[[], object], collect: bool) -> float:
    """Median CPU microseconds per item of ``work`` (one page), the collector on or off."""
    samples = []
    for _ in range(ROUNDS):
        gc.collect()
        if not collect:
            gc.disable()
        start = time.process_time()
        kept = work()
        samples.append((time.process_time() - start) / PAGE * 1e6)
        del kept
        gc.enable()
    return statistics.median(samples)


def run() -> dict[str, float]:
    page = json.dumps({"data": [_room(i) for i in range(PAGE)]}).encode()
    items = json.loads(page)["data"]
    decode = into(Room)
    assert minimal(items[0]) == decode(items[0])
    work: dict[str, Callable[[], object]] = {
        "json.loads of the page": lambda: json.loads(page),
        "orjson.loads of the page": lambda: orjson.loads(page),
        "the SDK's decoder, into(Room)": lambda: [decode(item) for item in items],
        "a minimal eager decoder (the floor)": lambda: [minimal(item) for item in items],
    }
    out: dict[str, float] = {}
    for name, fn in work.items():
        out[f"{name}, gc on"] = _per_item(fn, True)
        out[f"{name}, gc off"] = _per_item(fn, False)
    return out


def main() -> None:
    result = run()
    print("| per listed room | CPU us |")
    print("|---|---:|")
    for name, value in result.items():
        print(f"| {name} | {value:.2f} |")
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "decode_floor.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
