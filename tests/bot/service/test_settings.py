"""The service's own settings, read once from the environment (bot/service/settings.py)."""

from __future__ import annotations

import pytest

from bot.service.settings import OpsSettings, SettingsError, parse_admins


def test_ops_defaults() -> None:
    ops = OpsSettings.from_env({"FAQBOT_HOME": "/srv/faqbot"})
    assert (ops.data, ops.store_text, ops.admins, ops.rate_limit, ops.reload_seconds, ops.log_format, ops.hash_key,
            ops.hash_key_file, ops.retention_days) == (
        "/srv/faqbot/data/faqbot.sqlite3", True, frozenset(), 10.0, 3.0, "text", None, None, 0.0)


def test_ops_values() -> None:
    ops = OpsSettings.from_env({
        "FAQBOT_DATA": "/srv/bot.sqlite3", "FAQBOT_STORE_TEXT": "0", "FAQBOT_ADMINS": " telegram:123, discord:456 ,",
        "FAQBOT_RATE_LIMIT": "0", "FAQBOT_RELOAD_SECONDS": "0.5", "FAQBOT_LOG_FORMAT": "JSON",
        "FAQBOT_HASH_SALT": "s" * 32,
    })
    assert ops.data == "/srv/bot.sqlite3" and ops.store_text is False and ops.rate_limit == 0
    assert ops.admins == frozenset({"telegram:123", "discord:456"}) and ops.log_format == "json"
    assert "s" * 32 not in repr(ops) and ops.hash_key == "s" * 32  # the older name still works


def test_the_hash_key_wins_over_the_older_salt_name_and_stays_out_of_reprs() -> None:
    ops = OpsSettings.from_env({"FAQBOT_HASH_KEY": "k" * 32, "FAQBOT_HASH_SALT": "s" * 32,
                                "FAQBOT_HASH_KEY_FILE": "/run/secrets/faqbot.key", "FAQBOT_RETENTION_DAYS": "90"})
    assert ops.hash_key == "k" * 32 and "k" * 32 not in repr(ops)
    assert ops.hash_key_file == "/run/secrets/faqbot.key" and ops.retention_days == 90


@pytest.mark.parametrize(("name", "value"), [
    ("FAQBOT_STORE_TEXT", "maybe"), ("FAQBOT_ADMINS", "123456"), ("FAQBOT_ADMINS", "telegram:"),
    ("FAQBOT_ADMINS", "telegram 1"), ("FAQBOT_RATE_LIMIT", "-1"), ("FAQBOT_RATE_LIMIT", "lots"),
    ("FAQBOT_RELOAD_SECONDS", "x"), ("FAQBOT_LOG_FORMAT", "yaml"), ("FAQBOT_HASH_SALT", "short"),
    ("FAQBOT_HASH_KEY", "short"), ("FAQBOT_RETENTION_DAYS", "-3"), ("FAQBOT_RETENTION_DAYS", "forever"),
])
def test_invalid_ops_setting_is_named(name: str, value: str) -> None:
    with pytest.raises(SettingsError, match=name):
        OpsSettings.from_env({name: value})


def test_parse_admins() -> None:
    assert parse_admins("") == frozenset()
    assert parse_admins("console:local,telegram:-100") == frozenset({"console:local", "telegram:-100"})
