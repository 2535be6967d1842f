"""What every importer shares (bot/kb/importers/base.py): the checks with lines, the topic data, reading, lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.testing.kb import write_topic
from bot.kb.importers.base import Imported, ImportedEntry, read_text, split_list
from bot.kb.loader import KBError, load_kb


def problems(imported: Imported) -> list[tuple[int | None, str]]:
    """The (line, message) of each problem ``check`` raises; [] when it passes."""
    try:
        imported.check()
    except KBError as exc:
        return [(p.line, p.message) for p in exc.problems]
    return []


def test_a_clean_import_passes_the_check() -> None:
    imported = Imported("faq.md", "Markdown", [ImportedEntry(1, "Q1?", "A1", id="q1"),
                                               ImportedEntry(4, "Q2?", "A2", follow_ups=["q1", "q2?"])])
    assert problems(imported) == []  # follow-ups by id and by question text, any case


def test_the_check_names_the_line_of_every_problem() -> None:
    imported = Imported("faq.csv", "CSV", [
        ImportedEntry(2, "", "orphan answer"),
        ImportedEntry(3, "Where?", ""),
        ImportedEntry(4, "How?", "Like this.", id="how"),
        ImportedEntry(5, "HOW?", "Again.", id="how"),
        ImportedEntry(6, "Why?", "Because.", follow_ups=["nowhere"]),
    ])
    assert problems(imported) == [
        (2, "empty question: write the question, or delete the row"),
        (3, "question 'Where?' has no answer"),
        (5, "question 'HOW?' is also at line 4: merge the two (one answer, the other wording as an alternate)"),
        (5, "id 'how' is also used at line 4"),
        (6, "follow-up 'nowhere' matches no id or question in this file"),
    ]
    assert problems(Imported("faq.md", "Markdown", [])) == [(None, "no questions found in this Markdown file")]


def test_topic_data_is_a_topic_file_the_loader_reads_back(tmp_path: Path) -> None:
    imported = Imported("faq.md", "Markdown", [ImportedEntry(1, "Q1?", "A1", id="q1", alternates=["first"]),
                                               ImportedEntry(3, "Q2?", "A2", follow_ups=["q1"])], summary="Sum.")
    data = imported.topic_data("Imported")
    assert data["entries"][1] == {"question": "Q2?", "answer": "A2", "follow_ups": ["q1"]}  # empty fields left out
    kb = load_kb(write_topic(tmp_path, "t.yaml", data))
    first, second = kb.entries
    assert (kb.topics[0].name, kb.topics[0].summary) == ("Imported", "Sum.")
    assert (first.id, first.alternates, second.follow_ups) == ("q1", ("first",), ("q1",))
    assert "summary" not in Imported("f", "CSV", imported.entries).topic_data("T")


def test_describe_counts_what_was_read() -> None:
    one = Imported("f", "CSV", [ImportedEntry(1, "Q?", "A")])
    assert one.describe() == "1 entry, 0 with alternates"
    many = Imported("f", "CSV", [ImportedEntry(1, "Q?", "A", alternates=["x"]),
                                 ImportedEntry(2, "R?", "B", follow_ups=["Q?"])], summary="S")
    assert many.describe() == "2 entries, 1 with alternates, 1 with follow-ups, a summary"


def test_read_text_drops_a_byte_order_mark_and_names_bad_bytes_and_missing_files(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_bytes("\ufeffQ?\nA 🚀\n".encode())
    assert read_text(good) == "Q?\nA 🚀\n"
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"Q?\nA \xe9t\xe9\n")
    with pytest.raises(KBError) as info:
        read_text(bad)
    [problem] = info.value.problems
    assert (problem.file, problem.line) == (str(bad), 2) and "not UTF-8" in problem.message
    with pytest.raises(KBError, match="cannot read file"):
        read_text(tmp_path / "missing.txt")


@pytest.mark.parametrize(("value", "items"), [
    ("a | b | c", ["a", "b", "c"]),
    ("one", ["one"]),
    ("  | a ||  b |", ["a", "b"]),
    (r"either \| or | next", ["either | or", "next"]),
    (r"C:\path | x\\", [r"C:\path", "x\\\\"]),
    ("", []),
])
def test_split_list(value: str, items: list[str]) -> None:
    assert split_list(value) == items
