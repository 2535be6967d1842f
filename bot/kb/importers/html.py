"""HTML pages with a schema.org FAQPage, as JSON-LD or as microdata; answers' HTML reduced to plain text."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from bot.kb.importers.base import Imported, ImportedEntry, read_text
from bot.kb.loader import KBError, Problem

__all__ = ["html_to_text", "looks_like_html", "read_html"]

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_BLOCK = {"p", "div", "section", "article", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "tr",
          "blockquote", "pre", "dl", "dt", "dd", "header", "footer", "br", "hr"}
_SKIP = {"script", "style", "template", "noscript"}


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str]
    line: int
    children: list[_Node | str] = field(default_factory=list)

    def text(self) -> str:
        """The node's content as plain text."""
        return html_to_text(self)


class _TreeBuilder(HTMLParser):
    """A forgiving tree of the page (unclosed tags closed at their parent's end) plus its JSON-LD scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", {}, 1)
        self.stack = [self.root]
        self.scripts: list[tuple[int, str]] = []
        self._script: tuple[int, list[str]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        line = self.getpos()[0]
        node = _Node(tag, values, line)
        self.stack[-1].children.append(node)
        if tag == "script" and values.get("type", "").strip().lower() == "application/ld+json":
            self._script = (line, [])
        if tag not in _VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script[0], "".join(self._script[1])))
            self._script = None
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script[1].append(data)
        self.stack[-1].children.append(data)


def _parse_tree(text: str) -> _TreeBuilder:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder


def html_to_text(source: str | _Node) -> str:
    """HTML reduced to plain text: blocks and <br> as line breaks, list items as "- ", links as "text (url)"."""
    node = _parse_tree(source).root if isinstance(source, str) else source
    out: list[str] = []

    def walk(current: _Node | str) -> None:
        if isinstance(current, str):
            out.append(re.sub(r"\s+", " ", current))
            return
        if current.tag in _SKIP:
            return
        if current.tag in _BLOCK:
            out.append("\n")
        if current.tag == "li":
            out.append("- ")
        for child in current.children:
            walk(child)
        href = current.attrs.get("href", "")
        if current.tag == "a" and href.startswith(("http://", "https://", "mailto:")):
            label = html_to_text(current) if current.children else ""
            if href.removeprefix("mailto:") not in label:
                out.append(f" ({href})")
        if current.tag in _BLOCK:
            out.append("\n")

    for child in node.children:
        walk(child)
    lines = [" ".join(line.split()) for line in "".join(out).split("\n")]
    return "\n".join(line for line in lines if line)


def looks_like_html(text: str) -> bool:
    """True for a page starting with a doctype or an <html>, <head> or <body> tag."""
    head = text.lstrip()[:200].casefold()
    return head.startswith(("<!doctype html", "<html", "<head", "<body", "<meta", "<!--"))


def _types(item: dict[str, Any]) -> list[str]:
    value = item.get("@type", [])
    return [str(v).rsplit("/", 1)[-1] for v in (value if isinstance(value, list) else [value])]


def _ld_items(data: Any) -> list[dict[str, Any]]:
    """Every object in a JSON-LD document, @graph and nested lists included."""
    found: list[dict[str, Any]] = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            found.append(item)
            if "@graph" in item:
                stack.append(item["@graph"])
    return found


def _answer_text(answer: Any) -> str:
    if isinstance(answer, list):
        answer = answer[0] if answer else None
    if isinstance(answer, dict):
        answer = answer.get("text", "")
    return html_to_text(answer) if isinstance(answer, str) else ""


def _from_json_ld(scripts: list[tuple[int, str]], file: str) -> list[ImportedEntry]:
    entries: list[ImportedEntry] = []
    for line, body in scripts:
        try:
            data = json.loads(body)
        except json.JSONDecodeError as exc:
            raise KBError([Problem(file, line + exc.lineno - 1, f"invalid JSON-LD in <script>: {exc.msg}")]) from None
        except RecursionError:
            raise KBError([Problem(file, line, "invalid JSON-LD in <script>: nested too deeply")]) from None
        for page in _ld_items(data):
            if "FAQPage" not in _types(page):
                continue
            questions = page.get("mainEntity", [])
            for question in questions if isinstance(questions, list) else [questions]:
                if not isinstance(question, dict):
                    continue
                answer = question.get("acceptedAnswer") or question.get("suggestedAnswer")
                entries.append(ImportedEntry(line, html_to_text(str(question.get("name", ""))), _answer_text(answer)))
    return entries


def _find(node: _Node, match: Any, inside_scopes: bool = False) -> list[_Node]:
    """Descendants for which ``match`` is true, not looking inside nested itemscopes unless asked."""
    found: list[_Node] = []
    for child in node.children:
        if isinstance(child, str):
            continue
        if match(child):
            found.append(child)
        if inside_scopes or "itemscope" not in child.attrs:
            found += _find(child, match, inside_scopes)
    return found


def _prop(name: str) -> Any:
    return lambda n: name in n.attrs.get("itemprop", "").split()


def _from_microdata(root: _Node) -> list[ImportedEntry]:
    questions = _find(root, lambda n: "itemscope" in n.attrs and n.attrs.get("itemtype", "").rstrip("/").endswith(
        "schema.org/Question"), inside_scopes=True)
    entries = []
    for question in questions:
        names = _find(question, _prop("name"))
        answers = _find(question, _prop("acceptedAnswer")) or _find(question, _prop("suggestedAnswer"))
        texts = _find(answers[0], _prop("text")) if answers else []
        answer = texts[0].text() if texts else (answers[0].text() if answers else "")
        entries.append(ImportedEntry(question.line, names[0].text() if names else "", answer))
    return entries


def read_html(path: Path) -> Imported:
    """The questions of the page's schema.org FAQPage: JSON-LD first, else microdata."""
    text = read_text(path)
    tree = _parse_tree(text)
    entries = _from_json_ld(tree.scripts, str(path))
    how = "HTML JSON-LD"
    if not entries:
        entries, how = _from_microdata(tree.root), "HTML microdata"
    if not entries:
        raise KBError([Problem(str(path), None, "no schema.org FAQPage found (neither JSON-LD nor microdata "
                               "Question items): export the FAQ as CSV or Markdown instead")])
    return Imported(str(path), how, entries, summary="")
