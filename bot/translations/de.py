"""German texts of the bot (see ``bot.messages.ENGLISH`` for the keys)."""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, str] = {
    "reply.empty": "Stellen Sie mir eine Frage, zum Beispiel: {example}",
    "reply.empty.no_example": "alles zu den Themen, die ich kenne",
    "reply.greeting": "Hallo! Ich beantworte Fragen zu {topics}. Fragen Sie mit eigenen Worten, bitten Sie "
                      "um einen Überblick oder probieren Sie eine dieser Fragen:",
    "reply.thanks": "Gern geschehen! Fragen Sie ruhig weiter.",
    "reply.help": "Ich beantworte Fragen zu {topics}. Schreiben Sie eine Frage mit eigenen Worten, bitten Sie "
                  "um einen „Überblick“ oder wählen Sie eine dieser Fragen:",
    "reply.did_you_mean": "Ich bin nicht sicher, ob ich Sie verstanden habe. Meinten Sie:",
    "reply.unknown": "Darauf weiß ich keine Antwort.",
    "reply.in_english": "(Diese Antwort ist auf Englisch: eine Übersetzung gibt es noch nicht.)",
    "reply.which_topic": "Welches Thema?",
    "reply.no_such_topic": "Ein Thema „{name}“ habe ich nicht. Welches Thema?",
    "reply.topics": "Ich kenne diese Themen:",
    "reply.no_topics": "Meine Wissensdatenbank ist noch leer.",
    "reply.empty_topic": "Dieses Thema hat noch keine Einträge.",
    "reply.some_topics": "einige Themen",
    "service.rate_limited": "Sie fragen schneller, als ich antworten kann. Bitte warten Sie eine Minute.",
    "service.not_allowed": "Das ist leider nicht erlaubt.",
    "service.removed": "Diese Frage ist nicht mehr in meiner Wissensdatenbank. Bitte fragen Sie erneut.",
    "service.reload_off": "Neuladen ist nicht eingerichtet.",
    "service.feedback_thanks": "Danke für die Rückmeldung!",
    "service.feedback_repeat": "Danke, Ihre Rückmeldung ist schon vermerkt.",
    "service.stats_store_down": "Wissensdatenbank: {topics} Thema/Themen, {entries} Einträge.\n"
                                "Speicher nicht verfügbar: {error}",
    "console.banner": "faqbot-Konsole: Stellen Sie eine Frage, „Überblick“ für eine Übersicht, „quit“ zum Beenden.",
    "console.match": "(Übereinstimmung {score}%)",
    "console.related": "Verwandt:",
    "console.closest": "Am nächsten:",
    "console.topics": "Themen:",
    "console.pick": "(Nummer eingeben zum Auswählen)",
    "console.pick_or_rate": "(Nummer eingeben zum Auswählen, + oder - zum Bewerten der Antwort)",
    "telegram.closest": "Die ähnlichsten Fragen, die ich kenne:",
    "telegram.rephrase": "Versuchen Sie /topics, um zu sehen, was ich weiß, oder formulieren Sie die Frage um.",
    "telegram.start": "Hallo! Ich beantworte Fragen zu {topics}. Fragen Sie mit eigenen Worten "
                      "oder tippen Sie auf ein Thema für einen Überblick oder eine Beispielfrage.",
    "telegram.topic_line": "• {name} ({count} Fragen)",
    "telegram.help.intro": "Ich beantworte Fragen zu {topics} aus einer gepflegten Wissensdatenbank.",
    "telegram.help.type": "• Schreiben Sie eine Frage mit eigenen Worten.",
    "telegram.help.ask": "• /ask Frage: fragen (in Gruppen: /ask@{bot} Frage)",
    "telegram.help.summary": "• /summary [Thema]: ein Überblick über ein Thema",
    "telegram.help.topics": "• /topics: die Themen, die ich kenne",
    "telegram.help.groups": "• In Gruppen antworte ich auf Befehle, auf Antworten auf meine Nachrichten "
                            "und auf Nachrichten, die @{bot} erwähnen.",
    "telegram.help.inline": "• Tippen Sie in jedem Chat @{bot} und eine Frage, um eine Antwort zu teilen.",
    "telegram.help.admin": "• Admins: /reload lädt die Wissensdatenbank neu, /stats zeigt Statistiken.",
    "telegram.help.examples": "Zum Beispiel:",
    "telegram.unknown_command": "Diesen Befehl kenne ich nicht. Versuchen Sie /help.",
    "telegram.expired_button": "Diese Schaltfläche ist abgelaufen. Bitte fragen Sie erneut.",
    "telegram.inline.more": "Mehr vom Bot",
    "telegram.inline.private": "Fragen Sie mich im privaten Chat",
    "telegram.error": "Entschuldigung, etwas ist schiefgegangen. Bitte versuchen Sie es erneut.",
    "discord.closest": "Die ähnlichsten Fragen, die ich kenne:",
    "discord.pick_topic": "Wählen Sie eines mit `/summary topic:` (Namen werden beim Tippen vorgeschlagen).",
    "discord.summary_title": "Überblick: {topic}",
    "discord.topic_footer": "Thema: {topic}",
    "discord.weak_match": "Übereinstimmung {score}%: vielleicht habe ich Ihre Frage falsch verstanden",
    "discord.more_topics": "Weitere Fragen: tippen Sie /ask und wählen Sie aus den Vorschlägen.",
    "discord.no_entries": "Die Wissensdatenbank ist leer.",
    "discord.nothing_yet": "noch nichts",
    "discord.slow_down": "Sie fragen schneller, als ich antworten kann. Bitte warten Sie einen Moment.",
    "discord.failed": "Entschuldigung, beim Antworten ist etwas schiefgegangen. Bitte versuchen Sie es erneut.",
    "discord.help": (
        "Ich beantworte Fragen zu: {topics}.\n\n"
        "`/ask question:` fragen Sie mit eigenen Worten; beim Tippen erscheinen Vorschläge.\n"
        "`/summary topic:` ein kurzer Überblick über ein Thema.\n"
        "`/topics` alle Themen mit ihren Fragen.\n"
        "Schaltflächen unter einer Antwort öffnen verwandte Fragen; 👍 / 👎 sagen den Betreuern, "
        "ob es geholfen hat.\n\n"
        "Fragen für den Anfang:"
    ),
    "service.topic_removed": "Dieses Thema ist nicht mehr in meiner Wissensdatenbank. Bitte fragen Sie erneut.",
    "reload.failed": "Neuladen fehlgeschlagen; die bisherige Wissensdatenbank bleibt in Betrieb.\n{error}",
    "reload.done": "Wissensdatenbank neu geladen: {topics} Thema/Themen, {entries} Einträge.",
    "reload.unchanged": "Wissensdatenbank unverändert: {topics} Thema/Themen, {entries} Einträge.",
    "telegram.profile.any": "eine gepflegte Wissensdatenbank",
    "telegram.profile.short": "Ich beantworte Fragen zu {topics}.",
    "telegram.profile.about": "Ich beantworte Fragen zu {topics} aus einer gepflegten Wissensdatenbank.",
    "telegram.profile.how": "Fragen Sie mit eigenen Worten oder senden Sie /summary für einen Überblick.",
    "telegram.profile.examples": "Zum Beispiel: {examples}",
    "telegram.command.start": "Start: Themen und Beispielfragen",
    "telegram.command.help": "Wie man fragt",
    "telegram.command.ask": "Eine Frage stellen",
    "telegram.command.summary": "Überblick über ein Thema",
    "telegram.command.topics": "Die Themen, die ich kenne",
    "discord.command.ask": "Stellen Sie eine Frage; beim Tippen erscheinen Vorschläge",
    "discord.command.ask.question": "Ihre Frage, mit eigenen Worten",
    "discord.command.summary": "Ein kurzer Überblick über ein Thema",
    "discord.command.summary.topic": "Das Thema (optional, wenn es nur eines gibt)",
    "discord.command.topics": "Alle Themen mit ihren Fragen",
    "discord.command.help": "Was ich beantworten kann und wie man fragt",
    "discord.command.reload": "Die Wissensdatenbank neu laden (nur Betreuer)",
    "discord.command.stats": "Antwortquote und unbeantwortete Fragen (nur Betreuer)",
    "discord.menu.ask": "faqbot fragen",
    "discord.no_text": "Diese Nachricht enthält keinen Text, den ich beantworten könnte.",
    "discord.post": "Im Kanal posten",
    "telegram.stats_private": ("/stats zeigt, was Nutzer gefragt haben, daher nur im privaten "
        "Chat: Öffnen Sie einen Chat mit mir und senden Sie /stats."),
}
