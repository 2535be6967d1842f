"""HTML imports: schema.org FAQPage as JSON-LD or microdata, answers' HTML reduced to plain text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.kb.importers import import_file
from bot.kb.importers.html import html_to_text
from bot.kb.loader import KBError

JSON_LD = {
    "@context": "https://schema.org",
    "@graph": [{"@type": "WebSite", "name": "Shop"}, {
        "@type": "FAQPage",
        "mainEntity": [
            {"@type": "Question", "name": "When are you open?",
             "acceptedAnswer": {"@type": "Answer", "text": "<p>Mon&ndash;Fri, <b>8:30</b> to 17:00.</p><p>Closed on "
                                "holidays.</p>"}},
            {"@type": "Question", "name": "How do I pay?",
             "acceptedAnswer": {"@type": "Answer", "text": "<ul><li>Card</li><li>Cash</li></ul>"
                                "<a href=\"https://example.org/pay\">More</a>"}},
        ],
    }],
}

MICRODATA = """<!DOCTYPE html>
<html><body>
<div itemscope itemtype="https://schema.org/FAQPage">
  <div itemscope itemprop="mainEntity" itemtype="https://schema.org/Question">
    <h3 itemprop="name">Do you deliver?</h3>
    <div itemscope itemprop="acceptedAnswer" itemtype="https://schema.org/Answer">
      <div itemprop="text"><p>Yes, within <em>24 hours</em>.<br>Not on Sundays.</p></div>
    </div>
  </div>
  <div itemscope itemprop="mainEntity" itemtype="https://schema.org/Question">
    <h3 itemprop="name">Can I return things?</h3>
    <div itemscope itemprop="acceptedAnswer" itemtype="https://schema.org/Answer">
      <span itemprop="text">Within 30 days &amp; with a receipt.</span>
    </div>
  </div>
</div>
</body></html>
"""


def test_json_ld_faq_page(tmp_path: Path) -> None:
    path = tmp_path / "faq.html"
    path.write_text(f"<!doctype html><html><head>\n<script type=\"application/ld+json\">{json.dumps(JSON_LD)}"
                    "</script></head><body><p>hi</p></body></html>", encoding="utf-8")
    imported = import_file(path)
    assert imported.format == "HTML JSON-LD"
    assert [(e.question, e.answer) for e in imported.entries] == [
        ("When are you open?", "Mon–Fri, 8:30 to 17:00.\nClosed on holidays."),
        ("How do I pay?", "- Card\n- Cash\nMore (https://example.org/pay)"),
    ]


def test_microdata_faq_page(tmp_path: Path) -> None:
    path = tmp_path / "page"
    path.write_text(MICRODATA, encoding="utf-8")
    imported = import_file(path)
    assert imported.format == "HTML microdata"
    assert [(e.question, e.answer, e.line) for e in imported.entries] == [
        ("Do you deliver?", "Yes, within 24 hours.\nNot on Sundays.", 4),
        ("Can I return things?", "Within 30 days & with a receipt.", 10),
    ]


def test_html_to_text_drops_scripts_and_keeps_link_targets() -> None:
    assert html_to_text("<p>Hi <script>alert(1)</script><a href='mailto:a@b.org'>a@b.org</a></p>") == "Hi a@b.org"


@pytest.mark.parametrize("page, line, message", [
    ("<html><body><p>No FAQ here</p></body></html>", None, "no schema.org FAQPage found"),
    ("<html><head>\n\n<script type='application/ld+json'>\n{\"@type\": \"FAQPage\",\n oops}</script></head></html>",
     5, "invalid JSON-LD"),
    ("<html><body>\n<div itemscope itemtype='https://schema.org/Question'><b itemprop='name'>Q?</b></div>"
     "</body></html>", 2, "has no answer"),
])
def test_malformed_html_is_an_error_with_its_line(tmp_path: Path, page: str, line: int | None, message: str) -> None:
    path = tmp_path / "faq.html"
    path.write_text(page, encoding="utf-8")
    with pytest.raises(KBError) as info:
        import_file(path)
    assert info.value.problems[0].line == line and message in info.value.problems[0].message
