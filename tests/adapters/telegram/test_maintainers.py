"""Issue 5 on Telegram: 👍/👎 feedback, admin commands and the per-user rate limit."""

from __future__ import annotations

from pathlib import Path

from adapters.testing.telegram.fake_server import FakeBotApi
from adapters.testing.telegram.payloads import GROUP_ID, USER_ID, callback, command, message
from bot import messages
from bot.engine.answerer import Answerer
from bot.kb.loader import load_kb
from bot.service.facade import FaqService, User
from bot.service.outcomes import AdminResult, Outcome
from bot.service.ratelimit import RateLimiter
from bot.store import open_store
from tests.adapters.telegram.conftest import bot_env, running_bot

ADMIN_ID = 999
NOT_ALLOWED = messages.text("service.not_allowed")
RATE_LIMITED = messages.text("service.rate_limited")
THANKS = messages.text("service.feedback_thanks")


class RecordingService(FaqService):
    """The real service, remembering feedback and admin calls (their store is another module's concern)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.votes: list[tuple[str, User, bool]] = []
        self.reloads: list[User | None] = []

    def feedback(self, entry_id: str, user: User, helpful: bool) -> Outcome:
        self.votes.append((entry_id, user, helpful))
        return super().feedback(entry_id, user, helpful)

    def reload(self, user: User) -> Outcome:
        if not self.is_admin(user):
            return super().reload(user)
        self.reloads.append(user)
        return AdminResult(True, "Reloaded: 2 topics, 6 entries <ok>.")


def make_service(kb_path: Path, **kwargs: object) -> RecordingService:
    """A recording service over the test KB."""
    return RecordingService(Answerer(load_kb(kb_path)), **kwargs)  # type: ignore[arg-type]


async def test_feedback_buttons_are_acknowledged_and_recorded(fake: FakeBotApi, kb_path: Path) -> None:
    service = make_service(kb_path)
    async with running_bot(service, bot_env(fake)):
        fake.push(message("How do I bake bread?"))
        [answer] = await fake.wait_sent(1)
        fake.push(callback("f+:bread", on=answer))
        fake.push(callback("f-:bread", on=answer))
        await fake.wait_for(lambda: len(fake.callback_answers) == 2 and len(service.votes) == 2)
    assert sorted(v[2] for v in service.votes) == [False, True]
    assert {(v[0], v[1].platform, v[1].user_id, v[1].chat_id) for v in service.votes} == {
        ("bread", "telegram", str(USER_ID), str(USER_ID))}
    assert [a["text"] for a in fake.callback_answers] == [THANKS, THANKS]  # two different votes: both counted
    assert len(fake.sent) == 1, "feedback sends no message"


async def test_admin_commands_only_for_admins(fake: FakeBotApi, kb_path: Path) -> None:
    service = make_service(kb_path, admins=frozenset({f"telegram:{ADMIN_ID}"}))
    async with running_bot(service, bot_env(fake)):
        fake.push(command("/reload"))
        fake.push(command("/stats"))
        sent = await fake.wait_sent(2)
        assert [m["text"] for m in sent] == [NOT_ALLOWED, NOT_ALLOWED]
        assert service.reloads == []
        fake.push(command("/reload", chat_id=ADMIN_ID, user_id=ADMIN_ID))
        sent = await fake.wait_sent(3)
        assert sent[2]["text"] == "Reloaded: 2 topics, 6 entries <ok>."
        assert service.reloads[0] is not None and service.reloads[0].user_id == str(ADMIN_ID)
        fake.push(command("/stats", chat_id=ADMIN_ID, user_id=ADMIN_ID))
        sent = await fake.wait_sent(4)
        stats = service.stats(User("telegram", str(ADMIN_ID)))
        assert isinstance(stats, AdminResult) and sent[3]["text"] == stats.text
        fake.push(command("/help", chat_id=ADMIN_ID, user_id=ADMIN_ID))
        sent = await fake.wait_sent(5)
        assert "/reload" in sent[4]["text"]


async def test_rate_limit_says_so_once_then_stays_silent(fake: FakeBotApi, kb_path: Path) -> None:
    service = make_service(kb_path, limiter=RateLimiter(per_minute=2))
    async with running_bot(service, bot_env(fake)):
        for _ in range(5):
            fake.push(message("How do I bake bread?"))
        await fake.wait_sent(3)
        # The barrier: another user's question, answered after the flood was handled.
        fake.push(message("How do I bake bread?", chat_id=222, user_id=222))
        await fake.wait_for(lambda: any(m["chat_id"] == 222 for m in fake.sent))
    texts = [m["text"] for m in fake.sent if m["chat_id"] == USER_ID]
    assert len(texts) == 3
    assert texts.count(RATE_LIMITED) == 1
    assert [m["chat_id"] for m in fake.sent].count(222) == 1, "another user is not limited"


async def test_stats_in_a_group_shows_no_question_texts(fake: FakeBotApi, kb_path: Path, tmp_path: Path) -> None:
    # Issue 13: an admin's /stats typed in a group posted other users' unanswered questions there.
    store = open_store(tmp_path / "data" / "faqbot.sqlite3", key="a-test-hash-key-of-32-characters")
    service = make_service(kb_path, admins=frozenset({f"telegram:{ADMIN_ID}"}), store=store)
    service.ask("my email is ann@example.org, what is the meaning of life?", User("telegram", "5"))
    store.flush()
    async with running_bot(service, bot_env(fake)):
        fake.push(command("/stats", chat_id=GROUP_ID, user_id=ADMIN_ID, kind="supergroup"))
        [note] = await fake.wait_sent(1)
        assert "ann@example.org" not in note["text"] and "private chat" in note["text"]
        fake.push(command("/stats", chat_id=ADMIN_ID, user_id=ADMIN_ID))
        sent = await fake.wait_sent(2)
    stats = service.stats(User("telegram", str(ADMIN_ID)))
    service.close()
    assert isinstance(stats, AdminResult) and sent[1]["text"] == stats.text, "the full figures in private"
    assert "ann@example.org" in stats.text, "the premise: the stats hold the question text"
