"""What the core says: a Reply is plain, typed data that every adapter renders its own way.

Modelled on Rasa's ``OutputChannel``: the reply carries structure (what it is, the entry or
topic it is about, the choices to offer and what each choice means), and ``text`` is only the
body (an answer, a summary, or a short lead line such as "Did you mean:"). Choices are never
written into ``text`` too: a platform with buttons shows them as buttons, one without lists them.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

__all__ = ["Intent", "Kind", "Reply", "Role", "Suggestion"]

#: The coarse outcome used by reports, the store and ``faqbot ask --json`` (stable strings).
Kind = Literal["answer", "summary", "suggest", "none"]


class Intent(StrEnum):
    """What a reply is: an answer, a summary, a question the bot could not answer, or small talk."""

    ANSWER = "answer"  # ``entry_id`` and ``question`` are set
    SUMMARY = "summary"  # ``topic`` and ``topic_id`` are set
    DID_YOU_MEAN = "did-you-mean"  # unsure: the suggestions (role DID_YOU_MEAN) are the candidates
    UNKNOWN = "unknown"  # "I don't know": the suggestions (role NEAREST) are the closest questions
    GREETING = "greeting"
    THANKS = "thanks"
    HELP = "help"
    EMPTY = "empty"  # an empty message
    TOPICS = "topics"  # the topics to choose from (role TOPIC)

    @property
    def small_talk(self) -> bool:
        """True for replies that are not an attempt to answer a question (not counted in reports)."""
        return self in _SMALL_TALK


_SMALL_TALK = frozenset({Intent.GREETING, Intent.THANKS, Intent.HELP, Intent.EMPTY, Intent.TOPICS})
_KINDS: dict[Intent, Kind] = {Intent.ANSWER: "answer", Intent.SUMMARY: "summary", Intent.DID_YOU_MEAN: "suggest"}


class Role(StrEnum):
    """Why a suggestion is offered; adapters label and lay out each role differently."""

    FOLLOW_UP = "follow-up"  # a related question after an answer or summary
    DID_YOU_MEAN = "did-you-mean"  # a candidate the bot was unsure about
    NEAREST = "nearest"  # the closest question to one the bot could not answer
    EXAMPLE = "example"  # an example of what to ask
    TOPIC = "topic"  # a topic: picking it asks for its summary


@dataclass(frozen=True)
class Suggestion:
    """A choice to offer: an entry id (or a topic id for role TOPIC), its label, and why it is offered."""

    id: str
    label: str
    role: Role = Role.FOLLOW_UP
    count: int = 0  # role TOPIC: how many questions the topic has

    @property
    def question(self) -> str:
        """The label; for question roles, the entry's question."""
        return self.label

    @property
    def is_topic(self) -> bool:
        """True when picking this suggestion asks for a topic's summary (``id`` is a topic id)."""
        return self.role is Role.TOPIC


@dataclass(frozen=True)
class Reply:
    """One reply of the core; see the module docstring for what goes where."""

    intent: Intent
    text: str
    query: str = ""
    entry_id: str | None = None
    question: str | None = None
    topic: str | None = None  # the topic's name
    topic_id: str | None = None
    score: float = 0.0
    suggestions: tuple[Suggestion, ...] = ()
    language: str = "en"

    @property
    def kind(self) -> Kind:
        """``answer``, ``summary``, ``suggest`` (did you mean) or ``none`` (everything else)."""
        return _KINDS.get(self.intent, "none")

    @property
    def topics(self) -> tuple[Suggestion, ...]:
        """The suggestions that are topics (role TOPIC)."""
        return tuple(s for s in self.suggestions if s.role is Role.TOPIC)

    @property
    def questions(self) -> tuple[Suggestion, ...]:
        """The suggestions that are questions (every role but TOPIC)."""
        return tuple(s for s in self.suggestions if s.role is not Role.TOPIC)
