"""Load and validate a knowledge base from YAML or JSON files, reporting every problem by file and line."""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from bot.kb.model import ID_PATTERN, MAX_ID_BYTES, Entry, KnowledgeBase, Topic, Translation, derive_id
from bot.kb.parse import Limits, ParseError, decode_utf8, key_line, parse_file
from bot.memory import gc_paused

__all__ = ["KB_SUFFIXES", "MAX_PROBLEMS", "KBError", "Problem", "Problems", "kb_files", "load_kb"]

KB_SUFFIXES = (".yaml", ".yml", ".json")
#: Problems kept (and printed) per load; the rest are only counted ("… and N more").
MAX_PROBLEMS = 50
_TOPIC_KEYS = {"topic", "summary", "entries"}
_ENTRY_KEYS = {"id", "question", "answer", "alternates", "follow_ups", "translations"}
_TRANSLATION_KEYS = {"question", "answer", "alternates"}
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")


@dataclass(frozen=True)
class Problem:
    """One validation problem: where it is and what to do about it."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class Problems:
    """The problems of one load: the first ``limit`` kept, every one counted, so a hostile file stays cheap."""

    def __init__(self, limit: int = MAX_PROBLEMS) -> None:
        self.limit = limit
        self.items: list[Problem] = []
        self.total = 0

    def add(self, file: str, line: int | None, message: str) -> None:
        """Count a problem; keep it when fewer than ``limit`` are kept."""
        self.total += 1
        if len(self.items) < self.limit:
            self.items.append(Problem(file, line, message))

    def __bool__(self) -> bool:
        return self.total > 0

    def error(self) -> KBError:
        """The KBError listing these problems."""
        return KBError(self.items, total=self.total)


class KBError(Exception):
    """The knowledge base is invalid; ``problems`` lists the first problems found, ``total`` counts all."""

    def __init__(self, problems: list[Problem], total: int | None = None) -> None:
        self.problems = problems
        self.total = max(total or 0, len(problems))
        super().__init__(self.summary(len(problems)))

    @property
    def more(self) -> int:
        """Problems counted but not listed."""
        return self.total - len(self.problems)

    def summary(self, limit: int = 10) -> str:
        """The count, the first ``limit`` problems and "… and N more": short enough for a chat message."""
        count = self.total
        shown = self.problems[:limit]
        lines = [f"knowledge base has {count} problem{'s' if count != 1 else ''}:", *(f"  {p}" for p in shown)]
        if count > len(shown):
            lines.append(f"  … and {count - len(shown)} more (`faqbot check` lists up to {MAX_PROBLEMS})")
        return "\n".join(lines)


def kb_files(path: Path) -> list[Path]:
    """The KB files at ``path``: the file itself, or the YAML/JSON files of a folder and its subfolders, sorted.

    Hidden files and folders (``.git``, editor backups such as ``.a.yaml.swp``) are skipped.
    """
    if not path.is_dir():
        return [path]
    found = []
    for file in path.rglob("*"):
        relative = file.relative_to(path).parts
        if file.suffix.lower() in KB_SUFFIXES and not any(p.startswith(".") for p in relative) and file.is_file():
            found.append(file)
    return sorted(found)


def _line(node: Any, default: int | None) -> int | None:
    return getattr(node, "line", None) or default


def _unknown_keys(node: dict, allowed: set[str], file: str, line: int | None, problems: Problems) -> None:  # type: ignore[type-arg]
    for key in node:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (allowed: {', '.join(sorted(allowed))})"
            problems.add(file, key_line(node, str(key), line), f"unknown key '{key}'{hint}")


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool) or value is None:
        return f"the JSON literal {str(value).lower() if value is not None else 'null'}"
    return f"the number {value!r}" if isinstance(value, (int, float)) else f"a {type(value).__name__}"


class _Reader:
    """Reads the fields of one mapping (a topic or an entry), reporting each problem at its key's line."""

    def __init__(self, node: dict, file: str, line: int | None, problems: Problems) -> None:  # type: ignore[type-arg]
        self.node, self.file, self.line, self.problems = node, file, line, problems
        self.bad: set[str] = set()  # keys already reported as the wrong kind of value

    def where(self, key: str) -> int | None:
        """The line of ``key`` (else the mapping's)."""
        return key_line(self.node, key, self.line)

    def text(self, key: str, what: str) -> str | None:
        """A text field, stripped; None (and a problem) when it holds something other than text."""
        value = self.node.get(key)
        if value is None or isinstance(value, str):
            return value.strip() if value is not None else None
        hint = " (put it in quotes)" if not isinstance(value, (dict, list)) else ""
        self.bad.add(key)
        self.problems.add(self.file, self.where(key), f"{what}'{key}' must be text, not {_kind(value)}{hint}")
        return None

    def texts(self, key: str, what: str) -> list[str]:
        """A list of texts (one text counts as a list of one)."""
        value = self.node.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.problems.add(self.file, self.where(key), f"{what}'{key}' must be a list of texts, not {_kind(value)}")
            return []
        out = []
        for item in value:
            if isinstance(item, str):
                if item.strip():
                    out.append(item.strip())
            else:
                self.problems.add(self.file, self.where(key),
                                  f"{what}each of '{key}' must be text, not {_kind(item)}")
        return out


