"""What every importer returns, and the checks they share: non-empty text, no question twice, lines named."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.kb.loader import KBError, Problem, Problems
from bot.kb.parse import ParseError, decode_utf8

__all__ = ["Imported", "ImportedEntry", "read_text", "split_list"]


@dataclass
class ImportedEntry:
    """One question and answer read from a file, with the line (or row) it came from."""

    line: int
    question: str
    answer: str
    alternates: list[str] = field(default_factory=list)
    id: str = ""
    follow_ups: list[str] = field(default_factory=list)

    def as_yaml_data(self) -> dict[str, Any]:
        """The entry as a topic file holds it (empty optional fields left out)."""
        data: dict[str, Any] = {}
        if self.id:
            data["id"] = self.id
        data["question"] = self.question
        data["answer"] = self.answer
        if self.alternates:
            data["alternates"] = list(self.alternates)
        if self.follow_ups:
            data["follow_ups"] = list(self.follow_ups)
        return data


@dataclass
class Imported:
    """A topic read from a file: its entries in file order, a summary when the format has one."""

    file: str
    format: str
    entries: list[ImportedEntry]
    summary: str = ""

    def check(self) -> None:
        """Raise KBError (each problem with its line) for empty fields and questions or ids given twice."""
        problems = Problems()
        if not self.entries:
            problems.add(self.file, None, f"no questions found in this {self.format} file")
        questions: dict[str, int] = {}
        ids: dict[str, int] = {}
        for e in self.entries:
            if not e.question:
                problems.add(self.file, e.line, "empty question: write the question, or delete the row")
            if not e.answer:
                problems.add(self.file, e.line, f"question '{e.question[:60]}' has no answer")
            folded = e.question.casefold()
            if e.question and folded in questions:
                problems.add(self.file, e.line, f"question '{e.question[:60]}' is also at line {questions[folded]}: "
                             "merge the two (one answer, the other wording as an alternate)")
            questions.setdefault(folded, e.line)
            if e.id and e.id in ids:
                problems.add(self.file, e.line, f"id '{e.id}' is also used at line {ids[e.id]}")
            ids.setdefault(e.id, e.line)
        known = set(ids) | set(questions)
        for e in self.entries:
            for ref in e.follow_ups:
                if ref not in known and ref.casefold() not in known:
                    problems.add(self.file, e.line, f"follow-up '{ref}' matches no id or question in this file")
        if problems:
            raise problems.error()

    def topic_data(self, topic: str) -> dict[str, Any]:
        """The topic file's content: name, summary when there is one, entries."""
        data: dict[str, Any] = {"topic": topic}
        if self.summary:
            data["summary"] = self.summary
        data["entries"] = [e.as_yaml_data() for e in self.entries]
        return data

    def describe(self) -> str:
        """What was read, for stderr: "7 entries, 2 with alternates"."""
        with_alternates = sum(bool(e.alternates) for e in self.entries)
        with_follow_ups = sum(bool(e.follow_ups) for e in self.entries)
        parts = [f"{len(self.entries)} entr{'y' if len(self.entries) == 1 else 'ies'}",
                 f"{with_alternates} with alternates"]
        if with_follow_ups:
            parts.append(f"{with_follow_ups} with follow-ups")
        if self.summary:
            parts.append("a summary")
        return ", ".join(parts)


def read_text(path: Path) -> str:
    """A file's text (UTF-8, a byte-order mark dropped); KBError naming the line of a non-UTF-8 byte."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise KBError([Problem(str(path), None, f"cannot read file: {exc.strerror or exc}")]) from None
    try:
        return decode_utf8(raw).removeprefix("\ufeff")
    except ParseError as exc:
        raise KBError([Problem(str(path), exc.line, exc.message)]) from None


def split_list(value: str) -> list[str]:
    """``a | b | c`` as a list; ``\\|`` is a literal bar inside an item."""
    items, current, escaped = [], [], False
    for char in value:
        if escaped:
            current.append(char if char == "|" else "\\" + char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "|":
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    if escaped:
        current.append("\\")
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]
