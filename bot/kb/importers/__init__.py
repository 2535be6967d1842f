"""``faqbot import``: read an FAQ from CSV/TSV, XLSX, Markdown, an HTML FAQPage or the seed's line format."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from bot.kb.export import to_yaml
from bot.kb.importers.base import Imported, ImportedEntry
from bot.kb.importers.html import looks_like_html, read_html
from bot.kb.importers.lines import read_lines
from bot.kb.importers.markdown import looks_like_markdown, read_markdown
from bot.kb.importers.tabular import COLUMNS, read_csv, read_xlsx
from bot.kb.loader import KBError, Problem, load_kb

__all__ = ["FORMATS", "Imported", "ImportedEntry", "detect_format", "import_file", "topic_yaml"]

FORMATS: dict[str, Callable[[Path], Imported]] = {
    "csv": lambda p: read_csv(p, ","),
    "tsv": lambda p: read_csv(p, "\t"),
    "xlsx": read_xlsx,
    "markdown": read_markdown,
    "html": read_html,
    "lines": read_lines,
}
_BY_SUFFIX = {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".xlsx": "xlsx", ".xlsm": "xlsx", ".md": "markdown",
              ".markdown": "markdown", ".html": "html", ".htm": "html", ".xhtml": "html"}


def _header_names(line: str, separator: str) -> set[str]:
    return {" ".join(cell.strip().strip('"').casefold().split()) for cell in line.split(separator)}


def detect_format(path: Path) -> str:
    """The format of ``path``: by its extension, else by its content (an .txt or extension-less file)."""
    by_suffix = _BY_SUFFIX.get(path.suffix.lower())
    if by_suffix:
        return by_suffix
    try:
        with path.open("rb") as handle:
            head = handle.read(64 * 1024)
    except OSError as exc:
        raise KBError([Problem(str(path), None, f"cannot read file: {exc.strerror or exc}")]) from None
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    text = head.decode("utf-8", "replace").removeprefix("\ufeff")
    if looks_like_html(text):
        return "html"
    first = text.split("\n", 1)[0]
    for separator, name in (("\t", "tsv"), (",", "csv"), (";", "csv")):
        names = _header_names(first, separator)
        if len(names) > 1 and {COLUMNS.get(n) for n in names} >= {"question", "answer"}:
            return name
    if looks_like_markdown(text):
        return "markdown"
    return "lines"


def import_file(path: str | Path, format: str | None = None) -> Imported:
    """Read ``path`` in ``format`` (detected when None) and check it; KBError with each problem's line."""
    file = Path(path)
    if not file.is_file():
        raise KBError([Problem(str(file), None, "no such file")])
    name = format or detect_format(file)
    # Detected CSV: the separator (comma or semicolon) is guessed from the header.
    imported = read_csv(file) if name == "csv" and format is None else FORMATS[name](file)
    imported.check()
    return imported


def topic_yaml(imported: Imported, topic: str) -> str:
    """The imported topic as YAML, checked by the KB loader itself, so `faqbot check` accepts it."""
    text = to_yaml(imported.topic_data(topic))
    with tempfile.TemporaryDirectory(prefix="faqbot-import-") as folder:
        path = Path(folder, "topic.yaml")
        path.write_text(text, encoding="utf-8")
        try:
            load_kb(path)
        except KBError as exc:  # a bug of ours, not of the file: say so, with what the loader found
            raise KBError([Problem(imported.file, p.line, f"the imported topic does not load: {p.message}")
                           for p in exc.problems]) from None
    return text
