"""``faqbot check``: find what would confuse users or the engine in a KB that loads."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.engine.answerer import Answerer
from bot.engine.lexical import LexicalMatcher
from bot.engine.text import clean
from bot.kb.model import Entry, KnowledgeBase

__all__ = ["MAX_MESSAGES", "MESSAGE_CHARS", "SIMILARITY", "Finding", "lint", "text_units"]

#: Characters in one chat message (the smallest limit of the platforms faqbot serves; adapters split longer ones).
MESSAGE_CHARS = 4096
#: An answer needing more messages than this is an error: nobody reads a wall of messages in a chat.
MAX_MESSAGES = 4
#: Phrasings of different entries this similar (token sort ratio, 0-100) are reported as near-identical.
SIMILARITY = 90.0
#: Entries whose own questions are put to the engine; beyond this the check samples the first ones.
MAX_ENGINE_CHECKS = 20_000
_PAIRWISE = 1000  # phrasings compared pairwise: a million comparisons, about a second
_NEAR_LIMIT = 200_000  # phrasings checked for near-identical ones (each against its 10 nearest entries)
_TRAILING = re.compile(r"[\s?!.。？！؟]+$")


@dataclass(frozen=True)
class Finding:
    """A lint finding: ``error`` findings fail the check, ``warning`` ones are advice."""

    level: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.level}: {self.message}"

    @property
    def file(self) -> str:
        """The file part of ``where``."""
        head, _, tail = self.where.rpartition(":")
        return head if head and tail.isdigit() else self.where

    @property
    def line(self) -> int | None:
        """The line part of ``where``, when there is one."""
        head, _, tail = self.where.rpartition(":")
        return int(tail) if head and tail.isdigit() else None


def text_units(text: str) -> int:
    """Length as the strictest platform counts it: UTF-16 code units (an emoji or a flag counts 2 or more)."""
    return len(text.encode("utf-16-le")) // 2


def lint(kb: KnowledgeBase, answerer: Answerer | None = None, *, message_chars: int = MESSAGE_CHARS,
         max_messages: int = MAX_MESSAGES, similarity: float = SIMILARITY) -> list[Finding]:
    """Findings for a loaded KB, errors first; ``answerer`` is the engine the bot runs (lexical when None)."""
    findings: list[Finding] = []
    for where, message in kb.warnings:
        findings.append(Finding("warning", where, message))
    for topic in kb.topics:
        if not topic.summary:
            findings.append(Finding("warning", topic.source,
                                    f"topic '{topic.name}' has no summary (one is built from its entries)"))
        if not topic.entry_ids:
            findings.append(Finding("warning", topic.source, f"topic '{topic.name}' has no entries"))
    findings += _long_answers(kb, message_chars, max_messages)
    same, shared = _same_phrasings(kb, similarity)
    findings += same
    # A phrasing shared by two entries is already an error; asking the engine about it again would
    # report the one problem twice (as "answered by" the other entry).
    findings += _engine_confusions(kb, answerer or Answerer(kb), skip=shared)
    findings += _follow_up_cycles(kb)
    return sorted(findings, key=lambda f: f.level != "error")


def _long_answers(kb: KnowledgeBase, message_chars: int, max_messages: int) -> Iterator[Finding]:
    for entry in kb.entries:
        size = text_units(entry.answer)
        if size > message_chars * max_messages:
            yield Finding("error", entry.source,
                          f"answer of '{entry.question[:50]}' is {size:,} characters: over {max_messages} chat "
                          f"messages of {message_chars:,}; shorten it or link to a page with the details")
        elif size > message_chars:
            parts = -(-size // message_chars)
            yield Finding("warning", entry.source,
                          f"answer of '{entry.question[:50]}' is {size:,} characters: it goes out as {parts} "
                          f"messages of at most {message_chars:,}")


def _norm(text: str) -> str:
    return _TRAILING.sub("", clean(text).casefold())


def _phrasings(kb: KnowledgeBase) -> list[tuple[str, Entry, str]]:
    """(normalised text, entry, what it is) for every question and alternate."""
    out = []
    for entry in kb.entries:
        out.append((_norm(entry.question), entry, "question"))
        out += [(_norm(alt), entry, f"alternate '{alt[:60]}'") for alt in entry.alternates]
    return [p for p in out if p[0]]


def _same_phrasings(kb: KnowledgeBase, similarity: float) -> tuple[list[Finding], set[str]]:
    """Identical phrasings of different entries (error: the engine cannot choose), near-identical (warning).

    Also returns the normalised phrasings that more than one entry uses.
    """
    findings: list[Finding] = []
    shared: set[str] = set()
    phrasings = _phrasings(kb)
    first: dict[str, tuple[Entry, str]] = {}
    for text, entry, what in phrasings:
        seen = first.get(text)
        if seen is None:
            first[text] = (entry, what)
        elif seen[0].id != entry.id:
            shared.add(text)
            findings.append(Finding(
                "error", entry.source,
                f"the {what} of '{entry.question[:60]}' is the same as the {seen[1]} of '{seen[0].question[:60]}' "
                f"({seen[0].source}): asking it can only get \"did you mean\"; keep it on one entry"))
    texts = list(first)
    by_entry: dict[str, list[int]] = {}
    for index, text in enumerate(texts):
        by_entry.setdefault(first[text][0].id, []).append(index)
    # Up to _PAIRWISE phrasings every pair is compared (in C). Beyond, near-identical texts share
    # their words, so each is compared with the phrasings of the 10 entries the word index ranks best:
    # linear in the KB's size instead of quadratic (10,000 entries: 25 s instead of 86 s), and it can
    # miss a pair that shares almost no word.
    words = LexicalMatcher(kb)
    reported: set[tuple[str, str]] = set()
    for text in texts[:_NEAR_LIMIT]:
        a, what_a = first[text]
        if len(texts) <= _PAIRWISE:
            others = [j for j, other in enumerate(texts) if first[other][0].id != a.id]
        else:
            others = [j for c in words.score(text, limit=10) if c.entry_id != a.id for j in by_entry[c.entry_id]]
        if not others:
            continue
        for _, score, k in process.extract(text, [texts[j] for j in others], scorer=fuzz.token_sort_ratio,
                                           score_cutoff=similarity, limit=3):
            b, what_b = first[texts[others[k]]]
            pair = (min(a.id, b.id), max(a.id, b.id))
            if pair in reported:
                continue
            reported.add(pair)
            findings.append(Finding(
                "warning", a.source,
                f"the {what_a} of '{a.question[:60]}' and the {what_b} of '{b.question[:60]}' ({b.source}) "
                f"are near-identical ({score:.0f}/100): reword one, or merge the entries"))
    return findings, shared


def _engine_confusions(kb: KnowledgeBase, answerer: Answerer, skip: set[str] | None = None) -> list[Finding]:
    """Ask the engine each entry's own question: another entry answering is an error, "did you mean" a warning.

    Phrasings in ``skip`` (normalised; shared by two entries, an error already) are not asked.
    """
    findings = []
    skip = skip or set()
    for entry in kb.entries[:MAX_ENGINE_CHECKS]:
        if _norm(entry.question) in skip:
            continue
        reply = answerer.reply(entry.question)
        if reply.kind == "answer" and reply.entry_id == entry.id:
            continue
        if reply.kind == "answer":
            other = kb.get(reply.entry_id or "")
            label = f"'{other.question[:60]}' ({other.source})" if other else f"entry {reply.entry_id}"
            findings.append(Finding("error", entry.source,
                                    f"asking '{entry.question[:60]}' is answered by {label}: make the two "
                                    "questions more distinct, or merge them"))
        elif reply.kind == "suggest":
            rivals = [s.question[:60] for s in reply.suggestions if s.id != entry.id][:2]
            findings.append(Finding("warning", entry.source,
                                    f"the engine cannot tell '{entry.question[:60]}' apart from "
                                    f"{' / '.join(repr(r) for r in rivals) or 'its neighbours'} (it asks \"did you "
                                    f"mean\" at score {reply.score:.0f}): make the questions more distinct"))
        else:
            findings.append(Finding("warning", entry.source,
                                    f"asking '{entry.question[:60]}' itself gets no answer "
                                    f"({reply.intent or 'no match'}): reword the question"))
    budget = MAX_ENGINE_CHECKS - min(len(kb.entries), MAX_ENGINE_CHECKS)
    for entry in kb.entries:
        for alternate in entry.alternates:
            if budget <= 0:
                break
            budget -= 1
            if _norm(alternate) in skip:
                continue
            reply = answerer.reply(alternate)
            if reply.kind == "answer" and reply.entry_id != entry.id:
                other = kb.get(reply.entry_id or "")
                label = f"'{other.question[:60]}' ({other.source})" if other else f"entry {reply.entry_id}"
                findings.append(Finding("warning", entry.source,
                                        f"the alternate '{alternate[:60]}' of '{entry.question[:60]}' is answered "
                                        f"by {label}: reword it or move it to that entry"))
    if len(kb.entries) > MAX_ENGINE_CHECKS:
        findings.append(Finding("warning", kb.topics[0].source if kb.topics else "",
                                f"only the first {MAX_ENGINE_CHECKS:,} of {len(kb.entries):,} entries were put "
                                "to the engine"))
    return findings


def _follow_up_cycles(kb: KnowledgeBase) -> list[Finding]:
    """Groups of entries whose follow-ups lead round in a circle (strongly connected, Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []
    counter = 0
    for start in (e.id for e in kb.entries):
        if start in index:
            continue
        work = [(start, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            entry = kb.get(node)
            targets = entry.follow_ups if entry else ()
            if child < len(targets):
                work.append((node, child + 1))
                target = targets[child]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(group[::-1])
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    findings = []
    for group in groups:
        first = kb.get(group[0])
        path = " → ".join(group[:6]) + (" → …" if len(group) > 6 else f" → {group[0]}")
        findings.append(Finding("warning", first.source if first else "",
                                f"follow-ups form a cycle ({path}): a user following them goes round in circles"))
    return findings
