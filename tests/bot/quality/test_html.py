"""The self-contained HTML page of ``faqbot report --html`` (bot/quality/html.py)."""

from __future__ import annotations

from pathlib import Path

from bot.engine.answerer import Answerer
from bot.kb.loader import load_kb
from bot.quality.html import render_html
from bot.quality.report import Report, cluster
from bot.store import DayCount, EntryVotes
from tests.bot.quality.townhall import Page, kb_file, unanswered


def test_html_report_is_self_contained_with_the_four_charts(tmp_path: Path) -> None:
    answerer = Answerer(load_kb(kb_file(tmp_path)))
    report = Report(
        since=0.0,
        days=[DayCount("2026-11-30", 10, 7, 1, 2), DayCount("2026-12-01", 4, 1, 1, 2)],
        clusters=cluster([unanswered("is the pool heated")] * 3 + [unanswered("<script>alert(1)</script> x")]),
        votes=[EntryVotes("parking", 1, 4), EntryVotes("passport", 5, 0)],
        tiers=[("lexical", 9), ("semantic", 3)],
    )
    html = render_html(report, answerer)
    page = Page()
    page.feed(html)
    assert "script" not in page.tags and page.external == [] and "<script>alert" not in html
    assert page.tags.count("svg") == 4
    assert [(b["data-day"], b["data-rate"]) for b in page.bars["bar"]] == [("2026-11-30", "0.7000"),
                                                                          ("2026-12-01", "0.2500")]
    assert (page.bars["cluster"][0]["data-label"], page.bars["cluster"][0]["data-value"]) == ("is the pool heated", "3")
    votes = [(b["data-label"], b["data-value"]) for b in page.bars["vote"]]
    assert ("Where can I park near the town hall? (parking)", "4") in votes
    assert [(b["data-label"], b["data-value"]) for b in page.bars["tier"]] == [("lexical", "9"), ("semantic", "3")]
    assert "<script>alert(1)</script> x" in "".join(page.text)  # shown as text, escaped
