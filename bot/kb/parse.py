"""Parse one KB file (YAML or JSON) into plain data whose mappings remember their lines, within bounds.

KB text is text: YAML scalars are read as the string written (no YAML 1.1 guessing, so ``answer: No``
stays "No", ``8:30`` stays "8:30" and ``0123`` stays "0123"). JSON keeps its own types, so a number
where text belongs is reported, not silently converted. Duplicate keys, alias bombs, huge node counts
and deep nesting are errors with a line, never a silent overwrite, a memory blow-up or a RecursionError.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "MAX_ALIASES",
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_NODES",
    "Limits",
    "LineDict",
    "ParseError",
    "decode_utf8",
    "key_line",
    "parse_file",
]

#: Alias references per file: a KB may share a list or two, never expand one a million times.
MAX_ALIASES = 1000
#: YAML/JSON nodes per file (a 100,000-entry KB with alternates has about 1.5 million).
MAX_NODES = 5_000_000
#: Nesting depth; a topic file needs about 5 levels (topic, entries, entry, a mapping field, its values).
MAX_DEPTH = 64
#: Bytes per file, checked before parsing so a huge file cannot exhaust memory.
MAX_FILE_BYTES = 64 * 1024 * 1024

# The C parser is about ten times faster on big files; fall back when libyaml is absent.
_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"


@dataclass(frozen=True)
class Limits:
    """Bounds on one file's parse; the defaults suit KBs of hundreds of thousands of entries."""

    aliases: int = MAX_ALIASES
    nodes: int = MAX_NODES
    depth: int = MAX_DEPTH
    file_bytes: int = MAX_FILE_BYTES


