"""Rendering: escaped HTML that Telegram accepts, split under the limit at the best boundary."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.telegram.render import MAX_MESSAGE, escape, render_reply, render_text, split_plain
from adapters.testing.telegram.telegram_rules import parse_html
from bot.engine.reply import Intent, Reply, Role, Suggestion

TEXT = st.lists(st.sampled_from([*"ab <&>*_\"'\n.é🍞", "\n\n", ". ", "word "]), max_size=1500).map("".join)


@settings(max_examples=150, deadline=None)
@given(TEXT, st.integers(min_value=40, max_value=400))
def test_every_part_fits_and_nothing_but_whitespace_is_lost(text: str, limit: int) -> None:
    parts = split_plain(text, limit)
    assert all(len(escape(p)) <= limit for p in parts)
    assert "".join(parts).replace(" ", "").replace("\n", "") == text.replace(" ", "").replace("\n", "")


@settings(max_examples=100, deadline=None)
@given(TEXT, st.text(max_size=400))
def test_rendered_parts_are_valid_telegram_html_showing_the_text(body: str, header: str) -> None:
    parts = render_text(body, header, limit=500)
    visible = [parse_html(p) for p in parts]  # raises on anything Telegram would refuse
    assert all(len(p) <= 500 for p in parts)
    if body.strip():
        assert "".join(visible).replace(" ", "").replace("\n", "").endswith(body.replace(" ", "").replace("\n", ""))


def test_split_prefers_paragraphs_then_lines_then_sentences() -> None:
    paragraphs = ["A" * 30, "B" * 30, "C" * 30]
    assert split_plain("\n\n".join(paragraphs), 70) == ["A" * 30 + "\n\n" + "B" * 30, "C" * 30]
    assert split_plain("one line\nsecond line that is long", 20) == ["one line", "second line that is", "long"]
    assert split_plain("First sentence. Second one here", 24) == ["First sentence.", "Second one here"]


def test_escaping_never_cuts_an_entity_and_counts_the_escaped_length() -> None:
    parts = split_plain("&" * 100, 50)
    assert all(len(escape(p)) <= 50 for p in parts)
    assert sum(len(p) for p in parts) == 100
    assert all(parse_html(escape(p)) == p for p in parts)


def test_control_characters_are_dropped() -> None:
    assert escape("a\x00b\x1b\x7fc\td\ne") == "abc\td\ne"


def test_answers_and_summaries_get_a_bold_title_and_no_answer_lists_the_nearest() -> None:
    answer = Reply(intent=Intent.ANSWER, text="x < y & z", question="Is x < y?", entry_id="q1")
    assert render_reply(answer) == ["<b>Is x &lt; y?</b>\n\nx &lt; y &amp; z"]
    summary = Reply(intent=Intent.SUMMARY, text="All about <b>", topic="T&T")
    assert render_reply(summary) == ["<b>T&amp;T</b>\n\nAll about &lt;b&gt;"]
    nothing = Reply(intent=Intent.UNKNOWN, text="I don't know that one.",
                    suggestions=(Suggestion("q1", "Is x < y?", Role.NEAREST),))
    assert render_reply(nothing)[0].endswith("The closest questions I know:")
    long_answer = Reply(intent=Intent.ANSWER, text="word " * 3000, question="Q")
    parts = render_reply(long_answer)
    assert len(parts) == 4 and all(len(p) <= MAX_MESSAGE for p in parts)
    assert parts[0].startswith("<b>Q</b>") and not parts[1].startswith("<b>")
