"""Small builders of Telegram update payloads (plain dicts, as the Bot API sends them)."""

from __future__ import annotations

import itertools
import time
from typing import Any

__all__ = ["bot_message", "callback", "chat", "command", "inline_query", "mention", "message", "user"]

_ids = itertools.count(1)

USER_ID = 111
GROUP_ID = -100222


def user(user_id: int = USER_ID, name: str = "Ann") -> dict[str, Any]:
    """A human user."""
    return {"id": user_id, "is_bot": False, "first_name": name}


def chat(chat_id: int = USER_ID, kind: str = "private") -> dict[str, Any]:
    """A chat: private (id = the user's) or a group/supergroup."""
    if kind == "private":
        return {"id": chat_id, "type": "private", "first_name": "Ann"}
    return {"id": chat_id, "type": kind, "title": "FAQ testers"}


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def message(text: str, chat_id: int = USER_ID, user_id: int = USER_ID, kind: str = "private",
            reply_to: dict[str, Any] | None = None, entities: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A text-message update; a leading ``/command`` gets its bot_command entity (offset 0) like Telegram adds."""
    body: dict[str, Any] = {
        "message_id": next(_ids), "date": int(time.time()), "chat": chat(chat_id, kind), "from": user(user_id),
        "text": text,
    }
    found = list(entities or [])
    if text.startswith("/"):
        first = text.split(maxsplit=1)[0]
        found.insert(0, {"type": "bot_command", "offset": 0, "length": _utf16_len(first)})
    if found:
        body["entities"] = found
    if reply_to is not None:
        body["reply_to_message"] = reply_to
    return {"message": body}


def command(text: str, **kwargs: Any) -> dict[str, Any]:
    """A command message (``/ask something``); the same as ``message`` with a leading slash."""
    assert text.startswith("/")
    return message(text, **kwargs)


def mention(text: str, username: str, **kwargs: Any) -> dict[str, Any]:
    """A message containing ``@username``, with the mention entity Telegram adds."""
    at = f"@{username}"
    offset = _utf16_len(text[: text.index(at)])
    return message(text, entities=[{"type": "mention", "offset": offset, "length": _utf16_len(at)}], **kwargs)


def bot_message(sent: dict[str, Any]) -> dict[str, Any]:
    """A message the bot sent (as recorded by the fake), for replies and button presses."""
    return {k: sent[k] for k in ("message_id", "date", "chat", "from", "text") if k in sent}


def callback(data: str, on: dict[str, Any], user_id: int = USER_ID) -> dict[str, Any]:
    """A button press with ``data`` on the bot's message ``on``."""
    return {"callback_query": {
        "id": f"cb{next(_ids)}", "from": user(user_id), "chat_instance": "ci-1", "data": data,
        "message": bot_message(on),
    }}


def inline_query(query: str, user_id: int = USER_ID) -> dict[str, Any]:
    """An inline query (``@bot query`` typed in some chat)."""
    return {"inline_query": {"id": f"iq{next(_ids)}", "from": user(user_id), "query": query, "offset": ""}}
