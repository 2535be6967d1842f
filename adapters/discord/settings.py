"""Discord settings from the environment: validated up front, failing fast with the variable's name."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.service.settings import SettingsError

__all__ = ["DiscordSettings", "parse_snowflake"]

_SNOWFLAKE = re.compile(r"^[0-9]{1,20}$")
_MAX_SHARDS = 4096  # far above what a FAQ bot needs; catches typos such as 20000


def parse_snowflake(name: str, raw: str) -> int:
    """A Discord id (snowflake) given as text; SettingsError naming ``name`` when it is not one."""
    text = raw.strip()
    if not _SNOWFLAKE.match(text) or not 0 < int(text) < 2**64:
        raise SettingsError(f"{name} must be a Discord id (digits only, e.g. 123456789012345678), not {text[:40]!r}")
    return int(text)


@dataclass(frozen=True)
class DiscordSettings:
    """What the Discord adapter needs: the bot token, an optional development guild and sharding."""

    token: str = field(repr=False)  # never shown in reprs, logs or tracebacks
    guild_id: int | None = None
    sharded: bool = False  # AutoShardedBot instead of Bot
    shard_count: int | None = None  # None with ``sharded``: Discord recommends the count
    shard_ids: tuple[int, ...] | None = None  # DISCORD_SHARD_IDS: this process's shards (several workers)

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> DiscordSettings:
        """Read ``DISCORD_BOT_TOKEN``, ``DISCORD_GUILD_ID`` and ``DISCORD_SHARDS`` (empty, ``auto`` or a number)."""
        token = env.get("DISCORD_BOT_TOKEN", "").strip()
        if not token:
            raise SettingsError("DISCORD_BOT_TOKEN is not set (the bot token from the Discord Developer Portal)")
        if any(ch.isspace() for ch in token) or not token.isprintable():
            # The token itself is never echoed, only what is wrong with it.
            raise SettingsError("DISCORD_BOT_TOKEN contains spaces or control characters; paste the token alone")
        raw_guild = env.get("DISCORD_GUILD_ID", "").strip()
        guild_id = parse_snowflake("DISCORD_GUILD_ID", raw_guild) if raw_guild else None
        sharded, shard_count = _shards(env.get("DISCORD_SHARDS", "").strip())
        shard_ids = _shard_ids(env.get("DISCORD_SHARD_IDS", "").strip(), shard_count)
        return cls(token=token, guild_id=guild_id, sharded=sharded, shard_count=shard_count, shard_ids=shard_ids)


def _shards(raw: str) -> tuple[bool, int | None]:
    """``DISCORD_SHARDS``: empty means one connection, ``auto`` lets Discord choose, a number fixes the count."""
    if not raw:
        return False, None
    if raw.casefold() == "auto":
        return True, None
    if not raw.isdigit() or not 1 <= int(raw) <= _MAX_SHARDS:
        raise SettingsError(f"DISCORD_SHARDS must be 'auto' or a number from 1 to {_MAX_SHARDS}, not {raw[:40]!r}")
    return True, int(raw)


def _shard_ids(raw: str, count: int | None) -> tuple[int, ...] | None:
    """``DISCORD_SHARD_IDS``: this process's shards, e.g. ``0-3`` or ``4,5``; needs a fixed ``DISCORD_SHARDS``."""
    if not raw:
        return None
    if count is None:
        raise SettingsError("DISCORD_SHARD_IDS needs DISCORD_SHARDS set to the total number of shards (e.g. 4), "
                            "the same on every process")
    ids: set[int] = set()
    for part in raw.split(","):
        low, dash, high = part.strip().partition("-")
        if not low.isdigit() or (dash and not high.isdigit()):
            raise SettingsError(f"DISCORD_SHARD_IDS must list shard numbers or ranges, e.g. 0-3 or 4,5; "
                                f"not {raw[:40]!r}")
        ids.update(range(int(low), int(high if dash else low) + 1))
    if not ids or max(ids) >= count:
        raise SettingsError(f"DISCORD_SHARD_IDS must be between 0 and {count - 1} (DISCORD_SHARDS={count}), "
                            f"not {raw[:40]!r}")
    return tuple(sorted(ids))
