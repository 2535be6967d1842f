"""What the service tells whoever watches it (metrics): one small interface, a do-nothing default."""

from __future__ import annotations

from bot.engine.answerer import Answerer
from bot.engine.reply import Reply

__all__ = ["Observer"]


class Observer:
    """Told of every reply, vote and platform fault; the base class ignores them all (no metrics configured).

    Methods are called on the thread that handled the message and must return quickly without raising.
    """

    def replied(self, reply: Reply, platform: str, seconds: float, answerer: Answerer) -> None:
        """A reply was produced for ``platform`` in ``seconds`` by ``answerer``."""

    def refused(self, platform: str, reason: str) -> None:
        """An action was refused before any work (``reason``: e.g. ``rate_limited``)."""

    def voted(self, platform: str, helpful: bool, counted: bool) -> None:
        """A 👍 (``helpful``) or 👎 arrived; ``counted`` is False for a repeated vote."""

    def platform_error(self, platform: str, kind: str) -> None:
        """A platform call failed: ``kind`` is ``rate_limited`` (HTTP 429), ``network`` or ``api``."""
