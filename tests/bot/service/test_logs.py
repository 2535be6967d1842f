"""Log lines (text and JSON, one per event, no tokens, text only at DEBUG) and the redactor (bot/service/logs.py)."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from bot.engine.answerer import Answerer
from bot.kb.loader import load_kb
from bot.service.facade import FaqService, User
from bot.service.logs import Redactor, setup_logging

TOKEN = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
DISCORD = "MTA4OTk2NDQ1.GhJkLm.abcdefghijklmnopqrstuvwxyz012345"


@pytest.fixture
def capture() -> Iterator[tuple[io.StringIO, dict[str, str]]]:
    """A stream the faqbot handler writes to; the handler is removed afterwards."""
    stream = io.StringIO()
    yield stream, {"TELEGRAM_BOT_TOKEN": TOKEN, "DISCORD_BOT_TOKEN": DISCORD}
    root = logging.getLogger()
    for handler in [h for h in root.handlers if h.get_name() == "faqbot"]:
        root.removeHandler(handler)
    root.setLevel(logging.WARNING)


def service(tmp_path: Path) -> FaqService:
    """A service over a one-entry KB."""
    path = tmp_path / "kb.yaml"
    path.write_text(yaml.safe_dump({"topic": "Pets", "entries": [{"id": "cat", "question": "How often should I "
                                    "feed my cat?", "answer": "Twice a day."}]}), encoding="utf-8")
    return FaqService(Answerer(load_kb(path)))


def test_json_lines_carry_the_event_fields(tmp_path: Path, capture: tuple[io.StringIO, dict[str, str]]) -> None:
    stream, env = capture
    setup_logging(logging.INFO, {**env, "FAQBOT_LOG_FORMAT": "json"}, stream)
    svc = service(tmp_path)
    svc.ask("how often do I feed my cat", User("telegram", "42"))
    svc.ask("my private question about taxes", User("discord", "43"))
    events = [json.loads(line) for line in stream.getvalue().splitlines()]
    replies = [e for e in events if e["msg"] == "reply"]
    assert len(replies) == 2
    first = replies[0]
    assert first["level"] == "INFO" and first["platform"] == "telegram" and first["kind"] == "answer"
    assert first["entry_id"] == "cat" and first["score"] > 0 and first["latency_ms"] >= 0
    assert replies[1]["kind"] == "none" and replies[1]["platform"] == "discord"
    assert "taxes" not in stream.getvalue()  # question text only at DEBUG
    assert "telegram:42" not in stream.getvalue() and all(e.get("user") is None for e in events)


def test_text_lines_are_one_line_per_event_with_key_values(tmp_path: Path,
                                                           capture: tuple[io.StringIO, dict[str, str]]) -> None:
    stream, env = capture
    setup_logging(logging.INFO, env, stream)
    service(tmp_path).ask("how often do I feed my cat", User("telegram", "42"))
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1
    assert " INFO faqbot: reply platform=telegram kind=answer entry_id=cat score=" in lines[0]
    assert "latency_ms=" in lines[0]


def test_question_text_appears_at_debug(tmp_path: Path, capture: tuple[io.StringIO, dict[str, str]]) -> None:
    stream, env = capture
    setup_logging(logging.DEBUG, env, stream)
    service(tmp_path).ask("my private question about taxes", User("telegram", "42"))
    assert "taxes" in stream.getvalue()


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_tokens_never_reach_the_log(fmt: str, capture: tuple[io.StringIO, dict[str, str]]) -> None:
    stream, env = capture
    setup_logging(logging.DEBUG, {**env, "FAQBOT_LOG_FORMAT": fmt}, stream)
    log = logging.getLogger("httpx")
    log.warning("HTTP Request: POST https://api.example/bot%s/getUpdates", TOKEN)
    log.warning('quoted "%s" and %s', TOKEN, DISCORD)
    log.warning("another bot's url: /bot987654321:ZZZZZZZZZZZZZZZZZZZZZZZZZZ/getMe")
    try:
        raise RuntimeError(f"connect failed for {DISCORD}")
    except RuntimeError:
        logging.getLogger("faqbot").exception("crash")
    out = stream.getvalue()
    assert TOKEN not in out and DISCORD not in out and "AAHdqTcv" not in out and "ZZZZZZZZZZ" not in out
    assert "[REDACTED]" in out and "crash" in out


def test_the_hash_key_never_reaches_the_log(capture: tuple[io.StringIO, dict[str, str]]) -> None:
    stream, env = capture
    key = "0123456789abcdef" * 4
    setup_logging(logging.DEBUG, {**env, "FAQBOT_HASH_KEY": key}, stream)
    logging.getLogger("faqbot.store").warning("oops: %s", key)
    assert key not in stream.getvalue() and "[REDACTED]" in stream.getvalue()


def test_redactor_ignores_tiny_values_and_masks_longest_first() -> None:
    redact = Redactor(["", "ab", "secret-token-long", "secret-token"])
    assert redact("ab secret-token-long secret-token") == "ab [REDACTED] [REDACTED]"


def test_unknown_log_format_is_refused_by_name(capture: tuple[io.StringIO, dict[str, str]]) -> None:
    stream, _env = capture
    with pytest.raises(ValueError, match="FAQBOT_LOG_FORMAT"):
        setup_logging(logging.INFO, {"FAQBOT_LOG_FORMAT": "xml"}, stream)


def test_setting_up_twice_does_not_double_lines(capture: tuple[io.StringIO, dict[str, str]]) -> None:
    stream, env = capture
    setup_logging(logging.INFO, env, stream)
    setup_logging(logging.INFO, env, stream)
    logging.getLogger("faqbot").info("once")
    assert stream.getvalue().count("once") == 1
