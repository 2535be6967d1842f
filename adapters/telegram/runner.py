"""Running the bot: long polling or a webhook server, until ``stop`` is set; then a clean shutdown."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import Application

from bot.service.facade import FaqService

from .app import ALLOWED_UPDATES, build_application
from .errors import RedactingFilter
from .request import RetryingRequest
from .settings import SettingsError, TelegramSettings
from .webhook import WebhookServer

__all__ = ["StartError", "TelegramPlatform"]

log = logging.getLogger("faqbot.telegram")

START_ATTEMPTS = 2  # getMe tries (each retried with backoff by the request) before giving up
START_PAUSE = 3.0  # seconds between them


class StartError(ConnectionError):
    """The Bot API could not be reached at start; the message says what to check (never the token)."""


class TelegramPlatform:
    """The Telegram platform of ``faqbot run``: serves ``service`` until ``stop`` is set."""

    name = "telegram"

    def __init__(self, service: FaqService, settings: TelegramSettings) -> None:
        self.service = service
        self.settings = settings
        self.application: Application | None = None  # type: ignore[type-arg]
        self._webhook: WebhookServer | None = None
        self.poll_failures = 0
        self._poll_logged_at = -60.0
        self.started = asyncio.Event()  # set once updates are being received (tests and the bench wait on it)

    def _poll_failed(self, error: TelegramError) -> None:
        """A failed getUpdates (the poller retries by itself): one warning line per 10 s, no traceback."""
        self.poll_failures += 1
        now = time.monotonic()
        if now - self._poll_logged_at >= 10:
            self._poll_logged_at = now
            log.warning("Telegram polling failed (%s), retrying; %d failed polls so far",
                        self.settings.redact(str(error))[:200], self.poll_failures)

    @property
    def dropped(self) -> int:
        """Bot API requests given up after retries or the deadline (0 before the first run)."""
        request = self.application.bot.request if self.application is not None else None
        return sum(request.dropped.values()) if isinstance(request, RetryingRequest) else 0

    def __repr__(self) -> str:
        mode = "webhook" if self.settings.webhook else "polling"
        return f"TelegramPlatform({mode}, api={self.settings.api_base_url!r})"

    async def _initialize(self, application: Application, stop: asyncio.Event) -> bool:  # type: ignore[type-arg]
        """getMe (each try already retried by the request layer); False when ``stop`` came first."""
        for attempt in range(1, START_ATTEMPTS + 1):
            try:
                await application.initialize()
                return True
            except InvalidToken:
                raise SettingsError(
                    "TELEGRAM_BOT_TOKEN was refused by Telegram: check the token from @BotFather"
                ) from None
            except NetworkError as error:
                if attempt == START_ATTEMPTS:
                    raise StartError(
                        f"cannot reach the Telegram Bot API at TELEGRAM_API_BASE_URL ({type(error).__name__}); "
                        "check the network or the setting"
                    ) from None
                log.warning("Telegram not reachable (%s), trying again", type(error).__name__)
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), START_PAUSE)
                if stop.is_set():
                    return False
        return False

    async def run(self, stop: asyncio.Event) -> None:
        """Serve until ``stop`` is set, then finish in-flight replies and close connections."""
        settings = self.settings
        redaction = RedactingFilter([settings.token, settings.webhook_secret])
        redaction.install()
        application = self.application = build_application(self.service, settings)
        try:
            if not await self._initialize(application, stop):
                return  # stopped while waiting for Telegram: nothing was started
            # run_polling/run_webhook would call post_init; started by hand, we call it ourselves.
            if application.post_init is not None:
                await application.post_init(application)
            updater = application.updater
            assert updater is not None  # the builder always makes one unless told not to
            if settings.webhook:
                # Our own server, not updater.start_webhook: it checks the secret before reading the body.
                self._webhook = WebhookServer(application, settings.webhook_path, settings.webhook_secret)
                await application.bot.set_webhook(  # setWebhook is retried by the request like any safe call
                    settings.webhook_url, secret_token=settings.webhook_secret, allowed_updates=ALLOWED_UPDATES,
                    drop_pending_updates=settings.drop_pending,
                )
                await self._webhook.start(settings.listen_host, settings.listen_port)
                log.info("Telegram webhook listening on %s:%d", settings.listen_host, settings.listen_port)
            else:
                await updater.start_polling(
                    timeout=int(settings.poll_timeout), allowed_updates=ALLOWED_UPDATES, bootstrap_retries=3,
                    drop_pending_updates=settings.drop_pending, error_callback=self._poll_failed,
                )
                log.info("Telegram long polling as @%s", application.bot.username)
            await application.start()
            self.started.set()
            await stop.wait()
            log.info("Telegram stopping: finishing replies in flight")
        finally:
            if self._webhook is not None:
                await self._webhook.stop()
                self._webhook = None
            await self._shutdown(application)
            redaction.remove()

    @staticmethod
    async def _shutdown(application: Application) -> None:  # type: ignore[type-arg]
        """Stop fetching, let running handlers finish (Application.stop waits for them), close connections."""
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        await application.shutdown()
