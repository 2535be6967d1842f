"""``faqbot check``: load with lines, lint with the live engine, and print the result as text or JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bot.engine.answerer import Answerer
from bot.kb.lint import Finding, lint
from bot.kb.loader import KBError, Problem, load_kb

__all__ = ["CheckResult", "check_kb", "format_json", "format_text"]


@dataclass
class CheckResult:
    """What a check found: load problems (the KB does not load) or lint findings (it does)."""

    topics: int = 0
    entries: int = 0
    problems: list[Problem] = field(default_factory=list)
    problems_total: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> int:
        """Load problems plus lint errors."""
        return self.problems_total + sum(f.level == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        """Lint warnings."""
        return sum(f.level == "warning" for f in self.findings)

    @property
    def ok(self) -> bool:
        """True when nothing fails the check."""
        return self.errors == 0


def check_kb(path: str | Path, engine: Callable[[], Answerer] | None = None) -> CheckResult:
    """Load ``path`` keeping lines; when it loads, lint it with ``engine()`` (lexical when None)."""
    try:
        kb = load_kb(path, lines=True)
    except KBError as exc:
        return CheckResult(problems=exc.problems, problems_total=exc.total)
    answerer = engine() if engine is not None else None
    return CheckResult(len(kb.topics), len(kb), findings=lint(kb, answerer))


def format_text(result: CheckResult) -> str:
    """One line per problem or finding, then the counts."""
    if result.problems_total:
        lines = [f"{p}: error" for p in result.problems]
        if result.problems_total > len(result.problems):
            lines.append(f"… and {result.problems_total - len(result.problems)} more")
        lines.append(f"{result.problems_total} error(s): the KB does not load; fix these first")
        return "\n".join(lines)
    lines = [str(f) for f in result.findings]
    lines.append(f"{result.topics} topic(s), {result.entries} entries: {result.errors} error(s), "
                 f"{result.warnings} warning(s)")
    return "\n".join(lines)


def format_json(result: CheckResult) -> str:
    """The result as one JSON object, stable for CI: ok, counts, and each item with level, file, line, message."""
    items = [{"level": "error", "file": p.file, "line": p.line, "message": p.message} for p in result.problems]
    items += [{"level": f.level, "file": f.file, "line": f.line, "message": f.message} for f in result.findings]
    return json.dumps({
        "ok": result.ok, "loads": not result.problems_total, "topics": result.topics, "entries": result.entries,
        "errors": result.errors, "warnings": result.warnings, "listed": len(items), "findings": items,
    }, ensure_ascii=False, indent=1)
