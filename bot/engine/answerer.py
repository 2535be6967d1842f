"""The answering core: a chat message in, a plain-data Reply out."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Protocol

from rapidfuzz import fuzz

from bot import messages
from bot.engine.language import KB_LANGUAGE, SUPPORTED, Detection, LanguageDetector, normalise_hint
from bot.engine.lexical import Candidate, LexicalMatcher
from bot.engine.reply import Intent, Reply, Role, Suggestion
from bot.engine.smalltalk import small_talk, summary_request
from bot.engine.text import clean, terms
from bot.kb.model import Entry, KnowledgeBase, Topic

# Reply and Suggestion live in bot.engine.reply; re-exported so ``from bot.engine.answerer import Reply`` keeps working.
__all__ = ["Answerer", "Matcher", "Reply", "Suggestion", "Thresholds"]

_SMALL_TALK = {"greeting": Intent.GREETING, "thanks": Intent.THANKS, "help": Intent.HELP}


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

    def __init__(self, kb: KnowledgeBase, matcher: Matcher | None = None, thresholds: Thresholds | None = None,
                 language: str = messages.DEFAULT_LANGUAGE, detector: LanguageDetector | None = None) -> None:
        self.kb = kb
        self.matcher: Matcher = matcher or _Lexical(kb)
        self.thresholds = thresholds or Thresholds()
        self.language = language
        self._detector = detector or LanguageDetector()  # the composition root shares one (its model loads once)
        self._follow_ups: dict[str, tuple[Suggestion, ...]] = {}
        self._folded: list[tuple[str, str]] | None = None  # (id, casefolded question), built on first use

    # --- lookups -------------------------------------------------------------------------
    def topics(self) -> tuple[Topic, ...]:
        """All topics, in KB order."""
        return self.kb.topics

    def entry(self, entry_id: str) -> Entry | None:
        """The entry with this id, or None when it no longer exists."""
        return self.kb.get(entry_id)

    def topic(self, topic_id: str) -> Topic | None:
        """The topic with this id, or None when it no longer exists."""
        return self.kb.topic_by_id(topic_id)

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

    def topic_suggestions(self) -> tuple[Suggestion, ...]:
        """Every topic as a choice (role TOPIC), with its id and number of questions."""
        return tuple(Suggestion(t.id, t.name, Role.TOPIC, count=len(t.entry_ids)) for t in self.kb.topics)

    def questions(self, topic_id: str) -> tuple[Suggestion, ...]:
        """A topic's questions in file order (role EXAMPLE); empty when the topic is gone."""
        topic = self.topic(topic_id)
        return self._suggest(topic.entry_ids if topic else (), Role.EXAMPLE)

    def examples(self, limit: int = 3) -> tuple[Suggestion, ...]:
        """A few example questions, the first of each topic first."""
        ids: list[str] = []
        for entry_id in itertools.chain((t.entry_ids[0] for t in self.kb.topics if t.entry_ids),
                                        (e.id for e in self.kb.entries)):
            if len(ids) == limit:
                break
            if entry_id not in ids:
                ids.append(entry_id)
        return self._suggest(ids, Role.EXAMPLE)

    def complete(self, partial: str, limit: int = 25) -> tuple[Suggestion, ...]:
        """Questions ranked for a partial string, for autocomplete and inline mode (role NEAREST)."""
        text = clean(partial)
        if not text:
            return self._suggest((e.id for e in self.kb.entries[:limit]), Role.NEAREST)
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
        return self._suggest(out, Role.NEAREST)

    def complete_topics(self, partial: str, limit: int = 25) -> tuple[Suggestion, ...]:
        """Topics whose name starts with, then contains, what was typed (role TOPIC)."""
        typed = clean(partial).casefold()
        every = self.topic_suggestions()
        starts = [s for s in every if s.label.casefold().startswith(typed)]
        contains = [s for s in every if typed in s.label.casefold() and s not in starts]
        return tuple([*starts, *contains][:limit])

    # --- replies -------------------------------------------------------------------------
    def answer(self, entry_id: str, query: str = "", language: str | None = None) -> Reply | None:
        """The answer reply for a known entry (a button press), or None when the id is gone.

        In ``language``: the entry's translation when it has one, else its text with a localised
        line saying that it is in the KB's language.
        """
        entry = self.kb.get(entry_id)
        if entry is None:
            return None
        lang = language or self.language
        topic = self.kb.topic(entry.topic)
        translation = entry.translations.get(lang) if lang != KB_LANGUAGE else None
        if translation is not None:
            question, text = translation.question, translation.answer
        else:
            question, text = entry.question, self._noted(entry.answer, lang)
        return Reply(
            intent=Intent.ANSWER, text=text, query=query, entry_id=entry.id, question=question,
            topic=entry.topic, topic_id=topic.id if topic else None, score=100.0,
            suggestions=self._localised(self.follow_ups(entry.id), lang), language=lang,
        )

    def _noted(self, text: str, lang: str) -> str:
        """``text`` (in the KB's language) with one line saying so, for a user who speaks ``lang``."""
        if lang == KB_LANGUAGE or lang not in messages.CATALOGUE:
            return text
        return f"{text}\n\n{messages.text('reply.in_english', lang)}"

    def _localised(self, suggestions: tuple[Suggestion, ...], lang: str) -> tuple[Suggestion, ...]:
        """Question suggestions labelled with their translated questions where the KB has them."""
        if lang == KB_LANGUAGE:
            return suggestions
        out = []
        for s in suggestions:
            entry = None if s.is_topic else self.kb.get(s.id)
            translation = entry.translations.get(lang) if entry is not None else None
            out.append(replace(s, label=translation.question) if translation is not None else s)
        return tuple(out)

    def summary(self, topic_name: str | None = None, query: str = "", *, topic_id: str | None = None,
                language: str | None = None) -> Reply:
        """A topic's summary (by id or fuzzy name); with neither, the only topic's, else the topics to choose from."""
        lang = language or self.language
        if topic_id is not None:
            topic = self.topic(topic_id)
        else:
            topic = self.find_topic(topic_name) if topic_name else None
            if topic is None and len(self.kb.topics) == 1 and not topic_name:
                topic = self.kb.topics[0]
        if topic is None:
            asked = clean(topic_name or "")[:80]
            lead = (messages.text("reply.no_such_topic", lang, name=asked) if asked
                    else messages.text("reply.which_topic", lang))
            return Reply(intent=Intent.TOPICS, text=lead, query=query, suggestions=self.topic_suggestions(),
                         language=lang)
        entries = [e for e in (self.kb.get(i) for i in topic.entry_ids) if e]
        text = self._noted(topic.summary or self._built_summary(entries), lang)
        return Reply(
            intent=Intent.SUMMARY, text=text, query=query, topic=topic.name, topic_id=topic.id, score=100.0,
            suggestions=self._localised(tuple(Suggestion(e.id, e.question, Role.FOLLOW_UP) for e in entries[:3]), lang),
            language=lang,
        )

    def topics_reply(self, query: str = "") -> Reply:
        """The topics to choose from (role TOPIC suggestions), for ``/topics``."""
        key = "reply.topics" if self.kb.topics else "reply.no_topics"
        return Reply(intent=Intent.TOPICS, text=messages.text(key, self.language), query=query,
                     suggestions=self.topic_suggestions(), language=self.language)

    def help_reply(self, query: str = "") -> Reply:
        """What the bot knows and how to ask, with example questions and the topics, for ``/help``."""
        help_ = self._small_talk(Intent.HELP, query)
        return replace(help_, suggestions=help_.suggestions + self.topic_suggestions())

    def welcome(self, query: str = "") -> Reply:
        """A greeting with the topics and a few example questions, for ``/start``."""
        greeting = self._small_talk(Intent.GREETING, query)
        return replace(greeting, suggestions=self.topic_suggestions() + greeting.suggestions)

    def _built_summary(self, entries: list[Entry]) -> str:
        """A summary for a topic without one: the first sentence of each answer."""
        lines = []
        for entry in entries[:8]:
            first = entry.answer.split(". ")[0].rstrip(".")
            lines.append(f"• {entry.question} {first}.")
        return "\n".join(lines) or messages.text("reply.empty_topic", self.language)

    def follow_ups(self, entry_id: str, limit: int = 3) -> tuple[Suggestion, ...]:
        """Follow-up questions for an entry: its explicit ones, else its nearest neighbours, same topic first."""
        if entry_id in self._follow_ups:
            return self._follow_ups[entry_id]
        entry = self.kb.get(entry_id)
        if entry is None:
            return ()
        ids = list(entry.follow_ups)
        if len(ids) < limit:
            # The engine knows each entry's nearest neighbours from its vectors (a table built with the
            # KB, bot/engine/semantic/neighbours.py); otherwise the entry's own text is matched as a query.
            neighbours = getattr(self.matcher, "neighbours", None)
            near = neighbours(entry_id, limit * 4) if neighbours is not None else []
            if not near:
                probe = " ".join([entry.question, *entry.alternates, entry.answer[:300]])
                near = [c.entry_id for c in self.matcher.score(probe, limit=limit * 4 + 1) if c.entry_id != entry_id]
            same = [i for i in near if (e := self.kb.get(i)) is not None and e.topic == entry.topic]
            other = [i for i in near if i not in same]
            # Then the topic's other entries in order, for a topic whose entries share no words.
            topic = self.kb.topic(entry.topic)
            for candidate in itertools.chain(same, other, topic.entry_ids if topic else ()):
                if len(ids) >= limit:
                    break
                if candidate != entry_id and candidate not in ids:
                    ids.append(candidate)
        result = self._suggest(ids[:limit], Role.FOLLOW_UP)
        self._follow_ups[entry_id] = result  # a benign race: every writer stores the same value
        return result

    def language_of(self, text: str, hint: str | None = None) -> Detection:
        """The language ``text`` is written in (``hint``: the user's platform language, if known)."""
        lexical = getattr(self.matcher, "lexical", self.matcher)
        known = lexical.known_share(text) if isinstance(lexical, LexicalMatcher) else 0.0
        detector = getattr(self.matcher, "detector", self._detector)  # the engine's, loaded once per process
        return detector.detect(text, hint, known) if isinstance(detector, LanguageDetector) else \
            self._detector.detect(text, hint, known)

    def reply_language(self, detected: str, hint: str | None = None) -> str:
        """The language to reply in: the message's when the bot speaks it, else the hint's, else the default."""
        for code in (detected, normalise_hint(hint)):
            if code in messages.CATALOGUE or code in SUPPORTED:
                return code
        return self.language

    def reply(self, message: str, hint: str | None = None) -> Reply:
        """Answer one chat message: an answer, a summary, "did you mean", or an honest "I don't know".

        The reply is in the message's language (``hint``, the user's platform language, decides
        when the message alone does not tell): the bot's own texts, and entries the KB translated.
        """
        text = clean(message)
        if not text:
            lang = self.reply_language("", hint)
            example = self._example_line(lang)
            return Reply(intent=Intent.EMPTY, text=messages.text("reply.empty", lang, example=example),
                         query=text, suggestions=self._localised(self.examples(), lang), language=lang)
        small = small_talk(text)
        detection = self.language_of(text, hint)
        lang = self.reply_language(detection.language, hint)
        if small:
            return self._small_talk(_SMALL_TALK[small], text, lang)
        rest = summary_request(text)
        if rest is not None:
            summary = self._summary_for(rest, text, lang)
            if summary is not None:
                return summary
        decide = getattr(self.matcher, "decide", None)
        found = decide(text, hint, detection).candidates if decide else self.matcher.score(text, limit=5)
        return self._decide(text, found[:5], lang)

    # --- internals -----------------------------------------------------------------------
    def _suggest(self, ids: Iterable[str], role: Role) -> tuple[Suggestion, ...]:
        """Suggestions for the entries of ``ids`` that exist, labelled with their questions."""
        return tuple(Suggestion(e.id, e.question, role) for e in (self.kb.get(i) for i in ids) if e is not None)

    def _example_line(self, lang: str | None = None) -> str:
        lang = lang or self.language
        examples = self._localised(self.examples(1), lang)
        return f"“{examples[0].label}”" if examples else messages.text("reply.empty.no_example", lang)

    def _small_talk(self, intent: Intent, text: str, lang: str | None = None) -> Reply:
        lang = lang or self.language
        names = ", ".join(t.name for t in self.kb.topics)
        body = messages.text(f"reply.{intent.value}", lang, topics=names)
        return Reply(intent=intent, text=body, query=text, suggestions=self._localised(self.examples(), lang),
                     language=lang)

    def _summary_for(self, rest: str, text: str, lang: str) -> Reply | None:
        if not terms(rest):
            return self.summary(None, query=text, language=lang)
        wanted = terms(rest)
        for topic in self.kb.topics:
            # Every word asked for must be in the topic's name: "summary of nato" names the topic,
            # "overview of my storage usage" asks a question about storage.
            named = terms(topic.name)
            if all(any(fuzz.ratio(w, n) >= 80 for n in named) for w in wanted):
                return self.summary(topic.name, query=text, language=lang)
        # "summary of <something>" where something is a question the KB answers well: answer it instead.
        # Otherwise "an overview of X" is a question about X, not a request for a topic summary.
        return None

    def _decide(self, text: str, candidates: list[Candidate], lang: str) -> Reply:
        t = self.thresholds
        top = candidates[0] if candidates else None
        runner_up = candidates[1].score if len(candidates) > 1 else 0.0
        if top and top.score >= t.answer and top.score - runner_up >= t.margin:
            reply = self.answer(top.entry_id, query=text, language=lang)
            assert reply is not None  # the matcher only returns ids of this KB
            return replace(reply, score=top.score)
        unsure = bool(top and top.score >= t.suggest)
        floor = t.suggest if unsure else t.nearest
        near = [c.entry_id for c in candidates[:3] if c.score >= floor]
        score = top.score if top else 0.0
        if unsure:
            return Reply(intent=Intent.DID_YOU_MEAN, text=messages.text("reply.did_you_mean", lang),
                         query=text, score=score,
                         suggestions=self._localised(self._suggest(near, Role.DID_YOU_MEAN), lang),
                         language=lang)
        return Reply(intent=Intent.UNKNOWN, text=messages.text("reply.unknown", lang), query=text,
                     score=score, suggestions=self._localised(self._suggest(near, Role.NEAREST), lang), language=lang)
