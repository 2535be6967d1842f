"""faqbot's answering core: pure, synchronous, and free of any chat platform."""

from bot.engine.answerer import Answerer, Reply, Suggestion, Thresholds
from bot.engine.lexical import Candidate, LexicalMatcher
from bot.kb.loader import KBError, Problem, load_kb
from bot.kb.model import Entry, KnowledgeBase, Topic
from bot.service.facade import FaqService, User

__all__ = [
    "Answerer",
    "Candidate",
    "Entry",
    "FaqService",
    "KBError",
    "KnowledgeBase",
    "LexicalMatcher",
    "Problem",
    "Reply",
    "Suggestion",
    "Thresholds",
    "Topic",
    "User",
    "load_kb",
]
