"""Every user-facing string of the core and the adapters, keyed by message id, per language.

Look-ups go ``CATALOGUE[language][message_id]`` and fall back to English, so a translation may be
partial; ``text`` fills in the ``{placeholders}``. Platform-specific wording (Telegram's command
list, Discord's slash-command hints) lives here too, under ids starting with the platform's name,
so one file holds everything a translator touches.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.translations import TRANSLATIONS

__all__ = ["CATALOGUE", "DEFAULT_LANGUAGE", "ENGLISH", "text"]

DEFAULT_LANGUAGE = "en"

ENGLISH: dict[str, str] = {
    # --- the core's replies -------------------------------------------------------------------
    "reply.empty": "Ask me a question, for example: {example}",
    "reply.empty.no_example": "anything about the topics I know",
    "reply.greeting": "Hello! I answer questions about {topics}. Ask in your own words, ask for a summary, "
                      "or try one of these:",
    "reply.thanks": "You're welcome! Ask me anything else.",
    "reply.help": "I answer questions about {topics}. Type a question in your own words, ask for a “summary”, "
                  "or pick one of these:",
    "reply.did_you_mean": "I'm not sure I understood. Did you mean:",
    "reply.unknown": "I don't know that one.",
    "reply.in_english": "(This answer is in English: there is no translation of it yet.)",
    "reply.which_topic": "Which topic?",
    "reply.no_such_topic": "I have no topic called '{name}'. Which topic?",
    "reply.topics": "I know these topics:",
    "reply.no_topics": "My knowledge base is empty for now.",
    "reply.empty_topic": "This topic has no entries yet.",
    "reply.some_topics": "a few topics",
    # --- the service's refusals and notes -----------------------------------------------------
    "service.rate_limited": "You're asking faster than I can answer. Please wait a minute, then ask again.",
    "service.not_allowed": "Sorry, that is not allowed.",
    "service.removed": "That question is no longer in my knowledge base. Please ask again.",
    "service.topic_removed": "That topic is no longer in my knowledge base. Please ask again.",
    "service.reload_off": "Reloading is not configured.",
    "service.feedback_thanks": "Thanks for the feedback!",
    "service.feedback_repeat": "Thanks, your feedback was already noted.",
    "service.stats_store_down": "Knowledge base: {topics} topic(s), {entries} entries.\nStore unavailable: {error}",
    "reload.failed": "Reload failed; still serving the previous knowledge base.\n{error}",
    "reload.done": "Knowledge base reloaded: {topics} topic(s), {entries} entries.",
    "reload.unchanged": "Knowledge base unchanged: {topics} topic(s), {entries} entries.",
    # --- the console --------------------------------------------------------------------------
    "console.banner": "faqbot console: ask a question, 'summary' for an overview, 'quit' to leave.",
    "console.match": "(match {score}%)",
    "console.related": "Related:",
    "console.closest": "Closest:",
    "console.topics": "Topics:",
    "console.pick": "(type a number to pick)",
    "console.pick_or_rate": "(type a number to pick, + or - to rate this answer)",
    # --- Telegram -----------------------------------------------------------------------------
    "telegram.closest": "The closest questions I know:",
    "telegram.rephrase": "Try /topics to see what I know, or rephrase it.",
    "telegram.start": "Hello! I answer questions about {topics}. Ask me anything in your own words, "
                      "or tap a topic for an overview or an example question.",
    "telegram.topic_line": "• {name} ({count} questions)",
    "telegram.help.intro": "I answer questions about {topics} from a curated knowledge base.",
    "telegram.help.type": "• Type a question in your own words.",
    "telegram.help.ask": "• /ask question: ask (in groups: /ask@{bot} question)",
    "telegram.help.summary": "• /summary [topic]: an overview of a topic",
    "telegram.help.topics": "• /topics: the topics I know",
    "telegram.help.groups": "• In groups I answer commands, replies to my messages and messages that mention @{bot}.",
    "telegram.help.inline": "• In any chat, type @{bot} and a question to share an answer.",
    "telegram.help.admin": "• Admins: /reload reloads the knowledge base, /stats shows statistics.",
    "telegram.help.examples": "For example:",
    "telegram.unknown_command": "I don't know that command. Try /help.",
    "telegram.expired_button": "This button has expired. Please ask again.",
    "telegram.inline.more": "More from the bot",
    "telegram.inline.private": "Ask me in a private chat",
    "telegram.profile.any": "a curated knowledge base",
    "telegram.profile.short": "I answer questions about {topics}.",
    "telegram.profile.about": "I answer questions about {topics}, from a curated knowledge base.",
    "telegram.profile.how": "Ask in your own words, or send /summary for an overview.",
    "telegram.profile.examples": "For example: {examples}",
    "telegram.command.start": "Start: topics and example questions",
    "telegram.command.help": "How to ask",
    "telegram.command.ask": "Ask a question",
    "telegram.command.summary": "Overview of a topic",
    "telegram.command.topics": "The topics I know",
    "telegram.error": "Sorry, something went wrong on my side. Please try again.",
    # --- Discord ------------------------------------------------------------------------------
    "discord.closest": "Closest questions I know:",
    "discord.pick_topic": "Pick one with `/summary topic:` (names are suggested as you type).",
    "discord.summary_title": "Summary: {topic}",
    "discord.topic_footer": "Topic: {topic}",
    "discord.weak_match": "Match {score}%: I may have misread your question",
    "discord.more_topics": "More questions: type /ask and pick from the suggestions.",
    "discord.no_entries": "The knowledge base is empty.",
    "discord.nothing_yet": "nothing yet",
    "discord.command.ask": "Ask a question; suggestions appear as you type",
    "discord.command.ask.question": "Your question, in your own words",
    "discord.command.summary": "A short overview of a topic",
    "discord.command.summary.topic": "The topic (optional when there is only one)",
    "discord.command.topics": "Every topic with its questions",
    "discord.command.help": "What I can answer and how to ask",
    "discord.command.reload": "Reload the knowledge base (maintainers only)",
    "discord.command.stats": "Answer rate and unanswered questions (maintainers only)",
    "discord.menu.ask": "Ask faqbot",  # the message menu (Apps > ...): a name, 32 characters at most
    "discord.slow_down": "You're asking faster than I can answer. Please wait a moment.",
    "discord.failed": "Sorry, something went wrong while answering. Please try again.",
    "discord.post": "Post in the channel",
    "discord.no_text": "That message has no text I could answer.",
    "telegram.stats_private": (
        "/stats lists what users asked, so I show it only in a private chat: open a chat with me and send /stats."
    ),
    "discord.help": (
        "I answer questions about: {topics}.\n\n"
        "`/ask question:` ask in your own words; suggestions appear as you type.\n"
        "`/summary topic:` a short overview of a topic.\n"
        "`/topics` every topic with its questions.\n"
        "Buttons under an answer open related questions; 👍 / 👎 tell the maintainers whether it helped.\n\n"
        "Some questions to start with:"
    ),
}

#: language -> message id -> text (the translations live in bot/translations/, one module per language).
CATALOGUE: dict[str, Mapping[str, str]] = {DEFAULT_LANGUAGE: ENGLISH, **TRANSLATIONS}


def text(message_id: str, language: str = DEFAULT_LANGUAGE, /, **values: object) -> str:
    """The message ``message_id`` in ``language`` (English when not translated), placeholders filled in.

    An unknown id raises ``KeyError``: a typo must fail in tests, not reach a user.
    """
    template = CATALOGUE.get(language, ENGLISH).get(message_id) or ENGLISH[message_id]
    return template.format(**values) if values else template
