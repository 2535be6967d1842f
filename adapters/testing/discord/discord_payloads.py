"""Discord API payloads for the fake server: small builders, and the limits Discord enforces on what bots send."""

from __future__ import annotations

import itertools
import re
from typing import Any

__all__ = [
    "APP_ID",
    "BOT_ID",
    "CHANNEL_ID",
    "DM_CHANNEL_ID",
    "GUILD_ID",
    "LOCALES",
    "OWNER_ID",
    "application",
    "bot_user",
    "channel",
    "choices_problems",
    "commands_problems",
    "guild_create",
    "member",
    "message",
    "message_problems",
    "pings",
    "snowflake_at",
    "snowflake_time",
    "snowflakes",
    "user",
    "user_message",
]

APP_ID = 1100000000000000001
BOT_ID = APP_ID
GUILD_ID = 1200000000000000002
CHANNEL_ID = 1300000000000000003
DM_CHANNEL_ID = 1300000000000000004
OWNER_ID = 1400000000000000005
TIMESTAMP = "2026-01-01T00:00:00.000000+00:00"

snowflakes = itertools.count(1500000000000000000)
DISCORD_EPOCH_MS = 1420070400000
_sequence = itertools.count()


def snowflake_at(unix_time: float) -> int:
    """A snowflake created at ``unix_time`` (Discord puts the creation time in an id's top bits)."""
    return ((int(unix_time * 1000) - DISCORD_EPOCH_MS) << 22) | (next(_sequence) % 4096)


def snowflake_time(snowflake: int) -> float:
    """The Unix time an id was created at."""
    return ((snowflake >> 22) + DISCORD_EPOCH_MS) / 1000


def user(user_id: int, name: str = "someone", *, bot: bool = False) -> dict[str, Any]:
    """A user object."""
    return {"id": str(user_id), "username": name, "global_name": None, "discriminator": "0", "avatar": None,
            "bot": bot, "public_flags": 0}


def bot_user() -> dict[str, Any]:
    """``GET /users/@me``: the bot itself."""
    return {**user(BOT_ID, "faqbot", bot=True), "verified": True, "mfa_enabled": False, "flags": 0}


def application() -> dict[str, Any]:
    """``GET /oauth2/applications/@me``, with every field discord.py's AppInfo reads."""
    return {"id": str(APP_ID), "name": "faqbot", "description": "", "icon": None, "bot_public": True,
            "bot_require_code_grant": False, "owner": user(OWNER_ID, "owner"), "verify_key": "00" * 32,
            "flags": 0}


def channel(channel_id: int = CHANNEL_ID, *, dm_with: dict[str, Any] | None = None) -> dict[str, Any]:
    """A guild text channel, or a DM channel with ``dm_with``."""
    if dm_with is not None:
        return {"id": str(channel_id), "type": 1, "recipients": [dm_with], "last_message_id": None}
    return {"id": str(channel_id), "type": 0, "guild_id": str(GUILD_ID), "name": "general", "position": 0,
            "permission_overwrites": [], "nsfw": False, "parent_id": None, "topic": None}


def member(of_user: dict[str, Any]) -> dict[str, Any]:
    """A guild member wrapping a user."""
    return {"user": of_user, "roles": [], "joined_at": TIMESTAMP, "deaf": False, "mute": False, "flags": 0,
            "permissions": "2147483647", "nick": None, "avatar": None}


def guild_create() -> dict[str, Any]:
    """``GUILD_CREATE``: one server with one channel, the @everyone role and the bot's own member."""
    everyone = {"id": str(GUILD_ID), "name": "@everyone", "color": 0, "hoist": False, "position": 0,
                "permissions": "2147483647", "managed": False, "mentionable": False, "flags": 0}
    return {"id": str(GUILD_ID), "name": "Test server", "owner_id": str(OWNER_ID), "unavailable": False,
            "member_count": 2, "large": False, "channels": [channel()], "roles": [everyone],
            "members": [member(bot_user())], "emojis": [], "stickers": [], "features": [], "threads": [],
            "voice_states": [], "presences": [], "stage_instances": [], "guild_scheduled_events": [],
            "soundboard_sounds": [], "joined_at": TIMESTAMP, "verification_level": 0,
            "default_message_notifications": 0, "explicit_content_filter": 0, "mfa_level": 0, "nsfw_level": 0,
            "premium_tier": 0, "system_channel_flags": 0, "preferred_locale": "en-US", "afk_timeout": 300}