class ParseError(Exception):
    """A file cannot be parsed: ``line`` (1-based, or None) and a message saying what to fix."""

    def __init__(self, line: int | None, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(f"line {line}: {message}" if line else message)


class LineDict(dict):  # type: ignore[type-arg]
    """A mapping that remembers the (1-based) line where it starts and where each key is."""

    line: int | None = None
    key_lines: dict[Any, int]


def key_line(node: object, key: str, default: int | None) -> int | None:
    """The line of ``key`` in ``node`` when known, else ``default``."""
    lines = getattr(node, "key_lines", None)
    return lines.get(key, default) if lines else default


class _TextResolver(yaml.resolver.BaseResolver):
    """Every untagged scalar is a string: YAML 1.2's failsafe view, what a KB author means."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


# JSON's own scalars (the YAML 1.2 JSON schema), for .json files parsed again to find lines.
_JSON_SCALARS = (
    ("tag:yaml.org,2002:null", re.compile(r"^null$")),
    ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$")),
    ("tag:yaml.org,2002:int", re.compile(r"^-?(?:0|[1-9][0-9]*)$")),
    ("tag:yaml.org,2002:float", re.compile(r"^-?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$")),
)


class _JsonResolver(_TextResolver):
    """Plain (unquoted) JSON scalars keep JSON's types; quoted ones are strings."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode and implicit[0]:
            for tag, pattern in _JSON_SCALARS:
                if pattern.match(value):
                    return tag
        return _TextResolver.resolve(self, kind, value, implicit)


class _Counting:
    """Constructor mixin: mappings with lines, duplicate keys refused, nodes and alias uses counted."""

    limits: Limits = Limits()
    constructed_objects: dict[Any, Any]

    def _count(self, node: yaml.Node) -> None:
        counts = self.__dict__.setdefault("_counts", [0, 0])
        if node in self.constructed_objects:
            counts[1] += 1  # built before: this is a use of an alias
            if counts[1] > self.limits.aliases:
                raise ParseError(node.start_mark.line + 1,
                                 f"more than {self.limits.aliases} alias references (*name): "
                                 "write the text out instead of repeating an alias")
        else:
            counts[0] += 1
            if counts[0] > self.limits.nodes:
                raise ParseError(node.start_mark.line + 1, f"more than {self.limits.nodes:,} values in one file: "
                                 "split the topic into several files")

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        self._count(node)
        return super().construct_object(node, deep=deep)  # type: ignore[misc]

    def construct_kb_mapping(self, node: yaml.MappingNode) -> LineDict:
        """A mapping with its line and each key's line; a repeated key is an error naming both lines."""
        mapping = LineDict()
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            try:
                hash(key)
            except TypeError:
                raise ParseError(line, "a key must be a plain word such as 'question'") from None
            if key in mapping.key_lines:
                raise ParseError(line, f"duplicate key '{key}' (lines {mapping.key_lines[key]} and {line}): "
                                 "the second would silently replace the first; keep one")
            mapping.key_lines[key] = line
            mapping[key] = self.construct_object(value_node, deep=True)
        return mapping


class _YamlLoader(_Counting, _BaseLoader):  # type: ignore[misc]
    """libyaml's parser, safe constructors, text-only scalars."""

    resolve = _TextResolver.resolve


class _JsonLineLoader(_Counting, _BaseLoader):  # type: ignore[misc]
    """The same, with JSON's scalar types, to locate problems in a .json file."""

    resolve = _JsonResolver.resolve


for _loader in (_YamlLoader, _JsonLineLoader):
    _loader.add_constructor(_MAP, _Counting.construct_kb_mapping)


def decode_utf8(raw: bytes) -> str:
    """The text of a file's bytes; ParseError with the line of the first byte that is not UTF-8."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise ParseError(line, f"not UTF-8 (byte 0x{raw[exc.start]:02x}): save the file as UTF-8 "
                         "(in most editors: Save As, encoding UTF-8)") from None


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        raise ValueError("duplicate key")  # located by the line-keeping parse
    return mapping


def _load_yaml(text: str, loader_class: type, limits: Limits) -> Any:
    loader = loader_class(text)
    loader.limits = limits
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _depth_line(text: str, limit: int) -> int | None:
    """The line where nesting first goes deeper than ``limit`` (parser events only: no recursion)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > limit and event.start_mark is not None:
                    return int(event.start_mark.line) + 1
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None
    return None


def _yaml_error(exc: yaml.YAMLError, what: str) -> ParseError:
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc)
    if "nesting depth" in problem:
        return ParseError(line, f"invalid {what}: nested too deeply (a topic file needs about 5 levels)")
    hint = " (check indentation and quoting)" if what == "YAML" else ""
    return ParseError(line, f"invalid {what}: {problem}{hint}")


def parse_file(path: Path, text: str, *, lines: bool = True, limits: Limits | None = None) -> Any:
    """Parse a KB file's text; ParseError (with a line where known) when it is not valid or too big.

    YAML always keeps lines (``LineDict``). JSON is read by the fast ``json`` module unless ``lines``
    is set; then, or when ``json`` refuses it, it is parsed again by libyaml to locate the problem.
    """
    limits = limits or Limits()
    if len(text) > limits.file_bytes:
        raise ParseError(None, f"file is over {limits.file_bytes // (1024 * 1024)} MB: split it into several topics")
    is_json = path.suffix.lower() == ".json"
    if is_json and not lines:
        try:
            return json.loads(text, object_pairs_hook=_json_pairs)
        except (ValueError, RecursionError):
            pass  # parsed again below, for a message with its line
    loader_class = _JsonLineLoader if is_json else _YamlLoader
    what = "JSON" if is_json else "YAML"
    try:
        return _load_yaml(text, loader_class, limits)
    except RecursionError:
        line = _depth_line(text, limits.depth)
        raise ParseError(line, f"invalid {what}: nested too deeply (a topic file needs about 5 levels)") from None
    except yaml.YAMLError as exc:
        if is_json:
            try:  # valid JSON that libyaml rejects (rare): no line numbers then
                return json.loads(text, object_pairs_hook=_json_pairs)
            except json.JSONDecodeError as jexc:
                raise ParseError(jexc.lineno, f"invalid JSON: {jexc.msg}") from None
            except (ValueError, RecursionError):
                pass
        raise _yaml_error(exc, what) from None
