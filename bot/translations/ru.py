"""Russian texts of the bot (see ``bot.messages.ENGLISH`` for the keys)."""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, str] = {
    "reply.empty": "Задайте мне вопрос, например: {example}",
    "reply.empty.no_example": "что угодно о темах, которые я знаю",
    "reply.greeting": "Здравствуйте! Я отвечаю на вопросы о {topics}. Спрашивайте своими словами, попросите "
                      "краткий обзор или попробуйте один из этих вопросов:",
    "reply.thanks": "Пожалуйста! Спрашивайте ещё.",
    "reply.help": "Я отвечаю на вопросы о {topics}. Напишите вопрос своими словами, попросите «обзор» "
                  "или выберите один из этих:",
    "reply.did_you_mean": "Не уверен, что понял. Вы имели в виду:",
    "reply.unknown": "На этот вопрос я не знаю ответа.",
    "reply.in_english": "(Этот ответ на английском: перевода пока нет.)",
    "reply.which_topic": "Какая тема?",
    "reply.no_such_topic": "У меня нет темы «{name}». Какая тема?",
    "reply.topics": "Я знаю такие темы:",
    "reply.no_topics": "Моя база знаний пока пуста.",
    "reply.empty_topic": "В этой теме ещё нет вопросов.",
    "reply.some_topics": "несколько тем",
    "service.rate_limited": "Вы спрашиваете быстрее, чем я успеваю отвечать. Подождите минуту и спросите снова.",
    "service.not_allowed": "Извините, это не разрешено.",
    "service.removed": "Этого вопроса больше нет в моей базе знаний. Пожалуйста, спросите ещё раз.",
    "service.reload_off": "Перезагрузка не настроена.",
    "service.feedback_thanks": "Спасибо за отзыв!",
    "service.feedback_repeat": "Спасибо, ваш отзыв уже учтён.",
    "service.stats_store_down": "База знаний: тем — {topics}, вопросов — {entries}.\nХранилище недоступно: {error}",
    "console.banner": "Консоль faqbot: задайте вопрос, «обзор» — краткий обзор, «quit» — выход.",
    "console.match": "(совпадение {score}%)",
    "console.related": "Связанные:",
    "console.closest": "Ближайшие:",
    "console.topics": "Темы:",
    "console.pick": "(введите номер, чтобы выбрать)",
    "console.pick_or_rate": "(введите номер, чтобы выбрать, + или -, чтобы оценить ответ)",
    "telegram.closest": "Ближайшие вопросы, которые я знаю:",
    "telegram.rephrase": "Попробуйте /topics, чтобы увидеть, что я знаю, или переформулируйте вопрос.",
    "telegram.start": "Здравствуйте! Я отвечаю на вопросы о {topics}. Спрашивайте своими словами "
                      "или нажмите на тему, чтобы увидеть обзор или пример вопроса.",
    "telegram.topic_line": "• {name} (вопросов: {count})",
    "telegram.help.intro": "Я отвечаю на вопросы о {topics} из проверенной базы знаний.",
    "telegram.help.type": "• Напишите вопрос своими словами.",
    "telegram.help.ask": "• /ask вопрос: спросить (в группах: /ask@{bot} вопрос)",
    "telegram.help.summary": "• /summary [тема]: краткий обзор темы",
    "telegram.help.topics": "• /topics: темы, которые я знаю",
    "telegram.help.groups": "• В группах я отвечаю на команды, на ответы на мои сообщения "
                            "и на сообщения с упоминанием @{bot}.",
    "telegram.help.inline": "• В любом чате введите @{bot} и вопрос, чтобы поделиться ответом.",
    "telegram.help.admin": "• Администраторы: /reload перезагружает базу знаний, /stats показывает статистику.",
    "telegram.help.examples": "Например:",
    "telegram.unknown_command": "Я не знаю такой команды. Попробуйте /help.",
    "telegram.expired_button": "Эта кнопка устарела. Пожалуйста, спросите ещё раз.",
    "telegram.inline.more": "Больше от бота",
    "telegram.inline.private": "Спросите меня в личном чате",
    "telegram.error": "Извините, что-то пошло не так. Попробуйте ещё раз.",
    "discord.closest": "Ближайшие вопросы, которые я знаю:",
    "discord.pick_topic": "Выберите тему через `/summary topic:` (названия подсказываются при вводе).",
    "discord.summary_title": "Обзор: {topic}",
    "discord.topic_footer": "Тема: {topic}",
    "discord.weak_match": "Совпадение {score}%: возможно, я неправильно понял вопрос",
    "discord.more_topics": "Больше вопросов: введите /ask и выберите из подсказок.",
    "discord.no_entries": "База знаний пуста.",
    "discord.nothing_yet": "пока ничего",
    "discord.slow_down": "Вы спрашиваете быстрее, чем я успеваю отвечать. Подождите немного.",
    "discord.failed": "Извините, при ответе что-то пошло не так. Попробуйте ещё раз.",
    "discord.help": (
        "Я отвечаю на вопросы о: {topics}.\n\n"
        "`/ask question:` спросите своими словами; подсказки появляются при вводе.\n"
        "`/summary topic:` краткий обзор темы.\n"
        "`/topics` все темы с их вопросами.\n"
        "Кнопки под ответом открывают связанные вопросы; 👍 / 👎 сообщают составителям, помог ли ответ.\n\n"
        "Вопросы, с которых можно начать:"
    ),
    "service.topic_removed": "Этой темы больше нет в моей базе знаний. Пожалуйста, спросите ещё раз.",
    "reload.failed": "Перезагрузка не удалась; работает прежняя база знаний.\n{error}",
    "reload.done": "База знаний перезагружена: тем — {topics}, вопросов — {entries}.",
    "reload.unchanged": "База знаний не изменилась: тем — {topics}, вопросов — {entries}.",
    "telegram.profile.any": "проверенная база знаний",
    "telegram.profile.short": "Я отвечаю на вопросы о {topics}.",
    "telegram.profile.about": "Я отвечаю на вопросы о {topics} из проверенной базы знаний.",
    "telegram.profile.how": "Спрашивайте своими словами или отправьте /summary, чтобы получить обзор.",
    "telegram.profile.examples": "Например: {examples}",
    "telegram.command.start": "Начало: темы и примеры вопросов",
    "telegram.command.help": "Как спрашивать",
    "telegram.command.ask": "Задать вопрос",
    "telegram.command.summary": "Обзор темы",
    "telegram.command.topics": "Темы, которые я знаю",
    "discord.command.ask": "Задайте вопрос; подсказки появляются при вводе",
    "discord.command.ask.question": "Ваш вопрос, своими словами",
    "discord.command.summary": "Краткий обзор темы",
    "discord.command.summary.topic": "Тема (можно не указывать, если она одна)",
    "discord.command.topics": "Все темы с их вопросами",
    "discord.command.help": "На что я могу ответить и как спрашивать",
    "discord.command.reload": "Перезагрузить базу знаний (только для составителей)",
    "discord.command.stats": "Доля ответов и вопросы без ответа (только для составителей)",
    "discord.menu.ask": "Спросить faqbot",
    "discord.no_text": "В этом сообщении нет текста, на который я мог бы ответить.",
    "discord.post": "Опубликовать в канале",
    "telegram.stats_private": ("/stats показывает, что спрашивали пользователи, поэтому я показываю это только "
        "в личном чате: откройте чат со мной и отправьте /stats."),
}
