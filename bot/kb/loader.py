"""Load and validate a knowledge base from YAML or JSON files, reporting every problem by file and line."""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from bot.kb.model import ID_PATTERN, MAX_ID_BYTES, Entry, KnowledgeBase, Topic, Translation, derive_id
from bot.memory import gc_paused

__all__ = ["KB_SUFFIXES", "KBError", "Problem", "kb_files", "load_kb"]

KB_SUFFIXES = (".yaml", ".yml", ".json")
_TOPIC_KEYS = {"topic", "summary", "entries"}
_ENTRY_KEYS = {"id", "question", "answer", "alternates", "follow_ups", "translations"}
_TRANSLATION_KEYS = {"question", "answer", "alternates"}
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")

# The C loader is about ten times faster on big files; fall back when libyaml is absent.
_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Problem:
    """One validation problem: where it is and what to do about it."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class KBError(Exception):
    """The knowledge base is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"knowledge base has {count} problem{'s' if count != 1 else ''}:\n{lines}")


class _LineDict(dict):  # type: ignore[type-arg]
    """A mapping that remembers the (1-based) line where it started."""

    line: int | None = None


class _LineLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe YAML loader whose mappings carry their line number."""


def _construct_mapping(loader: Any, node: yaml.MappingNode) -> _LineDict:
    mapping = _LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def kb_files(path: Path) -> list[Path]:
    """The KB files at ``path``: the file itself, or the YAML/JSON files of a folder, sorted."""
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix.lower() in KB_SUFFIXES and p.is_file())
    return [path]


def _parse(path: Path, text: str, problems: list[Problem], lines: bool) -> Any:
    """Parse one file; with ``lines``, mappings remember their line (slower: used to report problems)."""
    if not lines:
        try:
            if path.suffix.lower() == ".json":
                return json.loads(text)
            return yaml.load(text, Loader=_BaseLoader)
        except (json.JSONDecodeError, yaml.YAMLError):
            pass  # parsed again below, for a message with its line
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        if path.suffix.lower() == ".json":
            try:
                return json.loads(text)  # valid JSON that YAML 1.1 rejects; no line numbers then
            except json.JSONDecodeError as jexc:
                problems.append(Problem(str(path), jexc.lineno, f"invalid JSON: {jexc.msg}"))
                return None
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        what = getattr(exc, "problem", None) or str(exc)
        problems.append(Problem(str(path), line, f"invalid YAML: {what} (check indentation and quoting)"))
        return None


def _line(node: Any, default: int | None) -> int | None:
    return getattr(node, "line", None) or default


def _unknown_keys(node: dict, allowed: set[str], file: str, line: int | None, problems: list[Problem]) -> None:  # type: ignore[type-arg]
    for key in node:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (allowed: {', '.join(sorted(allowed))})"
            problems.append(Problem(file, line, f"unknown key '{key}'{hint}"))


def _text(value: Any) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return value.strip() if isinstance(value, str) else None


def _string_list(value: Any, what: str, file: str, line: int | None, problems: list[Problem]) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) for v in value):
        problems.append(Problem(file, line, f"'{what}' must be a list of strings"))
        return []
    return [str(v).strip() for v in value if str(v).strip()]


def _translations(value: Any, file: str, line: int | None, problems: list[Problem]) -> dict[str, Translation]:
    """``translations: {uk: {question, answer, alternates}}``: each language's question and answer are required."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.append(Problem(file, line, "'translations' must map language codes (uk, de, ...) to "
                                            "'question', 'answer' and optional 'alternates'"))
        return {}
    out: dict[str, Translation] = {}
    for code, node in value.items():
        where = _line(node, line)
        if not isinstance(code, str) or not _LANGUAGE.match(code):
            problems.append(Problem(file, where, f"translation language {code!r} must be a code such as uk or de"))
            continue
        if not isinstance(node, dict):
            problems.append(Problem(file, where, f"translation '{code}' must have 'question' and 'answer'"))
            continue
        _unknown_keys(node, _TRANSLATION_KEYS, file, where, problems)
        question, answer = _text(node.get("question")), _text(node.get("answer"))
        if not question or not answer:
            problems.append(Problem(file, where, f"translation '{code}' needs both 'question' and 'answer'"))
            continue
        alternates = _string_list(node.get("alternates"), f"translations.{code}.alternates", file, where, problems)
        out[code] = Translation(question, answer, tuple(alternates))
    return out


@dataclass
class _RawEntry:
    entry: Entry
    follow_ups: list[str]
    file: str
    line: int | None


