"""Discord settings: read from the environment, validated at start, the token never shown."""

from __future__ import annotations

import subprocess
import sys

import pytest

from adapters.discord import create
from adapters.discord.settings import DiscordSettings
from bot.service.settings import SettingsError
from tests.adapters.discord.conftest import RecordingService

TOKEN = "MTIz.secret-token-value.xyz"


def test_no_token_means_no_platform(service: RecordingService) -> None:
    assert create(service, {}) is None
    assert create(service, {"DISCORD_BOT_TOKEN": "   "}) is None


def test_token_starts_the_platform(service: RecordingService) -> None:
    platform = create(service, {"DISCORD_BOT_TOKEN": TOKEN, "DISCORD_GUILD_ID": "123456789012345678"})
    assert platform is not None and platform.name == "discord"
    assert platform.settings.guild_id == 123456789012345678 and not platform.settings.sharded
    assert TOKEN not in repr(platform) and TOKEN not in repr(platform.settings)


@pytest.mark.parametrize(("env", "variable"), [
    ({"DISCORD_GUILD_ID": "my-server"}, "DISCORD_GUILD_ID"),
    ({"DISCORD_GUILD_ID": "0"}, "DISCORD_GUILD_ID"),
    ({"DISCORD_GUILD_ID": "9" * 25}, "DISCORD_GUILD_ID"),
    ({"DISCORD_SHARDS": "many"}, "DISCORD_SHARDS"),
    ({"DISCORD_SHARDS": "0"}, "DISCORD_SHARDS"),
    ({"DISCORD_SHARDS": "-2"}, "DISCORD_SHARDS"),
    ({"DISCORD_BOT_TOKEN": "two words"}, "DISCORD_BOT_TOKEN"),
    ({"DISCORD_BOT_TOKEN": "tab\there"}, "DISCORD_BOT_TOKEN"),
])
def test_invalid_settings_fail_fast_naming_the_variable(service: RecordingService, env: dict[str, str],
                                                        variable: str) -> None:
    with pytest.raises(SettingsError) as caught:
        create(service, {"DISCORD_BOT_TOKEN": TOKEN, **env})
    assert variable in str(caught.value)
    assert TOKEN not in str(caught.value) and "two words" not in str(caught.value)


@pytest.mark.parametrize(("raw", "sharded", "count"), [("", False, None), ("auto", True, None), ("AUTO", True, None),
                                                       ("1", True, 1), ("16", True, 16)])
def test_shards(raw: str, sharded: bool, count: int | None) -> None:
    settings = DiscordSettings.from_env({"DISCORD_BOT_TOKEN": TOKEN, "DISCORD_SHARDS": raw})
    assert (settings.sharded, settings.shard_count) == (sharded, count)


def test_importing_the_package_does_not_import_discord() -> None:
    code = "import sys, adapters.discord; print('discord' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(("raw", "ids"), [("", None), ("1", (1,)), ("0-2", (0, 1, 2)), ("3, 0-1", (0, 1, 3))])
def test_shard_ids_of_this_process(raw: str, ids: tuple[int, ...] | None) -> None:
    env = {"DISCORD_BOT_TOKEN": "x" * 60, "DISCORD_SHARDS": "4", "DISCORD_SHARD_IDS": raw}
    settings = DiscordSettings.from_env(env)
    assert settings.shard_ids == ids


@pytest.mark.parametrize(("shards", "raw"), [("4", "4"), ("4", "a"), ("4", "1-"), ("auto", "0"), ("", "0")])
def test_bad_shard_ids_name_the_settings(shards: str, raw: str) -> None:
    with pytest.raises(SettingsError, match="DISCORD_SHARD"):
        DiscordSettings.from_env({"DISCORD_BOT_TOKEN": "x" * 60, "DISCORD_SHARDS": shards, "DISCORD_SHARD_IDS": raw})
