"""faqbot's answering core: pure, synchronous, and free of any chat platform."""

from bot.engine.answerer import Answerer, Reply, Suggestion, Thresholds
from bot.kb.model import Entry, KnowledgeBase, Topic
from bot.kb.loader import KBError, Problem, load_kb
from bot.engine.lexical import Candidate, LexicalMatcher
from bot.service.facade import FaqService, User

__all__ = [
    "Answerer", "Reply", "Suggestion", "Thresholds", "Entry", "KnowledgeBase", "Topic", "KBError",
    "Problem", "load_kb", "Candidate", "LexicalMatcher", "FaqService", "User",
]
