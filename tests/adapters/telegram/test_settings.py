"""Settings: validated at start, failing fast with the variable's name, never showing the token."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from adapters.telegram import create
from adapters.telegram.settings import DEFAULT_API_BASE_URL, SettingsError, TelegramSettings
from bot.service.facade import FaqService

TOKEN = "987654321:ABCdef-ghi_jklMNOpqrstu0123456789xy"
ROOT = Path(__file__).resolve().parents[3]


def env(**values: str) -> dict[str, str]:
    """A settings mapping with a valid token plus ``values``."""
    return {"TELEGRAM_BOT_TOKEN": TOKEN, **values}


def test_no_token_means_no_telegram(service: FaqService) -> None:
    assert create(service, {}) is None
    assert create(service, {"TELEGRAM_BOT_TOKEN": "  "}) is None


def test_defaults_are_long_polling_against_telegram() -> None:
    settings = TelegramSettings.from_env(env())
    assert settings.api_base_url == DEFAULT_API_BASE_URL
    assert not settings.webhook
    assert TOKEN not in repr(settings) and TOKEN.split(":")[1] not in repr(settings)


@pytest.mark.parametrize(("values", "named"), [
    ({"TELEGRAM_BOT_TOKEN": "not a token"}, "TELEGRAM_BOT_TOKEN"),
    ({"TELEGRAM_API_BASE_URL": "api.telegram.org/bot"}, "TELEGRAM_API_BASE_URL"),
    ({"TELEGRAM_WEBHOOK_URL": "https://bot.example.test/hook"}, "TELEGRAM_WEBHOOK_SECRET"),
    ({"TELEGRAM_WEBHOOK_URL": "http://bot.example.test/hook", "TELEGRAM_WEBHOOK_SECRET": "abc"},
     "TELEGRAM_WEBHOOK_URL"),
    ({"TELEGRAM_WEBHOOK_URL": "https://bot.example.test/hook", "TELEGRAM_WEBHOOK_SECRET": "has space"},
     "TELEGRAM_WEBHOOK_SECRET"),
    ({"TELEGRAM_WEBHOOK_LISTEN": "8080"}, "TELEGRAM_WEBHOOK_LISTEN"),
    ({"TELEGRAM_RATE_LIMIT": "fast"}, "TELEGRAM_RATE_LIMIT"),
    ({"TELEGRAM_CONCURRENCY": "0"}, "TELEGRAM_CONCURRENCY"),
])
def test_invalid_settings_fail_fast_naming_the_variable(
    values: dict[str, str], named: str, service: FaqService,
) -> None:
    with pytest.raises(SettingsError) as caught:
        create(service, env(**values))
    assert named in str(caught.value)
    assert TOKEN.split(":")[1] not in str(caught.value)


def test_webhook_settings() -> None:
    settings = TelegramSettings.from_env(env(
        TELEGRAM_WEBHOOK_URL="https://bot.example.test/tg/hook", TELEGRAM_WEBHOOK_SECRET="Secret_1-2",
        TELEGRAM_WEBHOOK_LISTEN="[::1]:8443",
    ))
    assert settings.webhook
    assert (settings.listen_host, settings.listen_port, settings.webhook_path) == ("::1", 8443, "tg/hook")
    assert "Secret_1-2" not in repr(settings)


def test_redact_hides_the_token_in_any_case() -> None:
    settings = TelegramSettings.from_env(env())
    text = f"GET /bot{TOKEN}/getMe and {TOKEN.lower()} and {TOKEN.split(':')[1]}"
    cleaned = settings.redact(text)
    assert TOKEN.split(":")[1].casefold() not in cleaned.casefold()


def test_importing_the_package_does_not_load_telegram() -> None:
    code = "import sys, adapters.telegram; print('telegram' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("token", [
    "123456789:AAE" + "x" * 31,  # 34 characters after the colon: one short
    "123456789:AAE" + "x" * 33,  # 36: one too many
    "0123456789:AAE" + "x" * 32,  # a bot id never starts with 0
    "123456789:AAE" + "x" * 31 + "=",  # outside the URL-safe alphabet
    "abc:AAE" + "x" * 32,
])
def test_the_token_must_follow_botfathers_rule(token: str) -> None:
    with pytest.raises(SettingsError) as caught:
        TelegramSettings.from_env({"TELEGRAM_BOT_TOKEN": token})
    assert "TELEGRAM_BOT_TOKEN" in str(caught.value) and token.split(":")[1] not in str(caught.value)


def test_a_real_shaped_token_is_accepted() -> None:
    assert TelegramSettings.from_env({"TELEGRAM_BOT_TOKEN": "7123456789:AAHn4Y3fM0kJd2l8mX0pQ1rS2tU3vW4xY5z"}).token


@pytest.mark.parametrize(("raw", "drop", "age"), [
    ("", False, 300.0), ("true", True, 300.0), ("false", False, None), ("0", False, None), ("120", False, 120.0),
])
def test_drop_pending_updates(raw: str, drop: bool, age: float | None) -> None:
    settings = TelegramSettings.from_env(env(TELEGRAM_DROP_PENDING_UPDATES=raw))
    assert (settings.drop_pending, settings.backlog_max_age) == (drop, age)


@pytest.mark.parametrize(("name", "raw"), [("TELEGRAM_DROP_PENDING_UPDATES", "soon"),
                                           ("TELEGRAM_DROP_PENDING_UPDATES", "5"),
                                           ("TELEGRAM_LINK_PREVIEWS", "maybe"),
                                           ("TELEGRAM_RETRY_DEADLINE", "0")])
def test_new_settings_are_validated(name: str, raw: str) -> None:
    with pytest.raises(SettingsError, match=name):
        TelegramSettings.from_env(env(**{name: raw}))
