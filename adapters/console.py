"""The terminal console: type questions, pick suggestions by number, rate answers with + or -.

On a terminal it edits lines and keeps a history with the standard library's ``readline``; over
a pipe it answers every line, however many (the local console user is never rate-limited).
Control characters and escape sequences (arrow keys where no line editor ran) are never asked.
"""

from __future__ import annotations

import contextlib
import re
import signal
import sys
import threading
from collections.abc import Iterator
from typing import TextIO

from bot import messages
from bot.engine.reply import Intent, Reply, Role, Suggestion
from bot.service.facade import CONSOLE_USER, FaqService, User
from bot.service.outcomes import AdminResult, Answered, Noted, Outcome, Refused

__all__ = ["Console", "main", "typed_text"]

PROMPT = "you> "
QUIT = {"quit", "exit", ":q", "/quit", "/exit"}
ADMIN_COMMANDS = ("/reload", "/stats")
RATINGS = {"+": True, "👍": True, "-": False, "👎": False}
_LEADS = {Role.FOLLOW_UP: "console.related", Role.NEAREST: "console.closest", Role.TOPIC: "console.topics"}
# ANSI escape sequences: SS3 (ESC O A), CSI (arrows are ESC [ A), OSC (ESC ] ... BEL or ESC \\), other two-byte ones.
_ESCAPES = re.compile(
    r"\x1bO.|\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]"
)
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def typed_text(line: str) -> str:
    """What was typed, without escape sequences and control characters (tabs become spaces)."""
    return " ".join(_CONTROL.sub("", _ESCAPES.sub("", line)).replace("\t", " ").split())


class Console:
    """A chat in a terminal (or over a pipe): one reply per line of input."""

    def __init__(self, service: FaqService, out: TextIO, user: User = CONSOLE_USER) -> None:
        self.service = service
        self.out = out
        self.user = user
        self._choices: list[Suggestion] = []
        self._answered: str | None = None  # the entry of the last answer, for a 👍/👎

    def ask(self, line: str) -> str:
        """Handle one line: a number picks a listed suggestion, + or - rates the last answer, else a question.

        A line that held only escape sequences or control characters (an arrow key, a stray Ctrl key)
        is ignored: "" and nothing asked.
        """
        text = typed_text(line)
        if not text and line.strip():
            return ""
        command = text.split(maxsplit=1)[0].casefold() if text else ""
        if command in ADMIN_COMMANDS:
            outcome = self.service.reload(self.user) if command == "/reload" else self.service.stats(self.user)
        elif text in RATINGS and self._answered is not None:
            outcome = self.service.feedback(self._answered, self.user, helpful=RATINGS[text])
        elif text.isdigit() and len(text) <= 3 and 1 <= int(text) <= len(self._choices):
            outcome = self._pick(self._choices[int(text) - 1])
        elif text.casefold().startswith(("/summary", "summary:")):
            outcome = self.service.summary(text.split(maxsplit=1)[1] if " " in text else None, self.user)
        else:
            outcome = self.service.ask(text, self.user)
        return self.show(outcome)

    def _pick(self, choice: Suggestion) -> Outcome:
        if choice.is_topic:
            return self.service.summary(None, self.user, topic_id=choice.id)
        return self.service.pick(choice.id, self.user)

    def show(self, outcome: Outcome) -> str:
        """The text for an outcome: a rendered reply, a note, an admin result, or nothing (stay silent)."""
        if isinstance(outcome, Answered):
            return self.render(outcome.reply)
        if isinstance(outcome, Refused | AdminResult | Noted):
            return outcome.text
        return ""

    def render(self, reply: Reply) -> str:
        """Plain text: the answer, then the suggestions as numbered choices."""
        lang = reply.language
        self._choices = list(reply.suggestions)
        self._answered = reply.entry_id if reply.intent is Intent.ANSWER else None
        lines = [f"» {reply.question}", reply.text] if reply.intent is Intent.ANSWER else [reply.text]
        if reply.intent is Intent.ANSWER and reply.score < 100:
            lines[0] += "  " + messages.text("console.match", lang, score=f"{reply.score:.0f}")
        if reply.suggestions:
            role = reply.suggestions[0].role
            if role in _LEADS and not (role is Role.TOPIC and reply.text):
                lines.append(messages.text(_LEADS[role], lang))
            lines += [f"  {n}. {s.label}" for n, s in enumerate(reply.suggestions, start=1)]
            lines.append(messages.text("console.pick_or_rate" if self._answered else "console.pick", lang))
        return "\n".join(lines)


def _stop_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(0)  # unwinds through the caller's finally, which flushes the store


def main(service: FaqService, stdin: TextIO, stdout: TextIO) -> int:
    """Run the console until end of input, ``quit``, Ctrl-C or SIGTERM (all clean stops: 0)."""
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _stop_on_sigterm) if main_thread else None
    try:
        return _loop(service, stdin, stdout)
    except KeyboardInterrupt:
        return 0  # Ctrl-C is how people leave a terminal chat: a clean stop, not an error
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)


def _terminal_lines(stdout: TextIO) -> Iterator[str]:
    """Lines typed at a terminal, with line editing and history from ``readline`` where it exists."""
    with contextlib.suppress(ImportError):  # not on every platform: plain input() still works then
        import readline  # noqa: F401  (importing it is what gives input() editing and history)
    while True:
        try:
            yield input(PROMPT)
        except EOFError:
            stdout.write("\n")
            return


def _prompted_lines(stdin: TextIO, stdout: TextIO) -> Iterator[str]:
    """Lines from a terminal that is not this process's standard input: a prompt, no editing."""
    while True:
        stdout.write(PROMPT)
        stdout.flush()
        line = stdin.readline()
        if not line:
            return
        yield line


def _loop(service: FaqService, stdin: TextIO, stdout: TextIO) -> int:
    """Interactive with a prompt on a terminal, line by line over a pipe (any number of lines)."""
    interactive = stdin.isatty()
    console = Console(service, stdout)
    if interactive:
        stdout.write(messages.text("console.banner") + "\n")
        lines = _terminal_lines(stdout) if stdin is sys.stdin else _prompted_lines(stdin, stdout)
    else:
        lines = iter(stdin)
    for line in lines:
        if interactive and line.strip().casefold() in QUIT:
            break
        if not line.strip() and not interactive:
            continue
        answer = console.ask(line)
        if answer:
            stdout.write(answer + "\n" + ("\n" if interactive else ""))
            stdout.flush()
    return 0
