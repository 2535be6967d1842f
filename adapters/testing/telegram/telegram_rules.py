"""What the real Bot API refuses, as checks the fake server applies (PTB itself checks none of it)."""

from __future__ import annotations

import html
import re
from typing import Any

__all__ = ["ApiError", "check_commands", "check_inline_results", "check_markup", "check_text", "parse_html"]

MAX_TEXT = 4096
MAX_CALLBACK_BYTES = 64
MAX_INLINE_RESULTS = 50
# Tags Telegram's HTML parse mode knows.
ALLOWED_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a", "code", "pre",
    "blockquote", "tg-emoji",
}
_TOKEN = re.compile(
    r"<(?P<close>/)?(?P<tag>[A-Za-z][A-Za-z0-9-]*)(?P<attrs>(?:\s+[^<>]*)?)>"
    r"|&(?P<entity>#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6}|lt|gt|amp|quot);"
    r"|(?P<bare>[<&])"
)
_COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
_START_PARAMETER = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


class ApiError(Exception):
    """An error answer of the Bot API: status code, description and, for 429, retry_after."""

    def __init__(self, description: str, status: int = 400, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.description = description
        self.status = status
        self.retry_after = retry_after


_NO_END_TAG = "Bad Request: can't parse entities: can't find end tag corresponding to start tag"

def parse_html(text: str) -> str:
    """The visible text of a message in HTML parse mode; ApiError where Telegram says "can't parse entities"."""
    visible: list[str] = []
    stack: list[str] = []
    position = 0
    for match in _TOKEN.finditer(text):
        visible.append(text[position:match.start()])
        position = match.end()
        if match.group("bare"):
            raise ApiError(f"Bad Request: can't parse entities: unsupported start tag or unescaped "
                           f"'{match.group('bare')}' at byte offset {match.start()}")
        if match.group("entity"):
            visible.append(html.unescape(match.group(0)))
            continue
        tag = match.group("tag").lower()
        if tag not in ALLOWED_TAGS:
            raise ApiError(f"Bad Request: can't parse entities: unsupported start tag \"{tag}\" "
                           f"at byte offset {match.start()}")
        if match.group("close"):
            if not stack or stack[-1] != tag:
                raise ApiError(f"{_NO_END_TAG} \"{tag}\"")
            stack.pop()
        else:
            stack.append(tag)
    visible.append(text[position:])
    if stack:
        raise ApiError(f"{_NO_END_TAG} \"{stack[-1]}\"")
    return "".join(visible)


def check_text(text: str, parse_mode: str | None) -> str:
    """The visible text of a message to send; ApiError for empty, too long or badly formatted text."""
    visible = parse_html(text) if (parse_mode or "").upper() == "HTML" else text
    if parse_mode and parse_mode.upper() not in ("HTML", "MARKDOWNV2", "MARKDOWN"):
        raise ApiError(f"Bad Request: unsupported parse_mode {parse_mode}")
    if not visible.strip():
        raise ApiError("Bad Request: message text is empty")
    if len(visible.encode("utf-16-le")) // 2 > MAX_TEXT:  # Telegram counts UTF-16 code units
        raise ApiError("Bad Request: message is too long")
    return visible


def check_markup(markup: Any) -> None:
    """ApiError for an inline keyboard Telegram would refuse (bad buttons, callback_data over 64 bytes)."""
    if markup is None:
        return
    rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
    if not isinstance(rows, list):
        raise ApiError("Bad Request: can't parse reply keyboard markup JSON object")
    for row in rows:
        if not isinstance(row, list):
            raise ApiError("Bad Request: can't parse inline keyboard button: rows must be arrays")
        for button in row:
            if not str(button.get("text", "")).strip():
                raise ApiError("Bad Request: text buttons are unallowed in the inline keyboard")
            actions = ("callback_data", "url", "switch_inline_query", "switch_inline_query_current_chat")
            kinds = [k for k in actions if k in button]
            if len(kinds) != 1:
                raise ApiError("Bad Request: can't parse inline keyboard button: exactly one action field needed")
            if "callback_data" in button and not 1 <= len(str(button["callback_data"]).encode()) <= MAX_CALLBACK_BYTES:
                raise ApiError("Bad Request: BUTTON_DATA_INVALID")
            if "url" in button and not re.match(r"^(https?|tg)://\S+$", str(button["url"])):
                raise ApiError("Bad Request: BUTTON_URL_INVALID")


def check_inline_results(results: list[dict[str, Any]], button: dict[str, Any] | None) -> None:
    """ApiError for an inline answer Telegram would refuse (over 50 results, bad ids, bad message text)."""
    if len(results) > MAX_INLINE_RESULTS:
        raise ApiError("Bad Request: RESULTS_TOO_MUCH")
    seen: set[str] = set()
    for result in results:
        result_id = str(result.get("id", ""))
        if not 1 <= len(result_id.encode()) <= 64:
            raise ApiError("Bad Request: RESULT_ID_INVALID")
        if result_id in seen:
            raise ApiError("Bad Request: RESULT_ID_DUPLICATE")
        seen.add(result_id)
        if not str(result.get("title", "")).strip():
            raise ApiError("Bad Request: RESULT_TITLE_EMPTY")
        content = result.get("input_message_content") or {}
        check_text(content.get("message_text", ""), content.get("parse_mode"))
        check_markup(result.get("reply_markup"))
    if button is not None and "start_parameter" in button and not _START_PARAMETER.match(button["start_parameter"]):
        raise ApiError("Bad Request: START_PARAM_INVALID")


def check_commands(commands: Any) -> None:
    """ApiError for a command list Telegram would refuse."""
    if not isinstance(commands, list) or len(commands) > 100:
        raise ApiError("Bad Request: commands must be a list of at most 100 commands")
    for command in commands:
        if not _COMMAND.match(str(command.get("command", ""))):
            raise ApiError("Bad Request: BOT_COMMAND_INVALID")
        if not 1 <= len(str(command.get("description", ""))) <= 256:
            raise ApiError("Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
