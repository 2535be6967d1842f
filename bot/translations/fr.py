"""French texts of the bot (see ``bot.messages.ENGLISH`` for the keys)."""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, str] = {
    "reply.empty": "Posez-moi une question, par exemple : {example}",
    "reply.empty.no_example": "tout ce qui concerne les sujets que je connais",
    "reply.greeting": "Bonjour ! Je réponds aux questions sur {topics}. Posez vos questions avec vos mots, "
                      "demandez un résumé ou essayez l'une de celles-ci :",
    "reply.thanks": "Avec plaisir ! Posez-moi d'autres questions.",
    "reply.help": "Je réponds aux questions sur {topics}. Écrivez une question avec vos mots, demandez un "
                  "« résumé » ou choisissez l'une de celles-ci :",
    "reply.did_you_mean": "Je ne suis pas sûr d'avoir compris. Vouliez-vous dire :",
    "reply.unknown": "Je ne connais pas la réponse à cette question.",
    "reply.in_english": "(Cette réponse est en anglais : elle n'est pas encore traduite.)",
    "reply.which_topic": "Quel sujet ?",
    "reply.no_such_topic": "Je n'ai pas de sujet « {name} ». Quel sujet ?",
    "reply.topics": "Je connais ces sujets :",
    "reply.no_topics": "Ma base de connaissances est vide pour l'instant.",
    "reply.empty_topic": "Ce sujet n'a pas encore de questions.",
    "reply.some_topics": "quelques sujets",
    "service.rate_limited": "Vous posez des questions plus vite que je ne peux répondre. Attendez une minute, "
                            "puis réessayez.",
    "service.not_allowed": "Désolé, ce n'est pas autorisé.",
    "service.removed": "Cette question n'est plus dans ma base de connaissances. Veuillez la reposer.",
    "service.reload_off": "Le rechargement n'est pas configuré.",
    "service.feedback_thanks": "Merci pour votre avis !",
    "service.feedback_repeat": "Merci, votre avis a déjà été pris en compte.",
    "service.stats_store_down": "Base de connaissances : {topics} sujet(s), {entries} entrées.\n"
                                "Stockage indisponible : {error}",
    "console.banner": "Console faqbot : posez une question, « résumé » pour un aperçu, « quit » pour quitter.",
    "console.match": "(correspondance {score} %)",
    "console.related": "Questions liées :",
    "console.closest": "Les plus proches :",
    "console.topics": "Sujets :",
    "console.pick": "(tapez un numéro pour choisir)",
    "console.pick_or_rate": "(tapez un numéro pour choisir, + ou - pour noter cette réponse)",
    "telegram.closest": "Les questions les plus proches que je connais :",
    "telegram.rephrase": "Essayez /topics pour voir ce que je sais, ou reformulez votre question.",
    "telegram.start": "Bonjour ! Je réponds aux questions sur {topics}. Posez vos questions avec vos mots "
                      "ou touchez un sujet pour un aperçu ou un exemple de question.",
    "telegram.topic_line": "• {name} ({count} questions)",
    "telegram.help.intro": "Je réponds aux questions sur {topics} à partir d'une base de connaissances soignée.",
    "telegram.help.type": "• Écrivez une question avec vos mots.",
    "telegram.help.ask": "• /ask question : poser une question (en groupe : /ask@{bot} question)",
    "telegram.help.summary": "• /summary [sujet] : un aperçu d'un sujet",
    "telegram.help.topics": "• /topics : les sujets que je connais",
    "telegram.help.groups": "• En groupe, je réponds aux commandes, aux réponses à mes messages "
                            "et aux messages qui mentionnent @{bot}.",
    "telegram.help.inline": "• Dans n'importe quelle discussion, tapez @{bot} et une question "
                            "pour partager une réponse.",
    "telegram.help.admin": "• Admins : /reload recharge la base de connaissances, /stats affiche les statistiques.",
    "telegram.help.examples": "Par exemple :",
    "telegram.unknown_command": "Je ne connais pas cette commande. Essayez /help.",
    "telegram.expired_button": "Ce bouton a expiré. Veuillez reposer votre question.",
    "telegram.inline.more": "Plus d'informations du bot",
    "telegram.inline.private": "Demandez-moi en discussion privée",
    "telegram.error": "Désolé, une erreur s'est produite. Veuillez réessayer.",
    "discord.closest": "Les questions les plus proches que je connais :",
    "discord.pick_topic": "Choisissez-en un avec `/summary topic:` (les noms sont proposés pendant la saisie).",
    "discord.summary_title": "Résumé : {topic}",
    "discord.topic_footer": "Sujet : {topic}",
    "discord.weak_match": "Correspondance {score} % : j'ai peut-être mal compris votre question",
    "discord.more_topics": "Plus de questions : tapez /ask et choisissez parmi les suggestions.",
    "discord.no_entries": "La base de connaissances est vide.",
    "discord.nothing_yet": "rien pour l'instant",
    "discord.slow_down": "Vous posez des questions plus vite que je ne peux répondre. Patientez un instant.",
    "discord.failed": "Désolé, une erreur s'est produite pendant la réponse. Veuillez réessayer.",
    "discord.help": (
        "Je réponds aux questions sur : {topics}.\n\n"
        "`/ask question:` posez votre question avec vos mots ; des suggestions apparaissent pendant la saisie.\n"
        "`/summary topic:` un bref aperçu d'un sujet.\n"
        "`/topics` tous les sujets avec leurs questions.\n"
        "Les boutons sous une réponse ouvrent des questions liées ; 👍 / 👎 indiquent aux responsables "
        "si la réponse a aidé.\n\n"
        "Quelques questions pour commencer :"
    ),
    "service.topic_removed": "Ce sujet n'est plus dans ma base de connaissances. Veuillez reposer votre question.",
    "reload.failed": "Le rechargement a échoué ; la base de connaissances précédente reste en service.\n{error}",
    "reload.done": "Base de connaissances rechargée : {topics} sujet(s), {entries} entrées.",
    "reload.unchanged": "Base de connaissances inchangée : {topics} sujet(s), {entries} entrées.",
    "telegram.profile.any": "une base de connaissances soignée",
    "telegram.profile.short": "Je réponds aux questions sur {topics}.",
    "telegram.profile.about": "Je réponds aux questions sur {topics}, à partir d'une base de connaissances soignée.",
    "telegram.profile.how": "Posez vos questions avec vos mots, ou envoyez /summary pour un aperçu.",
    "telegram.profile.examples": "Par exemple : {examples}",
    "telegram.command.start": "Démarrer : sujets et exemples de questions",
    "telegram.command.help": "Comment poser une question",
    "telegram.command.ask": "Poser une question",
    "telegram.command.summary": "Aperçu d'un sujet",
    "telegram.command.topics": "Les sujets que je connais",
    "discord.command.ask": "Posez une question ; des suggestions apparaissent pendant la saisie",
    "discord.command.ask.question": "Votre question, avec vos mots",
    "discord.command.summary": "Un bref aperçu d'un sujet",
    "discord.command.summary.topic": "Le sujet (facultatif s'il n'y en a qu'un)",
    "discord.command.topics": "Tous les sujets avec leurs questions",
    "discord.command.help": "Ce à quoi je peux répondre et comment demander",
    "discord.command.reload": "Recharger la base de connaissances (responsables uniquement)",
    "discord.command.stats": "Taux de réponse et questions sans réponse (responsables uniquement)",
    "discord.menu.ask": "Demander à faqbot",
    "discord.no_text": "Ce message ne contient aucun texte auquel je puisse répondre.",
    "discord.post": "Publier dans le salon",
    "telegram.stats_private": ("/stats montre ce que les utilisateurs ont demandé, je ne l'affiche donc "
        "qu'en discussion privée : ouvrez une discussion avec moi et envoyez /stats."),
}
