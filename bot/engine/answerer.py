"""The answering core: a chat message in, a plain-data Reply out."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from typing import Literal, Protocol

from rapidfuzz import fuzz

from bot.engine.lexical import Candidate, LexicalMatcher
from bot.engine.smalltalk import small_talk, summary_request
from bot.engine.text import clean, terms
from bot.kb.model import Entry, KnowledgeBase, Topic

__all__ = ["Answerer", "Kind", "Matcher", "Reply", "Suggestion", "Thresholds"]

Kind = Literal["answer", "summary", "suggest", "none"]


@dataclass(frozen=True)
class Suggestion:
    """A question the user can pick: an entry id and its question text."""

    id: str
    question: str


@dataclass(frozen=True)
class Reply:
    """What the bot says: plain data that each adapter renders its own way.

    ``kind`` is ``answer`` (``entry_id``/``question`` set), ``summary`` (``topic`` set), ``suggest``
    ("did you mean": ``suggestions`` are the candidates) or ``none`` (no answer; ``suggestions`` are
    the nearest questions, if any). ``intent`` marks small talk (greeting, thanks, help, empty,
    topics), which is not a failed question.
    """

    kind: Kind
    text: str
    query: str = ""
    entry_id: str | None = None
    question: str | None = None
    topic: str | None = None
    score: float = 0.0
    suggestions: tuple[Suggestion, ...] = ()
    intent: str | None = None
    topics: tuple[str, ...] = ()


@dataclass(frozen=True)
class Thresholds:
    """Confidence rules: answer above ``answer`` when the runner-up is ``margin`` behind; suggest above ``suggest``."""

    answer: float = 45.0
    suggest: float = 30.0
    margin: float = 6.0
    nearest: float = 15.0  # "I don't know" still lists questions scoring at least this


class Matcher(Protocol):
    """Anything that ranks KB entries for a query (lexical, semantic or both)."""

    name: str

    def score(self, text: str, limit: int = 10) -> list[Candidate]:
        """The best entries for ``text``, best first, with scores 0-100."""
        ...


class _Lexical(LexicalMatcher):
    name = "lexical"


class Answerer:
    """Answer chat messages from a knowledge base; pure, synchronous and thread-safe to read."""

    def __init__(self, kb: KnowledgeBase, matcher: Matcher | None = None, thresholds: Thresholds | None = None) -> None:
        self.kb = kb
        self.matcher: Matcher = matcher or _Lexical(kb)
        self.thresholds = thresholds or Thresholds()
        self._follow_ups: dict[str, tuple[Suggestion, ...]] = {}
        self._folded: list[tuple[str, str]] | None = None  # (id, casefolded question), built on first use

    # --- lookups -------------------------------------------------------------------------
    def topics(self) -> tuple[Topic, ...]:
        """All topics, in KB order."""
        return self.kb.topics

    def entry(self, entry_id: str) -> Entry | None:
        """The entry with this id, or None when it no longer exists."""
        return self.kb.get(entry_id)

    def find_topic(self, name: str) -> Topic | None:
        """The topic whose name best matches ``name`` (fuzzy), or None when none is close."""
        name = clean(name)
        if not name or not self.kb.topics:
            return None
        exact = self.kb.topic(name)
        if exact:
            return exact
        scored = [(fuzz.token_set_ratio(name.casefold(), t.name.casefold()), t) for t in self.kb.topics]
        best_score, best = max(scored, key=lambda x: x[0])
        return best if best_score >= 70 else None

    def examples(self, limit: int = 3) -> tuple[Suggestion, ...]:
        """A few example questions, the first of each topic first."""
        ids: list[str] = []
        for entry_id in itertools.chain((t.entry_ids[0] for t in self.kb.topics if t.entry_ids),
                                        (e.id for e in self.kb.entries)):
            if len(ids) == limit:
                break
            if entry_id not in ids:
                ids.append(entry_id)
        return tuple(Suggestion(i, self.kb.get(i).question) for i in ids)  # type: ignore[union-attr]

    def complete(self, partial: str, limit: int = 25) -> tuple[Suggestion, ...]:
        """Questions ranked for a partial string, for autocomplete and inline mode."""
        text = clean(partial)
        if not text:
            return tuple(Suggestion(e.id, e.question) for e in self.kb.entries[:limit])
        folded = text.casefold()
        if self._folded is None:
            self._folded = [(e.id, e.question.casefold()) for e in self.kb.entries]
        # What the user typed so far is most often the start of a question: those first, then the
        # matcher's ranking, then questions containing it.
        starts = itertools.islice((i for i, q in self._folded if q.startswith(folded)), limit)
        ranked = (c.entry_id for c in self.matcher.score(text, limit=limit))
        contains = (i for i, q in self._folded if folded in q)
        out: list[str] = []
        for entry_id in itertools.chain(starts, ranked, contains):
            if len(out) == limit:
                break
            if entry_id not in out:
                out.append(entry_id)
        return tuple(Suggestion(i, self.kb.get(i).question) for i in out)  # type: ignore[union-attr]

    # --- replies -------------------------------------------------------------------------
    def answer(self, entry_id: str, query: str = "") -> Reply | None:
        """The answer reply for a known entry (a button press), or None when the id is gone."""
        entry = self.kb.get(entry_id)
        if entry is None:
            return None
        return Reply(
            kind="answer", text=entry.answer, query=query, entry_id=entry.id, question=entry.question,
            topic=entry.topic, score=100.0, suggestions=self.follow_ups(entry.id),
        )

    def summary(self, topic_name: str | None = None, query: str = "") -> Reply:
        """A topic's summary; with no name, the only topic's, else the topic list to choose from."""
        topic = self.find_topic(topic_name) if topic_name else None
        if topic is None and len(self.kb.topics) == 1 and not topic_name:
            topic = self.kb.topics[0]
        if topic is None:
            names = tuple(t.name for t in self.kb.topics)
            lead = f"I have no topic called '{clean(topic_name)[:80]}'. " if topic_name else ""
            return Reply(
                kind="none", text=f"{lead}Which topic? " + ", ".join(names), query=query,
                intent="topics", topics=names,
            )
        entries = [e for e in (self.kb.get(i) for i in topic.entry_ids) if e]
        text = topic.summary or self._built_summary(entries)
        return Reply(
            kind="summary", text=text, query=query, topic=topic.name, score=100.0,
            suggestions=tuple(Suggestion(e.id, e.question) for e in entries[:3]),
        )

    @staticmethod
    def _built_summary(entries: list[Entry]) -> str:
        """A summary for a topic without one: the first sentence of each answer."""
        lines = []
        for entry in entries[:8]:
            first = entry.answer.split(". ")[0].rstrip(".")
            lines.append(f"• {entry.question} {first}.")
        return "\n".join(lines) or "This topic has no entries yet."

    def follow_ups(self, entry_id: str, limit: int = 3) -> tuple[Suggestion, ...]:
        """Follow-up questions for an entry: its explicit ones, else its nearest neighbours, same topic first."""
        if entry_id in self._follow_ups:
            return self._follow_ups[entry_id]
        entry = self.kb.get(entry_id)
        if entry is None:
            return ()
        ids = list(entry.follow_ups)
        if len(ids) < limit:
            probe = " ".join([entry.question, *entry.alternates, entry.answer[:300]])
            near = [c for c in self.matcher.score(probe, limit=limit * 4 + 1) if c.entry_id != entry_id]
            same = [c.entry_id for c in near if self.kb.get(c.entry_id).topic == entry.topic]  # type: ignore[union-attr]
            other = [c.entry_id for c in near if c.entry_id not in same]
            # Then the topic's other entries in order, for a topic whose entries share no words.
            topic = self.kb.topic(entry.topic)
            for candidate in itertools.chain(same, other, topic.entry_ids if topic else ()):
                if len(ids) >= limit:
                    break
                if candidate != entry_id and candidate not in ids:
                    ids.append(candidate)
        result = tuple(Suggestion(i, self.kb.get(i).question) for i in ids[:limit] if self.kb.get(i))  # type: ignore[union-attr]
        self._follow_ups[entry_id] = result  # a benign race: every writer stores the same value
        return result

    def reply(self, message: str) -> Reply:
        """Answer one chat message: an answer, a summary, "did you mean", or an honest "I don't know"."""
        text = clean(message)
        if not text:
            return Reply(kind="none", text="Ask me a question, for example: " + self._example_line(),
                         query=text, intent="empty", suggestions=self.examples())
        intent = small_talk(text)
        if intent:
            return self._small_talk(intent, text)
        rest = summary_request(text)
        if rest is not None:
            summary = self._summary_for(rest, text)
            if summary is not None:
                return summary
        return self._decide(text, self.matcher.score(text, limit=5))

    # --- internals -----------------------------------------------------------------------
    def _example_line(self) -> str:
        examples = self.examples(1)
        return f"“{examples[0].question}”" if examples else "anything about the topics I know"

    def _small_talk(self, intent: str, text: str) -> Reply:
        names = ", ".join(t.name for t in self.kb.topics)
        texts = {
            "greeting": f"Hello! I answer questions about {names}. Ask in your own words, ask for a summary, or try one of these:",
            "thanks": "You're welcome! Ask me anything else.",
            "help": (f"I answer questions about {names}. Type a question in your own words, "
                     "ask for a “summary”, or pick one of these:"),
        }
        return Reply(kind="none", text=texts[intent], query=text, intent=intent, suggestions=self.examples())

    def _summary_for(self, rest: str, text: str) -> Reply | None:
        if not terms(rest):
            return self.summary(None, query=text)
        wanted = terms(rest)
        for topic in self.kb.topics:
            # Every word asked for must be in the topic's name: "summary of nato" names the topic,
            # "overview of my storage usage" asks a question about storage.
            named = terms(topic.name)
            if all(any(fuzz.ratio(w, n) >= 80 for n in named) for w in wanted):
                return self.summary(topic.name, query=text)
        # "summary of <something>" where something is a question the KB answers well: answer it instead.
        # Otherwise "an overview of X" is a question about X, not a request for a topic summary.
        return None

    def _decide(self, text: str, candidates: list[Candidate]) -> Reply:
        t = self.thresholds
        top = candidates[0] if candidates else None
        runner_up = candidates[1].score if len(candidates) > 1 else 0.0
        if top and top.score >= t.answer and top.score - runner_up >= t.margin:
            reply = self.answer(top.entry_id, query=text)
            assert reply is not None  # the matcher only returns ids of this KB
            return replace(reply, score=top.score)
        unsure = bool(top and top.score >= t.suggest)
        floor = t.suggest if unsure else t.nearest
        near = tuple(
            Suggestion(c.entry_id, self.kb.get(c.entry_id).question)  # type: ignore[union-attr]
            for c in candidates[:3] if c.score >= floor
        )
        if unsure:
            return Reply(kind="suggest", text="I'm not sure I understood. Did you mean:", query=text,
                         score=top.score, suggestions=near)
        return Reply(kind="none", text="I don't know that one.", query=text,
                     score=top.score if top else 0.0, suggestions=near)
