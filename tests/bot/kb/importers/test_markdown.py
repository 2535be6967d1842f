"""Markdown imports: a heading per question, the text below it as the answer, markup reduced."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.kb.importers import import_file
from bot.kb.loader import KBError

FAQ = """# Shop FAQ

Everything about ordering from us.

## When are you open?

Monday to Friday, **8:30** to 17:00.
See [our hours](https://example.org/hours).

## Do you deliver?

No.

```
## not a heading inside code
```

## What can I pay with?

- Cards
- Cash
"""


def test_headings_are_questions_and_text_below_the_answer(tmp_path: Path) -> None:
    path = tmp_path / "faq.md"
    path.write_text(FAQ, encoding="utf-8")
    imported = import_file(path)
    assert imported.format == "Markdown" and imported.summary == "Everything about ordering from us."
    assert [e.question for e in imported.entries] == ["When are you open?", "Do you deliver?",
                                                      "What can I pay with?"]
    first, second, third = imported.entries
    assert first.answer == "Monday to Friday, 8:30 to 17:00. See our hours (https://example.org/hours)."
    assert second.answer == "No.\n## not a heading inside code" and second.line == 10
    assert third.answer == "- Cards\n- Cash"


def test_detected_by_content(tmp_path: Path) -> None:
    path = tmp_path / "faq.txt"
    path.write_text(FAQ, encoding="utf-8")
    assert import_file(path).format == "Markdown"


@pytest.mark.parametrize("text, line, message", [
    ("## Q1?\nA1\n## Q2?\n\n## Q3?\nA3\n", 3, "has no answer text below it"),
    ("Just text, no headings.\n", 1, "no headings found"),
    ("## Same?\nA\n## same?\nB\n", 3, "is also at line 1"),
])
def test_malformed_markdown_is_an_error_with_its_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = tmp_path / "faq.md"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KBError) as info:
        import_file(path)
    assert info.value.problems[0].line == line and message in info.value.problems[0].message
