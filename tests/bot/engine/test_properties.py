"""Property tests: no message, however odd, crashes the core or yields a malformed reply."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine.answerer import Answerer
from bot.kb.loader import load_kb
from bot.service.settings import DEFAULT_KB

ANSWERER = Answerer(load_kb(DEFAULT_KB))
ODD = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(["\x00\x1b[31m", "<b>&amp;</b>", "**_`~|", "@everyone", "مرحبا ما هي المادة 5", "🚀🔥" * 50,
                     "\u202eRTL override", " \t\n ", "a" * 100_000, "article 5 " * 10_000]),
)


@settings(max_examples=300, deadline=None)
@given(ODD)
def test_any_message_gets_a_well_formed_reply(message: str) -> None:
    reply = ANSWERER.reply(message)
    assert reply.kind in ("answer", "summary", "suggest", "none")
    assert reply.text and 0 <= reply.score <= 100
    assert len(reply.query) <= 500
    assert (reply.entry_id is not None) == (reply.kind == "answer")
    assert len(reply.suggestions) <= 3
    assert all(ANSWERER.entry(s.id) is not None for s in reply.suggestions)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_completions_are_bounded_and_known(partial: str) -> None:
    found = ANSWERER.complete(partial, limit=5)
    assert len(found) <= 5 and all(ANSWERER.entry(s.id) for s in found)
