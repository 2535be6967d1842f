"""Spanish texts of the bot (see ``bot.messages.ENGLISH`` for the keys)."""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, str] = {
    "reply.empty": "Hazme una pregunta, por ejemplo: {example}",
    "reply.empty.no_example": "cualquier cosa sobre los temas que conozco",
    "reply.greeting": "¡Hola! Respondo preguntas sobre {topics}. Pregunta con tus propias palabras, pide "
                      "un resumen o prueba una de estas:",
    "reply.thanks": "¡De nada! Pregúntame lo que quieras.",
    "reply.help": "Respondo preguntas sobre {topics}. Escribe una pregunta con tus propias palabras, pide "
                  "un «resumen» o elige una de estas:",
    "reply.did_you_mean": "No estoy seguro de haberte entendido. ¿Querías decir:",
    "reply.unknown": "No sé la respuesta a eso.",
    "reply.in_english": "(Esta respuesta está en inglés: todavía no tiene traducción.)",
    "reply.which_topic": "¿Qué tema?",
    "reply.no_such_topic": "No tengo ningún tema llamado «{name}». ¿Qué tema?",
    "reply.topics": "Conozco estos temas:",
    "reply.no_topics": "Mi base de conocimientos está vacía por ahora.",
    "reply.empty_topic": "Este tema todavía no tiene preguntas.",
    "reply.some_topics": "algunos temas",
    "service.rate_limited": "Preguntas más rápido de lo que puedo responder. Espera un minuto y vuelve a preguntar.",
    "service.not_allowed": "Lo siento, eso no está permitido.",
    "service.removed": "Esa pregunta ya no está en mi base de conocimientos. Vuelve a preguntar, por favor.",
    "service.reload_off": "La recarga no está configurada.",
    "service.feedback_thanks": "¡Gracias por tu opinión!",
    "service.feedback_repeat": "Gracias, tu opinión ya estaba registrada.",
    "service.stats_store_down": "Base de conocimientos: {topics} tema(s), {entries} entradas.\n"
                                "Almacén no disponible: {error}",
    "console.banner": "Consola de faqbot: haz una pregunta, «resumen» para una visión general, «quit» para salir.",
    "console.match": "(coincidencia {score}%)",
    "console.related": "Relacionadas:",
    "console.closest": "Más cercanas:",
    "console.topics": "Temas:",
    "console.pick": "(escribe un número para elegir)",
    "console.pick_or_rate": "(escribe un número para elegir, + o - para valorar esta respuesta)",
    "telegram.closest": "Las preguntas más parecidas que conozco:",
    "telegram.rephrase": "Prueba /topics para ver lo que sé, o reformula la pregunta.",
    "telegram.start": "¡Hola! Respondo preguntas sobre {topics}. Pregunta con tus propias palabras "
                      "o toca un tema para ver un resumen o una pregunta de ejemplo.",
    "telegram.topic_line": "• {name} ({count} preguntas)",
    "telegram.help.intro": "Respondo preguntas sobre {topics} a partir de una base de conocimientos cuidada.",
    "telegram.help.type": "• Escribe una pregunta con tus propias palabras.",
    "telegram.help.ask": "• /ask pregunta: preguntar (en grupos: /ask@{bot} pregunta)",
    "telegram.help.summary": "• /summary [tema]: un resumen de un tema",
    "telegram.help.topics": "• /topics: los temas que conozco",
    "telegram.help.groups": "• En los grupos respondo a comandos, a respuestas a mis mensajes "
                            "y a mensajes que mencionan a @{bot}.",
    "telegram.help.inline": "• En cualquier chat, escribe @{bot} y una pregunta para compartir una respuesta.",
    "telegram.help.admin": "• Administradores: /reload recarga la base de conocimientos, /stats muestra estadísticas.",
    "telegram.help.examples": "Por ejemplo:",
    "telegram.unknown_command": "No conozco ese comando. Prueba /help.",
    "telegram.expired_button": "Este botón ha caducado. Vuelve a preguntar, por favor.",
    "telegram.inline.more": "Más del bot",
    "telegram.inline.private": "Pregúntame en un chat privado",
    "telegram.error": "Lo siento, algo salió mal. Inténtalo de nuevo.",
    "discord.closest": "Las preguntas más parecidas que conozco:",
    "discord.pick_topic": "Elige uno con `/summary topic:` (los nombres se sugieren mientras escribes).",
    "discord.summary_title": "Resumen: {topic}",
    "discord.topic_footer": "Tema: {topic}",
    "discord.weak_match": "Coincidencia {score}%: puede que haya entendido mal tu pregunta",
    "discord.more_topics": "Más preguntas: escribe /ask y elige entre las sugerencias.",
    "discord.no_entries": "La base de conocimientos está vacía.",
    "discord.nothing_yet": "nada todavía",
    "discord.slow_down": "Preguntas más rápido de lo que puedo responder. Espera un momento.",
    "discord.failed": "Lo siento, algo salió mal al responder. Inténtalo de nuevo.",
    "discord.help": (
        "Respondo preguntas sobre: {topics}.\n\n"
        "`/ask question:` pregunta con tus propias palabras; aparecen sugerencias mientras escribes.\n"
        "`/summary topic:` un breve resumen de un tema.\n"
        "`/topics` todos los temas con sus preguntas.\n"
        "Los botones bajo una respuesta abren preguntas relacionadas; 👍 / 👎 dicen a los responsables "
        "si ha ayudado.\n\n"
        "Algunas preguntas para empezar:"
    ),
    "service.topic_removed": "Ese tema ya no está en mi base de conocimientos. Vuelve a preguntar, por favor.",
    "reload.failed": "La recarga falló; sigue en uso la base de conocimientos anterior.\n{error}",
    "reload.done": "Base de conocimientos recargada: {topics} tema(s), {entries} entradas.",
    "reload.unchanged": "Base de conocimientos sin cambios: {topics} tema(s), {entries} entradas.",
    "telegram.profile.any": "una base de conocimientos cuidada",
    "telegram.profile.short": "Respondo preguntas sobre {topics}.",
    "telegram.profile.about": "Respondo preguntas sobre {topics} a partir de una base de conocimientos cuidada.",
    "telegram.profile.how": "Pregunta con tus propias palabras o envía /summary para ver un resumen.",
    "telegram.profile.examples": "Por ejemplo: {examples}",
    "telegram.command.start": "Inicio: temas y preguntas de ejemplo",
    "telegram.command.help": "Cómo preguntar",
    "telegram.command.ask": "Hacer una pregunta",
    "telegram.command.summary": "Resumen de un tema",
    "telegram.command.topics": "Los temas que conozco",
    "discord.command.ask": "Haz una pregunta; aparecen sugerencias mientras escribes",
    "discord.command.ask.question": "Tu pregunta, con tus propias palabras",
    "discord.command.summary": "Un breve resumen de un tema",
    "discord.command.summary.topic": "El tema (opcional si solo hay uno)",
    "discord.command.topics": "Todos los temas con sus preguntas",
    "discord.command.help": "Qué puedo responder y cómo preguntar",
    "discord.command.reload": "Recargar la base de conocimientos (solo responsables)",
    "discord.command.stats": "Tasa de respuesta y preguntas sin respuesta (solo responsables)",
    "discord.menu.ask": "Preguntar a faqbot",
    "discord.no_text": "Ese mensaje no tiene texto al que pueda responder.",
    "discord.post": "Publicar en el canal",
    "telegram.stats_private": ("/stats muestra lo que preguntaron los usuarios, así que solo lo "
        "muestro en un chat privado: abre un chat conmigo y envía /stats."),
}