@dataclass
class _RawEntry:
    entry: Entry
    follow_ups: list[str]
    file: str
    line: int | None


def _read_entry(reader: _Reader, index: int, topic: str) -> _RawEntry | None:
    """One entry's fields; None when it lacks what every entry needs."""
    file, line, problems = reader.file, reader.line, reader.problems
    _unknown_keys(reader.node, _ENTRY_KEYS, file, line, problems)
    label = f"entry {index}: "
    question = reader.text("question", label)
    answer = reader.text("answer", label)
    if not question and "question" not in reader.bad:
        problems.add(file, line, f"entry {index}: empty or missing 'question'")
    if not answer and "answer" not in reader.bad:
        what = f"'{question[:60]}'" if question else f"entry {index}"
        problems.add(file, line, f"{what} has no 'answer': add the answer text")
    explicit = reader.text("id", label)
    if explicit is not None and not _valid_id(explicit):
        problems.add(file, reader.where("id"),
                     f"id '{explicit}' is invalid: use letters, digits, '.', '_' or '-', at most {MAX_ID_BYTES} bytes")
    alternates = reader.texts("alternates", label)
    follow_ups = reader.texts("follow_ups", label)
    translations = _read_translations(reader)
    if not (question and answer):
        return None
    entry = Entry(
        id=explicit or derive_id(topic, question), topic=topic, question=question, answer=answer,
        alternates=tuple(alternates), source=f"{file}:{line}" if line else file, translations=translations,
    )
    return _RawEntry(entry, follow_ups, file, line)


def _read_translations(reader: _Reader) -> dict[str, Translation]:
    """``translations: {uk: {question, answer, alternates}}``: each language's question and answer are required."""
    value = reader.node.get("translations")
    if value is None:
        return {}
    file, problems, where = reader.file, reader.problems, reader.where("translations")
    if not isinstance(value, dict):
        problems.add(file, where, "'translations' must map language codes (uk, de, ...) to "
                                  "'question', 'answer' and optional 'alternates'")
        return {}
    out: dict[str, Translation] = {}
    for code, node in value.items():
        line = key_line(value, code, where) if isinstance(code, str) else where
        if not isinstance(code, str) or not _LANGUAGE.match(code):
            problems.add(file, line, f"translation language {code!r} must be a code such as uk or de")
            continue
        if not isinstance(node, dict):
            problems.add(file, line, f"translation '{code}' must have 'question' and 'answer'")
            continue
        _unknown_keys(node, _TRANSLATION_KEYS, file, line, problems)
        sub = _Reader(node, file, line, problems)
        label = f"translation '{code}': "
        question, answer = sub.text("question", label), sub.text("answer", label)
        alternates = sub.texts("alternates", label)
        if not question or not answer:
            problems.add(file, line, f"translation '{code}' needs both 'question' and 'answer'")
            continue
        out[code] = Translation(question, answer, tuple(alternates))
    return out


def _read_topic(path: Path, data: Any, problems: Problems) -> tuple[str, str, list[_RawEntry]] | None:
    file = str(path)
    if not isinstance(data, dict):
        problems.add(file, 1, "a KB file must be a mapping with 'topic', 'summary' and 'entries'")
        return None
    top_line = _line(data, 1)
    reader = _Reader(data, file, top_line, problems)
    _unknown_keys(data, _TOPIC_KEYS, file, top_line, problems)
    name = reader.text("topic", "")
    if not name:
        if "topic" not in reader.bad:
            problems.add(file, top_line, "missing 'topic': give the topic a name")
        name = path.stem
    summary = reader.text("summary", "") or ""
    raw_entries = data.get("entries")
    if not isinstance(raw_entries, list):
        problems.add(file, reader.where("entries"),
                     "'entries' must be a list of entries with 'question' and 'answer'")
        return None
    entries: list[_RawEntry] = []
    for index, node in enumerate(raw_entries, start=1):
        # Plain dicts come from the fast JSON parse, which has no lines: name the file only.
        line = _line(node, top_line if hasattr(data, "key_lines") else None)
        if not isinstance(node, dict):
            problems.add(file, line, f"entry {index} must be a mapping with 'question' and 'answer'")
            continue
        raw = _read_entry(_Reader(node, file, line, problems), index, name)
        if raw is not None:
            entries.append(raw)
    return name, summary, entries


