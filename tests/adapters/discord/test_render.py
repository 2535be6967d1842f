"""Rendering: Discord's limits are kept and no character of the KB text is lost."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.discord.render import reply_pages
from adapters.discord.views import reply_view
from adapters.testing.discord.discord_payloads import message_problems
from bot.engine.reply import Intent, Reply, Suggestion


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


def test_a_long_topic_name_keeps_every_embed_within_the_6000_total() -> None:
    # Issue 13: a 2,000-character topic name gave 6,262 characters (400 Invalid Form Body).
    reply = Reply(intent=Intent.ANSWER, text="word " * 800, question="Q" * 300, topic="T" * 2000, entry_id="e",
                  score=90.0)
    pages = reply_pages(reply)
    for embed in pages:
        assert message_problems({"embeds": [embed.to_dict()]}) == []
        parts = [embed.title or "", embed.description or "", embed.footer.text or ""]
        assert sum(len(p.encode("utf-16-le")) // 2 for p in parts) <= 6000
    assert "".join(e.description or "" for e in pages) == "word " * 800
