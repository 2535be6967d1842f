"""Hot reload: a broken edit keeps the old KB serving (and says where it broke); a fixed edit is picked up."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import pytest
import yaml

from bot.engine.answerer import Answerer
from bot.kb.loader import load_kb
from bot.service.facade import FaqService, User
from bot.service.outcomes import AdminResult, Answered, Outcome, Refusal, Refused
from bot.service.reload import Reloader

ADMIN = User("telegram", "1")
STRANGER = User("telegram", "2")


def topic_yaml(*pairs: tuple[str, str], topic: str = "Pets") -> str:
    """A topic file with these question/answer pairs."""
    return yaml.safe_dump({"topic": topic, "summary": f"About {topic}.",
                           "entries": [{"question": q, "answer": a} for q, a in pairs]}, sort_keys=False)


CATS = ("How often should I feed my cat?", "Twice a day.")
DOGS = ("How long should I walk my dog?", "At least an hour a day.")
BROKEN = "topic: Pets\nentries:\n  - question: How often should I feed my cat?\n    answer: [unclosed\n"


def build(path: Path) -> Answerer:
    """The factory the CLI passes: load and validate, then build the core."""
    return Answerer(load_kb(path))


def write(path: Path, text: str) -> None:
    """Write a KB file and move its mtime forward, so even a coarse clock sees the change."""
    old = path.stat().st_mtime_ns if path.exists() else 0
    path.write_text(text, encoding="utf-8")
    stamp = max(time.time_ns(), old + 2_000_000_000)
    os.utime(path, ns=(stamp, stamp))


def answered(answerer: Answerer, question: str) -> str | None:
    """The entry question answered for ``question``, or None."""
    reply = answerer.reply(question)
    return reply.question if reply.kind == "answer" else None


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    """A KB folder with one topic file about cats."""
    folder = tmp_path / "kb"
    folder.mkdir()
    write(folder / "pets.yaml", topic_yaml(CATS))
    return folder


def test_nothing_changed_means_no_rebuild(kb: Path) -> None:
    calls: list[Path] = []

    def counting(path: Path) -> Answerer:
        calls.append(path)
        return build(path)

    reloader = Reloader(kb, counting)
    assert reloader.check() is None
    assert len(calls) == 1


def test_invalid_yaml_keeps_old_answers_and_reports_file_and_line(kb: Path, caplog: pytest.LogCaptureFixture) -> None:
    reloader = Reloader(kb, build)
    before = reloader()
    write(kb / "pets.yaml", BROKEN)
    with caplog.at_level(logging.ERROR, logger="faqbot.reload"):
        result = reloader.check()
    assert result is not None and not result.ok
    assert f"{kb / 'pets.yaml'}:" in result.message and "still serving the previous" in result.message
    assert reloader() is before
    assert answered(reloader(), "how often do I feed the cat") == CATS[0]
    assert str(kb / "pets.yaml") in caplog.text
    assert reloader.check() is None  # the same broken file is reported once, not on every poll

    write(kb / "pets.yaml", topic_yaml(CATS, DOGS))
    fixed = reloader.check()
    assert fixed is not None and fixed.ok, fixed
    assert answered(reloader(), "how long to walk a dog") == DOGS[0]
    assert reloader.last_error is None


def test_an_added_file_in_the_folder_is_picked_up(kb: Path) -> None:
    reloader = Reloader(kb, build)
    write(kb / "dogs.yaml", topic_yaml(DOGS, topic="Dogs"))
    os.utime(kb, ns=(time.time_ns() + 3_000_000_000,) * 2)
    result = reloader.check()
    assert result is not None and result.ok
    assert len(reloader().kb.topics) == 2


def test_a_deleted_kb_keeps_serving_the_old_one(tmp_path: Path) -> None:
    file = tmp_path / "pets.yaml"
    write(file, topic_yaml(CATS))
    reloader = Reloader(file, build)
    file.unlink()
    result = reloader.reload()
    assert not result.ok
    assert answered(reloader(), "how often do I feed the cat") == CATS[0]


def test_the_poller_swaps_in_a_fixed_edit_while_serving(kb: Path) -> None:
    reloader = Reloader(kb, build, interval=0.05)
    reloader.start()
    try:
        write(kb / "pets.yaml", BROKEN)
        deadline = time.monotonic() + 5  # the barrier: the poller has seen the broken edit (and refused it)
        while reloader.last_error is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert reloader.last_error is not None
        assert answered(reloader(), "how often do I feed the cat") == CATS[0]
        write(kb / "pets.yaml", topic_yaml(CATS, DOGS))
        deadline = time.monotonic() + 5
        while answered(reloader(), "how long to walk a dog") is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert answered(reloader(), "how long to walk a dog") == DOGS[0]
    finally:
        reloader.stop()
    assert reloader._thread is None


def test_interval_zero_never_starts_a_thread(kb: Path) -> None:
    reloader = Reloader(kb, build, interval=0)
    reloader.start()
    assert reloader._thread is None
    reloader.stop()


def admin_text(outcome: Outcome) -> str:
    """The text of an admin command that was allowed."""
    assert isinstance(outcome, AdminResult), outcome
    return outcome.text


def answered_question(outcome: Outcome) -> str | None:
    """The question an answered action answered."""
    assert isinstance(outcome, Answered), outcome
    return outcome.reply.question


def test_service_reload_is_for_admins_and_reports_the_error(kb: Path) -> None:
    reloader = Reloader(kb, build)
    service = FaqService(reloader, admins=frozenset({ADMIN.key}))
    try:
        refused = service.reload(STRANGER)
        assert isinstance(refused, Refused) and refused.reason is Refusal.NOT_ALLOWED
        write(kb / "pets.yaml", BROKEN)
        assert service.reload(STRANGER) == refused
        before = service.answerer
        assert service.answerer is before  # a refused reload changes nothing
        failed = service.reload(ADMIN)
        assert isinstance(failed, AdminResult) and not failed.ok
        assert "Reload failed" in failed.text and f"{kb / 'pets.yaml'}:" in failed.text
        assert answered_question(service.ask("how often do I feed the cat", STRANGER)) == CATS[0]
        write(kb / "pets.yaml", topic_yaml(CATS, DOGS))
        assert "2 entries" in admin_text(service.reload(ADMIN))
        assert answered_question(service.ask("how long to walk a dog", STRANGER)) == DOGS[0]
    finally:
        service.close()


def test_service_without_reloader_says_so(tmp_path: Path) -> None:
    file = tmp_path / "pets.yaml"
    write(file, topic_yaml(CATS))
    service = FaqService(Answerer(load_kb(file)), admins=frozenset({ADMIN.key}))
    assert "not configured" in admin_text(service.reload(ADMIN))


def test_reload_with_thousands_of_problems_sends_the_admin_one_short_summary(kb: Path) -> None:
    service = FaqService(Reloader(kb, build, interval=0), admins=frozenset({ADMIN.key}))
    write(kb / "pets.yaml", "topic: Pets\nentries:\n" + "  - question: Who forgot the answer?\n" * 5000)
    message = admin_text(service.reload(ADMIN))
    assert message.startswith("Reload failed") and "5000 problems" in message
    assert len(message) < 4096 and "and 4990 more" in message  # one chat message, not 179
    assert answered(service.answerer, CATS[0]) == CATS[0]
