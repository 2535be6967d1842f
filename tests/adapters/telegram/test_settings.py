"""Settings: validated at start, failing fast with the variable's name, never showing the token."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from adapters.telegram import create
from adapters.telegram.settings import DEFAULT_API_BASE_URL, SettingsError, TelegramSettings
from bot.service.facade import FaqService

TOKEN = "987654:ABCdef-ghi_jklMNOpqrstu"
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
    ({"TELEGRAM_WEBHOOK_URL": "http://bot.example.test/hook", "TELEGRAM_WEBHOOK_SECRET": "abc"}, "TELEGRAM_WEBHOOK_URL"),
    ({"TELEGRAM_WEBHOOK_URL": "https://bot.example.test/hook", "TELEGRAM_WEBHOOK_SECRET": "has space"},
     "TELEGRAM_WEBHOOK_SECRET"),
    ({"TELEGRAM_WEBHOOK_LISTEN": "8080"}, "TELEGRAM_WEBHOOK_LISTEN"),
    ({"TELEGRAM_RATE_LIMIT": "fast"}, "TELEGRAM_RATE_LIMIT"),
    ({"TELEGRAM_CONCURRENCY": "0"}, "TELEGRAM_CONCURRENCY"),
])
def test_invalid_settings_fail_fast_naming_the_variable(values: dict[str, str], named: str, service: FaqService) -> None:
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
