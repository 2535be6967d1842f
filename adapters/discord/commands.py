"""The slash commands: definitions only (no KB needed, so ``discord-sync`` registers them without loading one)."""

from __future__ import annotations

from typing import Any, TypeVar, cast

import discord
from discord import app_commands

from .handlers import FaqHandlers
from .translator import localised

__all__ = ["ADMIN_PERMISSIONS", "add_commands", "build_commands", "build_context_menus"]

#: Who sees /reload and /stats by default: members who may manage the server (server admins can change
#: it under Server Settings > Integrations). faqbot still checks FAQBOT_ADMINS whoever calls them.
ADMIN_PERMISSIONS = discord.Permissions(manage_guild=True)
AnyCommand = TypeVar("AnyCommand", app_commands.Command[Any, ..., Any], app_commands.ContextMenu)


def _faq(interaction: discord.Interaction) -> FaqHandlers:
    """The handlers of the bot that received the interaction (set on the bot, never a global)."""
    return cast(FaqHandlers, cast(Any, interaction.client).faq)


def _everywhere(command: AnyCommand) -> AnyCommand:
    """Usable in servers, in DMs with the bot and, once a user installs the app, in their other chats."""
    command = app_commands.allowed_installs(guilds=True, users=True)(command)
    return app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)(command)


def _for_maintainers(command: AnyCommand) -> AnyCommand:
    """Servers and DMs only (not user installs), hidden from members without Manage Server."""
    command = app_commands.default_permissions(ADMIN_PERMISSIONS)(command)
    command = app_commands.allowed_installs(guilds=True, users=False)(command)
    return app_commands.allowed_contexts(guilds=True, dms=True, private_channels=False)(command)


def build_commands() -> list[app_commands.Command[Any, ..., Any]]:
    """Fresh command objects (a tree owns its commands, so every bot gets its own)."""

    @app_commands.command(name="ask", description=localised("discord.command.ask"))
    @app_commands.describe(question=localised("discord.command.ask.question"))
    async def ask(interaction: discord.Interaction, question: str) -> None:
        """Answer a question from the knowledge base."""
        await _faq(interaction).ask(interaction, question)

    @ask.autocomplete("question")
    async def ask_complete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """The KB questions that best match what the user typed so far."""
        try:
            return await _faq(interaction).complete_questions(current, interaction)
        except Exception:  # e.g. no handlers attached: an empty list, never an unanswered autocomplete
            return []

    @app_commands.command(name="summary", description=localised("discord.command.summary"))
    @app_commands.describe(topic=localised("discord.command.summary.topic"))
    async def summary(interaction: discord.Interaction, topic: str | None = None) -> None:
        """Summarise a topic, or list the topics."""
        await _faq(interaction).summary(interaction, topic)

    @summary.autocomplete("topic")
    async def summary_complete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """Topic names matching what the user typed."""
        try:
            return await _faq(interaction).complete_topics(current, interaction)
        except Exception:
            return []

    @app_commands.command(name="topics", description=localised("discord.command.topics"))
    async def topics(interaction: discord.Interaction) -> None:
        """List the topics and their questions."""
        await _faq(interaction).topics(interaction)

    @app_commands.command(name="help", description=localised("discord.command.help"))
    async def help_(interaction: discord.Interaction) -> None:
        """Explain the bot."""
        await _faq(interaction).help(interaction)

    @app_commands.command(name="reload", description=localised("discord.command.reload"))
    async def reload(interaction: discord.Interaction) -> None:
        """Reload the KB now (admins)."""
        await _faq(interaction).reload(interaction)

    @app_commands.command(name="stats", description=localised("discord.command.stats"))
    async def stats(interaction: discord.Interaction) -> None:
        """Show statistics (admins)."""
        await _faq(interaction).stats(interaction)

    public: tuple[app_commands.Command[Any, ..., Any], ...] = (ask, summary, topics, help_)
    maintainers: tuple[app_commands.Command[Any, ..., Any], ...] = (reload, stats)
    return [*(_everywhere(c) for c in public), *(_for_maintainers(c) for c in maintainers)]


def build_context_menus() -> list[app_commands.ContextMenu]:
    """The message menu "Ask faqbot" (Apps > Ask faqbot on any message)."""

    async def ask_about(interaction: discord.Interaction, message: discord.Message) -> None:
        """Answer the selected message, privately, with a button to post the answer."""
        await _faq(interaction).ask_about_message(interaction, message)

    # A menu's name is what users read (Apps > ...), so unlike a slash command's name it is localised.
    menu = app_commands.ContextMenu(name=localised("discord.menu.ask"), callback=ask_about)
    return [_everywhere(menu)]


def add_commands(tree: app_commands.CommandTree[Any]) -> None:
    """Put every command on ``tree`` (global; ``discord-sync --guild`` copies them to a guild)."""
    for command in build_commands():
        tree.add_command(command)
    for menu in build_context_menus():
        tree.add_command(menu)