def _read_topic(path: Path, data: Any, problems: list[Problem]) -> tuple[str, str, list[_RawEntry]] | None:
    file = str(path)
    if not isinstance(data, dict):
        problems.append(Problem(file, 1, "a KB file must be a mapping with 'topic', 'summary' and 'entries'"))
        return None
    top_line = _line(data, 1)
    _unknown_keys(data, _TOPIC_KEYS, file, top_line, problems)
    name = _text(data.get("topic"))
    if not name:
        problems.append(Problem(file, top_line, "missing 'topic': give the topic a name"))
        name = path.stem
    summary_value = data.get("summary")
    summary = _text(summary_value) if summary_value is not None else ""
    if summary is None:
        problems.append(Problem(file, top_line, "'summary' must be text"))
        summary = ""
    raw_entries = data.get("entries")
    if not isinstance(raw_entries, list):
        problems.append(Problem(file, top_line, "'entries' must be a list of entries with 'question' and 'answer'"))
        return None
    entries: list[_RawEntry] = []
    for index, node in enumerate(raw_entries, start=1):
        # Plain dicts come from the fast parse, which has no lines: name the file only.
        line = _line(node, top_line if isinstance(data, _LineDict) else None)
        if not isinstance(node, dict):
            problems.append(Problem(file, line, f"entry {index} must be a mapping with 'question' and 'answer'"))
            continue
        _unknown_keys(node, _ENTRY_KEYS, file, line, problems)
        question = _text(node.get("question"))
        answer = _text(node.get("answer"))
        if not question:
            problems.append(Problem(file, line, f"entry {index}: empty or missing 'question'"))
        if not answer:
            what = f"'{question[:60]}'" if question else f"entry {index}"
            problems.append(Problem(file, line, f"{what} has no 'answer': add the answer text"))
        explicit = _text(node.get("id"))
        if explicit is not None and not _valid_id(explicit):
            problems.append(Problem(
                file, line,
                f"id '{explicit}' is invalid: use letters, digits, '.', '_' or '-', at most {MAX_ID_BYTES} bytes",
            ))
        alternates = _string_list(node.get("alternates"), "alternates", file, line, problems)
        follow_ups = _string_list(node.get("follow_ups"), "follow_ups", file, line, problems)
        translations = _translations(node.get("translations"), file, line, problems)
        if question and answer:
            entry = Entry(
                id=explicit or derive_id(name, question), topic=name, question=question, answer=answer,
                alternates=tuple(alternates), source=f"{file}:{line}" if line else file, translations=translations,
            )
            entries.append(_RawEntry(entry, follow_ups, file, line))
    return name, summary, entries


def _valid_id(value: str) -> bool:
    return bool(ID_PATTERN.match(value)) and len(value.encode()) <= MAX_ID_BYTES


def _resolve_follow_ups(raws: list[_RawEntry], problems: list[Problem]) -> list[Entry]:
    by_id = {r.entry.id: r.entry for r in raws}
    by_question = {r.entry.question.casefold(): r.entry.id for r in raws}
    resolved: list[Entry] = []
    for raw in raws:
        ids: list[str] = []
        for ref in raw.follow_ups:
            target = ref if ref in by_id else by_question.get(ref.casefold())
            if target is None:
                problems.append(Problem(
                    raw.file, raw.line,
                    f"follow-up '{ref}' of '{raw.entry.question[:60]}' matches no entry id or question",
                ))
            elif target != raw.entry.id and target not in ids:
                ids.append(target)
        resolved.append(replace(raw.entry, follow_ups=tuple(ids)))
    return resolved


def load_kb(path: str | Path, lines: bool = False) -> KnowledgeBase:
    """Load every topic file at ``path`` (a folder or one file); raise KBError listing all problems.

    Files are parsed fast first; when anything is wrong they are parsed again keeping line numbers,
    so every problem names its file and line. ``lines=True`` keeps them from the start (for lint).
    """
    try:
        with gc_paused():
            return _load(Path(path), lines)
    except KBError:
        if lines:
            raise
        return _load(Path(path), lines=True)


def _load(root: Path, lines: bool) -> KnowledgeBase:
    problems: list[Problem] = []
    if not root.exists():
        raise KBError([Problem(str(root), None, "no such file or folder: set --kb or FAQBOT_KB to a KB path")])
    files = kb_files(root)
    if not files:
        raise KBError([Problem(str(root), None, "no .yaml, .yml or .json topic files in this folder")])
    digest = hashlib.sha256()
    topics: list[tuple[str, str, list[_RawEntry], str]] = []
    for file in files:
        try:
            raw_bytes = file.read_bytes()
            text = raw_bytes.decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(str(file), None, f"cannot read file: {exc}"))
            continue
        digest.update(file.name.encode() + b"\0" + raw_bytes + b"\0")
        parsed = _read_topic(file, _parse(file, text, problems, lines), problems) if text.strip() else None
        if not text.strip():
            problems.append(Problem(str(file), 1, "file is empty"))
        if parsed:
            topics.append((*parsed, str(file)))
    seen_topics: dict[str, str] = {}
    seen_ids: dict[str, str] = {}
    raws: list[_RawEntry] = []
    for name, _summary, entries, file in topics:
        if name.casefold() in seen_topics:
            problems.append(Problem(file, 1, f"topic '{name}' is also defined in {seen_topics[name.casefold()]}"))
        seen_topics.setdefault(name.casefold(), file)
        for raw in entries:
            if raw.entry.id in seen_ids:
                problems.append(Problem(
                    raw.file, raw.line,
                    f"duplicate id '{raw.entry.id}' (first at {seen_ids[raw.entry.id]}): ids must be unique",
                ))
                continue
            seen_ids[raw.entry.id] = raw.entry.source
            raws.append(raw)
    entries_resolved = _resolve_follow_ups(raws, problems)
    if problems:
        raise KBError(problems)
    return KnowledgeBase(
        topics=tuple(
            Topic(name, summary, tuple(r.entry.id for r in entries), source=file)
            for name, summary, entries, file in topics
        ),
        entries=tuple(entries_resolved),
        fingerprint=digest.hexdigest(),
    )
