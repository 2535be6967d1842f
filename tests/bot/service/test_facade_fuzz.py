"""5,000 generated hostile inputs through the whole service with a real SQLite store (``make fuzz``: 100,000)."""

from __future__ import annotations

from tests.bot.service.fuzz_service import inputs, run


def test_5000_generated_inputs_no_crash_no_writer_death_every_acknowledged_row_present() -> None:
    result = run(5000, seed=13)
    print(result.summary())  # shown with -s or on failure: the p99 per call
    assert not result.crashes, result.summary()
    assert result.writer_deaths == 0 and result.flush_failures == 0
    assert result.missing_rows == 0 and result.missing_texts == 0 and result.acknowledged > 2000
    assert result.store_problems == {"skipped": 0, "failed": 0, "dropped": 0, "lost_on_close": 0}


def test_the_generator_covers_every_kind_of_hostile_input() -> None:
    texts = [arg for _, arg, _ in inputs(13, 5000, ["What is Article 5?"], ["e1"], ["NATO"])]
    joined = "".join(texts)
    assert "" in texts and max(map(len, texts)) >= 100_000  # empty and huge
    assert any(0xD800 <= ord(c) <= 0xDFFF for c in joined)  # lone surrogates (incl. surrogateescape bytes)
    assert "\x00" in joined and "\u200b" in joined and "\u202e" in joined  # control, zero-width, RTL override
    assert "🇺🇦" in joined and "<script>" in joined and "ما" in joined  # emoji, markup, RTL script