def message(data: dict[str, Any], *, channel_id: int, flags: int = 0) -> dict[str, Any]:
    """The message Discord creates from a bot's message payload (with a fresh id)."""
    return {"id": str(next(snowflakes)), "type": 20, "channel_id": str(channel_id), "author": bot_user(),
            "content": data.get("content") or "", "embeds": data.get("embeds") or [],
            "components": data.get("components") or [], "attachments": [], "mentions": [], "mention_roles": [],
            "mention_everyone": False, "pinned": False, "tts": False, "timestamp": TIMESTAMP,
            "edited_timestamp": None, "flags": flags | int(data.get("flags") or 0),
            "application_id": str(APP_ID), "webhook_id": str(APP_ID)}


def user_message(content: str, *, author_id: int, mentions_bot: bool = False, dm: bool = False) -> dict[str, Any]:
    """A message a person wrote (``MESSAGE_CREATE``), in the server's channel or in a DM with the bot."""
    author = user(author_id, f"user{author_id % 1000}")
    body: dict[str, Any] = {
        "id": str(next(snowflakes)), "type": 0, "channel_id": str(DM_CHANNEL_ID if dm else CHANNEL_ID),
        "author": author, "content": content, "embeds": [], "components": [], "attachments": [],
        "mentions": [bot_user()] if mentions_bot else [], "mention_roles": [], "mention_everyone": False,
        "pinned": False, "tts": False, "timestamp": TIMESTAMP, "edited_timestamp": None, "flags": 0,
    }
    if not dm:
        body.update(guild_id=str(GUILD_ID), member={k: v for k, v in member(author).items() if k != "user"})
    return body


def _embed_problems(embed: dict[str, Any], where: str) -> tuple[list[str], int]:
    problems = []
    title, description = embed.get("title") or "", embed.get("description") or ""
    footer = (embed.get("footer") or {}).get("text") or ""
    author = (embed.get("author") or {}).get("name") or ""
    fields = embed.get("fields") or []
    for name, value, limit in (("title", title, 256), ("description", description, 4096), ("footer", footer, 2048),
                               ("author", author, 256)):
        if len(value) > limit:
            problems.append(f"{where}.{name}: {len(value)} > {limit} characters")
    if len(fields) > 25:
        problems.append(f"{where}.fields: {len(fields)} > 25")
    total = len(title) + len(description) + len(footer) + len(author)
    for number, field in enumerate(fields):
        if len(field.get("name", "")) > 256 or len(field.get("value", "")) > 1024:
            problems.append(f"{where}.fields[{number}] over 256/1024 characters")
        total += len(field.get("name", "")) + len(field.get("value", ""))
    return problems, total


def message_problems(data: dict[str, Any]) -> list[str]:
    """What Discord would reject in a message payload (400 Invalid Form Body)."""
    problems = []
    content = data.get("content") or ""
    embeds = data.get("embeds") or []
    components = data.get("components") or []
    if len(content) > 2000:
        problems.append(f"content: {len(content)} > 2000 characters")
    if not content and not embeds and not components:
        problems.append("empty message")
    if len(embeds) > 10:
        problems.append(f"embeds: {len(embeds)} > 10")
    total = 0
    for number, embed in enumerate(embeds):
        found, size = _embed_problems(embed, f"embeds[{number}]")
        problems += found
        total += size
    if total > 6000:
        problems.append(f"embeds: {total} > 6000 characters in total")
    if len(components) > 5:
        problems.append(f"components: {len(components)} > 5 rows")
    seen: set[str] = set()
    for row in components:
        buttons = row.get("components") or []
        if row.get("type") != 1 or not 1 <= len(buttons) <= 5:
            problems.append("components: a row must hold 1 to 5 items")
        for button in buttons:
            custom_id = button.get("custom_id") or ""
            if button.get("style") != 5 and not 1 <= len(custom_id) <= 100:
                problems.append(f"custom_id: {len(custom_id)} not within 1..100 characters")
            if custom_id in seen:
                problems.append(f"custom_id {custom_id!r} used twice in one message")
            seen.add(custom_id)
            if len(button.get("label") or "") > 80 or not (button.get("label") or button.get("emoji")):
                problems.append("button: label over 80 characters or neither label nor emoji")
    return problems


