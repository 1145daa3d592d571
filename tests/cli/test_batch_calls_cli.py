"""`batch-calls upload` and `batch-calls records export` against the emulator server."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

import videosdk_async as vs
from videosdk_async.emulator import EmulatorServer
from videosdk_async.emulator.routes._batch_call_controls import BatchCallControls

from .helpers import invoke

pytestmark = pytest.mark.loopback

CSV = "phoneNumber,name\n+14155550100,Ann\n+14155550101,Bob\n"


def _file(tmp_path: Path, text: str = CSV, name: str = "leads.csv") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_upload_wait_prints_the_parsed_batch(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """`upload FILE --wait` prints the parsed batch as JSON; stderr shows each status."""
    code, out, err = invoke(
        env, "batch-calls", "upload", _file(tmp_path), "--wait", "--poll-interval", "0.01"
    )

    summary = json.loads(out)
    assert code == 0
    assert (summary["status"], summary["records_uploaded"]) == ("parsed", 2)
    assert summary["file"]["filename"] == "leads.csv"
    assert [line.split(" ")[0] for line in err.splitlines()] == ["uploading", "parsing", "parsed"]
    assert "2 numbers" in err.splitlines()[-1]


def test_upload_without_wait_returns_while_parsing(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """Without --wait the summary shows the batch as read right after parsing started."""
    server.emulator.control(BatchCallControls).hold_parsing()

    code, out, _ = invoke(env, "batch-calls", "upload", _file(tmp_path))

    assert code == 0
    assert json.loads(out)["status"] == "parsing"


def test_a_parse_failure_is_one_line_and_exit_1(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """A file the emulator cannot parse: exit 1, one `error:` line naming the reason."""
    code, out, err = invoke(
        env,
        "batch-calls",
        "upload",
        _file(tmp_path, "name\nAnn\n"),
        "--wait",
        "--poll-interval",
        "0.01",
    )

    assert (code, out) == (1, "")
    assert err.splitlines()[-1].startswith("error: ")
    assert "phoneNumber" in err.splitlines()[-1]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [("leads.txt", CSV, ".csv"), ("empty.csv", "", "empty")],
)
def test_a_refused_file_is_exit_2_with_nothing_sent(
    server: EmulatorServer,
    env: dict[str, str],
    tmp_path: Path,
    name: str,
    text: str,
    message: str,
) -> None:
    """A .txt or an empty file: exit 2, one line, no request reaches the emulator."""
    code, _, err = invoke(env, "batch-calls", "upload", _file(tmp_path, text, name))

    assert code == 2
    assert err.splitlines()[-1].startswith("error: ")
    assert message in err
    assert server.emulator.journal == []


def test_a_missing_file_is_exit_2(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """A path that does not exist: exit 2 (cannot read), nothing sent."""
    code, _, err = invoke(env, "batch-calls", "upload", str(tmp_path / "nope.csv"))

    assert code == 2
    assert "cannot read" in err
    assert server.emulator.journal == []


def test_records_export_prints_the_csv(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """`records export ID` prints the CSV on stdout; --status filters it."""
    _, out, _ = invoke(
        env, "batch-calls", "upload", _file(tmp_path), "--wait", "--poll-interval", "0.01"
    )
    batch_id = json.loads(out)["batch_id"]

    code, csv, _ = invoke(env, "batch-calls", "records", "export", batch_id)
    _, none, _ = invoke(env, "batch-calls", "records", "export", batch_id, "--status", "done")

    assert code == 0
    assert csv.splitlines()[0].startswith("recordId,phoneNumber,status")
    assert sorted(line.split(",")[1] for line in csv.splitlines()[1:]) == [
        "+14155550100",
        "+14155550101",
    ]
    assert len(none.splitlines()) == 1


def test_records_export_of_an_unknown_batch_is_exit_3(
    server: EmulatorServer, env: dict[str, str]
) -> None:
    """An unknown batch: exit 3 (not found) with one error line; a bad id: exit 2."""
    missing = invoke(env, "batch-calls", "records", "export", "nope")
    bad = invoke(env, "batch-calls", "records", "export", "a/b")

    assert missing[0] == 3
    assert bad[0] == 2


def test_upload_replaces_a_batch_file(
    server: EmulatorServer, env: dict[str, str], tmp_path: Path
) -> None:
    """--batch-id uploads a new file into an existing batch."""

    async def first() -> str:
        async with vs.AsyncVideoSDK(**server.sdk_kwargs()) as sdk:
            batch = await sdk.batch_calls.upload(CSV.encode(), file_name="a.csv")
            return batch.batch_id

    batch_id = asyncio.run(first())
    path = _file(tmp_path, "phoneNumber\n+14155550123\n", "more.csv")

    code, out, _ = invoke(
        env, "batch-calls", "upload", path, "--batch-id", batch_id, "--wait",
        "--poll-interval", "0.01",
    )  # fmt: skip

    assert code == 0
    assert (json.loads(out)["batch_id"], json.loads(out)["records_uploaded"]) == (batch_id, 1)
