"""Ukrainian texts of the bot (see ``bot.messages.ENGLISH`` for the keys)."""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, str] = {
    "reply.empty": "Поставте мені запитання, наприклад: {example}",
    "reply.empty.no_example": "будь-що про теми, які я знаю",
    "reply.greeting": "Вітаю! Я відповідаю на запитання про {topics}. Питайте своїми словами, попросіть "
                      "короткий огляд або спробуйте одне з цих запитань:",
    "reply.thanks": "Будь ласка! Питайте ще.",
    "reply.help": "Я відповідаю на запитання про {topics}. Напишіть запитання своїми словами, попросіть "
                  "«огляд» або виберіть одне з цих:",
    "reply.did_you_mean": "Не впевнений, що зрозумів. Ви мали на увазі:",
    "reply.unknown": "На це запитання я не знаю відповіді.",
    "reply.in_english": "(Ця відповідь англійською: перекладу ще немає.)",
    "reply.which_topic": "Яка тема?",
    "reply.no_such_topic": "У мене немає теми «{name}». Яка тема?",
    "reply.topics": "Я знаю такі теми:",
    "reply.no_topics": "Моя база знань поки що порожня.",
    "reply.empty_topic": "У цій темі ще немає запитань.",
    "reply.some_topics": "кілька тем",
    "service.rate_limited": "Ви питаєте швидше, ніж я встигаю відповідати. Зачекайте хвилину й спитайте знову.",
    "service.not_allowed": "Вибачте, це не дозволено.",
    "service.removed": "Цього запитання вже немає в моїй базі знань. Спитайте, будь ласка, ще раз.",
    "service.reload_off": "Перезавантаження не налаштоване.",
    "service.feedback_thanks": "Дякую за відгук!",
    "service.feedback_repeat": "Дякую, ваш відгук уже враховано.",
    "service.stats_store_down": "База знань: тем — {topics}, запитань — {entries}.\nСховище недоступне: {error}",
    "console.banner": "Консоль faqbot: поставте запитання, «огляд» — короткий огляд, «quit» — вихід.",
    "console.match": "(збіг {score}%)",
    "console.related": "Пов'язані:",
    "console.closest": "Найближчі:",
    "console.topics": "Теми:",
    "console.pick": "(введіть номер, щоб вибрати)",
    "console.pick_or_rate": "(введіть номер, щоб вибрати, + або -, щоб оцінити відповідь)",
    "telegram.closest": "Найближчі запитання, які я знаю:",
    "telegram.rephrase": "Спробуйте /topics, щоб побачити, що я знаю, або переформулюйте запитання.",
    "telegram.start": "Вітаю! Я відповідаю на запитання про {topics}. Питайте своїми словами "
                      "або натисніть на тему, щоб побачити огляд чи приклад запитання.",
    "telegram.topic_line": "• {name} (запитань: {count})",
    "telegram.help.intro": "Я відповідаю на запитання про {topics} з упорядкованої бази знань.",
    "telegram.help.type": "• Напишіть запитання своїми словами.",
    "telegram.help.ask": "• /ask запитання: спитати (у групах: /ask@{bot} запитання)",
    "telegram.help.summary": "• /summary [тема]: короткий огляд теми",
    "telegram.help.topics": "• /topics: теми, які я знаю",
    "telegram.help.groups": "• У групах я відповідаю на команди, на відповіді на мої повідомлення "
                            "і на повідомлення зі згадкою @{bot}.",
    "telegram.help.inline": "• У будь-якому чаті введіть @{bot} і запитання, щоб поділитися відповіддю.",
    "telegram.help.admin": "• Адміністратори: /reload перезавантажує базу знань, /stats показує статистику.",
    "telegram.help.examples": "Наприклад:",
    "telegram.unknown_command": "Я не знаю такої команди. Спробуйте /help.",
    "telegram.expired_button": "Ця кнопка застаріла. Спитайте, будь ласка, ще раз.",
    "telegram.inline.more": "Більше від бота",
    "telegram.inline.private": "Спитайте мене в особистому чаті",
    "telegram.error": "Вибачте, щось пішло не так. Спробуйте ще раз.",
    "discord.closest": "Найближчі запитання, які я знаю:",
    "discord.pick_topic": "Виберіть тему через `/summary topic:` (назви підказуються під час введення).",
    "discord.summary_title": "Огляд: {topic}",
    "discord.topic_footer": "Тема: {topic}",
    "discord.weak_match": "Збіг {score}%: можливо, я неправильно зрозумів запитання",
    "discord.more_topics": "Більше запитань: введіть /ask і виберіть із підказок.",
    "discord.no_entries": "База знань порожня.",
    "discord.nothing_yet": "поки нічого",
    "discord.slow_down": "Ви питаєте швидше, ніж я встигаю відповідати. Зачекайте трохи.",
    "discord.failed": "Вибачте, під час відповіді щось пішло не так. Спробуйте ще раз.",
    "discord.help": (
        "Я відповідаю на запитання про: {topics}.\n\n"
        "`/ask question:` спитайте своїми словами; підказки з'являються під час введення.\n"
        "`/summary topic:` короткий огляд теми.\n"
        "`/topics` усі теми з їхніми запитаннями.\n"
        "Кнопки під відповіддю відкривають пов'язані запитання; 👍 / 👎 кажуть упорядникам, чи це допомогло.\n\n"
        "Запитання, з яких можна почати:"
    ),
    "service.topic_removed": "Цієї теми вже немає в моїй базі знань. Спитайте, будь ласка, ще раз.",
    "reload.failed": "Перезавантаження не вдалося; працює попередня база знань.\n{error}",
    "reload.done": "Базу знань перезавантажено: тем — {topics}, запитань — {entries}.",
    "reload.unchanged": "База знань не змінилася: тем — {topics}, запитань — {entries}.",
    "telegram.profile.any": "упорядкована база знань",
    "telegram.profile.short": "Я відповідаю на запитання про {topics}.",
    "telegram.profile.about": "Я відповідаю на запитання про {topics} з упорядкованої бази знань.",
    "telegram.profile.how": "Питайте своїми словами або надішліть /summary, щоб отримати огляд.",
    "telegram.profile.examples": "Наприклад: {examples}",
    "telegram.command.start": "Початок: теми й приклади запитань",
    "telegram.command.help": "Як питати",
    "telegram.command.ask": "Поставити запитання",
    "telegram.command.summary": "Огляд теми",
    "telegram.command.topics": "Теми, які я знаю",
    "discord.command.ask": "Поставте запитання; підказки з'являються під час введення",
    "discord.command.ask.question": "Ваше запитання, своїми словами",
    "discord.command.summary": "Короткий огляд теми",
    "discord.command.summary.topic": "Тема (можна не вказувати, якщо вона одна)",
    "discord.command.topics": "Усі теми з їхніми запитаннями",
    "discord.command.help": "Що я можу відповісти і як питати",
    "discord.command.reload": "Перезавантажити базу знань (лише для упорядників)",
    "discord.command.stats": "Частка відповідей і запитання без відповіді (лише для упорядників)",
    "discord.menu.ask": "Запитати faqbot",
    "discord.no_text": "У цьому повідомленні немає тексту, на який я міг би відповісти.",
    "discord.post": "Опублікувати в каналі",
    "telegram.stats_private": ("/stats показує, що питали користувачі, тож я показую це лише "
        "в особистому чаті: відкрийте чат зі мною й надішліть /stats."),
}
