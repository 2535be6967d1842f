"""``faqbot discord-sync``: register the commands with Discord (after changing them, not on every start)."""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["SyncRefused", "cmd_discord_sync", "register", "sync_commands"]


class SyncRefused(Exception):
    """Discord refused the sync; the message says why and what to do (it never contains the token)."""


def register(subparsers: Any) -> None:
    """Add ``discord-sync`` to the ``faqbot`` command (entry point group ``faqbot.commands``)."""
    p = subparsers.add_parser(
        "discord-sync",
        help="register the Discord slash commands (globally, or in one server for development)",
        description="Register the slash commands. Global registration can take up to an hour to show in "
                    "clients; a guild (server) registration is instant, for development.",
    )
    p.add_argument("--guild", metavar="ID", help="sync to this server only (default: DISCORD_GUILD_ID if set, "
                                                 "else global)")
    p.add_argument("--global", dest="global_", action="store_true", help="sync globally even if DISCORD_GUILD_ID "
                                                                         "is set")
    p.add_argument("--clear", action="store_true", help="remove the commands instead (e.g. a development "
                                                        "server's copies once they are registered globally)")
    p.set_defaults(func=cmd_discord_sync)


def cmd_discord_sync(args: argparse.Namespace, env: dict[str, str]) -> int:
    """Sync the commands with the token from the settings; print what was registered."""
    import asyncio  # here, not at the top: every `faqbot` command loads this module to build its parser

    from bot.service.settings import SettingsError

    from .settings import DiscordSettings, parse_snowflake

    settings = DiscordSettings.from_env(env)
    if args.global_:
        guild_id = None
    elif args.guild:
        guild_id = parse_snowflake("--guild", args.guild)
    else:
        guild_id = settings.guild_id
    try:
        names = asyncio.run(sync_commands(settings.token, guild_id, clear=args.clear))
    except SyncRefused as exc:
        raise SettingsError(str(exc)) from None
    if args.clear:
        print(f"Removed the commands from {f'server {guild_id}' if guild_id else 'the global list'}")
        return 0
    where = f"to server {guild_id} (available now)" if guild_id else "globally (clients may take up to an hour)"
    print(f"Synced {len(names)} commands {where}: {', '.join(names)}")
    return 0


async def sync_commands(token: str, guild_id: int | None, *, clear: bool = False) -> list[str]:
    """Log in over HTTP only (no gateway) and replace the registered commands (none with ``clear``).

    Returns what was registered, as users find it: ``/ask`` for slash commands, ``Apps > Ask faqbot`` for menus.
    """
    import discord
    from discord import app_commands

    from .client import intents, quiet_voice_warnings
    from .commands import add_commands
    from .translator import CatalogueTranslator

    quiet_voice_warnings()
    client = discord.Client(intents=intents())
    tree = app_commands.CommandTree(client)
    if not clear:
        add_commands(tree)
    # Only the sync needs it: Discord keeps the descriptions' translations with the commands.
    await tree.set_translator(CatalogueTranslator())
    async with client:
        try:
            await client.login(token)
        except discord.LoginFailure:
            raise SyncRefused("DISCORD_BOT_TOKEN was rejected by Discord; copy it again from the "
                                  "Developer Portal") from None
        guild = discord.Object(id=guild_id) if guild_id is not None else None
        if guild is not None:
            tree.copy_global_to(guild=guild)
        try:
            synced = await tree.sync(guild=guild)
        except discord.Forbidden:
            raise SyncRefused(f"the bot cannot register commands in server {guild_id}: invite it with the "
                              "applications.commands scope first (see the README)") from None
        except discord.HTTPException as exc:
            refusal = f"Discord refused the commands (HTTP {exc.status}, code {exc.code}): {exc.text}"
            raise SyncRefused(refusal) from None
    # Slash commands as users type them; menu commands (Apps > ...) by their display name.
    return [f"/{c.name}" if c.type is discord.AppCommandType.chat_input else f"Apps > {c.name}" for c in synced]