def choices_problems(choices: list[dict[str, Any]]) -> list[str]:
    """What Discord would reject in an autocomplete result."""
    problems = [f"choices: {len(choices)} > 25"] if len(choices) > 25 else []
    for choice in choices:
        name, value = choice.get("name", ""), choice.get("value", "")
        if not 1 <= len(name) <= 100:
            problems.append(f"choice name: {len(name)} not within 1..100 characters")
        if isinstance(value, str) and len(value) > 100:
            problems.append(f"choice value: {len(value)} > 100 characters")
    return problems


_COMMAND_NAME = re.compile(r"^[-_\w]{1,32}$")


#: The locales Discord accepts as keys of ``name_localizations`` / ``description_localizations``.
LOCALES = frozenset({
    "bg", "cs", "da", "de", "el", "en-GB", "en-US", "es-419", "es-ES", "fi", "fr", "hi", "hr", "hu", "id", "it",
    "ja", "ko", "lt", "nl", "no", "pl", "pt-BR", "ro", "ru", "sv-SE", "th", "tr", "uk", "vi", "zh-CN", "zh-TW",
})


def _localisation_problems(where: str, item: dict[str, Any], *, menu: bool = False) -> list[str]:
    """Unknown locales, and translated names or descriptions outside the limits of the default ones."""
    problems = []
    for field in ("name_localizations", "description_localizations"):
        texts = item.get(field) or {}
        problems += [f"{where}: {field} has unknown locale {key!r}" for key in texts if key not in LOCALES]
        for key, value in texts.items():
            if field == "description_localizations":
                fits = 1 <= len(value) <= 100
            else:  # a menu's name is a display name; a slash command's or option's name is lower-case
                fits = 1 <= len(value) <= 32 if menu else bool(_COMMAND_NAME.match(value)) and value == value.lower()
            if not fits:
                problems.append(f"{where}: {field}[{key}] invalid")
    return problems


def commands_problems(commands: list[dict[str, Any]]) -> list[str]:
    """What Discord would reject in a bulk command overwrite."""
    problems = [f"{len(commands)} > 100 commands"] if len(commands) > 100 else []
    names = [c.get("name", "") for c in commands]
    if len(set(names)) != len(names):
        problems.append("duplicate command names")
    for command in commands:
        name, description = command.get("name", ""), command.get("description", "")
        if command.get("type", 1) in (2, 3):  # a user or message menu: a display name, no description
            if not 1 <= len(name) <= 32 or description or command.get("description_localizations"):
                problems.append(f"menu command {name!r}: 1-32 characters of name and no description")
            problems += _localisation_problems(f"menu {name!r}", command, menu=True)
            continue
        if not _COMMAND_NAME.match(name) or name != name.lower():
            problems.append(f"command name {name!r} invalid")
        if not 1 <= len(description) <= 100:
            problems.append(f"/{name}: description not within 1..100 characters")
        problems += _localisation_problems(f"/{name}", command)
        options = command.get("options") or []
        if len(options) > 25:
            problems.append(f"/{name}: {len(options)} > 25 options")
        for option in options:
            if not _COMMAND_NAME.match(option.get("name", "")) or not 1 <= len(option.get("description", "")) <= 100:
                problems.append(f"/{name}: option {option.get('name')!r} invalid")
            problems += _localisation_problems(f"/{name} {option.get('name')!r}", option)
    return problems


def pings(data: dict[str, Any]) -> set[str]:
    """Whom a message would notify: mentions in content, filtered by allowed_mentions (embeds never ping)."""
    content = data.get("content") or ""
    allowed = data.get("allowed_mentions")
    parse = set(allowed.get("parse", [])) if allowed is not None else {"everyone", "users", "roles"}
    users = set(allowed.get("users", [])) if allowed is not None else set()
    roles = set(allowed.get("roles", [])) if allowed is not None else set()
    out = set()
    if "everyone" in parse:
        out |= {m for m in ("@everyone", "@here") if m in content}
    for user_id in re.findall(r"<@!?(\d+)>", content):
        if "users" in parse or user_id in users:
            out.add(f"user:{user_id}")
    for role_id in re.findall(r"<@&(\d+)>", content):
        if "roles" in parse or role_id in roles:
            out.add(f"role:{role_id}")
    return out
