"""Recognise small talk (greetings, thanks, help) and requests for a topic summary."""

from __future__ import annotations

import re

__all__ = ["small_talk", "summary_request"]

_END = r"[\s!.?,:;)(*~\-]*$"
_GREETING = re.compile(
    r"^(hi+|hello+|hey+|hiya|howdy|yo|hallo|greetings|good\s+(morning|afternoon|evening|day)|"
    r"what'?s\s+up|sup)(\s+(there|bot|all|everyone|folks|guys|friend))?" + _END
)
_THANKS = re.compile(
    r"^((many\s+)?thanks?(\s+(you|a\s+lot|so\s+much|very\s+much))*|thank\s+you(\s+(so|very)\s+much)?|thx|ty|"
    r"cheers|much\s+appreciated|great|perfect|awesome|ok(ay)?|cool|nice|got\s+it|bye|goodbye)" + _END
)
_HELP = re.compile(
    r"^(/?help|/?start|\?+|what\s+can\s+(you|i)\s+(do|ask)(\s+you)?|how\s+does\s+this\s+work|"
    r"what\s+do\s+you\s+know(\s+about)?|who\s+are\s+you|what\s+are\s+you|commands|menu)" + _END
)
_SUMMARY = re.compile(
    r"\b(summary|summaries|summari[sz]e[ds]?|summari[sz]ing|overview|tl;?\s?dr|recap|gist|synopsis|"
    r"sum\s+(it\s+)?up|in\s+a\s+nutshell|key\s+points|main\s+points|big\s+picture)\b"
)
# Words that only frame a summary request ("give me a summary of the topic").
_FRAME = re.compile(
    r"\b(give|me|us|an?|the|of|on|about|for|please|pls|can|could|would|you|i|get|have|show|what'?s|what|is|"
    r"whats|this|that|it|topic|topics|kb|knowledge|base|quick|short|brief|whole|everything|all|provide|"
    r"need|want|let|see|up|do|to|and|there)\b"
)


def small_talk(text: str) -> str | None:
    """``"greeting"``, ``"thanks"`` or ``"help"`` when the whole message is just that, else None."""
    folded = text.casefold().strip()
    for name, pattern in (("greeting", _GREETING), ("thanks", _THANKS), ("help", _HELP)):
        if pattern.match(folded):
            return name
    return None


def summary_request(text: str) -> str | None:
    """The rest of the message (the topic asked for, maybe empty) when it asks for a summary, else None."""
    folded = text.casefold()
    if not _SUMMARY.search(folded):
        return None
    rest = _FRAME.sub(" ", _SUMMARY.sub(" ", folded))
    return " ".join(re.sub(r"[^\w\s]", " ", rest).split())
