"""``faqbot discord-sync``: the entry-point command and the payload it registers."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest

from adapters.discord.sync import cmd_discord_sync
from adapters.testing.discord import discord_payloads as P
from adapters.testing.discord.fake_discord import TOKEN, FakeDiscord
from bot import messages
from bot.cli import _parser, main


def test_the_command_is_registered_through_the_entry_point() -> None:
    args = _parser().parse_args(["discord-sync", "--guild", "123456789012345678"])
    assert args.func is cmd_discord_sync and args.guild == "123456789012345678"


def test_registering_does_not_import_discord() -> None:
    import subprocess

    code = "import sys; from bot.cli import _parser; _parser(); print('discord' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "False"


async def _run_cli(argv: list[str]) -> int:
    # main() runs its own event loop (asyncio.run), so it gets a thread; the fake keeps serving on ours.
    return await asyncio.wait_for(asyncio.to_thread(main, argv), 10)


@pytest.fixture
def cli_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no stray .env
    monkeypatch.setenv("DISCORD_BOT_TOKEN", TOKEN)
    monkeypatch.delenv("DISCORD_GUILD_ID", raising=False)
    monkeypatch.setenv("FAQBOT_KB", str(tmp_path / "missing"))  # syncing needs no knowledge base


async def test_guild_sync_payload(fake: FakeDiscord, cli_env: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert await _run_cli(["discord-sync", "--guild", str(P.GUILD_ID)]) == 0
    [(_method, path, body)] = [r for r in fake.requests if r[0] == "PUT"]
    assert path == f"/api/v10/applications/{P.APP_ID}/guilds/{P.GUILD_ID}/commands"
    commands = {c["name"]: c for c in body}
    assert set(commands) == {"ask", "summary", "topics", "help", "reload", "stats", "Ask faqbot"}
    assert commands["Ask faqbot"]["type"] == 3  # a message menu: Apps > Ask faqbot
    manage_guild = str(1 << 5)
    for name in ("reload", "stats"):  # hidden from members without Manage Server; never user-installed
        assert str(commands[name]["default_member_permissions"]) == manage_guild
        assert commands[name]["integration_types"] == [0]
    for name in ("ask", "summary", "topics", "help", "Ask faqbot"):  # everyone; also as a user-installed app
        assert commands[name]["default_member_permissions"] is None
        assert sorted(commands[name]["integration_types"]) == [0, 1]
        assert sorted(commands[name]["contexts"]) == [0, 1, 2]
    [question] = commands["ask"]["options"]
    assert question["name"] == "question" and question["required"] and question["autocomplete"]
    assert question["type"] == 3
    [topic] = commands["summary"]["options"]
    assert topic["autocomplete"] and not topic.get("required", False)
    assert all(set(c["contexts"]) >= {0, 1} for c in body)  # servers and DMs with the bot
    assert all(1 <= len(c["description"]) <= 100 for c in body if c.get("type", 1) == 1)
    out = capsys.readouterr().out
    assert f"Synced 7 commands to server {P.GUILD_ID}" in out and TOKEN not in out


async def test_sync_sends_the_descriptions_in_every_catalogue_language(fake: FakeDiscord, cli_env: None) -> None:
    assert await _run_cli(["discord-sync", "--guild", str(P.GUILD_ID)]) == 0
    [(_method, _path, body)] = [r for r in fake.requests if r[0] == "PUT"]
    commands = {c["name"]: c for c in body}
    ask, [question] = commands["ask"], commands["ask"]["options"]
    uk, de = messages.CATALOGUE["uk"], messages.CATALOGUE["de"]
    assert ask["description"] == messages.ENGLISH["discord.command.ask"]  # the default, for other locales
    assert ask["description_localizations"]["uk"] == uk["discord.command.ask"]
    assert ask["description_localizations"]["de"] == de["discord.command.ask"]
    assert question["description_localizations"]["uk"] == uk["discord.command.ask.question"]
    assert question["description_localizations"]["de"] == de["discord.command.ask.question"]
    assert commands["summary"]["options"][0]["description_localizations"]["es-ES"] == messages.CATALOGUE["es"][
        "discord.command.summary.topic"]
    # No English "translation" and none for languages the catalogue lacks: Discord shows the default.
    assert not {"en-US", "en-GB", "ja"} & set(ask["description_localizations"])
    # Names stay as they are (what users type, and what discord.py dispatches on); the menu's is a label.
    assert all(not c["name_localizations"] for c in body if c["type"] == 1)
    assert all(not o.get("name_localizations") for c in body for o in c.get("options", []))
    assert commands["Ask faqbot"]["name_localizations"]["uk"] == uk["discord.menu.ask"]


async def test_global_sync_by_default_and_guild_from_settings(fake: FakeDiscord, cli_env: None,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    assert await _run_cli(["discord-sync"]) == 0
    monkeypatch.setenv("DISCORD_GUILD_ID", str(P.GUILD_ID))
    assert await _run_cli(["discord-sync"]) == 0
    assert await _run_cli(["discord-sync", "--global"]) == 0
    paths = [path for method, path, _ in fake.requests if method == "PUT"]
    assert paths == [
        f"/api/v10/applications/{P.APP_ID}/commands",
        f"/api/v10/applications/{P.APP_ID}/guilds/{P.GUILD_ID}/commands",
        f"/api/v10/applications/{P.APP_ID}/commands",
    ]
    assert not any(path == "/gateway" for path, *_ in fake.gateway_ops)  # HTTP only, no gateway session


async def test_bad_token_and_bad_guild_fail_with_a_message(fake: FakeDiscord, cli_env: None,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert await _run_cli(["discord-sync", "--guild", "not-a-number"]) == 2
    assert "--guild" in capsys.readouterr().err
    monkeypatch.setenv("DISCORD_BOT_TOKEN", "wrong-token-456")
    assert await _run_cli(["discord-sync"]) == 2
    err = capsys.readouterr().err
    assert "DISCORD_BOT_TOKEN" in err and "wrong-token-456" not in err


async def test_clear_removes_a_servers_commands(fake: FakeDiscord, cli_env: None,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert await _run_cli(["discord-sync", "--guild", str(P.GUILD_ID)]) == 0
    assert len(fake.commands[str(P.GUILD_ID)]) == 7
    assert await _run_cli(["discord-sync", "--guild", str(P.GUILD_ID), "--clear"]) == 0
    assert fake.commands[str(P.GUILD_ID)] == []
    assert f"Removed the commands from server {P.GUILD_ID}" in capsys.readouterr().out
