"""CSV, TSV (also QnA Maker's Question/Answer/Source/Metadata) and XLSX: one row per question, under a header."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

from bot.kb.importers.base import Imported, ImportedEntry, read_text, split_list
from bot.kb.loader import KBError, Problem

__all__ = ["COLUMNS", "read_csv", "read_rows", "read_xlsx"]

#: Header names (case and spaces ignored) and the field each fills.
COLUMNS = {
    "question": "question", "questions": "question", "q": "question",
    "answer": "answer", "answers": "answer", "a": "answer",
    "alternates": "alternates", "alternate": "alternates", "alternatives": "alternates",
    "alternate questions": "alternates", "alternate_questions": "alternates",
    "id": "id", "follow_ups": "follow_ups", "follow-ups": "follow_ups", "followups": "follow_ups",
    "follow ups": "follow_ups",
    "source": "", "metadata": "", "topic": "",  # QnA Maker's columns and our export's: known, not imported
}


def _header(cells: list[str], file: str) -> dict[str, int]:
    columns: dict[str, int] = {}
    unknown = []
    for index, cell in enumerate(cells):
        name = " ".join(cell.strip().casefold().split())
        field = COLUMNS.get(name)
        if field is None:
            if name:
                unknown.append(cell.strip())
        elif field and field not in columns:
            columns[field] = index
    if "question" not in columns or "answer" not in columns:
        found = ", ".join(repr(c.strip()) for c in cells if c.strip()) or "nothing"
        raise KBError([Problem(file, 1, f"the first row must be a header naming the 'question' and 'answer' "
                               f"columns (optional: alternates, id, follow_ups); found {found}")])
    if unknown:
        raise KBError([Problem(file, 1, f"unknown column(s) {', '.join(map(repr, unknown))}: "
                               "use question, answer, alternates, id, follow_ups")])
    return columns


def read_rows(rows: Iterable[tuple[int, list[str]]], file: str, format: str) -> Imported:
    """Entries from numbered rows, the first being the header; QnA Maker's repeated answers become alternates."""
    iterator = iter(rows)
    first = next(iterator, None)
    if first is None:
        raise KBError([Problem(file, None, "file is empty: expected a header row, then one row per question")])
    columns = _header(first[1], file)
    qna_maker = "alternates" not in columns and any(c.strip().casefold() in ("source", "metadata") for c in first[1])
    width = len(first[1])
    entries: list[ImportedEntry] = []
    by_answer: dict[str, ImportedEntry] = {}
    for line, cells in iterator:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            raise KBError([Problem(file, line, f"row has {len(cells)} cells but the header has {width}: "
                                   "quote cells that contain the separator")])

        def cell(name: str, cells: list[str] = cells) -> str:
            index = columns.get(name)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        entry = ImportedEntry(line, cell("question"), cell("answer"), split_list(cell("alternates")), cell("id"),
                              split_list(cell("follow_ups")))
        earlier = by_answer.get(entry.answer) if qna_maker and entry.answer else None
        if earlier is not None:  # QnA Maker lists each alternate question as a row with the same answer
            if entry.question and entry.question not in earlier.alternates:
                earlier.alternates.append(entry.question)
            continue
        by_answer.setdefault(entry.answer, entry)
        entries.append(entry)
    return Imported(file, format, entries)


def read_csv(path: Path, delimiter: str | None = None) -> Imported:
    """A CSV or TSV file (separator from ``delimiter``, else guessed from the header line)."""
    text = read_text(path)
    if delimiter is None:
        head = text.split("\n", 1)[0]
        delimiter = "\t" if head.count("\t") > max(head.count(","), head.count(";") - 1) else (
            ";" if head.count(";") > head.count(",") else ",")
    format = "TSV" if delimiter == "\t" else "CSV"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)

    def rows() -> Iterable[tuple[int, list[str]]]:
        start = 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                message = f"malformed {format}: {exc} (a quote opened in this row is not closed?)"
                raise KBError([Problem(str(path), start, message)]) from None
            yield start, cells
            start = reader.line_num + 1

    return read_rows(rows(), str(path), format)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    return str(value)


def read_xlsx(path: Path) -> Imported:
    """The first sheet of an XLSX workbook, with the same header as CSV; lines are row numbers."""
    from openpyxl import load_workbook  # only when importing a spreadsheet
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with path.open("rb") as handle:  # a handle: the content decides, not the file's extension
            workbook = load_workbook(handle, read_only=True, data_only=True)
            try:
                sheet = workbook.worksheets[0]
                rows = [(number, [_cell_text(v) for v in row])
                        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1)]
            finally:
                workbook.close()
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as exc:
        raise KBError([Problem(str(path), None, f"not a readable XLSX workbook ({exc}): save it from your "
                               "spreadsheet as .xlsx, or export it as CSV")]) from None
    return read_rows(rows, str(path), "XLSX")
