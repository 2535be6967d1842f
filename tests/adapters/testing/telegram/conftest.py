"""The fake Bot API fixture, the same one the Telegram adapter's tests use."""

from __future__ import annotations

from tests.adapters.telegram.conftest import fake

__all__ = ["fake"]
