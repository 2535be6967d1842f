"""A free TCP port on 127.0.0.1, for servers a test or bench starts that cannot report an ephemeral one."""

from __future__ import annotations

import socket

__all__ = ["free_port"]


def free_port() -> int:
    """A port that was free on 127.0.0.1 a moment ago (the kernel may hand it out again: bind soon)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