def _valid_id(value: str) -> bool:
    return bool(ID_PATTERN.match(value)) and len(value.encode()) <= MAX_ID_BYTES


def _resolve_follow_ups(raws: list[_RawEntry], problems: Problems, report_missing: bool,
                        warnings: list[tuple[str, str]]) -> list[Entry]:
    by_id = {r.entry.id: r.entry for r in raws}
    by_question = {r.entry.question.casefold(): r.entry.id for r in raws}
    resolved: list[Entry] = []
    for raw in raws:
        ids: list[str] = []
        for ref in raw.follow_ups:
            target = ref if ref in by_id else by_question.get(ref.casefold())
            if target is None:
                if report_missing:  # else it may be in the file that failed: one root cause, one error
                    problems.add(raw.file, raw.line,
                                 f"follow-up '{ref}' of '{raw.entry.question[:60]}' matches no entry id or question")
            elif target == raw.entry.id:
                warnings.append((raw.entry.source, f"follow-up '{ref}' of '{raw.entry.question[:60]}' is the entry "
                                 "itself (ignored): name another entry"))
            elif target not in ids:
                ids.append(target)
        resolved.append(replace(raw.entry, follow_ups=tuple(ids)))
    return resolved


def load_kb(path: str | Path, lines: bool = False, limits: Limits | None = None) -> KnowledgeBase:
    """Load every topic file at ``path`` (a folder or one file); raise KBError listing the problems.

    JSON files are parsed fast first; when anything is wrong they are parsed again keeping line
    numbers, so every problem names its file and line. ``lines=True`` keeps them from the start (lint).
    At most ``MAX_PROBLEMS`` problems are listed; the rest are counted.
    """
    try:
        with gc_paused():
            return _load(Path(path), lines, limits)
    except KBError:
        if lines:
            raise
        return _load(Path(path), True, limits)


def _read_file(file: Path, problems: Problems, lines: bool, limits: Limits | None) -> Any:
    """The parsed content of one file, or None after reporting why it cannot be read."""
    try:
        raw = file.read_bytes()
        text = decode_utf8(raw)
        if not text.strip():
            problems.add(str(file), 1, "file is empty")
            return None
        return raw, parse_file(file, text, lines=lines, limits=limits)
    except ParseError as exc:
        problems.add(str(file), exc.line, exc.message)
    except OSError as exc:
        problems.add(str(file), None, f"cannot read file: {exc.strerror or exc}")
    return None


def _load(root: Path, lines: bool, limits: Limits | None) -> KnowledgeBase:
    problems = Problems()
    if not root.exists():
        raise KBError([Problem(str(root), None, "no such file or folder: set --kb or FAQBOT_KB to a KB path")])
    files = kb_files(root)
    if not files:
        raise KBError([Problem(str(root), None, "no .yaml, .yml or .json topic files in this folder or below")])
    digest = hashlib.sha256()
    topics: list[tuple[str, str, list[_RawEntry], str]] = []
    unreadable = False
    for file in files:
        read = _read_file(file, problems, lines, limits)
        if read is None:
            unreadable = True
            continue
        raw_bytes, data = read
        digest.update(str(file.relative_to(root) if root.is_dir() else file.name).encode() + b"\0" + raw_bytes + b"\0")
        parsed = _read_topic(file, data, problems)
        if parsed:
            topics.append((*parsed, str(file)))
        else:
            unreadable = True
    raws = _unique(topics, problems)
    warnings: list[tuple[str, str]] = []
    entries_resolved = _resolve_follow_ups(raws, problems, not unreadable, warnings)
    if problems:
        raise problems.error()
    return KnowledgeBase(
        topics=tuple(
            Topic(name, summary, tuple(r.entry.id for r in entries), source=file)
            for name, summary, entries, file in topics
        ),
        entries=tuple(entries_resolved),
        fingerprint=digest.hexdigest(),
        warnings=tuple(warnings),
    )


def _unique(topics: list[tuple[str, str, list[_RawEntry], str]], problems: Problems) -> list[_RawEntry]:
    """The entries of all topics, reporting topic names and ids defined twice."""
    seen_topics: dict[str, str] = {}
    seen_ids: dict[str, str] = {}
    raws: list[_RawEntry] = []
    for name, _summary, entries, file in topics:
        if name.casefold() in seen_topics:
            problems.add(file, 1, f"topic '{name}' is also defined in {seen_topics[name.casefold()]}")
        seen_topics.setdefault(name.casefold(), file)
        for raw in entries:
            if raw.entry.id in seen_ids:
                problems.add(raw.file, raw.line,
                             f"duplicate id '{raw.entry.id}' (first at {seen_ids[raw.entry.id]}): ids must be unique")
                continue
            seen_ids[raw.entry.id] = raw.entry.source
            raws.append(raw)
    return raws


