"""Recognise small talk (greetings, thanks, help) and requests for a topic summary, in the languages the bot speaks.

Each pattern is English first, then the same kinds of words in Ukrainian, Russian, German, French,
Spanish, Polish and Italian: common, generic phrases (not drawn from any KB or eval set).
"""

from __future__ import annotations

import re

__all__ = ["small_talk", "summary_request"]

_END = r"[\s!.?,:;)(*~\-]*$"
_GREETING = re.compile(
    r"^(hi+|hello+|hey+|hiya|howdy|yo|hallo|greetings|good\s+(morning|afternoon|evening|day)|"
    r"what'?s\s+up|sup|"
    r"привіт|привітик|вітаю|добр(ий|ого)\s+(день|ранку|вечора|ранок|вечір)|здрастуйте|"
    r"привет|здравствуй(те)?|добр(ый|ое|ого)\s+(день|утро|вечер|утра|вечера)|"
    r"guten\s+(tag|morgen|abend)|servus|moin|grüß\s+gott|bonjour|bonsoir|salut|coucou|"
    r"hola|buen(os|as)\s+(días|dias|tardes|noches)|cześć|czesc|dzień\s+dobry|witaj(cie)?|"
    r"ciao|buongiorno|buonasera|salve)"
    r"(\s+(there|bot|all|everyone|folks|guys|friend|бот|боте|всім|всем|zusammen|à\s+tous|a\s+todos|wszystkim))?"
    + _END
)
_THANKS = re.compile(
    r"^((many\s+)?thanks?(\s+(you|a\s+lot|so\s+much|very\s+much))*|thank\s+you(\s+(so|very)\s+much)?|thx|ty|"
    r"cheers|much\s+appreciated|great|perfect|awesome|ok(ay)?|cool|nice|got\s+it|bye|goodbye|"
    r"дякую(\s+(дуже|вам|тобі|вам\s+дуже))?|дуже\s+дякую|спасибі|до\s+побачення|бувай|"
    r"спасибо(\s+(большое|огромное))?|большое\s+спасибо|благодарю|до\s+свидания|пока|"
    r"danke(\s+(schön|sehr))?|vielen\s+dank|tschüss|merci(\s+beaucoup)?|au\s+revoir|"
    r"(muchas\s+)?gracias(\s+mil)?|adiós|adios|dziękuję(\s+bardzo)?|dzięki|do\s+widzenia|"
    r"grazie(\s+mille)?|arrivederci)" + _END
)
_HELP = re.compile(
    r"^(/?help|/?start|\?+|what\s+can\s+(you|i)\s+(do|ask)(\s+you)?|how\s+does\s+this\s+work|"
    r"what\s+do\s+you\s+know(\s+about)?|who\s+are\s+you|what\s+are\s+you|commands|menu|"
    r"допомога|довідка|що\s+ти\s+вмієш|хто\s+ти|помощь|справка|что\s+ты\s+умеешь|кто\s+ты|"
    r"hilfe|was\s+kannst\s+du|aide|que\s+sais[-\s]tu\s+faire|ayuda|qué\s+puedes\s+hacer|"
    r"pomoc|co\s+potrafisz|aiuto|cosa\s+sai\s+fare)" + _END
)
_SUMMARY = re.compile(
    r"\b(summary|summaries|summari[sz]e[ds]?|summari[sz]ing|overview|tl;?\s?dr|recap|gist|synopsis|"
    r"sum\s+(it\s+)?up|in\s+a\s+nutshell|key\s+points|main\s+points|big\s+picture|"
    r"огляд\w*|підсум\w*|резюме|коротко|стисло|обзор\w*|сводк\w*|кратко|вкратце|итог\w*|"
    r"überblick|zusammenfass\w*|fasse\s+\w+\s+zusammen|résum[ée]\w*|aperçu|en\s+bref|"
    r"resumen|resumir|podsumowani\w*|podsumuj|przegląd\w*|streszczeni\w*|"
    r"riassunt\w*|riepilog\w*|sintesi|panoramica|in\s+breve)\b"
)
# Words that only frame a summary request ("give me a summary of the topic").
_FRAME = re.compile(
    r"\b(give|me|us|an?|the|of|on|about|for|please|pls|can|could|would|you|i|get|have|show|what'?s|what|is|"
    r"whats|this|that|it|topic|topics|kb|knowledge|base|quick|short|brief|whole|everything|all|provide|"
    r"need|want|let|see|up|do|to|and|there|"
    r"дай|дайте|мені|мне|будь|ласка|пожалуйста|короткий|коротку|короткое|стислий|краткий|краткую|"
    r"тема|теми|тему|темі|темы|теме|про|о|об|обо|все|всё|всю|усе|всём|всем|по|цієї|цю|этой|эту|"
    r"зроби|сделай|можна|можно|можеш|можешь|покажи|"
    r"bitte|gib|geben|sie|mir|einen|eine|kurzen|kurze|kurz|über|das|die|den|thema|zum|zur|alles|kannst|du|mal|"
    r"s'il|vous|plaît|plait|donne|donnez|moi|un|une|du|de|la|le|sujet|thème|sur|tout|rapide|bref|brève|peux|tu|"
    r"por|favor|dame|deme|una|del|el|tema|sobre|todo|breve|rápido|puedes|"
    r"proszę|daj|mi|krótkie|krótki|temat|tematu|wszystkim|całości|możesz|"
    r"per|favore|dammi|di|il|argomento|su|tutto|puoi)\b"
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
