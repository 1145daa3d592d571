"""examples/outbound_campaign.py, run the way its users run it, against the emulator."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from videosdk_async.emulator import EmulatorServer
from videosdk_async.emulator.routes.batch_calls import BatchCallControls

SCRIPT = Path(__file__).parent.parent / "examples" / "outbound_campaign.py"
LEADS = "phoneNumber,name\n+14155550100,Ann\n+14155550101,Bob\n+14155550102,Cy\n"

pytestmark = pytest.mark.loopback


def _run(server: EmulatorServer | None, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("VIDEOSDK_")}
    if server is not None:
        env |= {
            "VIDEOSDK_API_KEY": server.emulator.api_key,
            "VIDEOSDK_SECRET": server.emulator.secret,
            "VIDEOSDK_API_ENDPOINT": server.base_url,
        }
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args, "--phone-number-id", "pn1",
         "--routing-rule-id", "rr1", "--poll", "0.01"],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as source:
        return list(csv.DictReader(source))


def test_a_campaign_runs_to_the_end_and_exports_every_number(
    server: EmulatorServer, tmp_path: Path
) -> None:
    """Upload, launch, watch, export: every number in results.csv, completed; exit 0."""
    leads, results = tmp_path / "leads.csv", tmp_path / "results.csv"
    leads.write_text(LEADS)

    done = _run(server, str(leads), str(results))

    assert done.returncode == 0, done.stderr
    rows = _rows(results)
    assert sorted(r["phoneNumber"] for r in rows) == [
        "+14155550100",
        "+14155550101",
        "+14155550102",
    ]
    assert {r["status"] for r in rows} == {"completed"}
    assert {r["name"] for r in rows} == {"Ann", "Bob", "Cy"}
    assert "file: parsing" in done.stderr
    assert "3 numbers in batch" in done.stderr
    assert "done: 3 of 3 numbers reached" in done.stderr
    [put] = server.emulator.control(BatchCallControls).puts()
    assert put.authorization is False


def test_running_it_again_launches_nothing_twice(server: EmulatorServer, tmp_path: Path) -> None:
    """A second run with the same name watches the first campaign: one upload, one launch."""
    leads, results = tmp_path / "leads.csv", tmp_path / "results.csv"
    leads.write_text(LEADS)

    first = _run(server, str(leads), str(results))
    second = _run(server, str(leads), str(results))

    assert (first.returncode, second.returncode) == (0, 0), second.stderr
    launches = [e for e in server.emulator.journal if e.route == "POST /v2/batch-calls"]
    assert len(launches) == 1
    assert len(server.emulator.control(BatchCallControls).puts()) == 1
    assert "watching it, launching nothing" in second.stderr
    assert len(_rows(results)) == 3


def test_a_number_not_reached_is_retried_then_reported(
    server: EmulatorServer, tmp_path: Path
) -> None:
    """A number that never answers is called twice, ends 'not connected', and exits 1."""
    server.emulator.control(BatchCallControls).set_outcome("+14155550101")
    leads, results = tmp_path / "leads.csv", tmp_path / "results.csv"
    leads.write_text(LEADS)

    done = _run(server, str(leads), str(results))

    assert done.returncode == 1
    failed = [r for r in _rows(results) if r["status"] != "completed"]
    assert [(r["phoneNumber"], r["status"], r["attempts"]) for r in failed] == [
        ("+14155550101", "not connected", "2")
    ]
    assert "done: 2 of 3 numbers reached" in done.stderr


def test_a_file_without_phone_numbers_is_refused(server: EmulatorServer, tmp_path: Path) -> None:
    """A CSV without a phoneNumber column: the parse error on stderr, exit 2, no results."""
    leads, results = tmp_path / "leads.csv", tmp_path / "results.csv"
    leads.write_text("name\nAnn\n")

    done = _run(server, str(leads), str(results))

    assert done.returncode == 2
    assert "parse_failed" in done.stderr
    assert "phoneNumber" in done.stderr
    assert not results.exists()


def test_it_runs_offline_on_the_in_process_emulator(tmp_path: Path) -> None:
    """Without credentials the script runs on the in-process emulator."""
    leads, results = tmp_path / "leads.csv", tmp_path / "results.csv"
    leads.write_text(LEADS)

    done = _run(None, str(leads), str(results))

    assert done.returncode == 0, done.stderr
    assert len(_rows(results)) == 3
