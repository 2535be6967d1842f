"""Polish texts of the bot (see ``bot.messages.ENGLISH`` for the keys)."""

from __future__ import annotations

__all__ = ["MESSAGES"]

MESSAGES: dict[str, str] = {
    "reply.empty": "Zadaj mi pytanie, na przykład: {example}",
    "reply.empty.no_example": "cokolwiek o tematach, które znam",
    "reply.greeting": "Cześć! Odpowiadam na pytania o {topics}. Pytaj własnymi słowami, poproś o "
                      "podsumowanie albo wypróbuj jedno z tych pytań:",
    "reply.thanks": "Proszę bardzo! Pytaj dalej.",
    "reply.help": "Odpowiadam na pytania o {topics}. Napisz pytanie własnymi słowami, poproś o "
                  "„podsumowanie” albo wybierz jedno z tych:",
    "reply.did_you_mean": "Nie jestem pewien, czy dobrze zrozumiałem. Czy chodziło o:",
    "reply.unknown": "Nie znam odpowiedzi na to pytanie.",
    "reply.in_english": "(Ta odpowiedź jest po angielsku: nie ma jeszcze tłumaczenia.)",
    "reply.which_topic": "Który temat?",
    "reply.no_such_topic": "Nie mam tematu „{name}”. Który temat?",
    "reply.topics": "Znam te tematy:",
    "reply.no_topics": "Moja baza wiedzy jest na razie pusta.",
    "reply.empty_topic": "Ten temat nie ma jeszcze pytań.",
    "reply.some_topics": "kilka tematów",
    "service.rate_limited": "Pytasz szybciej, niż zdążam odpowiadać. Poczekaj minutę i zapytaj ponownie.",
    "service.not_allowed": "Przepraszam, to niedozwolone.",
    "service.removed": "Tego pytania nie ma już w mojej bazie wiedzy. Zapytaj ponownie.",
    "service.reload_off": "Przeładowanie nie jest skonfigurowane.",
    "service.feedback_thanks": "Dziękuję za opinię!",
    "service.feedback_repeat": "Dziękuję, twoja opinia została już zapisana.",
    "service.stats_store_down": "Baza wiedzy: tematów: {topics}, wpisów: {entries}.\nMagazyn niedostępny: {error}",
    "console.banner": "Konsola faqbot: zadaj pytanie, „podsumowanie” dla przeglądu, „quit”, aby wyjść.",
    "console.match": "(dopasowanie {score}%)",
    "console.related": "Powiązane:",
    "console.closest": "Najbliższe:",
    "console.topics": "Tematy:",
    "console.pick": "(wpisz numer, aby wybrać)",
    "console.pick_or_rate": "(wpisz numer, aby wybrać, + lub -, aby ocenić odpowiedź)",
    "telegram.closest": "Najbliższe pytania, które znam:",
    "telegram.rephrase": "Spróbuj /topics, aby zobaczyć, co wiem, albo przeformułuj pytanie.",
    "telegram.start": "Cześć! Odpowiadam na pytania o {topics}. Pytaj własnymi słowami "
                      "albo dotknij tematu, aby zobaczyć przegląd lub przykładowe pytanie.",
    "telegram.topic_line": "• {name} (pytań: {count})",
    "telegram.help.intro": "Odpowiadam na pytania o {topics} na podstawie starannie prowadzonej bazy wiedzy.",
    "telegram.help.type": "• Napisz pytanie własnymi słowami.",
    "telegram.help.ask": "• /ask pytanie: zapytaj (w grupach: /ask@{bot} pytanie)",
    "telegram.help.summary": "• /summary [temat]: przegląd tematu",
    "telegram.help.topics": "• /topics: tematy, które znam",
    "telegram.help.groups": "• W grupach odpowiadam na polecenia, na odpowiedzi na moje wiadomości "
                            "i na wiadomości wspominające @{bot}.",
    "telegram.help.inline": "• W dowolnym czacie wpisz @{bot} i pytanie, aby udostępnić odpowiedź.",
    "telegram.help.admin": "• Administratorzy: /reload przeładowuje bazę wiedzy, /stats pokazuje statystyki.",
    "telegram.help.examples": "Na przykład:",
    "telegram.unknown_command": "Nie znam tego polecenia. Spróbuj /help.",
    "telegram.expired_button": "Ten przycisk wygasł. Zapytaj ponownie.",
    "telegram.inline.more": "Więcej od bota",
    "telegram.inline.private": "Zapytaj mnie w prywatnym czacie",
    "telegram.error": "Przepraszam, coś poszło nie tak. Spróbuj ponownie.",
    "discord.closest": "Najbliższe pytania, które znam:",
    "discord.pick_topic": "Wybierz jeden przez `/summary topic:` (nazwy podpowiadają się podczas pisania).",
    "discord.summary_title": "Podsumowanie: {topic}",
    "discord.topic_footer": "Temat: {topic}",
    "discord.weak_match": "Dopasowanie {score}%: być może źle zrozumiałem pytanie",
    "discord.more_topics": "Więcej pytań: wpisz /ask i wybierz z podpowiedzi.",
    "discord.no_entries": "Baza wiedzy jest pusta.",
    "discord.nothing_yet": "na razie nic",
    "discord.slow_down": "Pytasz szybciej, niż zdążam odpowiadać. Poczekaj chwilę.",
    "discord.failed": "Przepraszam, podczas odpowiadania coś poszło nie tak. Spróbuj ponownie.",
    "discord.help": (
        "Odpowiadam na pytania o: {topics}.\n\n"
        "`/ask question:` pytaj własnymi słowami; podpowiedzi pojawiają się podczas pisania.\n"
        "`/summary topic:` krótki przegląd tematu.\n"
        "`/topics` wszystkie tematy z ich pytaniami.\n"
        "Przyciski pod odpowiedzią otwierają powiązane pytania; 👍 / 👎 mówią opiekunom, czy odpowiedź pomogła.\n\n"
        "Pytania na początek:"
    ),
    "service.topic_removed": "Tego tematu nie ma już w mojej bazie wiedzy. Zapytaj ponownie.",
    "reload.failed": "Przeładowanie nie powiodło się; działa poprzednia baza wiedzy.\n{error}",
    "reload.done": "Baza wiedzy przeładowana: tematów: {topics}, wpisów: {entries}.",
    "reload.unchanged": "Baza wiedzy bez zmian: tematów: {topics}, wpisów: {entries}.",
    "telegram.profile.any": "starannie prowadzona baza wiedzy",
    "telegram.profile.short": "Odpowiadam na pytania o {topics}.",
    "telegram.profile.about": "Odpowiadam na pytania o {topics} na podstawie starannie prowadzonej bazy wiedzy.",
    "telegram.profile.how": "Pytaj własnymi słowami albo wyślij /summary, aby zobaczyć przegląd.",
    "telegram.profile.examples": "Na przykład: {examples}",
    "telegram.command.start": "Start: tematy i przykładowe pytania",
    "telegram.command.help": "Jak pytać",
    "telegram.command.ask": "Zadaj pytanie",
    "telegram.command.summary": "Przegląd tematu",
    "telegram.command.topics": "Tematy, które znam",
    "discord.command.ask": "Zadaj pytanie; podpowiedzi pojawiają się podczas pisania",
    "discord.command.ask.question": "Twoje pytanie, własnymi słowami",
    "discord.command.summary": "Krótki przegląd tematu",
    "discord.command.summary.topic": "Temat (opcjonalny, gdy jest tylko jeden)",
    "discord.command.topics": "Wszystkie tematy z ich pytaniami",
    "discord.command.help": "Na co mogę odpowiedzieć i jak pytać",
    "discord.command.reload": "Przeładuj bazę wiedzy (tylko opiekunowie)",
    "discord.command.stats": "Odsetek odpowiedzi i pytania bez odpowiedzi (tylko opiekunowie)",
    "discord.menu.ask": "Zapytaj faqbot",
    "discord.no_text": "Ta wiadomość nie zawiera tekstu, na który mógłbym odpowiedzieć.",
    "discord.post": "Opublikuj na kanale",
    "telegram.stats_private": ("/stats pokazuje, o co pytali użytkownicy, więc pokazuję to tylko "
        "w prywatnym czacie: otwórz czat ze mną i wyślij /stats."),
}
