"""An outbound call campaign: upload a CSV of numbers, launch it, watch it, export results.

Run it (offline, on the in-process emulator, unless VIDEOSDK_API_KEY and VIDEOSDK_SECRET are
set):

    pip install -e '.[examples]'
    python examples/outbound_campaign.py leads.csv results.csv \\
        --phone-number-id PHONE_NUMBER_ID --routing-rule-id ROUTING_RULE_ID

``leads.csv`` has a ``phoneNumber`` column (E.164, e.g. ``+14155550100``); its other
columns travel with each number as metadata for your agent. The phone number and the
outbound routing rule are the SIP objects the calls go out through (``sdk.sip``). The
script prints the campaign's progress on stderr and writes every number's outcome to
``results.csv``. The exit status is 1 when any number was not reached.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from pathlib import Path

import videosdk_async as vs

#: A campaign's statuses once it calls no more.
DONE = ("completed", "cancelled")


def make_sdk() -> vs.AsyncVideoSDK:
    """The real API when credentials are set, else the in-process emulator."""
    if os.environ.get("VIDEOSDK_API_KEY") and os.environ.get("VIDEOSDK_SECRET"):
        return vs.AsyncVideoSDK()
    from videosdk_async.emulator import Emulator

    return Emulator().sdk()


def _say(text: str) -> None:
    print(text, file=sys.stderr)


async def find_campaign(sdk: vs.AsyncVideoSDK, name: str) -> vs.BatchCall | None:
    """The campaign already launched under ``name`` (and not cancelled), if any."""
    async for batch in sdk.batch_calls.list():
        if batch.batch_name == name and batch.status != "cancelled":
            return batch
    return None


async def run_campaign(
    sdk: vs.AsyncVideoSDK,
    leads: Path,
    results: Path,
    *,
    phone_number_id: str,
    routing_rule_id: str,
    name: str,
    poll: float,
) -> vs.BatchCallStats:
    """Upload ``leads``, launch the campaign, wait until it is done, export to ``results``.

    The campaign's name is its key: run the script again with the same ``--name`` and it
    finds the campaign it launched before and watches it, instead of calling every number a
    second time.
    """
    batch = await find_campaign(sdk, name)
    if batch is not None:
        _say(f"campaign {name!r} exists (batch {batch.batch_id}): watching it, launching nothing")
    else:
        batch = await sdk.batch_calls.upload(
            leads, poll_interval=poll, on_status=lambda status, _: _say(f"file: {status}")
        )
        _say(f"{batch.records_uploaded} numbers in batch {batch.batch_id}")
        await sdk.batch_calls.create(
            batch_id=batch.batch_id,
            batch_name=name,
            phone_number_id=phone_number_id,
            routing_rule_id=routing_rule_id,
            retry_config=vs.BatchCallRetry(retry_on=["not-answered", "missed"], max_attempts=2),
        )
    while True:
        stats = await sdk.batch_calls.stats(batch.batch_id)
        counts = ", ".join(f"{n} {label}" for label, n in sorted(stats.counts.items()))
        _say(f"campaign {stats.status}: {counts}")
        if stats.status in DONE:
            break
        await asyncio.sleep(poll)
    exported = await sdk.batch_calls.records.export(batch.batch_id)
    await asyncio.to_thread(results.write_text, exported, encoding="utf-8")
    return stats


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("leads", type=Path, help="CSV with a phoneNumber column")
    parser.add_argument("results", type=Path, help="where to write every number's outcome")
    parser.add_argument("--phone-number-id", required=True)
    parser.add_argument("--routing-rule-id", required=True)
    parser.add_argument("--name", default="Outbound campaign")
    parser.add_argument("--poll", type=float, default=5.0, help="seconds between checks")
    args = parser.parse_args(argv)
    try:
        async with make_sdk() as sdk:
            stats = await run_campaign(
                sdk,
                args.leads,
                args.results,
                phone_number_id=args.phone_number_id,
                routing_rule_id=args.routing_rule_id,
                name=args.name,
                poll=args.poll,
            )
    except vs.BatchCallUploadError as exc:
        _say(f"the file was not accepted ({exc.stage}): {exc.parse_error or exc.message}")
        return 2
    except (ValueError, OSError) as exc:
        _say(f"cannot use {args.leads}: {exc}")
        return 2
    except vs.VideoSDKError as exc:
        _say(f"the API refused: {exc}")
        return 1
    reached = stats.counts.get("completed", 0)
    _say(f"done: {reached} of {stats.total} numbers reached; results in {args.results}")
    return 0 if reached == stats.total else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
