"""The terminal console: type questions, pick follow-ups by number, rate answers with + or -."""

from __future__ import annotations

from typing import TextIO

from bot.engine.answerer import Reply
from bot.service.facade import NOT_ALLOWED, FaqService, User

__all__ = ["Console", "main"]

PROMPT = "you> "
QUIT = {"quit", "exit", ":q", "/quit", "/exit"}
ADMIN_COMMANDS = ("/reload", "/stats")
RATINGS = {"+": True, "👍": True, "-": False, "👎": False}


class Console:
    """A chat in a terminal (or over a pipe): one reply per line of input."""

    def __init__(self, service: FaqService, out: TextIO, user: User | None = None) -> None:
        self.service = service
        self.out = out
        self.user = user or User("console", "local")
        self._choices: list[str] = []
        self._answered: str | None = None  # the entry of the last answer, for a 👍/👎

    def ask(self, line: str) -> str:
        """Handle one line: a number picks a listed suggestion, + or - rates the last answer, else a question."""
        text = line.strip()
        command = text.split(maxsplit=1)[0].casefold() if text else ""
        if command in ADMIN_COMMANDS:
            return self.admin(command)
        if text in RATINGS and self._answered is not None:
            counted = self.service.feedback(self._answered, self.user, helpful=RATINGS[text])
            return "Thanks for the feedback!" if counted else "Your rating of this answer is already recorded."
        if text.isdigit() and len(text) <= 3 and 1 <= int(text) <= len(self._choices):
            reply = self.service.pick(self._choices[int(text) - 1], self.user)
            if reply is None:
                return "That question has been removed from the knowledge base."
        elif text.casefold().startswith(("/summary", "summary:")):
            reply = self.service.summary(text.split(maxsplit=1)[1] if " " in text else None, self.user)
        else:
            maybe = self.service.ask(text, self.user)
            if maybe is None:
                return ""
            reply = maybe
        return self.render(reply)

    def admin(self, command: str) -> str:
        """``/reload`` or ``/stats``, only for ``console:local`` listed in FAQBOT_ADMINS."""
        if not self.service.is_admin(self.user):
            return NOT_ALLOWED
        return self.service.reload(self.user) if command == "/reload" else self.service.stats()

    def render(self, reply: Reply) -> str:
        """Plain text: the answer, then the suggestions as numbered choices."""
        self._choices = [s.id for s in reply.suggestions]
        self._answered = reply.entry_id if reply.kind == "answer" else None
        lines = [f"» {reply.question}", reply.text] if reply.kind == "answer" else [reply.text]
        if reply.kind == "answer" and reply.score < 100:
            lines[0] += f"  (match {reply.score:.0f}%)"
        if reply.suggestions:
            lead = "Did you mean:" if reply.kind == "suggest" else "Related:" if reply.kind != "none" else "Closest:"
            if reply.kind == "suggest" or reply.intent in ("help", "greeting", "empty"):
                lead = ""
            if lead:
                lines.append(lead)
            lines += [f"  {n}. {s.question}" for n, s in enumerate(reply.suggestions, start=1)]
            lines.append("(type a number to pick" + (", + or - to rate this answer)" if self._answered else ")"))
        if reply.topics:
            lines += [f"  - {name}" for name in reply.topics]
        return "\n".join(lines)


def main(service: FaqService, stdin: TextIO, stdout: TextIO) -> int:
    """Run the console: interactive with a prompt on a terminal, line by line over a pipe."""
    interactive = stdin.isatty()
    console = Console(service, stdout)
    if interactive:
        stdout.write("faqbot console: ask a question, 'summary' for an overview, 'quit' to leave.\n")
    while True:
        if interactive:
            stdout.write(PROMPT)
            stdout.flush()
        line = stdin.readline()
        if not line or (interactive and line.strip().casefold() in QUIT):
            break
        if not line.strip() and not interactive:
            continue
        answer = console.ask(line)
        if answer:
            stdout.write(answer + "\n" + ("\n" if interactive else ""))
            stdout.flush()
    return 0
