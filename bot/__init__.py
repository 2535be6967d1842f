"""faqbot's answering core: pure, synchronous, and free of any chat platform."""

from .answerer import Answerer, Reply, Suggestion, Thresholds
from .kb import Entry, KnowledgeBase, Topic
from .loader import KBError, Problem, load_kb
from .matcher import Candidate, LexicalMatcher
from .service import FaqService, User

__all__ = [
    "Answerer", "Reply", "Suggestion", "Thresholds", "Entry", "KnowledgeBase", "Topic", "KBError",
    "Problem", "load_kb", "Candidate", "LexicalMatcher", "FaqService", "User",
]
