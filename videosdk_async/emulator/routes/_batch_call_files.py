"""Reading a batch-call file into rows, and writing records out as CSV (the emulator's side).

A file holds a ``phoneNumber`` column and any other columns, which become each record's
``metadata``. CSV is read with the standard library; XLSX only when ``openpyxl`` is
importable (the emulator adds no dependency for it), else parsing fails with a clear
``parseError``; XLS is not read [INF].
"""

from __future__ import annotations

import csv
import importlib
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any, Final

PHONE_COLUMN: Final = "phoneNumber"
_PHONE = re.compile(r"\+?[0-9]{6,15}")  # [INF] the API's own rule is undocumented


class ParseError(Exception):
    """The file cannot become records; the message is the batch's ``parseError``."""


def rows(data: bytes, extension: str) -> list[tuple[str, dict[str, str]]]:
    """``(phone number, metadata)`` of each row of a file.

    Raises:
        ParseError: The file cannot be read, has no ``phoneNumber`` column, no row, or a
            row whose number is not a phone number.
    """
    if extension == ".csv":
        table = _csv(data)
    elif extension == ".xlsx":
        table = _xlsx(data)
    else:
        raise ParseError(f"the emulator does not read {extension} files: use .csv or .xlsx")
    header, *body = table or [[]]
    names = [str(name or "").strip() for name in header]
    if PHONE_COLUMN not in names:
        raise ParseError(f"the file has no {PHONE_COLUMN} column")
    found = []
    for number, row in enumerate(body, start=2):
        values = {name: str(value or "").strip() for name, value in zip(names, row, strict=False)}
        phone = values.pop(PHONE_COLUMN, "")
        if not phone and not any(values.values()):
            continue  # a blank line
        if not _PHONE.fullmatch(phone):
            raise ParseError(f"row {number}: {phone!r} is not a phone number")
        found.append((phone, {k: v for k, v in values.items() if k and v}))
    if not found:
        raise ParseError("the file holds no phone numbers")
    return found


def _csv(data: bytes) -> list[Sequence[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ParseError("the CSV file is not UTF-8 text") from None
    try:
        return list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise ParseError(f"the CSV file cannot be read: {exc}") from None


def _xlsx(data: bytes) -> list[Sequence[Any]]:
    try:
        openpyxl = importlib.import_module("openpyxl")
    except ImportError:
        raise ParseError(
            "the emulator reads .xlsx files only with openpyxl installed; use .csv"
        ) from None
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    except Exception as exc:  # any unreadable workbook is a parse error
        raise ParseError(f"the XLSX file cannot be read: {type(exc).__name__}") from None


def export(records: Iterable[dict[str, Any]]) -> str:
    """Records as CSV: fixed columns, then every metadata key (sorted)."""
    listed = list(records)
    extra = sorted({key for r in listed for key in (r.get("metadata") or {})})
    columns = ["recordId", PHONE_COLUMN, "status", "reason", "attempts", "callId"]
    columns.append("callDuration")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns + extra)
    for record in listed:
        meta = record.get("metadata") or {}
        fixed = ["" if record.get(c) is None else record[c] for c in columns]
        writer.writerow(fixed + [meta.get(key, "") for key in extra])
    return out.getvalue()
