"""CSV, TSV, QnA Maker TSV and XLSX imports: the header decides the columns, every problem names its row."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.kb.importers import import_file
from bot.kb.loader import KBError


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_with_header_alternates_ids_and_follow_ups(tmp_path: Path) -> None:
    path = _write(tmp_path, "faq.csv",
                  "Question,Answer,Alternates,ID,Follow_ups\n"
                  'When are you open?,"Mon-Fri, 8:30 to 17:00.",Opening hours? | Are you open today?,hours,\n'
                  "Do you deliver?,No,,delivery,hours\n"
                  '"Multi-line?","First line.\nSecond line.",,,\n')
    imported = import_file(path)
    assert imported.format == "CSV"
    first, second, third = imported.entries
    assert (first.question, first.answer, first.id) == ("When are you open?", "Mon-Fri, 8:30 to 17:00.", "hours")
    assert first.alternates == ["Opening hours?", "Are you open today?"]
    assert (second.answer, second.follow_ups) == ("No", ["hours"])
    assert third.answer == "First line.\nSecond line." and third.line == 4
    assert imported.describe() == "3 entries, 1 with alternates, 1 with follow-ups"


def test_tsv_detected_by_content_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = _write(tmp_path, "faq.txt", "\ufeffquestion\tanswer\nWhere are you?\tIn Kyiv, Ukraine.\n")
    imported = import_file(path)
    assert imported.format == "TSV" and imported.entries[0].answer == "In Kyiv, Ukraine."


def test_qna_maker_tsv_rows_with_the_same_answer_become_alternates(tmp_path: Path) -> None:
    path = _write(tmp_path, "kb.tsv",
                  "Question\tAnswer\tSource\tMetadata\n"
                  "How do I reset my password?\tUse the link on the sign-in page.\tEditorial\tcategory:account\n"
                  "I forgot my password\tUse the link on the sign-in page.\tEditorial\tcategory:account\n"
                  "Do you have an app?\tYes, for Android and iOS.\tEditorial\t\n")
    imported = import_file(path)
    assert [e.question for e in imported.entries] == ["How do I reset my password?", "Do you have an app?"]
    assert imported.entries[0].alternates == ["I forgot my password"]


@pytest.mark.parametrize("text, line, message", [
    ("title,body\nQ?,A\n", 1, "header naming the 'question' and 'answer'"),
    ("question,answer,colour\nQ?,A,red\n", 1, "unknown column(s) 'colour'"),
    ("question,answer\nQ1?,A1\nQ2?,\n", 3, "has no answer"),
    ("question,answer\nQ1?,A1\n,A2\n", 3, "empty question"),
    ('question,answer\nQ1?,A1\nQ2?,"unclosed\nQ3?,A3\n', 3, "malformed CSV"),
    ("question,answer\nQ1?,A1\nQ2?,A2,extra\n", 3, "row has 3 cells"),
    ("question,answer\nSame?,A1\nsame?,A2\n", 3, "is also at line 2"),
    ("question,answer,follow_ups\nQ1?,A1,nowhere\n", 2, "follow-up 'nowhere'"),
])
def test_malformed_csv_is_an_error_with_its_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = _write(tmp_path, "faq.csv", text)
    with pytest.raises(KBError) as info:
        import_file(path)
    problem = info.value.problems[0]
    assert problem.line == line and message in problem.message, problem


def test_non_utf8_csv_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "faq.csv"
    path.write_bytes(b"question,answer\nQ1?,A1\nCaf\xe9?,Yes\n")
    with pytest.raises(KBError) as info:
        import_file(path)
    assert info.value.problems[0].line == 3 and "UTF-8" in info.value.problems[0].message


def _xlsx(path: Path, rows: list[list[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    book.create_sheet("Ignored").append(["question", "answer"])
    book.save(path)
    return path


def test_xlsx_first_sheet_same_columns_numbers_as_written(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "faq.xlsx", [["Question", "Answer", "Alternates"],
                                          ["How many members?", 32, "Member count?|Size?"],
                                          ["Opening time?", "8:30", None]])
    imported = import_file(path)
    assert imported.format == "XLSX"
    assert [(e.question, e.answer) for e in imported.entries] == [("How many members?", "32"),
                                                                  ("Opening time?", "8:30")]
    assert imported.entries[0].alternates == ["Member count?", "Size?"]


def test_xlsx_detected_by_content_without_extension(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "faq.xlsx", [["question", "answer"], ["Q?", "A"]])
    renamed = path.rename(tmp_path / "faq")
    assert import_file(renamed).format == "XLSX"


def test_malformed_xlsx_rows_and_files(tmp_path: Path) -> None:
    path = _xlsx(tmp_path / "faq.xlsx", [["question", "answer"], ["Q1?", "A1"], ["Q2?", None]])
    with pytest.raises(KBError) as info:
        import_file(path)
    assert info.value.problems[0].line == 3 and "has no answer" in info.value.problems[0].message
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    with pytest.raises(KBError, match="not a readable XLSX workbook"):
        import_file(broken)
