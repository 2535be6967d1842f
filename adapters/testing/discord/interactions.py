"""Builders for the interactions the fake Discord delivers: slash commands, autocomplete, button presses."""

from __future__ import annotations

import secrets
import time
from typing import Any

from adapters.testing.discord import discord_payloads as P

__all__ = ["ADMIN_ID", "USER_ID", "autocomplete", "message_menu", "press", "slash"]

USER_ID = 1600000000000000006
ADMIN_ID = 1600000000000000007


def _token() -> str:
    """An interaction token shaped like Discord's (base64url, about 200 characters)."""
    return "aW50ZXJhY3Rpb246" + secrets.token_urlsafe(140)


def _base(kind: int, data: dict[str, Any], *, user_id: int, dm: bool, age: float = 0.0) -> dict[str, Any]:
    """An interaction created ``age`` seconds ago (its id carries the time, as Discord's do)."""
    person = P.user(user_id, f"user{user_id % 1000}")
    payload: dict[str, Any] = {
        "id": str(P.snowflake_at(time.time() - age)), "application_id": str(P.APP_ID), "type": kind, "data": data,
        "token": _token(), "version": 1, "locale": "en-US", "app_permissions": "2147483647",
        "entitlements": [], "attachment_size_limit": 8 * 1024 * 1024,
    }
    if dm:
        payload.update(channel_id=str(P.DM_CHANNEL_ID), channel=P.channel(P.DM_CHANNEL_ID, dm_with=person),
                       user=person, context=1, authorizing_integration_owners={"0": str(user_id)})
    else:
        payload.update(guild_id=str(P.GUILD_ID), channel_id=str(P.CHANNEL_ID), channel=P.channel(),
                       member=P.member(person), guild_locale="en-US", context=0,
                       authorizing_integration_owners={"0": str(P.GUILD_ID)})
    return payload


def slash(name: str, *, user_id: int = USER_ID, dm: bool = False, age: float = 0.0, **options: str) -> dict[str, Any]:
    """``/name option:value ...`` as a type 2 interaction (created ``age`` seconds ago)."""
    data = {"id": str(next(P.snowflakes)), "name": name, "type": 1,
            "options": [{"name": k, "type": 3, "value": v} for k, v in options.items()]}
    return _base(2, data, user_id=user_id, dm=dm, age=age)


def message_menu(name: str, target: dict[str, Any], *, user_id: int = USER_ID) -> dict[str, Any]:
    """The message menu command ``name`` (Apps > name) used on the message ``target``."""
    data = {"id": str(next(P.snowflakes)), "name": name, "type": 3, "target_id": target["id"],
            "resolved": {"messages": {target["id"]: target}}}
    return _base(2, data, user_id=user_id, dm=False)


def autocomplete(name: str, option: str, typed: str, *, user_id: int = USER_ID) -> dict[str, Any]:
    """The user typing ``typed`` into ``option`` of ``/name`` (type 4, the option focused)."""
    data = {"id": str(next(P.snowflakes)), "name": name, "type": 1,
            "options": [{"name": option, "type": 3, "value": typed, "focused": True}]}
    return _base(4, data, user_id=user_id, dm=False)


def press(message: dict[str, Any], custom_id: str, *, user_id: int = USER_ID, dm: bool = False) -> dict[str, Any]:
    """A button press on ``message`` (type 3; discord.py needs the message and its components)."""
    payload = _base(3, {"custom_id": custom_id, "component_type": 2}, user_id=user_id, dm=dm)
    payload["message"] = message
    return payload
