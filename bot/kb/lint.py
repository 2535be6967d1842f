"""``faqbot check``: find what would confuse users or the matcher in a valid KB."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.engine.lexical import LexicalMatcher
from bot.kb.model import KnowledgeBase

__all__ = ["DISCORD_EMBED_LIMIT", "TELEGRAM_LIMIT", "Finding", "lint"]

TELEGRAM_LIMIT = 4096  # characters in one Telegram message
DISCORD_EMBED_LIMIT = 4096  # characters in one Discord embed description


@dataclass(frozen=True)
class Finding:
    """A lint finding: ``error`` findings fail the check, ``warning`` ones are advice."""

    level: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.level}: {self.message}"


def lint(kb: KnowledgeBase, similarity: float = 90.0) -> list[Finding]:
    """Warnings for near-duplicate questions, over-long answers and topics without a summary."""
    findings: list[Finding] = []
    for topic in kb.topics:
        if not topic.summary:
            findings.append(Finding("warning", topic.source, f"topic '{topic.name}' has no summary (one is built from its entries)"))
        if not topic.entry_ids:
            findings.append(Finding("warning", topic.source, f"topic '{topic.name}' has no entries"))
    for entry in kb.entries:
        size = len(entry.answer)
        if size > min(TELEGRAM_LIMIT, DISCORD_EMBED_LIMIT):
            findings.append(Finding(
                "warning", entry.source,
                f"answer of '{entry.question[:50]}' is {size} characters: over Telegram's {TELEGRAM_LIMIT} "
                f"and Discord's {DISCORD_EMBED_LIMIT}-character embed limit, it will be split",
            ))
    findings += _near_duplicates(kb, similarity)
    return findings


def _near_duplicates(kb: KnowledgeBase, similarity: float) -> list[Finding]:
    """Pairs of questions the matcher cannot tell apart: same words, or each the other's best match."""
    findings = []
    questions = [e.question.casefold() for e in kb.entries]
    matcher = LexicalMatcher(kb)
    reported: set[tuple[str, str]] = set()
    for i, entry in enumerate(kb.entries):
        hits = process.extract(questions[i], questions, scorer=fuzz.token_sort_ratio, score_cutoff=similarity, limit=5)
        close = {kb.entries[j].id for _, _, j in hits if j != i}
        ranked = matcher.score(entry.question, limit=2)
        if len(ranked) == 2 and ranked[0].entry_id != entry.id and ranked[0].score >= ranked[1].score:
            close.add(ranked[0].entry_id)  # another entry outranks this one on its own question
        for other_id in close:
            pair = tuple(sorted((entry.id, other_id)))
            if pair in reported:
                continue
            reported.add(pair)  # type: ignore[arg-type]
            other = kb.get(other_id)
            assert other is not None
            findings.append(Finding(
                "warning", entry.source,
                f"'{entry.question[:60]}' is easily confused with '{other.question[:60]}' ({other.source}): "
                "merge them or make the questions more distinct",
            ))
    return findings
