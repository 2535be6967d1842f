"""How the core finds chat platforms without knowing them: entry points, loaded only when asked for."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from importlib.metadata import entry_points
from typing import Any, Protocol

from bot.service.facade import FaqService

__all__ = ["COMMAND_GROUP", "CONSOLE_GROUP", "PLATFORM_GROUP", "Platform", "PlatformFactory", "discover"]

PLATFORM_GROUP = "faqbot.platforms"  # name -> create(service, env) -> Platform | None
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
