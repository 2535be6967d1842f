"""Metrics fed by the service: replies by kind, platform and tier, scores, latency, votes, KB version."""

from __future__ import annotations

from pathlib import Path

from prometheus_client import generate_latest

from bot.engine.answerer import Answerer
from bot.kb.loader import load_kb
from bot.ops.metrics import MetricsObserver, decided_by
from bot.service.facade import FaqService, User
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
    assert service.feedback("bread", alice, helpful=True)
    assert not service.feedback("bread", alice, helpful=True)  # the same vote again: not counted
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
    assert service.reload().startswith("Knowledge base reloaded")
    after = generate_latest(metrics.registry).decode()
    assert reloader.current.kb.fingerprint[:12] != version
    assert f'faqbot_kb_info{{version="{reloader.current.kb.fingerprint[:12]}"}} 1.0' in after
    assert "faqbot_kb_entries 6.0" in after


def test_rate_limited_replies_are_their_own_tier(tmp_path: Path) -> None:
    from bot.service.ratelimit import RateLimiter

    reloader = Reloader(write_kb(tmp_path / "kb", BAKING), lambda p: Answerer(load_kb(p)), interval=0)
    metrics = MetricsObserver(reloader)
    service = FaqService(reloader, observer=metrics, limiter=RateLimiter(per_minute=1))
    user = User("telegram", "9")
    service.ask("How do I bake bread?", user)
    refusal = service.ask("How do I bake bread?", user)
    assert refusal is not None and refusal.intent == "rate_limited"
    assert decided_by(refusal, reloader.current) == "rate_limit"
    assert metrics.registry.get_sample_value(
        "faqbot_replies_total", {"kind": "none", "platform": "telegram", "tier": "rate_limit"}) == 1
