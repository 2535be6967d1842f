"""Chat platforms: how the core finds them without knowing them (entry points), and the supervisor that runs them."""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable, Mapping, Sequence
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any, Protocol

from bot.service.facade import FaqService
from bot.service.logs import SecretDeclaration

if TYPE_CHECKING:  # asyncio (0.03-0.05 s to import) only for `faqbot run`, not for every command
    import asyncio

__all__ = [
    "COMMAND_GROUP",
    "CONSOLE_GROUP",
    "PLATFORM_GROUP",
    "SECRETS_GROUP",
    "Platform",
    "PlatformFactory",
    "create_platforms",
    "declared_secrets",
    "discover",
    "serve",
]

log = logging.getLogger("faqbot")

PLATFORM_GROUP = "faqbot.platforms"  # name -> create(service, env) -> Platform | None
SECRETS_GROUP = "faqbot.secrets"  # name -> a SecretDeclaration (a light module: no platform library)
COMMAND_GROUP = "faqbot.commands"  # name -> register(subparsers), for platform-specific commands
CONSOLE_GROUP = "faqbot.console"  # "console" -> main(service, stdin, stdout) -> int


class Platform(Protocol):
    """A running chat platform: ``faqbot run`` starts each configured one and stops it on ``stop``."""

    name: str

    async def run(self, stop: asyncio.Event) -> None:
        """Serve until ``stop`` is set, then finish in-flight replies and close connections."""
        ...


PlatformFactory = Callable[[FaqService, Mapping[str, str]], "Platform | None"]


def discover(group: str) -> dict[str, Callable[..., Any]]:
    """The registered objects of an entry-point group, loaded lazily by the caller."""
    return {ep.name: ep.load for ep in sorted(entry_points(group=group), key=lambda e: e.name)}


def declared_secrets() -> list[SecretDeclaration]:
    """What every installed adapter declares secret (its token settings and secret patterns)."""
    return [load() for load in discover(SECRETS_GROUP).values()]


def create_platforms(service: FaqService, env: Mapping[str, str]) -> list[Platform]:
    """Every registered platform whose settings are present (each factory returns None when it is not configured)."""
    platforms: list[Platform] = []
    for name, load in discover(PLATFORM_GROUP).items():
        factory: PlatformFactory = load()
        platform = factory(service, env)
        if platform is not None:
            log.info("starting %s", name)
            platforms.append(platform)
    return platforms


async def serve(platforms: Sequence[Platform], stop: asyncio.Event | None = None) -> None:
    """Run the platforms together until SIGINT/SIGTERM (or ``stop``); one failing stops the others cleanly."""
    import asyncio

    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    tasks = [asyncio.create_task(p.run(stop), name=f"faqbot-{p.name}") for p in platforms]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_EXCEPTION)
    finally:
        stop.set()
        results = await asyncio.gather(*tasks, return_exceptions=True)
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
    for result in results:
        if isinstance(result, BaseException):
            raise result
