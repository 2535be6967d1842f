"""The seed's line format: a summary paragraph, then a question line (ending in "?") and its answer line, repeated."""

from __future__ import annotations

from pathlib import Path

from bot.kb.importers.base import Imported, ImportedEntry, read_text
from bot.kb.loader import KBError, Problem, Problems

__all__ = ["is_question", "read_lines"]

_QUESTION_MARKS = ("?", "？", "؟")  # Latin, full-width (CJK), Arabic
_CLOSERS = "\"'”’»)]*_ "


def is_question(line: str) -> bool:
    """True when the line ends with a question mark (closing quotes or brackets after it allowed)."""
    return line.rstrip(_CLOSERS).endswith(_QUESTION_MARKS)


def read_lines(path: Path) -> Imported:
    """Parse the line format, checked: a question line ends with "?", an answer line does not.

    A missing or extra line would shift every later pair; instead it is an error naming its line.
    """
    text = read_text(path)
    lines = [(number, line.strip()) for number, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if not lines:
        raise KBError([Problem(str(path), None, "file is empty: expected a summary line, then questions and answers")])
    file = str(path)
    problems = Problems()
    (summary_line, summary), rest = lines[0], lines[1:]
    if is_question(summary):
        problems.add(file, summary_line, "the first line is the topic's summary, but it ends with '?': "
                     "write a summary sentence first, then the questions and answers")
    entries: list[ImportedEntry] = []
    index = 0
    while index < len(rest):
        number, question = rest[index]
        if not is_question(question):
            problems.add(file, number, f"expected a question (a line ending with '?') but found "
                         f"'{question[:60]}': is a question missing above this answer, or an answer split in two?")
            index += 1
            continue
        following = rest[index + 1] if index + 1 < len(rest) else None
        if following is None:
            problems.add(file, number, f"question '{question[:60]}' has no answer line after it")
            break
        if is_question(following[1]):
            problems.add(file, number, f"question '{question[:60]}' has no answer: the next line ({following[0]}) "
                         "is a question too (an answer line must not end with '?')")
            index += 1
            continue
        entries.append(ImportedEntry(number, question, following[1]))
        index += 2
    if problems:
        raise problems.error()
    return Imported(file, "line format", entries, summary=summary)
