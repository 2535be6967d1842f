"""Metrics fed by the service: replies by kind, platform and tier, scores, latency, votes, KB version."""

from __future__ import annotations

from pathlib import Path

from prometheus_client import generate_latest

from bot.engine.answerer import Answerer
from bot.kb.loader import load_kb
from bot.ops.metrics import MetricsObserver, decided_by
from bot.service.facade import FaqService, User
from bot.service.outcomes import AdminResult, Noted, Refused
from bot.service.reload import Reloader
from tests.adapters.telegram.conftest import BAKING, SHIPPING, write_kb


def _service(kb: Path) -> tuple[FaqService, MetricsObserver, Reloader]:
    reloader = Reloader(kb, lambda p: Answerer(load_kb(p)), interval=0)
    metrics = MetricsObserver(reloader)
    return FaqService(reloader, observer=metrics), metrics, reloader


def test_replies_votes_and_kb_are_counted(tmp_path: Path) -> None:
    service, metrics, _ = _service(write_kb(tmp_path / "kb", BAKING, SHIPPING))
    alice, bob = User("telegram", "1", "1"), User("discord", "2", "2")
    service.ask("How do I bake bread?", alice)
    service.ask("How long does delivery take?", alice)
    service.ask("zzzz qqqq xxxx", bob)
    service.ask("hello", bob)
    first, again = (service.feedback("bread", alice, helpful=True) for _ in range(2))
    assert isinstance(first, Noted) and first.counted
    assert isinstance(again, Noted) and not again.counted  # the same vote again: not counted
    service.feedback("returns", bob, helpful=False)
    sample = metrics.registry.get_sample_value
    assert sample("faqbot_replies_total", {"kind": "answer", "platform": "telegram", "tier": "lexical"}) == 2
    assert sample("faqbot_replies_total", {"kind": "none", "platform": "discord", "tier": "lexical"}) == 1
    assert sample("faqbot_replies_total", {"kind": "none", "platform": "discord", "tier": "smalltalk"}) == 1
    assert sample("faqbot_reply_score_count", {"platform": "telegram"}) == 2  # questions only, not small talk
    assert sample("faqbot_reply_seconds_count", {"platform": "discord"}) == 2
    assert sample("faqbot_votes_total", {"platform": "telegram", "vote": "up", "counted": "true"}) == 1
    assert sample("faqbot_votes_total", {"platform": "telegram", "vote": "up", "counted": "false"}) == 1
    assert sample("faqbot_votes_total", {"platform": "discord", "vote": "down", "counted": "true"}) == 1
    assert sample("faqbot_unanswered_ratio") == 1 / 3
    assert sample("faqbot_kb_entries") == 6
    metrics.platform_error("telegram", "rate_limited")
    assert sample("faqbot_platform_errors_total", {"platform": "telegram", "kind": "rate_limited"}) == 1


def test_kb_version_follows_a_reload(tmp_path: Path) -> None:
    kb = write_kb(tmp_path / "kb", BAKING)
    service, metrics, reloader = _service(kb)
    before = generate_latest(metrics.registry).decode()
    version = reloader.current.kb.fingerprint[:12]
    assert f'faqbot_kb_info{{version="{version}"}} 1.0' in before
    write_kb(kb, BAKING, SHIPPING)
    admin = User("console", "local")
    service.admins = frozenset({admin.key})
    result = service.reload(admin)
    assert isinstance(result, AdminResult) and result.text.startswith("Knowledge base reloaded"), result
    after = generate_latest(metrics.registry).decode()
    assert reloader.current.kb.fingerprint[:12] != version
    assert f'faqbot_kb_info{{version="{reloader.current.kb.fingerprint[:12]}"}} 1.0' in after
    assert "faqbot_kb_entries 6.0" in after


def test_rate_limited_actions_are_counted_as_refusals(tmp_path: Path) -> None:
    from bot.service.ratelimit import RateLimiter

    reloader = Reloader(write_kb(tmp_path / "kb", BAKING), lambda p: Answerer(load_kb(p)), interval=0)
    metrics = MetricsObserver(reloader)
    service = FaqService(reloader, observer=metrics, limiter=RateLimiter(per_minute=1))
    user = User("telegram", "9")
    service.ask("How do I bake bread?", user)
    assert isinstance(service.ask("How do I bake bread?", user), Refused)
    service.ask("How do I bake bread?", user)  # silent now, still counted
    assert metrics.registry.get_sample_value(
        "faqbot_refusals_total", {"platform": "telegram", "reason": "rate-limited"}) == 2
    assert metrics.registry.get_sample_value(
        "faqbot_replies_total", {"kind": "answer", "platform": "telegram", "tier": "lexical"}) == 1


def test_the_tier_that_decided(tmp_path: Path) -> None:
    from bot.engine.reply import Intent, Reply

    answerer = Answerer(load_kb(write_kb(tmp_path / "kb", BAKING)))
    assert decided_by(Reply(Intent.GREETING, "hi"), answerer) == "smalltalk"
    assert decided_by(Reply(Intent.SUMMARY, "s"), answerer) == "summary"
    assert decided_by(Reply(Intent.ANSWER, "a"), answerer) == "lexical"
    assert decided_by(Reply(Intent.UNKNOWN, "?"), answerer) == "lexical"


def test_the_engine_is_labelled_as_the_engine_not_as_lexical(tmp_path: Path) -> None:
    from bot.engine.reply import Intent, Reply

    class Engine:  # the shape of bot.engine.cascade.Engine, without loading its models
        name = "engine"

        def score(self, text: str, limit: int = 10) -> list[object]:
            return []

    answerer = Answerer(load_kb(write_kb(tmp_path / "kb", BAKING)))
    answerer.matcher = Engine()  # type: ignore[assignment]
    assert decided_by(Reply(Intent.ANSWER, "a"), answerer) == "engine"
    assert decided_by(Reply(Intent.GREETING, "hi"), answerer) == "smalltalk"
