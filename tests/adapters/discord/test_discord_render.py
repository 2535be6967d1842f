"""Rendering: Discord's limits are kept and no character of the KB text is lost."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.discord.render import cut, reply_pages, size, split_text
from adapters.discord.views import reply_view
from bot.engine.reply import Intent, Reply, Suggestion
from tests.adapters.discord.discord_payloads import message_problems

_text = st.text(alphabet=st.sampled_from(list("ab \n.,!🙂é\u200d")), max_size=3000)


@settings(max_examples=200, deadline=None)
@given(text=_text, limit=st.integers(min_value=2, max_value=500))
def test_split_keeps_every_character_within_the_limit(text: str, limit: int) -> None:
    pieces = split_text(text, limit)
    assert "".join(pieces) == text
    assert all(size(p) <= limit for p in pieces)
    assert all(pieces) or pieces == [""]


def test_split_prefers_paragraphs_then_words() -> None:
    text = "First paragraph here.\n\nSecond one is a little longer than the first."
    assert split_text(text, 40) == ["First paragraph here.\n\n", "Second one is a little longer than the ", "first."]


def test_cut_adds_an_ellipsis_only_when_needed() -> None:
    assert cut("short", 10) == "short"
    assert cut("x" * 300, 256) == "x" * 255 + "…"
    assert size(cut("🙂" * 200, 100)) <= 100


@settings(max_examples=60, deadline=None)
@given(question=st.text(max_size=600), answer=st.text(max_size=20_000), topic=st.text(max_size=3000),
       score=st.floats(min_value=0, max_value=100))
def test_every_page_is_a_valid_discord_message(question: str, answer: str, topic: str, score: float) -> None:
    reply = Reply(intent=Intent.ANSWER, text=answer, question=question, topic=topic, entry_id="some-id", score=score,
                  suggestions=tuple(Suggestion(f"id{n}", question or "?") for n in range(7)))
    pages = reply_pages(reply)
    view = reply_view(reply)
    for number, embed in enumerate(pages):
        payload = {"embeds": [embed.to_dict()]}
        if number == len(pages) - 1 and view is not None:
            payload["components"] = view.to_components()
        assert message_problems(payload) == []
    assert "".join(e.description or "" for e in pages) == (answer or "…")


def test_unusable_ids_get_no_button() -> None:
    long_id = "x" * 120
    reply = Reply(intent=Intent.ANSWER, text="t", question="q", entry_id=long_id,
                  suggestions=(Suggestion(long_id, "q"), Suggestion("a:b", "q"), Suggestion("ok", "fine")))
    view = reply_view(reply)
    assert view is not None
    assert [c["custom_id"] for row in view.to_components() for c in row["components"]] == ["faq:fu:ok"]
